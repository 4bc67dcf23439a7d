//! The runtime state of components, connections and the network between zones and regions,
//! and how a component's capacity changes over time (crashes, redundancy, autoscaling).

use super::*;

/// Accumulated per-component figures (one set per window, one for the whole run).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Acc {
    pub(crate) busy_area: u128,
    pub(crate) queue_area: u128,
    pub(crate) sys_area: u128,
    pub(crate) arrivals: u64,
    pub(crate) drops: u64,
    pub(crate) hits: u64,
    pub(crate) misses: u64,
    pub(crate) departures: u64,
    pub(crate) sys_time: u128,
    /// Lookups of a down cache sent straight to its store.
    pub(crate) fallbacks: u64,
    /// Write-back caches: acknowledged writes lost.
    pub(crate) lost_writes: u64,
    /// Services keeping sessions in memory: sessions lost (a crash, or a user's request
    /// reaching an instance that does not hold their session).
    pub(crate) sessions_lost: u64,
    /// Load balancers: backends taken out while they were up (probes timed out).
    pub(crate) false_suspicions: u64,
    /// CDN: calls to the origin; answers from an expired copy.
    pub(crate) origin: u64,
    pub(crate) stale: u64,
    /// Gateway: requests no route takes.
    pub(crate) no_route: u64,
    /// ∫ not serving dt, ∫ ready instances dt, ∫ warming instances dt.
    pub(crate) down_area: u128,
    /// ∫ workers dt, for active-active databases whose pool shrinks with their nodes.
    pub(crate) capacity_area: u128,
    pub(crate) ready_area: u128,
    pub(crate) warming_area: u128,
    pub(crate) scaling_actions: u64,
    pub(crate) failovers: u64,
}

/// The nodes of a replicated database beyond the first (whose station is the component's).
#[derive(Clone, Debug)]
pub(crate) struct DbReplicas {
    pub(crate) set: Replicas,
    pub(crate) stations: Vec<Station<CallRef>>,
    /// The running totals when the window, and the measured part of the run, began.
    pub(crate) at_window: Counts,
    pub(crate) at_warmup: Counts,
}

/// The station of `node` (node 0, and every component without replicas: its own).
pub(crate) fn station_of(c: &mut Comp, node: u32) -> &mut Station<CallRef> {
    if node > 0
        && let Behavior::Database(DbRt { repl: Some(r), .. }) = &mut c.behavior
        && let Some(st) = r.stations.get_mut(node as usize - 1)
    {
        return st;
    }
    &mut c.station
}

/// The stations of a replicated database beyond the first (none elsewhere).
pub(crate) fn extra_stations(c: &Comp) -> &[Station<CallRef>] {
    match &c.behavior {
        Behavior::Database(DbRt { repl: Some(r), .. }) => &r.stations,
        _ => &[],
    }
}

/// What a message over a connection pays on top of the connection's own latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Crossing {
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
pub(crate) struct Comp {
    pub(crate) kind: Kind,
    /// Index into the scenario's zones, or NONE.
    pub(crate) zone: u32,
    pub(crate) up: bool,
    pub(crate) crash_mode: CrashMode,
    /// What service times are multiplied by: `slowdown` ÷ `speed`.
    pub(crate) slow: f64,
    /// A slow-down fault's factor (1 when none).
    pub(crate) slowdown: f64,
    /// Its machine size's speed factor (1 without a size).
    pub(crate) speed: f64,
    /// Workers (a database's connections) per instance or node: what a resize changes.
    pub(crate) workers: u32,
    /// Its pool changes during the run (a resize): utilization is measured against the
    /// integral of its workers, as for an active-active database.
    pub(crate) pool_changes: bool,
    pub(crate) outs: Vec<u32>,
    pub(crate) behavior: Behavior,
    pub(crate) station: Station<CallRef>,
    pub(crate) in_system: u32,
    pub(crate) sys_last: SimTime,
    pub(crate) sys_area: u128,
    pub(crate) win: Acc,
    pub(crate) run: Acc,
    /// A service's instance count when it has no autoscaler (0 for other kinds).
    pub(crate) fixed_instances: u32,
    pub(crate) scaler: Option<Box<ScaleRt>>,
    pub(crate) nodes: Option<Box<Nodes>>,
    /// Active-active databases: connections each node adds to the pool.
    pub(crate) node_servers: u32,
    /// ∫ not serving dt since the last flush, and when it was last brought up to date.
    pub(crate) down_area: u128,
    pub(crate) down_last: SimTime,
    /// ∫ workers dt since the last flush (active-active databases only).
    pub(crate) capacity_area: u128,
    pub(crate) capacity_last: SimTime,
}

/// An autoscaled service: the scaler and the integrals it measures.
#[derive(Clone, Debug)]
pub(crate) struct ScaleRt {
    pub(crate) scaler: Scaler,
    pub(crate) workers: u32,
    pub(crate) last: SimTime,
    /// ∫ ready dt and ∫ warming dt since the last flush.
    pub(crate) ready_area: u128,
    pub(crate) warming_area: u128,
    /// Flushed ∫ busy dt and ∫ (ready + warming) dt since the start, and their values at
    /// the last evaluation: the difference is the last interval.
    pub(crate) busy_total: u128,
    pub(crate) instance_total: u128,
    pub(crate) busy_mark: u128,
    pub(crate) instance_mark: u128,
}

