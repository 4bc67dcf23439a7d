//! The scenario: everything a user builds, saves and shares, as plain serde data.
//!
//! Times are written in milliseconds or seconds (as `f64`, the unit is in the field name)
//! because that is what people type; the engine converts them to integer nanoseconds once,
//! when a [`crate::Simulation`] is built. A scenario is only ever simulated after
//! [`crate::validate`] found no error in it.

use crate::kinds::{
    Calls, cache, cdn, client, database, declare_kinds, dns, gateway, load_balancer, queue,
    rate_limiter, remote, service, shard_router, with_kinds,
};
// Each kind's parameters live with its fields, in `kinds/`.
pub use crate::kinds::params::*;
pub use crate::sizes::Size;
use serde::{Deserialize, Serialize};

/// The version of the scenario format this crate writes. Older versions are migrated on load.
pub const SCENARIO_VERSION: u32 = 1;

/// A whole architecture plus the traffic, faults and settings of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Zones, the regions they are in, and the latency of crossing between them.
    #[serde(default, skip_serializing_if = "Network::is_default")]
    pub network: Network,
}

fn default_version() -> u32 {
    SCENARIO_VERSION
}

impl Scenario {
    /// Parses a scenario from JSON text archsim wrote (the autosave, the examples), with a
    /// message that says where the text is wrong. Fields the model does not have are
    /// dropped; files from elsewhere go through [`crate::input::read_scenario`] in strict
    /// mode, where they are errors.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        crate::input::read_scenario(text, crate::input::Strictness::Lenient)
            .map(|read| read.scenario)
            .map_err(|e| format!("not a valid scenario file: {e}"))
    }

    /// The scenario as pretty JSON (the file format the CLI and the app share).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Finds a component by id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// For each component (by index), the components its connections call, in the order of
    /// the connections; connections to unknown ids and to the component itself are left out.
    pub fn callees(&self) -> Vec<Vec<usize>> {
        let index: std::collections::BTreeMap<&str, usize> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut adj = vec![Vec::new(); self.components.len()];
        for c in &self.connections {
            if let (Some(&f), Some(&t)) = (index.get(c.from.as_str()), index.get(c.to.as_str()))
                && f != t
            {
                adj[f].push(t);
            }
        }
        adj
    }
}

/// One box on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// The availability zone it runs in (one of [`Network::zones`], by name), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
        kind.takes_redundancy()
    }
}

/// Random failures of one component: up for an exponential time with mean `mtbf_s`
/// (mean time between failures), then down for an exponential time with mean `mttr_s`
/// (mean time to repair). Its availability is MTBF / (MTBF + MTTR).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Pos {
    pub x: f64,
    pub y: f64,
}

// The kinds themselves are listed once, in `kinds/mod.rs`.
with_kinds!(declare_kinds);

/// A probability distribution of a duration, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// Availability zones and regions, and what crossing between them costs. A connection whose
/// two ends are in different zones of one region pays `cross_zone_latency` on top of its own
/// latency, each way; ends in different regions pay `cross_region_latency` instead.
/// Components without a zone pay nothing extra.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Network {
    pub zones: Vec<Zone>,
    /// One-way latency added between two zones of one region.
    pub cross_zone_latency: Dist,
    /// One-way latency added between two regions.
    pub cross_region_latency: Dist,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            zones: Vec::new(),
            cross_zone_latency: Dist::Constant { ms: 1.0 },
            cross_region_latency: Dist::Constant { ms: 40.0 },
        }
    }
}

impl Network {
    /// No zones and the default latencies: what scenarios without zones have.
    pub fn is_default(&self) -> bool {
        *self == Network::default()
    }

    /// The zone called `name`.
    pub fn zone(&self, name: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.name == name)
    }
}

/// One availability zone (a data centre, say "us-east-1a") in a region ("us-east").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub name: String,
    pub region: String,
}

/// An arrow: requests go `from` → `to`, responses come back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    pub from: String,
    pub to: String,
    /// One-way network latency.
    #[serde(default = "default_link_latency")]
    pub latency: Dist,
    /// Share of traffic for a weighted load balancer.
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// On a connection out of an API gateway: the path prefix routed over it ("/api/orders"
    /// takes "/api/orders" and "/api/orders/7"); none makes it the gateway's default route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// A circuit breaker on the caller's side: after too many failures, calls over this
    /// connection fail at once (`CircuitOpen`) instead of being sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaker: Option<CircuitBreaker>,
    /// The caller can do without this dependency: when a call over it fails, a service or
    /// queue consumer carries on, and its answer counts as degraded instead of failed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// Settings of a circuit breaker. The rolling window is count-based: the outcomes of the
/// last `window` calls (as in Resilience4j's count-based window).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct CircuitBreaker {
    /// How many recent calls the failure share is taken over.
    pub window: u32,
    /// The breaker never trips on fewer calls than this.
    pub min_calls: u32,
    /// Share of failed calls in the window (0..=1) at which it trips open.
    pub failure_threshold: f64,
    /// How long it stays open before letting trial calls through.
    pub open_ms: f64,
    /// Trial calls let through while half-open; all must succeed to close it.
    pub half_open_probes: u32,
}

impl Default for CircuitBreaker {
    fn default() -> Self {
        CircuitBreaker {
            window: 20,
            min_calls: 10,
            failure_threshold: 0.5,
            open_ms: 5000.0,
            half_open_probes: 3,
        }
    }
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
            breaker: None,
            optional: false,
            route: None,
        }
    }
}

/// A fault planned at a simulated time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultEntry {
    /// Seconds from the start of the run.
    pub at_s: f64,
    pub fault: Fault,
}

fn default_restart_s() -> f64 {
    crate::sizes::DEFAULT_RESTART_S
}

/// Something that goes wrong (or is put right).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// A shard router changes its number of live shards to `shards` (adding spares or
    /// retiring shards); keys whose owner changes are migrated on their next request.
    Reshard { component: String, shards: u32 },
    /// A service or a database moves to another machine size (vertical scaling). A single
    /// machine is down while it restarts (`restart_s`); a service's instances restart one at
    /// a time (a rolling restart), each drained first, so it keeps serving on the others.
    Resize {
        component: String,
        size: crate::sizes::Size,
        #[serde(default = "default_restart_s")]
        restart_s: f64,
    },
    /// The network between a replicated database's primary and its replicas fails (for
    /// `duration_s` if given, else to the end of the run); see [`PartitionMode`].
    PartitionReplicas {
        component: String,
        #[serde(default)]
        duration_s: Option<f64>,
    },
    /// Every component in the zone crashes (fail fast); they recover after `duration_s`
    /// if given, else at a later `zone_restore`.
    ZoneOutage {
        zone: String,
        #[serde(default)]
        duration_s: Option<f64>,
    },
    /// The components of a zone come back after an outage.
    ZoneRestore { zone: String },
}

/// What callers see while a component is down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
