//! Simulated time: an integer count of nanoseconds, so that runs are exact and repeatable.

/// A point in simulated time, or a duration, in nanoseconds.
pub type SimTime = u64;

/// Nanoseconds in a millisecond.
pub const NS_PER_MS: f64 = 1e6;
/// Nanoseconds in a second.
pub const NS_PER_S: f64 = 1e9;

/// Converts milliseconds (as a user writes them) to simulated time, rounding to the nearest ns.
pub fn from_ms(ms: f64) -> SimTime {
    if ms.is_finite() && ms > 0.0 {
        (ms * NS_PER_MS).round().min(u64::MAX as f64 / 2.0) as SimTime
    } else {
        0
    }
}

/// Converts seconds to simulated time.
pub fn from_s(s: f64) -> SimTime {
    from_ms(s * 1e3)
}

/// Simulated time in seconds.
pub fn to_s(t: SimTime) -> f64 {
    t as f64 / NS_PER_S
}

/// Simulated time in milliseconds.
pub fn to_ms(t: SimTime) -> f64 {
    t as f64 / NS_PER_MS
}
