//! The discrete-event simulation: requests are born at clients, travel the connections,
//! wait and are served at each component, and their responses travel back the same path.
//!
//! Every visit of a request to a component is a *call*. A call may make child calls
//! (a load balancer forwards to one backend, a service calls its dependencies one after
//! another, a cache reads through on a miss) and answers its parent when it is done.
//! Calls and requests live in slabs and are referred to by (index, generation), so an
//! answer for a call that was failed by a crash or a timeout is recognised and dropped.

use crate::autoscaler::Scaler;
use crate::cache::{Lookup, Lru};
use crate::cdn::{self, CdnRt};
use crate::circuit_breaker::{Breaker, BreakerState};
use crate::dns::{ClientCache, Resolver, Target};
use crate::events::EventQueue;
use crate::feed::{Feed, Hop, HopDirection, HopOutcome};
use crate::gateway::{self, GatewayRt, NO_ROUTE};
use crate::idempotency::AppliedWrites;
use crate::metrics::*;
use crate::paths::{ClientPaths, PathTable, UNNAMED};
use crate::ratelimit::{Decision, Limiter};
use crate::redundancy::Nodes;
use crate::replication::{Counts, Refusal, Replicas};
use crate::retry_budget::Budget;
use crate::rng::{DistNs, KeySampler, Rng, mix};
use crate::scenario::*;
use crate::sharding::ShardMap;
use crate::station::Station;
use crate::time::{self, NS_PER_S, SimTime};
use crate::validate::{Problem, Severity, Subject, errors};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

const NONE: u32 = u32::MAX;
/// The breaker epoch of a call over a connection without a breaker (or of an answer the
/// breaker must not learn from, such as its own refusal).
const NO_EPOCH: u32 = u32::MAX;
/// How long a queue consumer waits for a downstream answer that was lost.
const ASYNC_DEADLINE: SimTime = 30_000_000_000;
/// Histograms record microseconds from 1 µs to one day, to 3 significant digits.
const HIST_MAX_US: u64 = 86_400_000_000;

/// What a call answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// Served from a cache.
    Hit,
    /// Answered, but an optional dependency on the way failed and was done without.
    Degraded,
    Fail(FailReason),
}

