//! Checks a scenario before it is simulated and explains every problem at once, naming the
//! component or connection and the field, in words a student understands.

mod components;
mod faults;
pub(crate) mod kinds;
mod structure;

pub use faults::fault_name;

use crate::limits::*;
use crate::scenario::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The scenario cannot run until this is fixed.
    Error,
    /// It runs, but probably not as the user meant.
    Warning,
}

/// What a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Subject {
    Scenario,
    Component { id: String },
    Connection { from: String, to: String },
    Fault { index: usize },
    Run,
    Slo,
}

/// One thing wrong with a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub subject: Subject,
    /// The parameter at fault, e.g. "workers" or "service_time.mean_ms"; empty for the whole.
    pub field: String,
    /// The complete sentence shown to the user, naming the subject.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Problem {
    /// Whether the problem stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Returns every problem in `scenario`, errors first in the order of the scenario, then warnings.
/// A graph past the size limits gets only those problems, found in constant time; a valid
/// one also gets the problems of a run past its budget ([`crate::budget`]).
pub fn validate(scenario: &Scenario) -> Vec<Problem> {
    let too_big = crate::budget::too_big(scenario);
    if !too_big.is_empty() {
        return too_big;
    }
    let mut v = Validator {
        problems: Vec::new(),
    };
    v.scenario(scenario);
    let mut problems = v.problems;
    problems.sort_by_key(|p| p.severity != Severity::Error);
    if !problems.iter().any(Problem::is_error) {
        problems.splice(0..0, crate::budget::cost(scenario));
    }
    problems
}

/// Only the errors of [`validate`].
pub fn errors(scenario: &Scenario) -> Vec<Problem> {
    validate(scenario)
        .into_iter()
        .filter(Problem::is_error)
        .collect()
}

pub(crate) struct Validator {
    problems: Vec<Problem>,
}

/// The words a message uses for a component: "Service 'api'".
pub(crate) fn name(c: &Component) -> String {
    format!("{} '{}'", c.params.kind().name(), c.display_name())
}

/// What is wrong with the text of a path or route, as the end of a sentence ("must …").
fn route_text_problem(text: &str) -> Option<String> {
    if !text.starts_with('/') {
        Some(format!(
            "must start with '/', like '/api/orders', got '{text}'"
        ))
    } else if text.chars().count() > MAX_PATH_LEN {
        Some(format!("must be at most {MAX_PATH_LEN} characters long"))
    } else if text.chars().any(char::is_whitespace) {
        Some(format!("must not contain spaces, got '{text}'"))
    } else {
        None
    }
}

