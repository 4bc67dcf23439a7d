//! The load balancer: its parameters, what a user can set on it and what it does in the
//! simulation (its [`Runtime`](crate::sim::runtime::Runtime)).

use crate::fields::{Field, at, count, named, pick, real, switch};
use crate::limits::MAX_MS;
use crate::rng::mix;
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// A load balancer: spreads requests over the components it connects to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
    /// Session affinity: a signed-in user's first request goes round robin, and the user
    /// stays on that backend while it is healthy (anonymous requests go round robin).
    Sticky,
}

/// Active health checks of a load balancer's backends.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct HealthCheck {
    pub enabled: bool,
    /// Time between checks.
    pub interval_ms: f64,
    /// Consecutive failed checks before a backend is taken out.
    pub unhealthy_after: u32,
    /// Consecutive good checks before it is put back.
    pub healthy_after: u32,
    /// A probe (a heartbeat) whose round trip over the connection takes longer than this
    /// counts as failed, although the backend is up; 0: probes see only whether it is up.
    #[serde(skip_serializing_if = "is_zero")]
    pub timeout_ms: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            enabled: true,
            interval_ms: 1000.0,
            unhealthy_after: 2,
            healthy_after: 2,
            timeout_ms: 0.0,
        }
    }
}

named!(LbStrategy {
    RoundRobin => "round_robin",
    WeightedRoundRobin => "weighted_round_robin",
    LeastConnections => "least_connections",
    Random => "random",
    HashKey => "hash_key",
    Sticky => "sticky",
});

pub const FIELDS: &[Field] = &[
    Field::new(
        "strategy",
        "Strategy",
        pick(
            &[
                ("round_robin", "Round robin"),
                ("weighted_round_robin", "Weighted round robin"),
                ("least_connections", "Least connections"),
                ("random", "Random"),
                ("hash_key", "Hash of key"),
                ("sticky", "Sticky sessions"),
            ],
            at!(LoadBalancer, p => p.strategy),
        ),
        "Round robin takes turns; weighted sends more to bigger servers; least connections \
         favours the least busy; hashing pins a key, sticky a user, to one backend.",
    ),
    Field::new(
        "health_check.enabled",
        "Health checks",
        switch(at!(LoadBalancer, p => p.health_check.enabled)),
        "Health checks probe each backend and take failing ones out of rotation, so traffic \
         is automatically routed to healthy servers.",
    ),
    Field::new(
        "health_check.interval_ms",
        "Check every",
        real(
            10.0,
            MAX_MS,
            100.0,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, interval_ms, .. } => interval_ms),
        ),
        "Time between checks: shorter intervals notice a crash sooner but cost more probes.",
    )
    .unit("ms"),
    Field::new(
        "health_check.unhealthy_after",
        "Out after",
        count(
            1,
            100,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, unhealthy_after, .. } => unhealthy_after),
        ),
        "Consecutive failed checks before a backend is taken out: higher is more tolerant of \
         blips but sends traffic to a dead server for longer.",
    )
    .unit("fails"),
    Field::new(
        "health_check.healthy_after",
        "Back after",
        count(
            1,
            100,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, healthy_after, .. } => healthy_after),
        ),
        "Consecutive good checks before a recovered backend gets traffic again.",
    )
    .unit("passes"),
    Field::new(
        "health_check.timeout_ms",
        "Probe timeout",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, timeout_ms, .. } => timeout_ms),
        ),
        "A probe slower than this (its round trip over the link) counts as failed: a slow \
         link can take a healthy backend out, a false suspicion. 0: no timeout.",
    )
    .unit("ms"),
];

// ----- In validation -----

impl Check for LoadBalancerParams {
    const REDUNDANCY: bool = true;
}

// ----- In the simulation -----

#[derive(Clone, Debug)]
pub(crate) struct LbRt {
    pub(crate) strategy: LbStrategy,
    pub(crate) check: Option<(SimTime, u32, u32)>,
    /// A probe's round trip beyond this fails it (0: probes never time out).
    pub(crate) probe_timeout: SimTime,
    pub(crate) healthy: Vec<bool>,
    pub(crate) fail_streak: Vec<u32>,
    pub(crate) ok_streak: Vec<u32>,
    pub(crate) rr: u32,
    pub(crate) wrr_current: Vec<i64>,
    /// Sticky: the backend (index into its connections) each signed-in user is pinned to,
    /// or [`NONE`]; grown as users come.
    pub(crate) pins: Vec<u32>,
}

