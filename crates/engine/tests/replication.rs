//! Database replication in whole runs, against formulas: stale reads under synchronous,
//! semi-synchronous and asynchronous replication (a Poisson write stream per key and a
//! constant lag L make a read stale with probability 1 − exp(−w_k·L)), lost writes (w·L, and
//! Little's law λ·W for a random lag) and failed writes around a failover, read capacity growing with the replicas, and CP vs AP
//! under a partition (refusals vs stale reads and conflicting writes).
//!
//! Run with `--nocapture` to see measured vs predicted.

mod common;

use archsim_engine::{FailReason, Scenario, Summary};
use common::*;
use serde_json::{Value, json};

/// Keys of every test client: Zipf over this many keys with exponent `ZIPF_S`.
const KEYS: u32 = 100;
const ZIPF_S: f64 = 1.0;

/// The Zipf probabilities of the test clients' keys (key k has weight 1/(k+1)^s).
fn zipf(count: u32, s: f64) -> Vec<f64> {
    let w: Vec<f64> = (1..=count).map(|k| 1.0 / (k as f64).powf(s)).collect();
    let total: f64 = w.iter().sum();
    w.into_iter().map(|x| x / total).collect()
}

/// A client at `rps` (Poisson, `read_ratio` reads) straight into a database with
/// `replication` over a 0 ms connection; 1 ms constant queries and so many connections
/// that nothing waits, unless `db` overrides the database's fields.
fn setup(
    rps: f64,
    read_ratio: f64,
    keys: u32,
    replication: Value,
    db: Value,
    faults: Value,
    duration_s: f64,
) -> Scenario {
    let mut params = json!({"type": "database", "connections": 10_000,
        "read_time": {"dist": "constant", "ms": 1.0}, "write_time": {"dist": "constant", "ms": 1.0},
        "queue_capacity": 100_000, "max_wait_ms": 100_000.0, "replication": replication});
    if let (Some(p), Some(extra)) = (params.as_object_mut(), db.as_object()) {
        for (k, v) in extra {
            p.insert(k.clone(), v.clone());
        }
    }
    scenario(json!({
        "components": [
            {"id": "app", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
                "read_ratio": read_ratio, "keys": {"dist": "zipf", "count": keys, "s": ZIPF_S},
                "timeout_ms": 20_000.0}},
            {"id": "db", "params": params},
        ],
        "connections": [{"from": "app", "to": "db", "latency": {"dist": "constant", "ms": 0}}],
        "faults": faults,
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": 0, "window_ms": 1000},
    }))
}

fn replication(replicas: u32, mode: &str, lag: Value) -> Value {
    json!({"replicas": replicas, "mode": mode, "lag": lag, "split_reads": true,
        "balance": "round_robin", "detection_ms": 2000.0, "partition_mode": "cp"})
}

fn constant(ms: f64) -> Value {
    json!({"dist": "constant", "ms": ms})
}

fn summaries(s: &Scenario, seeds: u64) -> Vec<Summary> {
    let seeds: Vec<u64> = (1..=seeds).collect();
    replicate(&seeds, |seed| run(s, seed).summary())
}

fn stale_share(s: &Summary) -> f64 {
    s.replication.stale_share()
}

/// The share of reads that find their key stale, for writes at `write_rps` spread over the
/// keys like the reads, with a constant lag `lag_s`: Σ_k p_k (1 − exp(−w p_k L)).
fn predicted_stale_share(write_rps: f64, lag_s: f64) -> f64 {
    zipf(KEYS, ZIPF_S)
        .iter()
        .map(|p| p * (1.0 - (-write_rps * p * lag_s).exp()))
        .sum()
}

#[test]
fn synchronous_replication_never_serves_a_stale_read() {
    // Exponential lags, so replicas apply at different times: only the commit rule protects.
    let lag = json!({"dist": "exponential", "mean_ms": 50.0});
    let s = setup(
        1000.0,
        0.8,
        KEYS,
        replication(2, "sync", lag),
        json!({}),
        json!([]),
        20.0,
    );
    for summary in summaries(&s, 3) {
        let r = summary.replication;
        eprintln!(
            "sync: {} replica reads, {} stale (predicted exactly 0)",
            r.replica_reads, r.stale_reads
        );
        assert!(r.replica_reads > 10_000, "the replicas served the reads");
        assert_eq!(r.stale_reads, 0);
    }
}

#[test]
fn asynchronous_stale_reads_follow_one_minus_exp_of_write_rate_times_lag() {
    // 1000 requests/s, 20 % writes: w = 200 writes/s over 100 Zipf keys.
    let mut last = 0.0;
    for lag_ms in [10.0, 50.0, 250.0] {
        let s = setup(
            1000.0,
            0.8,
            KEYS,
            replication(2, "async", constant(lag_ms)),
            json!({}),
            json!([]),
            20.0,
        );
        let shares: Vec<f64> = summaries(&s, 8).iter().map(stale_share).collect();
        let est = Estimate::of(&shares);
        let predicted = predicted_stale_share(200.0, lag_ms / 1000.0);
        // Tolerance 6 %: more than 3 standard errors of the 8-seed mean (assert_close checks).
        assert_close(
            &format!("async, lag {lag_ms} ms: stale share"),
            est,
            predicted,
            0.06,
        );
        assert!(est.mean > last, "stale reads grow with the lag");
        last = est.mean;
    }
}

