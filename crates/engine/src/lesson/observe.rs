//! Observations: claims about a run's metrics in a window of simulated time ("the cache hit
//! ratio is ≥ 0.6 in [20 s, 40 s]", "the database's arrivals rise ≥ 3× after the crash"),
//! and their evaluation over the run's [`WindowStats`]. Pure and deterministic, so the CLI
//! and the browser (on `Simulation::windows`) reach the same verdicts.

use crate::metrics::{ComponentWindow, FailReason, ReplicationStats, WindowStats, hot_share};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// One claim a lesson makes about its run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The claim in plain words, shown beside its ✓.
    pub claim: String,
    pub metric: Metric,
    /// The component measured, for component metrics (and replication metrics of one
    /// database).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// The connection measured, for connection metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnectionRef>,
    /// For `failed` and `failed_share`: count only this reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FailReason>,
    /// The time window, in seconds of simulated time: the metrics windows inside it count.
    pub from_s: f64,
    pub to_s: f64,
    /// How the windows are combined; see [`Aggregate`].
    #[serde(default, skip_serializing_if = "Aggregate::is_pooled")]
    pub aggregate: Aggregate,
    pub compare: Compare,
    /// The bound: the measured value (or ratio, with `relative_to`) is compared with it.
    pub value: f64,
    /// Compare the ratio of the measure to this reference instead of the measure itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_to: Option<Reference>,
}

/// The denominator of a relative observation. Fields left out are the observation's own;
/// naming another `metric` takes no component, connection or reason from the observation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Metric>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnectionRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FailReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<Aggregate>,
}

/// A connection, by the ids of its two ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionRef {
    pub from: String,
    pub to: String,
}

/// How the windows inside an observation's time range are combined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Over the whole range at once: counts are summed, rates are the sum over the
    /// seconds covered, ratios are ratios of sums, levels (utilization, queue) are
    /// time-weighted means, percentiles are means of the windows' percentiles weighted by
    /// their completed requests.
    #[default]
    Pooled,
    /// The highest value of any single window (the worst p99, the busiest second).
    Max,
    /// The lowest value of any single window.
    Min,
}

impl Aggregate {
    fn is_pooled(&self) -> bool {
        *self == Aggregate::Pooled
    }
}

/// How the measured value must compare with the bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compare {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "<")]
    Below,
}

impl Compare {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Compare::AtLeast => "≥",
            Compare::Above => ">",
            Compare::AtMost => "≤",
            Compare::Below => "<",
        }
    }

    fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Compare::AtLeast => value >= bound,
            Compare::Above => value > bound,
            Compare::AtMost => value <= bound,
            Compare::Below => value < bound,
        }
    }
}

/// What a metric is measured on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The whole system, as the clients see it.
    System,
    /// One component (`component` is required).
    Component,
    /// The whole system, or one database when `component` is given.
    SystemOrComponent,
    /// One connection (`connection` is required).
    Connection,
}

macro_rules! metrics {
    ($($variant:ident = $name:literal, $subject:ident, $unit:literal, $doc:literal;)*) => {
        /// A quantity measured per window.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Metric {
            $(#[doc = $doc] $variant,)*
        }

        impl Metric {
            /// Every metric, in the order the format documents them.
            pub const ALL: &'static [Metric] = &[$(Metric::$variant,)*];

            /// The name in lesson files.
            pub fn name(self) -> &'static str {
                match self { $(Metric::$variant => $name,)* }
            }

            /// What the metric is measured on.
            pub fn subject(self) -> Subject {
                match self { $(Metric::$variant => Subject::$subject,)* }
            }

            /// Its unit, for printing ("" for counts and ratios).
            pub fn unit(self) -> &'static str {
                match self { $(Metric::$variant => $unit,)* }
            }

            /// One sentence saying what it is.
            pub fn describe(self) -> &'static str {
                match self { $(Metric::$variant => $doc,)* }
            }
        }
    };
}

