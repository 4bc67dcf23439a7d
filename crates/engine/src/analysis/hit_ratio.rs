//! The hit ratio of a cache from its capacity, TTL, eviction policy and the popularity of
//! the keys it sees (independent requests, Poisson per key).
//!
//! Each policy's hit probability of a key of rate λ is a function of one characteristic
//! time T, fixed by asking that the cache holds `capacity` entries on average
//! (Σ_i h_i(T) = capacity, each h_i also the share of time key i is held):
//! - LRU, Che's approximation: h = 1 − e^(−λT);
//! - FIFO and random eviction (Martina et al.): h = λT / (1 + λT);
//! - LFU: the `capacity` most popular keys stay, the rest never do.
//!
//! An entry lives until it expires, `ttl` after it was stored (hits do not extend it), or
//! until a write to its key drops it (writes at rate ω per key): its mean life is
//! E[L] = (1 − e^(−ω·ttl)) / ω, and between lives the next read misses, so alone this gives
//! h = λE[L] / (1 + λE[L]); with a capacity too, a key is held when both allow it (the
//! minimum). This is an approximation, and the cold start is left out.

use crate::kinds::params::{Eviction, KeyDist};

/// The most keys whose popularity is summed one by one; more uniform keys are handled in
/// closed form, more Zipf keys cannot be configured.
const MAX_KEYS: u32 = crate::limits::MAX_ZIPF_KEYS;

/// The probability of each key (key 0 the hottest for Zipf), or `None` for more than
/// [`MAX_KEYS`] keys.
pub fn key_probabilities(keys: &KeyDist) -> Option<Vec<f64>> {
    match *keys {
        KeyDist::Uniform { count } if count <= MAX_KEYS => {
            Some(vec![1.0 / count.max(1) as f64; count.max(1) as usize])
        }
        KeyDist::Uniform { .. } => None,
        KeyDist::Zipf { count, s } if count <= MAX_KEYS => {
            let w: Vec<f64> = (0..count.max(1))
                .map(|k| libm::pow(k as f64 + 1.0, -s))
                .collect();
            let total: f64 = w.iter().sum();
            Some(w.into_iter().map(|x| x / total).collect())
        }
        KeyDist::Zipf { .. } => None,
    }
}

/// Requests over one set of keys: a client's keys, or one path's objects at a CDN.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyGroup {
    pub keys: KeyDist,
    pub reads_rps: f64,
    /// Writes over the same keys that drop the cached copy.
    pub invalidations_rps: f64,
}

/// The read hit ratio of a cache holding at most `capacity` entries that expire `ttl_s`
/// after they are stored, seeing `reads_rps` reads over `keys` and `invalidations_rps`
/// writes over the same keys that drop the cached copy.
pub fn hit_ratio(
    keys: &KeyDist,
    reads_rps: f64,
    invalidations_rps: f64,
    capacity: u32,
    ttl_s: f64,
    eviction: Eviction,
) -> Option<f64> {
    let group = KeyGroup {
        keys: *keys,
        reads_rps,
        invalidations_rps,
    };
    hit_ratio_of(&[group], capacity, ttl_s, eviction)
}

/// The hit ratio of a key read at `rate` per second (and written at `omega`) held by a TTL
/// alone: λE[L] / (1 + λE[L]) with E[L] = (1 − e^(−ω·ttl)) / ω.
fn ttl_hit(rate: f64, omega: f64, ttl_s: f64) -> f64 {
    let life_s = if omega > 0.0 {
        -libm::expm1(-omega * ttl_s) / omega
    } else {
        ttl_s
    };
    let x = rate * life_s;
    if x.is_infinite() { 1.0 } else { x / (1.0 + x) }
}