impl Outcome {
    fn hop(self) -> HopOutcome {
        match self {
            Outcome::Ok | Outcome::Degraded => HopOutcome::Ok,
            Outcome::Hit => HopOutcome::CacheHit,
            Outcome::Fail(FailReason::Rejected) => HopOutcome::Rejected,
            Outcome::Fail(_) => HopOutcome::Error,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CallRef {
    idx: u32,
    generation: u32,
}

const ROOT: CallRef = CallRef {
    idx: NONE,
    generation: 0,
};

#[derive(Clone, Copy, Debug)]
enum Ev {
    /// The next open-loop arrival of a client (`epoch` goes stale when the rate changes).
    Arrival {
        client: u32,
        epoch: u32,
    },
    /// A client's planned rate changes: redraw its next arrival.
    RateChange {
        client: u32,
    },
    /// A closed-loop user finished thinking.
    UserWake {
        client: u32,
    },
    /// A request reaches the component of `call`.
    Arrive {
        call: CallRef,
    },
    /// The work of `call` (compute, lookup, query, acknowledgement) is done.
    Work {
        call: CallRef,
    },
    /// A child's answer reaches its parent call, over connection `via` (whose breaker
    /// learns it, when `epoch` is not [`NO_EPOCH`]).
    Reply {
        to: CallRef,
        outcome: Outcome,
        via: u32,
        epoch: u32,
    },
    /// The answer to an attempt reaches the client.
    ClientReply {
        req: u32,
        generation: u32,
        attempt: u32,
        outcome: Outcome,
    },
    /// The client's patience for an attempt runs out.
    Timeout {
        req: u32,
        generation: u32,
        attempt: u32,
    },
    /// The backoff before a retry is over.
    Retry {
        req: u32,
        generation: u32,
    },
    /// Apply `actions[index]`.
    Action {
        index: u32,
    },
    HealthCheck {
        lb: u32,
    },
    /// A health-aware DNS checks its targets.
    DnsCheck {
        dns: u32,
    },
    /// A random failure (`fail`) or repair of a component, when the chaos switch is on.
    Chaos {
        comp: u32,
        fail: bool,
    },
    /// The detection delay of a replicated database is over: promote a replica.
    Failover {
        comp: u32,
        epoch: u32,
    },
    WindowEnd,
    WarmupEnd,
    /// A shard router migrates its next moved key in the background (`epoch` goes stale at
    /// the next reshard).
    Migrate {
        comp: u32,
        epoch: u32,
    },

    /// An autoscaler evaluates its service.
    Scale {
        comp: u32,
    },
    /// Instances of an autoscaled service may have finished warming up.
    Warm {
        comp: u32,
    },
    /// The failover of an active-passive redundant component (identified by `token`) is
    /// over. (`Failover` is a replicated database's promotion of a replica.)
    NodeFailover {
        comp: u32,
        token: u32,
    },
    /// A random failure or repair of one node of a redundant component (chaos switch).
    NodeChaos {
        comp: u32,
        node: u32,
        fail: bool,
    },
}

/// A compiled fault, with components and connections as indices.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Action {
    Crash {
        comp: u32,
        mode: CrashMode,
    },
    Recover {
        comp: u32,
    },
    Slow {
        comp: u32,
        factor: f64,
    },
    Partition {
        conn: u32,
    },
    Heal {
        conn: u32,
    },
    /// Multiply (or with `end`, divide) open-loop rates of one client or all.
    Spike {
        client: u32,
        factor: f64,
        end: bool,
    },
    /// A shard router changes its number of live shards.
    Reshard {
        comp: u32,
        shards: u32,
    },
    /// Separate a replicated database's primary from its replicas (`heal`: join them).
    SplitReplicas {
        comp: u32,
        heal: bool,
    },
}

#[derive(Clone, Copy, Debug)]
struct Request {
    generation: u32,
    live: bool,
    id: u64,
    client: u32,
    birth: SimTime,
    attempt: u32,
    attempt_start: SimTime,
    key: u32,
    read: bool,
    /// The connection of the current attempt and its breaker epoch.
    conn: u32,
    breaker_epoch: u32,
    /// The request's path id ([`UNNAMED`] for a client without paths) and whether the
    /// path is static.
    path: u32,
    is_static: bool,
}

#[derive(Clone, Copy, Debug)]
struct Call {
    generation: u32,
    live: bool,
    comp: u32,
    parent: CallRef,
    /// The connection the request came in on; the answer goes back over it.
    via: u32,
    req: u32,
    req_generation: u32,
    attempt: u32,
    req_id: u64,
    arrived: SimTime,
    deadline: SimTime,
    key: u32,
    read: bool,
    path: u32,
    is_static: bool,
    /// Next dependency to call (services, consumers), the chosen backend (balancers), what
    /// an origin call is for (CDNs), or how far a gateway got.
    step: u32,
    hit: bool,
    holds_worker: bool,
    /// A message being processed by a queue consumer, not an answer anybody waits for.
    job: bool,
    /// Arrived at its component (not still on the wire).
    inside: bool,
    /// A producer's call to a queue whose message became a job: the job is what the queue
    /// counts (in system, departures, time inside), so this call is not counted twice.
    handed_to_job: bool,
    birth: SimTime,
    /// An optional dependency failed and was done without.
    degraded: bool,
    /// The breaker epoch of the connection `via` when this call was sent over it.
    breaker_epoch: u32,
    /// The request's attempts carry an idempotency key.
    idempotent: bool,
    /// At a shard router: the connection to the shard that still holds a moved key, read
    /// before the request goes on to its new shard (`step`); NONE otherwise.
    shard_from: u32,
    /// The node of a replicated database serving the call (0 everywhere else).
    node: u32,
    /// The log position of a replicated write waiting for its commit.
    lsn: u64,
    /// The redundancy node of an active-active component the call is pinned to (NONE
    /// elsewhere). Not to be confused with `node`, the replica of a replicated database.
    red_node: u32,
}

/// Accumulated per-component figures (one set per window, one for the whole run).
#[derive(Clone, Copy, Debug, Default)]
struct Acc {
    busy_area: u128,
    queue_area: u128,
    sys_area: u128,
    arrivals: u64,
    drops: u64,
    hits: u64,
    misses: u64,
    departures: u64,
    sys_time: u128,
    /// Lookups of a down cache sent straight to its store.
    fallbacks: u64,
    /// CDN: calls to the origin; answers from an expired copy.
    origin: u64,
    stale: u64,
    /// Gateway: requests no route takes.
    no_route: u64,
    /// ∫ not serving dt, ∫ ready instances dt, ∫ warming instances dt.
    down_area: u128,
    /// ∫ workers dt, for active-active databases whose pool shrinks with their nodes.
    capacity_area: u128,
    ready_area: u128,
    warming_area: u128,
    scaling_actions: u64,
    failovers: u64,
}

#[derive(Clone, Debug)]
enum Behavior {
    Client(Box<ClientRt>),
    Lb(LbRt),
    Service {
        time: DistNs,
    },
    Cache(Box<CacheRt>),
    Db {
        read: DistNs,
        write: DistNs,
        max_wait: SimTime,
        applied: Box<AppliedWrites>,
        repl: Option<Box<DbReplicas>>,
    },
    Queue {
        work: DistNs,
        ack: DistNs,
    },
    Limiter(Box<LimiterRt>),
    /// Blob storage or an external API: a latency and an error rate, no queue.
    Remote {
        latency: DistNs,
        error_rate: f64,
    },
    Cdn(Box<CdnRt>),
    Gateway(Box<GatewayRt>),
    Shard(Box<ShardRt>),
    Dns(Box<DnsRt>),
}

impl Behavior {
    /// Whether the component serves every call at once (no worker pool): its busy count is
    /// a number of calls in progress, not of workers.
    fn unlimited(&self) -> bool {
        match self {
            Behavior::Cache(_) | Behavior::Remote { .. } | Behavior::Cdn(_) | Behavior::Dns(_) => {
                true
            }
            Behavior::Gateway(g) => !g.pooled,
            _ => false,
        }
    }

    /// Whether its utilization is the mean number of calls in progress (caches, CDNs, DNS
    /// names and gateways without a pool) rather than busy workers over all workers.
    fn util_in_calls(&self) -> bool {
        match self {
            Behavior::Cache(_) | Behavior::Cdn(_) | Behavior::Dns(_) => true,
            Behavior::Gateway(g) => !g.pooled,
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
struct ShardRt {
    map: ShardMap,
    /// Time to consult a directory (0 for computed placements).
    lookup: SimTime,
    /// The wait of a moved-key miss; `None`: read the key from its old shard instead.
    penalty: Option<SimTime>,
    /// Requests routed to each connected shard, this window and this run.
    win_routed: Vec<u64>,
    run_routed: Vec<u64>,
    win_moved: u64,
    run_moved: u64,
    reshards: Vec<ReshardRecord>,
    /// Time between background migrations of moved keys (`None`: only on first request).
    migrate_gap: Option<SimTime>,
    migrate_epoch: u32,
}

/// The nodes of a replicated database beyond the first (whose station is the component's).
#[derive(Clone, Debug)]
struct DbReplicas {
    set: Replicas,
    stations: Vec<Station<CallRef>>,
    /// The running totals when the window, and the measured part of the run, began.
    at_window: Counts,
    at_warmup: Counts,
}

/// The station of `node` (node 0, and every component without replicas: its own).
fn station_of(c: &mut Comp, node: u32) -> &mut Station<CallRef> {
    if node > 0
        && let Behavior::Db { repl: Some(r), .. } = &mut c.behavior
        && let Some(st) = r.stations.get_mut(node as usize - 1)
    {
        return st;
    }
    &mut c.station
}

/// The stations of a replicated database beyond the first (none elsewhere).
fn extra_stations(c: &Comp) -> &[Station<CallRef>] {
    match &c.behavior {
        Behavior::Db { repl: Some(r), .. } => &r.stations,
        _ => &[],
    }
}

#[derive(Clone, Debug)]
struct DnsRt {
    resolver: Resolver,
    /// The answers clients hold, by client component index.
    cache: ClientCache,
    resolution: DistNs,
}

/// What a message over a connection pays on top of the connection's own latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Crossing {
    /// Same zone, or an end without a zone.
    None,
    Zone,
    Region,
    /// Out of a DNS: the path from the request's client to the target (in this zone).
    FromClient {
        to_zone: u32,
    },
}

#[derive(Clone, Debug)]
struct LimiterRt {
    algorithm: RateLimit,
    /// The shared limit, or the limit of callers whose client is unknown (queue jobs).
    global: Limiter,
    /// One limit per client component (by index), made on first use.
    per_client: Option<Vec<Option<Limiter>>>,
}

#[derive(Clone, Debug)]
struct ClientRt {
    open: Option<(bool, RateProfile)>,
    users: u32,
    think: DistNs,
    read_ratio: f64,
    keys: KeySampler,
    timeout: SimTime,
    max_retries: u32,
    backoff_base: f64,
    backoff_max: f64,
    jitter: Jitter,
    spike: f64,
    epoch: u32,
    budget: Option<Budget>,
    idempotent: bool,
    paths: Option<ClientPaths>,
}

#[derive(Clone, Debug)]
struct LbRt {
    strategy: LbStrategy,
    check: Option<(SimTime, u32, u32)>,
    healthy: Vec<bool>,
    fail_streak: Vec<u32>,
    ok_streak: Vec<u32>,
    rr: u32,
    wrr_current: Vec<i64>,
}

#[derive(Clone, Debug)]
struct CacheRt {
    lru: Option<Lru>,
    hit_ratio: f64,
    latency: DistNs,
    fallback: bool,
}

#[derive(Clone, Debug)]
struct Comp {
    kind: Kind,
    /// Index into the scenario's zones, or NONE.
    zone: u32,
    up: bool,
    crash_mode: CrashMode,
    slow: f64,
    outs: Vec<u32>,
    behavior: Behavior,
    station: Station<CallRef>,
    in_system: u32,
    sys_last: SimTime,
    sys_area: u128,
    win: Acc,
    run: Acc,
    /// A service's instance count when it has no autoscaler (0 for other kinds).
    fixed_instances: u32,
    scaler: Option<Box<ScaleRt>>,
    nodes: Option<Box<Nodes>>,
    /// Active-active databases: connections each node adds to the pool.
    node_servers: u32,
    /// ∫ not serving dt since the last flush, and when it was last brought up to date.
    down_area: u128,
    down_last: SimTime,
    /// ∫ workers dt since the last flush (active-active databases only).
    capacity_area: u128,
    capacity_last: SimTime,
}

/// An autoscaled service: the scaler and the integrals it measures.
#[derive(Clone, Debug)]
struct ScaleRt {
    scaler: Scaler,
    workers: u32,
    last: SimTime,
    /// ∫ ready dt and ∫ warming dt since the last flush.
    ready_area: u128,
    warming_area: u128,
    /// Flushed ∫ busy dt and ∫ (ready + warming) dt since the start, and their values at
    /// the last evaluation: the difference is the last interval.
    busy_total: u128,
    instance_total: u128,
    busy_mark: u128,
    instance_mark: u128,
}

impl ScaleRt {
    fn advance(&mut self, now: SimTime) {
        let dt = now.saturating_sub(self.last);
        self.ready_area += crate::station::area(self.scaler.ready as u64, dt);
        self.warming_area += crate::station::area(self.scaler.warming() as u64, dt);
        self.last = now;
    }
}

impl Comp {
    #[inline]
    fn advance_sys(&mut self, now: SimTime) {
        self.sys_area += crate::station::area(self.in_system as u64, now - self.sys_last);
        self.sys_last = now;
    }

    /// Brings the down-time integral up to `now`; call before every change of `up`.
    fn advance_down(&mut self, now: SimTime) {
        if !self.up {
            self.down_area += (now - self.down_last) as u128;
        }
        self.down_last = now;
    }

    /// Changes the pool of an active-active database, keeping its capacity integral.
    fn set_servers(&mut self, now: SimTime, servers: u32) {
        self.advance_capacity(now);
        self.station.advance(now);
        self.station.servers = servers;
    }

    fn advance_capacity(&mut self, now: SimTime) {
        if self.node_servers > 0 {
            let dt = now.saturating_sub(self.capacity_last);
            self.capacity_area += crate::station::area(self.station.servers as u64, dt);
        }
        self.capacity_last = now;
    }

    fn set_up(&mut self, now: SimTime, up: bool) {
        self.advance_down(now);
        self.up = up;
    }

    /// ∫ workers dt not yet flushed, up to `now` (active-active databases).
    fn pending_capacity(&self, now: SimTime) -> u128 {
        self.capacity_area
            + crate::station::area(
                self.station.servers as u64,
                now.saturating_sub(self.capacity_last),
            )
    }

    /// (∫ down, ∫ ready, ∫ warming) not yet flushed, up to `now`, without changing anything.
    fn pending_areas(&self, now: SimTime) -> (u128, u128, u128) {
        let down = self.down_area
            + if self.up {
                0
            } else {
                now.saturating_sub(self.down_last) as u128
            };
        match &self.scaler {
            Some(rt) => {
                let dt = now.saturating_sub(rt.last);
                (
                    down,
                    rt.ready_area + crate::station::area(rt.scaler.ready as u64, dt),
                    rt.warming_area + crate::station::area(rt.scaler.warming() as u64, dt),
                )
            }
            None => (down, 0, 0),
        }
    }

    /// Busy share of the workers over `busy` and `len` (ns), counting the workers of ready
    /// instances for an autoscaled service and the pool of the nodes up for an active-active
    /// database (their counts change within the window).
    fn utilization(&self, a: &Acc, len: f64) -> f64 {
        let (busy, ready_area) = (a.busy_area, a.ready_area);
        if no_utilization(self.kind) {
            return 0.0;
        }
        if self.node_servers > 0 {
            // Requests pinned to the survivors finish even if they exceed its pool.
            return if a.capacity_area > 0 {
                (busy as f64 / a.capacity_area as f64).min(1.0)
            } else {
                0.0
            };
        }
        if let Some(rt) = &self.scaler {
            let capacity = rt.workers as f64 * ready_area as f64;
            // Workers of removed instances finish their request: briefly above capacity.
            return if capacity > 0.0 {
                (busy as f64 / capacity).min(1.0)
            } else {
                0.0
            };
        }
        let servers = if self.behavior.util_in_calls() {
            1.0
        } else {
            servers(self)
        };
        busy as f64 / (servers * len)
    }

    /// Instances: time-averaged ready and warming over `len` ns (the fixed count without
    /// an autoscaler).
    fn instances(&self, ready_area: u128, warming_area: u128, len: f64) -> (f64, f64) {
        if self.scaler.is_some() {
            (ready_area as f64 / len, warming_area as f64 / len)
        } else {
            (self.fixed_instances as f64, 0.0)
        }
    }
}

#[derive(Clone, Debug)]
struct Conn {
    to: u32,
    latency: DistNs,
    /// Mean of `latency`, ns (what a geo DNS compares).
    mean_ns: f64,
    crossing: Crossing,
    weight: u32,
    partitioned: bool,
    optional: bool,
    breaker: Option<Breaker>,
    /// Open time and refused calls of the breaker, in this window and since warm-up.
    win_open_ns: SimTime,
    run_open_ns: SimTime,
    win_refused: u64,
    run_refused: u64,
}

/// Zones and what crossing between them costs, compiled.
#[derive(Clone, Debug)]
struct Net {
    /// Region index of each zone.
    zone_region: Vec<u32>,
    zone_names: Vec<String>,
    cross_zone: DistNs,
    cross_region: DistNs,
    cross_zone_mean_ns: f64,
    cross_region_mean_ns: f64,
}

impl Net {
    fn new(n: &Network) -> Net {
        let mut regions: Vec<&str> = Vec::new();
        let zone_region = n
            .zones
            .iter()
            .map(|z| match regions.iter().position(|r| *r == z.region) {
                Some(i) => i as u32,
                None => {
                    regions.push(&z.region);
                    (regions.len() - 1) as u32
                }
            })
            .collect();
        Net {
            zone_region,
            zone_names: n.zones.iter().map(|z| z.name.clone()).collect(),
            cross_zone: DistNs::new(&n.cross_zone_latency),
            cross_region: DistNs::new(&n.cross_region_latency),
            cross_zone_mean_ns: n.cross_zone_latency.mean_ms() * 1e6,
            cross_region_mean_ns: n.cross_region_latency.mean_ms() * 1e6,
        }
    }

    /// The crossing between two zones (NONE: no zone).
    fn crossing(&self, a: u32, b: u32) -> Crossing {
        if a == NONE || b == NONE || a == b {
            Crossing::None
        } else if self.zone_region[a as usize] == self.zone_region[b as usize] {
            Crossing::Zone
        } else {
            Crossing::Region
        }
    }

    fn same_region(&self, a: u32, b: u32) -> bool {
        a != NONE && b != NONE && self.zone_region[a as usize] == self.zone_region[b as usize]
    }

    fn mean_ns(&self, c: Crossing) -> f64 {
        match c {
            Crossing::Zone => self.cross_zone_mean_ns,
            Crossing::Region => self.cross_region_mean_ns,
            Crossing::None | Crossing::FromClient { .. } => 0.0,
        }
    }
}

/// Counters for one window or the whole run.
#[derive(Clone, Debug)]
struct Tally {
    generated: u64,
    retries: u64,
    completed: u64,
    good: u64,
    failed: FailureCounts,
    latency_sum_ns: u128,
    latency: Histogram<u64>,
    async_completed: u64,
    async_failed: u64,
    async_sum_ns: u128,
    async_latency: Histogram<u64>,
    duplicate_writes: u64,
    degraded: u64,
    retries_denied: u64,
}

impl Tally {
    fn new() -> Tally {
        let hist =
            || Histogram::new_with_bounds(1, HIST_MAX_US, 3).expect("constant bounds are valid");
        Tally {
            generated: 0,
            retries: 0,
            completed: 0,
            good: 0,
            failed: FailureCounts::default(),
            latency_sum_ns: 0,
            latency: hist(),
            async_completed: 0,
            async_failed: 0,
            async_sum_ns: 0,
            async_latency: hist(),
            duplicate_writes: 0,
            degraded: 0,
            retries_denied: 0,
        }
    }

    fn reset(&mut self) {
        self.generated = 0;
        self.retries = 0;
        self.completed = 0;
        self.good = 0;
        self.failed = FailureCounts::default();
        self.latency_sum_ns = 0;
        // A reset zeroes every bucket (over 200 KB); an empty histogram is already reset.
        if !self.latency.is_empty() {
            self.latency.reset();
        }
        self.async_completed = 0;
        self.async_failed = 0;
        self.async_sum_ns = 0;
        if !self.async_latency.is_empty() {
            self.async_latency.reset();
        }
        self.duplicate_writes = 0;
        self.degraded = 0;
        self.retries_denied = 0;
    }
}

fn us(ns: SimTime) -> u64 {
    ns.div_ceil(1000).clamp(1, HIST_MAX_US)
}

fn percentiles(h: &Histogram<u64>, sum_ns: u128, count: u64) -> Percentiles {
    if count == 0 {
        return Percentiles::default();
    }
    let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    Percentiles {
        mean_ms: sum_ns as f64 / count as f64 / 1e6,
        p50_ms: ms(0.5),
        p95_ms: ms(0.95),
        p99_ms: ms(0.99),
        p999_ms: ms(0.999),
        max_ms: h.max() as f64 / 1000.0,
    }
}

/// What one call to [`Simulation::run_until_s`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// Events processed.
    pub events: u64,
    /// Whether the run reached its end.
    pub finished: bool,
}

/// A component's state right now, for drawing it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComponentLive {
    pub up: bool,
    /// Workers (or consumers, or connections) busy.
    pub busy: u32,
    /// Workers in all; 0 for components without workers.
    pub capacity: u32,
    pub queue_len: u32,
    /// Requests inside (waiting or being served, including waiting for downstream calls).
    pub in_flight: u32,
    /// Service-time multiplier of a Slow fault (1 = normal).
    pub slow_factor: f64,
    /// Services: instances taking work (0 for other kinds).
    pub instances: u32,
    /// Autoscaled services: instances still warming up.
    pub instances_warming: u32,
    /// Redundant components: nodes in all and nodes up (0 and 0 for the others).
    pub nodes: u32,
    pub nodes_up: u32,
    /// Active-passive: the standby is being promoted.
    pub failing_over: bool,
    /// Active-passive: the node serving (0 = the original active, 1 = the standby).
    pub active_node: u32,
}

/// A replicated database right now, for drawing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicationLive {
    /// The primary and its replicas.
    pub nodes: u32,
    /// The node taking writes (0 = the original primary); none while failing over.
    pub primary: Option<u32>,
    /// A partition separates the primary from its replicas.
    pub partitioned: bool,
    /// Nodes crashed (the primary that crashed, until it recovers).
    pub down: u32,
}

/// A running simulation of one scenario.
pub struct Simulation {
    name: String,
    seed: u64,
    now: SimTime,
    end: SimTime,
    window: SimTime,
    window_start: SimTime,
    warmup: SimTime,
    measuring: bool,
    slo_latency: SimTime,
    slo_target: f64,
    rng: Rng,
    events: EventQueue<Ev>,
    processed: u64,
    comps: Vec<Comp>,
    ids: Vec<String>,
    conns: Vec<Conn>,
    conn_ids: Vec<(String, String)>,
    lb_inflight: Vec<u32>,
    actions: Vec<Action>,
    requests: Vec<Request>,
    free_requests: Vec<u32>,
    live_requests: u64,
    next_request_id: u64,
    calls: Vec<Call>,
    free_calls: Vec<u32>,
    win: Tally,
    run: Tally,
    windows: Vec<WindowStats>,
    feed: Feed,
    /// Mean time between failures and to repair, in ns, of components that fail at random.
    mtbf_mttr: Vec<Option<(f64, f64)>>,
    net: Net,
}

impl Simulation {
    /// Builds a simulation at time 0, or returns every error that stops the scenario running.
    pub fn new(scenario: &Scenario) -> Result<Simulation, Vec<Problem>> {
        let problems = errors(scenario);
        if !problems.is_empty() {
            return Err(problems);
        }
        let ids: Vec<String> = scenario.components.iter().map(|c| c.id.clone()).collect();
        let index_of = |id: &str| ids.iter().position(|x| x == id).map(|i| i as u32);
        let net = Net::new(&scenario.network);
        let zone_of: Vec<u32> = scenario
            .components
            .iter()
            .map(|c| {
                c.zone
                    .as_ref()
                    .and_then(|z| net.zone_names.iter().position(|n| n == z))
                    .map_or(NONE, |i| i as u32)
            })
            .collect();
        let kind_of = |i: u32| scenario.components[i as usize].params.kind();
        let mut conns = Vec::with_capacity(scenario.connections.len());
        let mut outs: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
        for (i, c) in scenario.connections.iter().enumerate() {
            let (Some(from), Some(to)) = (index_of(&c.from), index_of(&c.to)) else {
                unreachable!("validated");
            };
            outs[from as usize].push(i as u32);
            // A lookup is paid as the DNS's resolution latency, and only on a miss: the
            // hop into a DNS takes no time. The hop out of it is the client's path.
            let (latency, crossing) = if kind_of(to) == Kind::Dns {
                (Dist::Constant { ms: 0.0 }, Crossing::None)
            } else if kind_of(from) == Kind::Dns {
                (
                    c.latency,
                    Crossing::FromClient {
                        to_zone: zone_of[to as usize],
                    },
                )
            } else {
                (
                    c.latency,
                    net.crossing(zone_of[from as usize], zone_of[to as usize]),
                )
            };
            conns.push(Conn {
                to,
                latency: DistNs::new(&latency),
                mean_ns: latency.mean_ms() * 1e6,
                crossing,
                weight: c.weight,
                partitioned: false,
                optional: c.optional,
                breaker: c.breaker.as_ref().map(Breaker::new),
                win_open_ns: 0,
                run_open_ns: 0,
                win_refused: 0,
                run_refused: 0,
            });
        }
        // Every path name first, so that a gateway's route table covers all of them.
        let mut paths = PathTable::default();
        for c in &scenario.components {
            if let Params::Client(p) = &c.params {
                for rp in &p.paths {
                    paths.intern(&rp.path);
                }
            }
        }
        // A replicated database tracks a version per key the clients can touch.
        let keys = scenario
            .components
            .iter()
            .filter_map(|c| match &c.params {
                Params::Client(p) => Some(p.keys.count()),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        let mut comps = Vec::with_capacity(ids.len());
        for ((c, outs), zone) in scenario.components.iter().zip(outs).zip(zone_of) {
            let routes: Vec<Option<&str>> = outs
                .iter()
                .map(|&o| scenario.connections[o as usize].route.as_deref())
                .collect();
            let table = gateway::route_table(&paths, &routes);
            let mut comp = build_comp(c, outs, &mut paths, table, keys);
            comp.zone = zone;
            comps.push(comp);
        }
        let run = &scenario.run;
        let mut sim = Simulation {
            name: scenario.name.clone(),
            seed: run.seed,
            now: 0,
            end: time::from_s(run.duration_s).max(1),
            window: time::from_ms(run.window_ms).max(1),
            window_start: 0,
            warmup: time::from_s(run.warmup_s),
            measuring: false,
            slo_latency: time::from_ms(scenario.slo.latency_ms),
            slo_target: scenario.slo.success_target,
            rng: Rng::new(run.seed),
            events: EventQueue::new(),
            processed: 0,
            comps,
            ids,
            conns,
            conn_ids: scenario
                .connections
                .iter()
                .map(|c| (c.from.clone(), c.to.clone()))
                .collect(),
            lb_inflight: vec![0; scenario.connections.len()],
            actions: Vec::new(),
            requests: Vec::new(),
            free_requests: Vec::new(),
            live_requests: 0,
            next_request_id: 0,
            calls: Vec::new(),
            free_calls: Vec::new(),
            win: Tally::new(),
            run: Tally::new(),
            windows: Vec::new(),
            feed: Feed::new(0),
            mtbf_mttr: vec![None; scenario.components.len()],
            net,
        };
        sim.start(scenario);
        Ok(sim)
    }

    fn start(&mut self, scenario: &Scenario) {
        if scenario.run.chaos {
            for (i, c) in scenario.components.iter().enumerate() {
                if let Some(f) = c.failures {
                    self.mtbf_mttr[i] = Some((f.mtbf_s * NS_PER_S, f.mttr_s * NS_PER_S));
                    // A redundant component's nodes fail and are repaired independently.
                    match &self.comps[i].nodes {
                        Some(nodes) => {
                            for node in 0..nodes.count() {
                                self.node_chaos_next(i as u32, node, true);
                            }
                        }
                        None => self.chaos_next(i as u32, true),
                    }
                }
            }
        }
        if self.warmup == 0 {
            self.measuring = true;
        } else {
            self.events.push(self.warmup, Ev::WarmupEnd);
        }
        self.events.push(self.window.min(self.end), Ev::WindowEnd);
        let mut timeline: Vec<&FaultEntry> = scenario.faults.iter().collect();
        timeline.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
        for entry in timeline {
            let at = time::from_s(entry.at_s);
            self.schedule_fault(at, &entry.fault);
        }
        for i in 0..self.comps.len() {
            let i32_ = i as u32;
            match &self.comps[i].behavior {
                Behavior::Client(c) => {
                    if let Some((_, profile)) = &c.open {
                        for t in rate_breakpoints(profile) {
                            if t > 0 && t < self.end {
                                self.events.push(t, Ev::RateChange { client: i32_ });
                            }
                        }
                        self.schedule_arrival(i32_);
                    } else {
                        let (users, think) = (c.users, c.think);
                        for _ in 0..users {
                            let t = think.sample(&mut self.rng, 1.0);
                            self.events.push(t, Ev::UserWake { client: i32_ });
                        }
                    }
                }
                Behavior::Lb(lb) => {
                    if let Some((interval, _, _)) = lb.check {
                        self.events.push(interval, Ev::HealthCheck { lb: i32_ });
                    }
                }
                Behavior::Dns(dns) => {
                    if let Some(h) = &dns.resolver.health {
                        self.events.push(h.interval, Ev::DnsCheck { dns: i32_ });
                    }
                }
                _ => {}
            }
            if let Some(rt) = &self.comps[i].scaler
                && rt.scaler.interval <= self.end
            {
                self.events
                    .push(rt.scaler.interval, Ev::Scale { comp: i32_ });
            }
        }
    }

    // ----- public API -----

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Simulated time now, in nanoseconds.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Simulated time now, in seconds.
    pub fn now_s(&self) -> f64 {
        time::to_s(self.now)
    }

    /// Length of the run in seconds.
    pub fn duration_s(&self) -> f64 {
        time::to_s(self.end)
    }

    /// Whether the run reached its end.
    pub fn finished(&self) -> bool {
        self.now >= self.end
    }

    /// Events processed since the start.
    pub fn events_processed(&self) -> u64 {
        self.processed
    }

    /// Advances to `t_s` seconds (or the end of the run), processing at most `max_events`
    /// events. When the budget runs out first, the clock stops at the last event processed.
    pub fn run_until_s(&mut self, t_s: f64, max_events: u64) -> StepResult {
        let target = if t_s.is_finite() && t_s > 0.0 {
            time::from_s(t_s).min(self.end)
        } else {
            self.now
        };
        self.run_until(target, max_events)
    }

    /// Advances to `target` nanoseconds; see [`Simulation::run_until_s`].
    pub fn run_until(&mut self, target: SimTime, max_events: u64) -> StepResult {
        let target = target.min(self.end);
        let mut done = 0u64;
        while done < max_events {
            match self.events.peek_time() {
                Some(t) if t <= target => {
                    let Some((t, ev)) = self.events.pop() else {
                        break;
                    };
                    debug_assert!(t >= self.now, "the clock went back");
                    self.now = t;
                    self.handle(ev);
                    done += 1;
                }
                _ => {
                    self.now = self.now.max(target);
                    break;
                }
            }
        }
        self.processed += done;
        StepResult {
            events: done,
            finished: self.finished(),
        }
    }

    /// Runs to the end of the scenario.
    pub fn run_to_end(&mut self) {
        while !self.finished() {
            self.run_until(self.end, u64::MAX);
        }
    }

    /// Applies a fault now (as if it were in the timeline at the current time).
    pub fn apply_fault(&mut self, fault: &Fault) -> Result<(), Problem> {
        let actions = self.compile_fault(fault)?;
        let now = self.now;
        for (delay, action) in actions {
            if delay == 0 {
                self.apply(action);
            } else {
                self.push_action(now.saturating_add(delay), action);
            }
        }
        Ok(())
    }

    /// Keeps the most recent `capacity` hops for animation (0 turns the feed off).
    pub fn set_feed_capacity(&mut self, capacity: usize) {
        self.feed = Feed::new(capacity);
    }

    /// Moves the hops recorded since the last call into `out`, oldest first.
    pub fn drain_feed(&mut self, out: &mut Vec<Hop>) {
        self.feed.drain_into(out);
    }

    /// Windows completed so far.
    pub fn windows(&self) -> &[WindowStats] {
        &self.windows
    }

    /// Each component's state now, indexed like the scenario's components.
    pub fn live(&self) -> Vec<ComponentLive> {
        self.comps
            .iter()
            .map(|c| {
                let extra = extra_stations(c);
                ComponentLive {
                    up: c.up,
                    busy: c.station.busy + extra.iter().map(|s| s.busy).sum::<u32>(),
                    capacity: if c.behavior.util_in_calls() {
                        0
                    } else {
                        c.station.servers * (1 + extra.len() as u32)
                    },
                    queue_len: (c.station.queue.len()
                        + extra.iter().map(|s| s.queue.len()).sum::<usize>())
                        as u32,
                    in_flight: c.in_system,
                    slow_factor: c.slow,
                    instances: match &c.scaler {
                        Some(rt) => rt.scaler.ready,
                        None => c.fixed_instances,
                    },
                    instances_warming: c.scaler.as_ref().map_or(0, |rt| rt.scaler.warming()),
                    nodes: c.nodes.as_ref().map_or(0, |n| n.count()),
                    nodes_up: c.nodes.as_ref().map_or(0, |n| n.up_count()),
                    failing_over: c.nodes.as_ref().is_some_and(|n| n.failing_over),
                    active_node: c.nodes.as_ref().map_or(0, |n| n.active),
                }
            })
            .collect()
    }

    /// The replication state of each database with replicas now (none elsewhere), indexed
    /// like the scenario's components.
    pub fn replication_live(&self) -> Vec<Option<ReplicationLive>> {
        self.comps
            .iter()
            .map(|c| match &c.behavior {
                Behavior::Db { repl: Some(r), .. } => Some(ReplicationLive {
                    nodes: r.set.nodes() as u32,
                    primary: r.set.primary().map(|p| p as u32),
                    partitioned: r.set.partitioned(),
                    down: r.set.nodes_down() as u32,
                }),
                _ => None,
            })
            .collect()
    }

    /// Whether each connection is partitioned now, indexed like the scenario's connections.
    pub fn partitioned(&self) -> Vec<bool> {
        self.conns.iter().map(|c| c.partitioned).collect()
    }

    /// The state of each connection's circuit breaker now (`None` without one), indexed
    /// like the scenario's connections.
    pub fn breakers(&self) -> Vec<Option<BreakerState>> {
        self.conns
            .iter()
            .map(|c| c.breaker.as_ref().map(|b| b.state_at(self.now)))
            .collect()
    }

    /// Requests born and not yet answered or failed for good.
    pub fn in_flight(&self) -> u64 {
        self.live_requests
    }

    /// Whole-run statistics from the end of warm-up until now.
    pub fn summary(&self) -> Summary {
        let t = &self.run;
        let start = if self.measuring {
            self.warmup
        } else {
            self.now
        };
        let measured = self.now.saturating_sub(start);
        let measured_s = time::to_s(measured);
        let per_s = |x: u64| {
            if measured_s > 0.0 {
                x as f64 / measured_s
            } else {
                0.0
            }
        };
        let warmup_s = time::to_s(self.warmup);
        let counted: Vec<&WindowStats> = self
            .windows
            .iter()
            .filter(|w| w.start_s >= warmup_s - 1e-9)
            .collect();
        let windows_up = counted.iter().filter(|w| w.up).count() as u64;
        let windows_total = counted.len() as u64;
        let uptime = if windows_total > 0 {
            windows_up as f64 / windows_total as f64
        } else {
            1.0
        };
        let finished = t.completed + t.failed.total();
        let components = self
            .comps
            .iter()
            .zip(&self.ids)
            .map(|(c, id)| {
                let (mut busy, mut queue) = c.station.pending_areas(self.now);
                for st in extra_stations(c) {
                    let (b, q) = st.pending_areas(self.now);
                    busy += b;
                    queue += q;
                }
                let mut a = c.run;
                if self.measuring {
                    a.busy_area += busy;
                    a.queue_area += queue;
                    a.sys_area +=
                        c.sys_area + c.in_system as u128 * (self.now - c.sys_last) as u128;
                    let (down, ready, warming) = c.pending_areas(self.now);
                    a.down_area += down;
                    a.capacity_area += c.pending_capacity(self.now);
                    a.ready_area += ready;
                    a.warming_area += warming;
                }
                let mut summary = component_summary(id, c, &a, measured);
                if self.measuring {
                    summary.replication = replication_stats(c, |r| r.at_warmup);
                }
                summary
            })
            .collect();
        Summary {
            measured_s,
            generated: t.generated,
            retries: t.retries,
            completed: t.completed,
            failed: t.failed,
            in_flight: self.live_requests,
            throughput_rps: per_s(t.completed),
            latency: percentiles(&t.latency, t.latency_sum_ns, t.completed),
            success_ratio: if finished > 0 {
                t.completed as f64 / finished as f64
            } else {
                1.0
            },
            uptime_pct: uptime * 100.0,
            nines: nines(uptime),
            windows_up,
            windows_total,
            async_completed: t.async_completed,
            async_failed: t.async_failed,
            async_latency: percentiles(&t.async_latency, t.async_sum_ns, t.async_completed),
            events: self.processed,
            components,
            duplicate_writes: t.duplicate_writes,
            degraded: t.degraded,
            retries_denied: t.retries_denied,
            connections: self
                .conns
                .iter()
                .zip(&self.conn_ids)
                .map(|(c, (from, to))| {
                    let open = c.run_open_ns
                        + match (&c.breaker, self.measuring) {
                            (Some(b), true) => b.pending_open_ns(self.now),
                            _ => 0,
                        };
                    ConnectionSummary {
                        from: from.clone(),
                        to: to.clone(),
                        breaker_open_share: open as f64 / measured.max(1) as f64,
                        short_circuited: c.run_refused,
                        breaker_trips: c.breaker.as_ref().map_or(0, |b| b.trips()),
                    }
                })
                .collect(),
            replication: if self.measuring {
                replication_total(&self.comps, |r| r.at_warmup)
            } else {
                ReplicationStats::default()
            },
        }
    }

    /// The summary and every window: what `archsim run --json` prints.
    pub fn report(&self) -> Report {
        Report {
            scenario: self.name.clone(),
            seed: self.seed,
            now_s: self.now_s(),
            summary: self.summary(),
            windows: self.windows.clone(),
        }
    }

    // ----- the event loop -----

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Arrival { client, epoch } => {
                if let Behavior::Client(c) = &self.comps[client as usize].behavior
                    && c.epoch == epoch
                {
                    self.new_request(client);
                    self.schedule_arrival(client);
                }
            }
            Ev::RateChange { client } => {
                if let Behavior::Client(c) = &mut self.comps[client as usize].behavior {
                    c.epoch = c.epoch.wrapping_add(1);
                }
                self.schedule_arrival(client);
            }
            Ev::UserWake { client } => self.new_request(client),
            Ev::Arrive { call } => {
                if self.call_is(call) {
                    self.arrive(call.idx);
                }
            }
            Ev::Work { call } => {
                if self.call_is(call) {
                    self.work_done(call.idx);
                }
            }
            Ev::Reply {
                to,
                outcome,
                via,
                epoch,
            } => {
                self.breaker_learns(via, epoch, matches!(outcome, Outcome::Fail(_)));
                if self.call_is(to) {
                    self.child_replied(to.idx, outcome, via);
                }
            }
            Ev::ClientReply {
                req,
                generation,
                attempt,
                outcome,
            } => {
                if self.attempt_is(req, generation, attempt) {
                    let r = self.requests[req as usize];
                    let failed = matches!(outcome, Outcome::Fail(_));
                    self.breaker_learns(r.conn, r.breaker_epoch, failed);
                    match outcome {
                        Outcome::Fail(reason) => self.attempt_failed(req, reason),
                        o => self.request_succeeded(req, o == Outcome::Degraded),
                    }
                }
            }
            Ev::Timeout {
                req,
                generation,
                attempt,
            } => {
                if self.attempt_is(req, generation, attempt) {
                    let r = self.requests[req as usize];
                    self.breaker_learns(r.conn, r.breaker_epoch, true);
                    self.attempt_failed(req, FailReason::Timeout);
                }
            }
            Ev::Retry { req, generation } => {
                let r = self.requests[req as usize];
                if r.live && r.generation == generation {
                    self.start_attempt(req);
                }
            }
            Ev::Action { index } => {
                let action = self.actions[index as usize];
                self.apply(action);
            }
            Ev::HealthCheck { lb } => self.health_check(lb),
            Ev::DnsCheck { dns } => self.dns_check(dns),
            Ev::Chaos { comp, fail } => self.chaos(comp, fail),
            Ev::Failover { comp, epoch } => {
                let now = self.now;
                if let Some(r) = self.replicas(comp) {
                    r.set.promote(epoch, now);
                }
            }
            Ev::WindowEnd => self.close_window(),
            Ev::WarmupEnd => self.end_warmup(),
            Ev::Migrate { comp, epoch } => self.migrate(comp, epoch),
            Ev::Scale { comp } => self.autoscale(comp),
            Ev::Warm { comp } => self.warmed(comp),
            Ev::NodeFailover { comp, token } => self.failover_done(comp, token),
            Ev::NodeChaos { comp, node, fail } => self.node_chaos(comp, node, fail),
        }
    }

