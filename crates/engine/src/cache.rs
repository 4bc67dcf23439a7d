//! A cache of keys with a time-to-live and an eviction policy: least recently used (O(1)
//! lookup, insert and eviction), first in first out and random (O(1) too), or least
//! frequently used (O(log n) on each hit and eviction).

use crate::rng::mix;
use crate::scenario::Eviction;
use crate::time::SimTime;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

const NIL: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Slot {
    key: u64,
    expires: SimTime,
    prev: u32,
    next: u32,
    /// LFU: its uses since it was stored, and the tick of its last use.
    uses: u64,
    used: u64,
}

/// What [`Lru::lookup`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A copy within its time to live.
    Fresh,
    /// A copy past its time to live, still held.
    Expired,
    /// No copy.
    Missing,
}

/// Entries each valid until its expiry time, in the order the eviction policy drops them.
///
/// The entries are a list from the most recently stored or used (its head) to the next to
/// evict (its tail): LRU moves an entry to the head when it is used, FIFO leaves it where it
/// was stored. LFU instead evicts the entry with the fewest uses (the least recently used of
/// those), kept in an ordered set; random evicts any entry, equally likely, drawn from a
/// generator of its own so the run's other draws are the same whatever the policy.
#[derive(Clone, Debug)]
pub struct Lru {
    capacity: u32,
    ttl: SimTime,
    eviction: Eviction,
    /// LFU: (uses, tick of last use, key) of every entry; the first is evicted.
    by_use: BTreeSet<(u64, u64, u64)>,
    /// LFU: counts lookups and stores, to order ties by recency.
    tick: u64,
    /// Random eviction and TTL jitter: the state of their generator.
    draws: u64,
    /// The share of the TTL an entry's life may fall short of it, at random.
    jitter: f64,
    index: FxHashMap<u64, u32>,
    slots: Vec<Slot>,
    /// Most recently used.
    head: u32,
    /// Least recently used: evicted first.
    tail: u32,
}

impl Lru {
    /// An empty LRU cache of `capacity` entries living `ttl` each.
    pub fn new(capacity: u32, ttl: SimTime) -> Lru {
        Lru::with_eviction(capacity, ttl, Eviction::Lru)
    }

    /// An empty cache of `capacity` entries living `ttl` each, evicting by `eviction`.
    pub fn with_eviction(capacity: u32, ttl: SimTime, eviction: Eviction) -> Lru {
        Lru {
            capacity,
            ttl,
            eviction,
            by_use: BTreeSet::new(),
            tick: 0,
            draws: 0,
            jitter: 0.0,
            index: FxHashMap::default(),
            slots: Vec::new(),
            head: NIL,
            tail: NIL,
        }
    }

    /// Each entry then lives a uniformly random share of up to `jitter` (0..=1) less than
    /// the TTL, so that entries stored together expire apart.
    pub fn with_jitter(mut self, jitter: f64) -> Lru {
        self.jitter = jitter.clamp(0.0, 1.0);
        self
    }

