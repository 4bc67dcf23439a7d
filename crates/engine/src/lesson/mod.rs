//! Lessons: a scenario plus ordered steps that narrate it, act on it (faults, parameter
//! changes, speed, highlights) and claim what the run shows ([`Observation`]s), checked by
//! [`check`] natively and by the app in the browser.
//!
//! A step's run is a pure function of the lesson and the step: the base scenario with the
//! parameter changes and faults of every step up to it ([`Lesson::step_scenario`]). A
//! parameter change is a new experiment, run from t = 0; a fault joins the fault timeline
//! at its time, or at the step's start time for a fault "on Next". So replaying a step
//! gives the same run, and the checker sees what the student sees.
//!
//! The file format is described in `docs/lessons.md`.

pub mod check;
pub mod markup;
pub mod observe;

pub use observe::{
    Aggregate, Compare, ConnectionRef, Metric, Observation, Outcome, Reference, Subject, Verdict,
};

use crate::scenario::{Fault, FaultEntry, Scenario};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the lesson format this crate reads and writes.
pub const LESSON_FORMAT: u32 = 1;

/// A lesson file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Always [`LESSON_FORMAT`].
    pub format: u32,
    /// Stable id, as in `?lesson=<id>` and the file name `<id>.json`.
    pub id: String,
    pub title: String,
    /// One line for the gallery card.
    pub summary: String,
    pub level: Level,
    /// The topic group of the gallery.
    pub topic: Topic,
    /// The concept of the curriculum it teaches, e.g. "Caching: cache hit ratio".
    pub concept: String,
    pub scenario: ScenarioSource,
    pub steps: Vec<Step>,
}

/// How much a student should know first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Intro,
    Intermediate,
    Advanced,
}

/// The gallery's groups, in the order it shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Queueing,
    Availability,
    Caching,
    WebTier,
    Data,
    Async,
    Failures,
    ZeroToMillions,
}

impl Topic {
    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Topic::Queueing => "Queueing and capacity",
            Topic::Availability => "Availability",
            Topic::Caching => "Caching",
            Topic::WebTier => "Web tier",
            Topic::Data => "Data",
            Topic::Async => "Async and protection",
            Topic::Failures => "Failures",
            Topic::ZeroToMillions => "Zero to millions",
        }
    }
}

/// Where the lesson's scenario comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ScenarioSource {
    /// An example by id: `examples/<id>.json`.
    Example(String),
    /// A whole scenario, in the same JSON as the examples.
    Inline(Box<Scenario>),
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A short heading.
    pub title: String,
    /// What to tell the student, in the lesson markup ([`markup`]).
    pub narration: String,
    /// The simulated time the step starts at: entering it runs (or replays) the
    /// simulation to here, and its "on Next" faults happen here. Default: the previous
    /// step's start (0 for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// What to look at on the canvas or the charts while the step runs (markup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch_for: Option<String>,
    /// A change for the student to make themselves, the design left editable (markup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub try_it: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
}

/// Something a step does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Injects a fault at `at_s`, or at the step's start when `at_s` is left out (on Next).
    Fault {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_s: Option<f64>,
        fault: Fault,
    },
    /// Changes one field of the scenario: of a component (`component` given), of a
    /// connection (`connection` given), or of the scenario itself (`run.duration_s`,
    /// `slo.latency_ms`). `field` is a dotted path into the JSON of that part, e.g.
    /// `params.mode.capacity`. The step's run starts again from t = 0 with the change.
    Set {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        component: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        connection: Option<ConnectionRef>,
        field: String,
        value: Value,
    },
    /// Plays the simulation at `factor` × real time (the player's speed control).
    Speed { factor: f64 },
    /// Pauses the player when the simulation reaches `at_s`.
    Pause { at_s: f64 },
    /// Draws attention to components on the canvas.
    Highlight { components: Vec<String> },
}

/// Parses a file of a versioned format (`what`: "lesson", "challenge"), naming the field
/// that is wrong or unknown, and refusing a format other than `supported`.
pub(crate) fn parse_versioned<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    format: fn(&T) -> u32,
    supported: u32,
) -> Result<T, String> {
    let parsed: T =
        serde_json::from_str(text).map_err(|e| format!("not a valid {what} file: {e}"))?;
    let found = format(&parsed);
    if found != supported {
        return Err(format!(
            "{what} format {found} is not supported (this version reads format {supported})"
        ));
    }
    Ok(parsed)
}