/// A number as the user typed it, but a huge or tiny one in scientific notation: 1e308
/// reads "1e308", not a 309-digit line.
fn fmt_num(x: f64) -> String {
    let a = x.abs();
    if x.is_nan() {
        "not a number".to_string()
    } else if x.is_infinite() {
        "infinity".to_string()
    } else if a >= 1e15 || (a != 0.0 && a < 1e-6) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

impl Validator {
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        subject: Subject,
        field: &str,
        message: String,
    ) {
        self.problems.push(Problem {
            severity,
            subject,
            field: field.to_string(),
            message,
        });
    }

    pub(crate) fn err(&mut self, subject: &Subject, field: &str, message: String) {
        self.push(Severity::Error, subject.clone(), field, message);
    }

    /// A finite number within [min, max].
    pub(crate) fn range(
        &mut self,
        s: &Subject,
        who: &str,
        field: &str,
        x: f64,
        min: f64,
        max: f64,
    ) {
        if !x.is_finite() {
            self.err(
                s,
                field,
                format!("{who}: {field} must be a number, got {}", fmt_num(x)),
            );
        } else if x < min {
            self.err(
                s,
                field,
                format!("{who}: {field} must be at least {min}, got {}", fmt_num(x)),
            );
        } else if x > max {
            self.err(
                s,
                field,
                format!("{who}: {field} must be at most {max}, got {}", fmt_num(x)),
            );
        }
    }

    pub(crate) fn count(
        &mut self,
        s: &Subject,
        who: &str,
        field: &str,
        x: u32,
        min: u32,
        max: u32,
    ) {
        self.range(s, who, field, x as f64, min as f64, max as f64);
    }

    pub(crate) fn dist(&mut self, s: &Subject, who: &str, field: &str, d: &Dist) {
        match *d {
            Dist::Constant { ms } => self.range(s, who, &format!("{field}.ms"), ms, 0.0, MAX_MS),
            Dist::Exponential { mean_ms } => {
                self.range(s, who, &format!("{field}.mean_ms"), mean_ms, 0.0, MAX_MS)
            }
            Dist::Uniform { min_ms, max_ms } => {
                self.range(s, who, &format!("{field}.min_ms"), min_ms, 0.0, MAX_MS);
                self.range(s, who, &format!("{field}.max_ms"), max_ms, 0.0, MAX_MS);
                if min_ms.is_finite() && max_ms.is_finite() && min_ms > max_ms {
                    self.err(
                        s,
                        &format!("{field}.max_ms"),
                        format!(
                            "{who}: {field} has its minimum ({min_ms} ms) above its maximum ({max_ms} ms)"
                        ),
                    );
                }
            }
            Dist::LogNormal { median_ms, sigma } => {
                self.range(
                    s,
                    who,
                    &format!("{field}.median_ms"),
                    median_ms,
                    0.0,
                    MAX_MS,
                );
                self.range(s, who, &format!("{field}.sigma"), sigma, 0.0, 4.0);
            }
        }
    }

    /// A client's request classes: field `paths.N.path` / `paths.N.weight` for row N
    /// (from 0), so the app can put each message on its row.
    pub(crate) fn paths(&mut self, s: &Subject, who: &str, paths: &[RequestPath]) {
        if paths.len() > MAX_PATHS {
            self.err(
                s,
                "paths",
                format!("{who}: at most {MAX_PATHS} paths, got {}", paths.len()),
            );
        }
        for (i, p) in paths.iter().enumerate() {
            let row = i + 1;
            let field = |f: &str| format!("paths.{i}.{f}");
            if let Some(message) = route_text_problem(&p.path) {
                self.err(s, &field("path"), format!("{who}: path {row} {message}"));
            } else if paths[..i].iter().any(|q| q.path == p.path) {
                self.err(
                    s,
                    &field("path"),
                    format!("{who}: path {row} ('{}') is listed twice; keep one", p.path),
                );
            }
            if !p.weight.is_finite() || p.weight <= 0.0 || p.weight > MAX_PATH_WEIGHT {
                self.err(
                    s,
                    &field("weight"),
                    format!(
                        "{who}: the weight of path {row} must be more than 0 and at most {MAX_PATH_WEIGHT}, got {}",
                        fmt_num(p.weight)
                    ),
                );
            }
        }
    }

    fn run(&mut self, r: &RunSettings) {
        let s = Subject::Run;
        let who = "Run settings";
        self.range(&s, who, "duration_s", r.duration_s, 0.001, MAX_DURATION_S);
        self.range(&s, who, "window_ms", r.window_ms, 10.0, 3_600_000.0);
        if r.warmup_s.is_finite() && r.duration_s.is_finite() && r.warmup_s >= r.duration_s {
            self.err(
                &s,
                "warmup_s",
                format!(
                    "{who}: the warm-up ({} s) must be shorter than the run ({} s)",
                    fmt_num(r.warmup_s),
                    fmt_num(r.duration_s)
                ),
            );
        } else {
            self.range(&s, who, "warmup_s", r.warmup_s, 0.0, MAX_DURATION_S);
        }
        // A duration out of range has its own error; the windows are counted for one in range.
        if r.duration_s <= MAX_DURATION_S
            && r.window_ms.is_finite()
            && r.window_ms > 0.0
            && r.duration_s * 1000.0 / r.window_ms > MAX_WINDOWS
        {
            self.err(
                &s,
                "window_ms",
                format!(
                    "{who}: {} s in windows of {} ms makes more than {MAX_WINDOWS} windows; use longer windows",
                    fmt_num(r.duration_s),
                    fmt_num(r.window_ms)
                ),
            );
        }
    }

    fn slo(&mut self, slo: &Slo) {
        let s = Subject::Slo;
        let who = "Service-level objective";
        self.range(&s, who, "latency_ms", slo.latency_ms, 0.001, MAX_MS);
        self.range(&s, who, "success_target", slo.success_target, 0.0, 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web_app() -> Scenario {
        Scenario::from_json(include_str!("../../../../examples/web-app.json")).unwrap()
    }

    #[test]
    fn examples_are_valid() {
        for text in [
            include_str!("../../../../examples/web-app.json"),
            include_str!("../../../../examples/mm1.json"),
            include_str!("../../../../examples/mmc.json"),
            include_str!("../../../../examples/queue-workers.json"),
            include_str!("../../../../examples/edge.json"),
            include_str!("../../../../examples/multi-region.json"),
        ] {
            let sc = Scenario::from_json(text).unwrap();
            assert_eq!(validate(&sc), vec![], "{}", sc.name);
        }
    }

    #[test]
    fn reports_every_problem_with_names() {
        let mut sc = web_app();
        if let Params::Service(p) = &mut sc.components[2].params {
            p.workers = 0;
        }
        if let Params::Database(p) = &mut sc.components[6].params {
            p.read_time = Dist::Exponential { mean_ms: -3.0 };
        }
        sc.connections.push(Connection::new("db", "ghost"));
        let problems = errors(&sc);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.contains(&"Service 'API 1': workers must be at least 1, got 0".to_string()),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("Database 'Database': read_time.mean_ms must be at least 0")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("there is no component 'ghost'")),
            "{text:?}"
        );
        assert_eq!(
            problems[0].subject,
            Subject::Component {
                id: "api-1".to_string()
            }
        );
        assert_eq!(problems[0].field, "workers");
    }

    #[test]
    fn loops_and_connections_into_clients_are_refused() {
        let mut sc = web_app();
        sc.connections.push(Connection::new("cache", "api-2"));
        sc.connections.push(Connection::new("lb", "users"));
        let text: Vec<String> = errors(&sc).iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("form a loop") && t.contains("cache → api-2 → cache")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("nothing can connect into Client 'Users'")),
            "{text:?}"
        );
    }

    #[test]
    fn unconnected_components_are_named() {
        let mut sc = web_app();
        sc.components.push(Component {
            id: "lonely".into(),
            label: "Lonely service".into(),
            pos: Pos::default(),
            params: Kind::Service.default_params(),
            failures: None,
            zone: None,
            redundancy: None,
        });
        let problems = validate(&sc);
        assert!(problems.iter().all(|p| !p.is_error()));
        assert!(problems.iter().any(|p| p.message
            == "Service 'Lonely service' receives no requests: nothing is connected into it"));
    }

    #[test]
    fn nan_and_negative_rates_are_errors() {
        let mut sc = web_app();
        if let Params::Client(p) = &mut sc.components[0].params {
            p.traffic = Traffic::Open {
                process: ArrivalProcess::Poisson,
                rate: RateProfile::Constant { rps: -5.0 },
            };
            p.timeout_ms = f64::NAN;
        }
        let text: Vec<String> = errors(&sc).iter().map(|p| p.to_string()).collect();
        assert!(text.contains(&"Client 'Users': rate must be at least 0, got -5".to_string()));
        assert!(text.contains(
            &"Client 'Users': timeout_ms must be a number, got not a number".to_string()
        ));
    }

    fn edge() -> Scenario {
        Scenario::from_json(include_str!("../../../../examples/edge.json")).unwrap()
    }

    fn messages(sc: &Scenario) -> Vec<(String, String)> {
        errors(sc)
            .into_iter()
            .map(|p| (p.field, p.message))
            .collect()
    }

    #[test]
    fn each_path_row_gets_its_own_message() {
        let mut sc = edge();
        if let Params::Client(p) = &mut sc.components[0].params {
            p.paths[1].path = "static/img".into();
            p.paths[2].weight = 0.0;
            p.paths[3].path = "/api/orders".into();
        }
        let m = messages(&sc);
        assert!(
            m.contains(&(
                "paths.1.path".into(),
                "Client 'Users': path 2 must start with '/', like '/api/orders', got 'static/img'"
                    .into()
            )),
            "{m:?}"
        );
        assert!(
            m.iter().any(|(f, msg)| f == "paths.2.weight"
                && msg.contains("the weight of path 3 must be more than 0")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|(f, msg)| f == "paths.3.path" && msg.contains("listed twice")),
            "{m:?}"
        );
    }

    #[test]
    fn routes_belong_to_gateways_and_one_default_at_most() {
        let mut sc = edge();
        sc.connections[0].route = Some("/x".into()); // users → cdn
        sc.connections[3].route = None; // gateway → payments
        sc.connections[4].route = None; // gateway → files
        sc.connections[2].route = Some("/api/pay".into()); // a second /api/pay
        let m = messages(&sc);
        assert!(
            m.iter()
                .any(|(f, msg)| f == "route" && msg.contains("only an API gateway routes by path")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|(_, msg)| msg.contains("2 connections without a route")),
            "{m:?}"
        );
        sc.connections[3].route = Some("/api/pay".into());
        assert!(
            messages(&sc)
                .iter()
                .any(|(_, msg)| msg.contains("already routes '/api/pay'"))
        );
    }

    #[test]
    fn a_cdn_needs_one_origin_and_a_gateway_a_route() {
        let mut sc = edge();
        sc.connections
            .retain(|c| c.from != "cdn" && c.from != "gateway");
        let m = messages(&sc);
        assert!(
            m.iter()
                .any(|(_, msg)| msg.starts_with("CDN 'CDN' must connect to exactly one origin")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|(_, msg)| msg.starts_with("API gateway 'API gateway' has no routes")),
            "{m:?}"
        );
    }

    #[test]
    fn a_gateway_limit_is_checked_like_a_limiter() {
        let mut sc = edge();
        if let Params::ApiGateway(p) = &mut sc.components[2].params {
            p.rate_limit = Some(RateLimit::TokenBucket {
                rate_rps: 0.0,
                burst: 0,
            });
            p.workers = MAX_POOL + 1;
        }
        let fields: Vec<String> = messages(&sc).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["workers", "rate_limit.rate_rps", "rate_limit.burst"]
        );
    }
}
