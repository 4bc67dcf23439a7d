//! The client: its parameters, what a user can set on it and what it does in the simulation
//! (its [`Runtime`](crate::sim::runtime::Runtime)). Its traffic (open or closed, the rate over time, its
//! steps) and its request paths have widgets of their own in the app; the rest is described
//! here.

use crate::fields::{Field, at, count, named, pick, real, share, share_up_to, switch};
use crate::limits::{MAX_MS, MAX_POOL, MAX_RPS, MAX_USERS, MAX_ZIPF_KEYS};
use crate::paths::ClientPaths;
use crate::retry_budget::Budget;
use crate::rng::KeySampler;
use crate::scenario::Dist;
use crate::sim::build::rate_breakpoints;
use crate::sim::runtime::*;
use crate::validate::kinds::{Check, Severity, Subject, Validator};
use serde::{Deserialize, Serialize};

/// A client: where requests are born and where their latency is measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Caps retries at a share of recent first attempts (none: every failure may retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_budget: Option<RetryBudget>,
    /// Every attempt of a request carries the same key, so a database that already applied
    /// a write recognises a retry of it and does not apply it again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub idempotency_keys: bool,
    /// Request classes: each request goes to one path, drawn by weight. Empty means one
    /// unnamed class, where a CDN treats every read as static and a gateway sends every
    /// request to its default route.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<RequestPath>,
    /// Requests come from this many signed-in users, each drawn uniformly per request, and
    /// each with a session a service keeps (0: anonymous requests, no sessions).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub signed_in_users: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One request class of a client: a path such as "/api/orders", how often it is asked
/// for, and whether its content is static (a CDN may cache reads of it). Paths of
/// different clients with the same text are the same path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestPath {
    pub path: String,
    /// Relative weight: the path's share is its weight over the sum of the client's weights.
    pub weight: f64,
    /// Static content (images, scripts): reads of it are cacheable at a CDN.
    #[serde(rename = "static", default)]
    pub is_static: bool,
}

impl RequestPath {
    /// A path with a weight.
    pub fn new(path: &str, weight: f64, is_static: bool) -> RequestPath {
        RequestPath {
            path: path.to_string(),
            weight,
            is_static,
        }
    }
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
            retry_budget: None,
            idempotency_keys: false,
            paths: Vec::new(),
            signed_in_users: 0,
        }
    }
}

/// How a client produces requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalProcess {
    /// Exponential gaps (a Poisson process, the "M" in M/M/1).
    Poisson,
    /// Evenly spaced arrivals.
    Uniform,
}

/// Requests per second over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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

/// A retry budget (as in Finagle and gRPC): over the last `window_ms`, a client sends at
/// most `ratio` × its first attempts + `min_retries_per_s` × the window in retries. A failed
/// attempt the budget cannot pay for is not retried, so an outage costs at most
/// (1 + ratio) × the normal load instead of (1 + max_retries) ×.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct RetryBudget {
    /// Retries allowed per first attempt, e.g. 0.2 for 20 %.
    pub ratio: f64,
    /// Retries always allowed per second, so a quiet client can still retry.
    pub min_retries_per_s: f64,
    /// How far back the budget looks.
    pub window_ms: f64,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            ratio: 0.2,
            min_retries_per_s: 10.0,
            window_ms: 10_000.0,
        }
    }
}

/// How the backoff wait is randomised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum Jitter {
    /// Exactly the backoff.
    None,
    /// Uniform between 0 and the backoff.
    Full,
    /// Half the backoff plus uniform up to the other half.
    Equal,
}

named!(Jitter {
    Full => "full",
    Equal => "equal",
    None => "none",
});

/// Key popularity by name; switching keeps the number of keys (a new Zipf starts at s = 1).
impl crate::fields::Stored<&'static str> for KeyDist {
    fn load(&self) -> &'static str {
        match self {
            KeyDist::Zipf { .. } => "zipf",
            KeyDist::Uniform { .. } => "uniform",
        }
    }
    fn store(&mut self, name: &'static str) {
        let count = self.count();
        *self = match (name, *self) {
            ("uniform", _) => KeyDist::Uniform { count },
            (_, KeyDist::Zipf { s, .. }) => KeyDist::Zipf { count, s },
            _ => KeyDist::Zipf { count, s: 1.0 },
        };
    }
}

const KEYS_HELP: &str = "How many distinct keys are touched. With more keys a fixed-size cache \
                         holds a smaller share of them and the hit ratio falls.";

/// The most retries one request may make.
const MAX_RETRIES: u32 = 20;

