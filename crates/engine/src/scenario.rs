//! The scenario: everything a user builds, saves and shares, as plain serde data.
//!
//! Times are written in milliseconds or seconds (as `f64`, the unit is in the field name)
//! because that is what people type; the engine converts them to integer nanoseconds once,
//! when a [`crate::Simulation`] is built. A scenario is only ever simulated after
//! [`crate::validate`] found no error in it.

use serde::{Deserialize, Serialize};

/// The version of the scenario format this crate writes. Older versions are migrated on load.
pub const SCENARIO_VERSION: u32 = 1;

/// A whole architecture plus the traffic, faults and settings of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Format version; see [`SCENARIO_VERSION`].
    #[serde(default = "default_version")]
    pub version: u32,
    /// A short title shown in the app and the CLI.
    #[serde(default)]
    pub name: String,
    /// Free text: what the scenario demonstrates.
    #[serde(default)]
    pub description: String,
    /// The boxes on the canvas.
    pub components: Vec<Component>,
    /// The arrows between them: a request flows `from` → `to`, its response back.
    #[serde(default)]
    pub connections: Vec<Connection>,
    /// Faults to inject, in any order; they are applied in order of time.
    #[serde(default)]
    pub faults: Vec<FaultEntry>,
    /// Seed, duration, warm-up and metrics window.
    #[serde(default)]
    pub run: RunSettings,
    /// What counts as "up".
    #[serde(default)]
    pub slo: Slo,
}

fn default_version() -> u32 {
    SCENARIO_VERSION
}

impl Scenario {
    /// Parses a scenario from JSON text, with a message that says where the text is wrong.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        serde_json::from_str(text).map_err(|e| format!("not a valid scenario file: {e}"))
    }

    /// The scenario as pretty JSON (the file format the CLI and the app share).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Finds a component by id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }
}

/// One box on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// Unique, stable identifier (used by connections and faults).
    pub id: String,
    /// The name shown to the user.
    #[serde(default)]
    pub label: String,
    /// Where it sits on the canvas, in world coordinates.
    #[serde(default)]
    pub pos: Pos,
    /// What it is and how it behaves.
    pub params: Params,
    /// Random crashes and repairs, used when the run's chaos switch is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<RandomFailures>,
    /// Several nodes behind one box (load balancers, caches and databases): a standby that
    /// takes over, or nodes that share the work. See [`Redundancy`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundancy: Option<Redundancy>,
}

/// How a load balancer, cache or database survives the loss of a node.
///
/// A crash (a fault, or a random failure under the chaos switch, drawn per node from the
/// component's MTBF/MTTR) takes down one node; a recover brings back the node that failed
/// first.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Redundancy {
    /// One active node serves; a standby takes over `failover_ms` after the active one
    /// fails. During the failover the component is down (callers see the crash mode,
    /// fail-fast for random failures); if the standby is down too, the component stays down
    /// until a node is repaired, which then serves at once. A repaired former active becomes
    /// the standby (no fail-back).
    ActivePassive { standby: Standby, failover_ms: f64 },
    /// `nodes` identical nodes share the work (each has the component's parameters: a
    /// database's capacity is `nodes × connections`). A request is pinned to a node when it
    /// arrives and fails if that node fails; the survivors carry on with their share of the
    /// capacity. The component is down only while every node is down.
    ActiveActive { nodes: u32 },
}

/// What a passive node holds before it takes over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standby {
    /// Running and kept in sync: it takes over with the active node's state (a cache keeps
    /// its contents). Failing over means detecting the failure and switching traffic:
    /// seconds.
    #[default]
    Hot,
    /// Provisioned but not running: it boots and starts with empty state (a cache starts
    /// cold). Its failover time is typically much longer (the app proposes 30 s against
    /// 3 s for a hot standby).
    Cold,
}

impl Redundancy {
    /// The number of nodes (2 for active-passive).
    pub fn nodes(&self) -> u32 {
        match *self {
            Redundancy::ActivePassive { .. } => 2,
            Redundancy::ActiveActive { nodes } => nodes,
        }
    }

