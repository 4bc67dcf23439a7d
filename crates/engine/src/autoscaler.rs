//! The autoscaler of a service: how many instances it asks for, when, and the instances
//! that are still warming up — a pure state machine the simulation drives.
//!
//! The rule is the one of the Kubernetes Horizontal Pod Autoscaler
//! (<https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details>):
//!
//! ```text
//! desired = ceil(current × utilization / target)      clamped to min..=max
//! ```
//!
//! evaluated every interval over the utilization of the last interval. As Kubernetes counts
//! pods that are not ready yet at 0 % when scaling up, instances still warming up count as
//! idle capacity in the utilization (so a second evaluation during a warm-up does not ask
//! again for what is already on its way). After any scaling action nothing happens until the
//! cooldown has passed (Kubernetes' stabilization window, here for both directions).

use crate::scenario::Autoscale;
use crate::time::{self, SimTime};
use std::collections::VecDeque;

/// The instances a service should have: `ceil(current × utilization / target)`, clamped to
/// `min..=max` (the Kubernetes HPA rule).
pub fn desired_instances(current: u32, utilization: f64, target: f64, min: u32, max: u32) -> u32 {
    let (min, max) = (min.max(1), max.max(min.max(1)));
    if !(utilization.is_finite() && target.is_finite() && target > 0.0) {
        return current.clamp(min, max);
    }
    // The tiny margin keeps an exact ratio of 1 (e.g. 0.6 / 0.6 after rounding) from
    // asking for one instance more.
    let want = libm::ceil(current as f64 * utilization.max(0.0) / target - 1e-9);
    (want.clamp(0.0, u32::MAX as f64) as u32).clamp(min, max)
}

/// What an evaluation decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scaling {
    /// Nothing (on target, at a bound, or in the cooldown).
    Hold,
    /// Start this many instances; they are ready after the warm-up.
    Up(u32),
    /// Stop this many instances (warming ones first, then ready ones).
    Down(u32),
}

/// The instances of one autoscaled service and the autoscaler's memory.
#[derive(Clone, Debug)]
pub struct Scaler {
    min: u32,
    max: u32,
    target: f64,
    pub interval: SimTime,
    cooldown: SimTime,
    warmup: SimTime,
    /// Instances taking work.
    pub ready: u32,
    /// Instances asked for and not ready yet: (ready at, count), oldest first.
    warming: VecDeque<(SimTime, u32)>,
    last_action: Option<SimTime>,
    /// Scaling actions taken (ups and downs).
    pub actions: u64,
}

impl Scaler {
    /// A scaler starting with `instances` ready (clamped to the bounds).
    pub fn new(a: &Autoscale, instances: u32) -> Scaler {
        let min = a.min_instances.max(1);
        let max = a.max_instances.max(min);
        Scaler {
            min,
            max,
            target: a.target_utilization,
            interval: time::from_s(a.interval_s).max(1),
            cooldown: time::from_s(a.cooldown_s),
            warmup: time::from_s(a.warmup_s),
            ready: instances.clamp(min, max),
            warming: VecDeque::new(),
            last_action: None,
            actions: 0,
        }
    }

    /// Instances warming up now.
    pub fn warming(&self) -> u32 {
        self.warming.iter().map(|&(_, n)| n).sum()
    }

    /// Ready and warming instances: the count the autoscaler has asked for.
    pub fn current(&self) -> u32 {
        self.ready + self.warming()
    }

    /// Decides at `now`, given the utilization of the last interval (busy workers over
    /// the workers of ready and warming instances), and applies the decision. A scale-up
    /// returns when its instances will be ready (for the caller to wake [`Scaler::promote`]).
    pub fn evaluate(&mut self, now: SimTime, utilization: f64) -> (Scaling, Option<SimTime>) {
        if let Some(last) = self.last_action
            && now.saturating_sub(last) < self.cooldown
        {
            return (Scaling::Hold, None);
        }
        let current = self.current();
        let desired = desired_instances(current, utilization, self.target, self.min, self.max);
        if desired > current {
            let n = desired - current;
            let at = now.saturating_add(self.warmup);
            if self.warmup == 0 {
                self.ready += n;
            } else {
                self.warming.push_back((at, n));
            }
            self.acted(now);
            (Scaling::Up(n), (self.warmup > 0).then_some(at))
        } else if desired < current {
            let mut n = current - desired;
            let down = n;
            // Instances that never took work go first: cancelling a boot costs nothing.
            while n > 0 {
                let Some(last) = self.warming.back_mut() else {
                    break;
                };
                let k = last.1.min(n);
                last.1 -= k;
                n -= k;
                if last.1 == 0 {
                    self.warming.pop_back();
                }
            }
            self.ready -= n.min(self.ready);
            self.acted(now);
            (Scaling::Down(down), None)
        } else {
            (Scaling::Hold, None)
        }
    }

