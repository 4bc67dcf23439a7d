//! Rate limiters: the five classic algorithms, as pure state machines over simulated time.
//!
//! A limiter is asked once per request, at the time it arrives, and answers admit, admit
//! later (a leaky bucket's queue) or reject. Time is in integer nanoseconds, like the rest
//! of the engine, and nothing here draws random numbers, so a limiter is deterministic.

use crate::scenario::RateLimit;
use crate::time::{NS_PER_S, SimTime};
use std::collections::VecDeque;

/// What a limiter says about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Let it through now.
    Admit,
    /// Let it through at this later time (it waits in a leaky bucket's queue).
    AdmitAt(SimTime),
    /// Refuse it: "429 Too Many Requests".
    Reject,
}

/// The state of one limit.
#[derive(Clone, Debug)]
pub enum Limiter {
    TokenBucket {
        /// Tokens per nanosecond.
        rate: f64,
        burst: f64,
        tokens: f64,
        last: SimTime,
    },
    LeakyBucket {
        /// Nanoseconds between two departures.
        interval: f64,
        queue: u32,
        /// When the next request may leave the bucket (ns, fractional to avoid drift).
        next_free: f64,
    },
    FixedWindow {
        limit: u32,
        window: SimTime,
        index: u64,
        count: u32,
    },
    SlidingLog {
        limit: u32,
        window: SimTime,
        log: VecDeque<SimTime>,
    },
    SlidingCounter {
        limit: u32,
        window: SimTime,
        index: u64,
        current: u32,
        previous: u32,
    },
}

impl Limiter {
    /// A fresh limiter: a full token bucket, an empty queue, empty windows.
    pub fn new(algorithm: &RateLimit) -> Limiter {
        let window = |ms: f64| ((ms * 1e6).round() as SimTime).max(1);
        match *algorithm {
            RateLimit::TokenBucket { rate_rps, burst } => Limiter::TokenBucket {
                rate: rate_rps / NS_PER_S,
                burst: burst as f64,
                tokens: burst as f64,
                last: 0,
            },
            RateLimit::LeakyBucket { rate_rps, queue } => Limiter::LeakyBucket {
                interval: NS_PER_S / rate_rps,
                queue,
                next_free: 0.0,
            },
            RateLimit::FixedWindow { limit, window_ms } => Limiter::FixedWindow {
                limit,
                window: window(window_ms),
                index: 0,
                count: 0,
            },
            RateLimit::SlidingLog { limit, window_ms } => Limiter::SlidingLog {
                limit,
                window: window(window_ms),
                log: VecDeque::new(),
            },
            RateLimit::SlidingCounter { limit, window_ms } => Limiter::SlidingCounter {
                limit,
                window: window(window_ms),
                index: 0,
                current: 0,
                previous: 0,
            },
        }
    }

