//! The run beside the prediction: each measured mean with a 95 % confidence interval by
//! batch means (the measured windows grouped into consecutive batches, whose means are
//! nearly independent), and Little's law on the run's summary.

use super::{Analysis, Station, station};
use crate::metrics::{ComponentWindow, Report, Summary, WindowStats};
use crate::scenario::{Params, Scenario};
use serde::Serialize;

/// Batches the measured windows are grouped into (fewer when there are fewer windows).
pub const BATCHES: usize = 20;

/// How far apart L and λW may be for Little's law to count as holding: the run's edges
/// (requests inside at the start and the end of the measured time) make them differ a
/// little.
pub const LITTLE_TOLERANCE: f64 = 0.05;

/// A 95 % confidence interval of a mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// The standard error of the mean (the spread of the batch means / √batches).
    pub se: f64,
    /// How many batches the interval comes from.
    pub batches: usize,
}

impl Interval {
    /// The interval of the mean of `batches` (each one batch's mean); `None` for fewer
    /// than two.
    pub fn of(batches: &[f64]) -> Option<Interval> {
        let n = batches.len();
        if n < 2 {
            return None;
        }
        let mean = batches.iter().sum::<f64>() / n as f64;
        let var = batches.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let se = (var / n as f64).sqrt();
        let half = t_quantile_975(n - 1) * se;
        Some(Interval {
            mean,
            low: mean - half,
            high: mean + half,
            se,
            batches: n,
        })
    }

    /// Whether `x` lies inside (with a hair of room for rounding).
    pub fn contains(&self, x: f64) -> bool {
        let eps = 1e-9 * x.abs().max(1.0);
        x >= self.low - eps && x <= self.high + eps
    }
}

/// A predicted figure and the run's interval for it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub predicted: f64,
    pub simulated: Interval,
    /// Whether the prediction lies inside the interval.
    pub agrees: bool,
}

impl Comparison {
    fn new(predicted: f64, simulated: Interval) -> Comparison {
        Comparison {
            predicted,
            simulated,
            agrees: simulated.contains(predicted),
        }
    }
}

/// Little's law on the run's summary: L (mean number inside) against λW.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LittleCheck {
    pub l: f64,
    pub lambda_w: f64,
    /// |L − λW| / max(L, λW).
    pub gap: f64,
    pub holds: bool,
}

/// What a run measured of one component, beside the predictions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Simulated {
    pub lambda_rps: Option<Comparison>,
    pub utilization: Option<Comparison>,
    pub time_in_system_ms: Option<Comparison>,
    /// The run's whole-run figures.
    pub mean_time_in_system_ms: f64,
    pub hit_ratio: Option<f64>,
    /// Share of the measured time it served (not crashed, not failing over).
    pub availability: f64,
    pub little: Option<LittleCheck>,
    /// Whether every prediction lies inside its interval (`None`: nothing to compare).
    pub agrees: Option<bool>,
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df - 1],
        // Cornish–Fisher: z + (z³ + z) / (4 df).
        _ => 1.959_964 + 2.372 / df as f64,
    }
}

/// Consecutive groups of the windows' indices, as many as [`BATCHES`], the first windows
/// left out when they do not divide evenly (they are the closest to the start).
fn batches(n: usize) -> Vec<std::ops::Range<usize>> {
    let b = BATCHES.min(n);
    if b == 0 {
        return Vec::new();
    }
    let size = n / b;
    let skip = n - size * b;
    (0..b)
        .map(|j| skip + j * size..skip + (j + 1) * size)
        .collect()
}

impl Analysis {
    /// Puts the measurements of `report` (a run of `scenario`) beside the predictions.
    pub fn compare(&mut self, scenario: &Scenario, report: &Report) {
        self.compare_run(scenario, &report.summary, &report.windows);
    }

