//! Shard routers against the formulas of the seed notes: what a reshard moves under hash mod
//! N (N/(N+1)) and consistent hashing (1/(N+1), 1/N on removal), even splits of uniform keys,
//! Zipf hot shards, moved-key misses, and range sharding's hot shard under sequential keys.
//!
//! Each check prints measured vs predicted: `cargo test -p archsim-engine --test sharding --
//! --nocapture`. Tolerances are stated beside each check, never under 3 standard errors.

mod common;

use archsim_engine::sharding::{Placement, Ring, moved_share};
use archsim_engine::*;
use common::{run, scenario};
use serde_json::{Value, json};

/// Keys enumerated for the placement checks.
const KEYS: u32 = 100_000;

/// A client sending `rps` over `keys` straight to a shard router with `strategy`, over
/// `connected` databases of which `live` are live shards; constant times, so that every
/// latency is a sum of known terms; `faults` is the timeline (reshards).
#[allow(clippy::too_many_arguments)]
fn shard_scenario(
    rps: f64,
    keys: Value,
    strategy: Value,
    live: u32,
    connected: u32,
    key_space: u32,
    duration_s: f64,
    faults: Value,
) -> Scenario {
    let mut components = vec![
        json!({"id": "clients", "params": {"type": "client",
            // The last second is quiet, so that every request has finished when the run ends.
            "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "steps",
                "rps": rps, "steps": [{"at_s": duration_s - 1.0, "rps": 0.0}]}},
            "read_ratio": 1.0, "keys": keys, "timeout_ms": 10_000.0}}),
        json!({"id": "router", "params": {"type": "shard_router", "strategy": strategy,
            "active_shards": live, "key_space": key_space, "migration": {"cost": "fetch_from_old"}}}),
    ];
    let mut connections = vec![json!({"from": "clients", "to": "router",
        "latency": {"dist": "constant", "ms": 1}})];
    for i in 0..connected {
        let id = format!("db-{i}");
        components.push(
            json!({"id": id, "params": {"type": "database", "connections": 100_000,
            "read_time": {"dist": "constant", "ms": 2}, "write_time": {"dist": "constant", "ms": 2},
            "queue_capacity": 0, "max_wait_ms": 1000}}),
        );
        connections.push(json!({"from": "router", "to": id,
            "latency": {"dist": "constant", "ms": 1}}));
    }
    scenario(json!({
        "name": "sharding",
        "components": components,
        "connections": connections,
        "faults": faults,
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": 0, "window_ms": 1000},
        "slo": {"latency_ms": 1000, "success_target": 0.9}
    }))
}

fn router(report: &Report) -> &ComponentSummary {
    report
        .summary
        .components
        .iter()
        .find(|c| c.id == "router")
        .expect("the router is in the report")
}

fn ring(shards: u32, vnodes: u32) -> Placement {
    Placement::Ring(Ring::new(shards, vnodes))
}

/// Standard deviation of the share of the circle of one shard with `vnodes` of the N·vnodes
/// random points (p = 1/N): the sum of `vnodes` spacings is Beta(vnodes, (N−1)·vnodes), whose
/// variance p(1−p)/(N·vnodes + 1) is about (p √(1−p) / √vnodes)².
fn ring_sd(p: f64, vnodes: u32) -> f64 {
    p * (1.0 - p).sqrt() / f64::from(vnodes).sqrt()
}

/// Binomial standard deviation of a share p measured over n draws.
fn binomial_sd(p: f64, n: f64) -> f64 {
    (p * (1.0 - p) / n).sqrt()
}

fn check(what: &str, measured: f64, predicted: f64, tolerance: f64, how: &str) {
    eprintln!(
        "{what}: measured {measured:.5} predicted {predicted:.5} (tolerance ±{tolerance:.5}, {how})"
    );
    assert!(
        (measured - predicted).abs() <= tolerance,
        "{what}: measured {measured}, predicted {predicted}, tolerance {tolerance} ({how})"
    );
}