    /// Whether redundancy means something for a kind: a load balancer, cache or database.
    /// (A service scales with its instances and its autoscaler instead.)
    pub fn applies_to(kind: Kind) -> bool {
        matches!(kind, Kind::LoadBalancer | Kind::Cache | Kind::Database)
    }
}

/// Random failures of one component: up for an exponential time with mean `mtbf_s`
/// (mean time between failures), then down for an exponential time with mean `mttr_s`
/// (mean time to repair). Its availability is MTBF / (MTBF + MTTR).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RandomFailures {
    pub mtbf_s: f64,
    pub mttr_s: f64,
}

impl RandomFailures {
    /// The long-run share of time the component is up.
    pub fn availability(&self) -> f64 {
        self.mtbf_s / (self.mtbf_s + self.mttr_s)
    }
}

impl Default for RandomFailures {
    fn default() -> Self {
        RandomFailures {
            mtbf_s: 60.0,
            mttr_s: 5.0,
        }
    }
}

impl Component {
    /// The label if there is one, else the id: how messages name the component.
    pub fn display_name(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.id
        } else {
            &self.label
        }
    }
}

/// A canvas position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pos {
    pub x: f64,
    pub y: f64,
}

/// The kind of a component together with its parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Params {
    Client(ClientParams),
    LoadBalancer(LoadBalancerParams),
    Service(ServiceParams),
    Cache(CacheParams),
    Database(DatabaseParams),
    Queue(QueueParams),
    RateLimiter(RateLimiterParams),
    BlobStorage(RemoteParams),
    ExternalApi(RemoteParams),
}

/// The kinds of component, without parameters.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Client,
    LoadBalancer,
    Service,
    Cache,
    Database,
    Queue,
    RateLimiter,
    BlobStorage,
    ExternalApi,
}

impl Kind {
    /// Every kind, in palette order.
    pub const ALL: [Kind; 9] = [
        Kind::Client,
        Kind::LoadBalancer,
        Kind::RateLimiter,
        Kind::Service,
        Kind::Cache,
        Kind::Database,
        Kind::BlobStorage,
        Kind::Queue,
        Kind::ExternalApi,
    ];

    /// The human name of the kind ("Load balancer").
    pub fn name(self) -> &'static str {
        match self {
            Kind::Client => "Client",
            Kind::LoadBalancer => "Load balancer",
            Kind::Service => "Service",
            Kind::Cache => "Cache",
            Kind::Database => "Database",
            Kind::Queue => "Message queue",
            Kind::RateLimiter => "Rate limiter",
            Kind::BlobStorage => "Blob storage",
            Kind::ExternalApi => "External API",
        }
    }

    /// Parameters a newly placed component of this kind starts with.
    pub fn default_params(self) -> Params {
        match self {
            Kind::Client => Params::Client(ClientParams::default()),
            Kind::LoadBalancer => Params::LoadBalancer(LoadBalancerParams::default()),
            Kind::Service => Params::Service(ServiceParams::default()),
            Kind::Cache => Params::Cache(CacheParams::default()),
            Kind::Database => Params::Database(DatabaseParams::default()),
            Kind::Queue => Params::Queue(QueueParams::default()),
            Kind::RateLimiter => Params::RateLimiter(RateLimiterParams::default()),
            Kind::BlobStorage => Params::BlobStorage(RemoteParams::blob_storage()),
            Kind::ExternalApi => Params::ExternalApi(RemoteParams::external_api()),
        }
    }
}

impl Params {
    /// The kind of these parameters.
    pub fn kind(&self) -> Kind {
        match self {
            Params::Client(_) => Kind::Client,
            Params::LoadBalancer(_) => Kind::LoadBalancer,
            Params::Service(_) => Kind::Service,
            Params::Cache(_) => Kind::Cache,
            Params::Database(_) => Kind::Database,
            Params::Queue(_) => Kind::Queue,
            Params::RateLimiter(_) => Kind::RateLimiter,
            Params::BlobStorage(_) => Kind::BlobStorage,
            Params::ExternalApi(_) => Kind::ExternalApi,
        }
    }
}

