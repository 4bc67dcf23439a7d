//! A cache's eviction policies against what theory says of them under independent requests
//! (each read picks its key from a fixed Zipf law, whatever came before):
//! - LRU's hit ratio is given by Che's approximation;
//! - LFU keeps the hottest keys, so its hit ratio approaches their share of the reads;
//! - FIFO and random eviction have the same hit ratio (Gelenbe, 1973), below LRU's.

mod common;

use common::{run, scenario};
use serde_json::json;

const KEYS: u32 = 10_000;

/// Zipf(s) over `KEYS` keys: the probability of each, hottest first.
fn zipf(s: f64) -> Vec<f64> {
    let w: Vec<f64> = (1..=KEYS).map(|k| (k as f64).powf(-s)).collect();
    let total: f64 = w.iter().sum();
    w.iter().map(|x| x / total).collect()
}

/// Che's approximation of an LRU cache of `capacity` entries: the characteristic time T
/// solves Σ (1 − e^(−p·T)) = capacity, and the hit ratio is Σ p·(1 − e^(−p·T)).
fn che(p: &[f64], capacity: f64) -> f64 {
    let held = |t: f64| p.iter().map(|&q| 1.0 - (-q * t).exp()).sum::<f64>();
    let (mut lo, mut hi) = (0.0, 1.0);
    while held(hi) < capacity {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if held(mid) < capacity {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    p.iter().map(|&q| q * (1.0 - (-q * lo).exp())).sum()
}

/// The hit ratio of a cache of `capacity` entries evicting by `eviction`, read at 2,000
/// requests/s with Zipf(s) keys for 60 s (the first 10 s, filling it, not measured).
fn hit_ratio(eviction: &str, capacity: u32, s: f64) -> f64 {
    let sc = scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": 2000}},
                "read_ratio": 1.0, "keys": {"dist": "zipf", "count": KEYS, "s": s}, "timeout_ms": 10_000}},
            {"id": "cache", "params": {"type": "cache",
                "mode": {"policy": "lru", "capacity": capacity, "ttl_ms": 1.0e9},
                "eviction": eviction,
                "latency": {"dist": "constant", "ms": 0.2}}},
            {"id": "db", "params": {"type": "database", "connections": 100,
                "read_time": {"dist": "exponential", "mean_ms": 1},
                "queue_capacity": 100_000, "max_wait_ms": 10_000}}
        ],
        "connections": [{"from": "users", "to": "cache"}, {"from": "cache", "to": "db"}],
        "run": {"seed": 5, "duration_s": 60, "warmup_s": 10, "window_ms": 1000}
    }));
    let s = run(&sc, 5).summary();
    let cache = &s.components[1];
    assert!(cache.hits + cache.misses > 90_000, "too few lookups");
    cache.hit_ratio
}

#[test]
fn lru_matches_ches_approximation() {
    // 100 000 measured lookups: a ratio's standard error is below 0.2 %; Che's
    // approximation is within about 1 % of exact LRU for Zipf laws of this size.
    for (s, capacity) in [(0.8, 100), (0.8, 1000), (1.0, 100), (1.0, 1000)] {
        let theory = che(&zipf(s), capacity as f64);
        let sim = hit_ratio("lru", capacity, s);
        eprintln!("LRU, Zipf({s}), {capacity} entries: {sim:.4}, Che {theory:.4}");
        assert!(
            (sim - theory).abs() < 0.015,
            "LRU hit ratio {sim:.4} is not Che's {theory:.4} (Zipf {s}, {capacity} entries)"
        );
    }
}

#[test]
fn lfu_keeps_the_hottest_keys() {
    // The best any cache of C entries can do under independent requests is to hold the C
    // hottest keys: their share of the reads. LFU approaches it, well above LRU. It counts
    // uses only while it holds an entry (as real caches do), so it trails the optimum by a
    // few points: a hot key evicted while the cache filled comes back with one use, and the
    // next miss evicts it again (measured: 0.271 for 0.300, 0.735 for 0.765).
    for (s, capacity) in [(0.8, 100), (1.0, 1000)] {
        let p = zipf(s);
        let top: f64 = p[..capacity as usize].iter().sum();
        let lfu = hit_ratio("lfu", capacity, s);
        let lru = che(&p, capacity as f64);
        eprintln!("LFU, Zipf({s}), {capacity} entries: {lfu:.4}, top-C {top:.4}, LRU {lru:.4}");
        assert!(lfu <= top + 0.01, "LFU {lfu:.4} beats the optimum {top:.4}");
        assert!(
            lfu > top - 0.045,
            "LFU {lfu:.4} is far below the hottest keys' share {top:.4}"
        );
        assert!(lfu > lru + 0.01, "LFU {lfu:.4} is not above LRU {lru:.4}");
    }
}