#[test]
fn adding_a_shard_to_n_moves_one_in_n_plus_one_with_consistent_hashing() {
    let vnodes = 100;
    for n in 2..=10u32 {
        let old = ring(n, vnodes);
        let new = ring(n + 1, vnodes);
        let moved = moved_share(&old, &new, KEYS);
        let p = 1.0 / f64::from(n + 1);
        // The keys that move are exactly the new shard's keys: its arc of the circle.
        let arc = Ring::new(n + 1, vnodes).shares(n + 1)[n as usize];
        check(
            &format!(
                "consistent hashing {n} → {}: moved share vs new shard's arc",
                n + 1
            ),
            moved,
            arc,
            4.0 * binomial_sd(arc, f64::from(KEYS)),
            "4 binomial s.d. over the keys",
        );
        check(
            &format!("consistent hashing {n} → {}: moved share vs 1/(N+1)", n + 1),
            moved,
            p,
            4.0 * (ring_sd(p, vnodes).powi(2) + binomial_sd(p, f64::from(KEYS)).powi(2)).sqrt(),
            "4 s.d.: Beta arcs of the ring, binomial from the keys",
        );
    }
}

#[test]
fn removing_one_of_n_shards_moves_one_in_n_with_consistent_hashing() {
    let vnodes = 200;
    for n in 3..=10u32 {
        let moved = moved_share(&ring(n, vnodes), &ring(n - 1, vnodes), KEYS);
        let p = 1.0 / f64::from(n);
        check(
            &format!("consistent hashing {n} → {}: moved share vs 1/N", n - 1),
            moved,
            p,
            4.0 * (ring_sd(p, vnodes).powi(2) + binomial_sd(p, f64::from(KEYS)).powi(2)).sqrt(),
            "4 s.d.: Beta arcs of the ring, binomial from the keys",
        );
    }
}

#[test]
fn more_vnodes_split_the_ring_more_evenly() {
    // The spread of the shards' arcs shrinks like 1/√vnodes (the reason for virtual nodes).
    // Each is an 8-sample s.d. estimate (relative s.e. about 1/√16 = 25 %): within a factor
    // of 2 of the Beta prediction, and the two differ by about √100 = 10.
    let n = 8;
    let spread = |vnodes: u32| {
        let shares = Ring::new(n, vnodes).shares(n);
        let p = 1.0 / f64::from(n);
        (shares.iter().map(|s| (s - p).powi(2)).sum::<f64>() / f64::from(n)).sqrt()
    };
    let (few, many) = (spread(4), spread(400));
    let p = 1.0 / f64::from(n);
    eprintln!(
        "ring arc s.d. over 8 shards: 4 vnodes {few:.4} (predicted {:.4}), 400 vnodes {many:.4} (predicted {:.4})",
        ring_sd(p, 4),
        ring_sd(p, 400)
    );
    assert!(
        few > ring_sd(p, 4) / 2.0 && few < ring_sd(p, 4) * 2.0,
        "{few}"
    );
    assert!(
        many > ring_sd(p, 400) / 2.0 && many < ring_sd(p, 400) * 2.0,
        "{many}"
    );
    assert!(few / many > 4.0, "{few} / {many}");
}

#[test]
fn adding_a_shard_to_n_moves_n_in_n_plus_one_with_hash_mod_n() {
    for n in 2..=10u32 {
        let moved = moved_share(
            &Placement::HashMod { shards: n },
            &Placement::HashMod { shards: n + 1 },
            KEYS,
        );
        // A hash h stays only when h mod N = h mod (N+1), i.e. h mod N(N+1) < N: 1/(N+1).
        let p = f64::from(n) / f64::from(n + 1);
        check(
            &format!("hash mod {n} → {}: moved share vs N/(N+1)", n + 1),
            moved,
            p,
            4.0 * binomial_sd(p, f64::from(KEYS)),
            "4 binomial s.d. over the keys",
        );
    }
}

/// Expected moved-key misses in windows [t1, t2) after a reshard at 0 when every key is
/// requested at rate r: each moved key misses once, at its first request (exponential).
fn misses_between(moved: f64, rate_per_key: f64, t1: f64, t2: f64) -> f64 {
    moved * ((-rate_per_key * t1).exp() - (-rate_per_key * t2).exp())
}

