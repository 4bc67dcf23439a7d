//! The shard router: its parameters, what a user can set on it and what it does in the
//! simulation (its [`Runtime`](crate::sim::runtime::Runtime)).

use crate::fields::{Field, Stored, at, count, list, pick, real};
use crate::limits::{MAX_KEY_SPACE, MAX_MS, MAX_RPS, MAX_VNODES};
use crate::metrics::ReshardRecord;
use crate::sharding::ShardMap;
use crate::sim::runtime::*;
use crate::validate::kinds::{Check, Subject, Validator};
use serde::{Deserialize, Serialize};

/// A shard router: sends each request, by its key, to the one shard (an outgoing
/// connection, typically a database or a cache) that owns the key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct ShardRouterParams {
    /// How keys are placed on shards.
    pub strategy: ShardStrategy,
    /// The first `active_shards` connections are live shards; the rest are spares that a
    /// reshard can bring in. 0 means every connection is a live shard.
    pub active_shards: u32,
    /// Keys are `0..key_space`: what range sharding splits, and what the share of keys a
    /// reshard moves is measured over.
    pub key_space: u32,
    /// What a request for a key that a reshard moved (and that was not migrated yet) costs.
    pub migration: Migration,
    /// Moved keys migrated per second in the background after a reshard, in key order (the
    /// copy itself is not modelled as load); 0: only on a key's first request.
    pub migration_rate_kps: f64,
}

impl Default for ShardRouterParams {
    fn default() -> Self {
        ShardRouterParams {
            strategy: ShardStrategy::ConsistentHash { vnodes: 100 },
            active_shards: 0,
            key_space: 10_000,
            migration: Migration::FetchFromOld,
            migration_rate_kps: 0.0,
        }
    }
}

impl ShardRouterParams {
    /// Live shards at the start of a run with `connected` outgoing connections.
    pub fn live_shards(&self, connected: usize) -> u32 {
        if self.active_shards == 0 {
            connected as u32
        } else {
            self.active_shards
        }
    }
}

/// How a shard router places keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(tag = "strategy", rename_all = "snake_case")]
pub enum ShardStrategy {
    /// hash(key) mod N: even, but changing N moves almost every key.
    HashMod,
    /// Key ranges: shard i + 1 starts at `boundaries[i]`; without boundaries (or after a
    /// reshard to another count) the key space is split evenly. Neighbouring keys share a
    /// shard, so sequentially hot keys make a hot shard.
    Range {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        boundaries: Vec<u32>,
    },
    /// A lookup table key → shard, filled on first sight with the least-loaded shard; each
    /// request pays `lookup_ms` to consult it.
    Directory { lookup_ms: f64 },
    /// A hash ring with `vnodes` points per shard: changing N moves about 1/N of the keys.
    ConsistentHash { vnodes: u32 },
}

/// The cost of a request for a key that was moved and not migrated yet.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(tag = "cost", rename_all = "snake_case")]
pub enum Migration {
    /// The router first reads the key from the shard that still has it (one extra call),
    /// then sends the request to its new shard.
    FetchFromOld,
    /// The request waits `ms` (copying the key) before going to its new shard.
    Penalty { ms: f64 },
}

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

// ----- In validation -----

impl Check for ShardRouterParams {
    /// Range boundaries that increase inside the key space.
    fn fields(&self, v: &mut Validator, s: &Subject, who: &str) {
        let ShardStrategy::Range { boundaries } = &self.strategy else {
            return;
        };
        for (i, pair) in boundaries.windows(2).enumerate() {
            if pair[1] <= pair[0] {
                v.err(
                    s,
                    "boundaries",
                    format!(
                        "{who}: range boundaries must increase, but boundary {} ({}) is not above boundary {} ({})",
                        i + 2,
                        pair[1],
                        i + 1,
                        pair[0]
                    ),
                );
            }
        }
        if let Some(&b) = boundaries.iter().find(|&&b| b == 0 || b >= self.key_space) {
            v.err(
                s,
                "boundaries",
                format!(
                    "{who}: every range boundary must be between 1 and {} (inside the key space), got {b}",
                    self.key_space.saturating_sub(1)
                ),
            );
        }
    }

