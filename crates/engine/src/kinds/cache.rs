//! The cache's fields.

use crate::fields::{Field, Stored, at, count, dist, pick, real, share, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};
use crate::scenario::CacheMode;

/// A policy by name; switching starts the new one at 1,000 entries for 60 s, or at 80 %.
impl Stored<&'static str> for CacheMode {
    fn load(&self) -> &'static str {
        match self {
            CacheMode::Lru { .. } => "lru",
            CacheMode::FixedHitRatio { .. } => "fixed",
        }
    }
    fn store(&mut self, name: &'static str) {
        if Stored::<&str>::load(self) != name {
            *self = match name {
                "fixed" => CacheMode::FixedHitRatio { hit_ratio: 0.8 },
                _ => CacheMode::Lru {
                    capacity: 1000,
                    ttl_ms: 60_000.0,
                },
            };
        }
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "mode",
        "Policy",
        pick(
            &[("lru", "LRU with TTL"), ("fixed", "Fixed hit ratio")],
            at!(Cache, p => p.mode),
        ),
        "LRU evicts the least recently used entry, so the hit ratio emerges from the key \
         pattern; a fixed hit ratio is for what-if teaching.",
    ),
    Field::new(
        "capacity",
        "Capacity",
        count(
            0,
            MAX_CAPACITY,
            at!(Cache, p => p.mode, CacheMode::Lru { capacity, .. } => capacity),
        ),
        "Entries the cache holds. More entries raise the hit ratio until the working set \
         fits; beyond that, extra memory buys nothing.",
    )
    .unit("entries"),
    Field::new(
        "ttl_ms",
        "TTL",
        real(
            0.0,
            MAX_MS * 365.0,
            1000.0,
            at!(Cache, p => p.mode, CacheMode::Lru { ttl_ms, .. } => ttl_ms),
        ),
        "Time to live: entries expire after this long. A short TTL keeps data fresher but \
         sends more reads to the database.",
    )
    .unit("ms"),
    Field::new(
        "hit_ratio",
        "Hit ratio",
        share(
            1.0,
            at!(Cache, p => p.mode, CacheMode::FixedHitRatio { hit_ratio } => hit_ratio),
        ),
        "Share of reads answered from the cache; every miss costs a round trip to the store \
         behind it.",
    )
    .unit("%"),
    Field::new(
        "latency",
        "Lookup time",
        dist(at!(Cache, p => p.latency)),
        "Time to answer a lookup, hit or miss — usually far below a database query.",
    ),
    Field::new(
        "fallback_when_down",
        "Fall back to store when down",
        switch(at!(Cache, p => p.fallback_when_down)),
        "Graceful degradation: while the cache is down, reads go straight to the store behind \
         it — slower, but still answered.",
    ),
];