    #[inline]
    fn call_is(&self, r: CallRef) -> bool {
        let c = &self.calls[r.idx as usize];
        c.live && c.generation == r.generation
    }

    #[inline]
    fn attempt_is(&self, req: u32, generation: u32, attempt: u32) -> bool {
        let r = &self.requests[req as usize];
        r.live && r.generation == generation && r.attempt == attempt
    }

    // ----- clients and requests -----

    fn schedule_arrival(&mut self, client: u32) {
        let now_s = time::to_s(self.now);
        let Behavior::Client(c) = &self.comps[client as usize].behavior else {
            return;
        };
        let Some((poisson, profile)) = &c.open else {
            return;
        };
        // A step's time was rounded to the nearest ns, possibly just below the step: look
        // half a nanosecond ahead, so the clock standing on a step sees the step's rate.
        let at_s = match profile {
            RateProfile::Steps { .. } | RateProfile::Spike { .. } => now_s + 0.5e-9,
            _ => now_s,
        };
        let rate = profile.rps_at(at_s) * c.spike;
        if !(rate > 0.0 && rate.is_finite()) {
            return;
        }
        let mean_gap = NS_PER_S / rate;
        let gap = if *poisson {
            self.rng.exp(mean_gap)
        } else {
            mean_gap
        };
        let epoch = c.epoch;
        let at = self.now.saturating_add((gap + 0.5) as SimTime);
        if at <= self.end {
            self.events.push(at, Ev::Arrival { client, epoch });
        }
    }

    fn new_request(&mut self, client: u32) {
        let Behavior::Client(c) = &self.comps[client as usize].behavior else {
            return;
        };
        let key = c.keys.sample(&mut self.rng);
        let read = c.read_ratio >= 1.0 || self.rng.unit() < c.read_ratio;
        // Drawn last, and only with paths: a client without them draws what it always did.
        let (path, is_static) = match &c.paths {
            Some(p) => p.sample(&mut self.rng),
            None => (UNNAMED, false),
        };
        let id = self.next_request_id;
        self.next_request_id += 1;
        let r = Request {
            generation: 0,
            live: true,
            id,
            client,
            birth: self.now,
            attempt: 0,
            attempt_start: self.now,
            key,
            read,
            conn: NONE,
            breaker_epoch: NO_EPOCH,
            path,
            is_static,
        };
        let now = self.now;
        if let Behavior::Client(c) = &mut self.comps[client as usize].behavior
            && let Some(budget) = &mut c.budget
        {
            budget.first_attempt(now);
        }
        let idx = match self.free_requests.pop() {
            Some(i) => {
                let generation = self.requests[i as usize].generation.wrapping_add(1);
                self.requests[i as usize] = Request { generation, ..r };
                i
            }
            None => {
                self.requests.push(r);
                (self.requests.len() - 1) as u32
            }
        };
        self.live_requests += 1;
        self.win.generated += 1;
        if self.measuring {
            self.run.generated += 1;
        }
        self.start_attempt(idx);
    }