#[test]
fn semi_synchronous_lies_between_sync_and_async() {
    let lag = json!({"dist": "exponential", "mean_ms": 50.0});
    let measure = |mode: &str| {
        let s = setup(
            1000.0,
            0.8,
            KEYS,
            replication(2, mode, lag.clone()),
            json!({}),
            json!([]),
            20.0,
        );
        let shares: Vec<f64> = summaries(&s, 6).iter().map(stale_share).collect();
        Estimate::of(&shares)
    };
    let semi = measure("semi_sync");
    let asynchronous = measure("async");
    eprintln!(
        "stale share: sync 0 < semi-sync {:.4} (±{:.4}) < async {:.4} (±{:.4})",
        semi.mean, semi.se, asynchronous.mean, asynchronous.se
    );
    // Semi-sync commits when the faster replica has the write, so only the slower one can be
    // stale: each difference must exceed 3 standard errors.
    assert!(semi.mean > 3.0 * semi.se, "semi-sync has stale reads");
    let gap_se = (semi.se.powi(2) + asynchronous.se.powi(2)).sqrt();
    assert!(
        asynchronous.mean - semi.mean > 3.0 * gap_se,
        "semi-sync is fresher than async"
    );
}

/// 400 requests/s, half writes (w = 200/s), async with a constant lag of 100 ms; the primary
/// crashes at 10 s and a replica is promoted after a 2 s detection delay.
fn crash_at_10s() -> Scenario {
    setup(
        400.0,
        0.5,
        KEYS,
        replication(2, "async", constant(100.0)),
        json!({}),
        json!([{"at_s": 10.0, "fault": {"action": "crash", "component": "db"}}]),
        14.0,
    )
}

#[test]
fn a_primary_crash_loses_write_rate_times_lag_writes() {
    // The writes committed in the last L before the crash had not reached any replica:
    // a Poisson count with mean w·L = 200/s × 0.1 s = 20.
    let runs = summaries(&crash_at_10s(), 30);
    let lost: Vec<f64> = runs
        .iter()
        .map(|s| s.replication.lost_writes as f64)
        .collect();
    for s in &runs {
        assert_eq!(s.replication.failovers, 1, "one promotion");
    }
    // Poisson(20) has sd 4.5; over 30 seeds the s.e. is ~4 % of 20: a 15 % tolerance.
    assert_close(
        "lost writes on a primary crash",
        Estimate::of(&lost),
        20.0,
        0.15,
    );
}

#[test]
fn lost_writes_follow_littles_law_with_a_random_lag() {
    // One replica, exponential lags applied in log order: the writes on the wire at a random
    // instant number λ·W (Little's law), W being the measured mean replication lag. They
    // are what a crash loses.
    let s = setup(
        400.0,
        0.5,
        KEYS,
        replication(1, "async", json!({"dist": "exponential", "mean_ms": 20.0})),
        json!({}),
        json!([{"at_s": 10.0, "fault": {"action": "crash", "component": "db"}}]),
        12.0,
    );
    let runs = summaries(&s, 120);
    let lost: Vec<f64> = runs
        .iter()
        .map(|s| s.replication.lost_writes as f64)
        .collect();
    let lag_s = runs
        .iter()
        .map(|s| s.replication.lag_ms_mean / 1000.0)
        .sum::<f64>()
        / runs.len() as f64;
    eprintln!(
        "measured mean lag {:.2} ms (drawn mean 20 ms)",
        lag_s * 1000.0
    );
    // 120 seeds of a count with mean ~9 (burstier than Poisson): s.e. ~5 %; a 25 % tolerance
    // is over 3 s.e.
    assert_close(
        "lost writes = write rate × measured mean lag",
        Estimate::of(&lost),
        200.0 * lag_s,
        0.25,
    );
}

#[test]
fn writes_fail_for_the_detection_delay_and_reads_carry_on() {
    // Writes reaching the dead primary fail until the promotion: w × delay = 200 × 2 s =
    // 400, plus those in the primary at the crash (w × 1 ms = 0.2). Reads go to the
    // replicas, which never stop.
    let runs = summaries(&crash_at_10s(), 10);
    let failed: Vec<f64> = runs
        .iter()
        .map(|s| s.failed.get(FailReason::ComponentDown) as f64)
        .collect();
    for s in &runs {
        assert_eq!(s.failed.total(), s.failed.get(FailReason::ComponentDown));
    }
    // Poisson(400): sd 20, s.e. over 10 seeds ~1.6 %; 6 % is well over 3 s.e.
    assert_close(
        "writes failed during the failover",
        Estimate::of(&failed),
        400.2,
        0.06,
    );
}

