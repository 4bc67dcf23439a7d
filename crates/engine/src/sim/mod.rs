//! The discrete-event simulation: requests are born at clients, travel the connections,
//! wait and are served at each component, and their responses travel back the same path.
//!
//! Every visit of a request to a component is a *call*. A call may make child calls
//! (a load balancer forwards to one backend, a service calls its dependencies one after
//! another, a cache reads through on a miss) and answers its parent when it is done.
//! Calls and requests live in slabs and are referred to by (index, generation), so an
//! answer for a call that was failed by a crash or a timeout is recognised and dropped.

pub(crate) mod build;
mod calls;
pub(crate) mod components;
mod faults;
mod requests;
pub(crate) mod runtime;
mod windows;

use components::*;
use runtime::{Behavior, Build, build_behavior, name_service};
use windows::{Tally, record_success, us};

use crate::autoscaler::Scaler;
use crate::budget::{Budgets, Guard, Halt};
use crate::circuit_breaker::{Breaker, BreakerState};
use crate::events::EventQueue;
use crate::feed::{Feed, Hop, HopDirection, HopOutcome};
use crate::gateway::{self};
use crate::kinds::database::DbRt;
use crate::metrics::*;
use crate::paths::{PathTable, UNNAMED};
use crate::redundancy::Nodes;
use crate::replication::{Counts, Replicas};
use crate::rng::{DistNs, Rng};
use crate::scenario::*;
use crate::station::Station;
use crate::time::{self, NS_PER_S, SimTime};
use crate::validate::{Problem, Severity, Subject, errors};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

pub(crate) const NONE: u32 = u32::MAX;

/// The breaker epoch of a call over a connection without a breaker (or of an answer the
/// breaker must not learn from, such as its own refusal).
pub(crate) const NO_EPOCH: u32 = u32::MAX;

/// How long a queue consumer waits for a downstream answer that was lost.
pub(crate) const ASYNC_DEADLINE: SimTime = 30_000_000_000;

/// Histograms record microseconds from 1 µs to one day, to 3 significant digits.
pub(crate) const HIST_MAX_US: u64 = 86_400_000_000;

/// What a call answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok,
    /// Served from a cache.
    Hit,
    /// Answered, but an optional dependency on the way failed and was done without.
    Degraded,
    /// A cache-aside cache held the key: its caller skips the store it would read next.
    AsideHit,
    /// A cache-aside cache did not hold the key: its caller reads the store next, then
    /// fills the cache.
    AsideMiss,
    Fail(FailReason),
}

