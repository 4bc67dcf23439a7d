//! The API gateway: its parameters and its own fields (its optional rate limit has the
//! rate limiter's widgets).

use crate::fields::{Field, Stored, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};
use crate::scenario::{Dist, Params, RateLimit};
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
];