metrics! {
    GeneratedRps = "generated_rps", System, " req/s", "Requests born per second (first attempts).";
    ThroughputRps = "throughput_rps", System, " req/s", "Requests answered successfully per second.";
    SuccessRatio = "success_ratio", System, "", "Completed / (completed + failed).";
    GoodRatio = "good_ratio", System, "", "Requests answered within the SLO latency / all that finished.";
    Failed = "failed", System, "", "Requests failed for good (of one `reason` if given).";
    FailedRps = "failed_rps", System, " req/s", "Requests failed for good per second (of one `reason` if given).";
    FailedShare = "failed_share", System, "", "Failed / (completed + failed) (of one `reason` if given).";
    Uptime = "uptime", System, "", "Share of the windows that met the SLO.";
    WindowsDown = "windows_down", System, "", "Windows that missed the SLO.";
    MeanMs = "mean_ms", System, " ms", "Mean end-to-end latency of the successful requests.";
    P50Ms = "p50_ms", System, " ms", "Median end-to-end latency.";
    P95Ms = "p95_ms", System, " ms", "95th percentile of the end-to-end latency.";
    P99Ms = "p99_ms", System, " ms", "99th percentile of the end-to-end latency.";
    P999Ms = "p999_ms", System, " ms", "99.9th percentile of the end-to-end latency.";
    MaxMs = "max_ms", System, " ms", "The slowest successful request.";
    Retries = "retries", System, "", "Retry attempts sent.";
    RetriesPerRequest = "retries_per_request", System, "", "Retry attempts per request born.";
    RetriesDenied = "retries_denied", System, "", "Failed attempts the retry budget did not let retry.";
    DuplicateWrites = "duplicate_writes", System, "", "Writes applied a second time for the same request.";
    Degraded = "degraded", System, "", "Answers given although an optional dependency failed.";
    InFlight = "in_flight", SystemOrComponent, "", "Requests in flight (in the system, or inside the component) at the end of each window, averaged.";
    AsyncCompleted = "async_completed", System, "", "Queue messages a consumer finished.";
    AsyncP99Ms = "async_p99_ms", System, " ms", "99th percentile of a queued message's birth-to-done time.";
    StaleReads = "stale_reads", SystemOrComponent, "", "Reads that missed the latest committed write of their key.";
    ReplicaReads = "replica_reads", SystemOrComponent, "", "Reads served by a replica.";
    StaleShare = "stale_share", SystemOrComponent, "", "Stale reads / replica reads.";
    LostWrites = "lost_writes", SystemOrComponent, "", "Acknowledged writes lost: a promoted replica had not received them, or a write-back cache had not flushed them.";
    SessionsLost = "sessions_lost", SystemOrComponent, "", "Signed-in users logged out: the instance holding their session in memory crashed, or their request reached another instance.";
    FalseSuspicions = "false_suspicions", SystemOrComponent, "", "Backends a load balancer took out while they were up: their health probes timed out.";
    ConflictingWrites = "conflicting_writes", SystemOrComponent, "", "Keys written on both sides of a partition (AP), counted at heal.";
    ReplicaFailovers = "replica_failovers", SystemOrComponent, "", "Replicas promoted to primary.";
    Utilization = "utilization", Component, "", "Busy workers / all workers, time-averaged.";
    QueueLen = "queue_len", Component, "", "Requests waiting, time-averaged.";
    Arrivals = "arrivals", Component, "", "Requests that arrived at the component.";
    ArrivalRps = "arrival_rps", Component, " req/s", "Requests that arrived at the component per second.";
    Drops = "drops", Component, "", "Requests the component refused (queue full, waited too long).";
    DropRps = "drop_rps", Component, " req/s", "Requests refused per second.";
    Hits = "hits", Component, "", "Cache hits.";
    Misses = "misses", Component, "", "Cache misses.";
    HitRatio = "hit_ratio", Component, "", "Hits / (hits + misses) of a cache.";
    Fallbacks = "fallbacks", Component, "", "Lookups of a down cache sent straight to its store.";
    OriginRps = "origin_rps", Component, " req/s", "Requests a CDN sent to its origin per second.";
    Offload = "offload", Component, "", "Share of a CDN's requests answered at the edge.";
    StaleServes = "stale_serves", Component, "", "Expired copies a CDN served because its origin failed.";
    NoRoute = "no_route", Component, "", "Requests an API gateway had no route for (404).";
    HotShardShare = "hot_shard_share", Component, "", "The busiest shard's share of a shard router's requests.";
    MovedKeyMisses = "moved_key_misses", Component, "", "Requests for a key a reshard moved and had not migrated yet.";
    Instances = "instances", Component, "", "Instances of a service taking work, time-averaged.";
    InstancesWarming = "instances_warming", Component, "", "Instances of an autoscaled service still warming up, time-averaged.";
    DowntimeS = "downtime_s", Component, " s", "Seconds the component did not serve.";
    Availability = "availability", Component, "", "Share of the time the component served.";
    NodesUp = "nodes_up", Component, "", "Nodes of a redundant component up at the end of each window, averaged.";
    BreakerOpenShare = "breaker_open_share", Connection, "", "Share of the time the connection's circuit breaker was open.";
    ShortCircuited = "short_circuited", Connection, "", "Calls the open breaker failed at once.";
}

