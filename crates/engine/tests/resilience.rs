//! Resilience patterns against what their definitions predict: a circuit breaker caps the
//! load on a crashed dependency at its trial calls per open period and closes again after
//! recovery; a retry budget holds retries per first attempt at `ratio + floor / λ` where
//! plain retries multiply the load by `1 + max_retries`; writes retried after a lost answer
//! are applied twice unless they carry idempotency keys; an optional dependency that is
//! down degrades answers instead of failing them; a cache that falls back to its store
//! while down keeps serving, at the price of the store seeing every read.
//!
//! Run with `cargo test -p archsim-engine --test resilience -- --nocapture` to see every
//! measured value next to its prediction.

mod common;

use archsim_engine::{BreakerState, FailReason, Report, Scenario, WindowStats};
use common::{Estimate, assert_close, assert_rel, replicate, report, scenario};
use serde_json::{Value, json};

/// The windows that lie inside [from_s, to_s).
fn windows(r: &Report, from_s: f64, to_s: f64) -> Vec<&WindowStats> {
    r.windows
        .iter()
        .filter(|w| w.start_s >= from_s - 1e-9 && w.end_s <= to_s + 1e-9)
        .collect()
}

/// Arrivals at component `i` per second over `ws`.
fn arrival_rate(ws: &[&WindowStats], i: usize) -> f64 {
    let n: u64 = ws.iter().map(|w| w.components[i].arrivals).sum();
    let t: f64 = ws.iter().map(|w| w.end_s - w.start_s).sum();
    n as f64 / t
}

fn client(rps: f64, read_ratio: f64, timeout_ms: f64, retry: Value) -> Value {
    json!({"type": "client",
        "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
        "read_ratio": read_ratio, "keys": {"dist": "uniform", "count": 1000},
        "timeout_ms": timeout_ms, "retry": retry})
}

const NO_RETRY: fn() -> Value = || json!({"max_retries": 0});

// ----- circuit breaker --------------------------------------------------------------------

const LAMBDA: f64 = 200.0;
const OPEN_MS: f64 = 1000.0;
const PROBES: u32 = 3;
/// The database is down from 20 s to 120 s of a 150 s run.
const CRASH_S: f64 = 20.0;
const RECOVER_S: f64 = 120.0;

/// users → api → db, 1 ms links, the api → db connection with a breaker (or without).
fn breaker_case(breaker: bool) -> Scenario {
    let mut conn = json!({"from": "api", "to": "db", "latency": {"dist": "constant", "ms": 1}});
    if breaker {
        conn["breaker"] = json!({"window": 20, "min_calls": 10, "failure_threshold": 0.5,
            "open_ms": OPEN_MS, "half_open_probes": PROBES});
    }
    scenario(json!({
        "components": [
            {"id": "users", "params": client(LAMBDA, 1.0, 1000.0, NO_RETRY())},
            {"id": "api", "params": {"type": "service", "instances": 1, "workers": 50,
                "service_time": {"dist": "constant", "ms": 1}, "queue_capacity": 1000}},
            {"id": "db", "params": {"type": "database", "connections": 50,
                "read_time": {"dist": "constant", "ms": 2}, "queue_capacity": 1000}}
        ],
        "connections": [
            {"from": "users", "to": "api", "latency": {"dist": "constant", "ms": 1}},
            conn
        ],
        "faults": [{"at_s": CRASH_S, "fault": {"action": "crash", "component": "db",
            "duration_s": RECOVER_S - CRASH_S}}],
        "run": {"seed": 1, "duration_s": 150.0, "window_ms": 1000}
    }))
}

/// The rate of calls reaching the crashed database through an open breaker. After each
/// open period the breaker turns half-open; the next call (after an exponential wait of mean
/// 1/λ) is a trial, and so is every call in the round trip `rtt` before its failure comes
/// back, up to `PROBES`: 1 + E[min(X, PROBES − 1)] with X ~ Poisson(λ·rtt). The first failed
/// trial reopens it, so a cycle lasts open_ms + 1/λ + rtt.
fn predicted_probe_rate() -> f64 {
    let rtt_s = 0.002; // 1 ms to the database and 1 ms back; a crashed one answers at once
    let m = LAMBDA * rtt_s;
    let mut p = (-m).exp(); // P(X = 0)
    let mut extra = 0.0;
    let mut below = 0.0; // P(X < k)
    for k in 0..(PROBES - 1) {
        below += p;
        extra += k as f64 * p;
        p *= m / (k + 1) as f64;
    }
    extra += (PROBES - 1) as f64 * (1.0 - below);
    let cycle_s = OPEN_MS / 1000.0 + 1.0 / LAMBDA + rtt_s;
    (1.0 + extra) / cycle_s
}