#[test]
fn a_reshard_in_a_run_misses_once_per_moved_key() {
    let key_space = 1000u32;
    let rps = 2000.0;
    for (name, strategy, from, to) in [
        ("hash mod N", json!({"strategy": "hash_mod"}), 4u32, 5u32),
        (
            "consistent hashing",
            json!({"strategy": "consistent_hash", "vnodes": 100}),
            4,
            5,
        ),
        (
            "consistent hashing (removal)",
            json!({"strategy": "consistent_hash", "vnodes": 100}),
            5,
            4,
        ),
    ] {
        let reshard_at = 5.0;
        let sc = shard_scenario(
            rps,
            json!({"dist": "uniform", "count": key_space}),
            strategy.clone(),
            from,
            5,
            key_space,
            20.0,
            json!([{"at_s": reshard_at, "fault": {"action": "reshard", "component": "router", "shards": to}}]),
        );
        let report = run(&sc, 3).report();
        let r = router(&report);
        // The exact count from the placement functions.
        let strategy: ShardStrategy = serde_json::from_value(strategy).expect("a strategy");
        let old = Placement::new(&strategy, from, key_space).expect("computed");
        let new = Placement::new(&strategy, to, key_space).expect("computed");
        let moved = (0..key_space)
            .filter(|&k| old.shard(k) != new.shard(k))
            .count() as u64;
        assert_eq!(r.reshards.len(), 1);
        check(
            &format!("{name} {from} → {to}: reported moved share vs placement"),
            r.reshards[0].moved_share,
            moved as f64 / f64::from(key_space),
            1e-12,
            "exact",
        );
        // 15 s at 2 requests per key per second after the reshard: a key is never requested
        // with probability e^-30, so every moved key misses exactly once.
        eprintln!(
            "{name} {from} → {to}: moved-key misses {} predicted {moved} (the distinct moved keys, all requested)",
            r.moved_key_misses
        );
        assert_eq!(r.moved_key_misses, moved, "{name}");
        // Each miss fetches the key from its old shard: one extra database call each.
        let db_arrivals: u64 = report
            .summary
            .components
            .iter()
            .filter(|c| c.kind == Kind::Database)
            .map(|c| c.arrivals)
            .sum();
        let routed: u64 = r.shard_requests.iter().sum();
        assert_eq!(
            db_arrivals,
            routed + r.moved_key_misses,
            "{name}: extra calls"
        );
        // Misses per window follow the first-request times; they fall to 0 afterwards.
        let per_key = rps / f64::from(key_space);
        let idx = report
            .summary
            .components
            .iter()
            .position(|c| c.id == "router")
            .expect("router");
        let window = |t: f64| {
            report
                .windows
                .iter()
                .find(|w| (w.start_s - t).abs() < 1e-9)
                .map_or(0, |w| w.components[idx].moved_key_misses)
        };
        let first = window(reshard_at) as f64;
        let predicted = misses_between(moved as f64, per_key, 0.0, 1.0);
        check(
            &format!("{name}: misses in the first second after the reshard"),
            first,
            predicted,
            4.0 * (moved as f64 * (-per_key).exp() * (1.0 - (-per_key).exp())).sqrt(),
            "4 binomial s.d.",
        );
        assert_eq!(window(reshard_at - 1.0), 0, "{name}: no misses before");
        for t in 13..20 {
            // Expected misses after 8 s: moved · e^-16 < 0.001.
            assert_eq!(window(f64::from(t)), 0, "{name}: misses at {t} s");
        }
    }
}

