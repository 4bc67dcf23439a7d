//! Failure detection by heartbeats (a load balancer's health probes), against the formulas a
//! reader can check by hand:
//! - a crashed backend is taken out after `misses` failed probes, `interval` apart: the
//!   requests sent to it meanwhile fail, λ/n × (detection delay), where the delay is
//!   interval × misses less the time from the last good probe to the crash;
//! - with a probe timeout, a slow link fails probes of a healthy backend. Each probe fails
//!   independently with q = P(round trip > timeout); with a backend put back after one good
//!   probe, every run of ≥ k failed probes takes it out once: (1 − q)·q^k per probe.

mod common;

use archsim_engine::{Scenario, Summary};
use common::scenario;
use serde_json::{Value, json};

/// A client at `rps` behind a round-robin load balancer with health checks `check` over
/// `backends` services (a constant 5 ms, far from busy), each link's latency `link`.
fn balanced(
    rps: f64,
    backends: usize,
    check: Value,
    link: Value,
    faults: Value,
    duration_s: f64,
) -> Scenario {
    let mut components = vec![
        json!({"id": "users", "params": {"type": "client",
            "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
            "read_ratio": 1.0, "timeout_ms": 5000}}),
        json!({"id": "lb", "params": {"type": "load_balancer", "strategy": "round_robin",
            "health_check": check}}),
    ];
    let mut connections = vec![json!({"from": "users", "to": "lb"})];
    for i in 1..=backends {
        let id = format!("web-{i}");
        components.push(
            json!({"id": id, "params": {"type": "service", "workers": 64,
            "service_time": {"dist": "constant", "ms": 5}, "queue_capacity": 1000}}),
        );
        connections.push(json!({"from": "lb", "to": id, "latency": link}));
    }
    scenario(json!({
        "components": components,
        "connections": connections,
        "faults": faults,
        "run": {"seed": 9, "duration_s": duration_s, "warmup_s": 0, "window_ms": 1000}
    }))
}

fn lb_suspicions(s: &Summary) -> u64 {
    s.components[1].false_suspicions
}

#[test]
fn a_crash_is_detected_after_interval_times_misses() {
    // Probes every 1 s (at 1, 2, 3 … s), out after 3 misses. web-2 crashes at 10.25 s: the
    // probes at 11, 12 and 13 s fail, so it is taken out at 13 s, 2.75 s after the crash
    // (3 × 1 s less the 0.25 s since the good probe at 10 s). Round robin sends it every
    // other request meanwhile: 1,000/s ÷ 2 × 2.75 s = 1,375 (s.d. √2750 / 2 ≈ 26).
    let check =
        json!({"enabled": true, "interval_ms": 1000, "unhealthy_after": 3, "healthy_after": 2});
    let sc = balanced(
        1000.0,
        2,
        check,
        json!({"dist": "constant", "ms": 1}),
        json!([{"at_s": 10.25, "fault": {"action": "crash", "component": "web-2"}}]),
        30.0,
    );
    let s = common::run(&sc, 9).summary();
    let failed = s.failed.total() as f64;
    eprintln!("detection: {failed} requests failed (λ/2 × 2.75 s = 1375)");
    assert!(
        (failed - 1375.0).abs() < 4.0 * 26.0 + 10.0,
        "{failed} failed"
    );
    // A dead backend taken out is no false suspicion.
    assert_eq!(lb_suspicions(&s), 0);
}

#[test]
fn a_slow_link_makes_false_suspicions_at_the_rate_runs_of_misses_predict() {
    // Links of exponential latency, mean m = 10 ms: a round trip is the sum of two, an
    // Erlang-2, so P(trip > T) = e^(−T/m)(1 + T/m); at T = 40 ms, q = 5e^(−4) = 0.0916.
    // Out after k = 2 misses, back after 1 good probe: (1 − q)q² per probe.
    let (m, t, k) = (10.0f64, 40.0f64, 2);
    let q = (-t / m).exp() * (1.0 + t / m);
    let per_probe = (1.0 - q) * q.powi(k);
    let (backends, interval_s, duration_s) = (4, 0.05, 1200.0);
    let probes = backends as f64 * duration_s / interval_s;
    let expected = probes * per_probe;
    let check = json!({"enabled": true, "interval_ms": interval_s * 1000.0, "unhealthy_after": k,
        "healthy_after": 1, "timeout_ms": t});
    let link = json!({"dist": "exponential", "mean_ms": m});
    let sc = balanced(
        20.0,
        backends,
        check.clone(),
        link.clone(),
        json!([]),
        duration_s,
    );
    let s = common::run(&sc, 9).summary();
    let seen = lb_suspicions(&s) as f64;
    eprintln!("false suspicions: {seen} in {probes} probes, predicted {expected:.1} (q = {q:.4})");
    // Runs of misses are rare and nearly independent: the count is close to Poisson, s.d.
    // √733 ≈ 27, so 12 % is over 3 s.d.
    assert!(
        (seen - expected).abs() / expected < 0.12,
        "{seen} vs {expected}"
    );

    // Without a timeout the same slow link takes nobody out.
    let mut no_timeout = check;
    no_timeout["timeout_ms"] = json!(0);
    let sc = balanced(20.0, backends, no_timeout, link, json!([]), 60.0);
    assert_eq!(lb_suspicions(&common::run(&sc, 9).summary()), 0);
}