/// A probability distribution of a duration, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Dist {
    /// Always the same.
    Constant { ms: f64 },
    /// Memoryless, mean `mean_ms` (the "M" of M/M/1).
    Exponential { mean_ms: f64 },
    /// Anything between `min_ms` and `max_ms`, equally likely.
    Uniform { min_ms: f64, max_ms: f64 },
    /// Long-tailed: half the samples are below `median_ms`; `sigma` is the spread of ln(x).
    LogNormal { median_ms: f64, sigma: f64 },
}

impl Dist {
    /// The mean of the distribution in milliseconds.
    pub fn mean_ms(&self) -> f64 {
        match *self {
            Dist::Constant { ms } => ms,
            Dist::Exponential { mean_ms } => mean_ms,
            Dist::Uniform { min_ms, max_ms } => (min_ms + max_ms) / 2.0,
            Dist::LogNormal { median_ms, sigma } => median_ms * libm::exp(sigma * sigma / 2.0),
        }
    }
}

/// A client: where requests are born and where their latency is measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientParams {
    /// How requests arrive.
    pub traffic: Traffic,
    /// Share of requests that are reads (the rest are writes), 0..=1.
    pub read_ratio: f64,
    /// Which keys the requests touch.
    pub keys: KeyDist,
    /// The client gives up on an attempt after this long.
    pub timeout_ms: f64,
    /// What the client does when an attempt fails.
    pub retry: RetryPolicy,
}

impl Default for ClientParams {
    fn default() -> Self {
        ClientParams {
            traffic: Traffic::Open {
                process: ArrivalProcess::Poisson,
                rate: RateProfile::Constant { rps: 100.0 },
            },
            read_ratio: 0.9,
            keys: KeyDist::Zipf {
                count: 10_000,
                s: 1.0,
            },
            timeout_ms: 1000.0,
            retry: RetryPolicy::default(),
        }
    }
}

/// How a client produces requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Traffic {
    /// Requests arrive at a rate regardless of how the system copes (internet traffic).
    Open {
        process: ArrivalProcess,
        rate: RateProfile,
    },
    /// A fixed number of users, each waiting for an answer and then thinking.
    Closed { users: u32, think_time: Dist },
}

/// Gaps between arrivals of an open-loop client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalProcess {
    /// Exponential gaps (a Poisson process, the "M" in M/M/1).
    Poisson,
    /// Evenly spaced arrivals.
    Uniform,
}

/// Requests per second over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum RateProfile {
    /// The same rate all run long.
    Constant { rps: f64 },
    /// `rps` until the first step, then each step's rate from its time on.
    Steps { rps: f64, steps: Vec<RateStep> },
    /// `from_rps` until `start_s`, rising linearly to `to_rps` at `end_s`, then flat.
    Ramp {
        from_rps: f64,
        to_rps: f64,
        start_s: f64,
        end_s: f64,
    },
    /// `base_rps`, with `peak_rps` from `at_s` for `duration_s`.
    Spike {
        base_rps: f64,
        peak_rps: f64,
        at_s: f64,
        duration_s: f64,
    },
}

/// One step of a [`RateProfile::Steps`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateStep {
    pub at_s: f64,
    pub rps: f64,
}

impl RateProfile {
    /// The planned rate at time `t_s`, in requests per second.
    pub fn rps_at(&self, t_s: f64) -> f64 {
        match self {
            RateProfile::Constant { rps } => *rps,
            RateProfile::Steps { rps, steps } => {
                let mut current = *rps;
                for step in steps {
                    if t_s >= step.at_s {
                        current = step.rps;
                    }
                }
                current
            }
            RateProfile::Ramp {
                from_rps,
                to_rps,
                start_s,
                end_s,
            } => {
                if t_s <= *start_s {
                    *from_rps
                } else if t_s >= *end_s {
                    *to_rps
                } else {
                    from_rps + (to_rps - from_rps) * (t_s - start_s) / (end_s - start_s)
                }
            }
            RateProfile::Spike {
                base_rps,
                peak_rps,
                at_s,
                duration_s,
            } => {
                if t_s >= *at_s && t_s < at_s + duration_s {
                    *peak_rps
                } else {
                    *base_rps
                }
            }
        }
    }

