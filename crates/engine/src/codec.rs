//! Share links and scenario files: a scenario in a URL fragment, and back, robustly.
//!
//! A link's fragment is `v1.` followed by base64url (no padding) of
//!
//! ```text
//! crc32(body) as 4 little-endian bytes ‖ raw deflate(body)
//! ```
//!
//! where `body` is the scenario in the compact binary form of link format v1 (`codec/v1.rs`):
//! varints, fields left out when they equal the kind's v1 defaults, connections and faults
//! naming components by index, numbers as short decimals (`300` is one byte, `0.99` two) or
//! else as their raw 64 bits. Nothing is rounded: every number keeps its exact `f64` bits, so
//! a run from a shared link is bit-identical to the original, and text (names, labels, the
//! description) is kept byte for byte. Positions are numbers like any other, so
//! `decode_link(&encode_link(s)) == Ok(s)` for every scenario; whole-pixel positions (the app
//! snaps to them) are the cheap case. The checksum tells a damaged link from a good one, and
//! which repair of a mangled link is the right one.
//!
//! v1 grew once, compatibly, with the component catalog: kinds 6–8 (rate limiter, blob
//! storage, external API) use two more bits of a component's layout, random failures one
//! more, and the run settings' chaos switch a fifth field bit. A link made before that
//! never sets those bits, so it decodes exactly as before (the reference links below prove
//! it); an older archsim shown a newer link refuses the unknown bits with a clear message.
//! Database replication grew it the same way: a sixth field bit of a database's parameters
//! (the replicas, their own field mask after it) and fault action 7, an "extended fault"
//! whose head is followed by a sub-code (1 = partition a database's replicas).
//! Autoscaling and redundancy too: a service's autoscaler is a fifth field bit of its
//! parameters, a component's redundancy bit 9 of its layout.
//!
//! A lesson travels as link format v2 (`codec/v2.rs`), written by [`encode_lesson_link`]:
//! `v2.` and the same frame (checksum, deflate, base64url) around a body that holds a
//! content byte, the lesson's scenario in the v1 body form above, and the lesson as compact
//! JSON. [`decode_shared`] opens either format to what it holds; [`decode_link`], for what
//! takes only scenarios, opens a lesson link to its scenario. Scenarios are still written as
//! v1: their bytes have not changed, and older archsims open them.
//!
//! The formats are versioned forever. To change one, add `codec/v3.rs`, write `v3.` and
//! teach [`decode_link`] and [`decode_shared`] to send `v3.` links there — and keep `v1.rs`
//! and `v2.rs` as they are: every link ever shared must still open. A change to the scenario model that v1
//! cannot express makes `v1.rs` stop compiling (it destructures every struct); fill the new
//! field in its decoder with the value that keeps the old meaning. `tests/links/v1/` holds
//! links made once by the v1 encoder, and a test checks that each still opens to the same
//! scenario; `tests/links/v2/` does the same for lessons. [`migrate`] then brings a scenario
//! written at an older model version up to [`SCENARIO_VERSION`], for links and files alike.

mod v1;
mod v2;
mod wire;

pub use v2::{MAX_LESSON_ACTIONS, MAX_LESSON_STEPS, SharedLesson};

use crate::lesson::Lesson;
use crate::scenario::{SCENARIO_VERSION, Scenario};
use crate::validate::{Problem, validate};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use miniz_oxide::inflate::TINFLStatus;
use std::fmt;

/// The link format [`encode_link`] writes.
pub const LINK_FORMAT_VERSION: u32 = 1;

/// The link format [`encode_lesson_link`] writes, the newest this archsim opens.
pub const LESSON_LINK_FORMAT_VERSION: u32 = 2;

/// Above this many characters a link is unwieldy (and some chat apps and browsers cut it):
/// the app should say so and offer the JSON file instead. See [`link_length_warning`].
pub const LINK_WARN_CHARS: usize = 8192;

/// The longest text [`decode_link`] looks at. Links it makes stay far below this; longer
/// input is refused before any work is done.
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// The most bytes a link may inflate to. A scenario of a thousand components takes well under
/// 100 KiB; a "deflate bomb" that would unpack to gigabytes is stopped here.
pub const MAX_INFLATED_BYTES: usize = 1024 * 1024;

