//! The service's fields.

use crate::fields::{Field, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};

pub const FIELDS: &[Field] = &[
    Field::new(
        "instances",
        "Instances",
        count(1, MAX_POOL, at!(Service, p => p.instances)),
        "Horizontal scaling: more identical instances behind the same queue add capacity \
         without making any single request faster. An autoscaler starts from this many.",
    ),
    Field::new(
        "workers",
        "Workers",
        count(1, MAX_POOL, at!(Service, p => p.workers)),
        "Threads per instance. A worker stays busy while it waits for downstream calls, so \
         slow dependencies use up workers.",
    )
    .unit("per instance"),
    Field::new(
        "service_time",
        "Service time",
        dist(at!(Service, p => p.service_time)),
        "Compute time per request. Capacity ≈ instances × workers ÷ service time; halving it \
         doubles what the service can take.",
    ),
    Field::new(
        "queue_capacity",
        "Queue capacity",
        count(0, MAX_CAPACITY, at!(Service, p => p.queue_capacity)),
        "Requests that may wait for a worker. A longer queue absorbs bursts but adds waiting \
         time; when full, requests are rejected.",
    )
    .unit("requests"),
];