#[test]
fn uniform_keys_split_evenly_over_shards() {
    let key_space = 100_000u32;
    for (name, strategy) in [
        ("hash mod 4", json!({"strategy": "hash_mod"})),
        (
            "consistent hashing, 4 × 100 vnodes",
            json!({"strategy": "consistent_hash", "vnodes": 100}),
        ),
        ("range, even split", json!({"strategy": "range"})),
    ] {
        let sc = shard_scenario(
            2000.0,
            json!({"dist": "uniform", "count": key_space}),
            strategy.clone(),
            4,
            4,
            key_space,
            20.0,
            json!([]),
        );
        let r = router(&run(&sc, 5).report()).clone();
        let n: u64 = r.shard_requests.iter().sum();
        let strategy: ShardStrategy = serde_json::from_value(strategy).expect("a strategy");
        let placement = Placement::new(&strategy, 4, key_space).expect("computed");
        let mut keys = [0u64; 4];
        for k in 0..key_space {
            keys[placement.shard(k) as usize] += 1;
        }
        // Requests against the shards' key shares: chi-square with 3 degrees of freedom.
        let chi2: f64 = (0..4)
            .map(|s| {
                let e = n as f64 * keys[s] as f64 / f64::from(key_space);
                (r.shard_requests[s] as f64 - e).powi(2) / e
            })
            .sum();
        eprintln!(
            "{name}: requests per shard {:?}, keys per shard {keys:?}, chi-square {chi2:.2} (3 d.f., 99.9 % quantile 16.27)",
            r.shard_requests
        );
        assert!(chi2 < 16.27, "{name}: chi-square {chi2}");
        // And the busiest shard is close to 1/4: the ring's arcs (p/√100) and, for hashes,
        // the binomial spread of keys over shards.
        let sd = match strategy {
            ShardStrategy::ConsistentHash { vnodes } => ring_sd(0.25, vnodes),
            _ => binomial_sd(0.25, f64::from(key_space)) + binomial_sd(0.25, n as f64),
        };
        // The maximum of 4 shares lies within about 2 s.d. above the mean; allow 4.
        check(
            &format!("{name}: hot shard share"),
            r.hot_shard_share,
            0.25,
            4.0 * sd,
            "4 s.d. of one shard's share",
        );
    }
}

/// Zipf weights of keys 0..n (key 0 the hottest), normalised; and H(n, s).
fn zipf(n: u32, s: f64) -> (Vec<f64>, f64) {
    let raw: Vec<f64> = (1..=n).map(|k| 1.0 / f64::from(k).powf(s)).collect();
    let h: f64 = raw.iter().sum();
    (raw.iter().map(|w| w / h).collect(), h)
}

#[test]
fn with_zipf_keys_each_shard_carries_the_weight_of_its_keys() {
    let (count, s) = (1000u32, 1.0);
    let (weights, h) = zipf(count, s);
    for (name, strategy) in [
        ("hash mod 4", json!({"strategy": "hash_mod"})),
        (
            "consistent hashing",
            json!({"strategy": "consistent_hash", "vnodes": 100}),
        ),
    ] {
        let sc = shard_scenario(
            2000.0,
            json!({"dist": "zipf", "count": count, "s": s}),
            strategy.clone(),
            4,
            4,
            count,
            20.0,
            json!([]),
        );
        let r = router(&run(&sc, 7).report()).clone();
        let n: u64 = r.shard_requests.iter().sum();
        let strategy: ShardStrategy = serde_json::from_value(strategy).expect("a strategy");
        let placement = Placement::new(&strategy, 4, count).expect("computed");
        let mut predicted = [0.0f64; 4];
        for (k, w) in weights.iter().enumerate() {
            predicted[placement.shard(k as u32) as usize] += w;
        }
        for (shard, &p) in predicted.iter().enumerate() {
            check(
                &format!("{name}: shard {shard} share vs Σ Zipf weights of its keys"),
                r.shard_requests[shard] as f64 / n as f64,
                p,
                4.0 * binomial_sd(p, n as f64),
                "4 binomial s.d.",
            );
        }
        let hot = predicted.iter().cloned().fold(0.0, f64::max);
        check(
            &format!("{name}: hot shard share"),
            r.hot_shard_share,
            hot,
            4.0 * binomial_sd(hot, n as f64),
            "4 binomial s.d.",
        );
        // The hottest key alone gives its shard 1/H(n, s) of the traffic.
        let home = placement.shard(0) as usize;
        let share = r.shard_requests[home] as f64 / n as f64;
        eprintln!(
            "{name}: the hottest key's shard carries {share:.4} ≥ 1/H(1000, 1) = {:.4}",
            1.0 / h
        );
        assert!(
            share - 4.0 * binomial_sd(1.0 / h, n as f64) >= 1.0 / h,
            "{name}: {share} < 1/H = {}",
            1.0 / h
        );
    }
}

