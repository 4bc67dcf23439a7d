//! The catalog's kinds in whole runs, against what the notes and the theory say: rate
//! limiters, blob storage and external APIs, and random failures (MTBF/MTTR) in series and
//! in parallel.

mod common;

use archsim_engine::{FailReason, Scenario, Summary};
use common::*;
use serde_json::{Value, json};

fn client(id: &str, rps: f64, timeout_ms: f64, retries: u32) -> Value {
    json!({"id": id, "params": {"type": "client",
        "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
        "read_ratio": 1.0, "keys": {"dist": "uniform", "count": 1000}, "timeout_ms": timeout_ms,
        "retry": {"max_retries": retries, "base_backoff_ms": 0.0, "max_backoff_ms": 0.0, "jitter": "none"}}})
}

fn service(id: &str, ms: f64) -> Value {
    json!({"id": id, "params": {"type": "service", "instances": 1, "workers": 10_000,
        "service_time": {"dist": "constant", "ms": ms}, "queue_capacity": 0}})
}

fn link(from: &str, to: &str, ms: f64) -> Value {
    json!({"from": from, "to": to, "latency": {"dist": "constant", "ms": ms}})
}

fn run_settings(duration_s: f64, chaos: bool) -> Value {
    json!({"seed": 1, "duration_s": duration_s, "warmup_s": 0, "window_ms": 60_000, "chaos": chaos})
}

/// A client at `rps` (Poisson) → a limiter → a fast service, for `duration_s`.
fn limited(rps: f64, algorithm: Value, scope: &str, duration_s: f64) -> Scenario {
    scenario(json!({
        "components": [
            client("users", rps, 10_000.0, 0),
            {"id": "limiter", "params": {"type": "rate_limiter", "algorithm": algorithm, "scope": scope}},
            service("api", 1.0),
        ],
        "connections": [link("users", "limiter", 0.0), link("limiter", "api", 0.0)],
        "run": run_settings(duration_s, false),
    }))
}

fn limited_count(s: &Summary) -> u64 {
    s.failed.get(FailReason::RateLimited)
}

#[test]
fn a_token_bucket_admits_rate_times_t_plus_burst() {
    // Offered 300/s for 60 s against a bucket of 100/s with a burst of 50: the bucket is empty
    // nearly all the time, so it admits its rate × T plus the burst it started with.
    let alg = json!({"algorithm": "token_bucket", "rate_rps": 100.0, "burst": 50});
    let s = run(&limited(300.0, alg, "global", 60.0), 1).summary();
    let admitted = s.completed + s.in_flight;
    let bound = 100 * 60 + 50;
    eprintln!(
        "token bucket: admitted {admitted} (bound {bound}), limited {}",
        limited_count(&s)
    );
    assert!(admitted <= bound, "admitted {admitted} > rate × T + burst");
    // Poisson arrivals leave the bucket full now and then; within 1 % of the bound.
    assert!(
        admitted as f64 >= 0.99 * bound as f64,
        "admitted only {admitted}"
    );
    // Every refusal is a 429, counted apart from the system's own failures.
    assert_eq!(limited_count(&s), s.failed.total());
    assert_eq!(s.completed + s.failed.total() + s.in_flight, s.generated);
}

#[test]
fn per_client_limits_are_separate_and_a_global_limit_is_shared() {
    let alg = json!({"algorithm": "token_bucket", "rate_rps": 100.0, "burst": 1});
    let two = |scope: &str| {
        scenario(json!({
            "components": [
                client("a", 200.0, 10_000.0, 0),
                client("b", 200.0, 10_000.0, 0),
                {"id": "limiter", "params": {"type": "rate_limiter", "algorithm": alg, "scope": scope}},
                service("api", 1.0),
            ],
            "connections": [link("a", "limiter", 0.0), link("b", "limiter", 0.0), link("limiter", "api", 0.0)],
            "run": run_settings(60.0, false),
        }))
    };
    let per = run(&two("per_client"), 2).summary();
    let global = run(&two("global"), 2).summary();
    // A bucket of one token refills in 1/r = 10 ms and then waits for the next Poisson
    // arrival (mean 1/λ): it admits one request per 1/r + 1/λ. Each client (λ = 200/s) has
    // its own bucket, 2 / (10 ms + 5 ms) = 133.3/s in all; sharing one bucket, the two
    // (λ = 400/s) get 1 / (10 ms + 2.5 ms) = 80/s.
    assert_rel(
        "per-client admitted/s",
        per.completed as f64 / 60.0,
        2.0 / 0.015,
        0.02,
    );
    assert_rel(
        "global admitted/s",
        global.completed as f64 / 60.0,
        1.0 / 0.0125,
        0.02,
    );
}

