//! Shard placement: which shard owns a key under hash mod N, key ranges, a directory or a
//! consistent-hash ring with virtual nodes; what a reshard moves; and where a moved key's
//! data still lives until it is migrated.
//!
//! Everything here is pure and deterministic: hashes come from [`mix`], the ring is a sorted
//! `Vec`, the directory a `BTreeMap`. The simulation asks [`ShardMap::route`] once per
//! request and [`ShardMap::reshard`] when a reshard fault changes the number of shards.

use crate::rng::mix;
use crate::scenario::ShardStrategy;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Separates ring points from key hashes (both come from `mix`).
const RING_SALT: u64 = 0x5348_4152_445F_5249; // "SHARD_RI"

/// The shard of `key` among `shards` under hash mod N.
pub fn hash_mod(key: u32, shards: u32) -> u32 {
    (mix(u64::from(key)) % u64::from(shards.max(1))) as u32
}

/// The first key of every shard but the first, splitting `0..key_space` into `shards`
/// ranges of (almost) equal size.
pub fn even_starts(key_space: u32, shards: u32) -> Vec<u32> {
    let n = u64::from(shards.max(1));
    (1..n)
        .map(|i| (u64::from(key_space) * i / n) as u32)
        .collect()
}

/// The shard of `key` when shard i + 1 starts at `starts[i]` (sorted).
pub fn range_shard(key: u32, starts: &[u32]) -> u32 {
    starts.partition_point(|&s| s <= key) as u32
}

/// A consistent-hash ring: every shard has `vnodes` points on a 64-bit circle, and a key
/// belongs to the first point at or after its hash (wrapping round).
#[derive(Clone, Debug, PartialEq)]
pub struct Ring {
    /// (point, shard), sorted.
    points: Vec<(u64, u32)>,
}

impl Ring {
    /// The ring of shards `0..shards` with `vnodes` points each. A shard's points do not
    /// depend on how many shards there are, so adding one only inserts its points.
    pub fn new(shards: u32, vnodes: u32) -> Ring {
        let mut points = Vec::with_capacity(shards as usize * vnodes as usize);
        for s in 0..shards {
            for v in 0..vnodes.max(1) {
                points.push((vnode_point(s, v), s));
            }
        }
        points.sort_unstable();
        Ring { points }
    }

    /// The shard owning a position on the circle.
    pub fn owner_of_hash(&self, h: u64) -> u32 {
        let i = self.points.partition_point(|&(p, _)| p < h);
        match self.points.get(i).or_else(|| self.points.first()) {
            Some(&(_, s)) => s,
            None => 0,
        }
    }

    /// The shard of `key`.
    pub fn shard(&self, key: u32) -> u32 {
        self.owner_of_hash(mix(u64::from(key)))
    }

    /// The share of the circle each of `shards` shards owns (sums to 1).
    pub fn shares(&self, shards: u32) -> Vec<f64> {
        let mut share = vec![0.0; shards as usize];
        let n = self.points.len();
        for i in 0..n {
            // Point i owns the arc from the previous point (exclusive) up to itself.
            let prev = if i == 0 {
                self.points[n - 1].0
            } else {
                self.points[i - 1].0
            };
            let arc = self.points[i].0.wrapping_sub(prev);
            if let Some(s) = share.get_mut(self.points[i].1 as usize) {
                *s += arc as f64 / 18_446_744_073_709_551_616.0;
            }
        }
        if n == 1 {
            share[self.points[0].1 as usize] = 1.0;
        }
        share
    }
}

fn vnode_point(shard: u32, vnode: u32) -> u64 {
    mix((u64::from(shard) << 32 | u64::from(vnode)) ^ RING_SALT)
}

/// A placement that is a function of the key and the number of shards.
#[derive(Clone, Debug, PartialEq)]
pub enum Placement {
    HashMod {
        shards: u32,
    },
    /// `starts[i]` is the first key of shard i + 1.
    Range {
        starts: Vec<u32>,
    },
    Ring(Ring),
}

impl Placement {
    /// The placement of `strategy` over `shards` shards (`None` for a directory, which is
    /// state, not a function). Range boundaries apply while the shard count is theirs;
    /// at any other count the key space is split evenly.
    pub fn new(strategy: &ShardStrategy, shards: u32, key_space: u32) -> Option<Placement> {
        match strategy {
            ShardStrategy::HashMod => Some(Placement::HashMod { shards }),
            ShardStrategy::Range { boundaries } => Some(Placement::Range {
                starts: if !boundaries.is_empty() && boundaries.len() + 1 == shards as usize {
                    boundaries.clone()
                } else {
                    even_starts(key_space, shards)
                },
            }),
            ShardStrategy::Directory { .. } => None,
            ShardStrategy::ConsistentHash { vnodes } => {
                Some(Placement::Ring(Ring::new(shards.max(1), *vnodes)))
            }
        }
    }

