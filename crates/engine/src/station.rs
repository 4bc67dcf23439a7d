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
        let dt = (now - self.last) as u128;
        self.busy_area += self.busy as u128 * dt;
        self.queue_area += self.queue.len() as u128 * dt;
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
        let dt = now.saturating_sub(self.last) as u128;
        (
            self.busy_area + self.busy as u128 * dt,
            self.queue_area + self.queue.len() as u128 * dt,
        )
    }

    /// Empties the station (a crash); the integrals keep what was accumulated.
    pub fn clear(&mut self, now: SimTime) -> Vec<T> {
        self.advance(now);
        self.busy = 0;
        self.queue.drain(..).collect()
    }
}
