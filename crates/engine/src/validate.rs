//! Checks a scenario before it is simulated and explains every problem at once, naming the
//! component or connection and the field, in words a student understands.

use crate::scenario::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Largest request rate a client may ask for, per second.
pub const MAX_RPS: f64 = 1_000_000.0;
/// Longest simulated run, in seconds (one day).
pub const MAX_DURATION_S: f64 = 86_400.0;
/// Most metrics windows a run may have.
pub const MAX_WINDOWS: f64 = 100_000.0;
/// Most components in a scenario.
pub const MAX_COMPONENTS: usize = 500;
/// Most keys of a Zipf distribution (its table is precomputed).
pub const MAX_ZIPF_KEYS: u32 = 1_000_000;
/// Largest count for workers, connections, consumers, instances, users.
pub const MAX_POOL: u32 = 100_000;
/// Largest queue or cache capacity.
pub const MAX_CAPACITY: u32 = 10_000_000;
/// Longest time a user may type anywhere, in milliseconds (one day).
pub const MAX_MS: f64 = 86_400_000.0;
/// Most nodes of an active-active component.
pub const MAX_NODES: u32 = 16;
/// A sliding-log limiter keeps one timestamp per admitted request in its window.
pub const MAX_LOG_LIMIT: u32 = 100_000;
/// Most request classes (paths) of one client.
pub const MAX_PATHS: usize = 64;
/// Longest path or route text, in characters.
pub const MAX_PATH_LEN: usize = 200;
/// Largest weight of a path.
pub const MAX_PATH_WEIGHT: f64 = 1_000_000.0;
/// Largest key space of a shard router (a reshard measures what it moves key by key).
pub const MAX_KEY_SPACE: u32 = 1_000_000;
/// Most virtual nodes per shard on a consistent-hash ring.
pub const MAX_VNODES: u32 = 1000;
/// Most availability zones in a scenario.
pub const MAX_ZONES: usize = 64;

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

struct Validator {
    problems: Vec<Problem>,
}

/// The words a message uses for a component: "Service 'api'".
fn name(c: &Component) -> String {
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

fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        "not a number".to_string()
    } else if x.is_infinite() {
        "infinity".to_string()
    } else {
        let s = format!("{x}");
        s
    }
}

impl Validator {
    fn push(&mut self, severity: Severity, subject: Subject, field: &str, message: String) {
        self.problems.push(Problem {
            severity,
            subject,
            field: field.to_string(),
            message,
        });
    }

    fn err(&mut self, subject: &Subject, field: &str, message: String) {
        self.push(Severity::Error, subject.clone(), field, message);
    }