    /// The shard of `key`.
    pub fn shard(&self, key: u32) -> u32 {
        match self {
            Placement::HashMod { shards } => hash_mod(key, *shards),
            Placement::Range { starts } => range_shard(key, starts),
            Placement::Ring(ring) => ring.shard(key),
        }
    }
}

/// The share of keys `0..key_space` whose shard differs between two placements.
pub fn moved_share(old: &Placement, new: &Placement, key_space: u32) -> f64 {
    if key_space == 0 {
        return 0.0;
    }
    let moved = (0..key_space)
        .filter(|&k| old.shard(k) != new.shard(k))
        .count();
    moved as f64 / f64::from(key_space)
}

/// Where one request goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The shard that owns the key now.
    pub shard: u32,
    /// The shard still holding the key's data, when a reshard moved the key and it had not
    /// been migrated yet (a moved-key miss); the key counts as migrated from now on.
    pub moved_from: Option<u32>,
}

/// A shard router's placement state: the live shard count, the directory (if any) and the
/// keys whose data is not where their owner is.
#[derive(Clone, Debug)]
pub struct ShardMap {
    strategy: ShardStrategy,
    key_space: u32,
    /// Shards connected (live and spare).
    connected: u32,
    shards: u32,
    placement: Option<Placement>,
    /// Where a key's data is at the start of the run (computed strategies).
    initial: Option<Placement>,
    /// Directory: key → shard, assigned on first sight.
    directory: BTreeMap<u32, u32>,
    /// Directory: keys assigned to each connected shard.
    dir_keys: Vec<u64>,
    /// Keys whose data is not at their home: the initial placement's shard, or for a
    /// directory the shard it names. At most one entry per distinct key requested.
    data_at: BTreeMap<u32, u32>,
    /// Keys the last reshard left away from their owner, in key order, for background
    /// migration (at most the key space or the directory).
    backlog: VecDeque<u32>,
}

impl ShardMap {
    /// A map of `shards` live shards out of `connected`, keys `0..key_space`.
    pub fn new(strategy: &ShardStrategy, shards: u32, connected: u32, key_space: u32) -> Self {
        let shards = shards.clamp(1, connected.max(1));
        let placement = Placement::new(strategy, shards, key_space);
        ShardMap {
            strategy: strategy.clone(),
            key_space,
            connected: connected.max(1),
            shards,
            initial: placement.clone(),
            placement,
            directory: BTreeMap::new(),
            dir_keys: vec![0; connected.max(1) as usize],
            data_at: BTreeMap::new(),
            backlog: VecDeque::new(),
        }
    }

    /// Live shards now.
    pub fn shards(&self) -> u32 {
        self.shards
    }

    /// Keys the directory has assigned (0 for the other strategies).
    pub fn directory_len(&self) -> usize {
        self.directory.len()
    }

    /// Keys moved by a reshard whose data has not been migrated, among those requested so
    /// far (moved keys never requested are not tracked).
    pub fn pending_len(&self) -> usize {
        self.data_at.len()
    }

    fn least_loaded(&self) -> u32 {
        let mut best = 0;
        for s in 1..self.shards {
            if self.dir_keys[s as usize] < self.dir_keys[best as usize] {
                best = s;
            }
        }
        best
    }

    /// The shard that owns `key` now (a directory assigns a new key to its least-loaded
    /// shard).
    pub fn owner(&mut self, key: u32) -> u32 {
        match &self.placement {
            Some(p) => p.shard(key),
            None => {
                if let Some(&s) = self.directory.get(&key) {
                    return s;
                }
                let s = self.least_loaded();
                self.directory.insert(key, s);
                self.dir_keys[s as usize] += 1;
                s
            }
        }
    }

    /// Where the data of `key` lives when nothing has moved it.
    fn home(&self, key: u32) -> u32 {
        match &self.initial {
            Some(p) => p.shard(key),
            None => self.directory.get(&key).copied().unwrap_or(0),
        }
    }

