//! The runtime state of components, connections and the network between zones and regions,
//! and how a component's capacity changes over time (crashes, redundancy, autoscaling).

use super::*;

/// Accumulated per-component figures (one set per window, one for the whole run).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Acc {
    pub(super) busy_area: u128,
    pub(super) queue_area: u128,
    pub(super) sys_area: u128,
    pub(super) arrivals: u64,
    pub(super) drops: u64,
    pub(super) hits: u64,
    pub(super) misses: u64,
    pub(super) departures: u64,
    pub(super) sys_time: u128,
    /// Lookups of a down cache sent straight to its store.
    pub(super) fallbacks: u64,
    /// CDN: calls to the origin; answers from an expired copy.
    pub(super) origin: u64,
    pub(super) stale: u64,
    /// Gateway: requests no route takes.
    pub(super) no_route: u64,
    /// ∫ not serving dt, ∫ ready instances dt, ∫ warming instances dt.
    pub(super) down_area: u128,
    /// ∫ workers dt, for active-active databases whose pool shrinks with their nodes.
    pub(super) capacity_area: u128,
    pub(super) ready_area: u128,
    pub(super) warming_area: u128,
    pub(super) scaling_actions: u64,
    pub(super) failovers: u64,
}

#[derive(Clone, Debug)]
pub(super) enum Behavior {
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
    pub(super) fn unlimited(&self) -> bool {
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
    pub(super) fn util_in_calls(&self) -> bool {
        match self {
            Behavior::Cache(_) | Behavior::Cdn(_) | Behavior::Dns(_) => true,
            Behavior::Gateway(g) => !g.pooled,
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct ShardRt {
    pub(super) map: ShardMap,
    /// Time to consult a directory (0 for computed placements).
    pub(super) lookup: SimTime,
    /// The wait of a moved-key miss; `None`: read the key from its old shard instead.
    pub(super) penalty: Option<SimTime>,
    /// Requests routed to each connected shard, this window and this run.
    pub(super) win_routed: Vec<u64>,
    pub(super) run_routed: Vec<u64>,
    pub(super) win_moved: u64,
    pub(super) run_moved: u64,
    pub(super) reshards: Vec<ReshardRecord>,
    /// Time between background migrations of moved keys (`None`: only on first request).
    pub(super) migrate_gap: Option<SimTime>,
    pub(super) migrate_epoch: u32,
}

/// The nodes of a replicated database beyond the first (whose station is the component's).
#[derive(Clone, Debug)]
pub(super) struct DbReplicas {
    pub(super) set: Replicas,
    pub(super) stations: Vec<Station<CallRef>>,
    /// The running totals when the window, and the measured part of the run, began.
    pub(super) at_window: Counts,
    pub(super) at_warmup: Counts,
}

/// The station of `node` (node 0, and every component without replicas: its own).
pub(super) fn station_of(c: &mut Comp, node: u32) -> &mut Station<CallRef> {
    if node > 0
        && let Behavior::Db { repl: Some(r), .. } = &mut c.behavior
        && let Some(st) = r.stations.get_mut(node as usize - 1)
    {
        return st;
    }
    &mut c.station
}

/// The stations of a replicated database beyond the first (none elsewhere).
pub(super) fn extra_stations(c: &Comp) -> &[Station<CallRef>] {
    match &c.behavior {
        Behavior::Db { repl: Some(r), .. } => &r.stations,
        _ => &[],
    }
}

#[derive(Clone, Debug)]
pub(super) struct DnsRt {
    pub(super) resolver: Resolver,
    /// The answers clients hold, by client component index.
    pub(super) cache: ClientCache,
    pub(super) resolution: DistNs,
}

/// What a message over a connection pays on top of the connection's own latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Crossing {
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
pub(super) struct LimiterRt {
    pub(super) algorithm: RateLimit,
    /// The shared limit, or the limit of callers whose client is unknown (queue jobs).
    pub(super) global: Limiter,
    /// One limit per client component (by index), made on first use.
    pub(super) per_client: Option<Vec<Option<Limiter>>>,
}

#[derive(Clone, Debug)]
pub(super) struct ClientRt {
    pub(super) open: Option<(bool, RateProfile)>,
    pub(super) users: u32,
    pub(super) think: DistNs,
    pub(super) read_ratio: f64,
    pub(super) keys: KeySampler,
    pub(super) timeout: SimTime,
    pub(super) max_retries: u32,
    pub(super) backoff_base: f64,
    pub(super) backoff_max: f64,
    pub(super) jitter: Jitter,
    pub(super) spike: f64,
    pub(super) epoch: u32,
    pub(super) budget: Option<Budget>,
    pub(super) idempotent: bool,
    pub(super) paths: Option<ClientPaths>,
}

#[derive(Clone, Debug)]
pub(super) struct LbRt {
    pub(super) strategy: LbStrategy,
    pub(super) check: Option<(SimTime, u32, u32)>,
    pub(super) healthy: Vec<bool>,
    pub(super) fail_streak: Vec<u32>,
    pub(super) ok_streak: Vec<u32>,
    pub(super) rr: u32,
    pub(super) wrr_current: Vec<i64>,
}

#[derive(Clone, Debug)]
pub(super) struct CacheRt {
    pub(super) lru: Option<Lru>,
    pub(super) hit_ratio: f64,
    pub(super) latency: DistNs,
    pub(super) fallback: bool,
}

#[derive(Clone, Debug)]
pub(super) struct Comp {
    pub(super) kind: Kind,
    /// Index into the scenario's zones, or NONE.
    pub(super) zone: u32,
    pub(super) up: bool,
    pub(super) crash_mode: CrashMode,
    pub(super) slow: f64,
    pub(super) outs: Vec<u32>,
    pub(super) behavior: Behavior,
    pub(super) station: Station<CallRef>,
    pub(super) in_system: u32,
    pub(super) sys_last: SimTime,
    pub(super) sys_area: u128,
    pub(super) win: Acc,
    pub(super) run: Acc,
    /// A service's instance count when it has no autoscaler (0 for other kinds).
    pub(super) fixed_instances: u32,
    pub(super) scaler: Option<Box<ScaleRt>>,
    pub(super) nodes: Option<Box<Nodes>>,
    /// Active-active databases: connections each node adds to the pool.
    pub(super) node_servers: u32,
    /// ∫ not serving dt since the last flush, and when it was last brought up to date.
    pub(super) down_area: u128,
    pub(super) down_last: SimTime,
    /// ∫ workers dt since the last flush (active-active databases only).
    pub(super) capacity_area: u128,
    pub(super) capacity_last: SimTime,
}

/// An autoscaled service: the scaler and the integrals it measures.
#[derive(Clone, Debug)]
pub(super) struct ScaleRt {
    pub(super) scaler: Scaler,
    pub(super) workers: u32,
    pub(super) last: SimTime,
    /// ∫ ready dt and ∫ warming dt since the last flush.
    pub(super) ready_area: u128,
    pub(super) warming_area: u128,
    /// Flushed ∫ busy dt and ∫ (ready + warming) dt since the start, and their values at
    /// the last evaluation: the difference is the last interval.
    pub(super) busy_total: u128,
    pub(super) instance_total: u128,
    pub(super) busy_mark: u128,
    pub(super) instance_mark: u128,
}

impl ScaleRt {
    pub(super) fn advance(&mut self, now: SimTime) {
        let dt = now.saturating_sub(self.last);
        self.ready_area += crate::station::area(self.scaler.ready as u64, dt);
        self.warming_area += crate::station::area(self.scaler.warming() as u64, dt);
        self.last = now;
    }
}

impl Comp {
    #[inline]
    pub(super) fn advance_sys(&mut self, now: SimTime) {
        self.sys_area += crate::station::area(self.in_system as u64, now - self.sys_last);
        self.sys_last = now;
    }

    /// Brings the down-time integral up to `now`; call before every change of `up`.
    pub(super) fn advance_down(&mut self, now: SimTime) {
        if !self.up {
            self.down_area += (now - self.down_last) as u128;
        }
        self.down_last = now;
    }

    /// Changes the pool of an active-active database, keeping its capacity integral.
    pub(super) fn set_servers(&mut self, now: SimTime, servers: u32) {
        self.advance_capacity(now);
        self.station.advance(now);
        self.station.servers = servers;
    }

    pub(super) fn advance_capacity(&mut self, now: SimTime) {
        if self.node_servers > 0 {
            let dt = now.saturating_sub(self.capacity_last);
            self.capacity_area += crate::station::area(self.station.servers as u64, dt);
        }
        self.capacity_last = now;
    }

    pub(super) fn set_up(&mut self, now: SimTime, up: bool) {
        self.advance_down(now);
        self.up = up;
    }

    /// ∫ workers dt not yet flushed, up to `now` (active-active databases).
    pub(super) fn pending_capacity(&self, now: SimTime) -> u128 {
        self.capacity_area
            + crate::station::area(
                self.station.servers as u64,
                now.saturating_sub(self.capacity_last),
            )
    }

    /// (∫ down, ∫ ready, ∫ warming) not yet flushed, up to `now`, without changing anything.
    pub(super) fn pending_areas(&self, now: SimTime) -> (u128, u128, u128) {
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
    pub(super) fn utilization(&self, a: &Acc, len: f64) -> f64 {
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
    pub(super) fn instances(&self, ready_area: u128, warming_area: u128, len: f64) -> (f64, f64) {
        if self.scaler.is_some() {
            (ready_area as f64 / len, warming_area as f64 / len)
        } else {
            (self.fixed_instances as f64, 0.0)
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Conn {
    pub(super) to: u32,
    pub(super) latency: DistNs,
    /// Mean of `latency`, ns (what a geo DNS compares).
    pub(super) mean_ns: f64,
    pub(super) crossing: Crossing,
    pub(super) weight: u32,
    pub(super) partitioned: bool,
    pub(super) optional: bool,
    pub(super) breaker: Option<Breaker>,
    /// Open time and refused calls of the breaker, in this window and since warm-up.
    pub(super) win_open_ns: SimTime,
    pub(super) run_open_ns: SimTime,
    pub(super) win_refused: u64,
    pub(super) run_refused: u64,
}

/// Zones and what crossing between them costs, compiled.
#[derive(Clone, Debug)]
pub(super) struct Net {
    /// Region index of each zone.
    pub(super) zone_region: Vec<u32>,
    pub(super) zone_names: Vec<String>,
    pub(super) cross_zone: DistNs,
    pub(super) cross_region: DistNs,
    pub(super) cross_zone_mean_ns: f64,
    pub(super) cross_region_mean_ns: f64,
}

impl Net {
    pub(super) fn new(n: &Network) -> Net {
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
    pub(super) fn crossing(&self, a: u32, b: u32) -> Crossing {
        if a == NONE || b == NONE || a == b {
            Crossing::None
        } else if self.zone_region[a as usize] == self.zone_region[b as usize] {
            Crossing::Zone
        } else {
            Crossing::Region
        }
    }

    pub(super) fn same_region(&self, a: u32, b: u32) -> bool {
        a != NONE && b != NONE && self.zone_region[a as usize] == self.zone_region[b as usize]
    }

    pub(super) fn mean_ns(&self, c: Crossing) -> f64 {
        match c {
            Crossing::Zone => self.cross_zone_mean_ns,
            Crossing::Region => self.cross_region_mean_ns,
            Crossing::None | Crossing::FromClient { .. } => 0.0,
        }
    }
}

impl Simulation {
    // ----- autoscaling -----

    /// The autoscaler measures the last interval and scales.
    pub(super) fn autoscale(&mut self, comp: u32) {
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
    pub(super) fn warmed(&mut self, comp: u32) {
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
}

/// The servers utilization is measured against: every node's connections for a database.
fn servers(c: &Comp) -> f64 {
    match c.behavior {
        Behavior::Cache(_) => 1.0,
        _ => (c.station.servers.max(1) as usize * (1 + extra_stations(c).len())) as f64,
    }
}

/// Components that route without workers of their own have no utilization.
fn no_utilization(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Client | Kind::LoadBalancer | Kind::ShardRouter | Kind::Dns
    )
}