#[test]
fn a_leaky_bucket_passes_exactly_its_rate_and_queues_the_rest() {
    let alg = json!({"algorithm": "leaky_bucket", "rate_rps": 50.0, "queue": 20});
    let s = run(&limited(80.0, alg, "global", 60.0), 3).summary();
    assert_rel("leaky bucket out/s", s.completed as f64 / 60.0, 50.0, 0.01);
    // A full queue of 20 drained at 50/s: admitted requests wait up to 0.4 s.
    assert!(s.latency.max_ms <= 402.0, "max {}", s.latency.max_ms);
    assert!(s.latency.p50_ms > 200.0, "p50 {}", s.latency.p50_ms);
}

#[test]
fn window_limiters_hold_the_long_run_rate() {
    for (name, alg) in [
        (
            "fixed window",
            json!({"algorithm": "fixed_window", "limit": 100, "window_ms": 1000.0}),
        ),
        (
            "sliding log",
            json!({"algorithm": "sliding_log", "limit": 100, "window_ms": 1000.0}),
        ),
        (
            "sliding counter",
            json!({"algorithm": "sliding_counter", "limit": 100, "window_ms": 1000.0}),
        ),
    ] {
        let s = run(&limited(250.0, alg, "global", 60.0), 4).summary();
        assert_rel(name, s.completed as f64 / 60.0, 100.0, 0.03);
    }
}

#[test]
fn a_rate_limiter_keeps_an_overloaded_service_fast() {
    // 8 workers × 20 ms = 400/s of capacity; 600/s offered. Without a limiter the queue
    // fills and latency explodes; with a 300/s limiter the admitted requests stay fast.
    let api = json!({"id": "api", "params": {"type": "service", "instances": 1, "workers": 8,
        "service_time": {"dist": "exponential", "mean_ms": 20.0}, "queue_capacity": 1000}});
    let bare = scenario(json!({
        "components": [client("users", 600.0, 10_000.0, 0), api],
        "connections": [link("users", "api", 0.0)],
        "run": run_settings(60.0, false),
    }));
    let guarded = scenario(json!({
        "components": [client("users", 600.0, 10_000.0, 0),
            {"id": "limiter", "params": {"type": "rate_limiter",
                "algorithm": {"algorithm": "token_bucket", "rate_rps": 300.0, "burst": 20}}},
            api],
        "connections": [link("users", "limiter", 0.0), link("limiter", "api", 0.0)],
        "run": run_settings(60.0, false),
    }));
    let bare = run(&bare, 5).summary();
    let guarded = run(&guarded, 5).summary();
    eprintln!(
        "p99 without limiter {} ms, with {} ms",
        bare.latency.p99_ms, guarded.latency.p99_ms
    );
    assert!(bare.latency.p99_ms > 1000.0);
    assert!(guarded.latency.p99_ms < 200.0);
    let util = guarded.components[2].utilization;
    assert_rel("guarded utilization", util, 300.0 * 0.020 / 8.0, 0.05);
}

fn remote_chain(kind: &str, latency: Value, error_rate: f64, rps: f64) -> Scenario {
    scenario(json!({
        "components": [
            client("users", rps, 60_000.0, 0),
            service("api", 0.0),
            {"id": "remote", "params": {"type": kind, "latency": latency, "error_rate": error_rate}},
        ],
        "connections": [link("users", "api", 0.0), link("api", "remote", 0.0)],
        "run": run_settings(60.0, false),
    }))
}

#[test]
fn an_external_api_fails_at_its_error_rate() {
    let errors: Vec<f64> = replicate(&[1, 2, 3, 4, 5, 6, 7, 8], |seed| {
        let s = report(
            &remote_chain(
                "external_api",
                json!({"dist": "constant", "ms": 80.0}),
                0.05,
                200.0,
            ),
            seed,
        )
        .summary;
        let done = s.completed + s.failed.total();
        assert_eq!(s.failed.get(FailReason::DependencyError), s.failed.total());
        s.failed.total() as f64 / done as f64
    });
    assert_close(
        "external API error share",
        Estimate::of(&errors),
        0.05,
        0.03,
    );
}

#[test]
fn blob_storage_serves_in_parallel_without_queueing() {
    // M/G/∞: however many requests at once, each takes its own latency; Little's law gives
    // the number in flight, L = λ × W = 2000/s × 25 ms = 50.
    let s = report(
        &remote_chain(
            "blob_storage",
            json!({"dist": "exponential", "mean_ms": 25.0}),
            0.0,
            2000.0,
        ),
        9,
    )
    .summary;
    assert_eq!(s.failed.total(), 0);
    assert_rel("blob mean latency", s.latency.mean_ms, 25.0, 0.02);
    assert_rel(
        "blob L = λW",
        s.components[2].mean_in_system,
        2000.0 * 0.025,
        0.03,
    );
}

