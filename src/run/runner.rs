//! The run: the engine's [`Simulation`] plus what the animation keeps between frames (dots,
//! the hop buffer, the adaptive event budget and frame-time statistics). Plain data owned by
//! the app outside the reactive graph; the frame loop in [`crate::run::run_loop`] drives it.

use crate::engine::{Problem, Scenario, Simulation, StepResult};
use crate::run::dots::Dots;
use crate::run::frame_budget::{FrameBudget, target_time};
use archsim_engine::Hop;

/// How many hops the engine keeps between two drains (about one frame at 100×).
pub const FEED_CAPACITY: usize = 8192;

/// Frame-time samples kept for the performance readout.
const FRAME_SAMPLES: usize = 600;

/// The state of a run between frames.
#[derive(Default)]
pub struct Runner {
    /// `None` until the first Run or Step after a reset.
    pub sim: Option<Simulation>,
    /// Request dots on screen.
    pub dots: Dots,
    /// Reused buffer for the hops drained each frame.
    hops: Vec<Hop>,
    /// Events per frame.
    pub budget: FrameBudget,
    /// Real time between recent frames, in ms (ring buffer).
    frame_ms: Vec<f64>,
    frame_next: usize,
    /// Simulation work of recent frames, in ms (ring buffer).
    work_ms: Vec<f64>,
    /// Dots drawn in the last painted frame.
    pub last_drawn: usize,
}

/// What one call to [`Runner::advance`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Advanced {
    /// Events processed.
    pub events: u64,
    /// The simulated clock afterwards.
    pub now_s: f64,
    /// Whether the run reached its duration.
    pub finished: bool,
}

impl Runner {
    /// Throws the run away (the next Run starts from 0 s).
    pub fn reset(&mut self) {
        self.sim = None;
        self.dots.clear();
        self.hops.clear();
    }

    /// Builds the simulation if there is none; the engine's problems when it refuses.
    pub fn ensure_sim(&mut self, scenario: &Scenario) -> Result<(), Vec<Problem>> {
        if self.sim.is_none() {
            let mut sim = Simulation::new(scenario)?;
            sim.set_feed_capacity(FEED_CAPACITY);
            self.sim = Some(sim);
        }
        Ok(())
    }

    /// Runs the simulation until `target_s` (or the event budget runs out) and feeds the new
    /// hops to the dots.
    pub fn advance_to(&mut self, target_s: f64, max_events: u64, speed: f64) -> Advanced {
        let Some(sim) = self.sim.as_mut() else {
            return Advanced::default();
        };
        let r: StepResult = sim.run_until_s(target_s, max_events);
        self.hops.clear();
        sim.drain_feed(&mut self.hops);
        let now_s = sim.now_s();
        self.dots.ingest(&self.hops, now_s, speed);
        Advanced {
            events: r.events,
            now_s,
            finished: r.finished || sim.finished(),
        }
    }

    /// One animation frame of a running simulation: advance by `dt_s` real seconds at `speed`
    /// within the adaptive event budget; `now_ms` is `performance.now()` (for measuring work).
    pub fn frame(&mut self, dt_s: f64, speed: f64, measure: impl Fn() -> f64) -> Advanced {
        let Some(sim) = self.sim.as_ref() else {
            return Advanced::default();
        };
        let target = target_time(sim.now_s(), dt_s, speed, sim.duration_s());
        let start = measure();
        let adv = self.advance_to(target, self.budget.max_events, speed);
        let work = measure() - start;
        self.budget.observe(adv.events, work);
        push_ring(&mut self.work_ms, self.frame_next, work);
        adv
    }

    /// Records the real time between two frames.
    pub fn record_frame(&mut self, frame_ms: f64) {
        push_ring(&mut self.frame_ms, self.frame_next, frame_ms);
        self.frame_next = (self.frame_next + 1) % FRAME_SAMPLES;
    }

    /// How many of the recent frame intervals took longer than `ms`.
    pub fn slow_frames(&self, ms: f64) -> usize {
        self.frame_ms.iter().filter(|f| **f > ms).count()
    }

    /// The 95th percentile of recent frame intervals and of the simulation work per frame.
    pub fn frame_p95_ms(&self) -> (f64, f64) {
        (p95(&self.frame_ms), p95(&self.work_ms))
    }
}

fn push_ring(v: &mut Vec<f64>, at: usize, x: f64) {
    if v.len() < FRAME_SAMPLES {
        v.push(x);
    } else {
        v[at % FRAME_SAMPLES] = x;
    }
}

/// The 95th percentile of `xs` (0 when empty).
pub fn p95(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let i = ((v.len() as f64 * 0.95).ceil() as usize).clamp(1, v.len()) - 1;
    v[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p95_of_a_hundred() {
        let xs: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(p95(&xs), 95.0);
        assert_eq!(p95(&[]), 0.0);
    }
}