/// base64url as links use it: `-` and `_`, no padding on output; on input padding is
/// optional and the unused low bits of the last character are ignored (the checksum, not
/// those bits, decides whether the link is intact).
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Spaces in a link may be line-wrapping (to delete) or a mangled `-` (to restore); with this
/// many or fewer, every combination is tried.
const MAX_AMBIGUOUS_SPACES: u32 = 6;

/// Why a link could not be opened. Its `Display` is a sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// There is no archsim scenario in the text (nothing after `#`, or no `v1.` start).
    NotALink,
    /// The link ends too early, usually because it was not copied whole.
    Truncated,
    /// The link was made by a newer archsim, in a link format this one does not know.
    NewerFormat { version: u32 },
    /// The link is whole, in a format this archsim knows, but holds a kind of content that
    /// only a newer archsim knows.
    NewerContent { content: u64 },
    /// The link holds a lesson that does not open or does not play; the detail says why.
    Lesson(String),
    /// The text is longer than [`MAX_LINK_CHARS`].
    TooLong { chars: usize },
    /// The link would unpack to more than [`MAX_INFLATED_BYTES`].
    TooBig,
    /// The link is damaged; the detail says how, in words.
    Damaged(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => f.write_str(
                "This is not an archsim link: there is no scenario after the '#'. \
                 Copy the whole link and try again.",
            ),
            LinkError::Truncated => {
                f.write_str("This link is cut short — copy the whole link and try again.")
            }
            LinkError::NewerFormat { version } => write!(
                f,
                "This link was made by a newer archsim (format v{version}); this one opens \
                 links up to format v{LESSON_LINK_FORMAT_VERSION}. Reload the page to get the \
                 newest archsim."
            ),
            LinkError::NewerContent { content } => write!(
                f,
                "This link holds something a newer archsim made (content {content} of format \
                 v{LESSON_LINK_FORMAT_VERSION}), which this one cannot open. Reload the page to \
                 get the newest archsim."
            ),
            LinkError::Lesson(detail) => write!(
                f,
                "This link holds a lesson that cannot be opened: {detail}. Ask whoever sent it \
                 for a new link."
            ),
            LinkError::TooLong { chars } => write!(
                f,
                "This link is too long to open ({chars} characters; at most {MAX_LINK_CHARS} \
                 are read). Share the scenario as a JSON file instead."
            ),
            LinkError::TooBig => write!(
                f,
                "This link unpacks to more than {} MiB, far more than any scenario needs, so \
                 it was not opened.",
                MAX_INFLATED_BYTES / (1024 * 1024)
            ),
            LinkError::Damaged(detail) => write!(
                f,
                "This link is damaged: {detail}. Copy the whole link again, or ask for a new one."
            ),
        }
    }
}

impl std::error::Error for LinkError {}

/// The URL-fragment payload for a scenario (without the `#`): `v1.` and base64url.
pub fn encode_link(scenario: &Scenario) -> String {
    frame(LINK_FORMAT_VERSION, &v1::encode(scenario))
}

/// The URL-fragment payload for a lesson (without the `#`): `v2.` and base64url. `scenario`
/// is the scenario the lesson starts from (its inline scenario, or its example's), which the
/// link carries whole; see `codec/v2.rs`.
pub fn encode_lesson_link(lesson: &Lesson, scenario: &Scenario) -> String {
    frame(LESSON_LINK_FORMAT_VERSION, &v2::encode(lesson, scenario))
}

/// `v<version>.` and base64url of the checksum and the deflated body.
fn frame(version: u32, body: &[u8]) -> String {
    let mut bytes = wire::crc32(body).to_le_bytes().to_vec();
    bytes.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(body, 10));
    format!("v{version}.{}", BASE64URL.encode(bytes))
}

/// What a link holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Shared {
    /// A scenario (a v1 link).
    Scenario(Scenario),
    /// A lesson and the scenario it starts from (a v2 link).
    Lesson(SharedLesson),
}

/// Opens a link: a payload from [`encode_link`], a whole URL (only its fragment is read), or
/// either after mail, chat or a form mangled it — line breaks and spaces inserted, `%`
/// escapes (once, twice or more), a `-` turned into a space, standard base64 `+` and `/`,
/// trailing punctuation. Never panics; every failure is a [`LinkError`] that says what went
/// wrong.
///
/// A lesson link ([`encode_lesson_link`]) opens to the scenario its lesson starts from, so
/// whatever takes only scenarios takes every link; [`decode_shared`] opens the lesson too.
///
/// The scenario is well-formed but not checked: run it through [`crate::validate`] before
/// simulating it.
pub fn decode_link(text: &str) -> Result<Scenario, LinkError> {
    let (version, body) = verified_body(text)?;
    let scenario = match version {
        1 => v1::decode(&body).map_err(|e| not_a_scenario(e.0))?,
        _ => v2::decode_scenario(&body).map_err(refused)?,
    };
    Ok(migrate(scenario))
}

