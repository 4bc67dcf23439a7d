//! Reading a scenario from untrusted JSON text: size and nesting caps, a byte-order mark,
//! the wrong shape where an object belongs, and fields the model does not have.
//!
//! Every type of the scenario model refuses unknown fields, so a typo (`"wrokers": 4`) is
//! never silently replaced by a default. [`read_scenario`] collects each unknown field with
//! the nearest real one as a suggestion; files and the CLI treat them as errors
//! ([`Strictness::Strict`]), while text the app wrote itself (autosave) still opens with
//! them dropped ([`Strictness::Lenient`]), so no work is lost to a renamed field.

use crate::budget::{LIST_LIMITS, too_many};
use crate::scenario::Scenario;
use serde_json::Value;
use std::fmt;

/// The largest scenario text read, in bytes. 500 components and 5,000 connections take about
/// 1 MiB of pretty JSON (430 and 140 bytes each in the examples), 10,000 faults another;
/// anything much bigger is not a scenario, and reading it would take hundreds of MB.
pub const MAX_SCENARIO_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting of `[` and `{` read. A scenario nests about eight levels deep.
pub const MAX_JSON_DEPTH: usize = 32;

/// At most this many problems are listed one by one; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 50;

/// How long the search for unknown fields goes on in lenient reading: each one found costs
/// a pass over the document, and text the app wrote has none.
const MAX_DROPPED_FIELDS: usize = 1000;

/// The keys whose values are lists in the scenario model. An array anywhere else stands
/// where an object or a number belongs (serde would read `"run": []` as the defaults).
const LIST_FIELDS: [&str; 7] = [
    "components",
    "connections",
    "faults",
    "paths",
    "steps",
    "boundaries",
    "zones",
];

/// What to do with fields the model does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strictness {
    /// They are errors (files and the command line: a typo must not run with a default).
    Strict,
    /// They are dropped and reported (text archsim wrote itself, such as the autosave).
    Lenient,
}

/// A field in the text that the scenario model does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField {
    /// Where the object holding it is, e.g. `components[1].params`.
    pub path: String,
    /// The field as written.
    pub field: String,
    /// What the object is, in words: "a service", "the run settings".
    pub owner: String,
    /// The nearest real field, when one is close enough to be a typo.
    pub suggestion: Option<String>,
}

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a field of {}", self.field, self.owner)?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path)?;
        }
        match &self.suggestion {
            Some(s) => write!(f, "; did you mean `{s}`?"),
            None => Ok(()),
        }
    }
}

/// A scenario read from text, with the unknown fields that were dropped from it.
#[derive(Clone, Debug)]
pub struct Read {
    pub scenario: Scenario,
    pub unknown: Vec<UnknownField>,
}

/// Reads a scenario from JSON text. The error is a sentence (or, for unknown fields in
/// strict mode, one line per field) that says what is wrong and where.
pub fn read_scenario(text: &str, strictness: Strictness) -> Result<Read, String> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(format!(
            "This text is {}; a scenario file is at most {} (a diagram at archsim's limits \
             takes a few MiB).",
            human_bytes(text.len() as u64),
            human_bytes(MAX_SCENARIO_BYTES as u64)
        ));
    }
    // Editors on Windows start UTF-8 files with a byte-order mark; it carries no meaning.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("This file is empty: a scenario file holds a JSON object.".into());
    }
    check_depth(text)?;
    let start = text.trim_start();
    if !start.starts_with('{') {
        let what = match start.chars().next() {
            Some('[') => "a list ([…])",
            Some('"') => "a string",
            Some(c) if c == '-' || c.is_ascii_digit() => "a number",
            _ if start.starts_with("true") || start.starts_with("false") => "true or false",
            _ if start.starts_with("null") => "null",
            _ => {
                let head: String = start.chars().take(20).collect();
                let more = if start.chars().count() > 20 {
                    "…"
                } else {
                    ""
                };
                return Err(format!(
                    "This file is not JSON (it starts with \"{}{more}\"): a scenario file is a \
                     JSON object, {{\"components\": [ … ], \"connections\": [ … ], …}}.",
                    escape_control(&head)
                ));
            }
        };
        return Err(format!(
            "This holds {what} where a scenario belongs: a scenario file is a JSON object, \
             {{\"components\": [ … ], \"connections\": [ … ], …}}."
        ));
    }
    let parse = || serde_json::from_str::<Value>(text).map_err(|e| json_error_sentence(&e));
    let value = parse()?;
    check_shapes(&value, "")?;
    // A list past its limit is refused before each of its items becomes a typed value.
    for (list, max) in LIST_LIMITS {
        if let Some(n) = value.get(list).and_then(Value::as_array).map(Vec::len)
            && n > max
        {
            return Err(too_many(list, n, max));
        }
    }
    drop(value);
    // Deserialising the text (not the value) keeps line and column in type errors, and the
    // value is dropped first, so the peak memory is one copy of the scenario, not two.
    match serde_json::from_str::<Scenario>(text) {
        Ok(scenario) => Ok(Read {
            scenario,
            unknown: Vec::new(),
        }),
        Err(e) if unknown_field(&e).is_some() => collect_unknown(parse()?, strictness),
        Err(e) => Err(data_error_sentence(&path_of_error(text, &e), &e)),
    }
}

