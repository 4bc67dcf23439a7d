//! The autoscaler and redundancy in whole runs, against the formulas: the Kubernetes HPA
//! rule's fixed point, the delay of a reaction (interval + warm-up), the cooldown's bound on
//! actions, active-active availability 1 − (1 − A)², active-passive downtime = failures ×
//! failover time, and the failures a single failover costs (λ × failover time).
//!
//! `cargo test -p archsim-engine --test autoscale -- --nocapture` prints measured against
//! predicted for each.

mod common;

use archsim_engine::{ComponentWindow, FailReason, Report, Scenario};
use common::*;
use serde_json::{Value, json};

fn client(rate: Value) -> Value {
    json!({"id": "users", "params": {"type": "client",
        "traffic": {"model": "open", "process": "poisson", "rate": rate},
        "read_ratio": 1.0, "keys": {"dist": "uniform", "count": 1000}, "timeout_ms": 60_000,
        "retry": {"max_retries": 0, "base_backoff_ms": 0, "max_backoff_ms": 0, "jitter": "none"}}})
}

fn constant(rps: f64) -> Value {
    json!({"shape": "constant", "rps": rps})
}

/// One worker per instance, exponential 20 ms: each instance is an M/M/1 server.
fn autoscaled(
    rate: Value,
    autoscale: Value,
    instances: u32,
    duration_s: f64,
    window_ms: f64,
) -> Scenario {
    scenario(json!({
        "components": [
            client(rate),
            {"id": "api", "params": {"type": "service", "instances": instances, "workers": 1,
                "service_time": {"dist": "exponential", "mean_ms": 20.0}, "queue_capacity": 1_000_000,
                "autoscale": autoscale}},
        ],
        "connections": [{"from": "users", "to": "api", "latency": {"dist": "constant", "ms": 0.0}}],
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": 0, "window_ms": window_ms},
    }))
}

fn scaling(
    min: u32,
    max: u32,
    target: f64,
    interval_s: f64,
    cooldown_s: f64,
    warmup_s: f64,
) -> Value {
    json!({"min_instances": min, "max_instances": max, "target_utilization": target,
        "interval_s": interval_s, "cooldown_s": cooldown_s, "warmup_s": warmup_s})
}

fn api(w: &archsim_engine::WindowStats) -> &ComponentWindow {
    &w.components[1]
}

/// Time-averaged (utilization, ready instances) of the api over windows starting at `from_s`.
fn settled(r: &Report, from_s: f64) -> (f64, f64) {
    let late: Vec<&ComponentWindow> = r
        .windows
        .iter()
        .filter(|w| w.start_s >= from_s)
        .map(api)
        .collect();
    let n = late.len() as f64;
    let instances = late.iter().map(|c| c.instances).sum::<f64>() / n;
    // Utilization weighted by capacity: busy workers / ready workers over the whole stretch.
    let busy = late
        .iter()
        .map(|c| c.utilization * c.instances)
        .sum::<f64>()
        / n;
    (busy / instances, instances)
}

#[test]
fn the_autoscaler_settles_at_the_fixed_point_of_the_hpa_rule() {
    // λ = 400/s, S = 20 ms: the load is λS = 8 busy workers. A count n is stable when
    // ceil(n × (λS/n) / target) = n, i.e. n = ceil(λS / target) = ceil(13.33) = 14, where the
    // utilization is λS / 14 = 0.571 (the rule rounds up, so it settles at or just below its
    // target). Starting from 2 instances; measured over the second half of 8 runs of 600 s.
    let (lambda, s, target) = (400.0, 0.020, 0.6);
    let sc = autoscaled(
        constant(lambda),
        scaling(1, 40, target, 10.0, 20.0, 5.0),
        2,
        600.0,
        10_000.0,
    );
    let seeds: Vec<u64> = (1..=8).collect();
    let runs = replicate(&seeds, |seed| settled(&report(&sc, seed), 300.0));
    let utilization: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let instances: Vec<f64> = runs.iter().map(|r| r.1).collect();
    let load = lambda * s;
    let fixed_point = (load / target).ceil();
    let inst = Estimate::of(&instances);
    eprintln!(
        "settled instances: measured {:.2} ± {:.2}, λS/target = {:.2}, fixed point {}",
        inst.mean,
        inst.se,
        load / target,
        fixed_point
    );
    assert!(
        (inst.mean - load / target).abs() <= 1.5,
        "instances {} not within 1.5 of λS/target = {}",
        inst.mean,
        load / target
    );
    assert!(
        (inst.mean - fixed_point).abs() <= 0.5,
        "instances {} not at the fixed point {fixed_point}",
        inst.mean
    );
    // The utilization it holds: λS / n at the count it holds (Little's law for the workers)…
    assert_close(
        "settled utilization = λS / instances",
        Estimate::of(&utilization),
        load / inst.mean,
        0.02,
    );
    // …and within the rounding of one instance of the target: |λS/n − target| < target/n.
    let u = Estimate::of(&utilization).mean;
    eprintln!(
        "settled utilization {u:.4} vs target {target} (± {:.4})",
        target / fixed_point
    );
    assert!(
        (u - target).abs() <= target / (fixed_point - 1.0),
        "utilization {u} far from {target}"
    );
}