    /// Its live shards and range boundaries against its connections.
    fn connections(&self, v: &mut Validator, s: &Subject, who: &str, outs: usize) {
        if outs == 0 {
            v.err(
                s,
                "connections",
                format!(
                    "{who} has no shards: connect it to the databases or caches that hold its keys"
                ),
            );
            return;
        }
        if self.active_shards as usize > outs {
            v.err(
                s,
                "active_shards",
                format!(
                    "{who}: live shards must be at most its {outs} connection(s), got {}",
                    self.active_shards
                ),
            );
            return;
        }
        let live = self.live_shards(outs) as usize;
        if let ShardStrategy::Range { boundaries } = &self.strategy
            && !boundaries.is_empty()
            && boundaries.len() + 1 != live
        {
            v.err(
                s,
                "boundaries",
                format!(
                    "{who}: {live} live shards need {} range boundaries, got {} (or leave them empty to split the key space evenly)",
                    live - 1,
                    boundaries.len()
                ),
            );
        }
    }
}

// ----- In the simulation -----

#[derive(Clone, Debug)]
pub(crate) struct ShardRt {
    pub(crate) map: ShardMap,
    /// Time to consult a directory (0 for computed placements).
    pub(crate) lookup: SimTime,
    /// The wait of a moved-key miss; `None`: read the key from its old shard instead.
    pub(crate) penalty: Option<SimTime>,
    /// Requests routed to each connected shard, this window and this run.
    pub(crate) win_routed: Vec<u64>,
    pub(crate) run_routed: Vec<u64>,
    pub(crate) win_moved: u64,
    pub(crate) run_moved: u64,
    pub(crate) reshards: Vec<ReshardRecord>,
    /// Time between background migrations of moved keys (`None`: only on first request).
    pub(crate) migrate_gap: Option<SimTime>,
    pub(crate) migrate_epoch: u32,
}

impl Runtime for ShardRouterParams {
    type State = Box<ShardRt>;
    const UTILIZED: bool = false;

    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>) {
        let n = b.outs;
        let lookup = match self.strategy {
            ShardStrategy::Directory { lookup_ms } => time::from_ms(lookup_ms),
            _ => 0,
        };
        let rt = ShardRt {
            map: ShardMap::new(
                &self.strategy,
                self.live_shards(n),
                n as u32,
                self.key_space,
            ),
            lookup,
            penalty: match self.migration {
                Migration::FetchFromOld => None,
                Migration::Penalty { ms } => Some(time::from_ms(ms)),
            },
            win_routed: vec![0; n],
            run_routed: vec![0; n],
            win_moved: 0,
            run_moved: 0,
            reshards: Vec::new(),
            // A gap of at least 1 ns: a rate cannot schedule events at one instant.
            migrate_gap: (self.migration_rate_kps > 0.0)
                .then(|| ((NS_PER_S / self.migration_rate_kps) as SimTime).max(1)),
            migrate_epoch: 0,
        };
        (Box::new(rt), Station::new(0, 0))
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.route_shard(idx, comp);
    }

    fn work_done(sim: &mut Simulation, idx: u32, _call: Call) {
        sim.shard_dispatch(idx);
    }

    fn replied(sim: &mut Simulation, idx: u32, call: Call, outcome: Outcome, _via: u32) {
        if call.shard_from == NONE {
            sim.finish(idx, outcome);
        } else if let Outcome::Fail(reason) = outcome {
            // The old shard could not hand the key over.
            sim.finish(idx, Outcome::Fail(reason));
        } else {
            // The key is copied: now the request goes to its new shard.
            sim.calls[idx as usize].shard_from = NONE;
            sim.call_child(idx, call.step);
        }
    }
}

impl Simulation {
    /// A shard router picks the shard that owns the request's key and counts a moved-key
    /// miss when a reshard moved the key and it was not migrated yet.
    pub(crate) fn route_shard(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let key = self.calls[idx as usize].key;
        let measuring = self.measuring;
        let c = &mut self.comps[comp as usize];
        let Behavior::ShardRouter(rt) = &mut c.behavior else {
            return;
        };
        let route = rt.map.route(key);
        let shard = route.shard as usize;
        rt.win_routed[shard] += 1;
        if measuring {
            rt.run_routed[shard] += 1;
        }
        let mut delay = rt.lookup;
        let mut from = NONE;
        if let Some(old) = route.moved_from {
            rt.win_moved += 1;
            if measuring {
                rt.run_moved += 1;
            }
            match rt.penalty {
                Some(p) => delay = delay.saturating_add(p),
                None => from = c.outs[old as usize],
            }
        }
        let call = &mut self.calls[idx as usize];
        call.step = c.outs[shard];
        call.shard_from = from;
        if delay > 0 {
            self.work_at(idx, now.saturating_add(delay));
        } else {
            self.shard_dispatch(idx);
        }
    }

    /// Sends a routed request on: to the old shard first when its key must be fetched.
    pub(crate) fn shard_dispatch(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        if call.shard_from == NONE {
            self.call_child(idx, call.step);
        } else {
            self.call_child_as(idx, call.shard_from, true);
        }
    }
}