/// Opens any link, as [`decode_link`] does, to what it holds: a scenario, or a lesson with
/// its scenario. A lesson is checked as `archsim lesson check` checks a file (every problem
/// [`Lesson::problems`] finds refuses it; its run's claims are not run here), so a lesson
/// that opens can be played.
pub fn decode_shared(text: &str) -> Result<Shared, LinkError> {
    let (version, body) = verified_body(text)?;
    match version {
        1 => v1::decode(&body)
            .map(|s| Shared::Scenario(migrate(s)))
            .map_err(|e| not_a_scenario(e.0)),
        _ => v2::decode(&body).map(Shared::Lesson).map_err(refused),
    }
}

/// The link format and the body of a link whose checksum holds, in a format this archsim
/// knows (1 or 2).
fn verified_body(text: &str) -> Result<(u32, Vec<u8>), LinkError> {
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong { chars: text.len() });
    }
    let text = percent_decode(text);
    let fragment = fragment(&text)?;
    let (version, body) = split_version(fragment)?;
    let payload = Payload::parse(body)?;
    match version {
        1 | 2 => Ok((version, payload.body()?)),
        0 => Err(LinkError::Damaged("there is no link format v0".into())),
        _ => Err(LinkError::NewerFormat { version }),
    }
}

fn not_a_scenario(detail: String) -> LinkError {
    LinkError::Damaged(format!("it is not a scenario archsim can read: {detail}"))
}

fn refused(refusal: v2::Refusal) -> LinkError {
    match refusal {
        v2::Refusal::NewerContent(content) => LinkError::NewerContent { content },
        v2::Refusal::Malformed(detail) => {
            LinkError::Damaged(format!("it is not a lesson archsim can read: {detail}"))
        }
        v2::Refusal::Lesson(detail) => LinkError::Lesson(detail),
    }
}

/// Brings a scenario written at an older model version up to [`SCENARIO_VERSION`]. Model
/// version 1 is the first, so there is nothing to do yet; when version 2 changes the
/// meaning of a field, its conversion goes here, for links and files alike.
pub fn migrate(scenario: Scenario) -> Scenario {
    scenario
}

// Raising the model version without a migration here would open old links and files with
// new meanings; this stops the build until someone writes one.
const _: () = assert!(
    SCENARIO_VERSION == 1,
    "codec::migrate: add the migration from the previous scenario version"
);

/// Whether a link is too long to share comfortably (more than [`LINK_WARN_CHARS`]); pass
/// the whole URL the user will copy.
pub fn link_is_too_long(url: &str) -> bool {
    url.len() > LINK_WARN_CHARS
}

/// The sentence to show next to a link that is too long, if it is; `None` for a link of a
/// comfortable length.
pub fn link_length_warning(url: &str) -> Option<String> {
    link_is_too_long(url).then(|| {
        format!(
            "This link is {} characters long; links over {LINK_WARN_CHARS} may be cut short \
             by mail and chat apps. Save the scenario as a JSON file and share that instead.",
            url.len()
        )
    })
}

/// Reads a scenario file (the JSON of [`Scenario::to_json_pretty`], which the CLI also reads)
/// and lists everything [`validate`] finds wrong with it. The error, for text that is not a
/// scenario at all, is a sentence that says where the text goes wrong; fields the model does
/// not have are errors too, one line each, with the nearest real field as a suggestion.
pub fn import_json(text: &str) -> Result<(Scenario, Vec<Problem>), String> {
    let read = crate::input::read_scenario(text, crate::input::Strictness::Strict)?;
    let scenario = migrate(read.scenario);
    let problems = validate(&scenario);
    Ok((scenario, problems))
}