    fn start_attempt(&mut self, req: u32) {
        let now = self.now;
        let r = &mut self.requests[req as usize];
        r.attempt_start = now;
        let r = *r;
        let Behavior::Client(c) = &self.comps[r.client as usize].behavior else {
            return;
        };
        let deadline = now.saturating_add(c.timeout);
        let idempotent = c.idempotent;
        // A client's deadlines are `now + timeout`, in time order: a FIFO lane takes them.
        self.events.push_ordered(
            r.client as usize,
            deadline,
            Ev::Timeout {
                req,
                generation: r.generation,
                attempt: r.attempt,
            },
        );
        let conn = self.pick_client_conn(r.client);
        let call = Call {
            generation: 0,
            live: true,
            comp: NONE,
            parent: ROOT,
            via: conn,
            req,
            req_generation: r.generation,
            attempt: r.attempt,
            req_id: r.id,
            arrived: now,
            deadline,
            key: r.key,
            read: r.read,
            path: r.path,
            is_static: r.is_static,
            step: 0,
            hit: false,
            holds_worker: false,
            job: false,
            inside: false,
            handed_to_job: false,
            birth: r.birth,
            degraded: false,
            breaker_epoch: NO_EPOCH,
            idempotent,
            shard_from: NONE,
            node: 0,
            lsn: 0,
            red_node: NONE,
        };
        self.send(call, conn);
    }

    fn pick_client_conn(&mut self, client: u32) -> u32 {
        let outs = &self.comps[client as usize].outs;
        if outs.len() == 1 {
            return outs[0];
        }
        let total: u64 = outs
            .iter()
            .map(|&o| self.conns[o as usize].weight as u64)
            .sum();
        if total == 0 {
            let i = self.rng.below(outs.len() as u32);
            return outs[i as usize];
        }
        let mut x = (self.rng.unit() * total as f64) as u64;
        for &o in outs {
            let w = self.conns[o as usize].weight as u64;
            if x < w {
                return o;
            }
            x -= w;
        }
        outs[outs.len() - 1]
    }

    fn request_succeeded(&mut self, req: u32, degraded: bool) {
        let r = self.requests[req as usize];
        let latency = self.now - r.birth;
        let good = latency <= self.slo_latency;
        record_success(&mut self.win, latency, good);
        if self.measuring {
            record_success(&mut self.run, latency, good);
        }
        if degraded {
            self.tally(|t| t.degraded += 1);
        }
        self.end_request(req);
    }

    /// Counts in this window's tally and, after warm-up, the run's.
    fn tally(&mut self, f: impl Fn(&mut Tally)) {
        f(&mut self.win);
        if self.measuring {
            f(&mut self.run);
        }
    }

    fn attempt_failed(&mut self, req: u32, reason: FailReason) {
        let now = self.now;
        let r = self.requests[req as usize];
        let Behavior::Client(c) = &mut self.comps[r.client as usize].behavior else {
            return;
        };
        let mut retry = r.attempt < c.max_retries;
        if retry && let Some(budget) = &mut c.budget {
            retry = budget.try_retry(now);
            if !retry {
                self.tally(|t| t.retries_denied += 1);
            }
        }
        let Behavior::Client(c) = &self.comps[r.client as usize].behavior else {
            return;
        };
        if retry {
            let n = r.attempt; // retries already made
            let backoff = (c.backoff_base * libm::pow(2.0, n as f64)).min(c.backoff_max);
            let wait = match c.jitter {
                Jitter::None => backoff,
                Jitter::Full => backoff * self.rng.unit(),
                Jitter::Equal => backoff / 2.0 + backoff / 2.0 * self.rng.unit(),
            };
            let rq = &mut self.requests[req as usize];
            rq.attempt += 1;
            let generation = rq.generation;
            self.win.retries += 1;
            if self.measuring {
                self.run.retries += 1;
            }
            let at = self.now.saturating_add((wait * 1e6 + 0.5) as SimTime);
            self.events.push(at, Ev::Retry { req, generation });
            return;
        }
        self.win.failed.add(reason);
        if self.measuring {
            self.run.failed.add(reason);
        }
        self.end_request(req);
    }

    fn end_request(&mut self, req: u32) {
        let r = &mut self.requests[req as usize];
        r.live = false;
        let client = r.client;
        self.free_requests.push(req);
        self.live_requests -= 1;
        if let Behavior::Client(c) = &self.comps[client as usize].behavior
            && c.open.is_none()
        {
            let think = c.think.sample(&mut self.rng, 1.0);
            self.events
                .push(self.now.saturating_add(think), Ev::UserWake { client });
        }
    }

    // ----- calls -----

    fn alloc_call(&mut self, call: Call) -> CallRef {
        match self.free_calls.pop() {
            Some(i) => {
                let generation = self.calls[i as usize].generation.wrapping_add(1);
                self.calls[i as usize] = Call {
                    generation,
                    live: true,
                    ..call
                };
                CallRef { idx: i, generation }
            }
            None => {
                self.calls.push(Call {
                    generation: 0,
                    live: true,
                    ..call
                });
                CallRef {
                    idx: (self.calls.len() - 1) as u32,
                    generation: 0,
                }
            }
        }
    }

    fn free_call(&mut self, idx: u32) {
        self.calls[idx as usize].live = false;
        self.free_calls.push(idx);
    }

    /// Sends the request of `call` over `conn` to the connection's target, unless the
    /// connection's breaker is open: then the call fails at once, without being sent.
    fn send(&mut self, mut call: Call, conn: u32) {
        let now = self.now;
        let epoch = match &mut self.conns[conn as usize].breaker {
            Some(b) => match b.admit(now) {
                Some(epoch) => epoch,
                None => {
                    self.short_circuit(&call, conn);
                    return;
                }
            },
            None => NO_EPOCH,
        };
        if call.parent == ROOT {
            let r = &mut self.requests[call.req as usize];
            r.conn = conn;
            r.breaker_epoch = epoch;
        }
        call.breaker_epoch = epoch;
        let c = &self.conns[conn as usize];
        call.comp = c.to;
        call.via = conn;
        let latency = c.latency.sample(&mut self.rng, 1.0);
        let latency = latency.saturating_add(self.crossing_delay(conn, &call));
        let c = &self.conns[conn as usize];
        let at = self.now.saturating_add(latency);
        if c.partitioned {
            self.hop(
                call.req_id,
                conn,
                HopDirection::Request,
                HopOutcome::Lost,
                at,
            );
            self.lost(call.parent, call.deadline, conn, epoch);
            return;
        }
        self.hop(call.req_id, conn, HopDirection::Request, HopOutcome::Ok, at);
        let r = self.alloc_call(Call {
            arrived: at,
            inside: false,
            ..call
        });
        self.events.push(at, Ev::Arrive { call: r });
    }

    /// The zone of the client whose request `call` carries (NONE for queue jobs, whose
    /// producer is gone, and clients without a zone).
    fn client_zone(&self, call: &Call) -> u32 {
        let r = &self.requests[call.req as usize];
        if !call.job && r.live && r.generation == call.req_generation {
            self.comps[r.client as usize].zone
        } else {
            NONE
        }
    }

    /// The zone or region crossing a message of `call` over `conn` pays, one way.
    fn crossing_delay(&mut self, conn: u32, call: &Call) -> SimTime {
        let crossing = match self.conns[conn as usize].crossing {
            Crossing::None => return 0,
            Crossing::FromClient { to_zone } => self.net.crossing(self.client_zone(call), to_zone),
            c => c,
        };
        match crossing {
            Crossing::Zone => self.net.cross_zone.sample(&mut self.rng, 1.0),
            Crossing::Region => self.net.cross_region.sample(&mut self.rng, 1.0),
            Crossing::None | Crossing::FromClient { .. } => 0,
        }
    }

    /// An open breaker refuses a call: its caller hears `CircuitOpen` at once (as an
    /// event, so the caller's state is never changed under it).
    fn short_circuit(&mut self, call: &Call, conn: u32) {
        let c = &mut self.conns[conn as usize];
        c.win_refused += 1;
        if self.measuring {
            c.run_refused += 1;
        }
        if call.parent == ROOT {
            // The refusal is no outcome of this connection's calls: its breaker must not
            // count it.
            let r = &mut self.requests[call.req as usize];
            r.conn = conn;
            r.breaker_epoch = NO_EPOCH;
        }
        let outcome = Outcome::Fail(FailReason::CircuitOpen);
        self.answer(call, self.now, outcome, conn, NO_EPOCH);
    }

    /// Delivers `outcome` to the caller of `call` at `at`: its parent call, or the client.
    fn answer(&mut self, call: &Call, at: SimTime, outcome: Outcome, via: u32, epoch: u32) {
        if call.parent == ROOT {
            self.events.push(
                at,
                Ev::ClientReply {
                    req: call.req,
                    generation: call.req_generation,
                    attempt: call.attempt,
                    outcome,
                },
            );
        } else {
            self.events.push(
                at,
                Ev::Reply {
                    to: call.parent,
                    outcome,
                    via,
                    epoch,
                },
            );
        }
    }

    /// The breaker of `conn` learns the outcome of a call it admitted in `epoch`.
    fn breaker_learns(&mut self, conn: u32, epoch: u32, failed: bool) {
        if epoch == NO_EPOCH {
            return;
        }
        let now = self.now;
        if let Some(b) = self
            .conns
            .get_mut(conn as usize)
            .and_then(|c| c.breaker.as_mut())
        {
            b.record(now, epoch, failed);
        }
    }

    /// A message to or from a call over `via` was lost: the waiting parent gives up at the
    /// deadline (and the breaker of `via` counts a failure then).
    fn lost(&mut self, parent: CallRef, deadline: SimTime, via: u32, epoch: u32) {
        if parent != ROOT {
            let at = deadline.max(self.now);
            self.events.push(
                at,
                Ev::Reply {
                    to: parent,
                    outcome: Outcome::Fail(FailReason::Timeout),
                    via,
                    epoch,
                },
            );
        }
        // A lost root message needs nothing: the client's own timeout fires.
    }

    #[inline]
    fn hop(
        &mut self,
        request: u64,
        conn: u32,
        dir: HopDirection,
        outcome: HopOutcome,
        at: SimTime,
    ) {
        if self.feed.enabled() {
            self.feed.push(Hop {
                request,
                connection: conn,
                direction: dir,
                outcome,
                depart_s: time::to_s(self.now),
                arrive_s: time::to_s(at),
            });
        }
    }

    fn count(&mut self, comp: u32, f: impl Fn(&mut Acc)) {
        let c = &mut self.comps[comp as usize];
        f(&mut c.win);
        if self.measuring {
            f(&mut c.run);
        }
    }

    fn arrive(&mut self, idx: u32) {
        let now = self.now;
        let comp = self.calls[idx as usize].comp;
        {
            let c = &mut self.comps[comp as usize];
            c.advance_sys(now);
            c.in_system += 1;
        }
        self.calls[idx as usize].arrived = now;
        self.calls[idx as usize].inside = true;
        self.count(comp, |a| a.arrivals += 1);
        if let Some(nodes) = &mut self.comps[comp as usize].nodes
            && nodes.failover_time().is_none()
            && nodes.serving()
        {
            self.calls[idx as usize].red_node = nodes.pin();
        }
        let c = &self.comps[comp as usize];
        if c.kind == Kind::Dns {
            // The client's cache answers without the DNS, even while the DNS is down.
            self.resolve(idx, comp);
            return;
        }
        if !c.up {
            if let Behavior::Cache(cache) = &c.behavior
                && cache.fallback
                && let Some(&store) = c.outs.first()
            {
                // The caller's cache client skips the dead cache and reads the store.
                self.count(comp, |a| a.fallbacks += 1);
                self.call_child(idx, store);
                return;
            }
            match c.crash_mode {
                CrashMode::FailFast => self.finish(idx, Outcome::Fail(FailReason::ComponentDown)),
                CrashMode::Blackhole => self.vanish(idx),
            }
            return;
        }
        match c.kind {
            Kind::Client => self.finish(idx, Outcome::Fail(FailReason::NoBackend)),
            Kind::LoadBalancer => match self.pick_backend(comp, idx) {
                Some(conn) => {
                    self.calls[idx as usize].step = conn;
                    self.lb_inflight[conn as usize] += 1;
                    self.call_child(idx, conn);
                }
                None => self.finish(idx, Outcome::Fail(FailReason::NoBackend)),
            },
            Kind::Service => self.admit(idx, comp),
            Kind::Database => {
                if self.route_db(idx, comp) {
                    self.admit(idx, comp);
                }
            }
            Kind::RateLimiter => self.limit(idx, comp),
            Kind::ApiGateway => self.gateway_arrive(idx, comp),
            Kind::Cdn => {
                let Behavior::Cdn(edge) = &c.behavior else {
                    return;
                };
                let t = edge.latency.sample(&mut self.rng, c.slow);
                self.hold(idx, comp, t);
            }
            Kind::ShardRouter => self.route_shard(idx, comp),
            // Resolved before the up check, above.
            Kind::Dns => self.resolve(idx, comp),
            Kind::BlobStorage | Kind::ExternalApi => {
                let Behavior::Remote { latency, .. } = &c.behavior else {
                    return;
                };
                let t = latency.sample(&mut self.rng, c.slow);
                self.hold(idx, comp, t);
            }
            Kind::Cache => {
                let Behavior::Cache(cache) = &c.behavior else {
                    return;
                };
                let t = cache.latency.sample(&mut self.rng, c.slow);
                self.hold(idx, comp, t);
            }
            Kind::Queue => {
                if c.station.queue_full() {
                    self.count(comp, |a| a.drops += 1);
                    self.finish(idx, Outcome::Fail(FailReason::Rejected));
                    return;
                }
                // The message becomes a job for the consumers; the producer gets an ack.
                let call = self.calls[idx as usize];
                let job = self.alloc_call(Call {
                    parent: ROOT,
                    via: NONE,
                    step: 0,
                    hit: false,
                    holds_worker: false,
                    job: true,
                    inside: true,
                    handed_to_job: false,
                    degraded: false,
                    breaker_epoch: NO_EPOCH,
                    shard_from: NONE,
                    deadline: SimTime::MAX,
                    arrived: now,
                    ..call
                });
                // The job takes over the message's place in the queue's count (L = λW).
                self.calls[idx as usize].handed_to_job = true;
                self.admit(job.idx, comp);
                let Behavior::Queue { ack, .. } = self.comps[comp as usize].behavior else {
                    return;
                };
                let t = ack.sample(&mut self.rng, 1.0);
                self.work_at(idx, now.saturating_add(t));
            }
        }
    }

    /// A worker-pool component takes a call: serve now, queue, or reject.
    fn admit(&mut self, idx: u32, comp: u32) {
        let node = self.calls[idx as usize].node;
        let st = station_of(&mut self.comps[comp as usize], node);
        if st.has_free_server() {
            self.start_work(idx, comp);
        } else if !st.queue_full() {
            st.advance(self.now);
            let generation = self.calls[idx as usize].generation;
            st.queue.push_back(CallRef { idx, generation });
        } else {
            self.count(comp, |a| a.drops += 1);
            let job = self.calls[idx as usize].job;
            if job {
                self.job_done(idx, false);
            } else {
                self.finish(idx, Outcome::Fail(FailReason::Rejected));
            }
        }
    }

    fn start_work(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let read = self.calls[idx as usize].read;
        let node = self.calls[idx as usize].node;
        let c = &mut self.comps[comp as usize];
        let st = station_of(c, node);
        st.advance(now);
        st.busy += 1;
        let t = match &c.behavior {
            Behavior::Service { time } => time.sample(&mut self.rng, c.slow),
            Behavior::Db {
                read: r, write: w, ..
            } => {
                if read {
                    r.sample(&mut self.rng, c.slow)
                } else {
                    w.sample(&mut self.rng, c.slow)
                }
            }
            Behavior::Queue { work, .. } => work.sample(&mut self.rng, c.slow),
            Behavior::Gateway(g) => g.overhead.sample(&mut self.rng, c.slow),
            _ => 0,
        };
        let call = &mut self.calls[idx as usize];
        call.holds_worker = true;
        if call.job {
            call.deadline = now.saturating_add(ASYNC_DEADLINE);
        }
        self.work_at(idx, now.saturating_add(t));
    }

    /// Frees the worker a call held on `node` and gives it to the next waiting call.
    fn release_worker(&mut self, comp: u32, node: u32) {
        let now = self.now;
        let st = station_of(&mut self.comps[comp as usize], node);
        st.advance(now);
        st.busy -= 1;
        self.serve_queue(comp, node);
    }

