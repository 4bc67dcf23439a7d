//! Queueing formulas: Erlang C for M/M/c, Allen–Cunneen for M/G/c and G/G/c,
//! Pollaczek–Khinchine for M/G/1, and the moments of a service-time distribution.
//!
//! Rates are per second and times in seconds unless a name says otherwise. Every function
//! returns `None` where the formula does not hold (an unstable queue, no servers).

use crate::scenario::Dist;
use serde::Serialize;

/// The first two moments of a service time: its mean and its squared coefficient of
/// variation (variance / mean², 1 for exponential, 0 for constant).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Moments {
    pub mean_ms: f64,
    pub scv: f64,
}

impl Moments {
    /// The moments of a distribution.
    pub fn of(dist: &Dist) -> Moments {
        let mean_ms = dist.mean_ms();
        let scv = match *dist {
            Dist::Constant { .. } => 0.0,
            Dist::Exponential { .. } => 1.0,
            Dist::Uniform { min_ms, max_ms } => {
                let var = (max_ms - min_ms).powi(2) / 12.0;
                if mean_ms > 0.0 {
                    var / (mean_ms * mean_ms)
                } else {
                    0.0
                }
            }
            Dist::LogNormal { sigma, .. } => libm::exp(sigma * sigma) - 1.0,
        };
        Moments { mean_ms, scv }
    }

    /// A mixture: `self` with probability `p`, else `other` (a database's reads and writes).
    /// On a machine `speed` times faster: the mean shrinks, the variability stays.
    pub fn faster(self, speed: f64) -> Moments {
        Moments {
            mean_ms: self.mean_ms / speed,
            scv: self.scv,
        }
    }

    pub fn mix(self, p: f64, other: Moments) -> Moments {
        let second = |m: Moments| m.mean_ms * m.mean_ms * (1.0 + m.scv);
        let mean_ms = p * self.mean_ms + (1.0 - p) * other.mean_ms;
        let second_ms2 = p * second(self) + (1.0 - p) * second(other);
        let scv = if mean_ms > 0.0 {
            (second_ms2 / (mean_ms * mean_ms) - 1.0).max(0.0)
        } else {
            0.0
        };
        Moments { mean_ms, scv }
    }

    /// Whether the distribution is exponential (SCV 1), where Erlang C is exact.
    pub fn is_exponential(&self) -> bool {
        (self.scv - 1.0).abs() < 1e-12
    }
}

/// Erlang C: the probability that an arrival at an M/M/c queue with offered load
/// `a = λ/μ` (in Erlangs) has to wait. `None` when `a ≥ c` (unstable) or `c = 0`.
pub fn erlang_c(c: u32, a: f64) -> Option<f64> {
    if c == 0 || !(0.0..c as f64).contains(&a) {
        return None;
    }
    // Erlang B by its stable recurrence, then C = B / (1 − ρ(1 − B)).
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    let rho = a / c as f64;
    Some(b / (1.0 - rho * (1.0 - b)))
}

/// M/M/c: the mean wait in queue, Wq = C(c, a) / (cμ − λ).
pub fn mmc_wait(lambda: f64, mu: f64, c: u32) -> Option<f64> {
    let pw = erlang_c(c, lambda / mu)?;
    Some(pw / (c as f64 * mu - lambda))
}

/// Allen–Cunneen: the mean wait in a G/G/c queue, the M/M/c wait scaled by
/// (c_a² + c_s²) / 2. Exact for M/M/c and for M/G/1 (where it is Pollaczek–Khinchine).
pub fn allen_cunneen_wait(lambda: f64, mu: f64, c: u32, ca2: f64, cs2: f64) -> Option<f64> {
    Some(mmc_wait(lambda, mu, c)? * (ca2 + cs2) / 2.0)
}

/// Pollaczek–Khinchine: the mean wait of an M/G/1 queue,
/// Wq = ρ(1 + c_s²) / (2μ(1 − ρ)); for M/D/1 (c_s² = 0) that is ρ / (2μ(1 − ρ)).
pub fn pollaczek_khinchine_wait(lambda: f64, mu: f64, cs2: f64) -> Option<f64> {
    let rho = lambda / mu;
    if !(0.0..1.0).contains(&rho) {
        return None;
    }
    Some(rho * (1.0 + cs2) / (2.0 * mu * (1.0 - rho)))
}