    /// Decides about a request arriving at `now` (calls come in time order).
    pub fn decide(&mut self, now: SimTime) -> Decision {
        match self {
            Limiter::TokenBucket {
                rate,
                burst,
                tokens,
                last,
            } => {
                *tokens = (*tokens + (now - *last) as f64 * *rate).min(*burst);
                *last = now;
                if *tokens >= 1.0 {
                    *tokens -= 1.0;
                    Decision::Admit
                } else {
                    Decision::Reject
                }
            }
            Limiter::LeakyBucket {
                interval,
                queue,
                next_free,
            } => {
                let t = now as f64;
                if *next_free <= t {
                    *next_free = t + *interval;
                    return Decision::Admit;
                }
                // Requests already waiting: those due to leave before `next_free`.
                let waiting = ((*next_free - t) / *interval).ceil();
                if waiting > *queue as f64 {
                    return Decision::Reject;
                }
                let at = *next_free;
                *next_free += *interval;
                Decision::AdmitAt(at.ceil() as SimTime)
            }
            Limiter::FixedWindow {
                limit,
                window,
                index,
                count,
            } => {
                let i = now / *window;
                if i != *index {
                    *index = i;
                    *count = 0;
                }
                if *count < *limit {
                    *count += 1;
                    Decision::Admit
                } else {
                    Decision::Reject
                }
            }
            Limiter::SlidingLog { limit, window, log } => {
                while log.front().is_some_and(|&t| t + *window <= now) {
                    log.pop_front();
                }
                if (log.len() as u64) < *limit as u64 {
                    log.push_back(now);
                    Decision::Admit
                } else {
                    Decision::Reject
                }
            }
            Limiter::SlidingCounter {
                limit,
                window,
                index,
                current,
                previous,
            } => {
                let i = now / *window;
                if i != *index {
                    *previous = if i == *index + 1 { *current } else { 0 };
                    *current = 0;
                    *index = i;
                }
                let into = (now - i * *window) as f64 / *window as f64;
                let estimate = *previous as f64 * (1.0 - into) + *current as f64;
                if estimate + 1.0 <= *limit as f64 {
                    *current += 1;
                    Decision::Admit
                } else {
                    Decision::Reject
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: SimTime = 1_000_000;

    /// Offers requests evenly every `gap` ns for `total` ns; counts admissions.
    fn admitted(limit: RateLimit, gap: SimTime, total: SimTime) -> u64 {
        let mut l = Limiter::new(&limit);
        let mut n = 0;
        let mut t = 0;
        while t < total {
            if l.decide(t) != Decision::Reject {
                n += 1;
            }
            t += gap;
        }
        n
    }

    #[test]
    fn a_token_bucket_admits_rate_times_t_plus_burst() {
        // Offered 1000/s for 10 s against 100/s with a burst of 20: 100 × 10 + 20.
        let n = admitted(
            RateLimit::TokenBucket {
                rate_rps: 100.0,
                burst: 20,
            },
            MS,
            10_000 * MS,
        );
        assert!((1019..=1021).contains(&n), "{n}");
    }

    #[test]
    fn a_token_bucket_passes_a_burst_then_throttles() {
        let mut l = Limiter::new(&RateLimit::TokenBucket {
            rate_rps: 10.0,
            burst: 5,
        });
        let at_once: Vec<_> = (0..8).map(|_| l.decide(0)).collect();
        assert_eq!(at_once.iter().filter(|d| **d == Decision::Admit).count(), 5);
        // 100 ms later one token has dripped back in.
        assert_eq!(l.decide(100 * MS), Decision::Admit);
        assert_eq!(l.decide(100 * MS), Decision::Reject);
    }

    #[test]
    fn a_leaky_bucket_smooths_a_burst_into_an_even_stream() {
        let mut l = Limiter::new(&RateLimit::LeakyBucket {
            rate_rps: 10.0,
            queue: 3,
        });
        let d: Vec<_> = (0..6).map(|_| l.decide(0)).collect();
        assert_eq!(
            d,
            vec![
                Decision::Admit,
                Decision::AdmitAt(100 * MS),
                Decision::AdmitAt(200 * MS),
                Decision::AdmitAt(300 * MS),
                Decision::Reject,
                Decision::Reject,
            ]
        );
    }

    #[test]
    fn a_leaky_bucket_lets_through_exactly_its_rate() {
        // Offered 1000/s for 10 s, drained at 50/s with a queue of 10: 50 × 10 + 1 (+ queue
        // that has not left yet is still admitted, 10).
        let n = admitted(
            RateLimit::LeakyBucket {
                rate_rps: 50.0,
                queue: 10,
            },
            MS,
            10_000 * MS,
        );
        assert!((509..=511).contains(&n), "{n}");
    }

    #[test]
    fn a_fixed_window_admits_twice_its_limit_across_a_boundary() {
        // The known flaw: limit 10 per second, 10 just before the boundary and 10 just after.
        let mut l = Limiter::new(&RateLimit::FixedWindow {
            limit: 10,
            window_ms: 1000.0,
        });
        let before = (0..10)
            .filter(|_| l.decide(990 * MS) == Decision::Admit)
            .count();
        let after = (0..10)
            .filter(|_| l.decide(1010 * MS) == Decision::Admit)
            .count();
        assert_eq!(before + after, 20);
    }

    #[test]
    fn a_sliding_log_never_admits_more_than_its_limit_in_any_window() {
        let mut l = Limiter::new(&RateLimit::SlidingLog {
            limit: 10,
            window_ms: 1000.0,
        });
        let mut times = Vec::new();
        for k in 0..5000u64 {
            let t = k * 7 * MS / 10; // every 0.7 ms
            if l.decide(t) == Decision::Admit {
                times.push(t);
            }
        }
        for (i, &t) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .take_while(|&&u| u < t + 1000 * MS)
                .count();
            assert!(in_window <= 10, "{in_window} at {t}");
        }
        // 3.5 s of traffic: 10 per second, 4 windows started.
        assert_eq!(times.len(), 40);
    }

    #[test]
    fn a_sliding_counter_tracks_its_limit_over_a_long_run() {
        let n = admitted(
            RateLimit::SlidingCounter {
                limit: 100,
                window_ms: 1000.0,
            },
            MS,
            20_000 * MS,
        );
        // Weighted previous window: close to 100/s, never far above it.
        assert!((1900..=2100).contains(&n), "{n}");
    }
}