    /// Gives free workers of a worker-pool component (of its station for `node`: a
    /// replicated database has one per node, everything else only node 0) to the calls
    /// waiting in its queue.
    fn serve_queue(&mut self, comp: u32, node: u32) {
        let now = self.now;
        let max_wait = match self.comps[comp as usize].behavior {
            Behavior::Db { max_wait, .. } => Some(max_wait),
            _ => None,
        };
        while station_of(&mut self.comps[comp as usize], node).has_free_server() {
            let Some(next) = station_of(&mut self.comps[comp as usize], node)
                .queue
                .pop_front()
            else {
                break;
            };
            if !self.call_is(next) {
                continue;
            }
            if let Some(max_wait) = max_wait
                && now - self.calls[next.idx as usize].arrived > max_wait
            {
                self.count(comp, |a| a.drops += 1);
                self.finish(next.idx, Outcome::Fail(FailReason::PoolTimeout));
                continue;
            }
            self.start_work(next.idx, comp);
        }
    }

    fn work_done(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        let comp = call.comp;
        match self.comps[comp as usize].kind {
            Kind::Service => self.next_dependency(idx),
            Kind::Database => {
                // A write is applied once, when the database first finishes it (a replicated
                // write then only waits for its commit).
                if !call.read && call.step == 0 {
                    self.write_applied(&call);
                }
                self.db_done(idx)
            }
            Kind::Queue => {
                if call.job {
                    self.next_dependency(idx);
                } else {
                    self.finish(idx, Outcome::Ok);
                }
            }
            Kind::Cache => {
                let now = self.now;
                let c = &mut self.comps[comp as usize];
                c.station.advance(now);
                c.station.busy -= 1;
                self.calls[idx as usize].holds_worker = false;
                let has_store = !c.outs.is_empty();
                let Behavior::Cache(cache) = &mut c.behavior else {
                    return;
                };
                if call.read {
                    let hit = match &mut cache.lru {
                        Some(lru) => lru.get(u64::from(call.key), now),
                        None => self.rng.unit() < cache.hit_ratio,
                    };
                    if hit {
                        self.count(comp, |a| a.hits += 1);
                        self.finish(idx, Outcome::Hit);
                        return;
                    }
                    self.count(comp, |a| a.misses += 1);
                } else if let Some(lru) = &mut cache.lru {
                    lru.invalidate(u64::from(call.key));
                }
                if has_store {
                    let conn = self.comps[comp as usize].outs[0];
                    self.call_child(idx, conn);
                } else {
                    self.finish(idx, Outcome::Ok);
                }
            }
            Kind::Cdn => self.cdn_lookup(idx),
            Kind::ApiGateway => self.gateway_work_done(idx),
            Kind::RateLimiter => {
                // Its turn in the leaky bucket's queue has come.
                let conn = self.comps[comp as usize].outs[0];
                self.call_child(idx, conn);
            }
            Kind::BlobStorage | Kind::ExternalApi => {
                let now = self.now;
                let c = &mut self.comps[comp as usize];
                c.station.advance(now);
                c.station.busy -= 1;
                self.calls[idx as usize].holds_worker = false;
                let Behavior::Remote { error_rate, .. } = c.behavior else {
                    return;
                };
                if error_rate > 0.0 && self.rng.unit() < error_rate {
                    self.count(comp, |a| a.drops += 1);
                    self.finish(idx, Outcome::Fail(FailReason::DependencyError));
                } else {
                    self.finish(idx, Outcome::Ok);
                }
            }
            Kind::ShardRouter => self.shard_dispatch(idx),
            Kind::Dns => {
                // The lookup is done: on to the answered target.
                let now = self.now;
                let c = &mut self.comps[comp as usize];
                c.station.advance(now);
                c.station.busy -= 1;
                self.calls[idx as usize].holds_worker = false;
                self.call_child(idx, call.step);
            }
            Kind::Client | Kind::LoadBalancer => {}
        }
    }

    /// The work of call `idx` (as it is now) ends at `at`.
    fn work_at(&mut self, idx: u32, at: SimTime) {
        let generation = self.calls[idx as usize].generation;
        self.events.push(
            at,
            Ev::Work {
                call: CallRef { idx, generation },
            },
        );
    }

    /// A call occupies one of a component's unlimited servers for `t` (caches, remotes).
    fn hold(&mut self, idx: u32, comp: u32, t: SimTime) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.busy += 1;
        self.calls[idx as usize].holds_worker = true;
        self.work_at(idx, now.saturating_add(t));
    }

    /// A rate limiter admits the call onward (now or after a wait in its queue) or answers 429.
    fn limit(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let r = &self.requests[call.req as usize];
        let client = if !call.job && r.live && r.generation == call.req_generation {
            Some(r.client as usize)
        } else {
            None
        };
        let n = self.comps.len();
        let c = &mut self.comps[comp as usize];
        let Behavior::Limiter(rt) = &mut c.behavior else {
            return;
        };
        let limiter = match (&mut rt.per_client, client) {
            (Some(per), Some(i)) => {
                per.resize(n, None);
                per[i].get_or_insert_with(|| Limiter::new(&rt.algorithm))
            }
            _ => &mut rt.global,
        };
        match limiter.decide(now) {
            Decision::Admit => {
                let conn = c.outs[0];
                self.call_child(idx, conn);
            }
            Decision::AdmitAt(at) => {
                self.work_at(idx, at);
            }
            Decision::Reject => {
                self.count(comp, |a| a.drops += 1);
                self.finish(idx, Outcome::Fail(FailReason::RateLimited));
            }
        }
    }

    // ----- CDNs -----

    /// The edge looked the request up: a fresh copy answers it; a miss, a dynamic request
    /// or a write goes to the origin.
    fn cdn_lookup(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.busy -= 1;
        self.calls[idx as usize].holds_worker = false;
        let Behavior::Cdn(edge) = &mut c.behavior else {
            return;
        };
        let mut purpose = cdn::PASS;
        if cdn::cacheable(call.read, call.path, call.is_static) {
            let key = cdn::object_key(call.path, call.key);
            if edge.lru.lookup(key, now) == Lookup::Fresh {
                self.count(comp, |a| a.hits += 1);
                self.finish(idx, Outcome::Hit);
                return;
            }
            self.count(comp, |a| a.misses += 1);
            purpose = cdn::FILL;
        }
        self.calls[idx as usize].step = purpose;
        self.count(comp, |a| a.origin += 1);
        let origin = self.comps[comp as usize].outs[0];
        self.call_child(idx, origin);
    }

