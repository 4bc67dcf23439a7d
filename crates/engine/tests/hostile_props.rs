//! Random graphs with zero and extreme parameters: validation and the run never panic, and
//! a run that starts ends — at its duration or stopped by a budget — within its budgets.

mod common;

use archsim_engine::budget::Budgets;
use archsim_engine::{Scenario, Simulation, validate};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Durations in ms: zero, a nanosecond, ordinary, a day.
fn extreme_ms() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(0.000_001), 0.0..50.0f64, Just(86_400_000.0)]
}

fn dist(ms: f64, kind: u8) -> Value {
    match kind {
        0 => json!({"dist": "constant", "ms": ms}),
        1 => json!({"dist": "exponential", "mean_ms": ms}),
        _ => json!({"dist": "log_normal", "median_ms": ms, "sigma": 2.0}),
    }
}

prop_compose! {
    fn hostile_scenario()(
        n in 2usize..7,
        closed in any::<bool>(),
        users in 1u32..4,
        rps in prop_oneof![Just(0.0), Just(0.001), 1.0..2000.0f64],
        think in extreme_ms(),
        timeout in prop_oneof![Just(1.0), 1.0..1000.0f64, Just(86_400_000.0)],
        retries in 0u32..4,
        backoff in prop_oneof![Just(0.0), 1.0..100.0f64],
        services in proptest::collection::vec((extreme_ms(), 0u8..3, 1u32..4), 6),
        edges in proptest::collection::vec((0usize..7, 0usize..7, extreme_ms(), 0u8..3), 1..14),
        duration_s in prop_oneof![Just(0.001), 0.01..5.0f64],
    ) -> Scenario {
        let traffic = if closed {
            json!({"model": "closed", "users": users, "think_time": dist(think, 0)})
        } else {
            json!({"model": "open", "process": "poisson",
                   "rate": {"shape": "constant", "rps": rps}})
        };
        let mut components = vec![json!({"id": "c0", "label": "Clients", "params": {
            "type": "client", "traffic": traffic, "timeout_ms": timeout,
            "retry": {"max_retries": retries, "base_backoff_ms": backoff,
                      "max_backoff_ms": backoff, "jitter": "none"}}})];
        for (i, &(ms, kind, workers)) in services.iter().enumerate().take(n - 1) {
            components.push(json!({"id": format!("s{}", i + 1), "params": {
                "type": "service", "instances": 1, "workers": workers,
                "service_time": dist(ms, kind), "queue_capacity": 100}}));
        }
        // Edges only go forward (from a lower index to a higher one): no loops, so the
        // scenario passes validation and exercises the run.
        let mut connections = vec![json!({"from": "c0", "to": "s1", "latency": dist(0.0, 0)})];
        for &(a, b, ms, kind) in &edges {
            let (a, b) = (a % n, b % n);
            if a == 0 || a >= b {
                continue;
            }
            let (from, to) = (format!("s{a}"), format!("s{b}"));
            if connections.iter().any(|k| k["from"] == from && k["to"] == to) {
                continue;
            }
            connections.push(json!({"from": from, "to": to, "latency": dist(ms, kind)}));
        }
        common::scenario(json!({
            "name": "hostile", "components": components, "connections": connections,
            "run": {"seed": 7, "duration_s": duration_s, "warmup_s": 0, "window_ms": 10}
        }))
    }
}

/// Budgets a hundred times smaller than a real run's, so that a case which would spend a
/// whole budget (a nanosecond loop, time standing still) ends in a fraction of a second; the
/// guards are the same code whatever their limits.
const BUDGETS: Budgets = Budgets {
    events_per_run: 2_500_000,
    events_per_instant: 20_000,
    pending_events: 20_000,
};

/// The budgets are looked at every 4,096 events; in between, one event schedules at most a
/// few more (a service calls each of its at most six dependencies).
const SLACK: u64 = 4096 * 8;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_run_ends_within_its_budgets(sc in hostile_scenario()) {
        let problems = validate(&sc);
        if problems.iter().any(|p| p.is_error()) {
            prop_assert!(Simulation::new(&sc).is_err());
            return Ok(());
        }
        let mut sim = Simulation::new(&sc)
            .map_err(|p| TestCaseError::fail(format!("valid but refused: {p:?}")))?;
        sim.set_budgets(BUDGETS);
        // Slices as the app runs them; the run must end by itself.
        while !sim.finished() {
            sim.run_until_s(sc.run.duration_s, 100_000);
            prop_assert!(sim.events_processed() <= BUDGETS.events_per_run + SLACK);
            prop_assert!(sim.pending_events() as u64 <= BUDGETS.pending_events as u64 + SLACK);
        }
        if let Some(halt) = sim.halted() {
            let text = halt.to_string();
            prop_assert!(text.starts_with("The run stopped at "), "{}", text);
            prop_assert!(sim.now_s() <= sc.run.duration_s + 1e-9);
        } else {
            prop_assert!((sim.now_s() - sc.run.duration_s).abs() < 1e-6);
        }
    }
}
