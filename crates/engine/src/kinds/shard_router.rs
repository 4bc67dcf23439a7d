//! The shard router's fields.

use crate::fields::{Field, Stored, at, count, list, pick, real};
use crate::limits::{MAX_KEY_SPACE, MAX_MS, MAX_RPS, MAX_VNODES};
use crate::scenario::{Migration, ShardStrategy};

/// A strategy by the name its JSON uses; switching starts with the usual values of the new
/// strategy's fields.
impl Stored<&'static str> for ShardStrategy {
    fn load(&self) -> &'static str {
        match self {
            ShardStrategy::HashMod => "hash_mod",
            ShardStrategy::Range { .. } => "range",
            ShardStrategy::Directory { .. } => "directory",
            ShardStrategy::ConsistentHash { .. } => "consistent_hash",
        }
    }
    fn store(&mut self, name: &'static str) {
        if Stored::<&str>::load(self) == name {
            return;
        }
        *self = match name {
            "hash_mod" => ShardStrategy::HashMod,
            "range" => ShardStrategy::Range {
                boundaries: Vec::new(),
            },
            "directory" => ShardStrategy::Directory { lookup_ms: 1.0 },
            _ => ShardStrategy::ConsistentHash { vnodes: 100 },
        };
    }
}

/// What a moved key costs, by name; a penalty starts at 20 ms.
impl Stored<&'static str> for Migration {
    fn load(&self) -> &'static str {
        match self {
            Migration::FetchFromOld => "fetch_from_old",
            Migration::Penalty { .. } => "penalty",
        }
    }
    fn store(&mut self, name: &'static str) {
        if Stored::<&str>::load(self) != name {
            *self = match name {
                "penalty" => Migration::Penalty { ms: 20.0 },
                _ => Migration::FetchFromOld,
            };
        }
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "strategy",
        "Strategy",
        pick(
            &[
                ("consistent_hash", "Consistent hashing"),
                ("hash_mod", "Hash mod N"),
                ("range", "Key ranges"),
                ("directory", "Directory"),
            ],
            at!(ShardRouter, p => p.strategy),
        ),
        "Hash mod N spreads keys evenly but moves almost all of them when N changes; \
         consistent hashing moves only about 1/N; ranges keep neighbours together; a \
         directory is a lookup table.",
    ),
    Field::new(
        "vnodes",
        "Virtual nodes",
        count(
            1,
            MAX_VNODES,
            at!(ShardRouter, p => p.strategy,
            ShardStrategy::ConsistentHash { vnodes } => vnodes),
        ),
        "Points per shard on the hash ring. More virtual nodes split the ring more evenly \
         (the spread shrinks like 1/√vnodes).",
    )
    .unit("per shard"),
    Field::new(
        "boundaries",
        "Boundaries",
        list(at!(ShardRouter, p => p.strategy,
            ShardStrategy::Range { boundaries } => boundaries)),
        "First key of each shard after the first, e.g. 2500, 5000, 7500. Empty splits the \
         key space evenly. Sequentially hot keys make the first range hot.",
    )
    .unit("keys"),
    Field::new(
        "lookup_ms",
        "Lookup time",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(ShardRouter, p => p.strategy,
            ShardStrategy::Directory { lookup_ms } => lookup_ms),
        ),
        "Time to consult the directory on every request: the price of deciding placement \
         key by key.",
    )
    .unit("ms"),
    Field::new(
        "active_shards",
        "Live shards",
        count(0, u32::MAX, at!(ShardRouter, p => p.active_shards)),
        "The first N connections are live shards; the others are spares a reshard brings \
         in. 0 uses every connection.",
    )
    .unit("0 = all"),
    Field::new(
        "key_space",
        "Key space",
        count(1, MAX_KEY_SPACE, at!(ShardRouter, p => p.key_space)),
        "Keys 0 to this − 1: what range sharding splits and what a reshard's moved share is \
         counted over. Match the client's key count.",
    )
    .unit("keys"),
    Field::new(
        "migration",
        "Moved keys",
        pick(
            &[
                ("fetch_from_old", "Fetch from old shard"),
                ("penalty", "Fixed penalty"),
            ],
            at!(ShardRouter, p => p.migration),
        ),
        "A moved key misses at its new shard until migrated: fetch it from the old shard \
         (one extra call), or wait a fixed copy penalty.",
    ),
    Field::new(
        "migration_penalty_ms",
        "Migration penalty",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(ShardRouter, p => p.migration,
            Migration::Penalty { ms } => ms),
        ),
        "Extra wait of the first request for each moved key.",
    )
    .unit("ms"),
    Field::new(
        "migration_rate_kps",
        "Background migration",
        real(
            0.0,
            MAX_RPS,
            10.0,
            at!(ShardRouter, p => p.migration_rate_kps),
        ),
        "After a reshard, moved keys copied per second in the background, so fewer \
         requests miss. 0 migrates a key only when it is first requested.",
    )
    .unit("keys/s"),
];
