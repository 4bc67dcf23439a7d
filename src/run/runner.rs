//! The run: the engine's [`Simulation`] plus what the animation keeps between frames (dots,
//! the hop buffer, the adaptive event budget and frame-time statistics). Plain data owned by
//! the app outside the reactive graph; the frame loop in [`crate::run::run_loop`] drives it.

use crate::engine::{Problem, Scenario, Simulation, StepResult};
use crate::run::dots::Dots;
use crate::run::frame_budget::{FrameBudget, target_time};
use archsim_engine::{Hop, HopDirection};

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
    /// Flow on each connection (by index): requests crossing it per simulated second,
    /// smoothed over about a second. The reduced-motion view draws it as line thickness
    /// instead of moving dots; it comes from the sampled animation feed, so it is a picture
    /// of the flow, never shown as a number.
    pub flow: Vec<f64>,
    flow_at_s: f64,
}

/// Smoothing time of [`Runner::flow`], in simulated seconds.
const FLOW_SMOOTHING_S: f64 = 1.0;

/// Folds the request hops of one slice of `dt_s` simulated seconds into `flow`.
pub fn smooth_flow(flow: &mut Vec<f64>, hops: &[Hop], dt_s: f64) {
    if dt_s <= 0.0 || !dt_s.is_finite() {
        return;
    }
    let mut counts = vec![0u32; flow.len()];
    for h in hops.iter().filter(|h| h.direction == HopDirection::Request) {
        let i = h.connection as usize;
        if i >= counts.len() {
            counts.resize(i + 1, 0);
            flow.resize(i + 1, 0.0);
        }
        counts[i] += 1;
    }
    let a = 1.0 - (-dt_s / FLOW_SMOOTHING_S).exp();
    for (f, n) in flow.iter_mut().zip(counts) {
        *f += a * (f64::from(n) / dt_s - *f);
    }
}

/// Events per slice of a run to the end: about 2 ms of work, so a frame's deadline is kept.
pub const FLAT_OUT_SLICE: u64 = 20_000;

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
        self.flow.clear();
        self.flow_at_s = 0.0;
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
        smooth_flow(&mut self.flow, &self.hops, now_s - self.flow_at_s);
        self.flow_at_s = now_s;
        Advanced {
            events: r.events,
            now_s,
            finished: r.finished || sim.finished(),
        }
    }

    /// Turns the animation feed on or off (a run to the end has no dots to draw, and
    /// recording hops would only slow it down).
    pub fn set_animated(&mut self, on: bool) {
        if let Some(sim) = self.sim.as_mut() {
            sim.set_feed_capacity(if on { FEED_CAPACITY } else { 0 });
        }
        if !on {
            self.dots.clear();
            self.hops.clear();
        }
    }

    /// Runs flat out towards `target_s` (the end of the run, or a seek's moment), in slices
    /// of [`FLAT_OUT_SLICE`] events, until `measure()` (ms) reaches `deadline_ms`, the target
    /// or the end.
    pub fn flat_out(
        &mut self,
        target_s: f64,
        deadline_ms: f64,
        measure: impl Fn() -> f64,
    ) -> Advanced {
        let mut done = Advanced::default();
        let Some(sim) = self.sim.as_mut() else {
            return done;
        };
        let target_s = target_s.min(sim.duration_s());
        loop {
            let r = sim.run_until_s(target_s, FLAT_OUT_SLICE);
            done.events += r.events;
            done.now_s = sim.now_s();
            done.finished = r.finished || sim.finished();
            if done.finished || r.events == 0 || measure() >= deadline_ms {
                return done;
            }
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

    /// Running to the end flat out, without the animation, gives the very run that watching
    /// it frame by frame gives (the same summary, bit for bit), and it keeps its deadline.
    #[test]
    fn a_run_to_the_end_is_the_run_you_would_have_watched() {
        let scenario = crate::default_scenario();
        let mut watched = Runner::default();
        watched.ensure_sim(&scenario).unwrap();
        let end_s = watched.sim.as_ref().unwrap().duration_s();
        while !watched.advance_to(end_s, 5_000, 10.0).finished {}

        let mut flat = Runner::default();
        flat.ensure_sim(&scenario).unwrap();
        flat.set_animated(false);
        // A clock that moves 1 ms per look: the deadline 3 ms away stops it after 3 slices.
        let clock = std::cell::Cell::new(0.0);
        let tick = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let end_s = flat.sim.as_ref().unwrap().duration_s();
        let first = flat.flat_out(end_s, 3.0, tick);
        assert!(!first.finished);
        assert_eq!(first.events, 3 * FLAT_OUT_SLICE);
        while !flat.flat_out(end_s, f64::INFINITY, || 0.0).finished {}
        assert!(flat.dots.is_empty(), "no dots without the animation");
        let summary = |r: &Runner| format!("{:?}", r.sim.as_ref().unwrap().summary());
        assert_eq!(summary(&flat), summary(&watched));
    }

    #[test]
    fn p95_of_a_hundred() {
        let xs: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(p95(&xs), 95.0);
        assert_eq!(p95(&[]), 0.0);
    }

    #[test]
    fn flow_settles_at_the_rate_of_requests_and_ignores_responses() {
        use archsim_engine::HopOutcome;
        let hop = |connection, direction| Hop {
            request: 0,
            connection,
            direction,
            outcome: HopOutcome::Ok,
            depart_s: 0.0,
            arrive_s: 0.0,
        };
        // Each 0.1 s slice: 20 requests on connection 1 (200/s), their 20 answers, none on 0.
        let mut slice = vec![hop(1, HopDirection::Request); 20];
        slice.extend(vec![hop(1, HopDirection::Response); 20]);
        let mut flow = Vec::new();
        for _ in 0..100 {
            smooth_flow(&mut flow, &slice, 0.1);
        }
        assert_eq!(flow.len(), 2);
        assert!((flow[1] - 200.0).abs() < 0.01, "{flow:?}");
        assert_eq!(flow[0], 0.0);
        // Then nothing for 5 s: the flow dies away.
        for _ in 0..50 {
            smooth_flow(&mut flow, &[], 0.1);
        }
        assert!(flow[1] < 200.0 * 0.01, "{flow:?}");
    }
}