    /// Where the data of `key` is now.
    fn data(&self, key: u32) -> u32 {
        self.data_at
            .get(&key)
            .copied()
            .unwrap_or_else(|| self.home(key))
    }

    /// Records that the data of `key` is now at `shard`.
    fn put_data(&mut self, key: u32, shard: u32) {
        if shard == self.home(key) {
            self.data_at.remove(&key);
        } else {
            self.data_at.insert(key, shard);
        }
    }

    /// Routes a request for `key`, migrating its data to its owner if a reshard moved it.
    pub fn route(&mut self, key: u32) -> Route {
        let shard = self.owner(key);
        let data = self.data(key);
        if data == shard {
            return Route {
                shard,
                moved_from: None,
            };
        }
        self.put_data(key, shard);
        Route {
            shard,
            moved_from: Some(data),
        }
    }

    /// One step of background migration: the next key of the backlog is copied to its
    /// owner unless a request already did (`Some(true)` if it was copied); `None` when the
    /// backlog is done. One step per key, so the k-th moved key is reached at step k.
    pub fn migrate_next(&mut self) -> Option<bool> {
        let key = self.backlog.pop_front()?;
        let owner = match &self.placement {
            Some(p) => p.shard(key),
            None => match self.directory.get(&key) {
                Some(&s) => s,
                None => return Some(false),
            },
        };
        if self.data(key) == owner {
            return Some(false);
        }
        self.put_data(key, owner);
        Some(true)
    }

    /// Keys left for background migration (some may have been migrated by a request since).
    pub fn backlog_len(&self) -> usize {
        self.backlog.len()
    }

    /// The backlog after a reshard: every key whose data is not at its owner.
    fn refill_backlog(&mut self) {
        self.backlog.clear();
        match &self.placement {
            Some(p) => {
                for key in 0..self.key_space {
                    let home = self.initial.as_ref().map_or(0, |i| i.shard(key));
                    let data = self.data_at.get(&key).copied().unwrap_or(home);
                    if data != p.shard(key) {
                        self.backlog.push_back(key);
                    }
                }
            }
            None => self.backlog.extend(self.data_at.keys().copied()),
        }
    }

    /// Changes the number of live shards (clamped to those connected) and returns the share
    /// of the key space whose owner changed: of keys `0..key_space` for the computed
    /// strategies, of the keys in the directory for a directory.
    pub fn reshard(&mut self, shards: u32) -> f64 {
        let shards = shards.clamp(1, self.connected);
        let old_count = self.shards;
        self.shards = shards;
        if shards == old_count {
            return 0.0;
        }
        let share = self.change_placement();
        self.refill_backlog();
        share
    }

    /// The placement for the new shard count (or the rebalanced directory), and the share
    /// of keys whose owner changed.
    fn change_placement(&mut self) -> f64 {
        let shards = self.shards;
        match &self.placement {
            Some(old) => {
                let new = Placement::new(&self.strategy, shards, self.key_space);
                let share = match &new {
                    Some(new) => moved_share(old, new, self.key_space),
                    None => 0.0,
                };
                self.placement = new;
                share
            }
            None => self.rebalance_directory(),
        }
    }