/// A measure resolved to indices into the windows.
#[derive(Clone, Copy, Debug)]
struct Target {
    metric: Metric,
    component: Option<usize>,
    connection: Option<usize>,
    reason: Option<FailReason>,
    from_s: f64,
    to_s: f64,
    aggregate: Aggregate,
}

/// The verdict on one observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Holds,
    Fails,
    /// The run has not reached the end of the window yet (only while a run is going on).
    Pending,
}

/// An observation evaluated on a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub verdict: Verdict,
    /// The measured value (the ratio for a relative observation); none when it could not
    /// be measured.
    pub value: Option<f64>,
    /// What was measured against what, or why nothing could be: for the user.
    pub detail: String,
}

impl Observation {
    /// Problems that make the observation meaningless on `scenario` (a metric without its
    /// component, an unknown id, a window outside the run), each a sentence.
    pub fn problems(&self, scenario: &Scenario) -> Vec<String> {
        let mut out = Vec::new();
        let own = MeasureSpec {
            metric: self.metric,
            component: self.component.as_deref(),
            connection: self.connection.as_ref(),
            reason: self.reason,
            from_s: self.from_s,
            to_s: self.to_s,
        };
        own.check(scenario, &mut out);
        if let Some(r) = &self.relative_to {
            let spec = self.reference_spec(r);
            spec.check(scenario, &mut out);
        }
        if !self.value.is_finite() {
            out.push("its value must be a finite number".into());
        }
        out
    }

    fn reference_spec<'a>(&'a self, r: &'a Reference) -> MeasureSpec<'a> {
        let (component, connection, reason) = if r.metric.is_some() {
            (r.component.as_deref(), r.connection.as_ref(), r.reason)
        } else {
            (
                r.component.as_deref().or(self.component.as_deref()),
                r.connection.as_ref().or(self.connection.as_ref()),
                r.reason.or(self.reason),
            )
        };
        MeasureSpec {
            metric: r.metric.unwrap_or(self.metric),
            component,
            connection,
            reason,
            from_s: r.from_s.unwrap_or(self.from_s),
            to_s: r.to_s.unwrap_or(self.to_s),
        }
    }