#[test]
fn range_sharding_with_sequentially_hot_keys_makes_a_hot_shard() {
    // Zipf keys are hottest at the low end of the key space: the first range holds them.
    let (count, s) = (10_000u32, 1.0);
    let (weights, _) = zipf(count, s);
    let sc = shard_scenario(
        2000.0,
        json!({"dist": "zipf", "count": count, "s": s}),
        json!({"strategy": "range"}),
        4,
        4,
        count,
        20.0,
        json!([]),
    );
    let r = router(&run(&sc, 9).report()).clone();
    let n: u64 = r.shard_requests.iter().sum();
    // H(2500)/H(10000): the first quarter of the keys.
    let predicted: f64 = weights[..2500].iter().sum();
    check(
        "range over Zipf keys: first shard's share vs H(2500)/H(10000)",
        r.hot_shard_share,
        predicted,
        4.0 * binomial_sd(predicted, n as f64),
        "4 binomial s.d.",
    );
    assert_eq!(
        r.shard_requests.iter().max(),
        Some(&r.shard_requests[0]),
        "the first range is the hot one"
    );
    assert!(
        r.hot_shard_share > 3.0 * 0.25,
        "{} is not a hot shard",
        r.hot_shard_share
    );
}

#[test]
fn latency_adds_the_directory_lookup_and_the_migration_cost() {
    // Every hop is constant: 1 ms to the router, 1 ms to a shard, 2 ms to read, and back.
    let base = 1.0 + 1.0 + 2.0 + 1.0 + 1.0;
    let keys = json!({"dist": "uniform", "count": 200});
    let lookup = 5.0;
    let sc = shard_scenario(
        200.0,
        keys.clone(),
        json!({"strategy": "directory", "lookup_ms": lookup}),
        3,
        4,
        200,
        10.0,
        json!([]),
    );
    let report = run(&sc, 2).report();
    check(
        "directory: mean latency vs hops + lookup",
        report.summary.latency.mean_ms,
        base + lookup,
        1e-6,
        "constant times: exact",
    );
    // The directory fills the least-loaded shard: 200 keys over 3 shards, 66 or 67 each.
    let sc = shard_scenario(
        200.0,
        keys.clone(),
        json!({"strategy": "directory", "lookup_ms": 0.0}),
        3,
        4,
        200,
        10.0,
        json!([{"at_s": 5.0, "fault": {"action": "reshard", "component": "router", "shards": 4}}]),
    );
    let report = run(&sc, 2).report();
    let r = router(&report);
    // Rebalancing to 4 moves exactly enough keys to fill the new shard to its fair 50.
    check(
        "directory 3 → 4: moved share vs 1/4 (the fair share of the new shard)",
        r.reshards[0].moved_share,
        50.0 / 200.0,
        1.0 / 200.0,
        "one key of rounding",
    );
    // Each miss reads the key from its old shard first: 1 + 2 + 1 ms more.
    check(
        "fetch from the old shard: slowest request vs hops + fetch",
        report.summary.latency.max_ms,
        base + 4.0,
        0.05,
        "constant times",
    );
    let misses = r.moved_key_misses;
    assert!(
        (45..=50).contains(&misses),
        "misses {misses}: the moved keys requested after the reshard (each about 5 times)"
    );
    // With a penalty instead, a miss waits the penalty and makes no extra call.
    let mut sc = sc;
    if let Params::ShardRouter(p) = &mut sc.components[1].params {
        p.migration = Migration::Penalty { ms: 30.0 };
    }
    let report = run(&sc, 2).report();
    check(
        "migration penalty: slowest request vs hops + penalty",
        report.summary.latency.max_ms,
        base + 30.0,
        0.1,
        "constant times",
    );
}