#[test]
fn a_breaker_caps_the_load_on_a_crashed_database_and_closes_after_it_recovers() {
    let predicted = predicted_probe_rate();
    let seeds: Vec<u64> = (1..=8).collect();
    let reports = replicate(&seeds, |seed| report(&breaker_case(true), seed));
    // While the database is down (leaving 2 s for the breaker to trip): trial calls only.
    let rates: Vec<f64> = reports
        .iter()
        .map(|r| arrival_rate(&windows(r, CRASH_S + 2.0, RECOVER_S), 2))
        .collect();
    // Each replication counts ≈ 135 trial calls (s.d. ≈ 4.5 % from the Poisson number of
    // trials per cycle); the mean of 8 has a s.e. ≈ 1.6 %: 8 % is 5 s.e.
    assert_close(
        "calls/s reaching the crashed db through the breaker",
        Estimate::of(&rates),
        predicted,
        0.08,
    );
    let open_share: Vec<f64> = reports
        .iter()
        .map(|r| {
            let ws = windows(r, CRASH_S + 2.0, RECOVER_S);
            ws.iter()
                .map(|w| w.connections[1].breaker_open_share)
                .sum::<f64>()
                / ws.len() as f64
        })
        .collect();
    let share_theory = (OPEN_MS / 1000.0) / (OPEN_MS / 1000.0 + 1.0 / LAMBDA + 0.002);
    assert_close(
        "share of the outage the breaker is open",
        Estimate::of(&open_share),
        share_theory,
        0.01,
    );
    for r in &reports {
        // The users see the breaker's refusals, not the database's.
        let ws = windows(r, CRASH_S + 2.0, RECOVER_S);
        let open: u64 = ws
            .iter()
            .map(|w| w.failed.get(FailReason::CircuitOpen))
            .sum();
        let all: u64 = ws.iter().map(|w| w.failed.total()).sum();
        assert!(
            open as f64 >= 0.98 * all as f64,
            "CircuitOpen {open} of {all} failures"
        );
        // Recovered at 120 s: the next trial calls succeed and it closes within an open period.
        let after = windows(r, RECOVER_S + 2.0, 150.0);
        for w in &after {
            assert_eq!(
                w.connections[1].breaker,
                Some(BreakerState::Closed),
                "at {} s",
                w.start_s
            );
            assert_eq!(w.connections[1].breaker_open_share, 0.0);
            assert_eq!(w.failed.total(), 0, "failures at {} s", w.start_s);
        }
        assert_rel(
            "db arrivals/s after recovery",
            arrival_rate(&after, 2),
            LAMBDA,
            // 28 s × 200/s = 5600 Poisson arrivals: s.d. 1.3 %, so 5 % is > 3 s.d.
            0.05,
        );
        let s = &r.summary.connections[1];
        assert!(s.breaker_trips >= 90, "{} trips", s.breaker_trips);
        assert!(s.short_circuited > 19_000, "{} refused", s.short_circuited);
    }
}

#[test]
fn a_breaker_on_the_clients_own_connection_caps_the_load_the_same_way() {
    // The breaker on users → api instead, and the api crashed: the client's attempts are
    // the calls, with the same 2 ms round trip to a crashed component.
    let mut sc = breaker_case(true);
    sc.connections[0].breaker = sc.connections[1].breaker.take();
    sc.faults = serde_json::from_value(json!([{"at_s": CRASH_S, "fault": {"action": "crash",
        "component": "api", "duration_s": RECOVER_S - CRASH_S}}]))
    .expect("fault parses");
    let seeds: Vec<u64> = (11..=14).collect();
    let rates = replicate(&seeds, |seed| {
        let r = report(&sc, seed);
        assert!(r.summary.failed.get(FailReason::CircuitOpen) > 19_000);
        arrival_rate(&windows(&r, CRASH_S + 2.0, RECOVER_S), 1)
    });
    // 4 replications of ≈ 135 trials: s.e. ≈ 2.2 %, so 10 % is > 4 s.e.
    assert_close(
        "attempts/s reaching the crashed api through the client's breaker",
        Estimate::of(&rates),
        predicted_probe_rate(),
        0.10,
    );
}

#[test]
fn without_a_breaker_the_crashed_database_keeps_getting_the_full_load() {
    let r = report(&breaker_case(false), 3);
    // 98 s × 200/s = 19 600 Poisson arrivals: s.d. 0.7 %, 3 % is > 4 s.d.
    assert_rel(
        "db arrivals/s while down, no breaker",
        arrival_rate(&windows(&r, CRASH_S + 2.0, RECOVER_S), 2),
        LAMBDA,
        0.03,
    );
    let ws = windows(&r, CRASH_S + 2.0, RECOVER_S);
    assert_eq!(
        ws.iter()
            .map(|w| w.failed.get(FailReason::CircuitOpen))
            .sum::<u64>(),
        0
    );
    assert!(ws.iter().all(|w| w.connections[1].breaker.is_none()));
}