    /// Every rate the profile can take, for validation.
    pub fn rates(&self) -> Vec<f64> {
        match self {
            RateProfile::Constant { rps } => vec![*rps],
            RateProfile::Steps { rps, steps } => std::iter::once(*rps)
                .chain(steps.iter().map(|s| s.rps))
                .collect(),
            RateProfile::Ramp {
                from_rps, to_rps, ..
            } => vec![*from_rps, *to_rps],
            RateProfile::Spike {
                base_rps, peak_rps, ..
            } => vec![*base_rps, *peak_rps],
        }
    }
}

/// Which keys requests touch.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum KeyDist {
    /// Every one of `count` keys equally likely.
    Uniform { count: u32 },
    /// Key k (1-based) has weight 1/k^s: a few hot keys get most of the traffic.
    Zipf { count: u32, s: f64 },
}

impl KeyDist {
    /// How many distinct keys there are.
    pub fn count(&self) -> u32 {
        match *self {
            KeyDist::Uniform { count } | KeyDist::Zipf { count, .. } => count,
        }
    }
}

/// Retries after a failed or timed-out attempt.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    /// 0 means no retries.
    pub max_retries: u32,
    /// The wait before retry n is `base × 2^(n-1)`, capped at `max_backoff_ms`.
    pub base_backoff_ms: f64,
    /// The longest wait between attempts.
    pub max_backoff_ms: f64,
    /// Randomise the wait to avoid synchronised retry waves.
    pub jitter: Jitter,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 0,
            base_backoff_ms: 100.0,
            max_backoff_ms: 2000.0,
            jitter: Jitter::Full,
        }
    }
}

/// How the backoff wait is randomised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jitter {
    /// Exactly the backoff.
    None,
    /// Uniform between 0 and the backoff.
    Full,
    /// Half the backoff plus uniform up to the other half.
    Equal,
}

/// A load balancer: spreads requests over the components it connects to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadBalancerParams {
    pub strategy: LbStrategy,
    pub health_check: HealthCheck,
}

impl Default for LoadBalancerParams {
    fn default() -> Self {
        LoadBalancerParams {
            strategy: LbStrategy::RoundRobin,
            health_check: HealthCheck::default(),
        }
    }
}

/// How a load balancer picks a backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LbStrategy {
    RoundRobin,
    /// Round robin in proportion to each connection's `weight`.
    WeightedRoundRobin,
    /// The backend with the fewest requests in flight from this balancer.
    LeastConnections,
    Random,
    /// The same key always goes to the same backend (while the set of healthy backends holds).
    HashKey,
}

/// Active health checks of a load balancer's backends.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthCheck {
    pub enabled: bool,
    /// Time between checks.
    pub interval_ms: f64,
    /// Consecutive failed checks before a backend is taken out.
    pub unhealthy_after: u32,
    /// Consecutive good checks before it is put back.
    pub healthy_after: u32,
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            enabled: true,
            interval_ms: 1000.0,
            unhealthy_after: 2,
            healthy_after: 2,
        }
    }
}

/// A stateless application server: instances × workers threads share one queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceParams {
    pub instances: u32,
    /// Worker threads per instance; a worker is busy while it computes and while it waits
    /// for the downstream calls it makes.
    pub workers: u32,
    /// Compute time of one request.
    pub service_time: Dist,
    /// Requests that may wait for a worker; the next one is rejected.
    pub queue_capacity: u32,
    /// Adds and removes instances to hold a target utilization; `instances` is then the
    /// count it starts with (clamped to its minimum and maximum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoscale: Option<Autoscale>,
}

impl Default for ServiceParams {
    fn default() -> Self {
        ServiceParams {
            instances: 1,
            workers: 8,
            service_time: Dist::Exponential { mean_ms: 20.0 },
            queue_capacity: 200,
            autoscale: None,
        }
    }
}

/// A horizontal autoscaler of a service's instances (the Kubernetes HPA rule; see
/// [`crate::autoscaler`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Autoscale {
    pub min_instances: u32,
    pub max_instances: u32,
    /// The busy share of the workers it aims for, 0..=1.
    pub target_utilization: f64,
    /// Time between two evaluations; each measures the utilization of the last interval.
    pub interval_s: f64,
    /// No scaling action until this long after the last one.
    pub cooldown_s: f64,
    /// A new instance takes work only this long after it was asked for (boot, health).
    pub warmup_s: f64,
}

