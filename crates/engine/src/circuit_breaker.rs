//! A circuit breaker as a pure state machine: closed → open → half-open → closed (or open).
//!
//! * **Closed**: calls go through; the outcomes of the last `window` calls are kept (a
//!   count-based rolling window). Once at least `min_calls` are in it and the failed share
//!   reaches `failure_threshold`, the breaker trips **open**.
//! * **Open**: calls fail at once without being sent, for `open_ms`.
//! * **Half-open**: up to `half_open_probes` trial calls go through; if all of them succeed
//!   the breaker closes (with an empty window), and the first failure opens it again.
//!
//! Every transition starts a new *epoch*. A call is admitted with the epoch of the moment
//! ([`Breaker::admit`]) and its outcome is reported with it ([`Breaker::record`]): outcomes of
//! calls admitted before the last transition are ignored, so a slow answer from before the
//! breaker opened cannot close it, and only the trial calls decide a half-open breaker.

use crate::limits::MAX_BREAKER_WINDOW;
use crate::scenario::CircuitBreaker;
use crate::time::{self, SimTime};
use serde::{Deserialize, Serialize};

/// The state of a circuit breaker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    #[default]
    Closed,
    Open,
    HalfOpen,
}

impl BreakerState {
    /// Words for the user.
    pub fn describe(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half-open",
        }
    }
}

/// A circuit breaker's state and rolling window.
#[derive(Clone, Debug)]
pub struct Breaker {
    window: u32,
    min_calls: u32,
    threshold: f64,
    open_for: SimTime,
    probes: u32,
    state: BreakerState,
    epoch: u32,
    /// Outcomes of the last calls, `true` for a failure; `ring[next]` is the oldest once full.
    ring: Vec<bool>,
    next: usize,
    filled: u32,
    failures: u32,
    /// While open: when it turns half-open.
    open_until: SimTime,
    /// While half-open: trial calls let through, and how many succeeded.
    probes_sent: u32,
    probes_ok: u32,
    /// Open time not yet taken by [`Breaker::take_open_ns`], and where the current open
    /// stretch's uncounted part starts.
    open_ns: SimTime,
    open_mark: SimTime,
    trips: u64,
}

impl Breaker {
    /// A closed breaker with the given settings (clamped to what validation allows).
    pub fn new(cfg: &CircuitBreaker) -> Breaker {
        let window = cfg.window.clamp(1, MAX_BREAKER_WINDOW);
        Breaker {
            window,
            min_calls: cfg.min_calls.clamp(1, window),
            threshold: cfg.failure_threshold,
            open_for: time::from_ms(cfg.open_ms).max(1),
            probes: cfg.half_open_probes.max(1),
            state: BreakerState::Closed,
            epoch: 0,
            ring: vec![false; window as usize],
            next: 0,
            filled: 0,
            failures: 0,
            open_until: 0,
            probes_sent: 0,
            probes_ok: 0,
            open_ns: 0,
            open_mark: 0,
            trips: 0,
        }
    }

    /// The state at `now` (an open breaker whose time is up is half-open).
    pub fn state_at(&self, now: SimTime) -> BreakerState {
        if self.state == BreakerState::Open && now >= self.open_until {
            BreakerState::HalfOpen
        } else {
            self.state
        }
    }

    /// How many times it tripped open (from closed or half-open).
    pub fn trips(&self) -> u64 {
        self.trips
    }

    /// Turns an open breaker whose time is up half-open.
    fn advance(&mut self, now: SimTime) {
        if self.state == BreakerState::Open && now >= self.open_until {
            self.open_ns += self.open_until.saturating_sub(self.open_mark);
            self.state = BreakerState::HalfOpen;
            self.epoch = self.epoch.wrapping_add(1);
            self.probes_sent = 0;
            self.probes_ok = 0;
        }
    }

    /// Asks to send a call at `now`: the epoch to report its outcome with, or `None` when the
    /// call must fail at once (open, or half-open with every trial call already out).
    pub fn admit(&mut self, now: SimTime) -> Option<u32> {
        self.advance(now);
        match self.state {
            BreakerState::Closed => Some(self.epoch),
            BreakerState::Open => None,
            BreakerState::HalfOpen => {
                if self.probes_sent < self.probes {
                    self.probes_sent += 1;
                    Some(self.epoch)
                } else {
                    None
                }
            }
        }
    }

    /// The outcome of a call admitted in `epoch`, learnt at `now`.
    pub fn record(&mut self, now: SimTime, epoch: u32, failed: bool) {
        self.advance(now);
        if epoch != self.epoch {
            return;
        }
        match self.state {
            BreakerState::Closed => {
                if self.filled == self.window {
                    if self.ring[self.next] {
                        self.failures -= 1;
                    }
                } else {
                    self.filled += 1;
                }
                self.ring[self.next] = failed;
                if failed {
                    self.failures += 1;
                }
                self.next = (self.next + 1) % self.window as usize;
                if self.filled >= self.min_calls
                    && self.failures as f64 >= self.threshold * self.filled as f64
                    && self.failures > 0
                {
                    self.trip(now);
                }
            }
            BreakerState::HalfOpen => {
                if failed {
                    self.trip(now);
                } else {
                    self.probes_ok += 1;
                    if self.probes_ok >= self.probes {
                        self.state = BreakerState::Closed;
                        self.epoch = self.epoch.wrapping_add(1);
                        self.ring.fill(false);
                        self.next = 0;
                        self.filled = 0;
                        self.failures = 0;
                    }
                }
            }
            BreakerState::Open => {}
        }
    }

