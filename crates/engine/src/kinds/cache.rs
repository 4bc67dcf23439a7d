//! The cache: its parameters, what a user can set on it and what it does in the simulation (its
//! [`Runtime`](crate::sim::runtime::Runtime)).

use crate::cache::Lru;
use crate::fields::{Field, Stored, at, count, dist, named, pick, real, share, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::validate::kinds::{Check, Severity, Subject, Validator};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A cache in front of a slower store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct CacheParams {
    pub mode: CacheMode,
    /// Which entry a full cache drops to make room (with a capacity).
    #[serde(skip_serializing_if = "Eviction::is_lru")]
    pub eviction: Eviction,
    /// Time to answer a lookup (hit or miss).
    pub latency: Dist,
    /// While the cache is down, callers read from its store directly instead of failing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fallback_when_down: bool,
    /// Concurrent read misses for one key wait for a single read of the store (single
    /// flight) instead of each reading it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coalesce: bool,
    /// Each entry lives up to this share less than the TTL, at random (with a capacity),
    /// so that keys stored together do not expire together. 0..=1.
    #[serde(skip_serializing_if = "is_zero")]
    pub ttl_jitter: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Default for CacheParams {
    fn default() -> Self {
        CacheParams {
            mode: CacheMode::Lru {
                capacity: 1000,
                ttl_ms: 60_000.0,
            },
            eviction: Eviction::Lru,
            latency: Dist::Constant { ms: 1.0 },
            fallback_when_down: false,
            coalesce: false,
            ttl_jitter: 0.0,
        }
    }
}

/// Which entry a full cache drops to make room for a new one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eviction {
    /// The least recently used: what a hit touches stays.
    #[default]
    Lru,
    /// The least frequently used since it was stored (of those, the least recently used).
    Lfu,
    /// The oldest stored, however often it is used.
    Fifo,
    /// Any entry, equally likely.
    Random,
}

impl Eviction {
    fn is_lru(&self) -> bool {
        *self == Eviction::Lru
    }
}

named!(Eviction { Lru => "lru", Lfu => "lfu", Fifo => "fifo", Random => "random" });

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
            &[("lru", "Capacity with TTL"), ("fixed", "Fixed hit ratio")],
            at!(Cache, p => p.mode),
        ),
        "With a capacity, the hit ratio emerges from the key pattern, the capacity and the \
         eviction policy; a fixed hit ratio is for what-if teaching.",
    ),
    Field::new(
        "eviction",
        "Eviction",
        pick(
            &[
                ("lru", "LRU: least recently used"),
                ("lfu", "LFU: least frequently used"),
                ("fifo", "FIFO: oldest first"),
                ("random", "Random"),
            ],
            (
                |params| match params {
                    Params::Cache(p) if matches!(p.mode, CacheMode::Lru { .. }) => {
                        Some(Stored::load(&p.eviction))
                    }
                    _ => None,
                },
                |params, v| {
                    if let Params::Cache(p) = params {
                        Stored::store(&mut p.eviction, v);
                    }
                },
            ),
        ),
        "Which entry a full cache drops for a new one. LFU keeps the hot keys of a skewed \
         pattern best; FIFO and random forget them as often as any other key.",
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
        "ttl_jitter",
        "TTL jitter",
        share(
            1.0,
            (
                |params| match params {
                    Params::Cache(p) if matches!(p.mode, CacheMode::Lru { .. }) => {
                        Some(p.ttl_jitter)
                    }
                    _ => None,
                },
                |params, v| {
                    if let Params::Cache(p) = params {
                        p.ttl_jitter = v;
                    }
                },
            ),
        ),
        "Each entry lives up to this much less than the TTL, at random, so keys cached \
         together do not all expire at once and send their misses to the store together.",
    )
    .unit("%"),
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
    Field::new(
        "coalesce",
        "Coalesce misses",
        switch(at!(Cache, p => p.coalesce)),
        "Request coalescing (single flight): reads that miss on a key already being fetched \
         wait for that one read of the store, so a hot key's expiry costs one query instead \
         of a stampede.",
    ),
];

// ----- In validation -----

impl Check for CacheParams {
    const REDUNDANCY: bool = true;

    /// One store at most to read through to; none is allowed, with a warning.
    fn connections(&self, v: &mut Validator, s: &Subject, who: &str, outs: usize) {
        if outs > 1 {
            v.err(
                s,
                "connections",
                format!(
                    "{who} calls {outs} components on a miss; a cache reads through to exactly one store"
                ),
            );
        } else if outs == 0 && self.fallback_when_down {
            v.push(
                Severity::Warning,
                s.clone(),
                "fallback_when_down",
                format!("{who} has no store to fall back to while it is down: connect it to one"),
            );
        } else if outs == 0 {
            v.push(
                Severity::Warning,
                s.clone(),
                "connections",
                format!(
                    "{who} has nothing behind it: misses are answered as if the data were there"
                ),
            );
        }
    }
}

// ----- In the simulation -----

#[derive(Clone, Debug)]
pub(crate) struct CacheRt {
    pub(crate) lru: Option<Lru>,
    pub(crate) hit_ratio: f64,
    pub(crate) latency: DistNs,
    pub(crate) fallback: bool,
    /// Coalescing: the store reads in flight, by key (`None`: every miss reads the store).
    pub(crate) fills: Option<FxHashMap<u32, Fill>>,
}

/// One read of the store for a key, and the read misses waiting for it.
#[derive(Clone, Debug)]
pub(crate) struct Fill {
    leader: CallRef,
    waiters: Vec<CallRef>,
}

