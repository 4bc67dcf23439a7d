//! The rate limiter's fields: the algorithm (switching keeps the long-run rate), its limit
//! and its scope.

use crate::engine::{LimitScope, Params, RateLimit};
use crate::inspector::ctx::{COUNT, COUNT0, Ctx, RPS};
use crate::inspector::ctx::{p, s};
use leptos::prelude::*;

/// The name of a rate limiting algorithm, as the select uses it.
pub(super) fn algorithm_name(a: &RateLimit) -> &'static str {
    match a {
        RateLimit::TokenBucket { .. } => "token_bucket",
        RateLimit::LeakyBucket { .. } => "leaky_bucket",
        RateLimit::FixedWindow { .. } => "fixed_window",
        RateLimit::SlidingLog { .. } => "sliding_log",
        RateLimit::SlidingCounter { .. } => "sliding_counter",
    }
}

/// `from` switched to the algorithm named `name`, keeping its allowance: a rate of r per
/// second becomes a limit of r per one-second window and back, so switching compares the
/// algorithms at the same long-run rate.
pub fn switch_algorithm(from: &RateLimit, name: &str) -> RateLimit {
    let rate_rps = match *from {
        RateLimit::TokenBucket { rate_rps, .. } | RateLimit::LeakyBucket { rate_rps, .. } => {
            rate_rps
        }
        RateLimit::FixedWindow { limit, window_ms }
        | RateLimit::SlidingLog { limit, window_ms }
        | RateLimit::SlidingCounter { limit, window_ms } => {
            f64::from(limit) * 1000.0 / window_ms.max(1.0)
        }
    };
    let limit = (rate_rps.round() as u32).max(1);
    let burst = ((rate_rps / 5.0).round() as u32).max(1);
    let window_ms = 1000.0;
    match name {
        "leaky_bucket" => RateLimit::LeakyBucket {
            rate_rps,
            queue: burst,
        },
        "fixed_window" => RateLimit::FixedWindow { limit, window_ms },
        "sliding_log" => RateLimit::SlidingLog { limit, window_ms },
        "sliding_counter" => RateLimit::SlidingCounter { limit, window_ms },
        _ => RateLimit::TokenBucket { rate_rps, burst },
    }
}

/// Reads a rate limit out of a component's parameters (a limiter's, or a gateway's).
type LimitGet = fn(&Params) -> Option<RateLimit>;
/// The same rate limit, to change it.
type LimitSet = fn(&mut Params) -> Option<&mut RateLimit>;

/// The numbers of a rate limit: which ones depends on its algorithm. `f` names the fields
/// the engine's messages use: rate, burst, queue, limit, window.
pub(super) fn limit_fields(
    c: &Ctx,
    alg: &RateLimit,
    get: LimitGet,
    set: LimitSet,
    f: [&'static str; 5],
) -> Vec<AnyView> {
    let mut v = Vec::new();
    match alg {
        RateLimit::TokenBucket { .. } => {
            v.push(c.num(
                "Rate",
                "rps",
                "rl.rate_rps",
                f[0],
                RPS,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::TokenBucket { rate_rps, .. } => Some(rate_rps),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::TokenBucket { rate_rps, .. }) = set(p) {
                        *rate_rps = x
                    }
                },
            ));
            v.push(c.num(
                "Burst",
                "tokens",
                "rl.burst",
                f[1],
                COUNT,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::TokenBucket { burst, .. } => Some(f64::from(burst)),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::TokenBucket { burst, .. }) = set(p) {
                        *burst = x as u32
                    }
                },
            ));
        }
        RateLimit::LeakyBucket { .. } => {
            v.push(c.num(
                "Leak rate",
                "rps",
                "rl.rate_rps",
                f[0],
                RPS,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::LeakyBucket { rate_rps, .. } => Some(rate_rps),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::LeakyBucket { rate_rps, .. }) = set(p) {
                        *rate_rps = x
                    }
                },
            ));
            v.push(c.num(
                "Bucket size",
                "requests",
                "rl.queue",
                f[2],
                COUNT0,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::LeakyBucket { queue, .. } => Some(f64::from(queue)),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::LeakyBucket { queue, .. }) = set(p) {
                        *queue = x as u32
                    }
                },
            ));
        }
        RateLimit::FixedWindow { .. }
        | RateLimit::SlidingLog { .. }
        | RateLimit::SlidingCounter { .. } => {
            v.push(c.num(
                "Limit",
                "per window",
                "rl.limit",
                f[3],
                COUNT,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::FixedWindow { limit, .. }
                        | RateLimit::SlidingLog { limit, .. }
                        | RateLimit::SlidingCounter { limit, .. } => Some(f64::from(limit)),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(
                        RateLimit::FixedWindow { limit, .. }
                        | RateLimit::SlidingLog { limit, .. }
                        | RateLimit::SlidingCounter { limit, .. },
                    ) = set(p)
                    {
                        *limit = x as u32
                    }
                },
            ));
            v.push(c.num(
                "Window",
                "ms",
                "rl.window_ms",
                f[4],
                (1.0, 86_400_000.0, 100.0, false),
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::FixedWindow { window_ms, .. }
                        | RateLimit::SlidingLog { window_ms, .. }
                        | RateLimit::SlidingCounter { window_ms, .. } => Some(window_ms),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(
                        RateLimit::FixedWindow { window_ms, .. }
                        | RateLimit::SlidingLog { window_ms, .. }
                        | RateLimit::SlidingCounter { window_ms, .. },
                    ) = set(p)
                    {
                        *window_ms = x
                    }
                },
            ));
        }
    }
    v
}

