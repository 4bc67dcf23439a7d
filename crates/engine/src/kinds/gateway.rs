//! The API gateway's own fields (its optional rate limit has the rate limiter's fields).

use crate::fields::{Field, Stored, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};
use crate::scenario::Params;

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
