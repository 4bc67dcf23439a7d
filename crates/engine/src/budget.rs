//! What a run may cost, checked before it starts and while it runs, so no scenario — from a
//! file or a link anyone can send — freezes a tab or eats the machine's memory.
//!
//! Before a run, [`too_big`] refuses a graph past the size limits in constant time (before
//! validation does any work that grows with the graph), and [`cost`] estimates the events
//! per simulated second, the calls one request makes, and the memory of the metrics
//! windows, refusing a scenario past a budget with a message that names the cause and the
//! fix. While it runs, the simulation stops with a [`Halt`] when simulated time stands still,
//! the events of the run or the pending work pass their budget.

use crate::input::{group_thousands, human_bytes};
use crate::limits::MAX_COMPONENTS;
pub use crate::limits::{
    BYTES_PER_WINDOW, BYTES_PER_WINDOW_ENTRY, MAX_CALLS_PER_REQUEST, MAX_CONNECTIONS,
    MAX_EVENTS_PER_INSTANT, MAX_EVENTS_PER_RUN, MAX_FAULTS, MAX_PENDING_EVENTS, MAX_WINDOW_BYTES,
};
use crate::scenario::{Component, Params, Scenario, Traffic};
use crate::time::SimTime;
use crate::validate::{Problem, Severity, Subject};
use std::collections::BTreeMap;
use std::fmt;

/// Events one request costs at its client (its arrival and its timeout) and per call (the
/// call's arrival and its answer); `mm1.json` measures 4 for one call.
const EVENTS_PER_REQUEST: f64 = 2.0;
const EVENTS_PER_CALL: f64 = 2.0;

/// Why a run was stopped before its end. Its `Display` is the sentence to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Halt {
    /// More than `limit` events at one simulated time ([`MAX_EVENTS_PER_INSTANT`] unless
    /// the run was given other [`Budgets`]).
    TimeStandsStill {
        at_s: f64,
        limit: u64,
        cause: String,
    },
    /// `limit` events, the most the run may take ([`MAX_EVENTS_PER_RUN`]).
    TooManyEvents { at_s: f64, limit: u64 },
    /// More than `limit` events waiting ([`MAX_PENDING_EVENTS`]).
    TooMuchPending {
        at_s: f64,
        pending: usize,
        limit: usize,
    },
}

impl fmt::Display for Halt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Halt::TimeStandsStill { at_s, limit, cause } => write!(
                f,
                "The run stopped at {at_s:.3} s: simulated time stands still ({} events at \
                 the same instant). {cause}",
                group_thousands(*limit)
            ),
            Halt::TooManyEvents { at_s, limit } => write!(
                f,
                "The run stopped at {at_s:.3} s after {} events, the most one run may take. \
                 Lower the traffic, shorten the run, or make fewer services call every \
                 dependency.",
                group_thousands(*limit)
            ),
            Halt::TooMuchPending {
                at_s,
                pending,
                limit,
            } => write!(
                f,
                "The run stopped at {at_s:.3} s: {} events were waiting at once (at most {} \
                 fit in memory). Requests pile up faster than they finish: lower the traffic, \
                 shorten the timeouts and latencies, or add capacity.",
                group_thousands(*pending as u64),
                group_thousands(*limit as u64)
            ),
        }
    }
}

/// What one run may spend while it runs. The defaults are the limits every run gets; a
/// test or a quick preview may give a run smaller ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budgets {
    /// The most events the run may process.
    pub events_per_run: u64,
    /// The most events at one simulated instant before time counts as standing still.
    pub events_per_instant: u64,
    /// The most events that may wait at once.
    pub pending_events: usize,
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets {
            events_per_run: MAX_EVENTS_PER_RUN,
            events_per_instant: MAX_EVENTS_PER_INSTANT,
            pending_events: MAX_PENDING_EVENTS,
        }
    }
}

/// The run-time budgets of one simulation: counts the events at the current instant and
/// remembers why the run stopped.
#[derive(Clone, Debug, Default)]
pub(crate) struct Guard {
    pub budgets: Budgets,
    instant: SimTime,
    at_instant: u64,
    /// Why simulated time would stand still in this scenario, in words (see
    /// [`zero_time_cause`]).
    pub cause: String,
    pub halt: Option<Halt>,
}