    /// The origin answered: keep a copy of a cacheable answer; when it failed, serve the
    /// copy still held if the CDN serves stale.
    fn cdn_origin_replied(&mut self, idx: u32, outcome: Outcome) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let Behavior::Cdn(edge) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        let key = cdn::object_key(call.path, call.key);
        let fill = call.step == cdn::FILL;
        match outcome {
            Outcome::Fail(reason) => {
                if fill && edge.serve_stale && edge.lru.holds(key) {
                    self.count(comp, |a| a.stale += 1);
                    self.finish(idx, Outcome::Hit);
                } else {
                    self.finish(idx, Outcome::Fail(reason));
                }
            }
            _ => {
                if fill {
                    edge.lru.insert(key, now);
                }
                self.finish(idx, Outcome::Ok);
            }
        }
    }

    // ----- API gateways -----

    /// A request reaches a gateway: its rate limit first (a 429 costs no check), then the
    /// authentication and validation check.
    fn gateway_arrive(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let Behavior::Gateway(g) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        if let Some(limiter) = &mut g.limiter {
            match limiter.decide(now) {
                Decision::Admit => {}
                Decision::AdmitAt(at) => {
                    self.calls[idx as usize].step = gateway::QUEUED;
                    self.work_at(idx, at);
                    return;
                }
                Decision::Reject => {
                    self.count(comp, |a| a.drops += 1);
                    self.finish(idx, Outcome::Fail(FailReason::RateLimited));
                    return;
                }
            }
        }
        self.gateway_check(idx, comp);
    }

    fn gateway_check(&mut self, idx: u32, comp: u32) {
        self.calls[idx as usize].step = gateway::CHECKING;
        let c = &self.comps[comp as usize];
        let Behavior::Gateway(g) = &c.behavior else {
            return;
        };
        if g.pooled {
            self.admit(idx, comp);
        } else {
            let t = g.overhead.sample(&mut self.rng, c.slow);
            self.hold(idx, comp, t);
        }
    }

    /// A gateway's limiter let a queued request go, or its check is done: free the worker
    /// (a gateway does not hold one while the backend works) and route by path.
    fn gateway_work_done(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        let comp = call.comp;
        if call.step == gateway::QUEUED {
            self.gateway_check(idx, comp);
            return;
        }
        self.calls[idx as usize].holds_worker = false;
        if self.comps[comp as usize].behavior.unlimited() {
            let c = &mut self.comps[comp as usize];
            c.station.advance(self.now);
            c.station.busy -= 1;
        } else {
            self.release_worker(comp, 0);
        }
        let measuring = self.measuring;
        let Behavior::Gateway(g) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        let out = g.route_of(call.path);
        if out == NO_ROUTE {
            self.count(comp, |a| a.no_route += 1);
            self.finish(idx, Outcome::Fail(FailReason::NoRoute));
            return;
        }
        g.routed_win[out as usize] += 1;
        if measuring {
            g.routed_run[out as usize] += 1;
        }
        let conn = self.comps[comp as usize].outs[out as usize];
        self.call_child(idx, conn);
    }

    /// A shard router picks the shard that owns the request's key and counts a moved-key
    /// miss when a reshard moved the key and it was not migrated yet.
    fn route_shard(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let key = self.calls[idx as usize].key;
        let measuring = self.measuring;
        let c = &mut self.comps[comp as usize];
        let Behavior::Shard(rt) = &mut c.behavior else {
            return;
        };
        let route = rt.map.route(key);
        let shard = route.shard as usize;
        rt.win_routed[shard] += 1;
        if measuring {
            rt.run_routed[shard] += 1;
        }
        let mut delay = rt.lookup;
        let mut from = NONE;
        if let Some(old) = route.moved_from {
            rt.win_moved += 1;
            if measuring {
                rt.run_moved += 1;
            }
            match rt.penalty {
                Some(p) => delay = delay.saturating_add(p),
                None => from = c.outs[old as usize],
            }
        }
        let call = &mut self.calls[idx as usize];
        call.step = c.outs[shard];
        call.shard_from = from;
        if delay > 0 {
            self.work_at(idx, now.saturating_add(delay));
        } else {
            self.shard_dispatch(idx);
        }
    }

    /// Sends a routed request on: to the old shard first when its key must be fetched.
    fn shard_dispatch(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        if call.shard_from == NONE {
            self.call_child(idx, call.step);
        } else {
            self.call_child_as(idx, call.shard_from, true);
        }
    }

    /// Calls the next dependency of a service or consumer, or answers when all are done.
    fn next_dependency(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        let outs = &self.comps[call.comp as usize].outs;
        if (call.step as usize) < outs.len() {
            let conn = outs[call.step as usize];
            self.calls[idx as usize].step += 1;
            self.call_child(idx, conn);
        } else if call.job {
            self.job_done(idx, true);
        } else {
            let outcome = if call.degraded {
                Outcome::Degraded
            } else if call.hit {
                Outcome::Hit
            } else {
                Outcome::Ok
            };
            self.finish(idx, outcome);
        }
    }

    fn call_child(&mut self, parent: u32, conn: u32) {
        let read = self.calls[parent as usize].read;
        self.call_child_as(parent, conn, read);
    }

    /// Calls over `conn` on behalf of `parent`, as a read or a write.
    fn call_child_as(&mut self, parent: u32, conn: u32, read: bool) {
        let p = self.calls[parent as usize];
        let child = Call {
            parent: CallRef {
                idx: parent,
                generation: p.generation,
            },
            step: 0,
            hit: false,
            holds_worker: false,
            job: false,
            handed_to_job: false,
            degraded: false,
            shard_from: NONE,
            read,
            node: 0,
            lsn: 0,
            red_node: NONE,
            ..p
        };
        self.send(child, conn);
    }

    /// A database applied the write of `call`: a second application for the same request
    /// (a retry of a write whose answer was lost or came too late) is a duplicate, unless
    /// the request carries an idempotency key, with which the database recognises the retry
    /// and answers without applying it again.
    fn write_applied(&mut self, call: &Call) {
        let now = self.now;
        let Behavior::Db { applied, .. } = &mut self.comps[call.comp as usize].behavior else {
            return;
        };
        if !applied.apply(now, call.req_id) && !call.idempotent {
            self.tally(|t| t.duplicate_writes += 1);
        }
    }

    fn child_replied(&mut self, idx: u32, outcome: Outcome, via: u32) {
        let call = self.calls[idx as usize];
        let comp = call.comp;
        match self.comps[comp as usize].kind {
            Kind::LoadBalancer => {
                let n = &mut self.lb_inflight[call.step as usize];
                *n = n.saturating_sub(1);
                self.finish(idx, outcome);
            }
            Kind::RateLimiter | Kind::ApiGateway | Kind::Dns => self.finish(idx, outcome),
            Kind::Cdn => self.cdn_origin_replied(idx, outcome),
            Kind::ShardRouter => {
                if call.shard_from == NONE {
                    self.finish(idx, outcome);
                } else if let Outcome::Fail(reason) = outcome {
                    // The old shard could not hand the key over.
                    self.finish(idx, Outcome::Fail(reason));
                } else {
                    // The key is copied: now the request goes to its new shard.
                    self.calls[idx as usize].shard_from = NONE;
                    self.call_child(idx, call.step);
                }
            }
            Kind::Cache => {
                let up = self.comps[comp as usize].up;
                if call.read
                    && up
                    && matches!(outcome, Outcome::Ok | Outcome::Hit)
                    && let Behavior::Cache(cache) = &mut self.comps[comp as usize].behavior
                    && let Some(lru) = &mut cache.lru
                {
                    lru.insert(u64::from(call.key), self.now);
                }
                let outcome = match outcome {
                    Outcome::Hit => Outcome::Ok,
                    o => o,
                };
                self.finish(idx, outcome);
            }
            _ => match outcome {
                Outcome::Fail(_) if self.conns.get(via as usize).is_some_and(|c| c.optional) => {
                    // Done without: carry on with the next dependency.
                    self.calls[idx as usize].degraded = true;
                    self.next_dependency(idx);
                }
                Outcome::Fail(reason) => {
                    if call.job {
                        self.job_done(idx, false);
                    } else {
                        self.finish(idx, Outcome::Fail(reason));
                    }
                }
                o => {
                    let c = &mut self.calls[idx as usize];
                    c.hit = o == Outcome::Hit;
                    c.degraded |= o == Outcome::Degraded;
                    self.next_dependency(idx);
                }
            },
        }
    }

    /// Takes a call out of its component (statistics and worker).
    fn leave(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let c = &mut self.comps[comp as usize];
        if !call.handed_to_job {
            c.advance_sys(now);
            c.in_system -= 1;
            let stay = (now - call.arrived) as u128;
            c.win.departures += 1;
            c.win.sys_time += stay;
            if self.measuring {
                c.run.departures += 1;
                c.run.sys_time += stay;
            }
        }
        if call.holds_worker {
            self.calls[idx as usize].holds_worker = false;
            if !self.comps[comp as usize].behavior.unlimited() {
                self.release_worker(comp, call.node);
            } else {
                let c = &mut self.comps[comp as usize];
                c.station.advance(now);
                c.station.busy -= 1;
            }
        }
    }

    /// A call answers its caller over the connection it came in on.
    fn finish(&mut self, idx: u32, outcome: Outcome) {
        self.leave(idx);
        let call = self.calls[idx as usize];
        self.free_call(idx);
        let conn = &self.conns[call.via as usize];
        let latency = conn.latency.sample(&mut self.rng, 1.0);
        let latency = latency.saturating_add(self.crossing_delay(call.via, &call));
        let conn = &self.conns[call.via as usize];
        let at = self.now.saturating_add(latency);
        if conn.partitioned {
            self.hop(
                call.req_id,
                call.via,
                HopDirection::Response,
                HopOutcome::Lost,
                at,
            );
            self.lost(call.parent, call.deadline, call.via, call.breaker_epoch);
            return;
        }
        self.hop(
            call.req_id,
            call.via,
            HopDirection::Response,
            outcome.hop(),
            at,
        );
        self.answer(&call, at, outcome, call.via, call.breaker_epoch);
    }

    /// A call disappears without an answer (a black-holed component).
    fn vanish(&mut self, idx: u32) {
        self.leave(idx);
        let call = self.calls[idx as usize];
        self.free_call(idx);
        if call.job {
            self.async_failed();
        } else {
            self.lost(call.parent, call.deadline, call.via, call.breaker_epoch);
        }
    }

    /// A queue consumer finished a message, with or without success.
    fn job_done(&mut self, idx: u32, ok: bool) {
        self.leave(idx);
        let call = self.calls[idx as usize];
        self.free_call(idx);
        if ok {
            if call.degraded {
                self.tally(|t| t.degraded += 1);
            }
            let latency = self.now - call.birth;
            for t in [&mut self.win, &mut self.run] {
                t.async_completed += 1;
                t.async_sum_ns += latency as u128;
                t.async_latency.saturating_record(us(latency));
                if !self.measuring {
                    break;
                }
            }
        } else {
            self.async_failed();
        }
    }

    fn async_failed(&mut self) {
        self.win.async_failed += 1;
        if self.measuring {
            self.run.async_failed += 1;
        }
    }

    // ----- replicated databases (the logic is in `replication.rs`) -----

    fn replicas(&mut self, comp: u32) -> Option<&mut DbReplicas> {
        match &mut self.comps[comp as usize].behavior {
            Behavior::Db { repl: Some(r), .. } => Some(r),
            _ => None,
        }
    }

    /// Picks the node of a replicated database for a query; false if it was refused.
    fn route_db(&mut self, idx: u32, comp: u32) -> bool {
        let call = self.calls[idx as usize];
        let c = &mut self.comps[comp as usize];
        let Behavior::Db { repl: Some(r), .. } = &mut c.behavior else {
            return true;
        };
        let routed = if call.read {
            let mut load = Vec::with_capacity(r.stations.len() + 1);
            load.push(c.station.busy + c.station.queue.len() as u32);
            load.extend(r.stations.iter().map(|s| s.busy + s.queue.len() as u32));
            r.set.route_read(call.key, &load, self.now)
        } else {
            r.set.route_write(&mut self.rng)
        };
        match routed {
            Ok(node) => {
                self.calls[idx as usize].node = node as u32;
                true
            }
            Err(Refusal::Down) if c.crash_mode == CrashMode::Blackhole => {
                self.vanish(idx);
                false
            }
            Err(refusal) => {
                self.count(comp, |a| a.drops += 1);
                let reason = match refusal {
                    Refusal::Down => FailReason::ComponentDown,
                    Refusal::NoQuorum => FailReason::NoQuorum,
                };
                self.finish(idx, Outcome::Fail(reason));
                false
            }
        }
    }

    /// A query's work on a database is done: a replicated write ships to the replicas and
    /// answers when it commits (at once, or after the replicas acknowledged it).
    fn db_done(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let Behavior::Db { repl: Some(r), .. } = &mut self.comps[call.comp as usize].behavior
        else {
            self.finish(idx, Outcome::Ok);
            return;
        };
        let node = call.node as usize;
        if call.read {
            r.set.read_done(node, call.key, now);
        } else if call.step == 0 {
            match r.set.write_done(node, call.key, now, &mut self.rng) {
                Ok((_, 0)) => {}
                Ok((lsn, wait)) => {
                    let c = &mut self.calls[idx as usize];
                    c.step = 1;
                    c.lsn = lsn;
                    self.work_at(idx, now.saturating_add(wait));
                    return;
                }
                Err(_) => {
                    self.finish(idx, Outcome::Fail(FailReason::NoQuorum));
                    return;
                }
            }
        } else if !r.set.commit(node, call.lsn, call.key, now) {
            self.finish(idx, Outcome::Fail(FailReason::NoQuorum));
            return;
        }
        self.finish(idx, Outcome::Ok);
    }

    /// The primary of a replicated database crashes; the replicas carry on.
    fn crash_primary(&mut self, comp: u32, mode: CrashMode) {
        let now = self.now;
        let Some(r) = self.replicas(comp) else {
            return;
        };
        let Some(primary) = r.set.primary() else {
            return;
        };
        let promote = r.set.crash_primary(now);
        let (epoch, delay) = (r.set.epoch(), r.set.detection());
        self.comps[comp as usize].crash_mode = mode;
        let st = station_of(&mut self.comps[comp as usize], primary as u32);
        st.advance(now);
        st.busy = 0;
        st.queue.clear();
        let inside: Vec<u32> = (0..self.calls.len() as u32)
            .filter(|&i| {
                let call = &self.calls[i as usize];
                call.live && call.comp == comp && call.inside && call.node == primary as u32
            })
            .collect();
        for i in inside {
            self.calls[i as usize].holds_worker = false;
            if mode == CrashMode::Blackhole {
                self.vanish(i);
            } else {
                self.finish(i, Outcome::Fail(FailReason::ComponentDown));
            }
        }
        if promote {
            self.schedule_failover(comp, epoch, delay);
        }
    }

    fn schedule_failover(&mut self, comp: u32, epoch: u32, delay: SimTime) {
        let at = self.now.saturating_add(delay);
        if at <= self.end {
            self.events.push(at, Ev::Failover { comp, epoch });
        }
    }

    fn split_replicas(&mut self, comp: u32, heal: bool) {
        let now = self.now;
        let Some(r) = self.replicas(comp) else {
            return;
        };
        if heal {
            r.set.heal(now);
        } else if r.set.partition(now) {
            let (epoch, delay) = (r.set.epoch(), r.set.detection());
            self.schedule_failover(comp, epoch, delay);
        }
    }

    // ----- load balancers -----

    fn pick_backend(&mut self, lb: u32, idx: u32) -> Option<u32> {
        let key = self.calls[idx as usize].key;
        let comp = &mut self.comps[lb as usize];
        let outs = &comp.outs;
        let Behavior::Lb(state) = &mut comp.behavior else {
            return None;
        };
        let n = outs.len() as u32;
        let count = state.healthy.iter().filter(|&&h| h).count() as u32;
        if count == 0 {
            return None;
        }
        let chosen = match state.strategy {
            LbStrategy::RoundRobin => {
                let mut pick = 0;
                for k in 0..n {
                    let i = (state.rr + k) % n;
                    if state.healthy[i as usize] {
                        pick = i;
                        break;
                    }
                }
                state.rr = (pick + 1) % n;
                pick
            }
            LbStrategy::WeightedRoundRobin => {
                // Smooth weighted round robin (as in nginx): even spacing, exact shares.
                let mut total = 0i64;
                let mut best: Option<u32> = None;
                for i in 0..n {
                    if !state.healthy[i as usize] {
                        continue;
                    }
                    let w = self.conns[outs[i as usize] as usize].weight as i64;
                    state.wrr_current[i as usize] += w;
                    total += w;
                    if best.is_none_or(|b| {
                        state.wrr_current[i as usize] > state.wrr_current[b as usize]
                    }) {
                        best = Some(i);
                    }
                }
                let b = best?;
                state.wrr_current[b as usize] -= total;
                b
            }
            LbStrategy::LeastConnections => {
                let mut best: Option<(u32, u32)> = None;
                for k in 0..n {
                    let i = (state.rr + k) % n;
                    if !state.healthy[i as usize] {
                        continue;
                    }
                    let load = self.lb_inflight[outs[i as usize] as usize];
                    if best.is_none_or(|(_, l)| load < l) {
                        best = Some((i, load));
                    }
                }
                state.rr = (state.rr + 1) % n;
                best?.0
            }
            LbStrategy::Random => {
                let mut r = self.rng.below(count);
                let mut pick = 0;
                for i in 0..n {
                    if state.healthy[i as usize] {
                        if r == 0 {
                            pick = i;
                            break;
                        }
                        r -= 1;
                    }
                }
                pick
            }
            LbStrategy::HashKey => {
                let mut r = (mix(key as u64) % count as u64) as u32;
                let mut pick = 0;
                for i in 0..n {
                    if state.healthy[i as usize] {
                        if r == 0 {
                            pick = i;
                            break;
                        }
                        r -= 1;
                    }
                }
                pick
            }
        };
        Some(outs[chosen as usize])
    }

    /// What a health check of `comp`'s targets sees: each one up and reachable.
    fn probe_targets(&self, comp: u32) -> Vec<bool> {
        self.comps[comp as usize]
            .outs
            .iter()
            .map(|&o| {
                let conn = &self.conns[o as usize];
                !conn.partitioned && self.comps[conn.to as usize].up
            })
            .collect()
    }

    fn health_check(&mut self, lb: u32) {
        let probe = self.probe_targets(lb);
        let Behavior::Lb(state) = &mut self.comps[lb as usize].behavior else {
            return;
        };
        let Some((interval, unhealthy_after, healthy_after)) = state.check else {
            return;
        };
        for (i, ok) in probe.into_iter().enumerate() {
            if ok {
                state.fail_streak[i] = 0;
                state.ok_streak[i] += 1;
                if !state.healthy[i] && state.ok_streak[i] >= healthy_after {
                    state.healthy[i] = true;
                }
            } else {
                state.ok_streak[i] = 0;
                state.fail_streak[i] += 1;
                if state.healthy[i] && state.fail_streak[i] >= unhealthy_after {
                    state.healthy[i] = false;
                }
            }
        }
        let at = self.now.saturating_add(interval);
        if at <= self.end {
            self.events.push(at, Ev::HealthCheck { lb });
        }
    }

    // ----- DNS -----

    /// A request reaches a DNS: the client's cached answer sends it on at once; else the
    /// DNS answers (if it is up) after its resolution latency, and the client caches that.
    fn resolve(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let r = &self.requests[call.req as usize];
        let client = (!call.job && r.live && r.generation == call.req_generation)
            .then_some(r.client as usize);
        let client_zone = self.client_zone(&call);
        let Behavior::Dns(dns) = &self.comps[comp as usize].behavior else {
            return;
        };
        if let Some(target) = client.and_then(|k| dns.cache.get(k, now)) {
            self.count(comp, |a| a.hits += 1);
            let conn = self.comps[comp as usize].outs[target as usize];
            self.call_child(idx, conn);
            return;
        }
        self.count(comp, |a| a.misses += 1);
        let c = &self.comps[comp as usize];
        if !c.up {
            match c.crash_mode {
                CrashMode::FailFast => self.finish(idx, Outcome::Fail(FailReason::ComponentDown)),
                CrashMode::Blackhole => self.vanish(idx),
            }
            return;
        }
        let (net, conns, comps) = (&self.net, &self.conns, &self.comps);
        let targets: Vec<Target> = comps[comp as usize]
            .outs
            .iter()
            .map(|&o| {
                let conn = &conns[o as usize];
                let to_zone = comps[conn.to as usize].zone;
                Target {
                    weight: conn.weight,
                    same_region: net.same_region(client_zone, to_zone),
                    latency_ns: conn.mean_ns + net.mean_ns(net.crossing(client_zone, to_zone)),
                }
            })
            .collect();
        let c = &mut self.comps[comp as usize];
        let Behavior::Dns(dns) = &mut c.behavior else {
            return;
        };
        let target = dns.resolver.answer(&targets, &mut self.rng);
        if let Some(k) = client {
            dns.cache.put(k, target as u32, now);
        }
        let t = dns.resolution.sample(&mut self.rng, c.slow);
        self.calls[idx as usize].step = c.outs[target];
        self.hold(idx, comp, t);
    }

    fn dns_check(&mut self, dns: u32) {
        let now = self.now;
        let probe = self.probe_targets(dns);
        let Behavior::Dns(rt) = &mut self.comps[dns as usize].behavior else {
            return;
        };
        let Some(health) = &mut rt.resolver.health else {
            return;
        };
        for (i, up) in probe.into_iter().enumerate() {
            health.observe(i, up, now);
        }
        let at = now.saturating_add(health.interval);
        if at <= self.end {
            self.events.push(at, Ev::DnsCheck { dns });
        }
    }

    // ----- faults -----

    fn index_of(&self, id: &str) -> Option<u32> {
        self.ids.iter().position(|x| x == id).map(|i| i as u32)
    }

    fn conn_of(&self, from: &str, to: &str) -> Option<u32> {
        self.conn_ids
            .iter()
            .position(|(f, t)| f == from && t == to)
            .map(|i| i as u32)
    }

    /// Turns a fault into actions with delays (the end of a fault with a duration).
    fn compile_fault(&self, fault: &Fault) -> Result<Vec<(SimTime, Action)>, Problem> {
        let problem = |field: &str, message: String| Problem {
            severity: Severity::Error,
            subject: Subject::Scenario,
            field: field.to_string(),
            message,
        };
        let comp = |id: &str| {
            self.index_of(id)
                .ok_or_else(|| problem("component", format!("There is no component '{id}'")))
        };
        let conn = |from: &str, to: &str| {
            self.conn_of(from, to).ok_or_else(|| {
                problem(
                    "connection",
                    format!("There is no connection '{from}' → '{to}'"),
                )
            })
        };
        let dur = |d: Option<f64>| d.filter(|d| d.is_finite() && *d > 0.0).map(time::from_s);
        let zone = |name: &str| {
            let z = self
                .net
                .zone_names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| problem("zone", format!("There is no zone '{name}'")))?;
            Ok::<Vec<u32>, Problem>(
                (0..self.comps.len() as u32)
                    // Clients are users, not machines in the zone: they stay.
                    .filter(|&i| {
                        let c = &self.comps[i as usize];
                        c.zone == z as u32 && c.kind != Kind::Client
                    })
                    .collect(),
            )
        };
        let mut out = Vec::new();
        match fault {
            Fault::Crash {
                component,
                duration_s,
                mode,
            } => {
                let c = comp(component)?;
                out.push((
                    0,
                    Action::Crash {
                        comp: c,
                        mode: *mode,
                    },
                ));
                if let Some(d) = dur(*duration_s) {
                    out.push((d, Action::Recover { comp: c }));
                }
            }
            Fault::Recover { component } => out.push((
                0,
                Action::Recover {
                    comp: comp(component)?,
                },
            )),
            Fault::Slow {
                component,
                factor,
                duration_s,
            } => {
                let c = comp(component)?;
                if !(factor.is_finite() && *factor > 0.0) {
                    return Err(problem(
                        "factor",
                        format!("A slow-down factor must be a positive number, got {factor}"),
                    ));
                }
                out.push((
                    0,
                    Action::Slow {
                        comp: c,
                        factor: *factor,
                    },
                ));
                if let Some(d) = dur(*duration_s) {
                    out.push((
                        d,
                        Action::Slow {
                            comp: c,
                            factor: 1.0,
                        },
                    ));
                }
            }
            Fault::Partition {
                from,
                to,
                duration_s,
            } => {
                let k = conn(from, to)?;
                out.push((0, Action::Partition { conn: k }));
                if let Some(d) = dur(*duration_s) {
                    out.push((d, Action::Heal { conn: k }));
                }
            }
            Fault::Heal { from, to } => out.push((
                0,
                Action::Heal {
                    conn: conn(from, to)?,
                },
            )),
            Fault::TrafficSpike {
                client,
                factor,
                duration_s,
            } => {
                let c = match client {
                    Some(id) => comp(id)?,
                    None => NONE,
                };
                if !(factor.is_finite() && *factor > 0.0) {
                    return Err(problem(
                        "factor",
                        format!("A traffic spike factor must be a positive number, got {factor}"),
                    ));
                }
                out.push((
                    0,
                    Action::Spike {
                        client: c,
                        factor: *factor,
                        end: false,
                    },
                ));
                if let Some(d) = dur(Some(*duration_s)) {
                    out.push((
                        d,
                        Action::Spike {
                            client: c,
                            factor: *factor,
                            end: true,
                        },
                    ));
                }
            }
            Fault::Reshard { component, shards } => {
                let c = comp(component)?;
                let connected = self.comps[c as usize].outs.len() as u32;
                if !matches!(self.comps[c as usize].behavior, Behavior::Shard(_)) {
                    return Err(problem(
                        "component",
                        format!("Only a shard router can be resharded; '{component}' is not one"),
                    ));
                }
                if *shards < 1 || *shards > connected {
                    return Err(problem(
                        "shards",
                        format!(
                            "A reshard of '{component}' needs 1 to {connected} shards (its connections), got {shards}"
                        ),
                    ));
                }
                out.push((
                    0,
                    Action::Reshard {
                        comp: c,
                        shards: *shards,
                    },
                ));
            }
            Fault::PartitionReplicas {
                component,
                duration_s,
            } => {
                let c = comp(component)?;
                if !matches!(
                    self.comps[c as usize].behavior,
                    Behavior::Db { repl: Some(_), .. }
                ) {
                    return Err(problem(
                        "component",
                        format!("'{component}' is not a database with replicas"),
                    ));
                }
                out.push((
                    0,
                    Action::SplitReplicas {
                        comp: c,
                        heal: false,
                    },
                ));
                if let Some(d) = dur(*duration_s) {
                    out.push((
                        d,
                        Action::SplitReplicas {
                            comp: c,
                            heal: true,
                        },
                    ));
                }
            }
            Fault::ZoneOutage {
                zone: name,
                duration_s,
            } => {
                let members = zone(name)?;
                for &c in &members {
                    out.push((
                        0,
                        Action::Crash {
                            comp: c,
                            mode: CrashMode::FailFast,
                        },
                    ));
                }
                if let Some(d) = dur(*duration_s) {
                    out.extend(members.iter().map(|&c| (d, Action::Recover { comp: c })));
                }
            }
            Fault::ZoneRestore { zone: name } => {
                out.extend(
                    zone(name)?
                        .into_iter()
                        .map(|c| (0, Action::Recover { comp: c })),
                );
            }
        }
        Ok(out)
    }

    fn schedule_fault(&mut self, at: SimTime, fault: &Fault) {
        if let Ok(actions) = self.compile_fault(fault) {
            for (delay, action) in actions {
                self.push_action(at.saturating_add(delay), action);
            }
        }
    }

    fn push_action(&mut self, at: SimTime, action: Action) {
        if at > self.end {
            return;
        }
        self.actions.push(action);
        let index = (self.actions.len() - 1) as u32;
        self.events.push(at, Ev::Action { index });
    }

    fn apply(&mut self, action: Action) {
        let now = self.now;
        match action {
            Action::Crash { comp, mode } if self.replicas(comp).is_some() => {
                self.crash_primary(comp, mode)
            }
            Action::Recover { comp } if self.replicas(comp).is_some() => {
                if let Some(r) = self.replicas(comp) {
                    r.set.recover(now);
                }
            }
            Action::SplitReplicas { comp, heal } => self.split_replicas(comp, heal),
            Action::Crash { comp, mode } => match &self.comps[comp as usize].nodes {
                Some(nodes) => {
                    if let Some(node) = nodes.crash_target() {
                        self.node_down(comp, node, mode);
                    }
                }
                None => self.crash(comp, mode, true),
            },
            Action::Recover { comp } => match &self.comps[comp as usize].nodes {
                Some(nodes) => {
                    if let Some(node) = nodes.repair_target() {
                        self.node_up(comp, node);
                    }
                }
                None => self.comps[comp as usize].set_up(now, true),
            },
            Action::Slow { comp, factor } => self.comps[comp as usize].slow = factor,
            Action::Reshard { comp, shards } => {
                let at_s = time::to_s(now);
                if let Behavior::Shard(rt) = &mut self.comps[comp as usize].behavior {
                    let from_shards = rt.map.shards();
                    let moved_share = rt.map.reshard(shards);
                    rt.reshards.push(ReshardRecord {
                        at_s,
                        from_shards,
                        to_shards: rt.map.shards(),
                        moved_share,
                    });
                    rt.migrate_epoch = rt.migrate_epoch.wrapping_add(1);
                    let epoch = rt.migrate_epoch;
                    if let Some(gap) = rt.migrate_gap
                        && rt.map.backlog_len() > 0
                    {
                        let at = now.saturating_add(gap);
                        if at <= self.end {
                            self.events.push(at, Ev::Migrate { comp, epoch });
                        }
                    }
                }
            }
            Action::Partition { conn } => self.conns[conn as usize].partitioned = true,
            Action::Heal { conn } => self.conns[conn as usize].partitioned = false,
            Action::Spike {
                client,
                factor,
                end,
            } => {
                for i in 0..self.comps.len() as u32 {
                    if client != NONE && client != i {
                        continue;
                    }
                    if let Behavior::Client(c) = &mut self.comps[i as usize].behavior
                        && c.open.is_some()
                    {
                        if end {
                            c.spike /= factor;
                        } else {
                            c.spike *= factor;
                        }
                        c.epoch = c.epoch.wrapping_add(1);
                        self.schedule_arrival(i);
                    }
                }
            }
        }
    }

    /// Background migration of one moved key, and the next one after the gap.
    fn migrate(&mut self, comp: u32, epoch: u32) {
        let Behavior::Shard(rt) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        if rt.migrate_epoch != epoch {
            return;
        }
        let Some(gap) = rt.migrate_gap else {
            return;
        };
        if rt.map.migrate_next().is_some() && rt.map.backlog_len() > 0 {
            let at = self.now.saturating_add(gap);
            if at <= self.end {
                self.events.push(at, Ev::Migrate { comp, epoch });
            }
        }
    }

    /// The component stops serving: every call inside fails (or, black-holed, is never
    /// answered); `lose_state` empties a cache (a hot standby taking over keeps it).
    fn crash(&mut self, comp: u32, mode: CrashMode, lose_state: bool) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        c.set_up(now, false);
        c.crash_mode = mode;
        c.station.advance(now);
        c.station.busy = 0;
        c.station.queue.clear();
        if lose_state
            && let Behavior::Cache(cache) = &mut c.behavior
            && let Some(lru) = &mut cache.lru
        {
            lru.clear();
        }
        if lose_state && let Behavior::Cdn(edge) = &mut c.behavior {
            edge.lru.clear();
        }
        let inside: Vec<u32> = (0..self.calls.len() as u32)
            .filter(|&i| {
                let call = &self.calls[i as usize];
                // A DNS only holds lookups; requests it already sent on went with the
                // client's answer and do not depend on it any more.
                call.live
                    && call.comp == comp
                    && call.inside
                    && (self.comps[comp as usize].kind != Kind::Dns || call.holds_worker)
            })
            .collect();
        for i in inside {
            self.calls[i as usize].holds_worker = false;
            self.fail_inside(i, mode);
        }
        if let Behavior::Lb(_) = self.comps[comp as usize].behavior {
            for &o in &self.comps[comp as usize].outs {
                self.lb_inflight[o as usize] = 0;
            }
        }
    }

    /// A call inside a component that (or whose node) crashed fails.
    fn fail_inside(&mut self, idx: u32, mode: CrashMode) {
        if self.calls[idx as usize].job || mode == CrashMode::Blackhole {
            self.vanish(idx);
        } else {
            self.finish(idx, Outcome::Fail(FailReason::ComponentDown));
        }
    }

    // ----- redundancy -----

    /// Node `node` of a redundant component fails.
    fn node_down(&mut self, comp: u32, node: u32, mode: CrashMode) {
        let now = self.now;
        let Some(nodes) = self.comps[comp as usize].nodes.as_deref_mut() else {
            return;
        };
        let change = nodes.fail(node);
        if change.node.is_none() {
            return;
        }
        let (failover, cold, up) = (nodes.failover_time(), nodes.cold(), nodes.up_count());
        let c = &mut self.comps[comp as usize];
        if failover.is_none() && c.node_servers > 0 {
            c.set_servers(now, c.node_servers * up);
        }
        if change.stopped {
            self.crash(comp, mode, change.failover.is_none() || cold);
        }
        match (failover, change.failover) {
            (Some(t), Some(token)) => {
                let at = now.saturating_add(t);
                if at <= self.end {
                    self.events.push(at, Ev::NodeFailover { comp, token });
                }
            }
            (None, _) if !change.stopped => self.lose_node(comp, node, mode),
            _ => {}
        }
    }

    /// An active-active node failed and others carry on: its pinned calls fail and its
    /// share of the pool goes.
    fn lose_node(&mut self, comp: u32, node: u32, mode: CrashMode) {
        let now = self.now;
        let pinned: Vec<u32> = (0..self.calls.len() as u32)
            .filter(|&i| {
                let call = &self.calls[i as usize];
                call.live && call.comp == comp && call.inside && call.red_node == node
            })
            .collect();
        // Waiting calls first, so that the workers the others free are not given to them.
        for &i in &pinned {
            if !self.calls[i as usize].holds_worker {
                self.fail_inside(i, mode);
            }
        }
        let calls = &self.calls;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.queue.retain(|r| {
            let call = &calls[r.idx as usize];
            call.live && call.generation == r.generation
        });
        for &i in &pinned {
            if self.call_is(CallRef {
                idx: i,
                generation: self.calls[i as usize].generation,
            }) {
                self.fail_inside(i, mode);
            }
        }
    }

    /// Node `node` of a redundant component is repaired.
    fn node_up(&mut self, comp: u32, node: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        let Some(nodes) = c.nodes.as_deref_mut() else {
            return;
        };
        let change = nodes.repair(node);
        if change.node.is_none() {
            return;
        }
        let (up, active_active) = (nodes.up_count(), nodes.failover_time().is_none());
        if change.started {
            c.set_up(now, true);
        }
        if c.node_servers > 0 && active_active {
            c.set_servers(now, c.node_servers * up);
            self.serve_queue(comp, 0);
        }
    }

    fn failover_done(&mut self, comp: u32, token: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        let Some(nodes) = c.nodes.as_deref_mut() else {
            return;
        };
        if nodes.failover_done(token).started {
            c.set_up(now, true);
            self.count(comp, |a| a.failovers += 1);
        }
    }

    fn node_chaos(&mut self, comp: u32, node: u32, fail: bool) {
        if fail {
            self.node_down(comp, node, CrashMode::FailFast);
        } else {
            self.node_up(comp, node);
        }
        self.node_chaos_next(comp, node, !fail);
    }

    /// Draws when node `node` next fails (`fail`) or is repaired.
    fn node_chaos_next(&mut self, comp: u32, node: u32, fail: bool) {
        let Some((mtbf, mttr)) = self.mtbf_mttr[comp as usize] else {
            return;
        };
        let gap = self.rng.exp(if fail { mtbf } else { mttr });
        let at = self.now.saturating_add((gap + 0.5) as SimTime);
        if at <= self.end {
            self.events.push(at, Ev::NodeChaos { comp, node, fail });
        }
    }

    // ----- autoscaling -----

    /// The autoscaler measures the last interval and scales.
    fn autoscale(&mut self, comp: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        let busy_pending = c.station.pending_areas(now).0;
        let Some(rt) = c.scaler.as_deref_mut() else {
            return;
        };
        rt.advance(now);
        let busy = rt.busy_total + busy_pending;
        let instances = rt.instance_total + rt.ready_area + rt.warming_area;
        let capacity = rt.workers as f64 * (instances - rt.instance_mark) as f64;
        let utilization = if capacity > 0.0 {
            (busy - rt.busy_mark) as f64 / capacity
        } else {
            f64::NAN
        };
        rt.busy_mark = busy;
        rt.instance_mark = instances;
        let before = rt.scaler.ready;
        let (decision, ready_at) = rt.scaler.evaluate(now, utilization);
        let after = rt.scaler.ready;
        let interval = rt.scaler.interval;
        c.station.advance(now);
        c.station.servers = after * rt.workers;
        if decision != crate::autoscaler::Scaling::Hold {
            self.count(comp, |a| a.scaling_actions += 1);
        }
        if let Some(at) = ready_at
            && at <= self.end
        {
            self.events.push(at, Ev::Warm { comp });
        }
        let next = now.saturating_add(interval);
        if next <= self.end {
            self.events.push(next, Ev::Scale { comp });
        }
        if after > before {
            self.serve_queue(comp, 0);
        }
    }

    /// Warmed-up instances start taking work.
    fn warmed(&mut self, comp: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        let Some(rt) = c.scaler.as_deref_mut() else {
            return;
        };
        rt.advance(now);
        if rt.scaler.promote(now) > 0 {
            c.station.advance(now);
            c.station.servers = rt.scaler.ready * rt.workers;
            if c.up {
                self.serve_queue(comp, 0);
            }
        }
    }

    // ----- random failures -----

    /// Draws when the component next fails (`fail`) or is repaired.
    fn chaos_next(&mut self, comp: u32, fail: bool) {
        let Some((mtbf, mttr)) = self.mtbf_mttr[comp as usize] else {
            return;
        };
        let gap = self.rng.exp(if fail { mtbf } else { mttr });
        let at = self.now.saturating_add((gap + 0.5) as SimTime);
        if at <= self.end {
            self.events.push(at, Ev::Chaos { comp, fail });
        }
    }

    fn chaos(&mut self, comp: u32, fail: bool) {
        if fail {
            if self.comps[comp as usize].up {
                self.apply(Action::Crash {
                    comp,
                    mode: CrashMode::FailFast,
                });
            }
        } else {
            self.apply(Action::Recover { comp });
        }
        self.chaos_next(comp, !fail);
    }

    // ----- windows -----

    fn flush_areas(&mut self) {
        let now = self.now;
        let measuring = self.measuring;
        for c in &mut self.comps {
            let (mut busy, mut queue) = c.station.take_areas(now);
            if let Behavior::Db { repl: Some(r), .. } = &mut c.behavior {
                for st in &mut r.stations {
                    let (b, q) = st.take_areas(now);
                    busy += b;
                    queue += q;
                }
            }
            c.advance_sys(now);
            let sys = std::mem::take(&mut c.sys_area);
            c.win.busy_area += busy;
            c.win.queue_area += queue;
            c.win.sys_area += sys;
            c.advance_down(now);
            let down = std::mem::take(&mut c.down_area);
            c.advance_capacity(now);
            let capacity = std::mem::take(&mut c.capacity_area);
            let (ready, warming) = match c.scaler.as_deref_mut() {
                Some(rt) => {
                    rt.advance(now);
                    let ready = std::mem::take(&mut rt.ready_area);
                    let warming = std::mem::take(&mut rt.warming_area);
                    rt.busy_total += busy;
                    rt.instance_total += ready + warming;
                    (ready, warming)
                }
                None => (0, 0),
            };
            for a in [&mut c.win, &mut c.run] {
                a.down_area += down;
                a.capacity_area += capacity;
                a.ready_area += ready;
                a.warming_area += warming;
                if !measuring {
                    break;
                }
            }
            if measuring {
                c.run.busy_area += busy;
                c.run.queue_area += queue;
                c.run.sys_area += sys;
            }
        }
        for c in &mut self.conns {
            if let Some(b) = &mut c.breaker {
                let open = b.take_open_ns(now);
                c.win_open_ns += open;
                if measuring {
                    c.run_open_ns += open;
                }
            }
        }
    }

    fn end_warmup(&mut self) {
        self.flush_areas();
        self.measuring = true;
        for c in &mut self.comps {
            if let Behavior::Db { repl: Some(r), .. } = &mut c.behavior {
                r.at_warmup = r.set.counts();
            }
        }
    }

    fn close_window(&mut self) {
        self.flush_areas();
        let now = self.now;
        let len = now.saturating_sub(self.window_start).max(1);
        let len_s = time::to_s(len);
        let t = &self.win;
        let finished = t.completed + t.failed.total();
        let good_ratio = if finished > 0 {
            t.good as f64 / finished as f64
        } else {
            1.0
        };
        let components = self
            .comps
            .iter()
            .map(|c| {
                let a = &c.win;
                let (shard_requests, moved_key_misses) = match &c.behavior {
                    Behavior::Shard(rt) => (rt.win_routed.clone(), rt.win_moved),
                    _ => (Vec::new(), 0),
                };
                let (instances, instances_warming) =
                    c.instances(a.ready_area, a.warming_area, len as f64);
                ComponentWindow {
                    utilization: c.utilization(a, len as f64),
                    queue_len: a.queue_area as f64 / len as f64,
                    in_flight: c.in_system as u64,
                    arrivals: a.arrivals,
                    drops: a.drops,
                    hits: a.hits,
                    misses: a.misses,
                    up: c.up,
                    fallbacks: a.fallbacks,
                    edge: edge_counts(c, a, false),
                    hot_shard_share: hot_share(&shard_requests),
                    shard_requests,
                    moved_key_misses,
                    replication: replication_stats(c, |r| r.at_window),
                    instances,
                    instances_warming,
                    downtime_s: a.down_area as f64 / NS_PER_S,
                    nodes_up: c.nodes.as_ref().map_or(0, |n| n.up_count()),
                }
            })
            .collect();
        let connections = self
            .conns
            .iter_mut()
            .map(|c| {
                let w = ConnectionWindow {
                    breaker: c.breaker.as_ref().map(|b| b.state_at(now)),
                    breaker_open_share: c.win_open_ns as f64 / len as f64,
                    short_circuited: c.win_refused,
                };
                c.win_open_ns = 0;
                c.win_refused = 0;
                w
            })
            .collect();
        let replication = replication_total(&self.comps, |r| r.at_window);
        for c in &mut self.comps {
            if let Behavior::Db { repl: Some(r), .. } = &mut c.behavior {
                r.at_window = r.set.counts();
            }
        }
        self.windows.push(WindowStats {
            start_s: time::to_s(self.window_start),
            end_s: time::to_s(now),
            generated: t.generated,
            retries: t.retries,
            completed: t.completed,
            failed: t.failed,
            in_flight: self.live_requests,
            throughput_rps: t.completed as f64 / len_s,
            latency: percentiles(&t.latency, t.latency_sum_ns, t.completed),
            success_ratio: if finished > 0 {
                t.completed as f64 / finished as f64
            } else {
                1.0
            },
            good_ratio,
            up: good_ratio >= self.slo_target,
            async_completed: t.async_completed,
            async_latency: percentiles(&t.async_latency, t.async_sum_ns, t.async_completed),
            components,
            duplicate_writes: t.duplicate_writes,
            degraded: t.degraded,
            retries_denied: t.retries_denied,
            connections,
            replication,
        });
        self.win.reset();
        for c in &mut self.comps {
            c.win = Acc::default();
            if let Behavior::Gateway(g) = &mut c.behavior {
                g.routed_win.iter_mut().for_each(|n| *n = 0);
            }
            if let Behavior::Shard(rt) = &mut c.behavior {
                rt.win_routed.fill(0);
                rt.win_moved = 0;
            }
        }
        self.window_start = now;
        if now < self.end {
            self.events
                .push(now.saturating_add(self.window).min(self.end), Ev::WindowEnd);
        }
    }
}

