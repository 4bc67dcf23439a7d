//! The rate limiter: its parameters, what a user can set on it and what it does in the
//! simulation (its [`Runtime`](crate::sim::runtime::Runtime)). An API gateway's built-in limit has the
//! same fields ([`limit_fields!`]).

use crate::fields::{Field, Stored, at, count, named, pick, real};
use crate::limits::{MAX_CAPACITY, MAX_LOG_LIMIT, MAX_MS, MAX_RPS};
use crate::ratelimit::Decision;
use crate::ratelimit::Limiter;
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// A rate limiter: admits requests up to a rate and answers the rest at once with
/// "429 Too Many Requests"; admitted requests go on to the component it connects to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum LimitScope {
    #[default]
    Global,
    PerClient,
}

named!(LimitScope {
    Global => "global",
    PerClient => "per_client",
});

/// The algorithms, as a choice field offers them.
pub const ALGORITHMS: [(&str, &str); 5] = [
    ("token_bucket", "Token bucket"),
    ("leaky_bucket", "Leaky bucket"),
    ("fixed_window", "Fixed window counter"),
    ("sliding_log", "Sliding window log"),
    ("sliding_counter", "Sliding window counter"),
];

impl RateLimit {
    /// The long-run rate it lets through, in requests per second.
    fn allowance_rps(&self) -> f64 {
        match *self {
            RateLimit::TokenBucket { rate_rps, .. } | RateLimit::LeakyBucket { rate_rps, .. } => {
                rate_rps
            }
            RateLimit::FixedWindow { limit, window_ms }
            | RateLimit::SlidingLog { limit, window_ms }
            | RateLimit::SlidingCounter { limit, window_ms } => {
                f64::from(limit) * 1000.0 / window_ms.max(1.0)
            }
        }
    }
}

/// An algorithm by the name its JSON uses. Switching keeps the allowance: a rate of r per
/// second becomes a limit of r per one-second window and back, so switching compares the
/// algorithms at the same long-run rate.
impl Stored<&'static str> for RateLimit {
    fn load(&self) -> &'static str {
        match self {
            RateLimit::TokenBucket { .. } => "token_bucket",
            RateLimit::LeakyBucket { .. } => "leaky_bucket",
            RateLimit::FixedWindow { .. } => "fixed_window",
            RateLimit::SlidingLog { .. } => "sliding_log",
            RateLimit::SlidingCounter { .. } => "sliding_counter",
        }
    }
    fn store(&mut self, name: &'static str) {
        if Stored::<&str>::load(self) == name {
            return;
        }
        let rate_rps = self.allowance_rps();
        let limit = (rate_rps.round() as u32).max(1);
        let burst = ((rate_rps / 5.0).round() as u32).max(1);
        let window_ms = 1000.0;
        *self = match name {
            "leaky_bucket" => RateLimit::LeakyBucket {
                rate_rps,
                queue: burst,
            },
            "fixed_window" => RateLimit::FixedWindow { limit, window_ms },
            "sliding_log" => RateLimit::SlidingLog { limit, window_ms },
            "sliding_counter" => RateLimit::SlidingCounter { limit, window_ms },
            _ => RateLimit::TokenBucket { rate_rps, burst },
        };
    }
}

/// A limit that may be off ("none"), as a gateway has it; turned on, it starts as a token
/// bucket of 100 requests per second.
impl Stored<&'static str> for Option<RateLimit> {
    fn load(&self) -> &'static str {
        self.as_ref().map_or("none", Stored::<&str>::load)
    }
    fn store(&mut self, name: &'static str) {
        if name == "none" {
            *self = None;
        } else {
            let mut limit = self.unwrap_or(RateLimit::TokenBucket {
                rate_rps: 100.0,
                burst: 20,
            });
            limit.store(name);
            *self = Some(limit);
        }
    }
}