impl Guard {
    pub fn new(sc: &Scenario) -> Guard {
        Guard {
            cause: zero_time_cause(sc),
            ..Guard::default()
        }
    }

    /// Counts an event at time `t`; whether the instant has seen too many.
    #[inline]
    pub fn stands_still(&mut self, t: SimTime) -> bool {
        if t == self.instant {
            self.at_instant += 1;
            self.at_instant > self.budgets.events_per_instant
        } else {
            self.instant = t;
            self.at_instant = 1;
            false
        }
    }
}

/// The chain of components and links that takes no time at all, starting at a client:
/// "Clients → Server take 0 ms; give the think time, link or service a duration." A closed
/// loop around it, or retries without backoff, make simulated time stand still.
pub fn zero_time_cause(sc: &Scenario) -> String {
    let adj = sc.callees();
    let zero_link: BTreeMap<(&str, &str), bool> = sc
        .connections
        .iter()
        .map(|k| ((k.from.as_str(), k.to.as_str()), k.latency.mean_ms() <= 0.0))
        .collect();
    let takes_no_time = |c: &Component| match &c.params {
        Params::Service(p) => p.service_time.mean_ms() <= 0.0,
        Params::Client(p) => match &p.traffic {
            Traffic::Closed { think_time, .. } => think_time.mean_ms() <= 0.0,
            Traffic::Open { .. } => true,
        },
        _ => true,
    };
    for (i, c) in sc.components.iter().enumerate() {
        if !matches!(c.params, Params::Client(_)) || !takes_no_time(c) {
            continue;
        }
        let mut chain = vec![c.display_name().to_string()];
        let mut at = i;
        // Follow the first 0 ms link into a component that takes no time; at most n steps.
        for _ in 0..sc.components.len() {
            let from = sc.components[at].id.as_str();
            let next = adj[at].iter().copied().find(|&t| {
                let to = &sc.components[t];
                zero_link.get(&(from, to.id.as_str())) == Some(&true) && takes_no_time(to)
            });
            let Some(next) = next else { break };
            chain.push(sc.components[next].display_name().to_string());
            at = next;
        }
        if chain.len() > 1 {
            return format!(
                "{} take 0 ms; give the think time, link or service a duration.",
                chain.join(" → ")
            );
        }
    }
    "Look for think times, links and service times of 0 ms, or retries without a backoff, \
     and give them a duration."
        .to_string()
}

/// The lists of a scenario that have a size limit, with it.
pub const LIST_LIMITS: [(&str, usize); 3] = [
    ("components", MAX_COMPONENTS),
    ("connections", MAX_CONNECTIONS),
    ("faults", MAX_FAULTS),
];

/// The sentence for a list past its limit: "The diagram has 100,000 components; …".
pub fn too_many(list: &str, n: usize, max: usize) -> String {
    format!(
        "The diagram has {} {list}; archsim simulates at most {} {list}. Split it into \
         smaller scenarios.",
        group_thousands(n as u64),
        group_thousands(max as u64)
    )
}

/// The size problems of a graph past the limits, found without looking at its parts; when
/// there are any, validation stops there (its checks grow faster than the graph).
pub fn too_big(sc: &Scenario) -> Vec<Problem> {
    let lens = [sc.components.len(), sc.connections.len(), sc.faults.len()];
    LIST_LIMITS
        .iter()
        .zip(lens)
        .filter(|&(&(_, max), n)| n > max)
        .map(|(&(list, max), n)| Problem {
            severity: Severity::Error,
            subject: Subject::Scenario,
            field: list.to_string(),
            message: too_many(list, n, max),
        })
        .collect()
}

/// The cost of running a scenario that validation found no error in.
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    /// Calls one request makes at most, per client (indexed like the components; 0 for
    /// other kinds).
    pub calls_per_request: Vec<f64>,
    /// Events per simulated second at the peak rate.
    pub events_per_s: f64,
    /// Events of the whole run.
    pub events: f64,
    /// Bytes of the per-window metrics.
    pub window_bytes: f64,
}