/// What a replicated database counted since `since(its replicas)` (zero elsewhere).
fn replication_stats(c: &Comp, since: fn(&DbReplicas) -> Counts) -> ReplicationStats {
    match &c.behavior {
        Behavior::Db { repl: Some(r), .. } => {
            let mut stats = to_stats(&r.set.counts().since(&since(r)));
            stats.primary = r.set.primary().map(|p| p as u32);
            stats
        }
        _ => ReplicationStats::default(),
    }
}

/// Every replicated database's counts since `since`, added up.
fn replication_total(comps: &[Comp], since: fn(&DbReplicas) -> Counts) -> ReplicationStats {
    let mut total = Counts::default();
    for c in comps {
        if let Behavior::Db { repl: Some(r), .. } = &c.behavior {
            total.add(&r.set.counts().since(&since(r)));
        }
    }
    to_stats(&total)
}

fn to_stats(d: &Counts) -> ReplicationStats {
    ReplicationStats {
        replica_reads: d.replica_reads,
        stale_reads: d.stale_reads,
        lost_writes: d.lost_writes,
        conflicting_writes: d.conflicting_writes,
        failovers: d.failovers,
        lag_ms_mean: d.lag_ms_mean(),
        primary: None,
    }
}

/// The servers utilization is measured against: every node's connections for a database.
fn servers(c: &Comp) -> f64 {
    match c.behavior {
        Behavior::Cache(_) => 1.0,
        _ => (c.station.servers.max(1) as usize * (1 + extra_stations(c).len())) as f64,
    }
}