/// Undoes `%XX` escapes, however many times over (a link escaped twice arrives as `%252D`,
/// and each further escaping adds a `25`). `%` is never part of a link, so every escape is
/// a layer to undo: this works like a stack, turning an escape into its byte the moment its
/// last digit arrives and then looking again, since that byte may complete an outer escape.
/// Each undoing shortens the text, so however deep the layers go this stays linear.
///
/// Mail and word processors wrap and break long words anywhere, even inside an escape (`%`,
/// a line break, `25`, or a zero-width space between the digits): what [`is_invisible`] calls
/// invisible cannot mean anything there (`%-` is no escape), so it is skipped.
/// Only escapes of ASCII matter: nothing else can be part of a link.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    for &b in text.as_bytes() {
        out.push(b);
        while let Some((at, byte)) = escape_at_end(&out) {
            out.truncate(at);
            out.push(byte);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// If `out` ends with a complete escape — `%`, two hex digits, anything invisible between
/// them — where its `%` is and the byte it stands for.
fn escape_at_end(out: &[u8]) -> Option<(usize, u8)> {
    let hex = |b: u8| (b as char).to_digit(16);
    // The end of what is left after dropping invisible characters from the end of `out[..end]`.
    let skip_invisible = |mut end: usize| {
        'back: while end > 0 {
            for len in 1..=4.min(end) {
                if let Ok(c) = std::str::from_utf8(&out[end - len..end]) {
                    if c.chars().count() == 1 && c.chars().all(is_invisible) {
                        end -= len;
                        continue 'back;
                    }
                    break;
                }
            }
            break;
        }
        end
    };
    let (&last, rest) = out.split_last()?;
    let lo = hex(last)?;
    let end = skip_invisible(rest.len());
    let hi = hex(*out.get(end.checked_sub(1)?)?)?;
    let end = skip_invisible(end - 1);
    let at = end.checked_sub(1)?;
    (out[at] == b'%').then(|| (at, (hi * 16 + lo) as u8))
}

/// The part of the text that should be the payload: what follows the `#` of a URL (or the
/// whole text if it has no `#` and is not a URL), up to a `&` that starts other settings.
fn fragment(text: &str) -> Result<&str, LinkError> {
    let text = text.trim();
    let fragment = match text.split_once('#') {
        Some((_, after)) => after.trim_start_matches(|c: char| c == '#' || c.is_whitespace()),
        None if text.contains("://") => return Err(LinkError::NotALink),
        None => text,
    };
    let fragment = fragment.split(['&', '?']).next().unwrap_or_default();
    if fragment.trim().is_empty() {
        Err(LinkError::NotALink)
    } else {
        Ok(fragment)
    }
}

/// Splits `v<N>.` off the payload.
fn split_version(fragment: &str) -> Result<(u32, &str), LinkError> {
    let rest = fragment
        .trim_start()
        .strip_prefix(['v', 'V'])
        .ok_or(LinkError::NotALink)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = rest.split_at(digits);
    let body = rest.strip_prefix('.').ok_or(LinkError::NotALink)?;
    if number.is_empty() {
        return Err(LinkError::NotALink);
    }
    // A number too large for u32 is certainly not a format this archsim knows.
    let version = number.parse::<u32>().unwrap_or(u32::MAX);
    Ok((version, body))
}

/// The base64url characters of a payload, with the spaces whose meaning is unclear.
struct Payload {
    /// The payload with `+`→`-`, `/`→`_`, and whitespace other than spaces dropped; each
    /// space is still in it, as `' '`.
    chars: Vec<u8>,
    spaces: u32,
}

/// Characters that mail and word processors slip into long words: never part of a link.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

fn is_base64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/')
}

impl Payload {
    fn parse(body: &str) -> Result<Payload, LinkError> {
        // Punctuation after a link in a sentence ("…#v1.abc)." or "<…#v1.abc>") is not
        // part of it.
        let body = body.trim_end_matches(|c: char| !is_base64url(c));
        let mut chars = Vec::with_capacity(body.len());
        let mut spaces = 0;
        for (i, c) in body.char_indices() {
            match c {
                ' ' => {
                    chars.push(b' ');
                    spaces += 1;
                }
                '+' => chars.push(b'-'),
                '/' => chars.push(b'_'),
                '=' => {}
                c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => chars.push(c as u8),
                c if is_invisible(c) => {}
                c => {
                    return Err(LinkError::Damaged(format!(
                        "it contains {c:?} (character {}), which cannot be part of a link",
                        body[..i].chars().count() + 1
                    )));
                }
            }
        }
        if chars.iter().all(|&c| c == b' ') {
            return Err(LinkError::Truncated);
        }
        Ok(Payload { chars, spaces })
    }