/// Which formula predicts a station's waiting time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// Poisson arrivals, exponential service: Erlang C, exact.
    Mmc,
    /// Poisson arrivals, one server, general service: Pollaczek–Khinchine, exact.
    Mg1,
    /// Poisson arrivals, one server, constant service: Pollaczek–Khinchine, exact.
    Md1,
    /// Poisson arrivals, several servers, general service: Allen–Cunneen, approximate.
    Mgc,
    /// Non-Poisson arrivals: Allen–Cunneen, approximate.
    Ggc,
    /// Unlimited servers (M/G/∞): nobody waits, W is the service time.
    Infinite,
}

impl Model {
    /// The textbook name.
    pub fn name(self) -> &'static str {
        match self {
            Model::Mmc => "M/M/c",
            Model::Mg1 => "M/G/1",
            Model::Md1 => "M/D/1",
            Model::Mgc => "M/G/c",
            Model::Ggc => "G/G/c",
            Model::Infinite => "M/G/∞",
        }
    }

    /// The model of a station with `c` servers, arrivals of SCV `ca2` and service `s`.
    pub fn of(c: Option<u32>, ca2: f64, s: Moments) -> Model {
        let poisson = (ca2 - 1.0).abs() < 1e-9;
        match c {
            None => Model::Infinite,
            Some(_) if !poisson => Model::Ggc,
            Some(_) if s.is_exponential() => Model::Mmc,
            Some(1) if s.scv == 0.0 => Model::Md1,
            Some(1) => Model::Mg1,
            Some(_) => Model::Mgc,
        }
    }
}

/// The mean wait in queue (seconds) of a station with `c` servers (`None`: unlimited),
/// arrival rate `lambda`, service `s` and arrivals of SCV `ca2`.
pub fn wait_s(lambda: f64, c: Option<u32>, s: Moments, ca2: f64) -> Option<f64> {
    let mu = 1000.0 / s.mean_ms;
    match Model::of(c, ca2, s) {
        Model::Infinite => Some(0.0),
        Model::Mmc => mmc_wait(lambda, mu, c?),
        Model::Md1 | Model::Mg1 => pollaczek_khinchine_wait(lambda, mu, s.scv),
        Model::Mgc | Model::Ggc => allen_cunneen_wait(lambda, mu, c?, ca2, s.scv),
    }
}

/// The squared coefficient of variation of the departures of a station (Whitt's QNA):
/// c_d² = 1 + (1 − ρ²)(c_a² − 1) + ρ²(c_s² − 1)/√c. Used for the arrivals downstream.
pub fn departure_scv(rho: f64, c: u32, ca2: f64, cs2: f64) -> f64 {
    let rho2 = (rho * rho).min(1.0);
    (1.0 + (1.0 - rho2) * (ca2 - 1.0) + rho2 * (cs2 - 1.0) / (c.max(1) as f64).sqrt()).max(0.0)
}

/// The SCV of the arrivals a random split sends one way with probability `p` (QNA):
/// p·c_a² + 1 − p. A Poisson stream stays Poisson.
pub fn split_scv(p: f64, ca2: f64) -> f64 {
    p * ca2 + 1.0 - p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-12)
    }

    #[test]
    fn erlang_c_with_one_server_is_rho() {
        // With c = 1 an arrival waits exactly when the server is busy: P = ρ.
        for rho in [0.1, 0.5, 0.9] {
            assert!(close(erlang_c(1, rho).unwrap(), rho, 1e-12));
        }
    }

    #[test]
    fn erlang_c_refuses_an_unstable_queue() {
        assert_eq!(erlang_c(2, 2.0), None);
        assert_eq!(erlang_c(0, 0.5), None);
        assert_eq!(pollaczek_khinchine_wait(10.0, 10.0, 0.0), None);
    }

    #[test]
    fn lognormal_moments() {
        let m = Moments::of(&Dist::LogNormal {
            median_ms: 10.0,
            sigma: 0.5,
        });
        assert!(close(m.scv, (0.25f64).exp() - 1.0, 1e-12));
        let u = Moments::of(&Dist::Uniform {
            min_ms: 0.0,
            max_ms: 2.0,
        });
        assert!(close(u.scv, 1.0 / 3.0, 1e-12));
    }

    #[test]
    fn a_mixture_of_two_constants_has_their_spread() {
        // Half 0 ms, half 2 ms: mean 1, variance 1, SCV 1.
        let m = Moments {
            mean_ms: 0.0,
            scv: 0.0,
        }
        .mix(
            0.5,
            Moments {
                mean_ms: 2.0,
                scv: 0.0,
            },
        );
        assert!(close(m.mean_ms, 1.0, 1e-12));
        assert!(close(m.scv, 1.0, 1e-12));
    }
}
