//! The cache: its parameters, what a user can set on it and what it does in the simulation (its
//! [`Runtime`](crate::sim::runtime::Runtime)).

use crate::cache::Lru;
use crate::fields::{Field, Stored, at, count, dist, named, pick, real, share, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};
use crate::paths::UNNAMED;
use crate::scenario::Dist;
use crate::sim::ASYNC_DEADLINE;
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
    /// Who reads the store on a miss.
    #[serde(skip_serializing_if = "Reads::is_through")]
    pub reads: Reads,
    /// What a write does (read-through caches).
    #[serde(skip_serializing_if = "Writes::is_around")]
    pub writes: Writes,
    /// Write-back: how long a written entry waits before it is written to the store.
    #[serde(skip_serializing_if = "is_default_flush")]
    pub flush_ms: f64,
}

/// Who reads the store when a cache misses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reads {
    /// The cache itself, over its one outgoing connection (read-through).
    #[default]
    Through,
    /// Its caller (cache-aside): a service calls the cache, and on a miss reads the store it
    /// calls next and fills the cache; on a hit it skips that store. The cache calls nothing.
    Aside,
}

impl Reads {
    fn is_through(&self) -> bool {
        *self == Reads::Through
    }
}

named!(Reads { Through => "through", Aside => "aside" });

/// What a write through a cache does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Writes {
    /// Straight to the store; the cached copy is dropped (the next read refills it).
    #[default]
    Around,
    /// To the store, then into the cache: answered when both have it.
    Through,
    /// Into the cache, answered at once; the store gets it `flush_ms` later, or when the
    /// entry is evicted first. A crash before that loses it.
    Back,
}

impl Writes {
    fn is_around(&self) -> bool {
        *self == Writes::Around
    }
}

named!(Writes { Around => "around", Through => "through", Back => "back" });

const DEFAULT_FLUSH_MS: f64 = 1000.0;

fn is_default_flush(ms: &f64) -> bool {
    *ms == DEFAULT_FLUSH_MS
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
            reads: Reads::Through,
            writes: Writes::Around,
            flush_ms: DEFAULT_FLUSH_MS,
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
                ("lru", "LRU"),
                ("lfu", "LFU"),
                ("fifo", "FIFO"),
                ("random", "Random"),
            ],
            at!(Cache, p if matches!(p.mode, CacheMode::Lru { .. }) => p.eviction),
        ),
        "Which entry a full cache drops: the least recently or least frequently used, the \
         oldest, or any. LFU keeps a skewed pattern's hot keys best.",
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
            at!(Cache, p if matches!(p.mode, CacheMode::Lru { .. }) => p.ttl_jitter),
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
        "reads",
        "Reads",
        pick(
            &[("through", "Read-through"), ("aside", "Cache-aside")],
            at!(Cache, p => p.reads),
        ),
        "Read-through: a miss is read from the store behind the cache. Cache-aside: the \
         service reads the store it calls after the cache, then fills the cache.",
    ),
    Field::new(
        "writes",
        "Writes",
        pick(
            &[
                ("around", "Write-around"),
                ("through", "Write-through"),
                ("back", "Write-back"),
            ],
            at!(Cache, p if p.reads == Reads::Through => p.writes),
        ),
        "Around: to the store only. Through: store, then cache, answered when both have it. \
         Back: cached and answered at once, stored later; a crash first loses it.",
    ),
    Field::new(
        "flush_ms",
        "Flush after",
        real(
            0.0,
            MAX_MS,
            100.0,
            at!(Cache, p if p.reads == Reads::Through && p.writes == Writes::Back => p.flush_ms),
        ),
        "How long a written entry stays only in the cache before it is written to the store \
         (sooner if it is evicted). Longer batches more writes and risks more on a crash.",
    )
    .unit("ms"),
    Field::new(
        "coalesce",
        "Coalesce misses",
        switch(at!(Cache, p if p.reads == Reads::Through => p.coalesce)),
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
        if self.reads == Reads::Aside {
            if outs > 0 {
                v.err(
                    s,
                    "connections",
                    format!(
                        "{who} is read cache-aside, so its callers read the store: connect the service to the store after the cache, and remove the cache's {outs} outgoing connection(s)"
                    ),
                );
            }
            return;
        }
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
    pub(crate) aside: bool,
    pub(crate) writes: Writes,
    /// Write-back: how long a written entry waits for its flush, the entries written but not
    /// flushed yet (by key), and the count that tells their flush timers apart.
    pub(crate) flush: SimTime,
    pub(crate) dirty: FxHashMap<u32, Dirty>,
    pub(crate) dirtied: u32,
}