#[test]
fn fifo_and_random_eviction_hit_alike_below_lru() {
    for (s, capacity) in [(0.8, 100), (1.0, 1000)] {
        let fifo = hit_ratio("fifo", capacity, s);
        let random = hit_ratio("random", capacity, s);
        let lru = che(&zipf(s), capacity as f64);
        eprintln!(
            "Zipf({s}), {capacity} entries: FIFO {fifo:.4}, random {random:.4}, LRU {lru:.4}"
        );
        assert!(
            (fifo - random).abs() < 0.01,
            "FIFO {fifo:.4} and random {random:.4} differ"
        );
        assert!(
            fifo < lru - 0.01,
            "FIFO {fifo:.4} is not below LRU {lru:.4}"
        );
    }
}

/// One hot key read at `rps` through a cache (capacity 10, TTL `ttl_ms`, lookups 0.2 ms) in
/// front of a database answering in 20 ms, 1 ms away: a fill takes 22 ms. Returns the
/// cache's misses and the database's reads over the measured 50 s.
fn hot_key(rps: f64, ttl_ms: f64, coalesce: bool, ttl_jitter: f64) -> (u64, u64) {
    let sc = scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
                "read_ratio": 1.0, "keys": {"dist": "zipf", "count": 1, "s": 1.0}, "timeout_ms": 10_000}},
            {"id": "cache", "params": {"type": "cache",
                "mode": {"policy": "lru", "capacity": 10, "ttl_ms": ttl_ms},
                "coalesce": coalesce, "ttl_jitter": ttl_jitter,
                "latency": {"dist": "constant", "ms": 0.2}}},
            {"id": "db", "params": {"type": "database", "connections": 1000,
                "read_time": {"dist": "constant", "ms": 20},
                "queue_capacity": 100_000, "max_wait_ms": 10_000}}
        ],
        "connections": [
            {"from": "users", "to": "cache", "latency": {"dist": "constant", "ms": 1}},
            {"from": "cache", "to": "db", "latency": {"dist": "constant", "ms": 1}}
        ],
        "run": {"seed": 9, "duration_s": 60, "warmup_s": 10, "window_ms": 1000}
    }));
    let s = run(&sc, 9).summary();
    (s.components[1].misses, s.components[2].arrivals)
}

#[test]
fn coalescing_turns_a_hot_keys_stampede_into_one_read() {
    // When the hot key expires, every read that misses before the first refill is back
    // (22 ms later) is a miss: 1 + λ·0.022 of them per expiry, Poisson arrivals. Without
    // coalescing each one reads the database; with it, only the first does.
    let rps = 1000.0;
    let burst = 1.0 + rps * 0.022;
    let (misses, db) = hot_key(rps, 1000.0, false, 0.0);
    eprintln!("without coalescing: {misses} misses, {db} database reads");
    assert_eq!(db, misses, "every miss reads the database");
    let (misses, db) = hot_key(rps, 1000.0, true, 0.0);
    let per_read = misses as f64 / db as f64;
    eprintln!(
        "with coalescing: {misses} misses, {db} database reads ({per_read:.2} per read, theory {burst:.2})"
    );
    assert!(
        (per_read - burst).abs() < 0.1 * burst,
        "{per_read:.2} misses per database read, expected 1 + λ·D = {burst:.2}"
    );
}

#[test]
fn ttl_jitter_shortens_an_entrys_mean_life_by_half_the_jitter() {
    // With coalescing, a hot key costs one database read per life of its entry: the TTL
    // (uniform between (1 − j)·TTL and TTL with jitter j), then the wait for the next read
    // (1/λ) and the refill (22 ms). Over the measured 50 s that is 50 / (mean cycle) reads.
    let (rps, ttl) = (1000.0, 0.1);
    for jitter in [0.0, 0.5, 1.0] {
        let cycle = (1.0 - jitter / 2.0) * ttl + 1.0 / rps + 0.022;
        let (_, db) = hot_key(rps, ttl * 1000.0, true, jitter);
        let expected = 50.0 / cycle;
        eprintln!("TTL jitter {jitter}: {db} database reads, theory {expected:.0}");
        assert!(
            (db as f64 - expected).abs() < 0.04 * expected,
            "jitter {jitter}: {db} database reads, expected {expected:.0}"
        );
    }
}