/// Why `id` cannot name a file and a deep link, if it cannot.
pub(crate) fn id_problem(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (!ok).then(|| format!("the id '{id}' must be lowercase letters, digits and '-'"))
}

impl ScenarioSource {
    /// The scenario, looking up an example with `example(id)` (its JSON text).
    pub fn resolve(&self, example: &dyn Fn(&str) -> Option<String>) -> Result<Scenario, String> {
        match self {
            ScenarioSource::Inline(s) => Ok((**s).clone()),
            ScenarioSource::Example(id) => {
                let text = example(id).ok_or_else(|| format!("there is no example '{id}'"))?;
                Scenario::from_json(&text).map_err(|e| format!("example '{id}': {e}"))
            }
        }
    }
}

impl Lesson {
    /// Parses a lesson, naming the field that is wrong or unknown.
    pub fn from_json(text: &str) -> Result<Lesson, String> {
        parse_versioned(text, "lesson", |l: &Lesson| l.format, LESSON_FORMAT)
    }

    /// The lesson as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The base scenario, looking up an example with `example(id)` (its JSON text).
    pub fn base_scenario(
        &self,
        example: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Scenario, String> {
        self.scenario.resolve(example)
    }

    /// The time step `index` starts at (see [`Step::at_s`]).
    pub fn step_start_s(&self, index: usize) -> f64 {
        self.steps[..=index.min(self.steps.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|s| s.at_s)
            .unwrap_or(0.0)
    }

    /// The scenario step `index` runs: `base` with the parameter changes and faults of
    /// steps 0..=index applied in order.
    pub fn step_scenario(&self, base: &Scenario, index: usize) -> Result<Scenario, String> {
        let mut scenario = base.clone();
        for i in 0..self.steps.len().min(index.saturating_add(1)) {
            scenario = self.apply_step(scenario, i)?;
        }
        Ok(scenario)
    }

    /// `scenario` (the scenario of the step before) with the parameter changes and faults
    /// of step `i`. Applying the steps one after another, rather than each from the base,
    /// keeps checking a long lesson linear in its actions.
    fn apply_step(&self, mut scenario: Scenario, i: usize) -> Result<Scenario, String> {
        let Some(step) = self.steps.get(i) else {
            return Ok(scenario);
        };
        let start_s = self.step_start_s(i);
        for action in &step.actions {
            match action {
                Action::Fault { at_s, fault } => scenario.faults.push(FaultEntry {
                    at_s: at_s.unwrap_or(start_s),
                    fault: fault.clone(),
                }),
                Action::Set {
                    component,
                    connection,
                    field,
                    value,
                } => {
                    scenario = set_field(
                        &scenario,
                        component.as_deref(),
                        connection.as_ref(),
                        field,
                        value,
                    )
                    .map_err(|e| format!("step {}: {e}", i + 1))?;
                }
                Action::Speed { .. } | Action::Pause { .. } | Action::Highlight { .. } => {}
            }
        }
        Ok(scenario)
    }

    /// Every observation with the index of its step.
    pub fn observations(&self) -> impl Iterator<Item = (usize, &Observation)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.observations.iter().map(move |o| (i, o)))
    }