fn record_success(t: &mut Tally, latency: SimTime, good: bool) {
    t.completed += 1;
    if good {
        t.good += 1;
    }
    t.latency_sum_ns += latency as u128;
    t.latency.saturating_record(us(latency));
}

fn component_summary(id: &str, c: &Comp, a: &Acc, measured: SimTime) -> ComponentSummary {
    let m = measured.max(1) as f64;
    let lookups = a.hits + a.misses;
    let (shard_requests, moved_key_misses, reshards) = match &c.behavior {
        Behavior::Shard(rt) => (rt.run_routed.clone(), rt.run_moved, rt.reshards.clone()),
        _ => (Vec::new(), 0, Vec::new()),
    };
    let (ready, warming) = c.instances(a.ready_area, a.warming_area, m);
    ComponentSummary {
        id: id.to_string(),
        kind: c.kind,
        utilization: c.utilization(a, m),
        queue_len: a.queue_area as f64 / m,
        mean_in_system: a.sys_area as f64 / m,
        arrival_rps: a.arrivals as f64 / (m / NS_PER_S),
        mean_time_in_system_ms: if a.departures > 0 {
            a.sys_time as f64 / a.departures as f64 / 1e6
        } else {
            0.0
        },
        arrivals: a.arrivals,
        drops: a.drops,
        hits: a.hits,
        misses: a.misses,
        hit_ratio: if lookups > 0 {
            a.hits as f64 / lookups as f64
        } else {
            0.0
        },
        fallbacks: a.fallbacks,
        edge: edge_counts(c, a, true),
        hot_shard_share: hot_share(&shard_requests),
        shard_requests,
        moved_key_misses,
        reshards,
        replication: ReplicationStats::default(),
        mean_instances: ready + warming,
        scaling_actions: a.scaling_actions,
        availability: (1.0 - a.down_area as f64 / m).clamp(0.0, 1.0),
        failovers: a.failovers,
    }
}

/// A CDN's or gateway's counts in `a`, with the gateway's routes of this window or the run.
fn edge_counts(c: &Comp, a: &Acc, run: bool) -> EdgeCounts {
    EdgeCounts {
        origin: a.origin,
        stale: a.stale,
        routed: match &c.behavior {
            Behavior::Gateway(g) if run => g.routed_run.clone(),
            Behavior::Gateway(g) => g.routed_win.clone(),
            _ => Vec::new(),
        },
        no_route: a.no_route,
    }
}

/// Components that route without workers of their own have no utilization.
fn no_utilization(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Client | Kind::LoadBalancer | Kind::ShardRouter | Kind::Dns
    )
}

/// Times at which a rate profile changes (ramps are followed in 50 steps).
fn rate_breakpoints(profile: &RateProfile) -> Vec<SimTime> {
    match profile {
        RateProfile::Constant { .. } => Vec::new(),
        RateProfile::Steps { steps, .. } => steps.iter().map(|s| time::from_s(s.at_s)).collect(),
        RateProfile::Ramp { start_s, end_s, .. } => (0..=50)
            .map(|k| time::from_s(start_s + (end_s - start_s) * k as f64 / 50.0))
            .collect(),
        RateProfile::Spike {
            at_s, duration_s, ..
        } => vec![time::from_s(*at_s), time::from_s(at_s + duration_s)],
    }
}

/// The redundancy the simulation gives a component: none for a kind redundancy does not
/// apply to, and none for a database with replicas. Replication and redundancy are two
/// answers to the same question (what serves when the primary node dies), so validation
/// refuses a replicated database with redundancy (an error naming the database, so
/// `Simulation::new` does not run it); were one built anyway, its replicas would win and
/// the redundancy would be ignored.
fn sim_redundancy(c: &Component) -> Option<Redundancy> {
    match &c.params {
        Params::Database(DatabaseParams {
            replication: Some(_),
            ..
        }) => None,
        p if Redundancy::applies_to(p.kind()) => c.redundancy,
        _ => None,
    }
}

fn build_comp(
    c: &Component,
    outs: Vec<u32>,
    paths: &mut PathTable,
    routes: Vec<u32>,
    keys: u32,
) -> Comp {
    let n = outs.len();
    let redundancy = sim_redundancy(c);
    let (behavior, station) = match &c.params {
        Params::Client(p) => {
            let (open, users, think) = match &p.traffic {
                Traffic::Open { process, rate } => (
                    Some((*process == ArrivalProcess::Poisson, rate.clone())),
                    0,
                    DistNs::Constant(0),
                ),
                Traffic::Closed { users, think_time } => (None, *users, DistNs::new(think_time)),
            };
            (
                Behavior::Client(Box::new(ClientRt {
                    open,
                    users,
                    think,
                    read_ratio: p.read_ratio,
                    keys: KeySampler::new(&p.keys),
                    timeout: time::from_ms(p.timeout_ms).max(1),
                    max_retries: p.retry.max_retries,
                    backoff_base: p.retry.base_backoff_ms,
                    backoff_max: p.retry.max_backoff_ms,
                    jitter: p.retry.jitter,
                    spike: 1.0,
                    epoch: 0,
                    budget: p.retry_budget.as_ref().map(Budget::new),
                    idempotent: p.idempotency_keys,
                    paths: ClientPaths::new(&p.paths, paths),
                })),
                Station::new(0, 0),
            )
        }
        Params::LoadBalancer(p) => (
            Behavior::Lb(LbRt {
                strategy: p.strategy,
                check: p.health_check.enabled.then(|| {
                    (
                        time::from_ms(p.health_check.interval_ms).max(1),
                        p.health_check.unhealthy_after.max(1),
                        p.health_check.healthy_after.max(1),
                    )
                }),
                healthy: vec![true; n],
                fail_streak: vec![0; n],
                ok_streak: vec![0; n],
                rr: 0,
                wrr_current: vec![0; n],
            }),
            Station::new(0, 0),
        ),
        Params::Service(p) => {
            let instances = match &p.autoscale {
                Some(a) => Scaler::new(a, p.instances).ready,
                None => p.instances,
            };
            (
                Behavior::Service {
                    time: DistNs::new(&p.service_time),
                },
                Station::new(instances * p.workers, p.queue_capacity),
            )
        }
        Params::Cache(p) => {
            let (lru, hit_ratio) = match p.mode {
                CacheMode::Lru { capacity, ttl_ms } => {
                    (Some(Lru::new(capacity, time::from_ms(ttl_ms))), 0.0)
                }
                CacheMode::FixedHitRatio { hit_ratio } => (None, hit_ratio),
            };
            (
                Behavior::Cache(Box::new(CacheRt {
                    lru,
                    hit_ratio,
                    latency: DistNs::new(&p.latency),
                    fallback: p.fallback_when_down,
                })),
                Station::new(u32::MAX, 0),
            )
        }
        Params::Database(p) => (
            Behavior::Db {
                read: DistNs::new(&p.read_time),
                write: DistNs::new(&p.write_time),
                max_wait: time::from_ms(p.max_wait_ms),
                applied: Box::default(),
                repl: p.replication.as_ref().map(|r| {
                    let set = Replicas::new(r, keys);
                    Box::new(DbReplicas {
                        stations: (1..set.nodes())
                            .map(|_| Station::new(p.connections, p.queue_capacity))
                            .collect(),
                        set,
                        at_window: Counts::default(),
                        at_warmup: Counts::default(),
                    })
                }),
            },
            // Active-active nodes each bring their pool of connections.
            Station::new(
                match redundancy {
                    Some(Redundancy::ActiveActive { nodes }) => p.connections * nodes,
                    _ => p.connections,
                },
                p.queue_capacity,
            ),
        ),
        Params::Queue(p) => (
            Behavior::Queue {
                work: DistNs::new(&p.consumer_time),
                ack: DistNs::new(&p.ack_latency),
            },
            Station::new(p.consumers, p.capacity),
        ),
        Params::RateLimiter(p) => (
            Behavior::Limiter(Box::new(LimiterRt {
                algorithm: p.algorithm,
                global: Limiter::new(&p.algorithm),
                per_client: (p.scope == LimitScope::PerClient).then(Vec::new),
            })),
            Station::new(0, 0),
        ),
        Params::BlobStorage(p) | Params::ExternalApi(p) => (
            Behavior::Remote {
                latency: DistNs::new(&p.latency),
                error_rate: p.error_rate,
            },
            Station::new(u32::MAX, 0),
        ),
        Params::Cdn(p) => (
            Behavior::Cdn(Box::new(CdnRt {
                lru: Lru::new(p.capacity, time::from_ms(p.ttl_ms)),
                latency: DistNs::new(&p.edge_latency),
                serve_stale: p.serve_stale,
            })),
            Station::new(u32::MAX, 0),
        ),
        Params::ApiGateway(p) => (
            Behavior::Gateway(Box::new(GatewayRt {
                overhead: DistNs::new(&p.overhead),
                pooled: p.workers > 0,
                limiter: p.rate_limit.as_ref().map(Limiter::new),
                table: routes,
                routed_win: vec![0; n],
                routed_run: vec![0; n],
            })),
            if p.workers > 0 {
                Station::new(p.workers, p.queue_capacity)
            } else {
                Station::new(u32::MAX, 0)
            },
        ),
        Params::ShardRouter(p) => {
            let connected = n as u32;
            let lookup = match p.strategy {
                ShardStrategy::Directory { lookup_ms } => time::from_ms(lookup_ms),
                _ => 0,
            };
            (
                Behavior::Shard(Box::new(ShardRt {
                    map: ShardMap::new(&p.strategy, p.live_shards(n), connected, p.key_space),
                    lookup,
                    penalty: match p.migration {
                        Migration::FetchFromOld => None,
                        Migration::Penalty { ms } => Some(time::from_ms(ms)),
                    },
                    win_routed: vec![0; n],
                    run_routed: vec![0; n],
                    win_moved: 0,
                    run_moved: 0,
                    reshards: Vec::new(),
                    // A gap of at least 1 ns: a rate cannot schedule events at one instant.
                    migrate_gap: (p.migration_rate_kps > 0.0)
                        .then(|| ((NS_PER_S / p.migration_rate_kps) as SimTime).max(1)),
                    migrate_epoch: 0,
                })),
                Station::new(0, 0),
            )
        }
        Params::Dns(p) => (
            Behavior::Dns(Box::new(DnsRt {
                resolver: Resolver::new(p.policy, n),
                cache: ClientCache::new(time::from_s(p.ttl_s)),
                resolution: DistNs::new(&p.resolution),
            })),
            Station::new(u32::MAX, 0),
        ),
    };
    let (fixed_instances, scaler) = match &c.params {
        Params::Service(p) => match &p.autoscale {
            Some(a) => (
                0,
                Some(Box::new(ScaleRt {
                    scaler: Scaler::new(a, p.instances),
                    workers: p.workers,
                    last: 0,
                    ready_area: 0,
                    warming_area: 0,
                    busy_total: 0,
                    instance_total: 0,
                    busy_mark: 0,
                    instance_mark: 0,
                })),
            ),
            None => (p.instances, None),
        },
        _ => (0, None),
    };
    let node_servers = match (&c.params, redundancy) {
        (Params::Database(p), Some(Redundancy::ActiveActive { .. })) => p.connections,
        _ => 0,
    };
    Comp {
        fixed_instances,
        scaler,
        nodes: redundancy.map(|r| Box::new(Nodes::new(&r))),
        node_servers,
        down_area: 0,
        down_last: 0,
        capacity_area: 0,
        capacity_last: 0,
        kind: c.params.kind(),
        zone: NONE,
        up: true,
        crash_mode: CrashMode::FailFast,
        slow: 1.0,
        outs,
        behavior,
        station,
        in_system: 0,
        sys_last: 0,
        sys_area: 0,
        win: Acc::default(),
        run: Acc::default(),
    }
}
