//! Sessions and the stateless tier: where a service keeps its signed-in users' sessions, and
//! what that costs, against counting arguments a reader can check by hand.
//! - In memory behind a sticky load balancer, a crash logs out exactly the users pinned to
//!   the crashed instance: round robin pins them in turn, so a third of them with three.
//! - In memory behind plain round robin, a user's next request lands on any of the n
//!   instances, so (n − 1)/n of the requests find no session.
//! - In a shared store nothing is lost, and every signed-in request pays one extra call.
//!
//! The session store here is the services' only dependency, so with a store each request
//! calls it twice: for the session, then for its data.

mod common;

use common::{run, scenario};
use serde_json::json;

const USERS: u32 = 1_200;

/// A client of `USERS` signed-in users at 600 requests/s, a load balancer (`strategy`) over
/// three services keeping sessions `sessions`, whose first dependency is a session cache
/// (2 ms, 0.5 ms away). `faults` as in a scenario file.
fn web_tier(strategy: &str, sessions: &str, faults: serde_json::Value) -> archsim_engine::Scenario {
    tier(strategy, sessions, USERS, faults)
}

fn tier(
    strategy: &str,
    sessions: &str,
    users: u32,
    faults: serde_json::Value,
) -> archsim_engine::Scenario {
    let hop = json!({"dist": "constant", "ms": 0.5});
    let api = |id: &str| {
        json!({"id": id, "params": {"type": "service", "workers": 50,
            "service_time": {"dist": "constant", "ms": 5}, "queue_capacity": 1000,
            "sessions": sessions}})
    };
    scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": 600}},
                "read_ratio": 1.0, "timeout_ms": 5000, "signed_in_users": users}},
            {"id": "lb", "params": {"type": "load_balancer", "strategy": strategy,
                "health_check": {"enabled": true, "interval_ms": 500, "unhealthy_after": 2, "healthy_after": 2}}},
            api("api-1"), api("api-2"), api("api-3"),
            {"id": "sessions", "params": {"type": "cache",
                "mode": {"policy": "lru", "capacity": 100000, "ttl_ms": 1.0e9},
                "latency": {"dist": "constant", "ms": 2}}}
        ],
        "connections": [
            {"from": "users", "to": "lb"},
            {"from": "lb", "to": "api-1"}, {"from": "lb", "to": "api-2"}, {"from": "lb", "to": "api-3"},
            {"from": "api-1", "to": "sessions", "latency": hop},
            {"from": "api-2", "to": "sessions", "latency": hop},
            {"from": "api-3", "to": "sessions", "latency": hop}
        ],
        "faults": faults,
        "run": {"seed": 3, "duration_s": 90, "warmup_s": 0, "window_ms": 1000}
    }))
}

fn crash_api_2_at_40_s() -> serde_json::Value {
    json!([{"at_s": 40, "fault": {"action": "crash", "component": "api-2", "duration_s": 20}}])
}

#[test]
fn a_crash_behind_sticky_sessions_logs_out_the_users_pinned_to_it() {
    let s = run(&web_tier("sticky", "memory", crash_api_2_at_40_s()), 3).summary();
    // 600 req/s for 40 s, 20 requests per user: every user has come (the expected number
    // who have not is 1,200 × e^−20 ≈ 2.5e−6), and the balancer pinned them in turn, so
    // api-2 holds USERS / 3 sessions.
    let lost: Vec<u64> = s.components[2..5].iter().map(|c| c.sessions_lost).collect();
    eprintln!("sessions lost per instance: {lost:?}");
    assert_eq!(lost, [0, u64::from(USERS / 3), 0]);
    // Its users moved once, to the survivors, and stayed there when it came back.
}

#[test]
fn without_sticky_routing_two_thirds_of_requests_find_no_session() {
    let s = run(&web_tier("round_robin", "memory", json!([])), 3).summary();
    let apis = &s.components[2..5];
    let requests: u64 = apis.iter().map(|c| c.arrivals).sum();
    let lost: u64 = apis.iter().map(|c| c.sessions_lost).sum();
    // Each user's first request logs them in; after that, the instance a request lands on
    // is independent of the one before it (the user's requests are rare in the rotation),
    // so it holds the session with probability 1/3.
    let share = lost as f64 / (requests - u64::from(USERS)) as f64;
    eprintln!("{lost} sessions lost in {requests} requests: {share:.4}");
    // 54,000 requests: the binomial standard error of the share is 0.002.
    assert!(
        (share - 2.0 / 3.0).abs() < 0.01,
        "share {share:.4}, theory 0.6667"
    );
}

#[test]
fn a_shared_session_store_loses_nothing_and_costs_one_call_per_request() {
    let store = run(&web_tier("round_robin", "store", crash_api_2_at_40_s()), 3).summary();
    let lost: u64 = store.components.iter().map(|c| c.sessions_lost).sum();
    assert_eq!(lost, 0, "a session store loses no session");
    // Every request an instance takes reads its session from the cache, then makes its own
    // call to it: two calls each, but for those in progress at the end of the run (about
    // 600/s × 5 ms).
    let signed_in = run(&tier("round_robin", "store", USERS, json!([])), 3).summary();
    let taken: u64 = signed_in.components[2..5].iter().map(|c| c.arrivals).sum();
    let calls = signed_in.components[5].arrivals;
    eprintln!("{taken} requests taken, {calls} calls to the session store");
    assert!(
        calls <= 2 * taken && calls + 20 >= 2 * taken,
        "{calls} calls for {taken} requests"
    );
    // Anonymous users have no session to read: the same tier answers 3 ms sooner (the
    // store's constant 2 ms, and 0.5 ms each way to it).
    let anonymous = run(&tier("round_robin", "store", 0, json!([])), 3).summary();
    let extra = signed_in.latency.mean_ms - anonymous.latency.mean_ms;
    eprintln!(
        "mean latency {:.3} ms anonymous, {:.3} ms signed in",
        anonymous.latency.mean_ms, signed_in.latency.mean_ms
    );
    assert!(
        (extra - 3.0).abs() < 0.01,
        "the store adds {extra:.3} ms, not 3 ms"
    );
}