/// A write-back entry not yet written to the store: the write it holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dirty {
    req: u32,
    req_generation: u32,
    req_id: u64,
    idempotent: bool,
    /// Which flush timer is its own (an entry flushed early and written again gets a new one).
    timer: u32,
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
            aside: self.reads == Reads::Aside,
            writes: self.writes,
            flush: time::from_ms(self.flush_ms),
            dirty: FxHashMap::default(),
            dirtied: 0,
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
        let store = c.outs.first().copied();
        if let Behavior::Cache(cache) = &c.behavior
            && cache.fallback
            && (cache.aside || store.is_some())
        {
            // The caller's cache client skips the dead cache and reads the store.
            let aside = cache.aside;
            sim.count(comp, |a| a.fallbacks += 1);
            match store {
                Some(store) if !aside => sim.call_child(idx, store),
                _ => sim.finish(idx, Outcome::AsideMiss),
            }
        } else {
            sim.refuse_down(idx, comp);
        }
    }

    /// A read hits or misses (a miss reads through to the store); a write invalidates the
    /// key and goes on to the store.
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        let (comp, now) = (call.comp, sim.now);
        sim.end_hold(idx, comp);
        let c = &mut sim.comps[comp as usize];
        let has_store = !c.outs.is_empty();
        let Behavior::Cache(cache) = &mut c.behavior else {
            return;
        };
        if call.read {
            let hit = match &mut cache.lru {
                Some(lru) => lru.get(u64::from(call.key), now),
                None => sim.rng.unit() < cache.hit_ratio,
            };
            let aside = cache.aside;
            if hit {
                sim.count(comp, |a| a.hits += 1);
                sim.finish(
                    idx,
                    if aside {
                        Outcome::AsideHit
                    } else {
                        Outcome::Hit
                    },
                );
                return;
            }
            sim.count(comp, |a| a.misses += 1);
            if aside {
                sim.finish(idx, Outcome::AsideMiss);
                return;
            }
            if has_store && coalesced(sim, idx, call) {
                return;
            }
        } else {
            match cache.writes {
                _ if cache.aside => {
                    // The caller writes the store; the cached copy is dropped.
                    if let Some(lru) = &mut cache.lru {
                        lru.invalidate(u64::from(call.key));
                    }
                    sim.finish(idx, Outcome::Ok);
                    return;
                }
                Writes::Around => {
                    if let Some(lru) = &mut cache.lru {
                        lru.invalidate(u64::from(call.key));
                    }
                }
                // The store first; the cache takes the value when the store has it.
                Writes::Through => {}
                Writes::Back if has_store => {
                    write_back(sim, idx, call);
                    return;
                }
                Writes::Back => {}
            }
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
        if call.via == NONE {
            flushed(sim, idx, comp, outcome);
            return;
        }
        let up = sim.comps[comp as usize].up;
        let mut evicted = None;
        if up
            && matches!(outcome, Outcome::Ok | Outcome::Hit)
            && let Behavior::Cache(cache) = &mut sim.comps[comp as usize].behavior
            && (call.read || cache.writes == Writes::Through)
            && let Some(lru) = &mut cache.lru
        {
            evicted = lru.insert(u64::from(call.key), sim.now);
        }
        if let Some(key) = evicted {
            flush_now(sim, comp, key as u32);
        }
        let outcome = match outcome {
            Outcome::Hit => Outcome::Ok,
            o => o,
        };
        let me = CallRef {
            idx,
            generation: call.generation,
        };
        let waiters = match &mut sim.comps[comp as usize].behavior {
            // Only the read that went to the store for its key answers those waiting for it.
            Behavior::Cache(cache) if call.read => cache.fills.as_mut().and_then(|fills| {
                if fills.get(&call.key)?.leader != me {
                    return None;
                }
                fills.remove(&call.key).map(|fill| fill.waiters)
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

    /// A crash that loses its memory empties it, and loses the writes it had not flushed.
    fn crashed(sim: &mut Simulation, comp: u32, lose_state: bool) {
        let Behavior::Cache(cache) = &mut sim.comps[comp as usize].behavior else {
            return;
        };
        if let Some(fills) = &mut cache.fills {
            fills.clear();
        }
        if !lose_state {
            return;
        }
        if let Some(lru) = &mut cache.lru {
            lru.clear();
        }
        let lost = cache.dirty.len() as u64;
        cache.dirty.clear();
        sim.count(comp, |a| a.lost_writes += lost);
    }

    /// Cache-aside: the caller read `key` from the store and gives it to the cache.
    fn fill(sim: &mut Simulation, comp: u32, key: u32) {
        let now = sim.now;
        let c = &mut sim.comps[comp as usize];
        if c.up
            && let Behavior::Cache(cache) = &mut c.behavior
            && let Some(lru) = &mut cache.lru
        {
            lru.insert(u64::from(key), now);
        }
    }

    /// A written entry's flush time has come (unless it was flushed already).
    fn timer(sim: &mut Simulation, comp: u32, tag: u64) {
        let (key, timer) = (tag as u32, (tag >> 32) as u32);
        if let Behavior::Cache(cache) = &sim.comps[comp as usize].behavior
            && cache.dirty.get(&key).is_some_and(|d| d.timer == timer)
        {
            flush_now(sim, comp, key);
        }
    }

    fn unlimited(_state: &Self::State) -> bool {
        true
    }

    fn util_in_calls(_state: &Self::State) -> bool {
        true
    }
}

/// Write-back: the write of `call` goes into the cache and is answered at once; its entry
/// is written to the store `flush` later (one flush for all the writes of a key until then).
fn write_back(sim: &mut Simulation, idx: u32, call: Call) {
    let (comp, key, now) = (call.comp, call.key, sim.now);
    let Behavior::Cache(cache) = &mut sim.comps[comp as usize].behavior else {
        return;
    };
    let evicted = cache
        .lru
        .as_mut()
        .and_then(|lru| lru.insert(u64::from(key), now));
    let timer = cache.dirtied;
    let write = Dirty {
        req: call.req,
        req_generation: call.req_generation,
        req_id: call.req_id,
        idempotent: call.idempotent,
        timer,
    };
    let flush = cache.flush;
    match cache.dirty.get_mut(&key) {
        // The store will get the latest value with the flush already planned.
        Some(d) => {
            *d = Dirty {
                timer: d.timer,
                ..write
            }
        }
        None => {
            cache.dirtied = cache.dirtied.wrapping_add(1);
            cache.dirty.insert(key, write);
            sim.set_timer(comp, flush, u64::from(key) | u64::from(timer) << 32);
        }
    }
    sim.finish(idx, Outcome::Ok);
    if let Some(old) = evicted {
        flush_now(sim, comp, old as u32);
    }
}

/// Writes the entry of `key`, if it is dirty, to the store: a call of the cache's own, which
/// nobody waits for.
fn flush_now(sim: &mut Simulation, comp: u32, key: u32) {
    let Behavior::Cache(cache) = &mut sim.comps[comp as usize].behavior else {
        return;
    };
    let Some(d) = cache.dirty.remove(&key) else {
        return;
    };
    let now = sim.now;
    let Some(&store) = sim.comps[comp as usize].outs.first() else {
        return;
    };
    let flush = sim.alloc_call(Call {
        generation: 0,
        live: true,
        comp,
        parent: ROOT,
        via: NONE,
        req: d.req,
        req_generation: d.req_generation,
        attempt: 0,
        req_id: d.req_id,
        arrived: now,
        // A flush whose write or answer a partition loses counts as lost this long after.
        deadline: now.saturating_add(ASYNC_DEADLINE),
        key,
        read: false,
        path: UNNAMED,
        is_static: false,
        step: 0,
        hit: false,
        holds_worker: false,
        job: false,
        // Not a request inside the cache: a crash does not fail it, and it is not counted.
        inside: false,
        handed_to_job: false,
        birth: now,
        degraded: false,
        breaker_epoch: NO_EPOCH,
        idempotent: d.idempotent,
        shard_from: NONE,
        node: 0,
        lsn: 0,
        red_node: NONE,
        aside: NONE,
    });
    sim.call_child_as(flush.idx, store, false);
}

/// The store answered a flush (or a partition lost it): done, or the write is lost.
fn flushed(sim: &mut Simulation, idx: u32, comp: u32, outcome: Outcome) {
    if let Outcome::Fail(_) = outcome {
        sim.count(comp, |a| a.lost_writes += 1);
    }
    sim.free_call(idx);
}

/// Coalescing: a read miss of `call` waits for the store read already in flight for its key
/// (true), or becomes that read, for itself and the misses that will wait for it (false).
/// A read whose caller is gone (a crash failed it) hands its waiters to the next miss.
fn coalesced(sim: &mut Simulation, idx: u32, call: Call) -> bool {
    let me = CallRef {
        idx,
        generation: call.generation,
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