    fn acted(&mut self, now: SimTime) {
        self.last_action = Some(now);
        self.actions += 1;
    }

    /// Makes the instances whose warm-up is over at `now` ready; returns how many.
    pub fn promote(&mut self, now: SimTime) -> u32 {
        let mut n = 0;
        while let Some(&(at, k)) = self.warming.front() {
            if at > now {
                break;
            }
            self.warming.pop_front();
            n += k;
        }
        self.ready += n;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: SimTime = 1_000_000_000;

    fn config() -> Autoscale {
        Autoscale {
            min_instances: 2,
            max_instances: 20,
            target_utilization: 0.5,
            interval_s: 10.0,
            cooldown_s: 30.0,
            warmup_s: 5.0,
        }
    }

    #[test]
    fn the_hpa_rule_rounds_up_and_clamps() {
        // 4 instances at 90 % for a 60 % target: ceil(6) = 6.
        assert_eq!(desired_instances(4, 0.9, 0.6, 1, 10), 6);
        // ceil(4 × 0.7 / 0.6) = ceil(4.67) = 5.
        assert_eq!(desired_instances(4, 0.7, 0.6, 1, 10), 5);
        // Exactly on target stays, despite floating-point rounding.
        assert_eq!(desired_instances(3, 0.6, 0.6, 1, 10), 3);
        assert_eq!(desired_instances(10, 0.1, 0.6, 1, 10), 2);
        assert_eq!(desired_instances(10, 0.0, 0.6, 3, 10), 3, "min");
        assert_eq!(desired_instances(10, 1.0, 0.1, 1, 12), 12, "max");
        assert_eq!(desired_instances(5, f64::NAN, 0.6, 1, 10), 5, "no measure");
    }

    #[test]
    fn a_scale_up_warms_before_it_serves() {
        let mut s = Scaler::new(&config(), 2);
        let (d, at) = s.evaluate(10 * S, 1.0);
        assert_eq!(d, Scaling::Up(2));
        assert_eq!(at, Some(15 * S));
        assert_eq!((s.ready, s.warming(), s.current()), (2, 2, 4));
        assert_eq!(s.promote(14 * S), 0);
        assert_eq!(s.promote(15 * S), 2);
        assert_eq!((s.ready, s.warming()), (4, 0));
    }

    #[test]
    fn the_cooldown_holds_every_action_until_it_passed() {
        let mut s = Scaler::new(&config(), 2);
        assert_eq!(s.evaluate(10 * S, 1.0).0, Scaling::Up(2));
        assert_eq!(s.evaluate(20 * S, 1.0).0, Scaling::Hold);
        assert_eq!(s.evaluate(30 * S, 0.0).0, Scaling::Hold);
        assert_eq!(s.evaluate(40 * S, 1.0).0, Scaling::Up(4));
        assert_eq!(s.actions, 2);
    }

    #[test]
    fn a_scale_down_cancels_warming_instances_first() {
        let mut s = Scaler::new(&config(), 4);
        s.evaluate(0, 1.0); // 4 → 8: four warming
        assert_eq!((s.ready, s.warming()), (4, 4));
        // 30 s later, before the warm-up ended (a long warm-up here): at 25 % of 8 for 50 %.
        s.warmup = 100 * S;
        let (d, _) = s.evaluate(30 * S, 0.25);
        assert_eq!(d, Scaling::Down(4));
        assert_eq!((s.ready, s.warming()), (4, 0));
        let (d, _) = s.evaluate(60 * S, 0.0);
        assert_eq!(d, Scaling::Down(2));
        assert_eq!((s.ready, s.warming()), (2, 0), "never below min");
    }

    #[test]
    fn the_start_is_clamped_to_the_bounds() {
        assert_eq!(Scaler::new(&config(), 1).ready, 2);
        assert_eq!(Scaler::new(&config(), 50).ready, 20);
    }
}