impl ScaleRt {
    pub(crate) fn advance(&mut self, now: SimTime) {
        let dt = now.saturating_sub(self.last);
        self.ready_area += crate::station::area(self.scaler.ready as u64, dt);
        self.warming_area += crate::station::area(self.scaler.warming() as u64, dt);
        self.last = now;
    }
}

impl Comp {
    #[inline]
    pub(crate) fn advance_sys(&mut self, now: SimTime) {
        self.sys_area += crate::station::area(self.in_system as u64, now - self.sys_last);
        self.sys_last = now;
    }

    /// Brings the down-time integral up to `now`; call before every change of `up`.
    pub(crate) fn advance_down(&mut self, now: SimTime) {
        if !self.up {
            self.down_area += (now - self.down_last) as u128;
        }
        self.down_last = now;
    }

    /// Changes the pool of an active-active database, keeping its capacity integral.
    pub(crate) fn set_servers(&mut self, now: SimTime, servers: u32) {
        self.advance_capacity(now);
        self.station.advance(now);
        self.station.servers = servers;
    }

    pub(crate) fn advance_capacity(&mut self, now: SimTime) {
        if self.node_servers > 0 || self.pool_changes {
            let dt = now.saturating_sub(self.capacity_last);
            self.capacity_area += crate::station::area(self.station.servers as u64, dt);
        }
        self.capacity_last = now;
    }

    pub(crate) fn set_up(&mut self, now: SimTime, up: bool) {
        self.advance_down(now);
        self.up = up;
    }

    /// ∫ workers dt not yet flushed, up to `now` (active-active databases).
    pub(crate) fn pending_capacity(&self, now: SimTime) -> u128 {
        self.capacity_area
            + crate::station::area(
                self.station.servers as u64,
                now.saturating_sub(self.capacity_last),
            )
    }

    /// (∫ down, ∫ ready, ∫ warming) not yet flushed, up to `now`, without changing anything.
    pub(crate) fn pending_areas(&self, now: SimTime) -> (u128, u128, u128) {
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
    pub(crate) fn utilization(&self, a: &Acc, len: f64) -> f64 {
        let (busy, ready_area) = (a.busy_area, a.ready_area);
        if no_utilization(self.kind) {
            return 0.0;
        }
        if self.node_servers > 0 || self.pool_changes {
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
    pub(crate) fn instances(&self, ready_area: u128, warming_area: u128, len: f64) -> (f64, f64) {
        if self.scaler.is_some() {
            (ready_area as f64 / len, warming_area as f64 / len)
        } else {
            (self.fixed_instances as f64, 0.0)
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Conn {
    pub(crate) to: u32,
    pub(crate) latency: DistNs,
    /// Mean of `latency`, ns (what a geo DNS compares).
    pub(crate) mean_ns: f64,
    pub(crate) crossing: Crossing,
    pub(crate) weight: u32,
    pub(crate) partitioned: bool,
    pub(crate) optional: bool,
    pub(crate) breaker: Option<Breaker>,
    /// Open time and refused calls of the breaker, in this window and since warm-up.
    pub(crate) win_open_ns: SimTime,
    pub(crate) run_open_ns: SimTime,
    pub(crate) win_refused: u64,
    pub(crate) run_refused: u64,
}

/// Zones and what crossing between them costs, compiled.
#[derive(Clone, Debug)]
pub(crate) struct Net {
    /// Region index of each zone.
    pub(crate) zone_region: Vec<u32>,
    pub(crate) zone_names: Vec<String>,
    pub(crate) cross_zone: DistNs,
    pub(crate) cross_region: DistNs,
    pub(crate) cross_zone_mean_ns: f64,
    pub(crate) cross_region_mean_ns: f64,
}

impl Net {
    pub(crate) fn new(n: &Network) -> Net {
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
    pub(crate) fn crossing(&self, a: u32, b: u32) -> Crossing {
        if a == NONE || b == NONE || a == b {
            Crossing::None
        } else if self.zone_region[a as usize] == self.zone_region[b as usize] {
            Crossing::Zone
        } else {
            Crossing::Region
        }
    }

    pub(crate) fn same_region(&self, a: u32, b: u32) -> bool {
        a != NONE && b != NONE && self.zone_region[a as usize] == self.zone_region[b as usize]
    }

    pub(crate) fn mean_ns(&self, c: Crossing) -> f64 {
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
    pub(crate) fn autoscale(&mut self, comp: u32) {
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
    pub(crate) fn warmed(&mut self, comp: u32) {
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
    !super::runtime::utilized(kind)
}

impl Simulation {
    pub(crate) fn replicas(&mut self, comp: u32) -> Option<&mut DbReplicas> {
        match &mut self.comps[comp as usize].behavior {
            Behavior::Database(DbRt { repl: Some(r), .. }) => Some(r),
            _ => None,
        }
    }

    /// What a health check of `comp`'s targets sees: each one up and reachable.
    pub(crate) fn probe_targets(&self, comp: u32) -> Vec<bool> {
        self.comps[comp as usize]
            .outs
            .iter()
            .map(|&o| {
                let conn = &self.conns[o as usize];
                !conn.partitioned && self.comps[conn.to as usize].up
            })
            .collect()
    }
}