/// Estimates the cost of a run; see [`Cost`]. Linear in the graph.
pub fn estimate(sc: &Scenario) -> Cost {
    let calls = calls_per_visit(sc);
    let mut events_per_s = 0.0;
    let mut calls_per_request = vec![0.0; sc.components.len()];
    for (i, c) in sc.components.iter().enumerate() {
        let Params::Client(p) = &c.params else {
            continue;
        };
        // A client's request is one call to one of its connections.
        let per_request = calls[i] - 1.0;
        calls_per_request[i] = per_request;
        let rps = match &p.traffic {
            Traffic::Open { rate, .. } => rate.rates().into_iter().fold(0.0, f64::max),
            // Time per cycle is at least the think time; with none, a millisecond (a zero
            // cycle is caught while running, as time standing still).
            Traffic::Closed { users, think_time } => {
                f64::from(*users) * 1000.0 / think_time.mean_ms().max(1.0)
            }
        };
        events_per_s += rps * (EVENTS_PER_REQUEST + EVENTS_PER_CALL * per_request);
    }
    let run = &sc.run;
    let windows = (run.duration_s * 1000.0 / run.window_ms).ceil().max(1.0);
    let entries = (sc.components.len() + sc.connections.len()) as f64;
    Cost {
        calls_per_request,
        events_per_s,
        events: events_per_s * run.duration_s,
        window_bytes: windows * (BYTES_PER_WINDOW + entries * BYTES_PER_WINDOW_ENTRY),
    }
}

/// The problems of a scenario whose run would cost more than its budgets. Call it only for
/// a scenario without errors (the estimate assumes a graph without loops).
pub fn cost(sc: &Scenario) -> Vec<Problem> {
    let c = estimate(sc);
    let mut problems = Vec::new();
    for (comp, &calls) in sc.components.iter().zip(&c.calls_per_request) {
        if calls > MAX_CALLS_PER_REQUEST {
            problems.push(Problem {
                severity: Severity::Error,
                subject: Subject::Component {
                    id: comp.id.clone(),
                },
                field: String::new(),
                message: format!(
                    "One request from {} makes about {} calls (a service calls every one of \
                     its dependencies, and each of them theirs{}); archsim allows at most {}. \
                     Put a load balancer in front of the copies, or fan out over fewer layers.",
                    name(comp),
                    big(calls),
                    widest(sc).map_or(String::new(), |(w, n)| format!(
                        ": {} alone calls {n}",
                        name(w)
                    )),
                    big(MAX_CALLS_PER_REQUEST)
                ),
            });
        }
    }
    let run = &sc.run;
    if problems.is_empty() && c.events > MAX_EVENTS_PER_RUN as f64 {
        let max_s = (MAX_EVENTS_PER_RUN as f64 / c.events_per_s).floor();
        problems.push(Problem {
            severity: Severity::Error,
            subject: Subject::Run,
            field: "duration_s".into(),
            message: format!(
                "Run settings: this run would take about {} events ({} events per simulated \
                 second over {} s); archsim runs at most {}. Shorten the run to {} s or less, \
                 or lower the traffic.",
                big(c.events),
                big(c.events_per_s),
                run.duration_s,
                big(MAX_EVENTS_PER_RUN as f64),
                max_s
            ),
        });
    }
    if c.window_bytes > MAX_WINDOW_BYTES {
        let entries = (sc.components.len() + sc.connections.len()) as f64;
        let min_window_ms =
            (run.duration_s * 1000.0 * (BYTES_PER_WINDOW + entries * BYTES_PER_WINDOW_ENTRY)
                / MAX_WINDOW_BYTES)
                .ceil();
        problems.push(Problem {
            severity: Severity::Error,
            subject: Subject::Run,
            field: "window_ms".into(),
            message: format!(
                "Run settings: {} windows of {} ms × ({} components + {} connections) would \
                 keep about {} of metrics; archsim keeps at most {}. Use windows of {} ms or \
                 more, or a shorter run.",
                group_thousands((run.duration_s * 1000.0 / run.window_ms).ceil() as u64),
                run.window_ms,
                sc.components.len(),
                sc.connections.len(),
                human_bytes(c.window_bytes as u64),
                human_bytes(MAX_WINDOW_BYTES as u64),
                min_window_ms
            ),
        });
    }
    problems
}