    /// Evaluates the observation on the windows a run of `scenario` produced so far;
    /// `finished` says whether the run is over (then a window it never reached fails
    /// instead of pending).
    pub fn evaluate(
        &self,
        scenario: &Scenario,
        windows: &[WindowStats],
        finished: bool,
    ) -> Outcome {
        let problems = self.problems(scenario);
        if let Some(p) = problems.first() {
            return Outcome {
                verdict: Verdict::Fails,
                value: None,
                detail: p.clone(),
            };
        }
        let Some(own) = MeasureSpec {
            metric: self.metric,
            component: self.component.as_deref(),
            connection: self.connection.as_ref(),
            reason: self.reason,
            from_s: self.from_s,
            to_s: self.to_s,
        }
        .resolve(scenario, self.aggregate) else {
            return unmeasured("an unknown id");
        };
        let reference = match &self.relative_to {
            None => None,
            Some(r) => match self
                .reference_spec(r)
                .resolve(scenario, r.aggregate.unwrap_or(self.aggregate))
            {
                Some(t) => Some(t),
                None => return unmeasured("an unknown id"),
            },
        };
        let reached = windows.last().map_or(0.0, |w| w.end_s);
        let latest = reference.map_or(own.to_s, |r| r.to_s.max(own.to_s));
        if reached + 1e-9 < latest {
            return Outcome {
                verdict: if finished {
                    Verdict::Fails
                } else {
                    Verdict::Pending
                },
                value: None,
                detail: if finished {
                    format!("the run ended at {reached} s, before {latest} s")
                } else {
                    format!("waits for {latest} s of the run (now {reached} s)")
                },
            };
        }
        let value = match measure(&own, windows) {
            Ok(v) => v,
            Err(why) => return unmeasured(&why),
        };
        let unit = self.metric.unit();
        let (shown, detail_tail) = match reference {
            None => (value, format!("{}{unit}", fmt_num(value))),
            Some(r) => {
                let base = match measure(&r, windows) {
                    Ok(v) => v,
                    Err(why) => return unmeasured(&why),
                };
                if base == 0.0 {
                    return unmeasured("the reference measured 0, so there is no ratio");
                }
                (
                    value / base,
                    format!(
                        "{}{unit} / {}{} = {}×",
                        fmt_num(value),
                        fmt_num(base),
                        r.metric.unit(),
                        fmt_num(value / base)
                    ),
                )
            }
        };
        let holds = self.compare.holds(shown, self.value);
        Outcome {
            verdict: if holds {
                Verdict::Holds
            } else {
                Verdict::Fails
            },
            value: Some(shown),
            detail: format!(
                "{detail_tail} {} {}{}",
                if holds { self.compare.symbol() } else { "not" },
                if holds {
                    String::new()
                } else {
                    format!("{} ", self.compare.symbol())
                },
                fmt_num(self.value)
            ),
        }
    }
}

fn unmeasured(why: &str) -> Outcome {
    Outcome {
        verdict: Verdict::Fails,
        value: None,
        detail: format!("not measurable: {why}"),
    }
}

/// A number with a precision a reader can use (3 significant digits, no trailing noise).
pub fn fmt_num(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

struct MeasureSpec<'a> {
    metric: Metric,
    component: Option<&'a str>,
    connection: Option<&'a ConnectionRef>,
    reason: Option<FailReason>,
    from_s: f64,
    to_s: f64,
}

impl MeasureSpec<'_> {
    fn check(&self, scenario: &Scenario, out: &mut Vec<String>) {
        let name = self.metric.name();
        match self.metric.subject() {
            Subject::System => {
                if self.component.is_some() || self.connection.is_some() {
                    out.push(format!(
                        "'{name}' is measured on the whole system: it takes no component or connection"
                    ));
                }
            }
            Subject::SystemOrComponent => {
                if self.connection.is_some() {
                    out.push(format!("'{name}' takes no connection"));
                }
            }
            Subject::Component => {
                if self.component.is_none() {
                    out.push(format!("'{name}' needs a \"component\""));
                }
                if self.connection.is_some() {
                    out.push(format!("'{name}' takes no connection"));
                }
            }
            Subject::Connection => {
                if self.connection.is_none() {
                    out.push(format!("'{name}' needs a \"connection\""));
                }
                if self.component.is_some() {
                    out.push(format!("'{name}' takes no component"));
                }
            }
        }
        if let Some(id) = self.component
            && scenario.component(id).is_none()
        {
            out.push(format!("there is no component '{id}'"));
        }
        if let Some(c) = self.connection
            && !scenario
                .connections
                .iter()
                .any(|k| k.from == c.from && k.to == c.to)
        {
            out.push(format!("there is no connection {} → {}", c.from, c.to));
        }
        if self.reason.is_some()
            && !matches!(
                self.metric,
                Metric::Failed | Metric::FailedRps | Metric::FailedShare
            )
        {
            out.push(format!("'{name}' takes no reason"));
        }
        let duration = scenario.run.duration_s;
        if !(self.from_s.is_finite() && self.to_s.is_finite() && self.from_s < self.to_s) {
            out.push(format!(
                "the window [{}, {}] s must have from_s < to_s",
                self.from_s, self.to_s
            ));
        } else if self.from_s < 0.0 || self.to_s > duration + 1e-9 {
            out.push(format!(
                "the window [{}, {}] s is outside the run (0 to {duration} s)",
                self.from_s, self.to_s
            ));
        }
    }

    /// Indices for the ids (none when an id is unknown; `problems` names it).
    fn resolve(&self, scenario: &Scenario, aggregate: Aggregate) -> Option<Target> {
        let component = match self.component {
            Some(id) => Some(scenario.components.iter().position(|c| c.id == id)?),
            None => None,
        };
        let connection = match self.connection {
            Some(c) => Some(
                scenario
                    .connections
                    .iter()
                    .position(|k| k.from == c.from && k.to == c.to)?,
            ),
            None => None,
        };
        Some(Target {
            metric: self.metric,
            component,
            connection,
            reason: self.reason,
            from_s: self.from_s,
            to_s: self.to_s,
            aggregate,
        })
    }
}