#[test]
fn read_capacity_grows_with_the_replicas() {
    // Reads only, offered far above capacity; each node has 4 connections and 10 ms reads:
    // 400 reads/s per node, and with the split the replicas take all reads: N × 400, with
    // either way of balancing them.
    for (replicas, split, balance) in [
        (1, false, "round_robin"),
        (1, true, "round_robin"),
        (2, true, "round_robin"),
        (4, true, "round_robin"),
        (3, true, "least_loaded"),
    ] {
        let mut r = replication(replicas, "async", constant(1.0));
        r["split_reads"] = json!(split);
        r["balance"] = json!(balance);
        let s = setup(
            4000.0,
            1.0,
            KEYS,
            r,
            json!({"connections": 4, "read_time": {"dist": "constant", "ms": 10.0},
                "queue_capacity": 50}),
            json!([]),
            10.0,
        );
        let summary = run(&s, 1).summary();
        let capacity = 400.0 * replicas as f64;
        // Deterministic service and a full queue at every node: only the first busy period
        // and the last unfinished queries are missing, well under 1 %.
        assert_rel(
            &format!("{replicas} replica(s), split {split}, {balance}: read throughput"),
            summary.throughput_rps,
            capacity,
            0.01,
        );
    }
}

/// 500 requests/s, half writes (w = 250/s), over 1000 Zipf keys; sync replication to two
/// replicas; a partition separates the primary from them from 5 s to 15 s.
fn partitioned(mode: &str) -> Scenario {
    let mut r = replication(2, "sync", constant(5.0));
    r["partition_mode"] = json!(mode);
    r["detection_ms"] = json!(1000.0);
    setup(
        500.0,
        0.5,
        1000,
        r,
        json!({}),
        json!([{"at_s": 5.0, "fault": {"action": "partition_replicas", "component": "db", "duration_s": 10.0}}]),
        20.0,
    )
}

#[test]
fn cp_refuses_during_a_partition_and_never_conflicts() {
    // The lone primary refuses every write until the replicas elect one of themselves,
    // after the detection delay: w × d = 250 × 1 s refusals. Sync replication: no stale.
    let runs = summaries(&partitioned("cp"), 16);
    let refused: Vec<f64> = runs
        .iter()
        .map(|s| s.failed.get(FailReason::NoQuorum) as f64)
        .collect();
    for s in &runs {
        assert_eq!(s.replication.conflicting_writes, 0);
        assert_eq!(s.replication.stale_reads, 0);
        assert_eq!(s.replication.failovers, 1, "the majority elected a primary");
    }
    // Poisson(250) and a few reads caught mid-write: s.e. over 16 seeds ~2.5 %; 10 % is
    // over 3 s.e.
    assert_close("CP: refused writes", Estimate::of(&refused), 250.0, 0.10);
}

#[test]
fn ap_serves_stale_reads_and_conflicts_on_keys_written_on_both_sides() {
    // The old primary takes every write for the detection delay d, then the two primaries
    // share them at random: per key, side A gets a_k = w p_k (d + (D − d)/2) writes, side B
    // b_k = w p_k (D − d)/2 (Poisson). A key written on both sides conflicts with all its
    // writes: E = Σ_k a_k (1 − e^−b_k) + b_k (1 − e^−a_k).
    let (w, d, dur) = (250.0, 1.0, 10.0);
    let predicted: f64 = zipf(1000, ZIPF_S)
        .iter()
        .map(|p| {
            let a = w * p * (d + (dur - d) / 2.0);
            let b = w * p * (dur - d) / 2.0;
            a * (1.0 - (-b).exp()) + b * (1.0 - (-a).exp())
        })
        .sum();
    let runs = summaries(&partitioned("ap"), 6);
    let conflicts: Vec<f64> = runs
        .iter()
        .map(|s| s.replication.conflicting_writes as f64)
        .collect();
    for s in &runs {
        assert_eq!(s.failed.get(FailReason::NoQuorum), 0, "AP refuses nothing");
        assert_eq!(s.failed.total(), 0);
        assert!(
            s.replication.stale_reads > 0,
            "the replicas serve stale reads"
        );
    }
    eprintln!(
        "AP: stale reads {} (CP: 0)",
        runs[0].replication.stale_reads
    );
    assert_close(
        "AP: conflicting writes",
        Estimate::of(&conflicts),
        predicted,
        0.05,
    );
}

#[test]
fn the_replication_example_fails_over_and_counts_lost_writes() {
    let s = example("replication.json");
    let summary = run(&s, s.run.seed).summary();
    let r = summary.replication;
    eprintln!(
        "example: stale {} of {} replica reads, lost {}, failovers {}, lag {:.1} ms",
        r.stale_reads, r.replica_reads, r.lost_writes, r.failovers, r.lag_ms_mean
    );
    assert_eq!(r.failovers, 1);
    assert!(r.lost_writes > 0);
    assert!(r.stale_reads > 0);
    let db = summary
        .components
        .iter()
        .find(|c| c.replication.primary.is_some())
        .expect("the database reports its primary");
    assert_ne!(db.replication.primary, Some(0), "a replica was promoted");
}
