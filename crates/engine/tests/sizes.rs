//! Vertical scaling against queueing theory and counting:
//! - a service on a machine size is M/M/c with c = the size's workers and service times
//!   divided by its speed factor (Erlang C);
//! - the largest size is a ceiling: offered more, it serves c·μ and rejects the rest;
//! - resizing one machine is down for its restart, so it fails the requests that arrive
//!   meanwhile (a Poisson count);
//! - resizing several instances restarts them one at a time, each drained first: nothing
//!   fails, and while one restarts the others carry the load (utilization λ/(c'μ) with
//!   c' the workers still up).

mod common;

use archsim_engine::{Params, Scenario, Size, WindowStats, validate};
use common::{Estimate, assert_close, erlang_c, mmc_mean, queue_model, replicate, scenario};
use serde_json::json;

/// `model` with its server (the second component) on `size`, `instances` of it, and a
/// queue of `queue` places.
fn sized(mut model: Scenario, size: Size, instances: u32, queue: u32) -> Scenario {
    let Params::Service(p) = &mut model.components[1].params else {
        panic!("the model's second component is its server");
    };
    p.size = size;
    p.instances = instances;
    p.queue_capacity = queue;
    model
}

#[test]
fn a_sized_service_is_mmc_with_the_sizes_workers_and_speed() {
    // Large: 16 workers at 1.2× speed. A nominal 20 ms exponential service takes 16.7 ms on
    // it (μ = 60/s per worker); at ρ = 0.8 that is λ = 0.8 × 16 × 60 = 768 requests/s.
    let m = Size::Large.machine().unwrap();
    let (c, mu) = (m.workers, m.speed / 0.020);
    let lambda = 0.8 * f64::from(c) * mu;
    assert!(
        (erlang_c(c, lambda / mu) - 0.3).abs() < 0.2,
        "a queue worth testing"
    );
    let model = sized(
        queue_model(
            lambda,
            1,
            json!({"dist": "exponential", "mean_ms": 20}),
            150.0,
            20.0,
        ),
        Size::Large,
        1,
        10_000_000,
    );
    let runs = replicate(&(1..=12).collect::<Vec<u64>>(), |seed| {
        common::run(&model, seed).summary()
    });
    let mean = Estimate::of(&runs.iter().map(|s| s.latency.mean_ms).collect::<Vec<_>>());
    assert_close(
        "M/M/16 on a large machine, ρ = 0.8, mean (ms)",
        mean,
        1000.0 * mmc_mean(lambda, mu, c),
        0.02,
    );
    // The same traffic on the 8 workers of a medium machine at speed 1 is past saturation
    // (768 > 8 × 50): nothing a queue can hold.
    assert!(lambda > f64::from(Size::Medium.workers_or(0)) * 50.0);
}

#[test]
fn the_largest_size_is_a_ceiling_it_serves_c_mu_and_rejects_the_rest() {
    // XLarge: 32 workers at 1.5×: a constant 30 ms service takes 20 ms, so at most
    // 32 / 0.020 = 1,600 requests/s. Offered 2,400/s with a short queue, it serves that
    // and rejects the rest.
    assert_eq!(Size::LARGEST, Size::Xlarge);
    let m = Size::Xlarge.machine().unwrap();
    let capacity = f64::from(m.workers) * m.speed / 0.030;
    assert!((capacity - 1600.0).abs() < 1e-9);
    let model = sized(
        queue_model(2400.0, 1, json!({"dist": "constant", "ms": 30}), 40.0, 10.0),
        Size::Xlarge,
        1,
        64,
    );
    let s = common::run(&model, 7).summary();
    let served = s.completed as f64 / s.measured_s;
    eprintln!("xlarge offered 2,400/s: served {served:.1}/s (ceiling {capacity}/s)");
    assert!(
        (served - capacity).abs() / capacity < 0.01,
        "served {served:.1}/s, the ceiling is {capacity}/s"
    );
    assert!(
        s.failed.total() as f64 / s.measured_s > 700.0,
        "the rest is rejected"
    );
}

/// A client at `rps` (Poisson) calling a service of `instances` small instances (a constant
/// 10 ms service), resized to `to` at 20 s with a `restart_s` restart; 60 s in 1 s windows.
fn resized(rps: f64, instances: u32, to: &str, restart_s: f64) -> Scenario {
    scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
                "read_ratio": 1.0, "timeout_ms": 5000}},
            {"id": "api", "params": {"type": "service", "instances": instances, "size": "small",
                "service_time": {"dist": "constant", "ms": 10}, "queue_capacity": 1000}}
        ],
        "connections": [{"from": "users", "to": "api", "latency": {"dist": "constant", "ms": 0}}],
        "faults": [{"at_s": 20, "fault": {"action": "resize", "component": "api", "size": to,
            "restart_s": restart_s}}],
        "run": {"seed": 5, "duration_s": 60, "warmup_s": 0, "window_ms": 1000}
    }))
}