/// Writes only, at `rps` over `keys` uniform keys, through a cache (capacity 100,000, TTL
/// 1 h) writing by `writes` to a database 1 ms away that writes in 10 ms; every link 1 ms,
/// lookups 1 ms. With `crash_at_s`, the cache crashes then (losing its memory) for 1 s.
fn writer(
    writes: &str,
    rps: f64,
    keys: u32,
    flush_ms: f64,
    crash_at_s: Option<f64>,
) -> archsim_engine::Summary {
    let faults = match crash_at_s {
        Some(at_s) => {
            json!([{"at_s": at_s, "fault": {"action": "crash", "component": "cache", "duration_s": 1}}])
        }
        None => json!([]),
    };
    writer_with(writes, rps, keys, flush_ms, faults)
}

/// [`writer`] with any fault timeline.
fn writer_with(
    writes: &str,
    rps: f64,
    keys: u32,
    flush_ms: f64,
    faults: serde_json::Value,
) -> archsim_engine::Summary {
    let sc = scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
                "read_ratio": 0.0, "keys": {"dist": "uniform", "count": keys}, "timeout_ms": 10_000}},
            {"id": "cache", "params": {"type": "cache",
                "mode": {"policy": "lru", "capacity": 100_000, "ttl_ms": 3.6e6},
                "writes": writes, "flush_ms": flush_ms,
                "latency": {"dist": "constant", "ms": 1}}},
            {"id": "db", "params": {"type": "database", "connections": 1000,
                "write_time": {"dist": "constant", "ms": 10},
                "queue_capacity": 100_000, "max_wait_ms": 10_000}}
        ],
        "connections": [
            {"from": "users", "to": "cache", "latency": {"dist": "constant", "ms": 1}},
            {"from": "cache", "to": "db", "latency": {"dist": "constant", "ms": 1}}
        ],
        "faults": faults,
        "run": {"seed": 11, "duration_s": 60, "warmup_s": 10, "window_ms": 1000}
    }));
    run(&sc, 11).summary()
}

#[test]
fn write_through_pays_for_the_store_and_write_back_does_not() {
    // Constant times, no queueing: write-around and write-through answer after the link
    // in (1 ms), the lookup (1), the link to the store (1), its write (10) and both links
    // back (2): 15 ms. Write-back answers from the cache: 1 + 1 + 1 = 3 ms.
    for (writes, ms) in [("around", 15.0), ("through", 15.0), ("back", 3.0)] {
        let s = writer(writes, 200.0, 1000, 1000.0, None);
        eprintln!(
            "{writes}: p50 {:.3} ms, p99 {:.3} ms",
            s.latency.p50_ms, s.latency.p99_ms
        );
        assert!(
            (s.latency.p50_ms - ms).abs() < 0.05 && (s.latency.p99_ms - ms).abs() < 0.05,
            "write-{writes}: p50 {} and p99 {} ms, expected {ms}",
            s.latency.p50_ms,
            s.latency.p99_ms
        );
    }
}

#[test]
fn write_back_flushes_each_key_once_per_period_and_a_crash_loses_what_is_dirty() {
    // Each of K keys is written at λ/K per second (Poisson). Written, it stays dirty for the
    // flush delay F, then the store gets one write for all its writes of that time, and it
    // is clean until its next write (1/(λ/K) on average). So the store gets K/(F + K/λ)
    // writes per second, and a key is dirty for a share F/(F + K/λ) of the time: that many
    // entries are lost when the cache crashes.
    let (rps, keys, flush_s) = (500.0, 1000.0, 2.0);
    let cycle = flush_s + keys / rps;
    let s = writer("back", rps, keys as u32, flush_s * 1000.0, None);
    let db = s.components[2].arrival_rps;
    eprintln!(
        "write-back: {db:.1} store writes/s for {rps} writes/s, theory {:.1}",
        keys / cycle
    );
    assert!(
        (db - keys / cycle).abs() < 0.04 * keys / cycle,
        "store writes/s {db:.1}"
    );
    assert_eq!(
        s.components[1].lost_writes, 0,
        "nothing is lost without a crash"
    );

    let lost: Vec<f64> = [30.0, 40.0, 50.0]
        .iter()
        .map(|&at| {
            let s = writer("back", rps, keys as u32, flush_s * 1000.0, Some(at));
            s.components[1].lost_writes as f64
        })
        .collect();
    let dirty = keys * flush_s / cycle;
    eprintln!("write-back crash: lost {lost:?} entries, theory {dirty:.0} dirty");
    for l in &lost {
        // Binomial(K, share): s.d. √(1000 · ½ · ½) ≈ 16; 60 is nearly 4 s.d.
        assert!(
            (l - dirty).abs() < 60.0,
            "lost {l}, expected about {dirty:.0}"
        );
    }
    // Write-around and write-through lose nothing: the store has every acknowledged write.
    for writes in ["around", "through"] {
        let s = writer(writes, rps, keys as u32, 1000.0, Some(30.0));
        assert_eq!(s.components[1].lost_writes, 0, "write-{writes} lost writes");
    }
}