/// The numbers of a rate limit, which depend on its algorithm: `limit_fields!(RateLimiter,
/// p => p.algorithm, "")` for a limiter's own, or `(ApiGateway, p => p.rate_limit,
/// "rate_limit.", Some)` for the limit inside a gateway. The keys start with the prefix.
macro_rules! limit_fields {
    ($kind:ident, $p:ident => $place:expr, $prefix:literal $(, $some:ident)?) => {
        [
            Field::new(
                concat!($prefix, "rate_rps"),
                "Rate",
                real(0.001, MAX_RPS, 10.0, at!($kind, $p => $place,
                    $($some)?(RateLimit::TokenBucket { rate_rps, .. }) => rate_rps)),
                "Requests per second let through in the long run: tokens drip in at this rate.",
            )
            .unit("rps"),
            Field::new(
                concat!($prefix, "burst"),
                "Burst",
                count(1, MAX_CAPACITY, at!($kind, $p => $place,
                    $($some)?(RateLimit::TokenBucket { burst, .. }) => burst)),
                "Tokens the bucket holds: after a quiet spell this many requests may pass at once.",
            )
            .unit("tokens"),
            Field::new(
                concat!($prefix, "rate_rps"),
                "Leak rate",
                real(0.001, MAX_RPS, 10.0, at!($kind, $p => $place,
                    $($some)?(RateLimit::LeakyBucket { rate_rps, .. }) => rate_rps)),
                "Requests per second let through in the long run: the queue drains at this rate.",
            )
            .unit("rps"),
            Field::new(
                concat!($prefix, "queue"),
                "Bucket size",
                count(0, MAX_CAPACITY, at!($kind, $p => $place,
                    $($some)?(RateLimit::LeakyBucket { queue, .. }) => queue)),
                "Requests that may wait in the bucket to leak out; when it overflows they get a 429.",
            )
            .unit("requests"),
            Field::new(
                concat!($prefix, "limit"),
                "Limit",
                count(1, MAX_CAPACITY, at!($kind, $p => $place,
                    $($some)?(RateLimit::FixedWindow { limit, .. }
                        | RateLimit::SlidingCounter { limit, .. }) => limit)),
                "Requests allowed per window; the next one in the same window gets a 429.",
            )
            .unit("per window"),
            // A log keeps every timestamp of its window, so its limit is lower.
            Field::new(
                concat!($prefix, "limit"),
                "Limit",
                count(1, MAX_LOG_LIMIT, at!($kind, $p => $place,
                    $($some)?(RateLimit::SlidingLog { limit, .. }) => limit)),
                "Requests allowed per window; the next one in the same window gets a 429.",
            )
            .unit("per window"),
            Field::new(
                concat!($prefix, "window_ms"),
                "Window",
                real(1.0, MAX_MS, 100.0, at!($kind, $p => $place,
                    $($some)?(RateLimit::FixedWindow { window_ms, .. }
                        | RateLimit::SlidingLog { window_ms, .. }
                        | RateLimit::SlidingCounter { window_ms, .. }) => window_ms)),
                "Length of the window. Fixed windows reset at each boundary, so up to twice the \
                 limit can pass around one; sliding windows avoid that.",
            )
            .unit("ms"),
        ]
    };
}
pub(crate) use limit_fields;

// Without `Some`, the macro leaves each pattern in parentheses.
#[allow(unused_parens)]
const LIMIT: [Field; 7] = limit_fields!(RateLimiter, p => p.algorithm, "");

pub const FIELDS: &[Field] = &[
    Field::new(
        "algorithm",
        "Algorithm",
        pick(&ALGORITHMS, at!(RateLimiter, p => p.algorithm)),
        "Token bucket allows bursts up to the bucket size; leaky bucket smooths to a steady \
         rate; window counters cap requests per window, sliding ones without edge bursts.",
    ),
    LIMIT[0],
    LIMIT[1],
    LIMIT[2],
    LIMIT[3],
    LIMIT[4],
    LIMIT[5],
    LIMIT[6],
    Field::new(
        "scope",
        "Scope",
        pick(
            &[("global", "Global (shared)"), ("per_client", "Per client")],
            at!(RateLimiter, p => p.scope),
        ),
        "Global: one limit shared by all callers. Per client: each client gets its own limit, \
         so one noisy client cannot starve the others.",
    ),
];

// ----- In validation -----

/// Its fields' descriptions say all there is to check.
impl Check for RateLimiterParams {}

// ----- In the simulation -----

#[derive(Clone, Debug)]
pub(crate) struct LimiterRt {
    pub(crate) algorithm: RateLimit,
    /// The shared limit, or the limit of callers whose client is unknown (queue jobs).
    pub(crate) global: Limiter,
    /// One limit per client component (by index), made on first use.
    pub(crate) per_client: Option<Vec<Option<Limiter>>>,
}

impl Runtime for RateLimiterParams {
    type State = Box<LimiterRt>;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let rt = LimiterRt {
            algorithm: self.algorithm,
            global: Limiter::new(&self.algorithm),
            per_client: (self.scope == LimitScope::PerClient).then(Vec::new),
        };
        (Box::new(rt), Station::new(0, 0))
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.limit(idx, comp);
    }

    /// Its turn in the leaky bucket's queue has come.
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        let conn = sim.comps[call.comp as usize].outs[0];
        sim.call_child(idx, conn);
    }

    fn replied(sim: &mut Simulation, idx: u32, _call: Call, outcome: Outcome, _via: u32) {
        sim.finish(idx, outcome);
    }
}

impl Simulation {
    /// A rate limiter admits the call onward (now or after a wait in its queue) or answers 429.
    pub(crate) fn limit(&mut self, idx: u32, comp: u32) {
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
        let Behavior::RateLimiter(rt) = &mut c.behavior else {
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
}