impl Runtime for CacheParams {
    type State = Box<CacheRt>;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let (lru, hit_ratio) = match self.mode {
            CacheMode::Lru { capacity, ttl_ms } => (
                Some(
                    Lru::with_eviction(capacity, time::from_ms(ttl_ms), self.eviction)
                        .with_jitter(self.ttl_jitter),
                ),
                0.0,
            ),
            CacheMode::FixedHitRatio { hit_ratio } => (None, hit_ratio),
        };
        let rt = CacheRt {
            lru,
            hit_ratio,
            latency: DistNs::new(&self.latency),
            fallback: self.fallback_when_down,
            fills: self.coalesce.then(FxHashMap::default),
        };
        (Box::new(rt), Station::new(u32::MAX, 0))
    }

    /// The lookup takes the cache's latency.
    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        let c = &sim.comps[comp as usize];
        let Behavior::Cache(cache) = &c.behavior else {
            return;
        };
        let t = Delay::draw(&cache.latency, &mut sim.rng, c.slow);
        sim.hold(idx, comp, t);
    }

    fn arrive_down(sim: &mut Simulation, idx: u32, comp: u32) {
        let c = &sim.comps[comp as usize];
        if let Behavior::Cache(cache) = &c.behavior
            && cache.fallback
            && let Some(&store) = c.outs.first()
        {
            // The caller's cache client skips the dead cache and reads the store.
            sim.count(comp, |a| a.fallbacks += 1);
            sim.call_child(idx, store);
        } else {
            sim.refuse_down(idx, comp);
        }
    }

    /// A read hits or misses (a miss reads through to the store); a write invalidates the
    /// key and goes on to the store.
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        let comp = call.comp;
        let now = sim.now;
        let c = &mut sim.comps[comp as usize];
        c.station.advance(now);
        c.station.busy -= 1;
        sim.calls[idx as usize].holds_worker = false;
        let has_store = !c.outs.is_empty();
        let Behavior::Cache(cache) = &mut c.behavior else {
            return;
        };
        if call.read {
            let hit = match &mut cache.lru {
                Some(lru) => lru.get(u64::from(call.key), now),
                None => sim.rng.unit() < cache.hit_ratio,
            };
            if hit {
                sim.count(comp, |a| a.hits += 1);
                sim.finish(idx, Outcome::Hit);
                return;
            }
            sim.count(comp, |a| a.misses += 1);
            if has_store && coalesced(sim, idx, call) {
                return;
            }
        } else if let Some(lru) = &mut cache.lru {
            lru.invalidate(u64::from(call.key));
        }
        if has_store {
            let conn = sim.comps[comp as usize].outs[0];
            sim.call_child(idx, conn);
        } else {
            sim.finish(idx, Outcome::Ok);
        }
    }

    /// The store answered a miss: keep the value (while up), and give the answer to the
    /// misses that waited for it.
    fn replied(sim: &mut Simulation, idx: u32, call: Call, outcome: Outcome, _via: u32) {
        let comp = call.comp;
        let up = sim.comps[comp as usize].up;
        if call.read
            && up
            && matches!(outcome, Outcome::Ok | Outcome::Hit)
            && let Behavior::Cache(cache) = &mut sim.comps[comp as usize].behavior
            && let Some(lru) = &mut cache.lru
        {
            lru.insert(u64::from(call.key), sim.now);
        }
        let outcome = match outcome {
            Outcome::Hit => Outcome::Ok,
            o => o,
        };
        let waiters = match &mut sim.comps[comp as usize].behavior {
            Behavior::Cache(cache) if call.read => cache.fills.as_mut().and_then(|fills| {
                let generation = sim.calls[idx as usize].generation;
                let fill = fills.get(&call.key)?;
                (fill.leader == CallRef { idx, generation })
                    .then(|| fills.remove(&call.key))
                    .flatten()
                    .map(|fill| fill.waiters)
            }),
            _ => None,
        };
        sim.finish(idx, outcome);
        for w in waiters.into_iter().flatten() {
            if sim.call_is(w) {
                sim.finish(w.idx, outcome);
            }
        }
    }

    fn unlimited(_state: &Self::State) -> bool {
        true
    }

    fn util_in_calls(_state: &Self::State) -> bool {
        true
    }
}

/// Coalescing: a read miss of `call` waits for the store read already in flight for its key
/// (true), or becomes that read, for itself and the misses that will wait for it (false).
/// A read whose caller is gone (a crash failed it) hands its waiters to the next miss.
fn coalesced(sim: &mut Simulation, idx: u32, call: Call) -> bool {
    let me = CallRef {
        idx,
        generation: sim.calls[idx as usize].generation,
    };
    let leader = match &sim.comps[call.comp as usize].behavior {
        Behavior::Cache(cache) => match &cache.fills {
            Some(fills) => fills.get(&call.key).map(|f| f.leader),
            None => return false,
        },
        _ => return false,
    };
    let alive = leader.is_some_and(|l| sim.call_is(l));
    let Behavior::Cache(cache) = &mut sim.comps[call.comp as usize].behavior else {
        return false;
    };
    let Some(fills) = cache.fills.as_mut() else {
        return false;
    };
    let fill = fills.entry(call.key).or_insert(Fill {
        leader: me,
        waiters: Vec::new(),
    });
    if alive {
        fill.waiters.push(me);
        true
    } else {
        fill.leader = me;
        false
    }
}