    fn trip(&mut self, now: SimTime) {
        self.state = BreakerState::Open;
        self.epoch = self.epoch.wrapping_add(1);
        self.open_until = now.saturating_add(self.open_for);
        self.open_mark = now;
        self.trips += 1;
    }

    /// Time spent open not yet taken by [`Breaker::take_open_ns`], up to `now`.
    pub fn pending_open_ns(&self, now: SimTime) -> SimTime {
        let stretch = if self.state == BreakerState::Open {
            now.min(self.open_until).saturating_sub(self.open_mark)
        } else {
            0
        };
        self.open_ns + stretch
    }

    /// Time spent open since the last call, up to `now` (for the share of a window open).
    pub fn take_open_ns(&mut self, now: SimTime) -> SimTime {
        self.advance(now);
        if self.state == BreakerState::Open {
            self.open_ns += now.saturating_sub(self.open_mark);
            self.open_mark = now;
        }
        std::mem::take(&mut self.open_ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: SimTime = 1_000_000;

    fn breaker() -> Breaker {
        Breaker::new(&CircuitBreaker {
            window: 10,
            min_calls: 4,
            failure_threshold: 0.5,
            open_ms: 100.0,
            half_open_probes: 2,
        })
    }

    #[test]
    fn trips_only_after_min_calls_at_the_threshold() {
        let mut b = breaker();
        for _ in 0..3 {
            let e = b.admit(0).unwrap();
            b.record(0, e, true);
        }
        assert_eq!(b.state_at(0), BreakerState::Closed, "3 calls < min_calls");
        let e = b.admit(0).unwrap();
        b.record(0, e, true);
        assert_eq!(b.state_at(0), BreakerState::Open);
        assert_eq!(b.admit(MS), None, "open: calls fail at once");
        assert_eq!(b.trips(), 1);
    }

    #[test]
    fn the_window_forgets_old_failures() {
        let mut b = breaker();
        // 10 successes, 4 failures, 16 successes: never 50 % of the last 10.
        for i in 0..30 {
            let e = b.admit(0).unwrap();
            b.record(0, e, (10..14).contains(&i));
        }
        assert_eq!(b.state_at(0), BreakerState::Closed);
        // 5 failures in the last 10 reach the threshold.
        for _ in 0..5 {
            let e = b.admit(0).unwrap();
            b.record(0, e, true);
        }
        assert_eq!(b.state_at(0), BreakerState::Open);
    }

    #[test]
    fn half_open_probes_close_it_or_open_it_again() {
        let mut b = breaker();
        for _ in 0..4 {
            let e = b.admit(0).unwrap();
            b.record(0, e, true);
        }
        let stale = 0;
        assert_eq!(b.state_at(99 * MS), BreakerState::Open);
        assert_eq!(b.state_at(100 * MS), BreakerState::HalfOpen);
        let p1 = b.admit(100 * MS).unwrap();
        let p2 = b.admit(100 * MS).unwrap();
        assert_eq!(b.admit(100 * MS), None, "only two trial calls");
        // A late answer from before it opened decides nothing.
        b.record(101 * MS, stale, false);
        b.record(101 * MS, p1, false);
        assert_eq!(b.state_at(101 * MS), BreakerState::HalfOpen);
        b.record(102 * MS, p2, false);
        assert_eq!(b.state_at(102 * MS), BreakerState::Closed);
        // Closed again with an empty window: three failures are not enough.
        for _ in 0..3 {
            let e = b.admit(103 * MS).unwrap();
            b.record(103 * MS, e, true);
        }
        assert_eq!(b.state_at(103 * MS), BreakerState::Closed);
        let e = b.admit(103 * MS).unwrap();
        b.record(103 * MS, e, true);
        let p = {
            assert_eq!(b.state_at(203 * MS), BreakerState::HalfOpen);
            b.admit(203 * MS).unwrap()
        };
        b.record(204 * MS, p, true);
        assert_eq!(
            b.state_at(204 * MS),
            BreakerState::Open,
            "a failed probe reopens"
        );
        assert_eq!(b.trips(), 3);
    }

    #[test]
    fn open_time_is_measured_exactly() {
        let mut b = breaker();
        for _ in 0..4 {
            let e = b.admit(10 * MS).unwrap();
            b.record(10 * MS, e, true);
        }
        // Open from 10 ms to 110 ms; windows end at 50 ms and 200 ms.
        assert_eq!(b.take_open_ns(50 * MS), 40 * MS);
        assert_eq!(b.take_open_ns(200 * MS), 60 * MS);
        assert_eq!(b.take_open_ns(300 * MS), 0);
    }
}