    /// [`Analysis::compare`] for a run still going: its summary so far and the windows it
    /// has closed.
    pub fn compare_run(&mut self, scenario: &Scenario, summary: &Summary, windows: &[WindowStats]) {
        let window_s = scenario.run.window_ms / 1000.0;
        // Only whole windows after the warm-up.
        let windows: Vec<_> = windows
            .iter()
            .filter(|w| {
                w.start_s >= scenario.run.warmup_s - 1e-9
                    && (w.end_s - w.start_s - window_s).abs() < 1e-6
            })
            .collect();
        let groups = batches(windows.len());
        for (i, comp) in self.components.iter_mut().enumerate() {
            let Some(summary) = summary.components.get(i) else {
                continue;
            };
            let per_window: Vec<&ComponentWindow> =
                windows.iter().filter_map(|w| w.components.get(i)).collect();
            if per_window.len() != windows.len() {
                continue;
            }
            let batch_means = |f: &dyn Fn(&ComponentWindow) -> f64| -> Option<Interval> {
                let means: Vec<f64> = groups
                    .iter()
                    .map(|g| {
                        per_window[g.clone()].iter().map(|w| f(w)).sum::<f64>() / g.len() as f64
                    })
                    .collect();
                Interval::of(&means)
            };
            let lambda_rps = comp.lambda_rps.and_then(|p| {
                batch_means(&|w| w.arrivals as f64 / window_s).map(|i| Comparison::new(p, i))
            });
            let comparable_utilization = !matches!(
                scenario.components[i].params,
                Params::BlobStorage(_) | Params::ExternalApi(_)
            );
            let utilization = comp
                .utilization
                .filter(|_| comparable_utilization)
                .and_then(|p| batch_means(&|w| w.utilization).map(|i| Comparison::new(p, i)));
            // W per batch through Little's law: the batch's mean number inside over its
            // arrival rate. Only for a pool whose calls end inside it.
            let time_in_system_ms = match (
                comp.time_in_system_ms,
                station(&scenario.components[i], 1.0),
            ) {
                (Some(p), Station::Pool { servers, .. }) => {
                    let means: Vec<f64> = groups
                        .iter()
                        .filter_map(|g| {
                            let ws = &per_window[g.clone()];
                            let l = ws
                                .iter()
                                .map(|w| w.queue_len + w.utilization * servers as f64)
                                .sum::<f64>()
                                / ws.len() as f64;
                            let rate = ws.iter().map(|w| w.arrivals as f64).sum::<f64>()
                                / (ws.len() as f64 * window_s);
                            (rate > 0.0).then(|| 1000.0 * l / rate)
                        })
                        .collect();
                    Interval::of(&means).map(|i| Comparison::new(p, i))
                }
                _ => None,
            };
            let little = (summary.arrival_rps > 0.0).then(|| {
                let l = summary.mean_in_system;
                let lambda_w = summary.arrival_rps * summary.mean_time_in_system_ms / 1000.0;
                let gap = (l - lambda_w).abs() / l.max(lambda_w).max(1e-12);
                LittleCheck {
                    l,
                    lambda_w,
                    gap,
                    holds: gap <= LITTLE_TOLERANCE,
                }
            });
            let checks: Vec<bool> = [lambda_rps, utilization, time_in_system_ms]
                .iter()
                .flatten()
                .map(|c| c.agrees)
                .collect();
            let agrees = (!checks.is_empty()).then(|| checks.iter().all(|&a| a));
            let is_cache = matches!(
                scenario.components[i].params,
                Params::Cache(_) | Params::Cdn(_)
            );
            comp.simulated = Some(Simulated {
                lambda_rps,
                utilization,
                time_in_system_ms,
                mean_time_in_system_ms: summary.mean_time_in_system_ms,
                hit_ratio: is_cache.then_some(summary.hit_ratio),
                availability: summary.availability,
                little,
                agrees,
            });
        }
        if let Some(a) = &mut self.availability {
            a.simulated_uptime_pct = Some(summary.uptime_pct);
            a.simulated_success_ratio = Some(summary.success_ratio);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_the_last_windows_evenly() {
        let b = batches(45);
        assert_eq!(b.len(), 20);
        assert_eq!(b[0], 5..7);
        assert_eq!(b[19], 43..45);
        assert_eq!(batches(3).len(), 3);
        assert!(batches(0).is_empty());
    }

    #[test]
    fn an_interval_of_equal_batches_is_a_point() {
        let i = Interval::of(&[2.0, 2.0, 2.0]).unwrap();
        assert_eq!((i.low, i.mean, i.high), (2.0, 2.0, 2.0));
        assert!(Interval::of(&[1.0]).is_none());
        // Two batches 0 and 2: mean 1, s.e. 1, t(1) = 12.706.
        let j = Interval::of(&[0.0, 2.0]).unwrap();
        assert!((j.high - 1.0 - 12.706).abs() < 1e-9);
    }

    #[test]
    fn t_quantiles_fall_towards_the_normal() {
        assert!((t_quantile_975(10) - 2.228).abs() < 1e-9);
        assert!((t_quantile_975(1000) - 1.962).abs() < 1e-3);
        assert!(t_quantile_975(31) < t_quantile_975(30));
    }
}
