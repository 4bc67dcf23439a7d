//! Randomness: one seeded generator per run and the distributions sampled from it.
//!
//! Transcendental functions come from `libm`, not `std`, so that a sample is the same
//! bit pattern natively and in WebAssembly (std's `ln` calls the platform's libm natively).

use crate::scenario::{Dist, KeyDist};
use crate::time::{NS_PER_MS, SimTime};
use rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The run's random number generator.
#[derive(Clone, Debug)]
pub struct Rng(Xoshiro256PlusPlus);

impl Rng {
    /// A generator determined entirely by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(Xoshiro256PlusPlus::seed_from_u64(seed))
    }

    /// A raw 64-bit sample.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in [0, 1), with 53 random bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in [0, n) (n > 0), without modulo bias worth measuring.
    #[inline]
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * n as u64) >> 32) as u32
    }

    /// Exponential with the given mean.
    #[inline]
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * libm::log(1.0 - self.unit())
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
    }
}

/// A [`Dist`] converted to nanoseconds once, for fast sampling.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DistNs {
    Constant(SimTime),
    Exponential { mean: f64 },
    Uniform { min: f64, span: f64 },
    LogNormal { mu: f64, sigma: f64 },
}

impl DistNs {
    /// Compiles a user distribution (assumed valid).
    pub fn new(d: &Dist) -> DistNs {
        match *d {
            Dist::Constant { ms } => DistNs::Constant(crate::time::from_ms(ms)),
            Dist::Exponential { mean_ms } => DistNs::Exponential {
                mean: mean_ms * NS_PER_MS,
            },
            Dist::Uniform { min_ms, max_ms } => DistNs::Uniform {
                min: min_ms * NS_PER_MS,
                span: (max_ms - min_ms) * NS_PER_MS,
            },
            Dist::LogNormal { median_ms, sigma } => DistNs::LogNormal {
                mu: libm::log(median_ms * NS_PER_MS),
                sigma,
            },
        }
    }

    /// One sample, in nanoseconds, scaled by `factor` (1 = as configured).
    ///
    /// An unscaled constant, what most links take, is answered inline; only the other cases
    /// pay for a call.
    #[inline(always)]
    pub fn sample(&self, rng: &mut Rng, factor: f64) -> SimTime {
        match *self {
            DistNs::Constant(t) if factor == 1.0 => t,
            _ => self.draw(rng, factor),
        }
    }

    /// [`DistNs::sample`] for everything but an unscaled constant.
    #[inline(never)]
    fn draw(&self, rng: &mut Rng, factor: f64) -> SimTime {
        let ns = match *self {
            DistNs::Constant(t) => t as f64,
            DistNs::Exponential { mean } => rng.exp(mean),
            DistNs::Uniform { min, span } => min + span * rng.unit(),
            DistNs::LogNormal { mu, sigma } => libm::exp(mu + sigma * rng.normal()),
        };
        let scaled = ns * factor;
        if scaled.is_finite() && scaled > 0.0 {
            (scaled + 0.5).min(1e18) as SimTime
        } else {
            0
        }
    }
}

/// Draws request keys: uniform, or Zipf by inverting a precomputed CDF.
#[derive(Clone, Debug)]
pub enum KeySampler {
    Uniform(u32),
    Zipf(Zipf),
}

impl KeySampler {
    /// Builds the sampler; Zipf precomputes a table of `count` cumulative weights.
    pub fn new(keys: &KeyDist) -> KeySampler {
        match *keys {
            KeyDist::Uniform { count } => KeySampler::Uniform(count.max(1)),
            KeyDist::Zipf { count, s } => KeySampler::Zipf(Zipf::new(count, s)),
        }
    }

    /// A key in [0, count); with Zipf, key 0 is the hottest.
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> u32 {
        match self {
            KeySampler::Uniform(n) => rng.below(*n),
            KeySampler::Zipf(zipf) => zipf.key(rng.unit()),
        }
    }
}

/// Most buckets a Zipf guide table gets (a quarter of a MiB of `u32`s).
const MAX_GUIDE_BUCKETS: usize = 1 << 16;

/// Zipf keys by inverting the cumulative weights, with a guide table (Chen and Asau) that
/// narrows the search for a uniform `u` to the few keys of its bucket, instead of a binary
/// search over all of them on every request. The answer is exactly the full search's.
#[derive(Clone, Debug)]
pub struct Zipf {
    /// Cumulative weights of keys 0, 1, ..., normalized to end at 1.
    cdf: Vec<f64>,
    /// `guide[j]`: the keys whose cumulative weight is at most `j / buckets`, for `j` in
    /// `0..=buckets`. The number of buckets is a power of two, so `u * buckets` is exact and
    /// a `u` in bucket `j` lies in `[j / buckets, (j + 1) / buckets)`.
    guide: Vec<u32>,
}