/// Drops unknown fields one at a time until the value reads as a scenario.
fn collect_unknown(mut value: Value, strictness: Strictness) -> Result<Read, String> {
    let limit = match strictness {
        Strictness::Strict => MAX_LISTED_PROBLEMS,
        Strictness::Lenient => MAX_DROPPED_FIELDS,
    };
    let mut unknown = Vec::new();
    loop {
        // Read from compact text, so the error's place gives the path of the field.
        let text = value.to_string();
        let e = match serde_json::from_str::<Scenario>(&text) {
            Ok(scenario) if strictness == Strictness::Lenient => {
                return Ok(Read { scenario, unknown });
            }
            Ok(_) => return Err(unknown_list(&unknown, false)),
            Err(e) => e,
        };
        let path = path_of_error(&text, &e);
        let Some((field, expected)) = unknown_field(&e) else {
            return Err(data_error_sentence(&path, &e));
        };
        if unknown.len() == limit {
            return Err(unknown_list(&unknown, true));
        }
        // The place of an unknown field is its own name; inside a tagged enum (a component's
        // `params`) it is the end of the enum's object, and the field is searched below it.
        let path = path.strip_suffix(field.as_str()).unwrap_or(&path);
        let path = path.trim_end_matches('.').to_string();
        let Some((at, owner)) = remove_field(&mut value, &path, &field) else {
            return Err(data_error_sentence(&path, &e));
        };
        let suggestion = nearest(&field, &expected);
        unknown.push(UnknownField {
            path: at,
            field,
            owner,
            suggestion,
        });
    }
}

/// The path of the value a JSON error was reading: see [`json_path_at`].
fn path_of_error(text: &str, e: &serde_json::Error) -> String {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    json_path_at(text, line_start + e.column())
}

/// The path (`components[1].params.workers`) of the value being read at byte `offset` of the
/// JSON `text`, from a scan of the text before it; "." at the top. Keys are taken as written
/// (escapes are not decoded).
pub fn json_path_at(text: &str, offset: usize) -> String {
    enum Frame {
        /// An object and the key whose value is being read.
        Object(Option<String>),
        /// An array, the index of its current item, and whether that item has begun.
        Array(usize, bool),
    }
    fn begin_value(stack: &mut [Frame]) {
        if let Some(Frame::Array(_, begun)) = stack.last_mut() {
            *begun = true;
        }
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut key_next = false;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => {
                begin_value(&mut stack);
                stack.push(Frame::Object(None));
                key_next = true;
            }
            b'[' => {
                begin_value(&mut stack);
                stack.push(Frame::Array(0, false));
                key_next = false;
            }
            b'}' | b']' => {
                stack.pop();
                key_next = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key)) => {
                    *key = None;
                    key_next = true;
                }
                Some(Frame::Array(index, begun)) => {
                    *index += 1;
                    *begun = false;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < end && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if key_next {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key =
                            Some(String::from_utf8_lossy(&bytes[start..j.min(end)]).into_owned());
                    }
                    key_next = false;
                } else {
                    begin_value(&mut stack);
                }
                i = j;
            }
            b':' | b' ' | b'\n' | b'\r' | b'\t' => {}
            _ => begin_value(&mut stack),
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array(index, true) => path.push_str(&format!("[{index}]")),
            Frame::Object(None) | Frame::Array(_, false) => {}
        }
    }
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

fn unknown_list(unknown: &[UnknownField], more: bool) -> String {
    let mut lines: Vec<String> = unknown.iter().map(ToString::to_string).collect();
    if more {
        lines.push("… and more unknown fields after these; fix these first.".into());
    }
    lines.join("\n")
}