pub const FIELDS: &[Field] = &[
    Field::new(
        "read_ratio",
        "Reads",
        share(0.1, at!(Client, p => p.read_ratio)),
        "Share of requests that are reads. Caches only help reads, so a read-heavy workload \
         (10:1 or more) is where caching pays off.",
    )
    .unit("%"),
    Field::new(
        "keys",
        "Key popularity",
        pick(
            &[("zipf", "Skewed (Zipf)"), ("uniform", "Uniform")],
            at!(Client, p => p.keys),
        ),
        "Skewed: a few hot keys get most of the traffic (Zipf), as on real sites; uniform: \
         every key as likely as any other.",
    ),
    Field::new(
        "keys.count",
        "Distinct keys",
        count(
            1,
            MAX_ZIPF_KEYS,
            at!(Client, p => p.keys, KeyDist::Zipf { count, .. } => count),
        ),
        KEYS_HELP,
    ),
    Field::new(
        "keys.count",
        "Distinct keys",
        count(
            1,
            u32::MAX,
            at!(Client, p => p.keys, KeyDist::Uniform { count } => count),
        ),
        KEYS_HELP,
    ),
    Field::new(
        "keys.s",
        "Skew (s)",
        real(
            0.0,
            5.0,
            0.1,
            at!(Client, p => p.keys, KeyDist::Zipf { s, .. } => s),
        ),
        "Skew of key popularity (Zipf). Higher skew means a few hot keys get most traffic — \
         great for caches, bad for a single shard.",
    ),
    Field::new(
        "timeout_ms",
        "Timeout",
        real(1.0, MAX_MS, 50.0, at!(Client, p => p.timeout_ms)),
        "The client gives up after this long. A timeout does not mean the work was not done: \
         the server may still finish it and the answer is lost.",
    )
    .unit("ms"),
    Field::new(
        "retry.max_retries",
        "Retries",
        count(0, MAX_RETRIES, at!(Client, p => p.retry.max_retries)),
        "Retries hide brief failures but multiply load on a struggling system; without limits \
         they turn a slowdown into an outage (a retry storm).",
    ),
    Field::new(
        "retry.base_backoff_ms",
        "Backoff",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(Client, p => p.retry,
            RetryPolicy { max_retries: 1.., base_backoff_ms, .. } => base_backoff_ms),
        ),
        "Wait before the first retry; it doubles on each further retry so a struggling \
         service gets room to recover.",
    )
    .unit("ms"),
    Field::new(
        "retry.max_backoff_ms",
        "Max backoff",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(Client, p => p.retry,
            RetryPolicy { max_retries: 1.., max_backoff_ms, .. } => max_backoff_ms),
        ),
        "The longest wait between two attempts, however many retries.",
    )
    .unit("ms"),
    Field::new(
        "retry.jitter",
        "Jitter",
        pick(
            &[("full", "Full"), ("equal", "Equal"), ("none", "None")],
            at!(Client, p => p.retry, RetryPolicy { max_retries: 1.., jitter, .. } => jitter),
        ),
        "Randomising the backoff spreads retries out, so clients that failed together do not \
         all retry at the same instant.",
    ),
    Field::new(
        "retry_budget",
        "Retry budget",
        switch((
            |params| match params {
                crate::Params::Client(p) if p.retry.max_retries > 0 => {
                    Some(p.retry_budget.is_some())
                }
                _ => None,
            },
            |params, on: bool| {
                if let crate::Params::Client(p) = params {
                    p.retry_budget = on.then(RetryBudget::default);
                }
            },
        )),
        "Caps retries at a share of recent first attempts, so an outage does not multiply \
         the load by the number of retries (a retry storm).",
    ),
    Field::new(
        "retry_budget.ratio",
        "Retries per request",
        share_up_to(
            10.0,
            5.0,
            at!(Client, p => p.retry_budget,
            Some(RetryBudget { ratio, .. }) => ratio),
        ),
        "Retries allowed per first attempt in the window, e.g. 20 % (Finagle's default).",
    )
    .unit("%"),
    Field::new(
        "retry_budget.min_retries_per_s",
        "Always allowed",
        real(
            0.0,
            MAX_RPS,
            10.0,
            at!(Client, p => p.retry_budget,
            Some(RetryBudget { min_retries_per_s, .. }) => min_retries_per_s),
        ),
        "Retries always allowed per second, even when traffic is low.",
    )
    .unit("retries/s"),
    Field::new(
        "retry_budget.window_ms",
        "Budget window",
        real(
            100.0,
            MAX_MS,
            1000.0,
            at!(Client, p => p.retry_budget,
            Some(RetryBudget { window_ms, .. }) => window_ms),
        ),
        "How far back the budget counts attempts and retries.",
    )
    .unit("ms"),
    Field::new(
        "idempotency_keys",
        "Idempotency keys",
        switch(at!(Client, p => p.idempotency_keys)),
        "Each request carries a key; a database that already applied the write recognises a \
         retry and does not apply it twice (no double charge).",
    ),
    Field::new(
        "signed_in_users",
        "Signed-in users",
        count(0, MAX_USERS, at!(Client, p => p.signed_in_users)),
        "Each request comes from one of this many logged-in users, whose session a service \
         keeps in memory or in a shared store. 0: anonymous requests.",
    )
    .unit("users"),
];