/// The target's value over the windows inside its time range.
fn measure(t: &Target, windows: &[WindowStats]) -> Result<f64, String> {
    let inside: Vec<&WindowStats> = windows
        .iter()
        .filter(|w| w.start_s >= t.from_s - 1e-9 && w.end_s <= t.to_s + 1e-9)
        .collect();
    if inside.is_empty() {
        return Err(format!(
            "no whole metrics window inside [{}, {}] s",
            t.from_s, t.to_s
        ));
    }
    match t.aggregate {
        Aggregate::Pooled => pooled(t, &inside),
        Aggregate::Max | Aggregate::Min => {
            let mut best: Option<f64> = None;
            for w in &inside {
                let Ok(v) = pooled(t, std::slice::from_ref(w)) else {
                    continue;
                };
                best = Some(match (best, t.aggregate) {
                    (None, _) => v,
                    (Some(b), Aggregate::Max) => b.max(v),
                    (Some(b), _) => b.min(v),
                });
            }
            best.ok_or_else(|| format!("no window measured {}", t.metric.name()))
        }
    }
}

fn pooled(t: &Target, ws: &[&WindowStats]) -> Result<f64, String> {
    let seconds: f64 = ws.iter().map(|w| w.end_s - w.start_s).sum();
    let sum = |f: &dyn Fn(&WindowStats) -> f64| ws.iter().map(|w| f(w)).sum::<f64>();
    let per_s = |x: f64| if seconds > 0.0 { x / seconds } else { 0.0 };
    let timed = |f: &dyn Fn(&WindowStats) -> f64| {
        per_s(ws.iter().map(|w| f(w) * (w.end_s - w.start_s)).sum::<f64>())
    };
    let ratio = |num: f64, den: f64, what: &str| {
        if den > 0.0 {
            Ok(num / den)
        } else {
            Err(format!("no {what} in the window"))
        }
    };
    let finished = |w: &WindowStats| (w.completed + w.failed.total()) as f64;
    let failed = |w: &WindowStats| match t.reason {
        Some(r) => w.failed.get(r) as f64,
        None => w.failed.total() as f64,
    };
    let weighted_latency = |f: &dyn Fn(&WindowStats) -> f64,
                            completed: &dyn Fn(&WindowStats) -> f64| {
        let n = sum(completed);
        ratio(sum(&|w| f(w) * completed(w)), n, "completed request")
    };
    let comp = |w: &'_ WindowStats| t.component.and_then(|i| w.components.get(i)).cloned();
    let c = |f: fn(&ComponentWindow) -> f64| {
        move |w: &WindowStats| t.component.and_then(|i| w.components.get(i)).map_or(0.0, f)
    };
    let repl = |w: &WindowStats| -> ReplicationStats {
        match t.component {
            Some(_) => comp(w).map(|c| c.replication).unwrap_or_default(),
            None => w.replication,
        }
    };
    let conn = |w: &WindowStats| t.connection.and_then(|i| w.connections.get(i)).cloned();
    let completed = |w: &WindowStats| w.completed as f64;
    Ok(match t.metric {
        Metric::GeneratedRps => per_s(sum(&|w| w.generated as f64)),
        Metric::ThroughputRps => per_s(sum(&completed)),
        Metric::SuccessRatio => {
            let n = sum(&finished);
            if n > 0.0 { sum(&completed) / n } else { 1.0 }
        }
        Metric::GoodRatio => {
            let n = sum(&finished);
            if n > 0.0 {
                sum(&|w| w.good_ratio * finished(w)) / n
            } else {
                1.0
            }
        }
        Metric::Failed => sum(&failed),
        Metric::FailedRps => per_s(sum(&failed)),
        Metric::FailedShare => ratio(sum(&failed), sum(&finished), "finished request")?,
        Metric::Uptime => ws.iter().filter(|w| w.up).count() as f64 / ws.len() as f64,
        Metric::WindowsDown => ws.iter().filter(|w| !w.up).count() as f64,
        Metric::MeanMs => weighted_latency(&|w| w.latency.mean_ms, &completed)?,
        Metric::P50Ms => weighted_latency(&|w| w.latency.p50_ms, &completed)?,
        Metric::P95Ms => weighted_latency(&|w| w.latency.p95_ms, &completed)?,
        Metric::P99Ms => weighted_latency(&|w| w.latency.p99_ms, &completed)?,
        Metric::P999Ms => weighted_latency(&|w| w.latency.p999_ms, &completed)?,
        Metric::MaxMs => {
            if sum(&completed) == 0.0 {
                return Err("no completed request in the window".into());
            }
            ws.iter().map(|w| w.latency.max_ms).fold(0.0, f64::max)
        }
        Metric::Retries => sum(&|w| w.retries as f64),
        Metric::RetriesPerRequest => ratio(
            sum(&|w| w.retries as f64),
            sum(&|w| w.generated as f64),
            "request born",
        )?,
        Metric::RetriesDenied => sum(&|w| w.retries_denied as f64),
        Metric::DuplicateWrites => sum(&|w| w.duplicate_writes as f64),
        Metric::Degraded => sum(&|w| w.degraded as f64),
        Metric::InFlight => {
            let f: &dyn Fn(&WindowStats) -> f64 = match t.component {
                Some(_) => &c(|c| c.in_flight as f64),
                None => &|w| w.in_flight as f64,
            };
            sum(f) / ws.len() as f64
        }
        Metric::AsyncCompleted => sum(&|w| w.async_completed as f64),
        Metric::AsyncP99Ms => {
            weighted_latency(&|w| w.async_latency.p99_ms, &|w| w.async_completed as f64)?
        }
        Metric::StaleReads => sum(&|w| repl(w).stale_reads as f64),
        Metric::ReplicaReads => sum(&|w| repl(w).replica_reads as f64),
        Metric::StaleShare => ratio(
            sum(&|w| repl(w).stale_reads as f64),
            sum(&|w| repl(w).replica_reads as f64),
            "replica read",
        )?,
        Metric::LostWrites => sum(&|w| {
            let cached: u64 = match t.component {
                Some(i) => w.components.get(i).map_or(0, |c| c.lost_writes),
                None => w.components.iter().map(|c| c.lost_writes).sum(),
            };
            (repl(w).lost_writes + cached) as f64
        }),
        Metric::SessionsLost => sum(&|w| of_one_or_all(w, t.component, |c| c.sessions_lost)),
        Metric::FalseSuspicions => sum(&|w| of_one_or_all(w, t.component, |c| c.false_suspicions)),
        Metric::ConflictingWrites => sum(&|w| repl(w).conflicting_writes as f64),
        Metric::ReplicaFailovers => sum(&|w| repl(w).failovers as f64),
        Metric::Utilization => timed(&c(|c| c.utilization)),
        Metric::QueueLen => timed(&c(|c| c.queue_len)),
        Metric::Arrivals => sum(&c(|c| c.arrivals as f64)),
        Metric::ArrivalRps => per_s(sum(&c(|c| c.arrivals as f64))),
        Metric::Drops => sum(&c(|c| c.drops as f64)),
        Metric::DropRps => per_s(sum(&c(|c| c.drops as f64))),
        Metric::Hits => sum(&c(|c| c.hits as f64)),
        Metric::Misses => sum(&c(|c| c.misses as f64)),
        Metric::HitRatio => ratio(
            sum(&c(|c| c.hits as f64)),
            sum(&c(|c| (c.hits + c.misses) as f64)),
            "cache lookup",
        )?,
        Metric::Fallbacks => sum(&c(|c| c.fallbacks as f64)),
        Metric::OriginRps => per_s(sum(&c(|c| c.edge.origin as f64))),
        Metric::Offload => {
            let arrivals = sum(&c(|c| c.arrivals as f64));
            1.0 - ratio(sum(&c(|c| c.edge.origin as f64)), arrivals, "request")?.min(1.0)
        }
        Metric::StaleServes => sum(&c(|c| c.edge.stale as f64)),
        Metric::NoRoute => sum(&c(|c| c.edge.no_route as f64)),
        Metric::HotShardShare => {
            let mut per_shard: Vec<u64> = Vec::new();
            for w in ws {
                if let Some(cw) = comp(w) {
                    if per_shard.len() < cw.shard_requests.len() {
                        per_shard.resize(cw.shard_requests.len(), 0);
                    }
                    for (acc, n) in per_shard.iter_mut().zip(&cw.shard_requests) {
                        *acc += n;
                    }
                }
            }
            if per_shard.iter().sum::<u64>() == 0 {
                return Err("no request routed to a shard in the window".into());
            }
            hot_share(&per_shard)
        }
        Metric::MovedKeyMisses => sum(&c(|c| c.moved_key_misses as f64)),
        Metric::Instances => timed(&c(|c| c.instances)),
        Metric::InstancesWarming => timed(&c(|c| c.instances_warming)),
        Metric::DowntimeS => sum(&c(|c| c.downtime_s)),
        Metric::Availability => {
            if seconds > 0.0 {
                1.0 - sum(&c(|c| c.downtime_s)) / seconds
            } else {
                1.0
            }
        }
        Metric::NodesUp => sum(&c(|c| c.nodes_up as f64)) / ws.len() as f64,
        Metric::BreakerOpenShare => timed(&|w| conn(w).map_or(0.0, |c| c.breaker_open_share)),
        Metric::ShortCircuited => sum(&|w| conn(w).map_or(0.0, |c| c.short_circuited as f64)),
    })
}

