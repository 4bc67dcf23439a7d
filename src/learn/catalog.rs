//! What the gallery offers: every lesson in `lessons/` and every example in `examples/`,
//! built into the app (about 25 KB gzipped), parsed once, as cards grouped by topic.
//!
//! Adding a lesson or an example is its file plus one line in [`LESSONS`] or [`EXAMPLES`]; a
//! test names any file of those folders that is missing here.

use crate::engine::Scenario;
use crate::engine::lesson::{Lesson, Level};
use std::sync::OnceLock;

/// `(id, JSON text)` of files `<dir>/<id>.json`.
macro_rules! files {
    ($dir:literal: $($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../", $dir, "/", $id, ".json")))),*]
    };
}

/// Every example scenario, in the order the gallery shows them.
pub const EXAMPLES: &[(&str, &str)] = files!("examples":
    "web-app", "cache-eviction", "mm1", "mmc", "queue-workers", "rate-limiting", "resilience",
    "replication", "sharding", "edge", "autoscaling", "multi-region", "sessions",
    "vertical-scaling", "heartbeats",
);

/// Every lesson; the gallery orders them by topic, then as listed here.
pub const LESSONS: &[(&str, &str)] = files!("lessons":
    "latency-vs-throughput", "vertical-vs-horizontal", "scale-up-machine-sizes", "load-balancing-algorithms",
    "queue-absorbs-spike", "spof-and-redundancy", "availability-series-parallel",
    "multi-region-failover", "heartbeats-failure-detection", "stateless-web-tier", "cache-hit-ratio", "cache-aside", "cache-eviction-policies",
    "cache-crash-stampede", "hot-key-stampede", "cache-write-policies", "cdn-static-assets",
    "read-replicas", "replication-lag-stale-reads", "failover-lost-writes", "cap-cp-vs-ap",
    "sharding-hot-key", "consistent-hashing-resharding", "rate-limiter-algorithms",
    "idempotency-keys", "autoscaling-lag", "circuit-breaker", "retry-storm",
    "graceful-degradation", "zero-to-millions-1-single-server",
    "zero-to-millions-2-separate-db", "zero-to-millions-3-load-balancer",
    "zero-to-millions-4-cache-and-cdn", "zero-to-millions-5-replicas",
    "zero-to-millions-6-shards-and-queue",
);

/// The JSON text of example `id`.
pub fn example_json(id: &str) -> Option<&'static str> {
    EXAMPLES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, text)| *text)
}

/// Example `id` as a scenario, or why there is none.
pub fn example(id: &str) -> Result<Scenario, String> {
    let text = example_json(id).ok_or_else(|| format!("There is no example '{id}'."))?;
    Scenario::from_json(text).map_err(|e| format!("The example '{id}' does not open: {e}"))
}

/// Every lesson that parses (all of them: a test checks).
pub fn lessons() -> &'static [Lesson] {
    static LIST: OnceLock<Vec<Lesson>> = OnceLock::new();
    LIST.get_or_init(|| {
        LESSONS
            .iter()
            .filter_map(|(_, text)| Lesson::from_json(text).ok())
            .collect()
    })
}

/// Lesson `id`.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    lessons().iter().find(|l| l.id == id)
}

/// The scenario a lesson starts from.
pub fn lesson_base(lesson: &Lesson) -> Result<Scenario, String> {
    lesson.base_scenario(&|id| example_json(id).map(str::to_string))
}

/// What a card opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKind {
    Lesson,
    Example,
}

/// One card of the gallery.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub kind: CardKind,
    pub id: &'static str,
    pub title: String,
    pub summary: String,
    /// Lessons only.
    pub level: Option<Level>,
    /// The concept of the curriculum (lessons) or the scenario's name (examples).
    pub concept: String,
    pub group: &'static str,
    /// The diagram, for the thumbnail.
    pub scenario: Scenario,
}

impl Card {
    /// The link that opens this card: `?lesson=<id>` or `?example=<id>`.
    pub fn query(&self) -> String {
        match self.kind {
            CardKind::Lesson => format!("?lesson={}", self.id),
            CardKind::Example => format!("?example={}", self.id),
        }
    }

    /// Whether every word of `query` appears in the title, summary, concept, group or id
    /// (case-insensitive). An empty query matches every card.
    pub fn matches(&self, query: &str) -> bool {
        let hay = format!(
            "{} {} {} {} {}",
            self.title, self.summary, self.concept, self.group, self.id
        )
        .to_lowercase();
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| hay.contains(word))
    }
}

/// The heading of the examples' group.
pub const EXAMPLES_GROUP: &str = "Example scenarios";

/// Every card: lessons grouped by topic (in the topics' order), then the examples.
pub fn cards() -> &'static [Card] {
    static CARDS: OnceLock<Vec<Card>> = OnceLock::new();
    CARDS.get_or_init(|| {
        let mut lessons: Vec<&'static Lesson> = lessons().iter().collect();
        lessons.sort_by_key(|l| l.topic);
        let mut cards: Vec<Card> = lessons
            .into_iter()
            .filter_map(|l| {
                Some(Card {
                    kind: CardKind::Lesson,
                    id: LESSONS.iter().find(|(id, _)| *id == l.id)?.0,
                    title: l.title.clone(),
                    summary: l.summary.clone(),
                    level: Some(l.level),
                    concept: l.concept.clone(),
                    group: l.topic.title(),
                    scenario: lesson_base(l).ok()?,
                })
            })
            .collect();
        cards.extend(EXAMPLES.iter().filter_map(|(id, _)| {
            let scenario = example(id).ok()?;
            Some(Card {
                kind: CardKind::Example,
                id,
                title: scenario.name.clone(),
                summary: first_sentence(&scenario.description),
                level: None,
                concept: scenario.name.clone(),
                group: EXAMPLES_GROUP,
                scenario,
            })
        }));
        cards
    })
}

