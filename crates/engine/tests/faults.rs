//! Faults as a user sees them: a crashed backend behind a load balancer, a black hole, a
//! partition and its healing, a slow database, a queue without enough consumers, retry
//! storms, and closed-loop users obeying the interactive response time law.

mod common;

use archsim_engine::{FailReason, Params, Report, Scenario, WindowStats};
use common::{assert_rel, example, report, scenario};
use serde_json::json;

/// The web-app example (users → LB → 3 APIs → cache → DB, 300 req/s) with `faults`.
fn web_app(faults: serde_json::Value, health_checks: bool) -> Scenario {
    let mut sc = example("web-app.json");
    sc.faults = serde_json::from_value(faults).expect("fault timeline parses");
    for c in &mut sc.components {
        if let Params::LoadBalancer(lb) = &mut c.params {
            lb.health_check.enabled = health_checks;
        }
    }
    sc
}

/// The windows that lie inside [from_s, to_s).
fn windows(r: &Report, from_s: f64, to_s: f64) -> Vec<&WindowStats> {
    r.windows
        .iter()
        .filter(|w| w.start_s >= from_s - 1e-9 && w.end_s <= to_s + 1e-9)
        .collect()
}

fn failures(ws: &[&WindowStats], reason: FailReason) -> u64 {
    ws.iter().map(|w| w.failed.get(reason)).sum()
}

fn finished(ws: &[&WindowStats]) -> (u64, u64) {
    let ok = ws.iter().map(|w| w.completed).sum::<u64>();
    let failed = ws.iter().map(|w| w.failed.total()).sum::<u64>();
    (ok, failed)
}

fn component<'a>(r: &'a Report, id: &str) -> &'a archsim_engine::ComponentSummary {
    r.summary
        .components
        .iter()
        .find(|c| c.id == id)
        .expect("component in report")
}

#[test]
fn health_checks_stop_the_errors_of_a_crashed_backend_after_detection() {
    // api-2 crashes at 30.5 s for 30 s. Checks run every second (at 31, 32, …) and take a
    // backend out after 2 failures, so the LB notices at 32 s: 1.5 s of errors, for the
    // third of the traffic that round robin sends to api-2 (300 req/s / 3 × 1.5 s ≈ 150
    // requests), then none while it stays down.
    let faults = json!([{"at_s": 30.5, "fault": {"action": "crash", "component": "api-2", "duration_s": 30.0}}]);
    let r = report(&web_app(faults, true), 42);
    let down = failures(&windows(&r, 30.0, 33.0), FailReason::ComponentDown);
    assert!(
        (100..=200).contains(&down),
        "expected ≈150 requests to fail before detection, got {down}"
    );
    let during_detection = windows(&r, 31.0, 32.0);
    let (ok, failed) = finished(&during_detection);
    assert_rel(
        "share failing before detection",
        failed as f64 / (ok + failed) as f64,
        1.0 / 3.0,
        0.15,
    );
    // Detected: while api-2 stays down, nothing fails.
    let after = windows(&r, 33.0, 60.0);
    let (ok, failed) = finished(&after);
    assert_eq!(
        failed, 0,
        "{failed} requests failed after the LB took api-2 out"
    );
    assert!(ok > 27 * 280, "the other two APIs serve everything: {ok}");
    for w in &after {
        assert_eq!(
            w.components[3].arrivals, 0,
            "LB still sends to api-2 at {} s",
            w.start_s
        );
    }
    // Recovered at 60.5 s, back in rotation after 2 good checks (62 s).
    let back = windows(&r, 63.0, 120.0);
    assert!(
        back.iter().all(|w| w.components[3].arrivals > 50),
        "api-2 gets traffic again"
    );
    assert_eq!(finished(&back).1, 0);
    assert_eq!(
        r.summary.failed.total(),
        down,
        "no failures outside the detection gap"
    );
}

