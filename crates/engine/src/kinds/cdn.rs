//! The CDN's fields.

use crate::fields::{Field, at, count, dist, real, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};

pub const FIELDS: &[Field] = &[
    Field::new(
        "capacity",
        "Capacity",
        count(0, MAX_CAPACITY, at!(Cdn, p => p.capacity)),
        "Objects the edge keeps (an object is a path plus a key); the least recently used \
         is evicted first. The hit ratio grows with capacity until the hot set fits.",
    )
    .unit("objects"),
    Field::new(
        "ttl_ms",
        "TTL",
        real(0.0, MAX_MS * 365.0, 1000.0, at!(Cdn, p => p.ttl_ms)),
        "How long a copy stays fresh after the edge fetched it. Longer TTLs offload more \
         from the origin but serve older content.",
    )
    .unit("ms"),
    Field::new(
        "edge_latency",
        "Edge latency",
        dist(at!(Cdn, p => p.edge_latency)),
        "Time for the edge to answer a hit, or to decide to go to the origin: small, because \
         the edge is close to the user.",
    ),
    Field::new(
        "serve_stale",
        "Serve stale when the origin fails",
        switch(at!(Cdn, p => p.serve_stale)),
        "When the origin fails, answer static reads with the copy the edge still holds even \
         if it expired — stale content instead of an error.",
    ),
];
