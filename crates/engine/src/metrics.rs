//! What a run measured: per-window and whole-run statistics, as plain data for the UI and JSON.

use crate::circuit_breaker::BreakerState;
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
    /// A circuit breaker was open: the call failed at once without being sent.
    CircuitOpen,
    /// An API gateway has no route for the request's path (HTTP 404).
    NoRoute,
    /// A replicated database in CP mode refused: the node is cut off from the majority, or
    /// it could not prove the read fresh during a partition.
    NoQuorum,
}

impl FailReason {
    /// Every reason, in the order reports list them.
    pub const ALL: [FailReason; 10] = [
        FailReason::Timeout,
        FailReason::Rejected,
        FailReason::PoolTimeout,
        FailReason::ComponentDown,
        FailReason::NoBackend,
        FailReason::RateLimited,
        FailReason::DependencyError,
        FailReason::CircuitOpen,
        FailReason::NoRoute,
        FailReason::NoQuorum,
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
            FailReason::CircuitOpen => "circuit open",
            FailReason::NoRoute => "no route for the path (404)",
            FailReason::NoQuorum => "refused: no quorum (CP)",
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
    pub by_reason: [u64; FailReason::ALL.len()],
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
    /// Lookups of a down cache that went straight to its store (fallback when down).
    pub fallbacks: u64,
    /// Writes a write-back cache acknowledged and lost: it crashed, or its store failed the
    /// flush.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lost_writes: u64,
    /// A service keeping sessions in memory: signed-in users who lost their session (the
    /// instance holding it crashed, or their request reached another instance).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sessions_lost: u32,
    /// A load balancer: backends it took out while they were up, because their probes
    /// timed out (a slow link, not a dead server).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub false_suspicions: u32,
    /// What a CDN or an API gateway did (nothing is written for other kinds).
    #[serde(flatten)]
    pub edge: EdgeCounts,
    /// Shard routers: requests routed to each shard (indexed like its outgoing
    /// connections, spares included).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shard_requests: Vec<u64>,
    /// Shard routers: the busiest shard's share of the requests routed (hot-shard
    /// indicator; 1/N is perfectly even).
    #[serde(default, skip_serializing_if = "is_zero_f64")]
    pub hot_shard_share: f64,
    /// Shard routers: requests for a key a reshard moved that was not migrated yet.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub moved_key_misses: u64,
    /// Replication of a database (zero elsewhere): see [`ReplicationStats`].
    #[serde(default)]
    pub replication: ReplicationStats,
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

/// One connection during one window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionWindow {
    /// The circuit breaker's state at the end of the window; `None` without a breaker.
    pub breaker: Option<BreakerState>,
    /// Share of the window the breaker was open (0..=1).
    pub breaker_open_share: f64,
    /// Calls the open breaker failed at once, without sending them.
    pub short_circuited: u64,
}

/// One connection over the whole run (after warm-up).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionSummary {
    pub from: String,
    pub to: String,
    /// Share of the measured time the breaker was open (0..=1).
    pub breaker_open_share: f64,
    /// Calls the open breaker failed at once.
    pub short_circuited: u64,
    /// Times the breaker tripped open since the start (warm-up included).
    pub breaker_trips: u64,
}

/// The counts of the edge of a system: a CDN's origin calls and stale serves, an API
/// gateway's requests per route and 404s. All zero (and left out of JSON) for other kinds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EdgeCounts {
    /// CDN: requests sent to the origin (misses, dynamic requests and writes).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub origin: u64,
    /// CDN: answers from a held (expired) copy because the origin failed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stale: u64,
    /// API gateway: requests sent over each of its outgoing connections, in the order of the
    /// scenario's connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routed: Vec<u64>,
    /// API gateway: requests whose path no route takes (404).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub no_route: u64,
}

fn is_zero<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

fn is_zero_f64(x: &f64) -> bool {
    *x == 0.0
}

/// The busiest entry's share of the total (0 when there is nothing).
pub fn hot_share(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    match counts.iter().max() {
        Some(&max) if total > 0 => max as f64 / total as f64,
        _ => 0.0,
    }
}

/// One reshard of a shard router.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReshardRecord {
    pub at_s: f64,
    pub from_shards: u32,
    pub to_shards: u32,
    /// The share of the key space whose owner changed.
    pub moved_share: f64,
}

/// What a replicated database measured in a window or over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplicationStats {
    /// Reads served by a replica (not the primary).
    pub replica_reads: u64,
    /// Reads that missed the latest committed write of their key.
    pub stale_reads: u64,
    /// Committed writes thrown away because the promoted replica had not received them.
    pub lost_writes: u64,
    /// Writes to a key that was written on both sides of a partition (AP), counted at heal.
    pub conflicting_writes: u64,
    /// Replicas promoted to primary.
    pub failovers: u64,
    /// Mean time from a write on the primary to its apply on a replica, in ms.
    pub lag_ms_mean: f64,
    /// The node that is primary at the end (0 = the original primary, 1.. the replicas);
    /// none while no node is primary (failing over).
    pub primary: Option<u32>,
}

