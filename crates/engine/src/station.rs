//! A service station: `servers` parallel workers and a bounded FIFO queue, with the time
//! integrals that utilization and mean queue length are computed from.

use crate::time::SimTime;
use std::collections::VecDeque;

/// Servers, a waiting line and their time-weighted statistics.
#[derive(Clone, Debug)]
pub struct Station<T> {
    pub servers: u32,
    pub busy: u32,
    pub queue: VecDeque<T>,
    pub queue_capacity: u32,
    /// ∫ busy dt and ∫ queue length dt since the last [`Station::take_areas`], in server·ns.
    busy_area: u128,
    queue_area: u128,
    last: SimTime,
}

/// `count × dt`, exactly, as u128.
#[inline]
pub fn area(count: u64, dt: SimTime) -> u128 {
    // WebAssembly has no 64 × 64 → 128-bit multiplication (it calls `__multi3`), and the
    // product almost always fits in 64 bits; x86-64 and AArch64 multiply wide in one step.
    if cfg!(target_family = "wasm") && (count | dt) >> 32 == 0 {
        (count * dt) as u128
    } else {
        count as u128 * dt as u128
    }
}

impl<T> Station<T> {
    pub fn new(servers: u32, queue_capacity: u32) -> Self {
        Station {
            servers,
            busy: 0,
            queue: VecDeque::new(),
            queue_capacity,
            busy_area: 0,
            queue_area: 0,
            last: 0,
        }
    }

    /// Brings the integrals up to `now`; call before every change of `busy` or the queue.
    #[inline]
    pub fn advance(&mut self, now: SimTime) {
        let dt = now - self.last;
        self.busy_area += area(self.busy as u64, dt);
        self.queue_area += area(self.queue.len() as u64, dt);
        self.last = now;
    }

    /// Whether a worker is free.
    #[inline]
    pub fn has_free_server(&self) -> bool {
        self.busy < self.servers
    }

    /// Whether the waiting line is full.
    #[inline]
    pub fn queue_full(&self) -> bool {
        self.queue.len() >= self.queue_capacity as usize
    }

    /// Returns (∫busy, ∫queue) since the last call, up to `now`, and restarts them.
    pub fn take_areas(&mut self, now: SimTime) -> (u128, u128) {
        self.advance(now);
        let areas = (self.busy_area, self.queue_area);
        self.busy_area = 0;
        self.queue_area = 0;
        areas
    }

    /// (∫busy, ∫queue) accumulated since the last [`Station::take_areas`], up to `now`,
    /// without changing anything.
    pub fn pending_areas(&self, now: SimTime) -> (u128, u128) {
        let dt = now.saturating_sub(self.last);
        (
            self.busy_area + area(self.busy as u64, dt),
            self.queue_area + area(self.queue.len() as u64, dt),
        )
    }

    /// Empties the station (a crash); the integrals keep what was accumulated.
    pub fn clear(&mut self, now: SimTime) -> Vec<T> {
        self.advance(now);
        self.busy = 0;
        self.queue.drain(..).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_is_the_exact_product() {
        let cases = [
            (0, 0),
            (3, 7),
            (u32::MAX as u64, u32::MAX as u64),
            (u32::MAX as u64 + 1, 5),
            (2, u32::MAX as u64 + 1),
            (u64::MAX, u64::MAX),
        ];
        for (count, dt) in cases {
            assert_eq!(
                area(count, dt),
                count as u128 * dt as u128,
                "{count} × {dt}"
            );
        }
    }

    #[test]
    fn integrals_accumulate_busy_and_queue_time() {
        let mut s: Station<u8> = Station::new(2, 10);
        s.advance(100);
        s.busy = 2;
        s.queue.push_back(1);
        s.advance(1_100);
        s.busy = 1;
        s.queue.clear();
        assert_eq!(s.pending_areas(1_600), (2 * 1_000 + 500, 1_000));
        assert_eq!(s.take_areas(1_600), (2 * 1_000 + 500, 1_000));
        assert_eq!(s.take_areas(1_600), (0, 0));
    }
}
