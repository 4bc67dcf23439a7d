//! What a run measured: per-window and whole-run statistics, as plain data for the UI and JSON.

use serde::{Deserialize, Serialize};

/// Why a request (or one attempt of it) failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailReason {
    /// The client stopped waiting.
    Timeout,
    /// A bounded queue was full (HTTP 503 / 429-like).
    Rejected,
    /// A database query waited too long for a connection.
    PoolTimeout,
    /// A component on the path was crashed.
    ComponentDown,
    /// A load balancer had no healthy backend.
    NoBackend,
    /// A rate limiter said no (HTTP 429): the system protecting itself, not breaking.
    RateLimited,
    /// A dependency (blob storage, an external API) answered with an error.
    DependencyError,
}

impl FailReason {
    /// Every reason, in the order reports list them.
    pub const ALL: [FailReason; 7] = [
        FailReason::Timeout,
        FailReason::Rejected,
        FailReason::PoolTimeout,
        FailReason::ComponentDown,
        FailReason::NoBackend,
        FailReason::RateLimited,
        FailReason::DependencyError,
    ];

    /// Words for the user.
    pub fn describe(self) -> &'static str {
        match self {
            FailReason::Timeout => "timed out",
            FailReason::Rejected => "rejected (queue full)",
            FailReason::PoolTimeout => "waited too long for a DB connection",
            FailReason::ComponentDown => "component down",
            FailReason::NoBackend => "no healthy backend",
            FailReason::RateLimited => "rate limited (429)",
            FailReason::DependencyError => "dependency error",
        }
    }

    /// Index into [`FailureCounts::by_reason`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Failures counted by reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureCounts {
    /// Indexed by [`FailReason::index`].
    pub by_reason: [u64; 7],
}

impl FailureCounts {
    /// All failures.
    pub fn total(&self) -> u64 {
        self.by_reason.iter().sum()
    }

    /// Failures for one reason.
    pub fn get(&self, reason: FailReason) -> u64 {
        self.by_reason[reason.index()]
    }

    pub(crate) fn add(&mut self, reason: FailReason) {
        self.by_reason[reason.index()] += 1;
    }
}

/// Latency percentiles in milliseconds (0 when nothing was measured).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Percentiles {
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

/// One component during one window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ComponentWindow {
    /// Busy workers / all workers, averaged over the window (0..=1). For a cache, the
    /// time-averaged number of lookups in progress.
    pub utilization: f64,
    /// Time-averaged number of requests waiting (not being served).
    pub queue_len: f64,
    /// Requests inside the component (waiting or in service) at the end of the window.
    pub in_flight: u64,
    /// Requests that arrived in the window.
    pub arrivals: u64,
    /// Requests refused because a queue was full or the wait too long.
    pub drops: u64,
    /// Cache hits and misses (caches only).
    pub hits: u64,
    pub misses: u64,
    /// Whether the component was up at the end of the window.
    pub up: bool,
    /// Services: instances taking work, time-averaged over the window (an autoscaled
    /// service's count changes; otherwise its fixed instance count). 0 for other kinds.
    pub instances: f64,
    /// Autoscaled services: instances started but still warming up, time-averaged.
    pub instances_warming: f64,
    /// Seconds of the window the component did not serve (crashed, or failing over).
    pub downtime_s: f64,
    /// Redundant components: nodes up at the end of the window (0 for the others).
    pub nodes_up: u32,
}

/// Everything measured in one window of simulated time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowStats {
    pub start_s: f64,
    pub end_s: f64,
    /// Requests born (first attempts only).
    pub generated: u64,
    /// Retry attempts sent.
    pub retries: u64,
    /// Requests answered successfully (their latency is in `latency`).
    pub completed: u64,
    /// Requests that failed for good (after any retries).
    pub failed: FailureCounts,
    /// Requests in flight at the end of the window.
    pub in_flight: u64,
    /// Successful requests per second.
    pub throughput_rps: f64,
    /// End-to-end latency of the requests completed in the window.
    pub latency: Percentiles,
    /// completed / (completed + failed); 1 when nothing finished.
    pub success_ratio: f64,
    /// Requests that succeeded within the SLO latency / all that finished.
    pub good_ratio: f64,
    /// Whether the window met the SLO.
    pub up: bool,
    /// Messages a queue consumer finished, and their birth-to-done latency.
    pub async_completed: u64,
    pub async_latency: Percentiles,
    /// Indexed like the scenario's components.
    pub components: Vec<ComponentWindow>,
}

/// One component over the whole run (after warm-up).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ComponentSummary {
    pub id: String,
    pub kind: crate::Kind,
    pub utilization: f64,
    pub queue_len: f64,
    /// Mean number of requests inside (waiting + in service): L in Little's law.
    pub mean_in_system: f64,
    /// Requests that entered the component per second: λ in Little's law.
    pub arrival_rps: f64,
    /// Mean time a request spent inside (waiting + service + its downstream calls): W.
    pub mean_time_in_system_ms: f64,
    pub arrivals: u64,
    pub drops: u64,
    pub hits: u64,
    pub misses: u64,
    /// hits / (hits + misses); 0 when there were no lookups.
    pub hit_ratio: f64,
    /// Services: ready plus warming instances, time-averaged (0 for other kinds).
    pub mean_instances: f64,
    /// Autoscaled services: scale-ups plus scale-downs.
    pub scaling_actions: u64,
    /// Share of the measured time the component served (not crashed, not failing over).
    pub availability: f64,
    /// Active-passive components: completed failovers to the standby.
    pub failovers: u64,
}

/// The whole run after warm-up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Simulated seconds covered (from the end of warm-up to now).
    pub measured_s: f64,
    pub generated: u64,
    pub retries: u64,
    pub completed: u64,
    pub failed: FailureCounts,
    pub in_flight: u64,
    pub throughput_rps: f64,
    pub latency: Percentiles,
    pub success_ratio: f64,
    /// Windows that met the SLO / all windows after warm-up, in percent.
    pub uptime_pct: f64,
    /// -log10(1 - uptime), e.g. 3.0 for 99.9 %; capped at 9 when no window was down.
    pub nines: f64,
    pub windows_up: u64,
    pub windows_total: u64,
    pub async_completed: u64,
    pub async_failed: u64,
    pub async_latency: Percentiles,
    /// Simulation events processed (for speed measurements).
    pub events: u64,
    pub components: Vec<ComponentSummary>,
}

/// The report of a finished (or paused) run: the CLI's JSON output.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub scenario: String,
    pub seed: u64,
    pub now_s: f64,
    pub summary: Summary,
    pub windows: Vec<WindowStats>,
}

/// The number of nines in an availability (0.999 → 3), capped at 9 for "never down".
pub fn nines(availability: f64) -> f64 {
    if availability >= 1.0 {
        9.0
    } else if availability <= 0.0 {
        0.0
    } else {
        (-libm::log10(1.0 - availability)).min(9.0)
    }
}