impl ReplicationStats {
    /// Stale reads / replica reads; 0 when no replica served a read.
    pub fn stale_share(&self) -> f64 {
        if self.replica_reads > 0 {
            self.stale_reads as f64 / self.replica_reads as f64
        } else {
            0.0
        }
    }
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
    /// Writes a database applied a second time for the same request (a retry of a write
    /// whose answer was lost or came too late, without idempotency keys).
    pub duplicate_writes: u64,
    /// Requests answered (and queue messages processed) although an optional dependency
    /// failed on the way.
    pub degraded: u64,
    /// Failed attempts not retried because the client's retry budget was spent.
    pub retries_denied: u64,
    /// Indexed like the scenario's connections.
    pub connections: Vec<ConnectionWindow>,
    /// Replication of every database, added up (the primary is not set).
    #[serde(default)]
    pub replication: ReplicationStats,
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
    /// Lookups of a down cache sent straight to its store.
    pub fallbacks: u64,
    /// Writes a write-back cache acknowledged and lost: it crashed, or its store failed the
    /// flush.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lost_writes: u64,
    /// A service keeping sessions in memory: signed-in users who lost their session (the
    /// instance holding it crashed, or their request reached another instance).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sessions_lost: u64,
    /// A load balancer: backends it took out while they were up, because their probes
    /// timed out (a slow link, not a dead server).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub false_suspicions: u64,
    /// What a CDN or an API gateway did over the run.
    #[serde(flatten)]
    pub edge: EdgeCounts,
    /// Shard routers: requests routed to each shard over the run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shard_requests: Vec<u64>,
    /// Shard routers: the busiest shard's share of the requests routed.
    #[serde(default, skip_serializing_if = "is_zero_f64")]
    pub hot_shard_share: f64,
    /// Shard routers: moved-key misses over the run.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub moved_key_misses: u64,
    /// Shard routers: every reshard so far (warm-up included) and the share it moved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reshards: Vec<ReshardRecord>,
    /// Replication of a database (zero elsewhere).
    #[serde(default)]
    pub replication: ReplicationStats,
    /// Services: ready plus warming instances, time-averaged (0 for other kinds).
    pub mean_instances: f64,
    /// Autoscaled services: scale-ups plus scale-downs.
    pub scaling_actions: u64,
    /// Share of the measured time the component served (not crashed, not failing over).
    pub availability: f64,
    /// Active-passive components: completed failovers to the standby.
    pub failovers: u64,
}

impl ComponentSummary {
    /// CDN: the share of requests answered at the edge, never reaching the origin
    /// (fresh hits and stale serves); 0 before any request.
    pub fn offload(&self) -> f64 {
        if self.arrivals == 0 {
            0.0
        } else {
            1.0 - (self.edge.origin as f64 / self.arrivals as f64).min(1.0)
        }
    }
}

/// The whole run after warm-up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Simulated seconds covered (from the end of warm-up to now).
    pub measured_s: f64,
    /// Requests born after warm-up (first attempts).
    pub generated: u64,
    /// Retry attempts sent after warm-up.
    pub retries: u64,
    /// Requests that finished successfully after warm-up, whenever they were born: with a
    /// warm-up this counts requests born before its end, so it can exceed `generated`.
    pub completed: u64,
    /// Requests that failed for good after warm-up, whenever they were born.
    pub failed: FailureCounts,
    /// Requests in flight now, whenever they were born.
    pub in_flight: u64,
    pub throughput_rps: f64,
    pub latency: Percentiles,
    pub success_ratio: f64,
    /// Windows that met the SLO / all windows after warm-up, in percent.
    pub uptime_pct: f64,
    /// -log10(1 - uptime), e.g. 3.0 for 99.9 %; capped at 9 when no window was down. With
    /// no window down this is a cap, not a measurement: [`crate::uptime::UptimeClaim`] says
    /// what the run can claim ("no SLO miss in N windows").
    pub nines: f64,
    pub windows_up: u64,
    pub windows_total: u64,
    pub async_completed: u64,
    pub async_failed: u64,
    pub async_latency: Percentiles,
    /// Simulation events processed (for speed measurements).
    pub events: u64,
    pub components: Vec<ComponentSummary>,
    /// See [`WindowStats::duplicate_writes`].
    pub duplicate_writes: u64,
    /// See [`WindowStats::degraded`].
    pub degraded: u64,
    /// See [`WindowStats::retries_denied`].
    pub retries_denied: u64,
    /// Indexed like the scenario's connections.
    pub connections: Vec<ConnectionSummary>,
    /// Replication of every database, added up (the primary is not set).
    #[serde(default)]
    pub replication: ReplicationStats,
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