/// The groups in the order the gallery shows them.
pub fn groups() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in cards() {
        if !out.contains(&c.group) {
            out.push(c.group);
        }
    }
    out
}

/// A level in words.
pub fn level_label(level: Level) -> &'static str {
    match level {
        Level::Intro => "Intro",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
    }
}

/// The first sentence of a description, for a card's one line.
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

/// What a page's query asks to open: `?lesson=<id>` or `?example=<id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted {
    Lesson(String),
    Example(String),
}

/// The lesson or example a query string (`?a=1&lesson=retry-storm`) asks for, if any.
pub fn wanted(search: &str) -> Option<Wanted> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            Some(("lesson", id)) => Some(Wanted::Lesson(decode(id))),
            Some(("example", id)) => Some(Wanted::Example(decode(id))),
            _ => None,
        })
}

/// The query without its `lesson` and `example` parameters (`embed` and others stay), so a
/// reload after opening one restores the autosaved work instead of opening it again.
pub fn without_wanted(search: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !pair.is_empty() && key != "lesson" && key != "example"
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// An id from a query: `%xx` escapes decoded, and only the characters ids use kept, so a
/// hostile query shows as harmless text in the message that says it is unknown.
fn decode(id: &str) -> String {
    let bytes = id.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(80)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::lesson::Topic;
    use crate::engine::validate;
    use std::path::Path;

    fn ids_in(dir: &str) -> Vec<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut ids: Vec<String> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".json").map(str::to_string)
            })
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_example_and_lesson_file_is_in_the_gallery() {
        let mut examples: Vec<String> = EXAMPLES.iter().map(|(id, _)| id.to_string()).collect();
        examples.sort();
        assert_eq!(
            examples,
            ids_in("examples"),
            "src/learn/catalog.rs EXAMPLES"
        );
        let mut lessons: Vec<String> = LESSONS.iter().map(|(id, _)| id.to_string()).collect();
        lessons.sort();
        assert_eq!(lessons, ids_in("lessons"), "src/learn/catalog.rs LESSONS");
        assert_eq!(
            cards().len(),
            EXAMPLES.len() + LESSONS.len(),
            "every file makes a card"
        );
    }

    #[test]
    fn no_lesson_and_example_share_an_id() {
        // The gallery's cards are found by id (`card-<id>`), whether lesson or example.
        let mut ids: Vec<&str> = cards().iter().map(|c| c.id).collect();
        ids.sort();
        let twice: Vec<&[&str]> = ids.windows(2).filter(|w| w[0] == w[1]).collect();
        assert!(twice.is_empty(), "ids used twice: {twice:?}");
    }

    #[test]
    fn every_card_opens_a_scenario_without_errors() {
        for (id, text) in LESSONS {
            let lesson = Lesson::from_json(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(lesson.id, *id, "a lesson's id is its file name");
        }
        for card in cards() {
            let errors: Vec<String> = validate(&card.scenario)
                .iter()
                .filter(|p| p.is_error())
                .map(|p| p.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", card.id);
            assert!(
                !card.title.is_empty() && !card.summary.is_empty(),
                "{}",
                card.id
            );
        }
    }

    #[test]
    fn lessons_come_grouped_by_topic_and_examples_last() {
        let groups = groups();
        assert_eq!(groups.first(), Some(&Topic::Queueing.title()));
        assert_eq!(groups.last(), Some(&EXAMPLES_GROUP));
        // Each group's cards are together.
        let order: Vec<&str> = cards().iter().map(|c| c.group).collect();
        let mut seen = order.clone();
        seen.dedup();
        assert_eq!(seen, groups);
    }

    #[test]
    fn search_needs_every_word() {
        let card = cards()
            .iter()
            .find(|c| c.id == "cache-crash-stampede")
            .expect("card");
        assert!(card.matches(""));
        assert!(card.matches("CACHE database"));
        assert!(card.matches("caching"), "the group counts");
        assert!(!card.matches("cache sharding"));
    }

    #[test]
    fn the_query_names_what_to_open_and_is_cleaned_after() {
        assert_eq!(
            wanted("?lesson=retry-storm"),
            Some(Wanted::Lesson("retry-storm".into()))
        );
        assert_eq!(
            wanted("?embed=1&example=mm1"),
            Some(Wanted::Example("mm1".into()))
        );
        assert_eq!(wanted("?embed=1"), None);
        assert_eq!(
            wanted("?lesson=%3Cscript%3Ealert(1)"),
            Some(Wanted::Lesson("scriptalert1".into()))
        );
        assert_eq!(without_wanted("?lesson=retry-storm"), "");
        assert_eq!(without_wanted("?embed=1&example=mm1"), "?embed=1");
        assert_eq!(
            Card::query(&cards()[0]),
            format!("?lesson={}", cards()[0].id)
        );
    }
}