/// Reads at 1,000/s of Zipf(0.8) keys through a service that calls a cache-aside cache
/// and then the database; constant times: links 1 ms, service 1 ms, lookups 1 ms, database
/// reads 10 ms. `mode` is the cache's.
fn aside(mode: serde_json::Value) -> archsim_engine::Summary {
    let sc = scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": 1000}},
                "read_ratio": 1.0, "keys": {"dist": "zipf", "count": KEYS, "s": 0.8}, "timeout_ms": 10_000}},
            {"id": "api", "params": {"type": "service", "instances": 1, "workers": 1000,
                "service_time": {"dist": "constant", "ms": 1}, "queue_capacity": 1000}},
            {"id": "cache", "params": {"type": "cache", "mode": mode, "reads": "aside",
                "latency": {"dist": "constant", "ms": 1}}},
            {"id": "db", "params": {"type": "database", "connections": 1000,
                "read_time": {"dist": "constant", "ms": 10},
                "queue_capacity": 100_000, "max_wait_ms": 10_000}}
        ],
        "connections": [
            {"from": "users", "to": "api", "latency": {"dist": "constant", "ms": 1}},
            {"from": "api", "to": "cache", "latency": {"dist": "constant", "ms": 1}},
            {"from": "api", "to": "db", "latency": {"dist": "constant", "ms": 1}}
        ],
        "run": {"seed": 13, "duration_s": 60, "warmup_s": 10, "window_ms": 1000}
    }));
    run(&sc, 13).summary()
}

#[test]
fn cache_aside_reads_the_store_only_on_a_miss() {
    // A hit: the link in, the service, the cache and back, the link out: 6 ms. A miss adds
    // the service's read of the database: 1 + 10 + 1 ms more, 18 ms. With 80 % hits the
    // median is a hit and the 99th percentile a miss; the database sees only the misses.
    let s = aside(json!({"policy": "fixed_hit_ratio", "hit_ratio": 0.8}));
    let (cache, db) = (&s.components[2], &s.components[3]);
    eprintln!(
        "cache-aside, 80 % hits: p50 {} ms, p99 {} ms, hit ratio {:.4}, {} misses, {} database reads",
        s.latency.p50_ms, s.latency.p99_ms, cache.hit_ratio, cache.misses, db.arrivals
    );
    assert!((s.latency.p50_ms - 6.0).abs() < 0.05, "a hit takes 6 ms");
    assert!((s.latency.p99_ms - 18.0).abs() < 0.05, "a miss takes 18 ms");
    assert!((cache.hit_ratio - 0.8).abs() < 0.01);
    // Exactly, but for the few misses of the warm-up whose reads arrive after it.
    assert!(
        db.arrivals.abs_diff(cache.misses) <= 5,
        "the database reads the misses"
    );

    // The service fills the cache after each miss: an LRU cache-aside cache holds what a
    // read-through one would, so Che's approximation holds for it too.
    let s = aside(json!({"policy": "lru", "capacity": 100, "ttl_ms": 1.0e9}));
    let theory = che(&zipf(0.8), 100.0);
    let sim = s.components[2].hit_ratio;
    eprintln!("cache-aside LRU, Zipf(0.8), 100 entries: {sim:.4}, Che {theory:.4}");
    assert!(
        (sim - theory).abs() < 0.015,
        "hit ratio {sim:.4}, Che {theory:.4}"
    );
    assert!(s.components[3].arrivals.abs_diff(s.components[2].misses) <= 5);
}

#[test]
fn a_partition_between_a_write_back_cache_and_its_store_loses_the_flushes_it_cuts() {
    // The store gets K/(F + K/λ) = 1000/3 flushes a second (see above). Cut the link for
    // 5 s: every flush sent in that time (and every answer) is lost, which the cache learns
    // 30 s later (its flush's deadline): about 5 × 333 lost writes, all within the run.
    let faults = json!([
        {"at_s": 15.0, "fault": {"action": "partition", "from": "cache", "to": "db"}},
        {"at_s": 20.0, "fault": {"action": "heal", "from": "cache", "to": "db"}}
    ]);
    let s = writer_with("back", 500.0, 1000, 1000.0, faults);
    let lost = s.components[1].lost_writes as f64;
    let expected = 5.0 * 1000.0 / 3.0;
    eprintln!("write-back behind a 5 s partition: {lost} lost writes, theory {expected:.0}");
    assert!(
        (lost - expected).abs() < 0.1 * expected,
        "lost {lost}, expected {expected:.0}"
    );
}