    /// The body the payload holds, trying the readings of its spaces in turn: all line
    /// wrapping (deleted), all mangled `-`, then — for a few — every mix. The checksum tells
    /// which reading is right; the first error is reported if none is.
    fn body(&self) -> Result<Vec<u8>, LinkError> {
        let reading = |dash_mask: u64| -> Vec<u8> {
            let mut nth_space = 0;
            self.chars
                .iter()
                .filter_map(|&c| {
                    if c != b' ' {
                        return Some(c);
                    }
                    let dash = dash_mask == u64::MAX
                        || (nth_space < 64 && dash_mask >> nth_space & 1 == 1);
                    nth_space += 1;
                    dash.then_some(b'-')
                })
                .collect()
        };
        let first = verified_bytes(&reading(0));
        if self.spaces == 0 || first.is_ok() || !repairable(&first) {
            return first;
        }
        let all_dashes = verified_bytes(&reading(u64::MAX));
        if all_dashes.is_ok() || self.spaces > MAX_AMBIGUOUS_SPACES {
            return all_dashes.or(first);
        }
        for mask in 1..(1u64 << self.spaces) - 1 {
            let attempt = verified_bytes(&reading(mask));
            if attempt.is_ok() || !repairable(&attempt) {
                return attempt;
            }
        }
        first
    }
}

/// Whether another reading of the spaces might fix this failure: not if the data was whole
/// and well-formed and merely too big.
fn repairable(result: &Result<Vec<u8>, LinkError>) -> bool {
    !matches!(result, Err(LinkError::TooBig))
}

