//! How much simulation work one animation frame may do: an event budget that adapts to the
//! measured cost of events so a frame's simulation slice stays near its time target and
//! never anywhere close to 50 ms, whatever the load.

/// The share of a frame the simulation may use, in milliseconds.
pub const TARGET_MS: f64 = 10.0;
/// Never fewer events than this per frame (so a slow machine still makes progress).
pub const MIN_EVENTS: u64 = 500;
/// Never more events than this per frame.
pub const MAX_EVENTS: u64 = 400_000;
/// The longest real time one frame may advance the clock by (a background tab resumes
/// where it left off instead of jumping ahead).
pub const MAX_FRAME_DT_S: f64 = 0.1;

/// The adaptive event budget.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameBudget {
    /// Events the next frame may process.
    pub max_events: u64,
    /// Smoothed cost of one event, in milliseconds.
    ms_per_event: f64,
}

impl Default for FrameBudget {
    fn default() -> FrameBudget {
        FrameBudget {
            max_events: 20_000,
            ms_per_event: TARGET_MS / 20_000.0,
        }
    }
}

impl FrameBudget {
    /// Learns from a frame that processed `events` in `elapsed_ms` and sets the next budget.
    pub fn observe(&mut self, events: u64, elapsed_ms: f64) {
        if elapsed_ms > TARGET_MS * 2.0 {
            // Far over: halve at once rather than waiting for the average to catch up.
            self.max_events = (self.max_events / 2).max(MIN_EVENTS);
        }
        if events >= 200 && elapsed_ms > 0.0 {
            let sample = elapsed_ms / events as f64;
            self.ms_per_event = 0.7 * self.ms_per_event + 0.3 * sample;
            let ideal = (TARGET_MS / self.ms_per_event.max(1e-9)) as u64;
            // Grow gently, shrink quickly.
            let next = if ideal > self.max_events {
                self.max_events + (ideal - self.max_events) / 4
            } else {
                ideal
            };
            self.max_events = next.clamp(MIN_EVENTS, MAX_EVENTS);
        }
    }
}

/// The simulated time the clock should reach after a frame `dt_s` real seconds long at
/// `speed`, starting from `now_s` and never past `end_s`.
pub fn target_time(now_s: f64, dt_s: f64, speed: f64, end_s: f64) -> f64 {
    let dt = dt_s.clamp(0.0, MAX_FRAME_DT_S);
    (now_s + dt * speed).min(end_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_converges_to_the_target() {
        let mut b = FrameBudget::default();
        // Each event costs 2 µs: the budget should settle near TARGET_MS / 0.002 = 5000.
        for _ in 0..50 {
            let events = b.max_events;
            b.observe(events, events as f64 * 0.002);
        }
        let ideal = (TARGET_MS / 0.002) as u64;
        assert!(
            b.max_events.abs_diff(ideal) < ideal / 10,
            "{}",
            b.max_events
        );
    }

    #[test]
    fn a_slow_frame_halves_the_budget_at_once() {
        let mut b = FrameBudget::default();
        let before = b.max_events;
        b.observe(100, 60.0);
        assert!(b.max_events <= before / 2);
    }

    #[test]
    fn budget_stays_in_bounds() {
        let mut b = FrameBudget::default();
        for _ in 0..100 {
            b.observe(1_000, 1e-6);
        }
        assert_eq!(b.max_events, MAX_EVENTS);
        for _ in 0..100 {
            b.observe(1_000, 1_000.0);
        }
        assert_eq!(b.max_events, MIN_EVENTS);
    }

    #[test]
    fn a_long_pause_does_not_jump_the_clock() {
        assert_eq!(target_time(10.0, 5.0, 1.0, 100.0), 10.0 + MAX_FRAME_DT_S);
        assert_eq!(target_time(10.0, 0.016, 100.0, 11.0), 11.0);
    }
}