impl Default for Autoscale {
    fn default() -> Self {
        Autoscale {
            min_instances: 1,
            max_instances: 10,
            target_utilization: 0.6,
            interval_s: 15.0,
            cooldown_s: 30.0,
            warmup_s: 10.0,
        }
    }
}

/// A cache in front of a slower store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheParams {
    pub mode: CacheMode,
    /// Time to answer a lookup (hit or miss).
    pub latency: Dist,
}

impl Default for CacheParams {
    fn default() -> Self {
        CacheParams {
            mode: CacheMode::Lru {
                capacity: 1000,
                ttl_ms: 60_000.0,
            },
            latency: Dist::Constant { ms: 1.0 },
        }
    }
}

/// How a cache decides hits.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum CacheMode {
    /// Least-recently-used eviction over `capacity` entries that expire after `ttl_ms`:
    /// the hit ratio emerges from the key distribution.
    Lru { capacity: u32, ttl_ms: f64 },
    /// Every read hits with probability `hit_ratio` (for teaching).
    FixedHitRatio { hit_ratio: f64 },
}

/// A database with a connection pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseParams {
    /// Queries served at once.
    pub connections: u32,
    pub read_time: Dist,
    pub write_time: Dist,
    /// Queries that may wait for a connection; the next one is rejected.
    pub queue_capacity: u32,
    /// A query that waited longer than this for a connection fails.
    pub max_wait_ms: f64,
}

impl Default for DatabaseParams {
    fn default() -> Self {
        DatabaseParams {
            connections: 20,
            read_time: Dist::Exponential { mean_ms: 5.0 },
            write_time: Dist::Exponential { mean_ms: 15.0 },
            queue_capacity: 500,
            max_wait_ms: 1000.0,
        }
    }
}

/// A message queue with a pool of consumers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueParams {
    /// Messages held at most; a message arriving at a full queue is dropped.
    pub capacity: u32,
    /// Consumers working in parallel.
    pub consumers: u32,
    /// Time one consumer spends on one message (before calling downstream).
    pub consumer_time: Dist,
    /// Time to accept and acknowledge a message.
    pub ack_latency: Dist,
}

impl Default for QueueParams {
    fn default() -> Self {
        QueueParams {
            capacity: 10_000,
            consumers: 4,
            consumer_time: Dist::Exponential { mean_ms: 50.0 },
            ack_latency: Dist::Constant { ms: 1.0 },
        }
    }
}

/// A rate limiter: admits requests up to a rate and answers the rest at once with
/// "429 Too Many Requests"; admitted requests go on to the component it connects to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimiterParams {
    pub algorithm: RateLimit,
    /// One limit shared by every caller, or one per client.
    pub scope: LimitScope,
}

impl Default for RateLimiterParams {
    fn default() -> Self {
        RateLimiterParams {
            algorithm: RateLimit::TokenBucket {
                rate_rps: 100.0,
                burst: 20,
            },
            scope: LimitScope::Global,
        }
    }
}

/// The algorithms of a rate limiter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "algorithm", rename_all = "snake_case")]
pub enum RateLimit {
    /// Tokens drip in at `rate_rps` into a bucket of `burst`; a request takes one.
    TokenBucket { rate_rps: f64, burst: u32 },
    /// Requests wait in a queue of `queue` places that drains at exactly `rate_rps`.
    LeakyBucket { rate_rps: f64, queue: u32 },
    /// At most `limit` requests per window, the count resetting at each window boundary.
    FixedWindow { limit: u32, window_ms: f64 },
    /// At most `limit` requests in any `window_ms` ending now (a log of timestamps).
    SlidingLog { limit: u32, window_ms: f64 },
    /// The fixed-window counts of this and the previous window, the previous one weighted
    /// by how much of it the sliding window still covers.
    SlidingCounter { limit: u32, window_ms: f64 },
}