/// The body in base64url `chars`, if its checksum holds.
fn verified_bytes(chars: &[u8]) -> Result<Vec<u8>, LinkError> {
    let bytes = BASE64URL.decode(chars).map_err(|e| match e {
        base64::DecodeError::InvalidLength(_) => LinkError::Truncated,
        other => LinkError::Damaged(format!("its characters do not decode ({other})")),
    })?;
    let Some((check, deflated)) = bytes.split_first_chunk::<4>() else {
        return Err(LinkError::Truncated);
    };
    let body = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_INFLATED_BYTES)
        .map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => LinkError::TooBig,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                LinkError::Truncated
            }
            _ => LinkError::Damaged("its compressed data is corrupt".into()),
        })?;
    if wire::crc32(&body) != u32::from_le_bytes(*check) {
        return Err(LinkError::Damaged(
            "some of its characters were changed on the way".into(),
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::*;

    fn web_app() -> Scenario {
        Scenario::from_json(include_str!("../../../examples/web-app.json")).unwrap_or_else(
            |e| panic!("{e}"), // the example is committed with the code
        )
    }

    #[test]
    fn a_link_round_trips_and_starts_with_its_version() {
        let s = web_app();
        let link = encode_link(&s);
        assert!(link.starts_with("v1."), "{link}");
        assert!(
            link[3..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(decode_link(&link), Ok(s));
    }

    #[test]
    fn a_whole_url_and_mangled_copies_open() {
        let s = web_app();
        let link = encode_link(&s);
        let wrapped: String = link
            .as_bytes()
            .chunks(60)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\r\n  ");
        let escaped: String = link.replace('-', "%2D").replace('_', "%5F");
        for text in [
            format!("https://archsim.example/app/?embed#{link}"),
            format!("#{link}"),
            format!("##{link}"),
            format!("  {link}\n"),
            format!("See <https://archsim.example/#{link}>."),
            format!("https://archsim.example/#{link}&embed=1"),
            wrapped,
            escaped.clone(),
            escaped.replace('%', "%25"), // escaped twice
            format!("https%3A%2F%2Farchsim.example%2F%23{link}"),
            link.replace('-', "+").replace('_', "/"), // standard base64
            format!("{link}=="),
            link.replace('-', " "), // '-' that became ' '
        ] {
            assert_eq!(decode_link(&text), Ok(s.clone()), "{text}");
        }
    }

    #[test]
    fn escapes_are_undone_however_deep_and_however_broken_up() {
        for (text, plain) in [
            ("%41", "A"),
            ("%2541", "A"),
            ("%252541", "A"),
            ("%25252541", "A"),        // escaped four times over
            ("%25%32%3541", "A"),      // an escape's digits escaped too
            ("%%34%31", "A"),          // an escape made of escapes
            ("%%41", "%A"),            // a stray '%' stays
            ("%\r\n41", "A"),          // a line break inside an escape
            ("%4\u{200B}1", "A"),      // a zero-width space inside an escape
            ("%25\u{00AD}41", "A"),    // a soft hyphen between two layers
            ("%E2%80%8B", "\u{200B}"), // an escaped invisible character
            ("%4", "%4"),
            ("%G1", "%G1"),
            ("a%", "a%"),
            ("%-41", "%-41"),
        ] {
            assert_eq!(percent_decode(text), plain, "{text:?}");
        }
    }

    #[test]
    fn spaces_that_were_dashes_and_spaces_that_were_wrapping_mix() {
        let mut s = web_app();
        // Find a scenario whose link has a '-' to mangle.
        let mut link = encode_link(&s);
        while !link[3..].contains('-') {
            s.run.seed += 1;
            link = encode_link(&s);
        }
        let at = link[3..].find('-').map_or(0, |i| i + 3);
        let mangled = format!("{} {}", &link[..at].replacen('.', ". ", 1), &link[at + 1..]);
        assert_eq!(decode_link(&mangled), Ok(s));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let link = encode_link(&web_app());
        let cut = &link[..link.len() - 10];
        assert_eq!(decode_link(cut), Err(LinkError::Truncated));
        assert_eq!(
            decode_link("v7.AAAA"),
            Err(LinkError::NewerFormat { version: 7 })
        );
        assert_eq!(
            decode_link("v99999999999.AAAA"),
            Err(LinkError::NewerFormat { version: u32::MAX })
        );
        assert_eq!(decode_link(""), Err(LinkError::NotALink));
        assert_eq!(
            decode_link("https://archsim.example/"),
            Err(LinkError::NotALink)
        );
        assert_eq!(decode_link("hello"), Err(LinkError::NotALink));
        assert_eq!(decode_link("v1."), Err(LinkError::Truncated));
        assert!(matches!(
            decode_link("v1.ab*cd"),
            Err(LinkError::Damaged(_))
        ));
        let mut flipped = link.clone().into_bytes();
        let i = flipped.len() / 2;
        flipped[i] = if flipped[i] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8_lossy(&flipped).into_owned();
        assert!(matches!(decode_link(&flipped), Err(LinkError::Damaged(_))));

        let newer = LinkError::NewerFormat { version: 7 }.to_string();
        assert!(newer.contains("newer archsim (format v7)"), "{newer}");
        assert_eq!(
            LinkError::Truncated.to_string(),
            "This link is cut short — copy the whole link and try again."
        );
        assert!(
            LinkError::Damaged("x".into())
                .to_string()
                .starts_with("This link is damaged: x.")
        );
    }

    #[test]
    fn too_long_input_is_refused_before_any_work() {
        let long = format!("v1.{}", "A".repeat(MAX_LINK_CHARS));
        assert!(matches!(decode_link(&long), Err(LinkError::TooLong { .. })));
    }

    #[test]
    fn long_links_get_a_warning() {
        assert_eq!(link_length_warning("https://x/#v1.abc"), None);
        let long = "a".repeat(LINK_WARN_CHARS + 1);
        let warning = link_length_warning(&long).unwrap_or_default();
        assert!(warning.contains("JSON file"), "{warning}");
    }

    #[test]
    fn import_json_lists_problems_and_explains_bad_files() {
        let (s, problems) = import_json(include_str!("../../../examples/web-app.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.components.len(), 7);
        assert!(problems.is_empty(), "{problems:?}");

        let mut broken = web_app();
        if let Some(Params::Service(p)) = broken.components.get_mut(2).map(|c| &mut c.params) {
            p.workers = 0;
        }
        broken.connections.push(Connection::new("lb", "nowhere"));
        let (_, problems) = import_json(&broken.to_json_pretty()).unwrap_or_else(|e| panic!("{e}"));
        assert!(problems.len() >= 2, "{problems:?}");

        let not_json = import_json("{\n  \"components\": [,]\n}").unwrap_err();
        assert!(
            not_json.starts_with("This file is not valid JSON: at line 2, column"),
            "{not_json}"
        );
        let wrong_shape = import_json("{\"components\": 3}").unwrap_err();
        assert!(
            wrong_shape.starts_with("This is JSON but not an archsim scenario: at line 1"),
            "{wrong_shape}"
        );
        assert!(wrong_shape.contains("expected a sequence"), "{wrong_shape}");
        let cut = import_json("{\"components\": [").unwrap_err();
        assert!(cut.starts_with("This file ends too early"), "{cut}");
        assert!(import_json("  ").unwrap_err().contains("empty"));
    }
}
