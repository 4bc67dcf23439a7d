//! What the engine's field descriptions of a gateway and a DNS leave to the app: the
//! gateway's optional rate limit (the rate limiter's own widgets) and a DNS policy's note.

use crate::engine::{Params, RateLimit};
use crate::inspector::ctx::{Ctx, p, s};
use crate::inspector::rate_limiter::{ALGORITHMS, algorithm_name, limit_fields, switch_algorithm};
use leptos::prelude::*;

/// The gateway's built-in rate limit: off, or one of the rate limiter's algorithms.
pub(super) fn gateway_rate_limit(c: &Ctx, p: &archsim_engine::GatewayParams) -> Vec<AnyView> {
    let mut v = Vec::new();
    let mut options = vec![("none", "None")];
    options.extend(ALGORITHMS);
    v.push(c.choice(
        "Rate limit",
        "gw.rate_limit",
        "rate_limit",
        options,
        p!(ApiGateway, p => p.rate_limit.as_ref().map_or("none", algorithm_name).to_string()),
        s!(ApiGateway, p, v => p.rate_limit = (v != "none").then(|| {
            let from = p.rate_limit.unwrap_or(RateLimit::TokenBucket { rate_rps: 100.0, burst: 20 });
            switch_algorithm(&from, &v)
        })),
    ));
    if let Some(alg) = &p.rate_limit {
        v.extend(limit_fields(
            c,
            alg,
            |p| match p {
                Params::ApiGateway(p) => p.rate_limit,
                _ => None,
            },
            |p| match p {
                Params::ApiGateway(p) => p.rate_limit.as_mut(),
                _ => None,
            },
            [
                "rate_limit.rate_rps",
                "rate_limit.burst",
                "rate_limit.queue",
                "rate_limit.limit",
                "rate_limit.window_ms",
            ],
        ));
    }
    v
}

/// Said under a DNS whose policy answers without checking health.
pub(super) fn dns_without_health() -> AnyView {
    view! {
        <p class="field-help" data-testid="dns-no-health">
            "This policy does not check health: a dead target stays in the answers."
        </p>
    }
    .into_any()
}
