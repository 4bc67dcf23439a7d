//! An LRU cache of keys with a time-to-live: O(1) lookup, insert and eviction.

use crate::time::SimTime;
use rustc_hash::FxHashMap;

const NIL: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Slot {
    key: u64,
    expires: SimTime,
    prev: u32,
    next: u32,
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

/// Least-recently-used entries, each valid until its expiry time.
#[derive(Clone, Debug)]
pub struct Lru {
    capacity: u32,
    ttl: SimTime,
    index: FxHashMap<u64, u32>,
    slots: Vec<Slot>,
    /// Most recently used.
    head: u32,
    /// Least recently used: evicted first.
    tail: u32,
}

impl Lru {
    /// An empty cache of `capacity` entries living `ttl` each.
    pub fn new(capacity: u32, ttl: SimTime) -> Lru {
        Lru {
            capacity,
            ttl,
            index: FxHashMap::default(),
            slots: Vec::new(),
            head: NIL,
            tail: NIL,
        }
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
        self.unlink(i);
        self.push_front(i);
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
        self.unlink(i);
        self.push_front(i);
        Lookup::Fresh
    }

    /// Whether a copy of `key` is held, fresh or expired.
    pub fn holds(&self, key: u64) -> bool {
        self.index.contains_key(&key)
    }

    /// Stores `key` (read-through fill), evicting the least recently used entry if full.
    pub fn insert(&mut self, key: u64, now: SimTime) {
        if self.capacity == 0 {
            return;
        }
        let expires = now.saturating_add(self.ttl);
        if let Some(&i) = self.index.get(&key) {
            self.slots[i as usize].expires = expires;
            self.unlink(i);
            self.push_front(i);
            return;
        }
        let i = if self.index.len() as u32 >= self.capacity {
            let victim = self.tail;
            self.unlink(victim);
            let old = self.slots[victim as usize].key;
            self.index.remove(&old);
            victim
        } else {
            self.slots.push(Slot {
                key,
                expires,
                prev: NIL,
                next: NIL,
            });
            (self.slots.len() - 1) as u32
        };
        self.slots[i as usize] = Slot {
            key,
            expires,
            prev: NIL,
            next: NIL,
        };
        self.index.insert(key, i);
        self.push_front(i);
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
        self.head = NIL;
        self.tail = NIL;
    }

    fn remove_slot(&mut self, i: u32) {
        self.unlink(i);
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
