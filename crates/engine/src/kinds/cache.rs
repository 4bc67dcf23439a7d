//! The cache: its parameters and what a user can set on it.

use crate::fields::{Field, Stored, at, count, dist, pick, real, share, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};
use crate::scenario::Dist;
use serde::{Deserialize, Serialize};

/// A cache in front of a slower store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct CacheParams {
    pub mode: CacheMode,
    /// Time to answer a lookup (hit or miss).
    pub latency: Dist,
    /// While the cache is down, callers read from its store directly instead of failing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fallback_when_down: bool,
}

impl Default for CacheParams {
    fn default() -> Self {
        CacheParams {
            mode: CacheMode::Lru {
                capacity: 1000,
                ttl_ms: 60_000.0,
            },
            latency: Dist::Constant { ms: 1.0 },
            fallback_when_down: false,
        }
    }
}

/// How a cache decides hits.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum CacheMode {
    /// Least-recently-used eviction over `capacity` entries that expire after `ttl_ms`:
    /// the hit ratio emerges from the key distribution.
    Lru { capacity: u32, ttl_ms: f64 },
    /// Every read hits with probability `hit_ratio` (for teaching).
    FixedHitRatio { hit_ratio: f64 },
}

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