#[test]
fn instances_stay_within_min_and_max() {
    // 400/s needs 13.3 instances but the maximum is 6: it reaches 6 and never passes it
    // (ready + warming). At 10/s it needs 0.33: it stays at the minimum of 3.
    let high = report(
        &autoscaled(
            constant(400.0),
            scaling(3, 6, 0.6, 2.0, 4.0, 1.0),
            3,
            60.0,
            1000.0,
        ),
        1,
    );
    let low = report(
        &autoscaled(
            constant(10.0),
            scaling(3, 6, 0.6, 2.0, 4.0, 1.0),
            5,
            60.0,
            1000.0,
        ),
        1,
    );
    let peak = high
        .windows
        .iter()
        .map(|w| api(w).instances + api(w).instances_warming)
        .fold(0.0, f64::max);
    let floor = low
        .windows
        .iter()
        .map(|w| api(w).instances)
        .fold(f64::MAX, f64::min);
    let last_high = api(high.windows.last().unwrap()).instances;
    let last_low = api(low.windows.last().unwrap()).instances;
    eprintln!(
        "max 6: peak ready+warming {peak:.3}, last {last_high}; min 3: lowest {floor:.3}, last {last_low}"
    );
    assert!(peak <= 6.0 + 1e-9, "peak {peak} > max 6");
    assert_eq!(last_high, 6.0, "saturated: at the maximum");
    assert!(floor >= 3.0 - 1e-9, "lowest {floor} < min 3");
    assert_eq!(last_low, 3.0, "idle: at the minimum");
    for r in [&high, &low] {
        let a = &r.summary.components[1];
        assert!((3.0..=6.0).contains(&a.mean_instances), "{a:?}");
    }
}

#[test]
fn a_step_in_traffic_is_followed_after_the_next_evaluation_and_the_warm_up() {
    // 100/s (λS = 2: 4 instances, the minimum) steps to 400/s at 100.5 s. The evaluation
    // at 110 s sees the overload and asks for more; they take work after the 8 s warm-up,
    // at 118 s: a delay of (110 − 100.5) + 8 = 17.5 s, within interval + warm-up = 18 s.
    // Then it climbs, one action per cooldown, to ceil(8 / 0.6) = 14.
    let rate = json!({"shape": "steps", "rps": 100.0, "steps": [{"at_s": 100.5, "rps": 400.0}]});
    let sc = autoscaled(rate, scaling(4, 30, 0.6, 10.0, 30.0, 8.0), 4, 400.0, 500.0);
    let r = report(&sc, 3);
    let step = 100.5;
    let before = r
        .windows
        .iter()
        .filter(|w| w.end_s <= step)
        .map(|w| api(w).instances)
        .fold(0.0, f64::max);
    let first = r
        .windows
        .iter()
        .find(|w| w.start_s >= step && api(w).instances > before + 0.5)
        .map(|w| w.start_s)
        .unwrap_or(f64::INFINITY);
    let delay = first - step;
    let predicted = (110.0 - step) + 8.0;
    eprintln!(
        "step response: {before} instances before; more ready {delay:.2} s after the step (predicted {predicted}, bound interval + warm-up = 18)"
    );
    assert_eq!(before, 4.0);
    assert!(
        (delay - predicted).abs() <= 0.5 + 1e-9,
        "delay {delay} s, predicted {predicted} s"
    );
    let (_, late) = settled(&r, 300.0);
    eprintln!("after the step: {late:.2} instances (fixed point 14)");
    assert!((late - 14.0).abs() <= 1.0, "settled at {late}");
}