/// The server's mean utilization over the windows that start in `from..to` seconds.
fn utilization(windows: &[WindowStats], from: f64, to: f64) -> f64 {
    let u: Vec<f64> = windows
        .iter()
        .filter(|w| w.start_s >= from && w.start_s < to)
        .map(|w| w.components[1].utilization)
        .collect();
    u.iter().sum::<f64>() / u.len() as f64
}

#[test]
fn resizing_one_machine_fails_what_arrives_while_it_restarts() {
    // 100 requests/s; down from 20 s to 30 s: about 1,000 arrive meanwhile (Poisson: s.d.
    // 32), and each fails, plus the few in service at the stop.
    let report = common::report(&resized(100.0, 1, "large", 10.0), 5);
    let failed = report.summary.failed.total() as f64;
    eprintln!("one machine, 10 s restart at 100/s: {failed} failed (λ·restart = 1000)");
    assert!(
        (failed - 1000.0).abs() < 4.0 * 1000f64.sqrt() + 4.0,
        "{failed} failed"
    );
    for w in &report.windows {
        let restarting = w.start_s >= 20.0 && w.start_s < 30.0;
        let failures = w.failed.total();
        assert_eq!(
            restarting,
            failures > 0,
            "window at {} s: {failures} failed",
            w.start_s
        );
    }
    // Before: 4 workers, 10 ms: ρ = 100 × 0.010 / 4 = 0.25. After: 16 workers at 1.2×:
    // ρ = 100 × 0.010 / 1.2 / 16 = 0.052.
    let before = utilization(&report.windows, 0.0, 20.0);
    let after = utilization(&report.windows, 31.0, 60.0);
    eprintln!("utilization small → large: {before:.4} → {after:.4} (0.25 → 0.0521)");
    assert!((before - 0.25).abs() < 0.02, "before {before}");
    assert!((after - 0.0521).abs() < 0.006, "after {after}");
}

#[test]
fn resizing_instances_restarts_them_one_at_a_time_and_fails_nothing() {
    // 4 small instances (16 workers) at 800 requests/s of 10 ms: ρ = 0.5. Each restart
    // leaves 12 workers (ρ = 8/12 = 0.67) for 5 s; the roll ends at 20 + 4 × 5 = 40 s on 4
    // medium instances (32 workers, ρ = 0.25).
    let report = common::report(&resized(800.0, 4, "medium", 5.0), 5);
    assert_eq!(
        report.summary.failed.total(),
        0,
        "a rolling restart fails nothing"
    );
    let u = |from, to| utilization(&report.windows, from, to);
    eprintln!(
        "rolling: {} failed; utilization {:.3} / {:.3} / {:.3} / {:.3} (0.5 / 0.667 / 0.333 / 0.25)",
        report.summary.failed.total(),
        u(0.0, 20.0),
        u(21.0, 25.0),
        u(36.0, 40.0),
        u(41.0, 60.0)
    );
    assert!((u(0.0, 20.0) - 0.5).abs() < 0.02, "before {}", u(0.0, 20.0));
    // First restart: 3 small instances up.
    assert!(
        (u(21.0, 25.0) - 8.0 / 12.0).abs() < 0.04,
        "{}",
        u(21.0, 25.0)
    );
    // Last restart: 3 medium instances up (24 workers).
    assert!(
        (u(36.0, 40.0) - 8.0 / 24.0).abs() < 0.03,
        "{}",
        u(36.0, 40.0)
    );
    assert!(
        (u(41.0, 60.0) - 0.25).abs() < 0.02,
        "after {}",
        u(41.0, 60.0)
    );
}

#[test]
fn a_resize_names_what_cannot_be_resized() {
    let mut sc = resized(100.0, 1, "large", 10.0);
    sc.faults[0].fault =
        serde_json::from_value(json!({"action": "resize", "component": "users", "size": "large"}))
            .unwrap();
    let problems = validate(&sc);
    assert!(
        problems.iter().any(|p| p
            .message
            .contains("'users' is a client, which has no machine size")),
        "{problems:?}"
    );
    let mut sc = resized(100.0, 1, "custom", 10.0);
    if let Params::Service(p) = &mut sc.components[1].params {
        p.autoscale = Some(Default::default());
    }
    let messages: Vec<String> = validate(&sc).into_iter().map(|p| p.message).collect();
    assert!(
        messages.iter().any(|m| m.contains("a resize needs a size")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("'api' is autoscaled")),
        "{messages:?}"
    );
}

#[test]
fn resizes_restarting_too_many_instances_in_all_are_refused() {
    // 10 resizes of 20,000 small instances: 200,000 restarts, past the 100,000 allowed.
    let mut sc = resized(100.0, 20_000, "medium", 0.001);
    let resize = sc.faults[0].clone();
    sc.faults = vec![resize; 10];
    let messages: Vec<String> = validate(&sc).into_iter().map(|p| p.message).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the resizes restart more than 100000 instances in all")),
        "{messages:?}"
    );
    assert!(archsim_engine::Simulation::new(&sc).is_err());
    // Five of them, 100,000 restarts, are allowed.
    sc.faults.truncate(5);
    let messages: Vec<String> = validate(&sc).into_iter().map(|p| p.message).collect();
    assert!(
        !messages.iter().any(|m| m.contains("in all")),
        "{messages:?}"
    );
}