/// The field and the expected fields of serde's "unknown field `x`, expected one of `a`,
/// `b`" (or "expected `a`", or "there are no fields").
fn unknown_field(e: &serde_json::Error) -> Option<(String, Vec<String>)> {
    let msg = e.to_string();
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field.to_string(), expected))
}

/// Removes `field` from the object at `path` or, when serde could not say exactly where
/// (inside a tagged enum), from the first object below it that holds it. Returns where it
/// was and what that object is, in words.
fn remove_field(value: &mut Value, path: &str, field: &str) -> Option<(String, String)> {
    let mut node = &mut *value;
    for step in path_steps(path) {
        node = match step {
            Step::Key(k) => node.get_mut(k)?,
            Step::Index(i) => node.get_mut(i)?,
        };
    }
    // Inside a tagged enum serde stops at the enum; search below it, nearest first.
    let mut queue = std::collections::VecDeque::from([(node, path.to_string())]);
    while let Some((n, p)) = queue.pop_front() {
        if let Value::Object(map) = n {
            if map.remove(field).is_some() {
                let kind = map.get("type").and_then(Value::as_str);
                let owner = owner_name(&p, kind.map(|t| t.replace('_', " ")).as_deref());
                return Some((p, owner));
            }
            for (k, v) in map.iter_mut() {
                let child = if p.is_empty() {
                    k.clone()
                } else {
                    format!("{p}.{k}")
                };
                queue.push_back((v, child));
            }
        } else if let Value::Array(items) = n {
            for (i, v) in items.iter_mut().enumerate() {
                queue.push_back((v, format!("{p}[{i}]")));
            }
        }
    }
    None
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `components[1].params` → key `components`, index 1, key `params`.
fn path_steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            steps.push(Step::Key(key));
        }
        for index in pieces {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(i));
            }
        }
    }
    steps
}

/// What the object at `path` is, in words.
fn owner_name(path: &str, kind: Option<&str>) -> String {
    let last = path.rsplit('.').next().unwrap_or("");
    let article = |w: &str| {
        let an = w.starts_with(['a', 'e', 'i', 'o', 'u']);
        format!("{} {w}", if an { "an" } else { "a" })
    };
    match last {
        "" => "the scenario".into(),
        "run" => "the run settings".into(),
        "slo" => "the SLO".into(),
        "network" => "the network".into(),
        "params" => kind.map_or("the parameters".into(), article),
        l if l.starts_with("components[") => "a component".into(),
        l if l.starts_with("connections[") => "a connection".into(),
        l if l.starts_with("faults[") => "a fault".into(),
        l => format!("`{}`", l.split('[').next().unwrap_or(l)),
    }
}

/// The expected field nearest to `field`, if it is near enough to be a typo of it.
fn nearest(field: &str, expected: &[String]) -> Option<String> {
    expected
        .iter()
        .map(|e| (edit_distance(field, e), e))
        .filter(|(d, e)| *d <= 2.max(e.chars().count() / 4) && *d < e.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e.clone())
}