#[test]
fn the_cooldown_bounds_the_number_of_scaling_actions() {
    // Traffic alternates 100/s and 400/s every 20 s for 600 s, so almost every evaluation
    // (every 5 s) wants a change. With a 60 s cooldown an action can come only every 60 s:
    // at most 600/60 = 10, and with the load always off target, about that many. Without a
    // cooldown it acts at most at each of the 120 evaluations, and far more often.
    let steps: Vec<Value> = (1..30)
        .map(|k| json!({"at_s": 20.0 * k as f64, "rps": if k % 2 == 1 { 400.0 } else { 100.0 }}))
        .collect();
    let rate = json!({"shape": "steps", "rps": 100.0, "steps": steps});
    let actions = |cooldown: f64| {
        let sc = autoscaled(
            rate.clone(),
            scaling(1, 40, 0.6, 5.0, cooldown, 2.0),
            4,
            600.0,
            5000.0,
        );
        report(&sc, 4).summary.components[1].scaling_actions
    };
    let (slow, fast) = (actions(60.0), actions(0.0));
    let bound = (600.0_f64 / 60.0).floor() as u64;
    eprintln!(
        "scaling actions in 600 s: cooldown 60 s → {slow} (bound {bound}), no cooldown → {fast} (bound 120)"
    );
    assert!(
        slow <= bound,
        "{slow} actions with a 60 s cooldown, at most {bound}"
    );
    assert!(
        slow >= bound - 2,
        "{slow} actions: the cooldown should be the limit"
    );
    assert!(
        fast > 2 * slow && fast <= 120,
        "{fast} actions without a cooldown"
    );
}

// ----- redundancy -----

/// A client at `rps` → a database with `redundancy`, its nodes failing at random.
fn redundant_db(
    rps: f64,
    redundancy: Value,
    failures: Option<(f64, f64)>,
    duration_s: f64,
    faults: Value,
) -> Scenario {
    let mut db = json!({"id": "db", "params": {"type": "database", "connections": 1000,
        "read_time": {"dist": "exponential", "mean_ms": 5.0}, "write_time": {"dist": "exponential", "mean_ms": 5.0},
        "queue_capacity": 1000, "max_wait_ms": 10_000},
        "redundancy": redundancy});
    if let Some((mtbf, mttr)) = failures {
        db["failures"] = json!({"mtbf_s": mtbf, "mttr_s": mttr});
    }
    scenario(json!({
        "components": [client(constant(rps)), db],
        "connections": [{"from": "users", "to": "db", "latency": {"dist": "constant", "ms": 0.0}}],
        "faults": faults,
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": 0, "window_ms": 500, "chaos": failures.is_some()},
    }))
}

#[test]
fn two_active_active_nodes_are_down_only_together() {
    // Each node up A = MTBF/(MTBF+MTTR) = 0.9/(0.9+0.1) = 90 %, independently: the
    // component is down when both are, (1 − A)² = 1 % of the time. 8 runs of 5000 s.
    let sc = redundant_db(
        2.0,
        json!({"mode": "active_active", "nodes": 2}),
        Some((0.9, 0.1)),
        5000.0,
        json!([]),
    );
    let seeds: Vec<u64> = (1..=8).collect();
    let down: Vec<f64> = replicate(&seeds, |seed| {
        1.0 - report(&sc, seed).summary.components[1].availability
    });
    assert_close(
        "active-active unavailability vs (1−A)²",
        Estimate::of(&down),
        0.01,
        0.08,
    );
}

#[test]
fn active_passive_is_down_for_a_failover_per_failure_of_the_active() {
    // A hot standby taking over in F = 0.5 s; nodes fail every MTBF = 50 s and are repaired
    // in 0.1 s (so the standby is almost always up). The component cycles: serving for an
    // exponential MTBF, then down for F: unavailability F / (MTBF + F) = 0.99 %. Its downtime
    // is also, failover by failover, failovers × F. 8 runs of 20,000 s.
    let (mtbf, f) = (50.0, 0.5);
    let redundancy = json!({"mode": "active_passive", "standby": "hot", "failover_ms": f * 1000.0});
    let sc = redundant_db(1.0, redundancy, Some((mtbf, 0.1)), 20_000.0, json!([]));
    let seeds: Vec<u64> = (1..=8).collect();
    let runs = replicate(&seeds, |seed| {
        let c = report(&sc, seed).summary.components[1].clone();
        (1.0 - c.availability, c.failovers as f64)
    });
    let down: Vec<f64> = runs.iter().map(|r| r.0).collect();
    assert_close(
        "active-passive unavailability vs F/(MTBF+F)",
        Estimate::of(&down),
        f / (mtbf + f),
        0.06,
    );
    let per_failover: Vec<f64> = runs.iter().map(|(d, n)| d * 20_000.0 / n).collect();
    assert_close(
        "downtime per failover vs F",
        Estimate::of(&per_failover),
        f,
        0.03,
    );
}

