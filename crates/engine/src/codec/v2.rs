//! Link format v2: a lesson and the scenario it starts from. Frozen like v1: links made with
//! it must open the same way forever, so nothing here may change meaning.
//!
//! ```text
//! body     = uint content                    1 = a lesson; anything else is refused as
//!                                            made by a newer archsim
//!            uint n scenario[n]              the lesson's scenario: n bytes, exactly the
//!                                            body of a v1 link (`codec/v1`)
//!            lesson                          the rest: the lesson as compact JSON
//! lesson   = the JSON of a lesson file (`docs/lessons.md`, lesson format 1) without its
//!            "scenario", and with "example": "<id>" when the lesson is written on an example
//! ```
//!
//! The scenario travels in the link even for a lesson on an example: the link opens to the
//! run its author saw, whatever later versions do to the example, and `"example"` only says
//! where it came from. The lesson's text and the JSON values of its `set` actions go through
//! as JSON, so they come back byte for byte; deflate (around the whole body, as in v1)
//! packs the field names' repetition. The lesson's own `format` number versions its JSON:
//! a lesson format this archsim does not read is refused by name.
//!
//! A lesson that arrives must also be one that plays: [`decode`] refuses a lesson that
//! [`Lesson::problems`] finds anything wrong with, and one longer than
//! [`MAX_LESSON_STEPS`] steps or [`MAX_LESSON_ACTIONS`] actions and observations, so a
//! crafted link cannot make that check slow.

use super::v1;
use super::wire::{Reader, Writer};
use crate::lesson::{LESSON_FORMAT, Lesson, Level, ScenarioSource, Step, Topic};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The content byte of a lesson.
const CONTENT_LESSON: u64 = 1;

/// The most steps a lesson from a link may have: the library's longest has 4.
pub const MAX_LESSON_STEPS: usize = 64;

/// The most actions and observations, counted together, a lesson from a link may have: the
/// library's busiest has 22.
pub const MAX_LESSON_ACTIONS: usize = 512;

/// The most problems a refused lesson's message lists; the rest are counted.
const MAX_PROBLEMS_SHOWN: usize = 3;

/// The lesson as the link holds it: a lesson file's fields, `scenario` replaced by the
/// example's id. Every field is named here, so a field added to [`Lesson`] stops this
/// module compiling until someone decides what v2 links carry for it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkLesson {
    format: u32,
    id: String,
    title: String,
    summary: String,
    level: Level,
    topic: Topic,
    concept: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    example: Option<String>,
    steps: Vec<Step>,
}

/// A lesson and its scenario as a v2 link opens them.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedLesson {
    /// The lesson. Its `scenario` is `Inline` (holding [`SharedLesson::scenario`]) when the
    /// lesson was written with its own scenario, or `Example(id)` when written on one.
    pub lesson: Lesson,
    /// The scenario the lesson starts from, as its author had it.
    pub scenario: Scenario,
}

/// Why a v2 body does not open, before it is put into words by the caller.
pub(crate) enum Refusal {
    /// The content byte of a newer archsim.
    NewerContent(u64),
    /// The bytes are not the layout above (a crafted link: the checksum held).
    Malformed(String),
    /// The lesson is not a lesson, or not one that plays.
    Lesson(String),
}

/// The body of a v2 link for `lesson`, which starts from `scenario`.
pub(crate) fn encode(lesson: &Lesson, scenario: &Scenario) -> Vec<u8> {
    let Lesson {
        format,
        id,
        title,
        summary,
        level,
        topic,
        concept,
        scenario: source,
        steps,
    } = lesson.clone();
    let example = match source {
        ScenarioSource::Example(id) => Some(id),
        ScenarioSource::Inline(_) => None,
    };
    let link = LinkLesson {
        format,
        id,
        title,
        summary,
        level,
        topic,
        concept,
        example,
        steps,
    };
    let mut w = Writer::default();
    w.uint(CONTENT_LESSON);
    let scenario = v1::encode(scenario);
    w.uint(scenario.len() as u64);
    w.bytes.extend_from_slice(&scenario);
    // Serialising plain data to a `Vec` cannot fail; an empty lesson would be refused on
    // the way back in, never misread.
    w.bytes
        .extend(serde_json::to_vec(&link).unwrap_or_default());
    w.bytes
}

/// The scenario of a v2 body, without reading its lesson (for [`super::decode_link`]).
pub(crate) fn decode_scenario(body: &[u8]) -> Result<Scenario, Refusal> {
    split(body).map(|(scenario, _)| scenario)
}

/// The lesson and scenario of a v2 body.
pub(crate) fn decode(body: &[u8]) -> Result<SharedLesson, Refusal> {
    let (scenario, json) = split(body)?;
    let lesson = read_lesson(json, &scenario)?;
    Ok(SharedLesson { lesson, scenario })
}

/// The body's scenario (brought up to the current model version) and its lesson's JSON.
fn split(body: &[u8]) -> Result<(Scenario, &[u8]), Refusal> {
    let malformed = |e: super::wire::WireError| Refusal::Malformed(e.0);
    let mut r = Reader::new(body);
    let content = r.uint().map_err(malformed)?;
    if content != CONTENT_LESSON {
        return Err(Refusal::NewerContent(content));
    }
    let n = r.uint().map_err(malformed)?;
    let scenario = v1::decode(r.bytes(n, "scenario").map_err(malformed)?).map_err(malformed)?;
    Ok((super::migrate(scenario), r.rest()))
}

/// The lesson in the JSON after the scenario, checked like a lesson file.
fn read_lesson(json: &[u8], scenario: &Scenario) -> Result<Lesson, Refusal> {
    // From text, like a lesson file: `from_slice` would put a second copy of the lesson's
    // deserializer into the app's wasm.
    let json = std::str::from_utf8(json)
        .map_err(|e| Refusal::Lesson(format!("its text is not a lesson (not UTF-8: {e})")))?;
    let link: LinkLesson = serde_json::from_str(json)
        .map_err(|e| Refusal::Lesson(format!("its text is not a lesson ({e})")))?;
    let LinkLesson {
        format,
        id,
        title,
        summary,
        level,
        topic,
        concept,
        example,
        steps,
    } = link;
    if format != LESSON_FORMAT {
        return Err(Refusal::Lesson(format!(
            "it is written in lesson format {format}, and this archsim reads format \
             {LESSON_FORMAT}"
        )));
    }
    let actions: usize = steps
        .iter()
        .map(|s| s.actions.len() + s.observations.len())
        .sum();
    if steps.len() > MAX_LESSON_STEPS || actions > MAX_LESSON_ACTIONS {
        return Err(Refusal::Lesson(format!(
            "it has {} steps and {actions} actions and observations; a lesson in a link may \
             have {MAX_LESSON_STEPS} steps and {MAX_LESSON_ACTIONS} actions and observations",
            steps.len()
        )));
    }
    let source = match example {
        Some(id) => ScenarioSource::Example(id),
        None => ScenarioSource::Inline(Box::new(scenario.clone())),
    };
    let lesson = Lesson {
        format,
        id,
        title,
        summary,
        level,
        topic,
        concept,
        scenario: source,
        steps,
    };
    let problems = lesson.problems(scenario);
    if !problems.is_empty() {
        let mut detail = problems
            .iter()
            .take(MAX_PROBLEMS_SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        if problems.len() > MAX_PROBLEMS_SHOWN {
            detail += &format!("; and {} more", problems.len() - MAX_PROBLEMS_SHOWN);
        }
        return Err(Refusal::Lesson(format!("it does not play: {detail}")));
    }
    Ok(lesson)
}