    /// Problems in the lesson itself (not in its run): empty text, bad markup, steps that
    /// go back in time, actions and observations naming what the step's scenario lacks.
    /// `base` is the lesson's scenario.
    pub fn problems(&self, base: &Scenario) -> Vec<String> {
        let mut out: Vec<String> = id_problem(&self.id).into_iter().collect();
        for (name, text) in [
            ("title", &self.title),
            ("summary", &self.summary),
            ("concept", &self.concept),
        ] {
            if text.trim().is_empty() {
                out.push(format!("the {name} is empty"));
            }
        }
        if self.steps.is_empty() {
            out.push("the lesson has no steps".into());
        }
        if self.observations().next().is_none() {
            out.push("the lesson has no observation".into());
        }
        let mut previous_start = 0.0;
        // The scenario of the last step whose changes applied.
        let mut before = base.clone();
        for (i, step) in self.steps.iter().enumerate() {
            let at = format!("step {}", i + 1);
            if step.narration.trim().is_empty() {
                out.push(format!("{at}: the narration is empty"));
            }
            for (name, text) in [
                ("narration", Some(&step.narration)),
                ("watch_for", step.watch_for.as_ref()),
                ("try_it", step.try_it.as_ref()),
            ] {
                if let Some(Err(e)) = text.map(|t| markup::parse(t)) {
                    out.push(format!("{at}: {name}: {e}"));
                }
            }
            let start = self.step_start_s(i);
            if start < previous_start {
                out.push(format!(
                    "{at}: starts at {start} s, before the previous step ({previous_start} s)"
                ));
            }
            previous_start = start;
            let scenario = match self.apply_step(before.clone(), i) {
                Ok(s) => s,
                Err(e) => {
                    out.push(e);
                    continue;
                }
            };
            before = scenario.clone();
            for problem in crate::validate(&scenario).iter().filter(|p| p.is_error()) {
                out.push(format!("{at}: the scenario cannot run: {problem}"));
            }
            for action in &step.actions {
                match action {
                    Action::Highlight { components } => {
                        for id in components {
                            if scenario.component(id).is_none() {
                                out.push(format!("{at}: highlight: there is no component '{id}'"));
                            }
                        }
                    }
                    Action::Speed { factor } if !(factor.is_finite() && *factor > 0.0) => {
                        out.push(format!("{at}: speed: the factor must be > 0"));
                    }
                    Action::Pause { at_s }
                    | Action::Fault {
                        at_s: Some(at_s), ..
                    } if !(*at_s >= 0.0 && *at_s <= scenario.run.duration_s) => {
                        out.push(format!(
                            "{at}: the action at {at_s} s is outside the run (0 to {} s)",
                            scenario.run.duration_s
                        ));
                    }
                    _ => {}
                }
            }
            for (k, o) in step.observations.iter().enumerate() {
                if o.claim.trim().is_empty() {
                    out.push(format!("{at}, observation {}: the claim is empty", k + 1));
                }
                for p in o.problems(&scenario) {
                    out.push(format!("{at}, observation {} ({}): {p}", k + 1, o.claim));
                }
            }
        }
        out
    }

    /// The ids of the lessons its text links to.
    pub fn links(&self) -> Vec<String> {
        let mut out = Vec::new();
        for step in &self.steps {
            for text in [
                Some(&step.narration),
                step.watch_for.as_ref(),
                step.try_it.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                if let Ok(blocks) = markup::parse(text) {
                    out.extend(markup::links(&blocks).into_iter().map(String::from));
                }
            }
        }
        out
    }
}