// ----- retry budget -----------------------------------------------------------------------

/// users → db, the database crashed for the whole run: every attempt fails at once.
fn outage(budget: Option<Value>) -> Scenario {
    let mut users = client(
        100.0,
        1.0,
        1000.0,
        json!({"max_retries": 3, "base_backoff_ms": 10, "max_backoff_ms": 100, "jitter": "none"}),
    );
    if let Some(b) = budget {
        users["retry_budget"] = b;
    }
    scenario(json!({
        "components": [
            {"id": "users", "params": users},
            {"id": "db", "params": {"type": "database"}}
        ],
        "connections": [{"from": "users", "to": "db"}],
        "faults": [{"at_s": 0.0, "fault": {"action": "crash", "component": "db"}}],
        "run": {"seed": 1, "duration_s": 60.0, "warmup_s": 10.0, "window_ms": 1000}
    }))
}

#[test]
fn without_a_budget_an_outage_multiplies_attempts_by_one_plus_max_retries() {
    let r = report(&outage(None), 5);
    let s = &r.summary;
    let attempts = (s.generated + s.retries) as f64;
    // Every request retries 3 times; only the last ~70 ms of requests are cut short, so the
    // ratio is 4 to within 0.1 % (a deterministic consequence, not a statistical one).
    assert_rel(
        "attempts per request in an outage, no budget",
        attempts / s.generated as f64,
        4.0,
        0.005,
    );
    assert_eq!(s.retries_denied, 0);
}

#[test]
fn a_retry_budget_holds_retries_at_the_ratio_plus_the_floor() {
    let (ratio, floor) = (0.2, 5.0);
    let budget = json!({"ratio": ratio, "min_retries_per_s": floor, "window_ms": 10_000});
    let seeds: Vec<u64> = (1..=4).collect();
    let ratios = replicate(&seeds, |seed| {
        let s = report(&outage(Some(budget.clone())), seed).summary;
        assert!(s.retries_denied > 0);
        s.retries as f64 / s.generated as f64
    });
    // Retries per second settle at ratio × λ + floor: per first attempt ratio + floor / λ.
    // The count of first attempts in a 10 s window is Poisson (≈ 1000, s.d. 3 %), and the
    // budget follows it, so a 50 s run's ratio varies by a few tenths of a percent.
    assert_close(
        "retries per first attempt with a budget",
        Estimate::of(&ratios),
        ratio + floor / 100.0,
        0.03,
    );
}

// ----- idempotency keys -------------------------------------------------------------------

const RETRIES: u32 = 2;

/// users write to db; the database takes 100 ms per write but the users wait only 50 ms,
/// so every attempt is applied and its answer comes too late: each write is applied
/// 1 + RETRIES times.
fn late_answers(keys: bool) -> Scenario {
    let mut users = client(
        50.0,
        0.0,
        50.0,
        json!({"max_retries": RETRIES, "base_backoff_ms": 10, "max_backoff_ms": 100, "jitter": "none"}),
    );
    users["idempotency_keys"] = json!(keys);
    scenario(json!({
        "components": [
            {"id": "users", "params": users},
            {"id": "db", "params": {"type": "database", "connections": 100,
                "write_time": {"dist": "constant", "ms": 100}, "queue_capacity": 1000}}
        ],
        "connections": [{"from": "users", "to": "db"}],
        "run": {"seed": 1, "duration_s": 60.0, "window_ms": 1000}
    }))
}

#[test]
fn retried_writes_whose_answers_came_too_late_are_applied_again_without_keys() {
    let r = report(&late_answers(false), 7);
    let s = &r.summary;
    assert_eq!(s.completed, 0, "every attempt timed out");
    // Each write is applied 3 times: 2 duplicates per request, except for those born in the
    // last 0.24 s whose retries did not reach the database before the end (≈ 12 of 3000).
    let expected = s.generated as f64 * RETRIES as f64;
    assert_rel(
        "duplicate writes",
        s.duplicate_writes as f64,
        expected,
        0.02,
    );
    let per_window: u64 = r.windows.iter().map(|w| w.duplicate_writes).sum();
    assert_eq!(per_window, s.duplicate_writes, "windows add up to the run");
}

#[test]
fn with_idempotency_keys_no_write_is_applied_twice() {
    let r = report(&late_answers(true), 7);
    assert!(r.summary.retries > 5000, "the retries still happen");
    assert_eq!(r.summary.duplicate_writes, 0);
}

// ----- graceful degradation ---------------------------------------------------------------

