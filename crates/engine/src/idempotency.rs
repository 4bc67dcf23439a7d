//! The writes a database remembers having applied, by request: an idempotency-key store
//! with a time to live.
//!
//! Every attempt of a request carries the request's id. A database that sees a write whose
//! id it applied within the last [`KEY_TTL`] knows the write is a retry: with idempotency
//! keys it answers without applying it again; without them it applies it a second time, and
//! the simulation counts a duplicate write. The store is bounded by its TTL and by
//! [`MAX_KEYS`] (the oldest keys are forgotten first), so a retry that comes later than that
//! is taken for a new write.

use crate::time::SimTime;
use std::collections::{BTreeSet, VecDeque};

/// How long a database remembers an applied write's key (60 simulated seconds).
pub const KEY_TTL: SimTime = 60_000_000_000;
/// The most keys one database remembers.
pub const MAX_KEYS: usize = 200_000;

/// Keys of the writes one database applied recently.
#[derive(Clone, Debug, Default)]
pub struct AppliedWrites {
    order: VecDeque<(SimTime, u64)>,
    keys: BTreeSet<u64>,
}

impl AppliedWrites {
    /// Notes that the write of request `id` is applied at `now`; `false` when it was
    /// applied already (the attempt is a retry of a write that went through).
    pub fn apply(&mut self, now: SimTime, id: u64) -> bool {
        while let Some(&(t, old)) = self.order.front() {
            if now.saturating_sub(t) < KEY_TTL && self.order.len() < MAX_KEYS {
                break;
            }
            self.order.pop_front();
            self.keys.remove(&old);
        }
        if self.keys.insert(id) {
            self.order.push_back((now, id));
            true
        } else {
            false
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_write_of_a_request_is_recognised_until_the_key_expires() {
        let mut a = AppliedWrites::default();
        assert!(a.apply(0, 7));
        assert!(a.apply(1, 8));
        assert!(!a.apply(1_000, 7), "a retry of request 7");
        assert!(a.apply(KEY_TTL + 1, 7), "after the TTL it looks new");
        assert_eq!(a.len(), 1, "request 8's key expired too");
    }

    #[test]
    fn the_store_is_bounded() {
        let mut a = AppliedWrites::default();
        for id in 0..(MAX_KEYS as u64 + 10) {
            a.apply(0, id);
        }
        assert_eq!(a.len(), MAX_KEYS);
        assert!(a.apply(0, 0), "the oldest key was forgotten");
    }
}