#[test]
fn one_crash_of_the_active_database_fails_requests_only_during_the_failover() {
    // λ = 200/s; the active node crashes at 30 s (no repair). Requests fail for the failover
    // time F and never again: about λ × F of them (Poisson, s.e. √(λF)), plus the few inside
    // the node at the crash (λ × 5 ms = 1). A hot standby F = 2 s: ~400; a cold one F = 10 s:
    // ~2000.
    let crash = json!([{"at_s": 30.0, "fault": {"action": "crash", "component": "db"}}]);
    for (standby, f) in [("hot", 2.0_f64), ("cold", 10.0)] {
        let redundancy =
            json!({"mode": "active_passive", "standby": standby, "failover_ms": f * 1000.0});
        let r = report(
            &redundant_db(200.0, redundancy, None, 90.0, crash.clone()),
            5,
        );
        let failed = r.summary.failed.get(FailReason::ComponentDown) as f64;
        let expected = 200.0 * f + 1.0;
        let se = expected.sqrt();
        eprintln!("{standby} standby: {failed} failed, predicted λF = {expected} ± {se:.1} (s.e.)");
        assert!(
            (failed - expected).abs() <= 4.0 * se,
            "{standby}: {failed} failures, predicted {expected}"
        );
        assert_eq!(
            r.summary.failed.total() as f64,
            failed,
            "only component-down failures"
        );
        for w in &r.windows {
            let n = w.failed.total();
            assert!(
                n == 0 || (w.start_s >= 30.0 - 1e-9 && w.end_s <= 30.0 + f + 0.5 + 1e-9),
                "{standby}: {n} failures in {}–{} s, outside the failover",
                w.start_s,
                w.end_s
            );
        }
        let db = &r.summary.components[1];
        assert_eq!(db.failovers, 1);
        assert!(
            r.windows.last().unwrap().components[1].up,
            "the standby serves"
        );
        assert_eq!(r.windows.last().unwrap().components[1].nodes_up, 1);
    }
}

#[test]
fn an_active_active_node_crash_keeps_the_component_serving() {
    // Two nodes; one crashes at 30 s. Only its requests in flight fail (λ × 5 ms / 2 ≈ 0.5
    // on average); the survivor serves the rest, so the component never goes down.
    let crash = json!([{"at_s": 30.0, "fault": {"action": "crash", "component": "db"}}]);
    let r = report(
        &redundant_db(
            200.0,
            json!({"mode": "active_active", "nodes": 2}),
            None,
            60.0,
            crash,
        ),
        6,
    );
    let failed = r.summary.failed.total();
    let db = &r.summary.components[1];
    eprintln!(
        "active-active crash: {failed} failed of {}, availability {}",
        r.summary.generated, db.availability
    );
    assert!(
        failed <= 6,
        "{failed} failures (in-flight on one node ≈ 0.5)"
    );
    assert_eq!(db.availability, 1.0);
    assert_eq!(r.windows.last().unwrap().components[1].nodes_up, 1);
}

/// A database with replicas refuses redundancy: replication already promotes a replica when
/// the primary dies, so the two would answer the same failure. The error names the database.
#[test]
fn a_replicated_database_refuses_redundancy() {
    let mut s = redundant_db(
        100.0,
        json!({"mode": "active_passive", "standby": "hot", "failover_ms": 100.0}),
        None,
        1.0,
        json!([]),
    );
    let plain = archsim_engine::validate(&s);
    assert!(plain.iter().all(|p| !p.is_error()), "{plain:?}");
    if let archsim_engine::Params::Database(p) = &mut s.components[1].params {
        p.replication = Some(Default::default());
    }
    let problems = archsim_engine::validate(&s);
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("db") && errors[0].contains("replicas"),
        "{}",
        errors[0]
    );
    // And it is not run.
    assert!(archsim_engine::Simulation::new(&s).is_err());
}