/// "Service 'api'".
fn name(c: &Component) -> String {
    format!("{} '{}'", c.params.kind().name(), c.display_name())
}

/// A large count in words: "about 1.2 billion" reads better than 19 digits.
fn big(x: f64) -> String {
    if x >= 1e12 {
        format!("{x:.1e}")
    } else if x >= 1e6 {
        let (scaled, word) = if x >= 1e9 {
            (x / 1e9, "billion")
        } else {
            (x / 1e6, "million")
        };
        let digits = format!("{scaled:.1}");
        format!("{} {word}", digits.trim_end_matches(".0"))
    } else {
        group_thousands(x.round() as u64)
    }
}

/// The service with the most dependencies (the widest fan-out), if any has two or more.
fn widest(sc: &Scenario) -> Option<(&Component, usize)> {
    let mut out: BTreeMap<&str, usize> = BTreeMap::new();
    for k in &sc.connections {
        *out.entry(k.from.as_str()).or_default() += 1;
    }
    sc.components
        .iter()
        .filter(|c| matches!(c.params, Params::Service(_)))
        .map(|c| (c, out.get(c.id.as_str()).copied().unwrap_or(0)))
        .filter(|&(_, n)| n >= 2)
        .rev()
        .max_by_key(|&(_, n)| n)
}

/// Calls a visit to each component leads to, itself included: a service calls each of its
/// dependencies, every other kind one of its connections (the costliest, as an upper bound).
/// Saturates instead of overflowing; components in a loop count once (validation refuses
/// loops before any run).
fn calls_per_visit(sc: &Scenario) -> Vec<f64> {
    let n = sc.components.len();
    let adj = sc.callees();
    // Iterative post-order, so a 500-deep chain needs no deep recursion.
    let mut calls: Vec<Option<f64>> = vec![None; n];
    let mut on_stack = vec![false; n];
    for start in 0..n {
        if calls[start].is_some() {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        on_stack[start] = true;
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            if let Some(&to) = adj[node].get(top.1) {
                top.1 += 1;
                if calls[to].is_none() && !on_stack[to] {
                    on_stack[to] = true;
                    stack.push((to, 0));
                }
                continue;
            }
            let below = adj[node].iter().filter_map(|&t| calls[t]);
            let fans_out = matches!(sc.components[node].params, Params::Service(_));
            let extra = if fans_out {
                below.sum::<f64>()
            } else {
                below.fold(0.0, f64::max)
            };
            calls[node] = Some((1.0 + extra).min(f64::MAX));
            on_stack[node] = false;
            stack.pop();
        }
    }
    calls.into_iter().map(|c| c.unwrap_or(1.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{ComponentWindow, ConnectionWindow, WindowStats};

    fn example(name: &str) -> Scenario {
        let path = format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Scenario::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_window_estimate_bounds_the_real_sizes() {
        let entry = std::mem::size_of::<ComponentWindow>().max(size_of::<ConnectionWindow>());
        assert!(entry as f64 <= BYTES_PER_WINDOW_ENTRY, "{entry} bytes");
        assert!(size_of::<WindowStats>() as f64 <= BYTES_PER_WINDOW);
    }

    #[test]
    fn one_call_costs_four_events_as_mm1_measures() {
        // mm1.json: 80 req/s for 600 s into one server; its run processes 192,703 events.
        let c = estimate(&example("mm1"));
        assert_eq!(c.events_per_s, 80.0 * 4.0);
        assert!(
            (c.events - 192_703.0).abs() / 192_703.0 < 0.01,
            "{}",
            c.events
        );
    }

    #[test]
    fn every_example_is_within_budget() {
        for name in [
            "web-app",
            "edge",
            "resilience",
            "sharding",
            "multi-region",
            "mmc",
        ] {
            assert_eq!(cost(&example(name)), Vec::new(), "{name}");
        }
    }
}
