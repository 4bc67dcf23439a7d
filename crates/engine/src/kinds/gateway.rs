//! The API gateway: its parameters, what a user can set on it and what it does in the
//! simulation (its [`Runtime`](crate::sim::runtime::Runtime)). Its optional rate limit has the rate
//! limiter's fields.

use crate::fields::{Field, Stored, at, count, dist, pick, real};
use crate::gateway::GatewayRt;
use crate::gateway::{self, NO_ROUTE};
use crate::kinds::rate_limiter::{ALGORITHMS, limit_fields};
use crate::limits::{MAX_CAPACITY, MAX_POOL};
use crate::limits::{MAX_LOG_LIMIT, MAX_MS, MAX_RPS};
use crate::ratelimit::Decision;
use crate::ratelimit::Limiter;
use crate::scenario::{Dist, Params, RateLimit};
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// An API gateway: one entry point that checks every request (authentication, validation)
/// and routes it by path to one of its outgoing connections, whose `route` is a path
/// prefix; the connection without a route is the default. An unmatched path is answered
/// "404 Not Found".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct GatewayParams {
    /// Authentication and validation time added to every request.
    pub overhead: Dist,
    /// Requests checked at once; 0 means no limit (an asynchronous gateway).
    pub workers: u32,
    /// Requests that may wait for a worker (when `workers` > 0); the next one is rejected.
    pub queue_capacity: u32,
    /// A built-in rate limit over all callers; its rejections are 429s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
}

impl Default for GatewayParams {
    fn default() -> Self {
        GatewayParams {
            overhead: Dist::Exponential { mean_ms: 2.0 },
            workers: 0,
            queue_capacity: 1000,
            rate_limit: None,
        }
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "overhead",
        "Auth & validation",
        dist(at!(ApiGateway, p => p.overhead)),
        "Authentication, validation and logging done once at the gateway for every request, \
         instead of in every service.",
    ),
    Field::new(
        "workers",
        "Workers",
        count(0, MAX_POOL, at!(ApiGateway, p => p.workers)),
        "Requests the gateway checks at once; 0 means no limit. With a pool, checks queue \
         when all workers are busy.",
    ),
    Field::new(
        "queue_capacity",
        "Queue capacity",
        count(
            0,
            MAX_CAPACITY,
            // Without a pool there is no queue.
            (
                |params| match params {
                    Params::ApiGateway(p) if p.workers > 0 => Some(f64::from(p.queue_capacity)),
                    _ => None,
                },
                |params, x| {
                    if let Params::ApiGateway(p) = params {
                        p.queue_capacity.store(x);
                    }
                },
            ),
        ),
        "Requests that may wait for a gateway worker; the next one is rejected.",
    )
    .unit("requests"),
    Field::new(
        "rate_limit",
        "Rate limit",
        pick(&LIMITS, at!(ApiGateway, p => p.rate_limit)),
        "A built-in limit at the gateway, where rate limiters usually sit: requests over it \
         are answered 429 before any check or backend is used.",
    ),
    LIMIT[0],
    LIMIT[1],
    LIMIT[2],
    LIMIT[3],
    LIMIT[4],
    LIMIT[5],
    LIMIT[6],
];

/// No limit, or one of the rate limiter's algorithms.
const LIMITS: [(&str, &str); 6] = [
    ("none", "None"),
    ALGORITHMS[0],
    ALGORITHMS[1],
    ALGORITHMS[2],
    ALGORITHMS[3],
    ALGORITHMS[4],
];

const LIMIT: [Field; 7] = limit_fields!(ApiGateway, p => p.rate_limit, "rate_limit.", Some);

// ----- In validation -----

impl Check for GatewayParams {
    const ROUTES_BY_PATH: bool = true;
}

// ----- In the simulation -----

impl Runtime for GatewayParams {
    type State = Box<GatewayRt>;

    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>) {
        let n = b.outs;
        let rt = GatewayRt {
            overhead: DistNs::new(&self.overhead),
            pooled: self.workers > 0,
            limiter: self.rate_limit.as_ref().map(Limiter::new),
            table: std::mem::take(&mut b.routes),
            routed_win: vec![0; n],
            routed_run: vec![0; n],
        };
        let station = if self.workers > 0 {
            Station::new(self.workers, self.queue_capacity)
        } else {
            Station::new(u32::MAX, 0)
        };
        (Box::new(rt), station)
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.gateway_arrive(idx, comp);
    }

    fn work_done(sim: &mut Simulation, idx: u32, _call: Call) {
        sim.gateway_work_done(idx);
    }

    fn replied(sim: &mut Simulation, idx: u32, _call: Call, outcome: Outcome, _via: u32) {
        sim.finish(idx, outcome);
    }

    #[inline]
    fn work_time(state: &Self::State, rng: &mut Rng, slow: f64, _read: bool) -> SimTime {
        state.overhead.sample(rng, slow)
    }

    /// Without workers of its own, it serves every request at once.
    fn unlimited(state: &Self::State) -> bool {
        !state.pooled
    }

    fn util_in_calls(state: &Self::State) -> bool {
        !state.pooled
    }
}

impl Simulation {
    /// A request reaches a gateway: its rate limit first (a 429 costs no check), then the
    /// authentication and validation check.
    pub(crate) fn gateway_arrive(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let Behavior::ApiGateway(g) = &mut self.comps[comp as usize].behavior else {
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
        let Behavior::ApiGateway(g) = &c.behavior else {
            return;
        };
        if g.pooled {
            self.admit(idx, comp);
        } else {
            let t = Delay::draw(&g.overhead, &mut self.rng, c.slow);
            self.hold(idx, comp, t);
        }
    }

    /// A gateway's limiter let a queued request go, or its check is done: free the worker
    /// (a gateway does not hold one while the backend works) and route by path.
    pub(crate) fn gateway_work_done(&mut self, idx: u32) {
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
        let Behavior::ApiGateway(g) = &mut self.comps[comp as usize].behavior else {
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
}