    /// A draw in [0, 1) from the cache's own generator.
    fn unit(&mut self) -> f64 {
        self.draws = self.draws.wrapping_add(1);
        (mix(self.draws) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Entries held (some may have expired without being touched yet).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Looks `key` up at `now`: a hit refreshes its recency; an expired entry is removed.
    pub fn get(&mut self, key: u64, now: SimTime) -> bool {
        let Some(&i) = self.index.get(&key) else {
            return false;
        };
        if self.slots[i as usize].expires <= now {
            self.remove_slot(i);
            return false;
        }
        self.used(i);
        true
    }

    /// Looks `key` up at `now` without dropping an expired copy (an edge keeps it, to serve
    /// it stale if its origin fails): a fresh hit refreshes its recency, an expired copy
    /// stays where it is until it is refetched or evicted.
    pub fn lookup(&mut self, key: u64, now: SimTime) -> Lookup {
        let Some(&i) = self.index.get(&key) else {
            return Lookup::Missing;
        };
        if self.slots[i as usize].expires <= now {
            return Lookup::Expired;
        }
        self.used(i);
        Lookup::Fresh
    }

    /// Whether a copy of `key` is held, fresh or expired.
    pub fn holds(&self, key: u64) -> bool {
        self.index.contains_key(&key)
    }

    /// Stores `key` (a fill, or a write), evicting an entry (the one the policy picks) if
    /// full; returns the key it evicted.
    pub fn insert(&mut self, key: u64, now: SimTime) -> Option<u64> {
        if self.capacity == 0 {
            return None;
        }
        let ttl = if self.jitter > 0.0 {
            let cut = self.ttl as f64 * self.jitter * self.unit();
            self.ttl.saturating_sub(cut as SimTime)
        } else {
            self.ttl
        };
        let expires = now.saturating_add(ttl);
        if let Some(&i) = self.index.get(&key) {
            self.slots[i as usize].expires = expires;
            self.used(i);
            return None;
        }
        let mut evicted = None;
        let i = if self.index.len() as u32 >= self.capacity {
            let victim = self.victim();
            self.unlink(victim);
            self.forget_use(victim);
            let old = self.slots[victim as usize].key;
            self.index.remove(&old);
            evicted = Some(old);
            victim
        } else {
            self.slots.push(Slot {
                key,
                expires,
                prev: NIL,
                next: NIL,
                uses: 0,
                used: 0,
            });
            (self.slots.len() - 1) as u32
        };
        self.tick += 1;
        self.slots[i as usize] = Slot {
            key,
            expires,
            prev: NIL,
            next: NIL,
            uses: 1,
            used: self.tick,
        };
        if self.eviction == Eviction::Lfu {
            self.by_use.insert((1, self.tick, key));
        }
        self.index.insert(key, i);
        self.push_front(i);
        evicted
    }

    /// Entry `i` was used: LRU moves it to the head, LFU counts the use, FIFO and random
    /// leave it be.
    #[inline]
    fn used(&mut self, i: u32) {
        match self.eviction {
            Eviction::Lru => {
                self.unlink(i);
                self.push_front(i);
            }
            Eviction::Lfu => {
                self.forget_use(i);
                self.tick += 1;
                let slot = &mut self.slots[i as usize];
                slot.uses += 1;
                slot.used = self.tick;
                self.by_use.insert((slot.uses, slot.used, slot.key));
            }
            Eviction::Fifo | Eviction::Random => {}
        }
    }

    /// LFU: takes entry `i` out of the use order.
    fn forget_use(&mut self, i: u32) {
        if self.eviction == Eviction::Lfu {
            let slot = self.slots[i as usize];
            self.by_use.remove(&(slot.uses, slot.used, slot.key));
        }
    }

    /// The entry to evict from a full cache.
    fn victim(&mut self) -> u32 {
        match self.eviction {
            Eviction::Lru | Eviction::Fifo => self.tail,
            Eviction::Lfu => match self.by_use.first() {
                Some(&(_, _, key)) => self.index[&key],
                None => self.tail,
            },
            Eviction::Random => (self.unit() * self.slots.len() as f64) as u32,
        }
    }

    /// Drops `key` (a write invalidates it).
    pub fn invalidate(&mut self, key: u64) {
        if let Some(&i) = self.index.get(&key) {
            self.remove_slot(i);
        }
    }

    /// Forgets everything (a crash or a flush).
    pub fn clear(&mut self) {
        self.index.clear();
        self.slots.clear();
        self.by_use.clear();
        self.head = NIL;
        self.tail = NIL;
    }

    fn remove_slot(&mut self, i: u32) {
        self.unlink(i);
        self.forget_use(i);
        let key = self.slots[i as usize].key;
        self.index.remove(&key);
        // Move the last slot into the hole so slots stay dense.
        let last = (self.slots.len() - 1) as u32;
        if i != last {
            let moved = self.slots[last as usize];
            self.slots[i as usize] = moved;
            if moved.prev != NIL {
                self.slots[moved.prev as usize].next = i;
            } else {
                self.head = i;
            }
            if moved.next != NIL {
                self.slots[moved.next as usize].prev = i;
            } else {
                self.tail = i;
            }
            self.index.insert(moved.key, i);
        }
        self.slots.pop();
    }

    fn unlink(&mut self, i: u32) {
        let Slot { prev, next, .. } = self.slots[i as usize];
        if prev != NIL {
            self.slots[prev as usize].next = next;
        } else {
            self.head = next;
        }
        if next != NIL {
            self.slots[next as usize].prev = prev;
        } else {
            self.tail = prev;
        }
        self.slots[i as usize].prev = NIL;
        self.slots[i as usize].next = NIL;
    }

    fn push_front(&mut self, i: u32) {
        self.slots[i as usize].next = self.head;
        self.slots[i as usize].prev = NIL;
        if self.head != NIL {
            self.slots[self.head as usize].prev = i;
        }
        self.head = i;
        if self.tail == NIL {
            self.tail = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_least_recently_used() {
        let mut c = Lru::new(2, 1_000);
        c.insert(1, 0);
        c.insert(2, 0);
        assert!(c.get(1, 1)); // 1 is now most recent
        c.insert(3, 2); // evicts 2
        assert!(c.get(1, 3));
        assert!(!c.get(2, 3));
        assert!(c.get(3, 3));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn entries_expire_after_ttl() {
        let mut c = Lru::new(10, 100);
        c.insert(7, 0);
        assert!(c.get(7, 99));
        assert!(!c.get(7, 100));
        assert!(c.is_empty());
    }

    #[test]
    fn invalidate_and_reinsert_keep_structure_sound() {
        let mut c = Lru::new(3, 1_000);
        for k in 0..3 {
            c.insert(k, 0);
        }
        c.invalidate(0);
        c.insert(5, 1);
        c.insert(6, 1); // evicts the LRU among {1, 2, 5}: 1
        assert!(!c.get(1, 2));
        assert!(c.get(2, 2) && c.get(5, 2) && c.get(6, 2));
        c.clear();
        assert!(!c.get(2, 3));
    }

    #[test]
    fn lookup_keeps_expired_copies_until_refetched_or_evicted() {
        let mut c = Lru::new(2, 100);
        c.insert(1, 0);
        assert_eq!(c.lookup(1, 50), Lookup::Fresh);
        assert_eq!(c.lookup(1, 100), Lookup::Expired);
        assert!(c.holds(1), "an expired copy stays for a stale answer");
        assert_eq!(c.lookup(9, 100), Lookup::Missing);
        c.insert(1, 150); // refetched: fresh again until 250
        assert_eq!(c.lookup(1, 249), Lookup::Fresh);
        c.insert(2, 250);
        c.insert(3, 250); // evicts the least recently used: 1
        assert!(!c.holds(1) && c.holds(2) && c.holds(3));
    }

    #[test]
    fn matches_a_naive_model() {
        // A reference LRU as a Vec, most recent first.
        let mut rng = crate::rng::Rng::new(5);
        let mut c = Lru::new(8, 1_000_000);
        let mut model: Vec<u64> = Vec::new();
        for t in 0..5_000u64 {
            let key = u64::from(rng.below(20));
            let op = rng.below(3);
            match op {
                0 => {
                    let hit = c.get(key, t);
                    let pos = model.iter().position(|&k| k == key);
                    assert_eq!(hit, pos.is_some());
                    if let Some(p) = pos {
                        model.remove(p);
                        model.insert(0, key);
                    }
                }
                1 => {
                    c.insert(key, t);
                    if let Some(p) = model.iter().position(|&k| k == key) {
                        model.remove(p);
                    } else if model.len() == 8 {
                        model.pop();
                    }
                    model.insert(0, key);
                }
                _ => {
                    c.invalidate(key);
                    model.retain(|&k| k != key);
                }
            }
            assert_eq!(c.len(), model.len());
        }
    }
}