/// users split 30 / 70 between api-recs (which calls a recommendations service over an
/// `optional` connection, then the db) and api-plain (db only); recs is crashed.
fn optional_case(optional: bool) -> Scenario {
    let svc = json!({"type": "service", "instances": 1, "workers": 50,
        "service_time": {"dist": "constant", "ms": 2}, "queue_capacity": 1000});
    scenario(json!({
        "components": [
            {"id": "users", "params": client(100.0, 1.0, 1000.0, NO_RETRY())},
            {"id": "api-recs", "params": svc},
            {"id": "api-plain", "params": svc},
            {"id": "recs", "params": svc},
            {"id": "db", "params": {"type": "database"}}
        ],
        "connections": [
            {"from": "users", "to": "api-recs", "weight": 3},
            {"from": "users", "to": "api-plain", "weight": 7},
            {"from": "api-recs", "to": "recs", "optional": optional},
            {"from": "api-recs", "to": "db"},
            {"from": "api-plain", "to": "db"}
        ],
        "faults": [{"at_s": 0.0, "fault": {"action": "crash", "component": "recs"}}],
        "run": {"seed": 1, "duration_s": 60.0, "window_ms": 1000}
    }))
}

#[test]
fn an_optional_dependency_that_is_down_degrades_answers_instead_of_failing_them() {
    let r = report(&optional_case(true), 11);
    let s = &r.summary;
    assert_eq!(s.success_ratio, 1.0, "nothing fails");
    // The requests that go to api-recs (30 % by weight) are degraded: a binomial share of
    // ≈ 6000 requests, s.e. 0.6 points = 2 %; 7 % is > 3 s.e.
    assert_rel(
        "degraded share",
        s.degraded as f64 / s.completed as f64,
        0.3,
        0.07,
    );
    // Without the optional flag the same requests fail.
    let strict = report(&optional_case(false), 11).summary;
    assert_eq!(strict.degraded, 0);
    assert_rel(
        "success ratio when recs is required",
        strict.success_ratio,
        0.7,
        0.03,
    );
}

const HIT: f64 = 0.8;

/// users → api → cache (fixed hit ratio 0.8) → db; the cache is down from 30 s to 60 s.
fn cache_case(fallback: bool) -> Scenario {
    scenario(json!({
        "components": [
            {"id": "users", "params": client(LAMBDA, 1.0, 1000.0, NO_RETRY())},
            {"id": "api", "params": {"type": "service", "instances": 1, "workers": 50,
                "service_time": {"dist": "constant", "ms": 1}, "queue_capacity": 1000}},
            {"id": "cache", "params": {"type": "cache", "mode": {"policy": "fixed_hit_ratio",
                "hit_ratio": HIT}, "fallback_when_down": fallback}},
            {"id": "db", "params": {"type": "database", "connections": 50}}
        ],
        "connections": [
            {"from": "users", "to": "api"},
            {"from": "api", "to": "cache"},
            {"from": "cache", "to": "db"}
        ],
        "faults": [{"at_s": 30.0, "fault": {"action": "crash", "component": "cache",
            "duration_s": 30.0}}],
        "run": {"seed": 1, "duration_s": 90.0, "window_ms": 1000}
    }))
}

#[test]
fn a_cache_that_falls_back_to_its_store_while_down_keeps_serving() {
    let r = report(&cache_case(true), 13);
    let before = windows(&r, 1.0, 30.0);
    let down = windows(&r, 31.0, 60.0);
    // Up: the db sees the misses, (1 − h) λ = 40/s (29 s: 1160 Poisson arrivals, s.d. 3 %).
    assert_rel(
        "db arrivals/s, cache up",
        arrival_rate(&before, 3),
        (1.0 - HIT) * LAMBDA,
        0.10,
    );
    // Down with fallback: every read, λ = 200/s (29 s: 5800 arrivals, s.d. 1.3 %).
    assert_rel(
        "db arrivals/s, cache down with fallback",
        arrival_rate(&down, 3),
        LAMBDA,
        0.05,
    );
    let fallbacks: u64 = down.iter().map(|w| w.components[2].fallbacks).sum();
    assert_rel(
        "fallbacks/s while down",
        fallbacks as f64 / 29.0,
        LAMBDA,
        0.05,
    );
    let ok: u64 = down.iter().map(|w| w.completed).sum();
    let failed: u64 = down.iter().map(|w| w.failed.total()).sum();
    assert_eq!(failed, 0, "{ok} served, {failed} failed");
    // Without the fallback the same outage fails every request.
    let strict = report(&cache_case(false), 13);
    let down = windows(&strict, 31.0, 60.0);
    assert!(
        down.iter().all(|w| w.completed == 0
            && w.failed.get(FailReason::ComponentDown) > 0
            && w.components[3].arrivals == 0),
        "no fallback: the db is never asked and every request fails"
    );
}
