//! Metrics: the tallies of the current window and of the whole run, closing a window into
//! [`WindowStats`] and the run's [`Summary`].

use super::*;
use crate::latencies::Latencies;

/// Counters for one window or the whole run.
#[derive(Clone, Debug)]
pub(crate) struct Tally {
    pub(crate) generated: u64,
    pub(crate) retries: u64,
    pub(crate) completed: u64,
    pub(crate) good: u64,
    pub(crate) failed: FailureCounts,
    pub(crate) latency_sum_ns: u128,
    pub(crate) latency: Latencies,
    pub(crate) async_completed: u64,
    pub(crate) async_failed: u64,
    pub(crate) async_sum_ns: u128,
    pub(crate) async_latency: Latencies,
    pub(crate) duplicate_writes: u64,
    pub(crate) degraded: u64,
    pub(crate) retries_denied: u64,
}

impl Tally {
    pub(crate) fn new() -> Tally {
        let hist = || {
            Latencies::new(
                Histogram::new_with_bounds(1, HIST_MAX_US, 3).expect("constant bounds are valid"),
            )
        };
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
        self.latency.reset();
        self.async_completed = 0;
        self.async_failed = 0;
        self.async_sum_ns = 0;
        self.async_latency.reset();
        self.duplicate_writes = 0;
        self.degraded = 0;
        self.retries_denied = 0;
    }
}

pub(crate) fn us(ns: SimTime) -> u64 {
    ns.div_ceil(1000).clamp(1, HIST_MAX_US)
}

fn percentiles(h: &Latencies, sum_ns: u128, count: u64) -> Percentiles {
    if count == 0 {
        return Percentiles::default();
    }
    let h = h.quantiles();
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

impl Simulation {
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

    // ----- windows -----

    fn flush_areas(&mut self) {
        let now = self.now;
        let measuring = self.measuring;
        for c in &mut self.comps {
            let (mut busy, mut queue) = c.station.take_areas(now);
            if let Behavior::Database(DbRt { repl: Some(r), .. }) = &mut c.behavior {
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

    pub(crate) fn end_warmup(&mut self) {
        self.flush_areas();
        self.measuring = true;
        for c in &mut self.comps {
            if let Behavior::Database(DbRt { repl: Some(r), .. }) = &mut c.behavior {
                r.at_warmup = r.set.counts();
            }
        }
    }

    pub(crate) fn close_window(&mut self) {
        self.flush_areas();
        let now = self.now;
        let len = now.saturating_sub(self.window_start).max(1);
        let len_s = time::to_s(len);
        self.win.latency.prepare();
        self.win.async_latency.prepare();
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
                    Behavior::ShardRouter(rt) => (rt.win_routed.clone(), rt.win_moved),
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
                    lost_writes: a.lost_writes,
                    // Counts of one window: far below 2³² (users are capped at 100,000).
                    sessions_lost: a.sessions_lost as u32,
                    false_suspicions: a.false_suspicions as u32,
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
            if let Behavior::Database(DbRt { repl: Some(r), .. }) = &mut c.behavior {
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
            if let Behavior::ApiGateway(g) = &mut c.behavior {
                g.routed_win.iter_mut().for_each(|n| *n = 0);
            }
            if let Behavior::ShardRouter(rt) = &mut c.behavior {
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
        Behavior::Database(DbRt { repl: Some(r), .. }) => {
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
        if let Behavior::Database(DbRt { repl: Some(r), .. }) = &c.behavior {
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

#[inline]
pub(crate) fn record_success(t: &mut Tally, latency: SimTime, good: bool) {
    t.completed += 1;
    if good {
        t.good += 1;
    }
    t.latency_sum_ns += latency as u128;
    t.latency.record(us(latency));
}

fn component_summary(id: &str, c: &Comp, a: &Acc, measured: SimTime) -> ComponentSummary {
    let m = measured.max(1) as f64;
    let lookups = a.hits + a.misses;
    let (shard_requests, moved_key_misses, reshards) = match &c.behavior {
        Behavior::ShardRouter(rt) => (rt.run_routed.clone(), rt.run_moved, rt.reshards.clone()),
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
        lost_writes: a.lost_writes,
        sessions_lost: a.sessions_lost,
        false_suspicions: a.false_suspicions,
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
            Behavior::ApiGateway(g) if run => g.routed_run.clone(),
            Behavior::ApiGateway(g) => g.routed_win.clone(),
            _ => Vec::new(),
        },
        no_route: a.no_route,
    }
}