// ----- In validation -----

impl Check for ClientParams {
    const SOURCE: bool = true;

    /// Its traffic and request paths (fields with widgets of their own), and a retry budget
    /// with nothing to limit.
    fn fields(&self, v: &mut Validator, s: &Subject, who: &str) {
        match &self.traffic {
            Traffic::Open { rate, .. } => {
                for rps in rate.rates() {
                    v.range(s, who, "rate", rps, 0.0, MAX_RPS);
                }
                v.rate_times(s, who, rate);
            }
            Traffic::Closed { users, think_time } => {
                v.count(s, who, "users", *users, 1, MAX_POOL);
                v.dist(s, who, "think_time", think_time);
            }
        }
        if self.retry_budget.is_some() && self.retry.max_retries == 0 {
            v.push(
                Severity::Warning,
                s.clone(),
                "retry_budget",
                format!("{who}: a retry budget has nothing to limit while max retries is 0"),
            );
        }
        v.paths(s, who, &self.paths);
    }
}

// ----- In the simulation -----

#[derive(Clone, Debug)]
pub(crate) struct ClientRt {
    pub(crate) open: Option<(bool, RateProfile)>,
    pub(crate) users: u32,
    pub(crate) think: DistNs,
    pub(crate) read_ratio: f64,
    pub(crate) keys: KeySampler,
    pub(crate) timeout: SimTime,
    pub(crate) max_retries: u32,
    pub(crate) backoff_base: f64,
    pub(crate) backoff_max: f64,
    pub(crate) jitter: Jitter,
    pub(crate) spike: f64,
    pub(crate) epoch: u32,
    pub(crate) budget: Option<Budget>,
    pub(crate) idempotent: bool,
    pub(crate) paths: Option<ClientPaths>,
    /// Its signed-in users are users `first_user .. first_user + signed_in` of the run.
    pub(crate) first_user: u32,
    pub(crate) signed_in: u32,
}

impl Runtime for ClientParams {
    type State = Box<ClientRt>;
    const UTILIZED: bool = false;

    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>) {
        let (open, users, think) = match &self.traffic {
            Traffic::Open { process, rate } => (
                Some((*process == ArrivalProcess::Poisson, rate.clone())),
                0,
                DistNs::Constant(0),
            ),
            Traffic::Closed { users, think_time } => (None, *users, DistNs::new(think_time)),
        };
        let rt = ClientRt {
            open,
            users,
            think,
            read_ratio: self.read_ratio,
            keys: KeySampler::new(&self.keys),
            timeout: time::from_ms(self.timeout_ms).max(1),
            max_retries: self.retry.max_retries,
            backoff_base: self.retry.base_backoff_ms,
            backoff_max: self.retry.max_backoff_ms,
            jitter: self.retry.jitter,
            spike: 1.0,
            epoch: 0,
            budget: self.retry_budget.as_ref().map(Budget::new),
            idempotent: self.idempotency_keys,
            paths: ClientPaths::new(&self.paths, b.paths),
            first_user: b.users_before,
            signed_in: self.signed_in_users,
        };
        (Box::new(rt), Station::new(0, 0))
    }

    /// The first arrival (open traffic) or every user's first request (closed).
    fn start(sim: &mut Simulation, comp: u32) {
        let Behavior::Client(c) = &sim.comps[comp as usize].behavior else {
            return;
        };
        if let Some((_, profile)) = &c.open {
            for t in rate_breakpoints(profile) {
                if t > 0 && t < sim.end {
                    sim.events.push(t, Ev::RateChange { client: comp });
                }
            }
            sim.schedule_arrival(comp);
        } else {
            let (users, think) = (c.users, c.think);
            for _ in 0..users {
                let t = think.sample(&mut sim.rng, 1.0);
                sim.events.push(t, Ev::UserWake { client: comp });
            }
        }
    }

    /// Nothing calls a client (validation refuses it): were one called, it has no backend.
    fn arrive(sim: &mut Simulation, idx: u32, _comp: u32) {
        sim.finish(idx, Outcome::Fail(FailReason::NoBackend));
    }
}