/// Edit distance counting a swap of two neighbours as one edit (`wrokers` → `workers` is 1).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Refuses nesting deeper than [`MAX_JSON_DEPTH`] in one pass, before any parsing.
fn check_depth(text: &str) -> Result<(), String> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        column += 1;
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'\n' => {
                line += 1;
                column = 0;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(format!(
                        "This JSON nests deeper than {MAX_JSON_DEPTH} levels (at line {line}, \
                         column {column}); a scenario nests about eight, so this is not a \
                         scenario file."
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Refuses an array where the model has an object or a number: serde would read a struct
/// from a list by position, so `"run": []` silently meant the defaults.
fn check_shapes(value: &Value, path: &str) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match v {
                    Value::Array(items) if LIST_FIELDS.contains(&k.as_str()) => {
                        for (i, item) in items.iter().enumerate() {
                            let ip = format!("{p}[{i}]");
                            if item.is_array() {
                                return Err(list_where_object(&ip));
                            }
                            check_shapes(item, &ip)?;
                        }
                    }
                    Value::Array(_) => return Err(list_where_object(&p)),
                    v => check_shapes(v, &p)?,
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn list_where_object(path: &str) -> String {
    format!(
        "This is JSON but not an archsim scenario: `{}` is a list ([…]) where an object \
         ({{ … }}) or a value belongs.",
        escape_control(path)
    )
}

/// The sentence for JSON that does not parse.
pub fn json_error_sentence(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let place = format!("line {}, column {}", e.line(), e.column());
    // serde's message ends with " at line L column C"; the place is said once, in front.
    let detail = e.to_string();
    let detail = detail
        .rsplit_once(" at line ")
        .map_or(detail.as_str(), |(d, _)| d);
    let detail = escape_control(detail);
    match e.classify() {
        Category::Syntax => {
            format!("This file is not valid JSON: at {place}, {detail}.")
        }
        Category::Eof => format!(
            "This file ends too early (at {place}): it is cut short or not a scenario file."
        ),
        Category::Data => {
            format!("This is JSON but not an archsim scenario: at {place}, {detail}.")
        }
        Category::Io => format!("This file could not be read: {detail}."),
    }
}

/// The sentence for JSON of the wrong type at `path`.
fn data_error_sentence(path: &str, e: &serde_json::Error) -> String {
    let sentence = json_error_sentence(e);
    if path.is_empty() || path == "." {
        return sentence;
    }
    let sentence = sentence.trim_end_matches('.');
    format!("{sentence} (in `{}`).", escape_control(path))
}

/// `text` with control characters (terminal escapes, bidirectional overrides) written as
/// `\u{…}`, so printing text from a scenario cannot move the cursor, recolour or retitle a
/// terminal. Line breaks and tabs are kept.
pub fn escape_control(text: &str) -> String {
    let risky = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(risky) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if risky(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A byte count in words: "200.0 MiB", "12 KiB".
pub fn human_bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let x = n as f64;
    if x >= KIB * KIB * KIB {
        format!("{:.1} GiB", x / (KIB * KIB * KIB))
    } else if x >= KIB * KIB {
        format!("{:.1} MiB", x / (KIB * KIB))
    } else if x >= KIB {
        format!("{:.0} KiB", x / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// Lists at most [`MAX_LISTED_PROBLEMS`] items and counts the rest: "… and 1,999,950 more".
pub fn first_problems<T: fmt::Display>(items: &[T]) -> Vec<String> {
    let mut lines: Vec<String> = items
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| escape_control(&p.to_string()))
        .collect();
    if items.len() > MAX_LISTED_PROBLEMS {
        lines.push(format!(
            "… and {} more",
            group_thousands((items.len() - MAX_LISTED_PROBLEMS) as u64)
        ));
    }
    lines
}

/// `1999950` → `1,999,950`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_at_a_place_names_the_value_being_read() {
        let text = r#"{"components": [{"id": "a"}, {"id": "b", "params": {"workers": "x"}}]}"#;
        let at = |needle: &str| text.find(needle).expect("in text") + needle.len();
        assert_eq!(json_path_at(text, 0), ".");
        assert_eq!(json_path_at(text, at(r#""id": "a"#)), "components[0].id");
        assert_eq!(
            json_path_at(text, at(r#""workers": "x"#)),
            "components[1].params.workers"
        );
        // Past the end of an object: the object itself (a missing field, a tagged enum).
        assert_eq!(json_path_at(text, at(r#""x"}"#)), "components[1].params");
        assert_eq!(json_path_at(text, at(r#""a"},"#)), "components");
    }

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("wrokers", "workers"), 1);
        assert_eq!(edit_distance("duraton_s", "duration_s"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn far_fields_get_no_suggestion() {
        let expected = vec!["workers".to_string(), "instances".to_string()];
        assert_eq!(nearest("wrokers", &expected).as_deref(), Some("workers"));
        assert_eq!(nearest("colour", &expected), None);
    }

    #[test]
    fn paths_split_into_keys_and_indices() {
        let steps = path_steps("components[12].params");
        assert!(matches!(
            steps.as_slice(),
            [
                Step::Key("components"),
                Step::Index(12),
                Step::Key("params")
            ]
        ));
    }

    #[test]
    fn control_characters_are_escaped_and_lines_kept() {
        assert_eq!(
            escape_control("a\u{1b}[31mb\nc"),
            "a\\u{1b}[31mb\nc".to_string()
        );
        assert_eq!(escape_control("plain"), "plain");
        assert_eq!(escape_control("x\u{202e}y"), "x\\u{202e}y");
    }

    #[test]
    fn long_lists_are_cut_at_fifty_with_a_count() {
        let items: Vec<u32> = (0..1000).collect();
        let lines = first_problems(&items);
        assert_eq!(lines.len(), MAX_LISTED_PROBLEMS + 1);
        assert_eq!(lines.last().map(String::as_str), Some("… and 950 more"));
        assert_eq!(group_thousands(1_999_950), "1,999,950");
    }
}