#[test]
fn without_health_checks_a_third_of_requests_fail_while_a_backend_is_down() {
    let faults = json!([{"at_s": 30.0, "fault": {"action": "crash", "component": "api-2", "duration_s": 30.0}}]);
    let r = report(&web_app(faults, false), 42);
    // Round robin sends exactly every third request to api-2.
    for w in windows(&r, 31.0, 60.0) {
        let share = w.failed.get(FailReason::ComponentDown) as f64
            / (w.completed + w.failed.total()) as f64;
        assert!(
            (share - 1.0 / 3.0).abs() < 0.03,
            "window at {} s: {share} failed",
            w.start_s
        );
    }
    // 300 req/s × 30 s / 3 = 3000 (Poisson count: s.d. ≈ 30, so ±5 % is > 5 s.d.).
    let down = r.summary.failed.get(FailReason::ComponentDown);
    assert_rel("requests failed by the crash", down as f64, 3000.0, 0.05);
    let (_, failed) = finished(&windows(&r, 61.0, 120.0));
    assert_eq!(failed, 0, "all good once api-2 is back");
}

#[test]
fn a_black_holed_backend_makes_callers_time_out_instead_of_failing_fast() {
    let faults = json!([{"at_s": 30.0, "fault": {"action": "crash", "component": "api-2", "duration_s": 30.0, "mode": "blackhole"}}]);
    let r = report(&web_app(faults, false), 42);
    let s = &r.summary;
    assert_eq!(
        s.failed.get(FailReason::ComponentDown),
        0,
        "a black hole never answers"
    );
    assert_rel(
        "requests timed out",
        s.failed.get(FailReason::Timeout) as f64,
        3000.0,
        0.05,
    );
    // They fail a full client timeout (1 s) after they were sent: the first failures appear
    // only in the window after the crash.
    let first = windows(&r, 30.0, 31.0);
    assert!(
        failures(&first, FailReason::Timeout) < 10,
        "timeouts before the timeout elapsed"
    );
    let later = windows(&r, 32.0, 60.0);
    assert!(later.iter().all(|w| w.failed.get(FailReason::Timeout) > 70));
}

#[test]
fn a_partitioned_client_link_times_everything_out_and_healing_restores_it() {
    let faults = json!([
        {"at_s": 30.0, "fault": {"action": "partition", "from": "users", "to": "lb"}},
        {"at_s": 40.0, "fault": {"action": "heal", "from": "users", "to": "lb"}}
    ]);
    let r = report(&web_app(faults, true), 42);
    // Nothing sent in [30, 40) arrives: those requests time out 1 s later, in [31, 41).
    for w in windows(&r, 31.0, 40.0) {
        assert_eq!(
            w.completed, 0,
            "a request got through the partition at {} s",
            w.start_s
        );
        assert!(
            w.failed.get(FailReason::Timeout) > 250,
            "window at {} s",
            w.start_s
        );
        assert_eq!(w.success_ratio, 0.0);
        assert!(!w.up, "a window with no success is down");
    }
    // Healed: from one timeout after the heal on, everything succeeds again.
    for w in windows(&r, 41.0, 120.0) {
        assert_eq!(w.failed.total(), 0, "window at {} s", w.start_s);
        assert!(w.up);
    }
    // 300 req/s for 10 s ≈ 3000 timeouts, plus the answers lost on the way back at 30 s.
    assert_rel(
        "timeouts",
        r.summary.failed.get(FailReason::Timeout) as f64,
        3000.0,
        0.05,
    );
    // The ten windows [31, 41) are down (and [30, 31) loses the answers in flight).
    let down = r.summary.windows_total - r.summary.windows_up;
    assert!((10..=11).contains(&down), "{down} windows down");
}