impl Runtime for LoadBalancerParams {
    type State = LbRt;
    const UTILIZED: bool = false;

    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>) {
        let n = b.outs;
        let rt = LbRt {
            strategy: self.strategy,
            check: self.health_check.enabled.then(|| {
                (
                    time::from_ms(self.health_check.interval_ms).max(1),
                    self.health_check.unhealthy_after.max(1),
                    self.health_check.healthy_after.max(1),
                )
            }),
            probe_timeout: time::from_ms(self.health_check.timeout_ms),
            healthy: vec![true; n],
            fail_streak: vec![0; n],
            ok_streak: vec![0; n],
            rr: 0,
            wrr_current: vec![0; n],
            pins: Vec::new(),
        };
        (rt, Station::new(0, 0))
    }

    /// The first health check.
    fn start(sim: &mut Simulation, comp: u32) {
        if let Behavior::LoadBalancer(lb) = &sim.comps[comp as usize].behavior
            && let Some((interval, _, _)) = lb.check
        {
            sim.events.push(interval, Ev::HealthCheck { lb: comp });
        }
    }

    /// On to the backend the strategy picks.
    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        match sim.pick_backend(comp, idx) {
            Some(conn) => {
                sim.calls[idx as usize].step = conn;
                sim.lb_inflight[conn as usize] += 1;
                sim.call_child(idx, conn);
            }
            None => sim.finish(idx, Outcome::Fail(FailReason::NoBackend)),
        }
    }

    /// The calls it had sent on no longer count against their backends.
    fn crashed(sim: &mut Simulation, comp: u32, _lose_state: bool) {
        for &o in &sim.comps[comp as usize].outs {
            sim.lb_inflight[o as usize] = 0;
        }
    }

    fn replied(sim: &mut Simulation, idx: u32, call: Call, outcome: Outcome, _via: u32) {
        let n = &mut sim.lb_inflight[call.step as usize];
        *n = n.saturating_sub(1);
        sim.finish(idx, outcome);
    }
}

impl Simulation {
    pub(crate) fn pick_backend(&mut self, lb: u32, idx: u32) -> Option<u32> {
        let key = self.calls[idx as usize].key;
        let comp = &mut self.comps[lb as usize];
        let outs = &comp.outs;
        let Behavior::LoadBalancer(state) = &mut comp.behavior else {
            return None;
        };
        let n = outs.len() as u32;
        let count = state.healthy.iter().filter(|&&h| h).count() as u32;
        if count == 0 {
            return None;
        }
        let round_robin = |state: &mut LbRt| {
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
        };
        let chosen = match state.strategy {
            LbStrategy::RoundRobin => round_robin(state),
            LbStrategy::Sticky => {
                let user = self.requests[self.calls[idx as usize].req as usize].user;
                if user == NONE {
                    round_robin(state)
                } else {
                    let u = user as usize;
                    if state.pins.len() <= u {
                        state.pins.resize(u + 1, NONE);
                    }
                    match state.pins[u] {
                        pin if pin != NONE && state.healthy[pin as usize] => pin,
                        // New, or its backend was taken out: pinned anew.
                        _ => {
                            let pick = round_robin(state);
                            state.pins[u] = pick;
                            pick
                        }
                    }
                }
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

    pub(crate) fn health_check(&mut self, lb: u32) {
        let mut probe = self.probe_targets(lb);
        let Behavior::LoadBalancer(state) = &self.comps[lb as usize].behavior else {
            return;
        };
        // Up and reachable, but is it answered in time? Out and back over the link.
        let timeout = state.probe_timeout;
        let up = probe.clone();
        if timeout > 0 {
            for (i, ok) in probe.iter_mut().enumerate() {
                if *ok {
                    let conn = &self.conns[self.comps[lb as usize].outs[i] as usize];
                    let trip = conn.latency.sample(&mut self.rng, 1.0)
                        + conn.latency.sample(&mut self.rng, 1.0);
                    *ok = trip <= timeout;
                }
            }
        }
        let mut suspected = 0;
        let Behavior::LoadBalancer(state) = &mut self.comps[lb as usize].behavior else {
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
                    suspected += u64::from(up[i]);
                }
            }
        }
        if suspected > 0 {
            self.count(lb, |a| a.false_suspicions += suspected);
        }
        let at = self.now.saturating_add(interval);
        if at <= self.end {
            self.events.push(at, Ev::HealthCheck { lb });
        }
    }
}