    /// Moves directory entries off removed shards and off shards above their fair share,
    /// each to the least-loaded live shard: the fewest moves that balance the directory.
    fn rebalance_directory(&mut self) -> f64 {
        let total = self.directory.len() as u64;
        if total == 0 {
            return 0.0;
        }
        let n = u64::from(self.shards);
        let fair = total.div_ceil(n);
        let mut by_load: BTreeSet<(u64, u32)> = (0..self.shards)
            .map(|s| (self.dir_keys[s as usize], s))
            .collect();
        let mut moved = 0u64;
        for (&key, owner) in self.directory.iter_mut() {
            let s = *owner;
            let removed = s >= self.shards;
            if !removed && self.dir_keys[s as usize] <= fair {
                continue;
            }
            let Some(&(load, t)) = by_load.first() else {
                break;
            };
            if !removed && load + 1 >= self.dir_keys[s as usize] {
                continue;
            }
            by_load.remove(&(load, t));
            by_load.insert((load + 1, t));
            if !removed {
                by_load.remove(&(self.dir_keys[s as usize], s));
                by_load.insert((self.dir_keys[s as usize] - 1, s));
            }
            self.dir_keys[s as usize] -= 1;
            self.dir_keys[t as usize] += 1;
            *owner = t;
            moved += 1;
            // The data stays where it was until the key is next requested.
            match self.data_at.get(&key).copied() {
                Some(at) if at == t => {
                    self.data_at.remove(&key);
                }
                Some(_) => {}
                None => {
                    self.data_at.insert(key, s);
                }
            }
        }
        moved as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_mod_is_stable_and_in_range() {
        for k in 0..1000 {
            assert!(hash_mod(k, 7) < 7);
            assert_eq!(hash_mod(k, 7), hash_mod(k, 7));
        }
    }

    #[test]
    fn even_ranges_cover_the_key_space() {
        let starts = even_starts(100, 4);
        assert_eq!(starts, vec![25, 50, 75]);
        assert_eq!(range_shard(0, &starts), 0);
        assert_eq!(range_shard(24, &starts), 0);
        assert_eq!(range_shard(25, &starts), 1);
        assert_eq!(range_shard(99, &starts), 3);
        assert_eq!(range_shard(5000, &starts), 3, "keys past the space go last");
    }

    #[test]
    fn ring_shares_sum_to_one_and_adding_a_shard_only_takes_keys() {
        let four = Ring::new(4, 50);
        let five = Ring::new(5, 50);
        let total: f64 = five.shares(5).iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        for k in 0..5000 {
            let (a, b) = (four.shard(k), five.shard(k));
            assert!(
                a == b || b == 4,
                "key {k} moved from {a} to {b}, not to the new shard"
            );
        }
    }

    #[test]
    fn a_moved_key_misses_once_and_then_is_migrated() {
        let strategy = ShardStrategy::HashMod;
        let mut map = ShardMap::new(&strategy, 2, 3, 100);
        let before: Vec<u32> = (0..100).map(|k| map.route(k).shard).collect();
        assert!((0..100).all(|k| map.route(k).moved_from.is_none()));
        map.reshard(3);
        let mut misses = 0;
        for k in 0..100 {
            let r = map.route(k);
            assert_eq!(r.shard, hash_mod(k, 3));
            if let Some(from) = r.moved_from {
                assert_eq!(from, before[k as usize]);
                misses += 1;
            }
            assert_eq!(map.route(k).moved_from, None, "second request for {k}");
        }
        let moved = (0..100)
            .filter(|&k| hash_mod(k, 2) != hash_mod(k, 3))
            .count();
        assert_eq!(misses, moved);
        // Back to two shards: the migrated keys move back, the others never moved.
        map.reshard(2);
        let back = (0..100)
            .filter(|&k| map.route(k).moved_from.is_some())
            .count();
        assert_eq!(back, moved);
        assert_eq!(map.pending_len(), 0);
    }

    #[test]
    fn background_migration_takes_the_moved_keys_in_order() {
        let strategy = ShardStrategy::HashMod;
        let mut map = ShardMap::new(&strategy, 2, 3, 100);
        map.reshard(3);
        let moved: Vec<u32> = (0..100)
            .filter(|&k| hash_mod(k, 2) != hash_mod(k, 3))
            .collect();
        assert_eq!(map.backlog_len(), moved.len());
        // A request migrates the second key first; the background finds it done.
        assert!(map.route(moved[1]).moved_from.is_some());
        assert_eq!(map.migrate_next(), Some(true));
        assert_eq!(map.migrate_next(), Some(false));
        assert!(
            map.route(moved[0]).moved_from.is_none(),
            "copied in the background"
        );
        while map.migrate_next().is_some() {}
        assert_eq!(map.backlog_len(), 0);
        assert!((0..100).all(|k| map.route(k).moved_from.is_none()));
    }

    #[test]
    fn the_directory_fills_the_least_loaded_shard_and_rebalances() {
        let strategy = ShardStrategy::Directory { lookup_ms: 1.0 };
        let mut map = ShardMap::new(&strategy, 3, 4, 0);
        for k in 0..300 {
            map.route(k);
        }
        assert_eq!(map.dir_keys, vec![100, 100, 100, 0]);
        let share = map.reshard(4);
        assert_eq!(map.dir_keys, vec![75, 75, 75, 75]);
        assert!((share - 0.25).abs() < 1e-12, "{share}");
        let misses = (0..300)
            .filter(|&k| map.route(k).moved_from.is_some())
            .count();
        assert_eq!(misses, 75);
        let share = map.reshard(2);
        assert_eq!(map.dir_keys, vec![150, 150, 0, 0]);
        assert!((share - 0.5).abs() < 1e-12, "{share}");
    }
}