/// A count of one component's figures in window `w`, or the sum over every component.
fn of_one_or_all(w: &WindowStats, component: Option<usize>, f: fn(&ComponentWindow) -> u32) -> f64 {
    match component {
        Some(i) => w.components.get(i).map_or(0.0, |c| f64::from(f(c))),
        None => w.components.iter().map(|c| f64::from(f(c))).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Percentiles;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"components": [
                {"id": "c", "params": {"type": "client"}},
                {"id": "cache", "params": {"type": "cache"}}],
              "connections": [{"from": "c", "to": "cache"}],
              "run": {"duration_s": 4}}"#,
        )
        .unwrap()
    }

    /// Four one-second windows; the cache's hits and arrivals per window are given.
    fn windows(hits: [u64; 4], arrivals: [u64; 4]) -> Vec<WindowStats> {
        (0..4)
            .map(|i| WindowStats {
                start_s: i as f64,
                end_s: i as f64 + 1.0,
                completed: 100,
                latency: Percentiles {
                    p99_ms: 10.0 * (i + 1) as f64,
                    ..Percentiles::default()
                },
                components: vec![
                    ComponentWindow::default(),
                    ComponentWindow {
                        hits: hits[i],
                        misses: arrivals[i] - hits[i],
                        arrivals: arrivals[i],
                        ..ComponentWindow::default()
                    },
                ],
                ..WindowStats::default()
            })
            .collect()
    }

    fn obs(json: &str) -> Observation {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_pooled_ratio_is_a_ratio_of_sums() {
        // 10 of 100 hits, then 90 of 100: pooled hit ratio 100/200 = 0.5, not a mean of ratios.
        let ws = windows([10, 90, 0, 0], [100, 100, 1, 1]);
        let o = obs(
            r#"{"claim": "half hit", "metric": "hit_ratio", "component": "cache",
                "from_s": 0, "to_s": 2, "compare": ">=", "value": 0.5}"#,
        );
        let out = o.evaluate(&scenario(), &ws, true);
        assert_eq!(out.verdict, Verdict::Holds, "{}", out.detail);
        assert_eq!(out.value, Some(0.5));
        let strict = Observation {
            compare: Compare::Above,
            ..o
        };
        assert_eq!(
            strict.evaluate(&scenario(), &ws, true).verdict,
            Verdict::Fails
        );
    }

    #[test]
    fn a_relative_observation_divides_two_windows() {
        // Arrivals 10/s in [0, 2] then 40/s in [2, 4]: a 4× rise.
        let ws = windows([0; 4], [10, 10, 40, 40]);
        let o = obs(
            r#"{"claim": "load rises", "metric": "arrival_rps", "component": "cache",
                "from_s": 2, "to_s": 4, "compare": ">=", "value": 3,
                "relative_to": {"from_s": 0, "to_s": 2}}"#,
        );
        let out = o.evaluate(&scenario(), &ws, true);
        assert_eq!(out.value, Some(4.0));
        assert_eq!(out.verdict, Verdict::Holds);
        let higher = Observation { value: 5.0, ..o };
        let out = higher.evaluate(&scenario(), &ws, true);
        assert_eq!(out.verdict, Verdict::Fails);
        assert!(out.detail.contains("not ≥ 5"), "{}", out.detail);
    }

    #[test]
    fn max_takes_the_worst_window() {
        let ws = windows([0; 4], [1; 4]);
        let o = obs(
            r#"{"claim": "worst p99", "metric": "p99_ms", "from_s": 0, "to_s": 4,
                "aggregate": "max", "compare": ">=", "value": 40}"#,
        );
        assert_eq!(o.evaluate(&scenario(), &ws, true).value, Some(40.0));
        let pooled = Observation {
            aggregate: Aggregate::Pooled,
            ..o
        };
        assert_eq!(pooled.evaluate(&scenario(), &ws, true).value, Some(25.0));
    }

    #[test]
    fn a_window_not_reached_is_pending_then_fails() {
        let ws = windows([0; 4], [1; 4]);
        let o = obs(
            r#"{"claim": "x", "metric": "throughput_rps", "from_s": 0, "to_s": 4,
                "compare": ">=", "value": 1}"#,
        );
        assert_eq!(
            o.evaluate(&scenario(), &ws[..2], false).verdict,
            Verdict::Pending
        );
        assert_eq!(
            o.evaluate(&scenario(), &ws[..2], true).verdict,
            Verdict::Fails
        );
        assert_eq!(o.evaluate(&scenario(), &ws, true).verdict, Verdict::Holds);
    }

    #[test]
    fn incoherent_observations_say_why() {
        let s = scenario();
        let no_comp = obs(
            r#"{"claim": "x", "metric": "hit_ratio", "from_s": 0, "to_s": 4,
                "compare": ">=", "value": 1}"#,
        );
        assert!(no_comp.problems(&s)[0].contains("needs a \"component\""));
        let unknown = obs(
            r#"{"claim": "x", "metric": "hit_ratio", "component": "db", "from_s": 0,
                "to_s": 9, "compare": ">=", "value": 1}"#,
        );
        let p = unknown.problems(&s);
        assert!(p.iter().any(|p| p.contains("no component 'db'")), "{p:?}");
        assert!(p.iter().any(|p| p.contains("outside the run")), "{p:?}");
        let e = serde_json::from_str::<Observation>(
            r#"{"claim": "x", "metric": "p99_ms", "from_s": 0, "to_s": 4,
                "compare": ">=", "value": 1, "threshold": 2}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown field `threshold`"), "{e}");
    }
}