/// The read hit ratio of a cache shared by several groups of keys.
pub fn hit_ratio_of(
    groups: &[KeyGroup],
    capacity: u32,
    ttl_s: f64,
    eviction: Eviction,
) -> Option<f64> {
    let reads_rps: f64 = groups.iter().map(|g| g.reads_rps).sum();
    if reads_rps <= 0.0 {
        return Some(0.0);
    }
    if let [g] = groups
        && let KeyDist::Uniform { count } = g.keys
    {
        // Every key alike: the cache holds `capacity` of the `count`, if the TTL lets it.
        let n = count.max(1) as f64;
        let hit = ttl_hit(g.reads_rps / n, g.invalidations_rps / n, ttl_s);
        return Some((capacity as f64 / n).min(hit));
    }
    // (read rate, write rate) of every key of every group, hottest first.
    let mut keys: Vec<(f64, f64)> = Vec::new();
    for g in groups {
        for p in key_probabilities(&g.keys)? {
            keys.push((p * g.reads_rps, p * g.invalidations_rps));
        }
    }
    // Hottest first (one Zipf group already is, and the sort then only checks it).
    keys.sort_by(|a, b| b.0.total_cmp(&a.0));
    let buckets = buckets(&keys, ttl_s);
    let capacity = capacity as f64;
    if eviction == Eviction::Lfu {
        // The `capacity` most popular keys are held.
        let mut room = capacity;
        let mut hits = 0.0;
        for b in &buckets {
            let held = b.keys.min(room);
            hits += held * b.read_rps * b.ttl_hit;
            room -= held;
            if room <= 0.0 {
                break;
            }
        }
        return Some(hits / reads_rps);
    }
    let h = |b: &Bucket, t: f64| {
        let by_capacity = match eviction {
            Eviction::Lru => -libm::expm1(-b.read_rps * t),
            _ => b.read_rps * t / (1.0 + b.read_rps * t),
        };
        by_capacity.min(b.ttl_hit)
    };
    let held = |t: f64| buckets.iter().map(|b| b.keys * h(b, t)).sum::<f64>();
    let ratio = |t: f64| {
        buckets
            .iter()
            .map(|b| b.keys * b.read_rps * h(b, t))
            .sum::<f64>()
            / reads_rps
    };
    if buckets.iter().map(|b| b.keys * b.ttl_hit).sum::<f64>() <= capacity {
        // The capacity never binds: only the TTL and the writes evict.
        return Some(ratio(f64::INFINITY));
    }
    // Bisection on log T: held(T) grows from 0 to its TTL-only value above capacity.
    let (mut lo, mut hi) = (1e-9_f64, 1e9_f64);
    for _ in 0..60 {
        let mid = (lo * hi).sqrt();
        if held(mid) < capacity {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(ratio((lo * hi).sqrt()))
}

/// How far apart (relatively) the read and write rates of the keys one [`Bucket`] stands
/// for may be: a hit probability is smooth in the rate, so the bucket's error is of the
/// order of this squared.
const BUCKET_SPREAD: f64 = 1e-3;

/// Keys of nearly the same read and write rates, counted once: a million Zipf keys make
/// a few thousand buckets (the hot keys alone, the long tail in groups), so each step of
/// the search for T costs that many hit probabilities instead of a million.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    keys: f64,
    read_rps: f64,
    invalidations_rps: f64,
    ttl_hit: f64,
}

/// `keys` (read rate, write rate), hottest first, in buckets with their mean rates.
fn buckets(keys: &[(f64, f64)], ttl_s: f64) -> Vec<Bucket> {
    let close = |a: f64, b: f64| (a - b).abs() <= BUCKET_SPREAD * a.abs().max(b.abs());
    let mut out: Vec<Bucket> = Vec::new();
    // The first key of the bucket being filled, and its rates summed.
    let mut first = (0.0, 0.0);
    for &(read, write) in keys {
        match out.last_mut() {
            Some(b) if close(read, first.0) && close(write, first.1) => {
                b.keys += 1.0;
                b.read_rps += read;
                b.invalidations_rps += write;
            }
            _ => {
                first = (read, write);
                out.push(Bucket {
                    keys: 1.0,
                    read_rps: read,
                    invalidations_rps: write,
                    ttl_hit: 0.0,
                });
            }
        }
    }
    for b in &mut out {
        b.read_rps /= b.keys;
        b.invalidations_rps /= b.keys;
        b.ttl_hit = ttl_hit(b.read_rps, b.invalidations_rps, ttl_s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_keys_hit_in_proportion_to_the_capacity() {
        let keys = KeyDist::Uniform { count: 1000 };
        for eviction in [Eviction::Lru, Eviction::Fifo, Eviction::Lfu] {
            let h = hit_ratio(&keys, 100.0, 0.0, 250, 1e9, eviction).unwrap();
            assert!((h - 0.25).abs() < 1e-9, "{eviction:?}: {h}");
        }
    }

    #[test]
    fn a_cache_holding_every_key_hits_as_the_ttl_allows() {
        // One key at 10/s with a 1 s TTL: 10 hits per miss, h = 10/11.
        let keys = KeyDist::Uniform { count: 1 };
        let h = hit_ratio(&keys, 10.0, 0.0, 5, 1.0, Eviction::Lru).unwrap();
        assert!((h - 10.0 / 11.0).abs() < 1e-9);
        // Writes at 1/s: a copy lives (1 − e^−1) s on average.
        let life = 1.0 - (-1.0f64).exp();
        let h = hit_ratio(&keys, 10.0, 1.0, 5, 1.0, Eviction::Lru).unwrap();
        assert!((h - 10.0 * life / (1.0 + 10.0 * life)).abs() < 1e-9);
    }

    #[test]
    fn a_million_zipf_keys_fall_into_a_few_thousand_buckets_that_change_nothing() {
        let keys = KeyDist::Zipf {
            count: 1_000_000,
            s: 0.9,
        };
        let p = key_probabilities(&keys).unwrap();
        let rated: Vec<(f64, f64)> = p.iter().map(|p| (p * 1000.0, p * 10.0)).collect();
        let b = buckets(&rated, 60.0);
        assert!(b.len() < 20_000, "{} buckets", b.len());
        assert_eq!(b.iter().map(|b| b.keys).sum::<f64>(), 1e6);
        // Che's sum, key by key against bucket by bucket, at one characteristic time.
        let t = 2.0;
        let one_by_one: f64 = rated.iter().map(|&(r, _)| -libm::expm1(-r * t)).sum();
        let bucketed: f64 = b
            .iter()
            .map(|b| b.keys * -libm::expm1(-b.read_rps * t))
            .sum();
        assert!(
            (one_by_one - bucketed).abs() < 1e-4 * one_by_one,
            "{one_by_one} {bucketed}"
        );
    }

    #[test]
    fn che_holds_the_capacity_and_favours_hot_keys() {
        let keys = KeyDist::Zipf {
            count: 10_000,
            s: 1.0,
        };
        let lru = hit_ratio(&keys, 1000.0, 0.0, 100, 1e9, Eviction::Lru).unwrap();
        let lfu = hit_ratio(&keys, 1000.0, 0.0, 100, 1e9, Eviction::Lfu).unwrap();
        let fifo = hit_ratio(&keys, 1000.0, 0.0, 100, 1e9, Eviction::Fifo).unwrap();
        // LFU keeps the top 100 keys: H(100)/H(10000) = 5.187/9.788.
        assert!((lfu - 5.187_378 / 9.787_606).abs() < 1e-3, "{lfu}");
        assert!(fifo < lru && lru < lfu, "{fifo} {lru} {lfu}");
    }
}