impl Outcome {
    fn hop(self) -> HopOutcome {
        match self {
            Outcome::Ok | Outcome::Degraded | Outcome::AsideMiss => HopOutcome::Ok,
            Outcome::Hit | Outcome::AsideHit => HopOutcome::CacheHit,
            Outcome::Fail(FailReason::Rejected) => HopOutcome::Rejected,
            Outcome::Fail(_) => HopOutcome::Error,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CallRef {
    pub(crate) idx: u32,
    pub(crate) generation: u32,
}

pub(crate) const ROOT: CallRef = CallRef {
    idx: NONE,
    generation: 0,
};

#[derive(Clone, Copy, Debug)]
pub(crate) enum Ev {
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
    /// A timer component `comp` set ([`Simulation::set_timer`]) goes off.
    Timer {
        comp: u32,
        tag: u64,
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

/// How long from now an event is scheduled, and whether that is a fixed delay: a constant
/// that every event of its source waits, unscaled (a link's constant latency, a cache's
/// constant lookup). The events after one fixed delay are scheduled in time order, so they
/// go into the event queue's lane for that delay instead of its heap.
#[derive(Clone, Copy)]
pub(crate) struct Delay {
    pub(crate) ns: SimTime,
    pub(crate) fixed: bool,
}

impl Delay {
    /// A sample of `dist` scaled by `factor`: fixed when it is a constant left unscaled.
    #[inline(always)]
    pub(crate) fn draw(dist: &DistNs, rng: &mut Rng, factor: f64) -> Delay {
        match *dist {
            DistNs::Constant(ns) if factor == 1.0 => Delay { ns, fixed: true },
            _ => Delay {
                ns: dist.sample(rng, factor),
                fixed: false,
            },
        }
    }
}

/// A compiled fault, with components and connections as indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Action {
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
    /// One instance of a resized component restarts, drained: `done` instances already
    /// run the new `size`'s workers, the others the old ones.
    Roll {
        comp: u32,
        size: Size,
        done: u32,
    },
    /// A component now runs on `size`: its workers and its speed.
    Resize {
        comp: u32,
        size: Size,
    },
    /// Separate a replicated database's primary from its replicas (`heal`: join them).
    SplitReplicas {
        comp: u32,
        heal: bool,
    },
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Request {
    pub(crate) generation: u32,
    pub(crate) live: bool,
    pub(crate) id: u64,
    pub(crate) client: u32,
    pub(crate) birth: SimTime,
    pub(crate) attempt: u32,
    pub(crate) attempt_start: SimTime,
    pub(crate) key: u32,
    pub(crate) read: bool,
    /// The connection of the current attempt and its breaker epoch.
    pub(crate) conn: u32,
    pub(crate) breaker_epoch: u32,
    /// The request's path id ([`UNNAMED`] for a client without paths) and whether the
    /// path is static.
    pub(crate) path: u32,
    pub(crate) is_static: bool,
    /// The signed-in user it comes from, or [`NONE`] (anonymous).
    pub(crate) user: u32,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    pub(crate) generation: u32,
    pub(crate) live: bool,
    pub(crate) comp: u32,
    pub(crate) parent: CallRef,
    /// The connection the request came in on; the answer goes back over it.
    pub(crate) via: u32,
    pub(crate) req: u32,
    pub(crate) req_generation: u32,
    pub(crate) attempt: u32,
    pub(crate) req_id: u64,
    pub(crate) arrived: SimTime,
    pub(crate) deadline: SimTime,
    pub(crate) key: u32,
    pub(crate) read: bool,
    pub(crate) path: u32,
    pub(crate) is_static: bool,
    /// Next dependency to call (services, consumers), the chosen backend (balancers), what
    /// an origin call is for (CDNs), or how far a gateway got.
    pub(crate) step: u32,
    pub(crate) hit: bool,
    pub(crate) holds_worker: bool,
    /// A message being processed by a queue consumer, not an answer anybody waits for.
    pub(crate) job: bool,
    /// Arrived at its component (not still on the wire).
    pub(crate) inside: bool,
    /// A producer's call to a queue whose message became a job: the job is what the queue
    /// counts (in system, departures, time inside), so this call is not counted twice.
    pub(crate) handed_to_job: bool,
    pub(crate) birth: SimTime,
    /// An optional dependency failed and was done without.
    pub(crate) degraded: bool,
    /// The breaker epoch of the connection `via` when this call was sent over it.
    pub(crate) breaker_epoch: u32,
    /// The request's attempts carry an idempotency key.
    pub(crate) idempotent: bool,
    /// At a shard router: the connection to the shard that still holds a moved key, read
    /// before the request goes on to its new shard (`step`); NONE otherwise.
    pub(crate) shard_from: u32,
    /// The node of a replicated database serving the call (0 everywhere else).
    pub(crate) node: u32,
    /// The log position of a replicated write waiting for its commit.
    pub(crate) lsn: u64,
    /// The redundancy node of an active-active component the call is pinned to (NONE
    /// elsewhere). Not to be confused with `node`, the replica of a replicated database.
    pub(crate) red_node: u32,
    /// At a service: the connection to the cache-aside cache that missed, to fill once the
    /// store has answered (NONE otherwise).
    pub(crate) aside: u32,
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    pub(crate) name: String,
    pub(crate) seed: u64,
    pub(crate) now: SimTime,
    pub(crate) end: SimTime,
    pub(crate) window: SimTime,
    pub(crate) window_start: SimTime,
    pub(crate) warmup: SimTime,
    pub(crate) measuring: bool,
    pub(crate) slo_latency: SimTime,
    pub(crate) slo_target: f64,
    pub(crate) rng: Rng,
    pub(crate) events: EventQueue<Ev>,
    pub(crate) processed: u64,
    pub(crate) comps: Vec<Comp>,
    pub(crate) ids: Vec<String>,
    pub(crate) conns: Vec<Conn>,
    pub(crate) conn_ids: Vec<(String, String)>,
    pub(crate) lb_inflight: Vec<u32>,
    /// Per signed-in user, the service holding their session in memory, or [`NONE`].
    pub(crate) session_home: Vec<u32>,
    pub(crate) actions: Vec<Action>,
    pub(crate) requests: Vec<Request>,
    pub(crate) free_requests: Vec<u32>,
    pub(crate) live_requests: u64,
    pub(crate) next_request_id: u64,
    pub(crate) calls: Vec<Call>,
    pub(crate) free_calls: Vec<u32>,
    pub(crate) win: Tally,
    pub(crate) run: Tally,
    pub(crate) windows: Vec<WindowStats>,
    pub(crate) feed: Feed,
    /// Mean time between failures and to repair, in ns, of components that fail at random.
    pub(crate) mtbf_mttr: Vec<Option<(f64, f64)>>,
    pub(crate) net: Net,
    /// The run-time budgets, and why the run stopped early, if it did.
    pub(crate) guard: Guard,
    /// Waiting events above which stale timeouts are dropped (see `compact_timeouts`).
    pub(crate) compact_at: usize,
}

/// Waiting events below which stale timeouts are not worth dropping.
pub(crate) const COMPACT_MIN: usize = 1 << 16;

impl Simulation {
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

    /// Whether the run reached its end, or stopped early on a budget ([`Simulation::halted`]).
    pub fn finished(&self) -> bool {
        self.now >= self.end || self.guard.halt.is_some()
    }

    /// Gives the run other budgets than the defaults every run gets (smaller ones, for a
    /// test or a quick preview). Call it before the run starts.
    pub fn set_budgets(&mut self, budgets: Budgets) {
        self.guard.budgets = budgets;
    }

    /// Why the run stopped before its end, if a budget stopped it: simulated time stood
    /// still, or the run took too many events or too much memory. The sentence to show.
    pub fn halted(&self) -> Option<&Halt> {
        self.guard.halt.as_ref()
    }

    /// Events processed since the start.
    pub fn events_processed(&self) -> u64 {
        self.processed
    }

    /// Events waiting to run: memory grows with these.
    pub fn pending_events(&self) -> usize {
        self.events.len()
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
        while done < max_events && self.guard.halt.is_none() {
            let Some((t, ev)) = self.events.pop_due(target) else {
                self.now = self.now.max(target);
                break;
            };
            debug_assert!(t >= self.now, "the clock went back");
            self.now = t;
            self.handle(ev);
            done += 1;
            if self.guard.stands_still(t) {
                self.guard.halt = Some(Halt::TimeStandsStill {
                    at_s: time::to_s(t),
                    limit: self.guard.budgets.events_per_instant,
                    cause: self.guard.cause.clone(),
                });
            }
            // The slower budgets are looked at every 4,096 events of the run (not of the
            // slice), so they stop a run at the same event however it is sliced.
            if (self.processed + done).is_multiple_of(4096) {
                self.check_budgets(self.processed + done);
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
                    // An external API serves without limit: no workers to count.
                    capacity: if c.behavior.util_in_calls() || c.station.servers == u32::MAX {
                        0
                    } else {
                        c.station.servers.saturating_mul(1 + extra.len() as u32)
                    },
                    queue_len: (c.station.queue.len()
                        + extra.iter().map(|s| s.queue.len()).sum::<usize>())
                        as u32,
                    in_flight: c.in_system,
                    slow_factor: c.slowdown,
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
                Behavior::Database(DbRt { repl: Some(r), .. }) => Some(ReplicationLive {
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
            Ev::Timer { comp, tag } => self.timer_fired(comp, tag),
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

    /// Schedules `ev` after `delay`: in the event queue's lane for a fixed delay.
    #[inline]
    fn schedule(&mut self, delay: Delay, ev: Ev) {
        if delay.fixed {
            self.events.push_after(self.now, delay.ns, ev);
        } else {
            self.events.push(self.now.saturating_add(delay.ns), ev);
        }
    }

    #[inline]
    pub(crate) fn call_is(&self, r: CallRef) -> bool {
        let c = &self.calls[r.idx as usize];
        c.live && c.generation == r.generation
    }

    #[inline]
    fn check_budgets(&mut self, processed: u64) {
        let at_s = time::to_s(self.now);
        let budgets = self.guard.budgets;
        if processed >= budgets.events_per_run {
            self.guard.halt = Some(Halt::TooManyEvents {
                at_s,
                limit: budgets.events_per_run,
            });
        } else if self.events.len() > budgets.pending_events {
            self.guard.halt = Some(Halt::TooMuchPending {
                at_s,
                pending: self.events.len(),
                limit: budgets.pending_events,
            });
        }
    }

    /// Drops the timeouts of attempts that already ended, once the waiting events have
    /// doubled since the last time: memory then grows with the requests in flight, not with
    /// every request made within a timeout. A dropped timeout would have run as an event
    /// that does nothing; the ones due before the end are counted as if they had, so the
    /// run's event count at its end is what it always was.
    fn compact_timeouts(&mut self) {
        if self.events.len() <= self.compact_at {
            return;
        }
        let (requests, end) = (&self.requests, self.end);
        let mut dropped_due = 0u64;
        self.events.retain(|t, ev| {
            let Ev::Timeout {
                req,
                generation,
                attempt,
            } = *ev
            else {
                return true;
            };
            let r = &requests[req as usize];
            let live = r.live && r.generation == generation && r.attempt == attempt;
            if !live && t <= end {
                dropped_due += 1;
            }
            live
        });
        self.processed += dropped_due;
        self.compact_at = (2 * self.events.len()).max(COMPACT_MIN);
    }

    fn attempt_is(&self, req: u32, generation: u32, attempt: u32) -> bool {
        let r = &self.requests[req as usize];
        r.live && r.generation == generation && r.attempt == attempt
    }
}