#[test]
fn a_reshard_is_validated_and_refused_at_run_time_when_wrong() {
    let sc = shard_scenario(
        10.0,
        json!({"dist": "uniform", "count": 100}),
        json!({"strategy": "hash_mod"}),
        3,
        4,
        100,
        5.0,
        json!([{"at_s": 1.0, "fault": {"action": "reshard", "component": "router", "shards": 7}}]),
    );
    let text: Vec<String> = validate(&sc).iter().map(|p| p.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("reshard 'router' to 7 shards") && t.contains("at most 4")),
        "{text:?}"
    );
    let mut sc = sc;
    sc.faults.clear();
    if let Params::ShardRouter(p) = &mut sc.components[1].params {
        p.active_shards = 5;
    }
    let text: Vec<String> = validate(&sc).iter().map(|p| p.to_string()).collect();
    assert!(
        text.contains(
            &"Shard router 'router': live shards must be at most its 4 connection(s), got 5"
                .to_string()
        ),
        "{text:?}"
    );
    if let Params::ShardRouter(p) = &mut sc.components[1].params {
        p.active_shards = 3;
    }
    let mut sim = Simulation::new(&sc).expect("valid");
    let wrong = sim.apply_fault(&Fault::Reshard {
        component: "db-0".into(),
        shards: 2,
    });
    assert!(wrong.is_err(), "a database cannot be resharded");
    assert!(
        sim.apply_fault(&Fault::Reshard {
            component: "router".into(),
            shards: 4
        })
        .is_ok()
    );
}

#[test]
fn background_migration_leaves_only_the_keys_requested_before_their_turn() {
    // Hash mod 4 → 5 over 1,000 uniform keys at 2 requests per key per second; the router
    // walks the moved keys in key order at 1,000 keys/s, so moved key i (0-based) is copied
    // at (i + 1) ms after the reshard. It misses only if requested before: with Poisson
    // requests, with probability 1 − e^(−λ(i+1)/R).
    let (key_space, rps, rate) = (1000u32, 2000.0, 1000.0);
    let mut sc = shard_scenario(
        rps,
        json!({"dist": "uniform", "count": key_space}),
        json!({"strategy": "hash_mod"}),
        4,
        5,
        key_space,
        20.0,
        json!([{"at_s": 5.0, "fault": {"action": "reshard", "component": "router", "shards": 5}}]),
    );
    if let Params::ShardRouter(p) = &mut sc.components[1].params {
        p.migration_rate_kps = rate;
    }
    let lambda = rps / f64::from(key_space);
    let moved = (0..key_space)
        .filter(|&k| {
            archsim_engine::sharding::hash_mod(k, 4) != archsim_engine::sharding::hash_mod(k, 5)
        })
        .count();
    let p: Vec<f64> = (0..moved)
        .map(|i| 1.0 - (-lambda * (i as f64 + 1.0) / rate).exp())
        .collect();
    let predicted: f64 = p.iter().sum();
    let sd = p.iter().map(|p| p * (1.0 - p)).sum::<f64>().sqrt();
    // Independent seeds: the mean of 8 runs, within 4 s.d. of the mean.
    let seeds = [1u64, 2, 3, 4, 5, 6, 7, 8];
    let misses: Vec<f64> = common::replicate(&seeds, |seed| {
        router(&run(&sc, seed).report()).moved_key_misses as f64
    });
    let mean = misses.iter().sum::<f64>() / misses.len() as f64;
    check(
        "background migration at 1,000 keys/s: moved-key misses vs Σ (1 − e^(−λ t_i))",
        mean,
        predicted,
        4.0 * sd / (seeds.len() as f64).sqrt(),
        "4 s.d. of the mean of 8 runs (sum of Bernoulli variances)",
    );
    eprintln!("without background migration every moved key would miss: {moved}");
    assert!(mean < 0.6 * moved as f64);
}