impl Zipf {
    fn new(count: u32, s: f64) -> Zipf {
        let n = count.max(1) as usize;
        let mut cdf = Vec::with_capacity(n);
        let mut total = 0.0;
        for k in 1..=n {
            total += 1.0 / libm::pow(k as f64, s);
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        let buckets = n.next_power_of_two().min(MAX_GUIDE_BUCKETS);
        let mut guide = Vec::with_capacity(buckets + 1);
        let mut below = 0;
        for j in 0..=buckets {
            let edge = j as f64 / buckets as f64;
            while below < n && cdf[below] <= edge {
                below += 1;
            }
            guide.push(below as u32);
        }
        Zipf { cdf, guide }
    }

    /// The key for a uniform `u` in [0, 1): the first whose cumulative weight exceeds `u`.
    /// Keys below the bucket's `guide` entry have weights at most `u`, keys from the next
    /// entry on have weights above it, so only the keys between are searched.
    #[inline]
    fn key(&self, u: f64) -> u32 {
        let bucket = (u * (self.guide.len() - 1) as f64) as usize;
        let lo = self.guide[bucket] as usize;
        let hi = self.guide[bucket + 1] as usize;
        let i = lo + self.cdf[lo..hi].partition_point(|&c| c <= u);
        i.min(self.cdf.len() - 1) as u32
    }
}

/// Mixes a key into a well-spread hash (splitmix64 finaliser), for hash-based routing.
#[inline]
pub fn mix(key: u64) -> u64 {
    let mut z = key.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_mean_matches() {
        let mut rng = Rng::new(7);
        let d = DistNs::new(&Dist::Exponential { mean_ms: 10.0 });
        let n = 200_000;
        let sum: f64 = (0..n).map(|_| d.sample(&mut rng, 1.0) as f64).sum();
        let mean_ms = sum / n as f64 / NS_PER_MS;
        assert!((mean_ms - 10.0).abs() < 0.1, "mean {mean_ms}");
    }

    #[test]
    fn lognormal_median_matches() {
        let mut rng = Rng::new(3);
        let d = DistNs::new(&Dist::LogNormal {
            median_ms: 20.0,
            sigma: 0.8,
        });
        let mut xs: Vec<u64> = (0..100_001).map(|_| d.sample(&mut rng, 1.0)).collect();
        xs.sort_unstable();
        let median_ms = xs[50_000] as f64 / NS_PER_MS;
        assert!((median_ms - 20.0).abs() < 0.4, "median {median_ms}");
    }

    #[test]
    fn zipf_hottest_key_has_its_share() {
        // With s = 1 over 100 keys, key 1 has weight 1 / H(100) = 0.1928.
        let sampler = KeySampler::new(&KeyDist::Zipf { count: 100, s: 1.0 });
        let mut rng = Rng::new(11);
        let n = 200_000;
        let hot = (0..n).filter(|_| sampler.sample(&mut rng) == 0).count();
        let share = hot as f64 / n as f64;
        assert!((share - 0.1928).abs() < 0.005, "share {share}");
    }

    #[test]
    fn zipf_guide_finds_what_a_full_search_finds() {
        for (count, s) in [
            (1, 1.0),
            (7, 0.5),
            (100, 1.0),
            (10_000, 1.2),
            (100_000, 0.8),
        ] {
            let zipf = Zipf::new(count, s);
            let full = |u: f64| {
                let i = zipf.cdf.partition_point(|&c| c <= u);
                i.min(zipf.cdf.len() - 1) as u32
            };
            let buckets = (zipf.guide.len() - 1) as f64;
            let mut rng = Rng::new(u64::from(count));
            // Random draws, every bucket edge and the largest value below it, and the
            // cumulative weights themselves (where the answer steps).
            let edges = (0..zipf.guide.len() - 1).map(|j| j as f64 / buckets);
            let below_edges = (1..zipf.guide.len()).map(|j| (j as f64 / buckets).next_down());
            let weights = zipf.cdf.iter().copied().filter(|&c| c < 1.0);
            let draws = (0..20_000).map(|_| rng.unit());
            for u in edges.chain(below_edges).chain(weights).chain(draws) {
                assert_eq!(zipf.key(u), full(u), "count {count}, s {s}, u {u}");
            }
        }
    }

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(99);
        let mut b = Rng::new(99);
        let mut c = Rng::new(100);
        let xa: Vec<u64> = (0..10).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..10).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..10).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }
}