    /// A finite number within [min, max].
    fn range(&mut self, s: &Subject, who: &str, field: &str, x: f64, min: f64, max: f64) {
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

    fn count(&mut self, s: &Subject, who: &str, field: &str, x: u32, min: u32, max: u32) {
        self.range(s, who, field, x as f64, min as f64, max as f64);
    }

    fn dist(&mut self, s: &Subject, who: &str, field: &str, d: &Dist) {
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

    /// A rate limit's numbers; `prefix` names where it sits ("" on a rate limiter).
    fn rate_limit(&mut self, s: &Subject, who: &str, prefix: &str, algorithm: &RateLimit) {
        let f = |name: &str| format!("{prefix}{name}");
        match *algorithm {
            RateLimit::TokenBucket { rate_rps, burst } => {
                self.range(s, who, &f("rate_rps"), rate_rps, 0.001, MAX_RPS);
                self.count(s, who, &f("burst"), burst, 1, MAX_CAPACITY);
            }
            RateLimit::LeakyBucket { rate_rps, queue } => {
                self.range(s, who, &f("rate_rps"), rate_rps, 0.001, MAX_RPS);
                self.count(s, who, &f("queue"), queue, 0, MAX_CAPACITY);
            }
            RateLimit::FixedWindow { limit, window_ms }
            | RateLimit::SlidingLog { limit, window_ms }
            | RateLimit::SlidingCounter { limit, window_ms } => {
                let max = if matches!(algorithm, RateLimit::SlidingLog { .. }) {
                    MAX_LOG_LIMIT
                } else {
                    MAX_CAPACITY
                };
                self.count(s, who, &f("limit"), limit, 1, max);
                self.range(s, who, &f("window_ms"), window_ms, 1.0, MAX_MS);
            }
        }
    }

    /// A client's request classes: field `paths.N.path` / `paths.N.weight` for row N
    /// (from 0), so the app can put each message on its row.
    fn paths(&mut self, s: &Subject, who: &str, paths: &[RequestPath]) {
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

    /// The routes on a gateway's connections: texts like paths, no two the same, at most
    /// one default (a connection without a route).
    fn routes(&mut self, sc: &Scenario) {
        for g in &sc.components {
            let outs: Vec<&Connection> = sc.connections.iter().filter(|c| c.from == g.id).collect();
            let is_gateway = g.params.kind() == Kind::ApiGateway;
            for (i, conn) in outs.iter().enumerate() {
                let s = Subject::Connection {
                    from: conn.from.clone(),
                    to: conn.to.clone(),
                };
                let arrow = format!("Connection '{}' → '{}'", conn.from, conn.to);
                let Some(route) = &conn.route else {
                    continue;
                };
                if !is_gateway {
                    self.err(
                        &s,
                        "route",
                        format!(
                            "{arrow}: only an API gateway routes by path; remove the route '{route}' or start the connection at a gateway"
                        ),
                    );
                } else if let Some(message) = route_text_problem(route) {
                    self.err(&s, "route", format!("{arrow}: the route {message}"));
                } else if outs[..i].iter().any(|c| c.route.as_ref() == Some(route)) {
                    self.err(
                        &s,
                        "route",
                        format!(
                            "{arrow}: {} already routes '{route}' over another connection",
                            name(g)
                        ),
                    );
                }
            }
            let defaults = outs.iter().filter(|c| c.route.is_none()).count();
            if is_gateway && defaults > 1 {
                self.err(
                    &Subject::Component { id: g.id.clone() },
                    "connections",
                    format!(
                        "{} has {defaults} connections without a route; only one can be the default route, give the others a path prefix",
                        name(g)
                    ),
                );
            }
        }
    }

    fn scenario(&mut self, sc: &Scenario) {
        let whole = Subject::Scenario;
        if sc.version == 0 || sc.version > SCENARIO_VERSION {
            self.err(
                &whole,
                "version",
                format!(
                    "This scenario is format version {}, but this archsim reads versions 1 to {SCENARIO_VERSION}",
                    sc.version
                ),
            );
        }
        if sc.components.is_empty() {
            self.err(
                &whole,
                "components",
                "The diagram is empty: add a client and something for it to call".to_string(),
            );
        }
        if sc.components.len() > MAX_COMPONENTS {
            self.err(
                &whole,
                "components",
                format!(
                    "The diagram has {} components; archsim simulates at most {MAX_COMPONENTS}",
                    sc.components.len()
                ),
            );
        }

        // Ids: present and unique.
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, c) in sc.components.iter().enumerate() {
            let s = Subject::Component { id: c.id.clone() };
            if c.id.trim().is_empty() {
                self.err(
                    &s,
                    "id",
                    format!("Component number {} has an empty id", i + 1),
                );
            } else if ids.insert(&c.id, i).is_some() {
                self.err(
                    &s,
                    "id",
                    format!("Two components have the id '{}'; ids must be unique", c.id),
                );
            }
            if !c.pos.x.is_finite() || !c.pos.y.is_finite() {
                self.err(
                    &s,
                    "pos",
                    format!("{}: its position on the canvas is not a number", name(c)),
                );
            }
            self.component(c);
        }
        self.network(sc);

        // Connections: endpoints exist, make sense, no duplicates.
        let mut seen: BTreeMap<(&str, &str), ()> = BTreeMap::new();
        let mut out_degree: BTreeMap<&str, usize> = BTreeMap::new();
        let mut in_degree: BTreeMap<&str, usize> = BTreeMap::new();
        for conn in &sc.connections {
            let s = Subject::Connection {
                from: conn.from.clone(),
                to: conn.to.clone(),
            };
            let arrow = format!("Connection '{}' → '{}'", conn.from, conn.to);
            let from = sc.component(&conn.from);
            let to = sc.component(&conn.to);
            if from.is_none() {
                self.err(
                    &s,
                    "from",
                    format!("{arrow}: there is no component '{}'", conn.from),
                );
            }
            if to.is_none() {
                self.err(
                    &s,
                    "to",
                    format!("{arrow}: there is no component '{}'", conn.to),
                );
            }
            if conn.from == conn.to {
                self.err(&s, "to", format!("{arrow}: a component cannot call itself"));
            }
            if seen.insert((&conn.from, &conn.to), ()).is_some() {
                self.err(&s, "", format!("{arrow} appears twice; keep one"));
            }
            if let Some(t) = to
                && t.params.kind() == Kind::Client
            {
                self.err(
                    &s,
                    "to",
                    format!(
                        "{arrow}: a client only sends requests; nothing can connect into {}",
                        name(t)
                    ),
                );
            }
            if let Some(f) = from
                && f.params.kind() == Kind::Database
            {
                self.err(
                    &s,
                    "from",
                    format!(
                        "{arrow}: {} answers queries itself and cannot call other components",
                        name(f)
                    ),
                );
            }
            self.dist(&s, &arrow, "latency", &conn.latency);
            if conn.weight > 1000 {
                self.err(
                    &s,
                    "weight",
                    format!("{arrow}: weight must be at most 1000, got {}", conn.weight),
                );
            }
            if let Some(b) = &conn.breaker {
                self.breaker(&s, &arrow, b);
            }
            if conn.optional
                && let Some(f) = from
                && !matches!(f.params.kind(), Kind::Service | Kind::Queue)
            {
                self.push(
                    Severity::Warning,
                    s.clone(),
                    "optional",
                    format!(
                        "{arrow}: only a service or a message queue's consumers carry on without an optional dependency; {} still fails when this call fails",
                        name(f)
                    ),
                );
            }
            *out_degree.entry(&conn.from).or_default() += 1;
            *in_degree.entry(&conn.to).or_default() += 1;
        }

        // Topology: who has to call what.
        for c in &sc.components {
            let s = Subject::Component { id: c.id.clone() };
            let outs = out_degree.get(c.id.as_str()).copied().unwrap_or(0);
            let ins = in_degree.get(c.id.as_str()).copied().unwrap_or(0);
            match c.params.kind() {
                Kind::Client if outs == 0 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} is not connected to anything: draw a connection from it to the component it calls",
                        name(c)
                    ),
                ),
                Kind::Dns if outs == 0 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} has no targets: connect it to the entry points (load balancers, services) its name resolves to",
                        name(c)
                    ),
                ),
                Kind::LoadBalancer if outs == 0 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} has no backends: connect it to the services it should spread requests over",
                        name(c)
                    ),
                ),
                Kind::RateLimiter if outs != 1 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} must pass admitted requests to exactly one component, but it connects to {outs}",
                        name(c)
                    ),
                ),
                Kind::ShardRouter => self.shard_topology(c, &s, outs),
                Kind::BlobStorage | Kind::ExternalApi if outs > 0 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} answers requests itself and calls nothing; remove its {outs} outgoing connection(s)",
                        name(c)
                    ),
                ),
                Kind::Cdn if outs != 1 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} must connect to exactly one origin (the component it fetches misses and dynamic requests from), but it connects to {outs}",
                        name(c)
                    ),
                ),
                Kind::ApiGateway if outs == 0 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} has no routes: connect it to the services it should route requests to",
                        name(c)
                    ),
                ),
                Kind::Cache if outs > 1 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{} calls {outs} components on a miss; a cache reads through to exactly one store",
                        name(c)
                    ),
                ),
                Kind::Cache
                    if outs == 0
                        && matches!(&c.params, Params::Cache(p) if p.fallback_when_down) =>
                {
                    self.push(
                        Severity::Warning,
                        s.clone(),
                        "fallback_when_down",
                        format!(
                            "{} has no store to fall back to while it is down: connect it to one",
                            name(c)
                        ),
                    )
                }
                Kind::Cache if outs == 0 => self.push(
                    Severity::Warning,
                    s.clone(),
                    "connections",
                    format!(
                        "{} has nothing behind it: misses are answered as if the data were there",
                        name(c)
                    ),
                ),
                _ => {}
            }
            if c.params.kind() != Kind::Client && ins == 0 {
                self.push(
                    Severity::Warning,
                    s.clone(),
                    "connections",
                    format!(
                        "{} receives no requests: nothing is connected into it",
                        name(c)
                    ),
                );
            }
        }
        if !sc.components.is_empty()
            && !sc
                .components
                .iter()
                .any(|c| c.params.kind() == Kind::Client)
        {
            self.err(
                &whole,
                "components",
                "There is no client, so no request is ever sent: add a Client and connect it"
                    .to_string(),
            );
        }
        if let Some(cycle) = find_cycle(sc) {
            self.err(
                &whole,
                "connections",
                format!(
                    "The connections form a loop ({}); requests would circle forever. Remove one of these connections",
                    cycle.join(" → ")
                ),
            );
        }

        self.routes(sc);
        self.faults(sc);
        self.run(&sc.run);
        self.slo(&sc.slo);
    }

    fn component(&mut self, c: &Component) {
        let s = Subject::Component { id: c.id.clone() };
        let who = name(c);
        match &c.params {
            Params::Client(p) => {
                match &p.traffic {
                    Traffic::Open { rate, .. } => {
                        for rps in rate.rates() {
                            self.range(&s, &who, "rate", rps, 0.0, MAX_RPS);
                        }
                        self.rate_times(&s, &who, rate);
                    }
                    Traffic::Closed { users, think_time } => {
                        self.count(&s, &who, "users", *users, 1, MAX_POOL);
                        self.dist(&s, &who, "think_time", think_time);
                    }
                }
                self.range(&s, &who, "read_ratio", p.read_ratio, 0.0, 1.0);
                match p.keys {
                    KeyDist::Uniform { count } => {
                        self.count(&s, &who, "keys.count", count, 1, u32::MAX)
                    }
                    KeyDist::Zipf { count, s: exponent } => {
                        self.count(&s, &who, "keys.count", count, 1, MAX_ZIPF_KEYS);
                        self.range(&s, &who, "keys.s", exponent, 0.0, 5.0);
                    }
                }
                self.range(&s, &who, "timeout_ms", p.timeout_ms, 1.0, MAX_MS);
                self.count(&s, &who, "retry.max_retries", p.retry.max_retries, 0, 20);
                self.range(
                    &s,
                    &who,
                    "retry.base_backoff_ms",
                    p.retry.base_backoff_ms,
                    0.0,
                    MAX_MS,
                );
                self.range(
                    &s,
                    &who,
                    "retry.max_backoff_ms",
                    p.retry.max_backoff_ms,
                    0.0,
                    MAX_MS,
                );
                if let Some(b) = &p.retry_budget {
                    self.range(&s, &who, "retry_budget.ratio", b.ratio, 0.0, 10.0);
                    self.range(
                        &s,
                        &who,
                        "retry_budget.min_retries_per_s",
                        b.min_retries_per_s,
                        0.0,
                        MAX_RPS,
                    );
                    self.range(
                        &s,
                        &who,
                        "retry_budget.window_ms",
                        b.window_ms,
                        100.0,
                        MAX_MS,
                    );
                    if p.retry.max_retries == 0 {
                        self.push(
                            Severity::Warning,
                            s.clone(),
                            "retry_budget",
                            format!(
                                "{who}: a retry budget has nothing to limit while max retries is 0"
                            ),
                        );
                    }
                }
                self.paths(&s, &who, &p.paths);
            }
            Params::LoadBalancer(p) => {
                if p.health_check.enabled {
                    self.range(
                        &s,
                        &who,
                        "health_check.interval_ms",
                        p.health_check.interval_ms,
                        10.0,
                        MAX_MS,
                    );
                    self.count(
                        &s,
                        &who,
                        "health_check.unhealthy_after",
                        p.health_check.unhealthy_after,
                        1,
                        100,
                    );
                    self.count(
                        &s,
                        &who,
                        "health_check.healthy_after",
                        p.health_check.healthy_after,
                        1,
                        100,
                    );
                }
            }
            Params::Service(p) => {
                self.count(&s, &who, "instances", p.instances, 1, MAX_POOL);
                self.count(&s, &who, "workers", p.workers, 1, MAX_POOL);
                if p.instances as u64 * p.workers as u64 > MAX_POOL as u64 {
                    self.err(
                        &s,
                        "workers",
                        format!(
                            "{who}: instances × workers must be at most {MAX_POOL}, got {}",
                            p.instances as u64 * p.workers as u64
                        ),
                    );
                }
                self.dist(&s, &who, "service_time", &p.service_time);
                self.count(
                    &s,
                    &who,
                    "queue_capacity",
                    p.queue_capacity,
                    0,
                    MAX_CAPACITY,
                );
                if let Some(a) = &p.autoscale {
                    self.autoscale(&s, &who, a, p.workers);
                }
            }
            Params::Cache(p) => {
                match p.mode {
                    CacheMode::Lru { capacity, ttl_ms } => {
                        self.count(&s, &who, "capacity", capacity, 0, MAX_CAPACITY);
                        self.range(&s, &who, "ttl_ms", ttl_ms, 0.0, MAX_MS * 365.0);
                    }
                    CacheMode::FixedHitRatio { hit_ratio } => {
                        self.range(&s, &who, "hit_ratio", hit_ratio, 0.0, 1.0)
                    }
                }
                self.dist(&s, &who, "latency", &p.latency);
            }
            Params::Database(p) => {
                self.count(&s, &who, "connections", p.connections, 1, MAX_POOL);
                self.dist(&s, &who, "read_time", &p.read_time);
                self.dist(&s, &who, "write_time", &p.write_time);
                self.count(
                    &s,
                    &who,
                    "queue_capacity",
                    p.queue_capacity,
                    0,
                    MAX_CAPACITY,
                );
                self.range(&s, &who, "max_wait_ms", p.max_wait_ms, 0.0, MAX_MS);
                if let Some(r) = &p.replication {
                    self.count(
                        &s,
                        &who,
                        "replication.replicas",
                        r.replicas,
                        1,
                        crate::replication::MAX_REPLICAS,
                    );
                    self.dist(&s, &who, "replication.lag", &r.lag);
                    self.range(
                        &s,
                        &who,
                        "replication.detection_ms",
                        r.detection_ms,
                        0.0,
                        MAX_MS,
                    );
                }
            }
            Params::Queue(p) => {
                self.count(&s, &who, "capacity", p.capacity, 1, MAX_CAPACITY);
                self.count(&s, &who, "consumers", p.consumers, 1, MAX_POOL);
                self.dist(&s, &who, "consumer_time", &p.consumer_time);
                self.dist(&s, &who, "ack_latency", &p.ack_latency);
            }
            Params::RateLimiter(p) => self.rate_limit(&s, &who, "", &p.algorithm),
            Params::Cdn(p) => {
                self.count(&s, &who, "capacity", p.capacity, 0, MAX_CAPACITY);
                self.range(&s, &who, "ttl_ms", p.ttl_ms, 0.0, MAX_MS * 365.0);
                self.dist(&s, &who, "edge_latency", &p.edge_latency);
            }
            Params::ApiGateway(p) => {
                self.dist(&s, &who, "overhead", &p.overhead);
                self.count(&s, &who, "workers", p.workers, 0, MAX_POOL);
                self.count(
                    &s,
                    &who,
                    "queue_capacity",
                    p.queue_capacity,
                    0,
                    MAX_CAPACITY,
                );
                if let Some(limit) = &p.rate_limit {
                    self.rate_limit(&s, &who, "rate_limit.", limit);
                }
            }
            Params::BlobStorage(p) | Params::ExternalApi(p) => {
                self.dist(&s, &who, "latency", &p.latency);
                self.range(&s, &who, "error_rate", p.error_rate, 0.0, 1.0);
            }
            Params::ShardRouter(p) => {
                self.count(&s, &who, "key_space", p.key_space, 1, MAX_KEY_SPACE);
                match &p.strategy {
                    ShardStrategy::HashMod => {}
                    ShardStrategy::Range { boundaries } => {
                        for (i, pair) in boundaries.windows(2).enumerate() {
                            if pair[1] <= pair[0] {
                                self.err(
                                    &s,
                                    "boundaries",
                                    format!(
                                        "{who}: range boundaries must increase, but boundary {} ({}) is not above boundary {} ({})",
                                        i + 2,
                                        pair[1],
                                        i + 1,
                                        pair[0]
                                    ),
                                );
                            }
                        }
                        if let Some(&b) = boundaries.iter().find(|&&b| b == 0 || b >= p.key_space) {
                            self.err(
                                &s,
                                "boundaries",
                                format!(
                                    "{who}: every range boundary must be between 1 and {} (inside the key space), got {b}",
                                    p.key_space.saturating_sub(1)
                                ),
                            );
                        }
                    }
                    ShardStrategy::Directory { lookup_ms } => {
                        self.range(&s, &who, "lookup_ms", *lookup_ms, 0.0, MAX_MS)
                    }
                    ShardStrategy::ConsistentHash { vnodes } => {
                        self.count(&s, &who, "vnodes", *vnodes, 1, MAX_VNODES)
                    }
                }
                if let Migration::Penalty { ms } = p.migration {
                    self.range(&s, &who, "migration_penalty_ms", ms, 0.0, MAX_MS);
                }
                self.range(
                    &s,
                    &who,
                    "migration_rate_kps",
                    p.migration_rate_kps,
                    0.0,
                    MAX_RPS,
                );
            }
            Params::Dns(p) => {
                self.range(&s, &who, "ttl_s", p.ttl_s, 0.0, MAX_DURATION_S);
                self.dist(&s, &who, "resolution", &p.resolution);
                if let Some((interval_ms, detection_ms)) = p.policy.health_check_ms() {
                    self.range(&s, &who, "check_interval_ms", interval_ms, 10.0, MAX_MS);
                    self.range(&s, &who, "detection_ms", detection_ms, 0.0, MAX_MS);
                }
            }
        }
        if let Some(f) = &c.failures {
            self.range(
                &s,
                &who,
                "failures.mtbf_s",
                f.mtbf_s,
                0.001,
                MAX_DURATION_S * 1000.0,
            );
            self.range(&s, &who, "failures.mttr_s", f.mttr_s, 0.001, MAX_DURATION_S);
        }
        if let Some(r) = &c.redundancy {
            self.redundancy(&s, &who, &c.params, r);
        }
    }

    fn autoscale(&mut self, s: &Subject, who: &str, a: &Autoscale, workers: u32) {
        self.count(
            s,
            who,
            "autoscale.min_instances",
            a.min_instances,
            1,
            MAX_POOL,
        );
        self.count(
            s,
            who,
            "autoscale.max_instances",
            a.max_instances,
            1,
            MAX_POOL,
        );
        if a.max_instances < a.min_instances {
            self.err(
                s,
                "autoscale.max_instances",
                format!(
                    "{who}: autoscale.max_instances must be at least autoscale.min_instances ({}), got {}",
                    a.min_instances, a.max_instances
                ),
            );
        }
        if a.max_instances as u64 * workers as u64 > MAX_POOL as u64 {
            self.err(
                s,
                "autoscale.max_instances",
                format!(
                    "{who}: autoscale.max_instances × workers must be at most {MAX_POOL}, got {}",
                    a.max_instances as u64 * workers as u64
                ),
            );
        }
        self.range(
            s,
            who,
            "autoscale.target_utilization",
            a.target_utilization,
            0.01,
            1.0,
        );
        self.range(
            s,
            who,
            "autoscale.interval_s",
            a.interval_s,
            0.1,
            MAX_DURATION_S,
        );
        self.range(
            s,
            who,
            "autoscale.cooldown_s",
            a.cooldown_s,
            0.0,
            MAX_DURATION_S,
        );
        self.range(
            s,
            who,
            "autoscale.warmup_s",
            a.warmup_s,
            0.0,
            MAX_DURATION_S,
        );
    }

    /// Redundancy of a load balancer, cache or database. A database with replicas refuses
    /// it: replication already decides what serves when the primary dies (a replica is
    /// promoted after the detection delay), and the two would fight over the same failure,
    /// so a replicated database has no redundancy (the simulation ignores it).
    fn redundancy(&mut self, s: &Subject, who: &str, params: &Params, r: &Redundancy) {
        if let Params::Database(DatabaseParams {
            replication: Some(_),
            ..
        }) = params
        {
            self.err(
                s,
                "redundancy",
                format!(
                    "{who}: a database with replicas cannot also have redundancy (its replicas already fail over); turn off one of them"
                ),
            );
            return;
        }
        if !Redundancy::applies_to(params.kind()) {
            self.err(
                s,
                "redundancy",
                format!(
                    "{who}: redundancy is for load balancers, caches and databases (a service scales with instances)"
                ),
            );
            return;
        }
        match *r {
            Redundancy::ActivePassive { failover_ms, .. } => {
                self.range(s, who, "redundancy.failover_ms", failover_ms, 0.0, MAX_MS)
            }
            Redundancy::ActiveActive { nodes } => {
                self.count(s, who, "redundancy.nodes", nodes, 2, MAX_NODES)
            }
        }
    }

    /// A connection's circuit breaker: window in calls, thresholds, open time, probes.
    fn breaker(&mut self, s: &Subject, who: &str, b: &CircuitBreaker) {
        let max = crate::circuit_breaker::MAX_WINDOW;
        self.count(s, who, "breaker.window", b.window, 1, max);
        self.count(
            s,
            who,
            "breaker.min_calls",
            b.min_calls,
            1,
            b.window.clamp(1, max),
        );
        if b.failure_threshold.is_finite() && b.failure_threshold <= 0.0 {
            self.err(
                s,
                "breaker.failure_threshold",
                format!(
                    "{who}: breaker.failure_threshold must be above 0 (a share of failed calls, 0 to 1), got {}",
                    fmt_num(b.failure_threshold)
                ),
            );
        } else {
            self.range(
                s,
                who,
                "breaker.failure_threshold",
                b.failure_threshold,
                0.0,
                1.0,
            );
        }
        self.range(s, who, "breaker.open_ms", b.open_ms, 1.0, MAX_MS);
        self.count(
            s,
            who,
            "breaker.half_open_probes",
            b.half_open_probes,
            1,
            100,
        );
    }
    /// A shard router's live shards and range boundaries against its connections.
    fn shard_topology(&mut self, c: &Component, s: &Subject, outs: usize) {
        let Params::ShardRouter(p) = &c.params else {
            return;
        };
        let who = name(c);
        if outs == 0 {
            self.err(
                s,
                "connections",
                format!(
                    "{who} has no shards: connect it to the databases or caches that hold its keys"
                ),
            );
            return;
        }
        if p.active_shards as usize > outs {
            self.err(
                s,
                "active_shards",
                format!(
                    "{who}: live shards must be at most its {outs} connection(s), got {}",
                    p.active_shards
                ),
            );
            return;
        }
        let live = p.live_shards(outs) as usize;
        if let ShardStrategy::Range { boundaries } = &p.strategy
            && !boundaries.is_empty()
            && boundaries.len() + 1 != live
        {
            self.err(
                s,
                "boundaries",
                format!(
                    "{who}: {live} live shards need {} range boundaries, got {} (or leave them empty to split the key space evenly)",
                    live - 1,
                    boundaries.len()
                ),
            );
        }
    }

    /// The zones (named, unique, each in a region), the crossing latencies, and that every
    /// component's zone is one of them.
    fn network(&mut self, sc: &Scenario) {
        let s = Subject::Scenario;
        let net = &sc.network;
        if net.zones.len() > MAX_ZONES {
            self.err(
                &s,
                "network.zones",
                format!(
                    "The scenario has {} zones; archsim allows at most {MAX_ZONES}",
                    net.zones.len()
                ),
            );
        }
        let mut names: BTreeMap<&str, ()> = BTreeMap::new();
        for (i, z) in net.zones.iter().enumerate() {
            let field = format!("network.zones[{i}]");
            if z.name.trim().is_empty() {
                self.err(
                    &s,
                    &format!("{field}.name"),
                    format!("Zone {}: its name is empty", i + 1),
                );
            } else if names.insert(&z.name, ()).is_some() {
                self.err(
                    &s,
                    &format!("{field}.name"),
                    format!(
                        "Two zones are called '{}'; zone names must be unique",
                        z.name
                    ),
                );
            }
            if z.region.trim().is_empty() {
                self.err(
                    &s,
                    &format!("{field}.region"),
                    format!(
                        "Zone '{}': its region is empty; say which region it is in",
                        z.name
                    ),
                );
            }
        }
        let who = "Network";
        self.dist(&s, who, "cross_zone_latency", &net.cross_zone_latency);
        self.dist(&s, who, "cross_region_latency", &net.cross_region_latency);
        for c in &sc.components {
            let Some(zone) = &c.zone else { continue };
            if net.zone(zone).is_none() {
                let known: Vec<&str> = net.zones.iter().map(|z| z.name.as_str()).collect();
                let listed = if known.is_empty() {
                    "the scenario declares no zones".to_string()
                } else {
                    format!("the zones are {}", known.join(", "))
                };
                self.err(
                    &Subject::Component { id: c.id.clone() },
                    "zone",
                    format!("{}: zone '{zone}' does not exist ({listed})", name(c)),
                );
            }
        }
    }

    fn rate_times(&mut self, s: &Subject, who: &str, rate: &RateProfile) {
        match rate {
            RateProfile::Constant { .. } => {}
            RateProfile::Steps { steps, .. } => {
                for (i, step) in steps.iter().enumerate() {
                    self.range(
                        s,
                        who,
                        &format!("rate.steps[{i}].at_s"),
                        step.at_s,
                        0.0,
                        MAX_DURATION_S,
                    );
                }
                if steps.len() > 1000 {
                    self.err(
                        s,
                        "rate.steps",
                        format!("{who}: at most 1000 rate steps, got {}", steps.len()),
                    );
                }
            }
            RateProfile::Ramp { start_s, end_s, .. } => {
                self.range(s, who, "rate.start_s", *start_s, 0.0, MAX_DURATION_S);
                self.range(s, who, "rate.end_s", *end_s, 0.0, MAX_DURATION_S);
                if start_s.is_finite() && end_s.is_finite() && end_s <= start_s {
                    self.err(
                        s,
                        "rate.end_s",
                        format!(
                            "{who}: the ramp must end after it starts (start {start_s} s, end {end_s} s)"
                        ),
                    );
                }
            }
            RateProfile::Spike {
                at_s, duration_s, ..
            } => {
                self.range(s, who, "rate.at_s", *at_s, 0.0, MAX_DURATION_S);
                self.range(s, who, "rate.duration_s", *duration_s, 0.0, MAX_DURATION_S);
            }
        }
    }

    fn faults(&mut self, sc: &Scenario) {
        for (index, entry) in sc.faults.iter().enumerate() {
            let s = Subject::Fault { index };
            let who = format!("Fault {} ({})", index + 1, fault_name(&entry.fault));
            self.range(&s, &who, "at_s", entry.at_s, 0.0, MAX_DURATION_S);
            let component = |v: &mut Validator, id: &str| {
                if sc.component(id).is_none() {
                    v.err(
                        &s,
                        "component",
                        format!("{who}: there is no component '{id}'"),
                    );
                }
            };
            let connection = |v: &mut Validator, from: &str, to: &str| {
                if !sc.connections.iter().any(|c| c.from == from && c.to == to) {
                    v.err(
                        &s,
                        "connection",
                        format!("{who}: there is no connection '{from}' → '{to}'"),
                    );
                }
            };
            let duration = |v: &mut Validator, d: Option<f64>| {
                if let Some(d) = d {
                    v.range(&s, &who, "duration_s", d, 0.0, MAX_DURATION_S);
                }
            };
            match &entry.fault {
                Fault::Crash {
                    component: id,
                    duration_s,
                    ..
                } => {
                    component(self, id);
                    duration(self, *duration_s);
                }
                Fault::Recover { component: id } => component(self, id),
                Fault::Slow {
                    component: id,
                    factor,
                    duration_s,
                } => {
                    component(self, id);
                    self.range(&s, &who, "factor", *factor, 0.01, 1000.0);
                    duration(self, *duration_s);
                }
                Fault::Partition {
                    from,
                    to,
                    duration_s,
                } => {
                    connection(self, from, to);
                    duration(self, *duration_s);
                }
                Fault::Heal { from, to } => connection(self, from, to),
                Fault::TrafficSpike {
                    client,
                    factor,
                    duration_s,
                } => {
                    if let Some(id) = client {
                        match sc.component(id) {
                            None => component(self, id),
                            Some(c) if c.params.kind() != Kind::Client => self.err(
                                &s,
                                "client",
                                format!(
                                    "{who}: '{id}' is a {}, not a client",
                                    c.params.kind().name()
                                ),
                            ),
                            Some(_) => {}
                        }
                    }
                    self.range(&s, &who, "factor", *factor, 0.0, 1000.0);
                    self.range(&s, &who, "duration_s", *duration_s, 0.0, MAX_DURATION_S);
                }
                Fault::Reshard {
                    component: id,
                    shards,
                } => match sc.component(id) {
                    None => component(self, id),
                    Some(c) if c.params.kind() != Kind::ShardRouter => self.err(
                        &s,
                        "component",
                        format!(
                            "{who}: '{id}' is a {}, not a shard router",
                            c.params.kind().name()
                        ),
                    ),
                    Some(_) => {
                        let connected = sc.connections.iter().filter(|c| c.from == *id).count();
                        self.count(&s, &who, "shards", *shards, 1, connected.max(1) as u32);
                    }
                },

                Fault::PartitionReplicas {
                    component: id,
                    duration_s,
                } => {
                    match sc.component(id).map(|c| &c.params) {
                        None => component(self, id),
                        Some(Params::Database(DatabaseParams {
                            replication: Some(_),
                            ..
                        })) => {}
                        Some(_) => self.err(
                            &s,
                            "component",
                            format!(
                                "{who}: '{id}' is not a database with replicas; turn on its replication first"
                            ),
                        ),
                    }
                    duration(self, *duration_s);
                }
                Fault::ZoneOutage { zone, duration_s } => {
                    self.fault_zone(sc, &s, &who, zone);
                    duration(self, *duration_s);
                }
                Fault::ZoneRestore { zone } => self.fault_zone(sc, &s, &who, zone),
            }
        }
    }

    fn fault_zone(&mut self, sc: &Scenario, s: &Subject, who: &str, zone: &str) {
        if sc.network.zone(zone).is_none() {
            self.err(s, "zone", format!("{who}: there is no zone '{zone}'"));
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
                    r.warmup_s, r.duration_s
                ),
            );
        } else {
            self.range(&s, who, "warmup_s", r.warmup_s, 0.0, MAX_DURATION_S);
        }
        if r.duration_s.is_finite()
            && r.window_ms.is_finite()
            && r.window_ms > 0.0
            && r.duration_s * 1000.0 / r.window_ms > MAX_WINDOWS
        {
            self.err(
                &s,
                "window_ms",
                format!(
                    "{who}: {} s in windows of {} ms makes more than {MAX_WINDOWS} windows; use longer windows",
                    r.duration_s, r.window_ms
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

/// A short name for a fault, for messages and lists.
pub fn fault_name(f: &Fault) -> String {
    match f {
        Fault::Crash { component, .. } => format!("crash '{component}'"),
        Fault::Recover { component } => format!("recover '{component}'"),
        Fault::Slow {
            component, factor, ..
        } => format!("slow '{component}' ×{factor}"),
        Fault::Partition { from, to, .. } => format!("partition '{from}' → '{to}'"),
        Fault::Heal { from, to } => format!("heal '{from}' → '{to}'"),
        Fault::TrafficSpike { client, factor, .. } => match client {
            Some(c) => format!("traffic ×{factor} from '{c}'"),
            None => format!("traffic ×{factor}"),
        },
        Fault::Reshard { component, shards } => {
            format!("reshard '{component}' to {shards} shards")
        }

        Fault::PartitionReplicas { component, .. } => {
            format!("partition the replicas of '{component}'")
        }
        Fault::ZoneOutage { zone, .. } => format!("zone outage '{zone}'"),
        Fault::ZoneRestore { zone } => format!("zone restore '{zone}'"),
    }
}

/// The ids along a loop in the call graph, first id repeated at the end, if there is one.
pub fn find_cycle(sc: &Scenario) -> Option<Vec<String>> {
    let n = sc.components.len();
    let adj = sc.callees();
    // Iterative depth-first search with colours: 0 new, 1 on the stack, 2 done.
    let mut colour = vec![0u8; n];
    for start in 0..n {
        if colour[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        colour[start] = 1;
        while let Some(&(node, next)) = stack.last() {
            if next < adj[node].len() {
                let to = adj[node][next];
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match colour[to] {
                    0 => {
                        colour[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        // `to` is on the stack: the loop is the stack from `to` onwards.
                        let from = stack.iter().position(|&(id, _)| id == to).unwrap_or(0);
                        let mut path: Vec<String> = stack[from..]
                            .iter()
                            .map(|&(id, _)| sc.components[id].id.clone())
                            .collect();
                        path.push(sc.components[to].id.clone());
                        return Some(path);
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web_app() -> Scenario {
        Scenario::from_json(include_str!("../../../examples/web-app.json")).unwrap()
    }

    #[test]
    fn examples_are_valid() {
        for text in [
            include_str!("../../../examples/web-app.json"),
            include_str!("../../../examples/mm1.json"),
            include_str!("../../../examples/mmc.json"),
            include_str!("../../../examples/queue-workers.json"),
            include_str!("../../../examples/edge.json"),
            include_str!("../../../examples/multi-region.json"),
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
        Scenario::from_json(include_str!("../../../examples/edge.json")).unwrap()
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