#[test]
fn a_slow_database_raises_the_tail_latency() {
    let base = report(&web_app(json!([]), true), 42);
    let slow =
        json!([{"at_s": 0.0, "fault": {"action": "slow", "component": "db", "factor": 10.0}}]);
    let slowed = report(&web_app(slow, true), 42);
    let (p99, p99_slow) = (base.summary.latency.p99_ms, slowed.summary.latency.p99_ms);
    eprintln!("p99 {p99} ms → {p99_slow} ms with the DB 10× slower");
    // DB reads (8 ms) become 80 ms and writes (20 ms) 200 ms; a miss or write pays that
    // in full, so the tail grows by far more than the 2× asserted.
    assert!(p99_slow > 2.0 * p99, "p99 {p99} ms → {p99_slow} ms");
    let util = |r: &Report| component(r, "db").utilization;
    // Utilization is work / capacity: 10× the work on the same connections.
    assert_rel(
        "DB utilization under ×10",
        util(&slowed),
        10.0 * util(&base),
        0.10,
    );
}

#[test]
fn a_queue_keeps_the_api_fast_while_too_few_consumers_fall_behind() {
    let base = report(&example("queue-workers.json"), 7);
    let mut sc = example("queue-workers.json");
    for c in &mut sc.components {
        if let Params::Queue(q) = &mut c.params {
            q.consumers = 1;
        }
    }
    let starved = report(&sc, 7);
    // The API only enqueues: its latency does not care how many consumers there are.
    let (api, api_starved) = (base.summary.latency.p99_ms, starved.summary.latency.p99_ms);
    assert!(
        api_starved < 1.2 * api,
        "API p99 {api} ms → {api_starved} ms"
    );
    assert_eq!(starved.summary.failed.total(), 0);
    // A consumer is busy for its own 60 ms and for the payment write it then waits for
    // (1 ms there, 10 ms write, 1 ms back): 72 ms, so one consumer finishes μ ≈ 13.9
    // messages/s of the λ = 50/s produced. FIFO: the message finished at time t was produced
    // at about t·μ/λ, so it waited t(1 − μ/λ) ≈ 0.72 t (a fluid limit; the Poisson noise in
    // the counts is a few % at t ≥ 60 s, well inside 10 %).
    let (lambda, mu) = (50.0, 1000.0 / 72.0);
    for w in starved.windows.iter().filter(|w| w.start_s >= 60.0) {
        let t = (w.start_s + w.end_s) / 2.0;
        let expected_ms = 1000.0 * t * (1.0 - mu / lambda);
        let got = w.async_latency.mean_ms;
        assert!(
            (got - expected_ms).abs() < 0.10 * expected_ms,
            "at {t} s messages finish after {got} ms, expected ≈ {expected_ms} ms"
        );
    }
    // The backlog grows by λ − μ ≈ 36 messages/s: over 100 s the arrival and service counts
    // have a s.d. of about √(5000 + 1400) ≈ 80 messages, 2.2 % of the growth; 8 % is > 3 s.d.
    let orders = 2;
    let backlog = |k: usize| starved.windows[k].components[orders].in_flight as f64;
    assert_rel(
        "backlog growth (messages/s)",
        (backlog(109) - backlog(9)) / 100.0,
        lambda - mu,
        0.08,
    );
    // With four consumers (ρ = 0.75) messages are done within a second.
    assert!(base.summary.async_latency.p99_ms < 1000.0);
}

/// Users → service (crashed all run long, failing fast), with `retries` retries.
fn retry_storm(retries: u32) -> Scenario {
    scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": 100}},
                "read_ratio": 1.0, "keys": {"dist": "uniform", "count": 100}, "timeout_ms": 1000,
                "retry": {"max_retries": retries, "base_backoff_ms": 10, "max_backoff_ms": 100, "jitter": "full"}}},
            {"id": "api", "params": {"type": "service", "instances": 1, "workers": 4,
                "service_time": {"dist": "exponential", "mean_ms": 5}, "queue_capacity": 100}}
        ],
        "connections": [{"from": "users", "to": "api"}],
        "faults": [{"at_s": 0.0, "fault": {"action": "crash", "component": "api"}}],
        "run": {"seed": 1, "duration_s": 205, "warmup_s": 5, "window_ms": 1000}
    }))
}