/// Who shares a limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitScope {
    #[default]
    Global,
    PerClient,
}

/// A component outside our control that answers after a latency and sometimes fails:
/// blob storage (S3-like) or a third-party API. It has no queue: requests are served in
/// parallel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemoteParams {
    pub latency: Dist,
    /// Share of requests answered with an error, 0..=1.
    pub error_rate: f64,
}

impl RemoteParams {
    /// Object storage: tens of milliseconds, rarely an error.
    pub fn blob_storage() -> RemoteParams {
        RemoteParams {
            latency: Dist::LogNormal {
                median_ms: 25.0,
                sigma: 0.5,
            },
            error_rate: 0.0,
        }
    }

    /// A third-party API: slower, long-tailed, with some errors.
    pub fn external_api() -> RemoteParams {
        RemoteParams {
            latency: Dist::LogNormal {
                median_ms: 80.0,
                sigma: 0.8,
            },
            error_rate: 0.01,
        }
    }
}

impl Default for RemoteParams {
    fn default() -> Self {
        RemoteParams::external_api()
    }
}

/// An arrow: requests go `from` → `to`, responses come back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub from: String,
    pub to: String,
    /// One-way network latency.
    #[serde(default = "default_link_latency")]
    pub latency: Dist,
    /// Share of traffic for a weighted load balancer.
    #[serde(default = "default_weight")]
    pub weight: u32,
}

fn default_link_latency() -> Dist {
    Dist::Constant { ms: 1.0 }
}

fn default_weight() -> u32 {
    1
}

impl Connection {
    /// A connection with the default 1 ms latency and weight 1.
    pub fn new(from: &str, to: &str) -> Connection {
        Connection {
            from: from.to_string(),
            to: to.to_string(),
            latency: default_link_latency(),
            weight: 1,
        }
    }
}

/// A fault planned at a simulated time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultEntry {
    /// Seconds from the start of the run.
    pub at_s: f64,
    pub fault: Fault,
}

/// Something that goes wrong (or is put right).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Fault {
    /// The component stops: its in-flight work fails. It recovers after `duration_s` if
    /// given, else at a later `recover`.
    Crash {
        component: String,
        #[serde(default)]
        duration_s: Option<f64>,
        #[serde(default)]
        mode: CrashMode,
    },
    /// A crashed component comes back (empty queues, cold cache).
    Recover { component: String },
    /// Service times are multiplied by `factor` (> 1 is slower).
    Slow {
        component: String,
        factor: f64,
        #[serde(default)]
        duration_s: Option<f64>,
    },
    /// Messages over the connection are lost in both directions.
    Partition {
        from: String,
        to: String,
        #[serde(default)]
        duration_s: Option<f64>,
    },
    /// A partitioned connection works again.
    Heal { from: String, to: String },
    /// Open-loop clients (all, or the one named) send `factor` times their rate.
    TrafficSpike {
        #[serde(default)]
        client: Option<String>,
        factor: f64,
        duration_s: f64,
    },
}

/// What callers see while a component is down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrashMode {
    /// Connection refused: callers get an error at once.
    #[default]
    FailFast,
    /// No answer at all: callers wait until they time out.
    Blackhole,
}

/// Seed, duration and measurement settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunSettings {
    /// All randomness comes from this number: same seed, same run.
    pub seed: u64,
    /// Simulated seconds to run.
    pub duration_s: f64,
    /// Simulated seconds at the start that whole-run statistics leave out.
    pub warmup_s: f64,
    /// Length of one metrics window.
    pub window_ms: f64,
    /// The chaos switch: components with random failures (MTBF/MTTR) fail and recover.
    pub chaos: bool,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            seed: 1,
            duration_s: 60.0,
            warmup_s: 0.0,
            window_ms: 1000.0,
            chaos: false,
        }
    }
}

/// A service-level objective: a window is "up" when at least `success_target` of the
/// requests that finished in it succeeded within `latency_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Slo {
    pub latency_ms: f64,
    pub success_target: f64,
}

impl Default for Slo {
    fn default() -> Self {
        Slo {
            latency_ms: 500.0,
            success_target: 0.99,
        }
    }
}