/// Components with availability `a` (MTBF/MTTR), `n` of them one after another.
fn series(n: usize, mtbf_s: f64, mttr_s: f64, duration_s: f64, chaos: bool) -> Scenario {
    let mut components = vec![client("users", 20.0, 10_000.0, 0)];
    let mut connections = Vec::new();
    let mut prev = "users".to_string();
    for i in 0..n {
        let id = format!("s{i}");
        let mut c = service(&id, 0.01);
        c["failures"] = json!({"mtbf_s": mtbf_s, "mttr_s": mttr_s});
        components.push(c);
        connections.push(link(&prev, &id, 0.0));
        prev = id;
    }
    scenario(json!({
        "components": components,
        "connections": connections,
        "run": run_settings(duration_s, chaos),
    }))
}

#[test]
fn three_in_series_at_three_nines_give_about_99_7_percent() {
    // Each up 99.9 % of the time (MTBF 9.99 s, MTTR 0.01 s): a request needs all three,
    // 0.999³ = 99.7003 %. Measured per request, over 10 runs of 20,000 s.
    let seeds: Vec<u64> = (1..=10).collect();
    let down: Vec<f64> = replicate(&seeds, |seed| {
        let s = report(&series(3, 9.99, 0.01, 20_000.0, true), seed).summary;
        1.0 - s.success_ratio
    });
    let theory = 1.0 - 0.999f64.powi(3);
    assert_close(
        "unavailability of 3 in series",
        Estimate::of(&down),
        theory,
        0.08,
    );
}

#[test]
fn the_chaos_switch_turns_random_failures_on_and_off() {
    let off = report(&series(3, 1.0, 0.5, 600.0, false), 1).summary;
    assert_eq!(off.failed.total(), 0);
    let on = report(&series(3, 1.0, 0.5, 600.0, true), 1).summary;
    assert!(on.failed.get(FailReason::ComponentDown) > 0);
}

/// A load balancer over two replicas that fail at random; the client retries at once.
fn parallel(mtbf_s: f64, mttr_s: f64, duration_s: f64) -> Scenario {
    let mut a = service("a", 0.01);
    a["failures"] = json!({"mtbf_s": mtbf_s, "mttr_s": mttr_s});
    let mut b = service("b", 0.01);
    b["failures"] = json!({"mtbf_s": mtbf_s, "mttr_s": mttr_s});
    scenario(json!({
        "components": [
            client("users", 20.0, 10_000.0, 3),
            {"id": "lb", "params": {"type": "load_balancer", "strategy": "round_robin",
                "health_check": {"enabled": false}}},
            a, b,
        ],
        "connections": [link("users", "lb", 0.0), link("lb", "a", 0.0), link("lb", "b", 0.0)],
        "run": run_settings(duration_s, true),
    }))
}

#[test]
fn two_in_parallel_fail_only_together() {
    // Each up 90 %: both down 1 % of the time, so 1 − 0.1² = 99 %.
    let seeds: Vec<u64> = (1..=8).collect();
    let down: Vec<f64> = replicate(&seeds, |seed| {
        1.0 - report(&parallel(0.9, 0.1, 5_000.0), seed)
            .summary
            .success_ratio
    });
    assert_close(
        "unavailability of 2 in parallel",
        Estimate::of(&down),
        0.01,
        0.08,
    );
    // At three nines each, a pair is down 10⁻⁶ of the time: over 20,000 s at 20/s about
    // 0.4 of 400,000 requests fail, where one replica alone would fail ~400.
    let pair = report(&parallel(9.99, 0.01, 20_000.0), 11).summary;
    let lost = pair.failed.total();
    eprintln!(
        "pair at 99.9 % each: {lost} of {} requests failed",
        pair.generated
    );
    assert!(pair.success_ratio >= 0.99999, "{}", pair.success_ratio);
}

/// An external API has no workers to count: it reports no capacity (the app shows what is in
/// flight instead of "busy 12 of 4294967295"), and what is in flight obeys Little's law,
/// L = λ·W = 200/s × 80 ms = 16.
#[test]
fn an_external_api_has_no_worker_limit_and_holds_lambda_w_in_flight() {
    let scenario = remote_chain(
        "external_api",
        json!({"dist": "constant", "ms": 80.0}),
        0.0,
        200.0,
    );
    let remote = scenario
        .components
        .iter()
        .position(|c| c.id == "remote")
        .unwrap();
    let mut sim = archsim_engine::Simulation::new(&scenario).unwrap();
    let mut seen = Vec::new();
    for t in 5..55 {
        sim.run_until_s(f64::from(t), u64::MAX);
        let live = sim.live()[remote];
        assert_eq!(live.capacity, 0, "no worker limit to show");
        seen.push(f64::from(live.in_flight));
    }
    let mean = seen.iter().sum::<f64>() / seen.len() as f64;
    // 50 looks at a Poisson(16) count: the mean's standard error is about 0.6.
    assert!((mean - 16.0).abs() < 3.0, "mean in flight {mean}");
}