#[test]
fn retries_against_a_dead_dependency_multiply_its_load() {
    for retries in [0, 1, 3] {
        let r = report(&retry_storm(retries), 1);
        let s = &r.summary;
        let api = component(&r, "api");
        // Every attempt fails, so every request is tried 1 + retries times.
        let factor = (1 + retries) as f64;
        // 200 s × 100 req/s = 20 000 requests: Poisson s.d. 0.7 %, so 3 % is > 4 s.d.
        assert_rel(
            &format!("API load with {retries} retries"),
            api.arrival_rps,
            factor * 100.0,
            0.03,
        );
        // Exactly `retries` per request, but for the requests still retrying at the ends of
        // the measured interval (born before it, or not done when the run stops).
        let per_request = s.retries as f64 / s.generated as f64;
        assert!(
            (per_request - retries as f64).abs() < 0.01,
            "{per_request} retries per request, expected {retries}"
        );
        assert_eq!(s.completed, 0);
        assert_eq!(s.failed.total(), s.failed.get(FailReason::ComponentDown));
    }
}

/// `users` closed-loop users thinking `think_ms` on average, one worker serving 10 ms.
fn closed_loop(users: u32, think_ms: f64) -> Scenario {
    scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "closed", "users": users, "think_time": {"dist": "exponential", "mean_ms": think_ms}},
                "read_ratio": 1.0, "keys": {"dist": "uniform", "count": 100}, "timeout_ms": 600_000}},
            {"id": "api", "params": {"type": "service", "instances": 1, "workers": 1,
                "service_time": {"dist": "exponential", "mean_ms": 10}, "queue_capacity": 100_000}}
        ],
        "connections": [{"from": "users", "to": "api", "latency": {"dist": "constant", "ms": 0}}],
        "run": {"seed": 1, "duration_s": 1010, "warmup_s": 10, "window_ms": 1000}
    }))
}

#[test]
fn closed_loop_users_obey_the_interactive_response_time_law() {
    // X = N / (Z + R): each user alternates thinking (Z) and waiting (R). It holds on every
    // sample path up to the cycles cut by the ends of the run: N cycles out of ≈ X·T
    // (≤ 0.5 % here), so 2 % is loose.
    for (users, think_ms) in [(20, 500.0), (200, 500.0)] {
        let r = report(&closed_loop(users, think_ms), 1);
        let s = &r.summary;
        let response_s = s.latency.mean_ms / 1000.0;
        let law = users as f64 / (think_ms / 1000.0 + response_s);
        assert_rel(
            &format!("{users} users: throughput vs N/(Z+R)"),
            s.throughput_rps,
            law,
            0.02,
        );
        if users == 200 {
            // Demand 200/0.5 s = 400 req/s on a 100 req/s server: the server is the
            // bottleneck, X = μ, and the response time is what makes the law hold.
            assert_rel("saturated throughput", s.throughput_rps, 100.0, 0.02);
            assert!(response_s > 1.4, "R = N/X − Z = 1.5 s, got {response_s}");
        }
    }
}

/// Users at `rate` (a rate profile) → LB (`strategy`, weights 1, 2, 3) → three services.
fn three_backends(strategy: &str, rate: serde_json::Value, keys: u32) -> Scenario {
    let api = |id: &str| {
        json!({"id": id, "params": {"type": "service", "instances": 1, "workers": 16,
            "service_time": {"dist": "exponential", "mean_ms": 5}, "queue_capacity": 1000}})
    };
    scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": rate},
                "read_ratio": 1.0, "keys": {"dist": "uniform", "count": keys}, "timeout_ms": 5000}},
            {"id": "lb", "params": {"type": "load_balancer", "strategy": strategy,
                "health_check": {"enabled": false}}},
            api("a"), api("b"), api("c")
        ],
        "connections": [
            {"from": "users", "to": "lb"},
            {"from": "lb", "to": "a", "weight": 1},
            {"from": "lb", "to": "b", "weight": 2},
            {"from": "lb", "to": "c", "weight": 3}
        ],
        "run": {"seed": 3, "duration_s": 60, "warmup_s": 0, "window_ms": 1000}
    }))
}