pub(super) const ALGORITHMS: [(&str, &str); 5] = [
    ("token_bucket", "Token bucket"),
    ("leaky_bucket", "Leaky bucket"),
    ("fixed_window", "Fixed window counter"),
    ("sliding_log", "Sliding window log"),
    ("sliding_counter", "Sliding window counter"),
];

pub(super) fn rate_limiter_fields(c: &Ctx, p: &archsim_engine::RateLimiterParams) -> Vec<AnyView> {
    let mut v = vec![c.choice(
        "Algorithm",
        "rl.algorithm",
        "algorithm",
        ALGORITHMS.to_vec(),
        p!(RateLimiter, p => algorithm_name(&p.algorithm).to_string()),
        s!(RateLimiter, p, v => p.algorithm = switch_algorithm(&p.algorithm, &v)),
    )];
    v.extend(limit_fields(
        c,
        &p.algorithm,
        |p| match p {
            Params::RateLimiter(p) => Some(p.algorithm),
            _ => None,
        },
        |p| match p {
            Params::RateLimiter(p) => Some(&mut p.algorithm),
            _ => None,
        },
        ["rate_rps", "burst", "queue", "limit", "window_ms"],
    ));
    v.push(c.choice(
        "Scope",
        "rl.scope",
        "scope",
        vec![("global", "Global (shared)"), ("per_client", "Per client")],
        p!(RateLimiter, p => match p.scope { LimitScope::Global => "global", LimitScope::PerClient => "per_client" }.to_string()),
        s!(RateLimiter, p, v => p.scope = if v == "per_client" { LimitScope::PerClient } else { LimitScope::Global }),
    ));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_algorithm_keeps_the_long_run_rate() {
        let bucket = RateLimit::TokenBucket {
            rate_rps: 50.0,
            burst: 20,
        };
        for name in [
            "leaky_bucket",
            "fixed_window",
            "sliding_log",
            "sliding_counter",
        ] {
            let other = switch_algorithm(&bucket, name);
            assert_eq!(algorithm_name(&other), name);
            let back = switch_algorithm(&other, "token_bucket");
            match back {
                RateLimit::TokenBucket { rate_rps, burst } => {
                    assert!((rate_rps - 50.0).abs() < 1e-9, "{name}: {rate_rps}");
                    assert!(burst >= 1);
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            switch_algorithm(&bucket, "fixed_window"),
            RateLimit::FixedWindow {
                limit: 50,
                window_ms: 1000.0
            }
        );
        // A tiny rate still gives a limit the engine accepts (at least 1).
        let slow = RateLimit::LeakyBucket {
            rate_rps: 0.01,
            queue: 0,
        };
        assert!(matches!(
            switch_algorithm(&slow, "sliding_log"),
            RateLimit::SlidingLog { limit: 1, .. }
        ));
    }
}