/// `scenario` with one field replaced, through its JSON so that every field the format
/// has can be set and the result is checked like a loaded file.
pub(crate) fn set_field(
    scenario: &Scenario,
    component: Option<&str>,
    connection: Option<&ConnectionRef>,
    field: &str,
    value: &Value,
) -> Result<Scenario, String> {
    // Through text, not `to_value`/`from_value`: those would put two more copies of the
    // scenario's (de)serializer into the app's wasm.
    let to_value = |s: &Scenario| -> Result<Value, String> {
        serde_json::from_str(&s.to_json_pretty()).map_err(|e| e.to_string())
    };
    let mut json = to_value(scenario)?;
    let mut prefix = String::new();
    let (root, what): (&mut Value, String) = match (component, connection) {
        (Some(_), Some(_)) => {
            return Err("set: give a component or a connection, not both".into());
        }
        (Some(id), None) => {
            let i = scenario
                .components
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| format!("set: there is no component '{id}'"))?;
            prefix = format!("/components/{i}");
            (&mut json["components"][i], format!("component '{id}'"))
        }
        (None, Some(c)) => {
            let i = scenario
                .connections
                .iter()
                .position(|k| k.from == c.from && k.to == c.to)
                .ok_or_else(|| format!("set: there is no connection {} → {}", c.from, c.to))?;
            prefix = format!("/connections/{i}");
            (
                &mut json["connections"][i],
                format!("connection {} → {}", c.from, c.to),
            )
        }
        (None, None) => (&mut json, "the scenario".to_string()),
    };
    let parts: Vec<&str> = field.split('.').collect();
    let Some((last, path)) = parts.split_last() else {
        return Err("set: the field is empty".into());
    };
    let mut node = root;
    for part in path {
        node = node
            .get_mut(*part)
            .filter(|n| n.is_object())
            .ok_or_else(|| format!("set: {what} has no '{part}' in '{field}'"))?;
    }
    let Some(object) = node.as_object_mut() else {
        return Err(format!("set: '{field}' of {what} is not inside an object"));
    };
    object.insert((*last).to_string(), value.clone());
    let changed: Scenario = serde_json::from_str(&json.to_string())
        .map_err(|e| format!("set '{field}' of {what}: {e}"))?;
    // A scenario ignores keys it does not know: a misspelt field would change nothing.
    let check = to_value(&changed)?;
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    let pointer = format!(
        "{prefix}/{}",
        parts
            .iter()
            .map(|p| escape(p))
            .collect::<Vec<_>>()
            .join("/")
    );
    // (A field left out of the JSON because it holds its default is fine if it changed.)
    if check.pointer(&pointer).is_none_or(|v| v.is_null()) && changed == *scenario {
        return Err(format!(
            "set: '{field}' changes nothing: is it a field of {what}?"
        ));
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = r#"{
      "format": 1, "id": "tiny", "title": "Tiny", "summary": "One server.",
      "level": "intro", "topic": "queueing", "concept": "Queueing: utilization",
      "scenario": {"inline": {"components": [
          {"id": "c", "params": {"type": "client"}},
          {"id": "s", "params": {"type": "service"}}],
        "connections": [{"from": "c", "to": "s"}], "run": {"duration_s": 10}}},
      "steps": [
        {"title": "Start", "narration": "Watch **s**.",
         "observations": [{"claim": "it serves", "metric": "throughput_rps",
           "from_s": 0, "to_s": 10, "compare": ">", "value": 50}]},
        {"title": "Crash", "narration": "Now it dies.", "at_s": 4,
         "actions": [{"do": "fault", "fault": {"action": "crash", "component": "s"}},
                     {"do": "set", "component": "s", "field": "params.workers", "value": 2}]}
      ]}"#;

    #[test]
    fn step_scenarios_accumulate_changes_and_faults() {
        let lesson = Lesson::from_json(LESSON).unwrap();
        let base = lesson.base_scenario(&|_| None).unwrap();
        assert!(
            lesson.problems(&base).is_empty(),
            "{:?}",
            lesson.problems(&base)
        );
        let first = lesson.step_scenario(&base, 0).unwrap();
        assert_eq!(first, base);
        let second = lesson.step_scenario(&base, 1).unwrap();
        // The fault "on Next" happens at the step's start.
        assert_eq!(second.faults.len(), 1);
        assert_eq!(second.faults[0].at_s, 4.0);
        let crate::Params::Service(p) = &second.components[1].params else {
            panic!("a service");
        };
        assert_eq!(p.workers, 2);
    }

    #[test]
    fn unknown_fields_are_named() {
        // (text replaced, its replacement, what the message must say)
        let cases = [
            ("\"level\"", "\"levle\"", "unknown field `levle`"),
            (
                "\"narration\": \"Now",
                "\"narative\": \"x\", \"narration\": \"Now",
                "unknown field `narative`",
            ),
            (
                "\"do\": \"set\",",
                "\"do\": \"set\", \"when\": 3,",
                "unknown field `when`",
            ),
            (
                "{\"inline\": {",
                "{\"exmple\": \"x\", \"inline\": {",
                "unknown variant `exmple`",
            ),
            (
                "\"compare\": \">\"",
                "\"compare\": \">\", \"relative_to\": {\"form_s\": 1}",
                "unknown field `form_s`",
            ),
            ("\"format\": 1", "\"format\": 2", "format 2"),
        ];
        for (from, to, message) in cases {
            let e = Lesson::from_json(&LESSON.replace(from, to)).unwrap_err();
            assert!(e.contains(message), "{e}");
        }
    }

    #[test]
    fn a_bad_set_names_the_field() {
        let bad = LESSON.replace("params.workers", "params.wokers.x");
        let lesson = Lesson::from_json(&bad).unwrap();
        let base = lesson.base_scenario(&|_| None).unwrap();
        let e = lesson.step_scenario(&base, 1).unwrap_err();
        assert!(e.contains("no 'wokers'"), "{e}");
        let bad = LESSON.replace("params.workers", "params.wokers");
        let lesson = Lesson::from_json(&bad).unwrap();
        let e = lesson.step_scenario(&base, 1).unwrap_err();
        // Refused by the scenario's own unknown-field check, which names the field.
        assert!(
            e.contains("'params.wokers'") && e.contains("unknown field `wokers`"),
            "{e}"
        );
        let bad = LESSON.replace("\"value\": 2}", "\"value\": \"two\"}");
        let lesson = Lesson::from_json(&bad).unwrap();
        let e = lesson.step_scenario(&base, 1).unwrap_err();
        assert!(e.contains("params.workers"), "{e}");
    }

    #[test]
    fn a_lesson_round_trips_through_json() {
        let lesson = Lesson::from_json(LESSON).unwrap();
        assert_eq!(Lesson::from_json(&lesson.to_json_pretty()).unwrap(), lesson);
    }
}