#[test]
fn load_balancer_strategies_split_traffic_as_configured() {
    let constant = json!({"shape": "constant", "rps": 600});
    let shares = |r: &Report| {
        let n: Vec<f64> = ["a", "b", "c"]
            .iter()
            .map(|id| component(r, id).arrivals as f64)
            .collect();
        let total: f64 = n.iter().sum();
        n.iter().map(|x| x / total).collect::<Vec<f64>>()
    };
    // Round robin and weighted round robin are exact, up to the one cycle in progress.
    let rr = shares(&report(
        &three_backends("round_robin", constant.clone(), 1000),
        3,
    ));
    for s in &rr {
        assert!((s - 1.0 / 3.0).abs() < 1e-3, "round robin shares {rr:?}");
    }
    let wrr = shares(&report(
        &three_backends("weighted_round_robin", constant.clone(), 1000),
        3,
    ));
    for (s, w) in wrr.iter().zip([1.0, 2.0, 3.0]) {
        assert!((s - w / 6.0).abs() < 1e-3, "weighted shares {wrr:?}");
    }
    // Random: 36 000 requests, a share's s.d. is √(p(1−p)/n) ≈ 0.25 %; 1.5 % is 6 s.d.
    let random = shares(&report(
        &three_backends("random", constant.clone(), 1000),
        3,
    ));
    for s in &random {
        assert!((s - 1.0 / 3.0).abs() < 0.015, "random shares {random:?}");
    }
    // Hashing by key: one key, one backend.
    let hashed = shares(&report(&three_backends("hash_key", constant.clone(), 1), 3));
    assert_eq!(
        hashed.iter().filter(|s| **s > 0.0).count(),
        1,
        "hash shares {hashed:?}"
    );
    // Least connections keeps the three equally busy (identical servers, ample capacity).
    let least = shares(&report(
        &three_backends("least_connections", constant, 1000),
        3,
    ));
    for s in &least {
        assert!(
            (s - 1.0 / 3.0).abs() < 0.015,
            "least-connections shares {least:?}"
        );
    }
}

#[test]
fn rate_steps_and_traffic_spikes_change_the_offered_load() {
    // 200 req/s, 500 from 20 s; a ×2 spike fault from 40 s to 50 s on top.
    let steps = json!({"shape": "steps", "rps": 200, "steps": [{"at_s": 20, "rps": 500}]});
    let mut sc = three_backends("round_robin", steps, 1000);
    sc.faults = serde_json::from_value(json!([
        {"at_s": 40.0, "fault": {"action": "traffic_spike", "factor": 2.0, "duration_s": 10.0}}
    ]))
    .unwrap();
    let r = report(&sc, 3);
    let born = |from: f64, to: f64| {
        let ws = windows(&r, from, to);
        ws.iter().map(|w| w.generated).sum::<u64>() as f64 / (to - from)
    };
    // Poisson counts over 10–20 s: s.d. ≤ 1.6 % of the rate; 6 % is > 3.5 s.d.
    assert_rel("rate before the step", born(0.0, 20.0), 200.0, 0.06);
    assert_rel("rate after the step", born(20.0, 40.0), 500.0, 0.06);
    assert_rel("rate during the spike", born(40.0, 50.0), 1000.0, 0.06);
    assert_rel("rate after the spike", born(50.0, 60.0), 500.0, 0.06);
}
