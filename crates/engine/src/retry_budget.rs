//! A client's retry budget (as in Finagle and gRPC): retries may be at most a share of the
//! recent first attempts, plus a small allowance per second.
//!
//! The window is `window_ms` long, kept as [`BUCKETS`] buckets of first attempts and
//! retries; a retry is allowed when the retries in the buckets still inside the window,
//! plus this one, stay within `ratio` × the first attempts in them + `min_retries_per_s` ×
//! the time those buckets cover. During an outage, when every attempt fails, the retries per first attempt
//! therefore settle at `ratio + min_retries_per_s / λ` instead of `max_retries`.

use crate::scenario::RetryBudget;
use crate::time::{self, SimTime};

/// Buckets the window is counted in (its time resolution is `window_ms / BUCKETS`).
pub const BUCKETS: usize = 10;

/// The counts of one client's retry budget.
#[derive(Clone, Debug)]
pub struct Budget {
    ratio: f64,
    /// Retries allowed per nanosecond of window, whatever the traffic.
    floor_per_ns: f64,
    width: SimTime,
    /// The bucket index (time / width) each slot holds, and its counts.
    slot_of: [u64; BUCKETS],
    firsts: [u64; BUCKETS],
    retries: [u64; BUCKETS],
}

impl Budget {
    /// An empty budget.
    pub fn new(cfg: &RetryBudget) -> Budget {
        let window = time::from_ms(cfg.window_ms).max(BUCKETS as SimTime);
        Budget {
            ratio: cfg.ratio,
            floor_per_ns: cfg.min_retries_per_s / time::NS_PER_S,
            width: window / BUCKETS as SimTime,
            slot_of: [u64::MAX; BUCKETS],
            firsts: [0; BUCKETS],
            retries: [0; BUCKETS],
        }
    }

    /// The slot for time `now`, emptied if it still held an older bucket.
    fn slot(&mut self, now: SimTime) -> usize {
        let bucket = now / self.width;
        let i = (bucket % BUCKETS as u64) as usize;
        if self.slot_of[i] != bucket {
            self.slot_of[i] = bucket;
            self.firsts[i] = 0;
            self.retries[i] = 0;
        }
        i
    }

    /// A first attempt was sent: it adds `ratio` to what may be retried.
    pub fn first_attempt(&mut self, now: SimTime) {
        let i = self.slot(now);
        self.firsts[i] += 1;
    }

    /// Whether a retry may be sent now; if so, it is counted.
    pub fn try_retry(&mut self, now: SimTime) -> bool {
        let i = self.slot(now);
        let bucket = now / self.width;
        let (mut firsts, mut retries) = (0u64, 0u64);
        for k in 0..BUCKETS {
            // Only buckets of the last BUCKETS widths count; older ones are stale.
            if self.slot_of[k] != u64::MAX && bucket - self.slot_of[k] < BUCKETS as u64 {
                firsts += self.firsts[k];
                retries += self.retries[k];
            }
        }
        // The floor covers the span the counted buckets cover (the current one only in
        // part), so that retries per second settle at exactly ratio × λ + the floor.
        let covered = (BUCKETS as SimTime - 1) * self.width + now % self.width;
        let floor = self.floor_per_ns * covered as f64;
        if (retries + 1) as f64 <= self.ratio * firsts as f64 + floor {
            self.retries[i] += 1;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: SimTime = 1_000_000;

    #[test]
    fn retries_are_capped_at_the_ratio_plus_the_floor() {
        let mut b = Budget::new(&RetryBudget {
            ratio: 0.1,
            min_retries_per_s: 1.0,
            window_ms: 1000.0,
        });
        for t in 0..100 {
            b.first_attempt(t * MS);
        }
        // At 950 ms the buckets cover 900 ms + half of the current one:
        // 0.1 × 100 + 1/s × 0.95 s = 10.95, so 10 retries.
        let allowed = (0..50).filter(|_| b.try_retry(950 * MS)).count();
        assert_eq!(allowed, 10);
    }

    #[test]
    fn the_window_slides() {
        let mut b = Budget::new(&RetryBudget {
            ratio: 0.5,
            min_retries_per_s: 0.0,
            window_ms: 1000.0,
        });
        for _ in 0..10 {
            b.first_attempt(0);
        }
        assert_eq!((0..10).filter(|_| b.try_retry(500 * MS)).count(), 5);
        // A second later the first attempts (and the retries) have left the window.
        assert!(!b.try_retry(1500 * MS));
        for _ in 0..4 {
            b.first_attempt(1500 * MS);
        }
        assert_eq!((0..10).filter(|_| b.try_retry(1600 * MS)).count(), 2);
    }
}
