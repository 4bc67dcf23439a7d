//! Properties of every run, over random valid scenarios, seeds and fault timelines:
//! conservation of requests per window, a clock that never goes back, sane statistics, and
//! the same report whether the run is stepped in pieces or run in one go.
//!
//! The default case count keeps this at a few seconds; raise it with
//! `PROPTEST_CASES=2000 cargo test -p archsim-engine --release --test invariants`.

mod common;

use archsim_engine::{
    Component, ComponentSummary, ComponentWindow, Fault, Hop, Kind, Params, Percentiles, Report,
    Scenario, Simulation,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};

// ----- random scenarios -----

fn dist() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0.0..20.0f64).prop_map(|ms| json!({"dist": "constant", "ms": ms})),
        (0.1..30.0f64).prop_map(|m| json!({"dist": "exponential", "mean_ms": m})),
        (0.0..10.0f64, 0.0..30.0f64)
            .prop_map(|(a, b)| json!({"dist": "uniform", "min_ms": a, "max_ms": a + b})),
        (0.1..20.0f64, 0.0..2.0f64)
            .prop_map(|(m, s)| json!({"dist": "log_normal", "median_ms": m, "sigma": s})),
    ]
}

fn link_latency() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0.0..5.0f64).prop_map(|ms| json!({"dist": "constant", "ms": ms})),
        1 => (0.1..5.0f64).prop_map(|m| json!({"dist": "exponential", "mean_ms": m})),
    ]
}

fn traffic(duration_s: f64) -> impl Strategy<Value = Value> {
    let process = prop_oneof![Just("poisson"), Just("uniform")];
    let rate = prop_oneof![
        (1.0..300.0f64).prop_map(|rps| json!({"shape": "constant", "rps": rps})),
        (1.0..300.0f64, 0.0..1.0f64, 0.0..300.0f64).prop_map(move |(a, at, b)| json!({
            "shape": "steps", "rps": a, "steps": [{"at_s": at * duration_s, "rps": b}]})),
        (0.0..300.0f64, 0.0..300.0f64, 0.0..0.5f64, 0.5..1.0f64).prop_map(move |(a, b, s, e)| json!({
            "shape": "ramp", "from_rps": a, "to_rps": b, "start_s": s * duration_s, "end_s": e * duration_s})),
        (1.0..100.0f64, 100.0..600.0f64, 0.0..1.0f64, 0.0..0.5f64).prop_map(move |(a, b, at, d)| json!({
            "shape": "spike", "base_rps": a, "peak_rps": b, "at_s": at * duration_s, "duration_s": d * duration_s})),
    ];
    prop_oneof![
        3 => (process, rate).prop_map(|(p, r)| json!({"model": "open", "process": p, "rate": r})),
        1 => (1u32..40, dist()).prop_map(|(u, t)| json!({"model": "closed", "users": u, "think_time": t})),
    ]
}

fn client(id: String, duration_s: f64) -> impl Strategy<Value = Value> {
    let keys = prop_oneof![
        (1u32..2000).prop_map(|n| json!({"dist": "uniform", "count": n})),
        (1u32..2000, 0.0..2.0f64).prop_map(|(n, s)| json!({"dist": "zipf", "count": n, "s": s})),
    ];
    let jitter = prop_oneof![Just("none"), Just("full"), Just("equal")];
    (
        traffic(duration_s),
        0.0..=1.0f64,
        keys,
        1.0..1500.0f64,
        0u32..4,
        0.0..200.0f64,
        jitter,
        proptest::option::of((0.0..1.0f64, 0.0..20.0f64, 100.0..5000.0f64)),
        any::<bool>(),
        paths(),
    )
        .prop_map(
            move |(
                traffic,
                reads,
                keys,
                timeout,
                retries,
                backoff,
                jitter,
                budget,
                idem,
                paths,
            )| {
                let mut c = json!({"id": id, "params": {"type": "client", "traffic": traffic,
                "read_ratio": reads, "keys": keys, "timeout_ms": timeout,
                "retry": {"max_retries": retries, "base_backoff_ms": backoff,
                          "max_backoff_ms": backoff * 4.0, "jitter": jitter},
                "idempotency_keys": idem, "paths": paths}});
                if let Some((ratio, floor, window)) = budget {
                    c["params"]["retry_budget"] = json!({"ratio": ratio,
                        "min_retries_per_s": floor, "window_ms": window});
                }
                c
            },
        )
}

/// Request classes drawn from a few path names (shared across clients, so some match the
/// gateway's routes and some do not), or none.
fn paths() -> impl Strategy<Value = Value> {
    const NAMES: [&str; 5] = [
        "/api/orders",
        "/static/app.js",
        "/api",
        "/login",
        "/api/pay/7",
    ];
    proptest::collection::vec((0usize..5, 0.1..10.0f64, any::<bool>()), 0..4).prop_map(|rows| {
        let mut seen = [false; 5];
        let paths: Vec<Value> = rows
            .into_iter()
            .filter(|(i, _, _)| !std::mem::replace(&mut seen[*i], true))
            .map(|(i, w, st)| json!({"path": NAMES[i], "weight": w, "static": st}))
            .collect();
        Value::Array(paths)
    })
}

/// Route prefixes for a gateway's connections; the first may be the default (none).
const ROUTES: [&str; 4] = ["/api", "/static", "/api/pay", "/"];

fn cdn() -> impl Strategy<Value = Value> {
    (0u32..300, 1.0..5000.0f64, dist(), any::<bool>()).prop_map(|(c, ttl, latency, stale)| {
        json!({"id": "cdn", "params": {"type": "cdn", "capacity": c, "ttl_ms": ttl,
            "edge_latency": latency, "serve_stale": stale}})
    })
}

fn gateway() -> impl Strategy<Value = Value> {
    let limit = prop_oneof![
        Just(Value::Null),
        (1.0..500.0f64, 1u32..50)
            .prop_map(|(r, b)| json!({"algorithm": "token_bucket", "rate_rps": r, "burst": b})),
        (1.0..500.0f64, 0u32..50)
            .prop_map(|(r, q)| json!({"algorithm": "leaky_bucket", "rate_rps": r, "queue": q})),
    ];
    (dist(), 0u32..4, 0u32..20, limit).prop_map(|(overhead, workers, q, limit)| {
        let mut g = json!({"id": "gateway", "params": {"type": "api_gateway", "overhead": overhead,
            "workers": workers, "queue_capacity": q}});
        if !limit.is_null() {
            g["params"]["rate_limit"] = limit;
        }
        g
    })
}

/// An autoscaler with intervals short enough to act within a run of a few seconds.
fn autoscale() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        2 => Just(None),
        1 => (1u32..3, 0u32..6, 0.05..1.0f64, 0.1..1.0f64, 0.0..1.0f64, 0.0..1.0f64).prop_map(
            |(min, extra, target, interval, cooldown, warmup)| Some(json!({
                "min_instances": min, "max_instances": min + extra,
                "target_utilization": target, "interval_s": interval,
                "cooldown_s": cooldown, "warmup_s": warmup}))
        ),
    ]
}

/// Redundancy for a load balancer, cache or database.
fn redundancy() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        2 => Just(None),
        1 => (any::<bool>(), 0.0..1000.0f64).prop_map(|(cold, failover)| Some(json!({
            "mode": "active_passive", "standby": if cold { "cold" } else { "hot" },
            "failover_ms": failover}))),
        1 => (2u32..4).prop_map(|n| Some(json!({"mode": "active_active", "nodes": n}))),
    ]
}

fn with_redundancy(mut c: Value, r: Option<Value>) -> Value {
    if let Some(r) = r {
        c["redundancy"] = r;
    }
    c
}

fn service(id: String) -> impl Strategy<Value = Value> {
    (1u32..3, 1u32..8, dist(), 0u32..50, autoscale()).prop_map(move |(i, w, t, q, a)| {
        let mut c = json!({"id": id, "params": {"type": "service", "instances": i, "workers": w,
            "service_time": t, "queue_capacity": q}});
        if let Some(a) = a {
            c["params"]["autoscale"] = a;
        }
        c
    })
}

fn load_balancer() -> impl Strategy<Value = Value> {
    let strategy = prop_oneof![
        Just("round_robin"),
        Just("weighted_round_robin"),
        Just("least_connections"),
        Just("random"),
        Just("hash_key"),
    ];
    (
        strategy,
        any::<bool>(),
        10.0..1000.0f64,
        1u32..4,
        1u32..4,
        redundancy(),
    )
        .prop_map(|(s, enabled, interval, bad, good, r)| {
            with_redundancy(
                json!({"id": "lb", "params": {"type": "load_balancer", "strategy": s,
                "health_check": {"enabled": enabled, "interval_ms": interval,
                                 "unhealthy_after": bad, "healthy_after": good}}}),
                r,
            )
        })
}

fn cache() -> impl Strategy<Value = Value> {
    let mode = prop_oneof![
        (0u32..300, 1.0..5000.0f64)
            .prop_map(|(c, ttl)| json!({"policy": "lru", "capacity": c, "ttl_ms": ttl})),
        (0.0..=1.0f64).prop_map(|h| json!({"policy": "fixed_hit_ratio", "hit_ratio": h})),
    ];
    (mode, dist(), any::<bool>(), redundancy()).prop_map(|(mode, latency, fallback, r)| {
        with_redundancy(
            json!({"id": "cache", "params": {"type": "cache", "mode": mode, "latency": latency,
                "fallback_when_down": fallback}}),
            r,
        )
    })
}

fn database() -> impl Strategy<Value = Value> {
    let mode = prop_oneof![Just("sync"), Just("semi_sync"), Just("async")];
    let replication = prop_oneof![
        1 => Just(Value::Null),
        1 => (1u32..4, mode, dist(), any::<bool>(), any::<bool>(), 0.0..2000.0f64, any::<bool>())
            .prop_map(|(n, mode, lag, split, least, detect, ap)| json!({
                "replicas": n, "mode": mode, "lag": lag, "split_reads": split,
                "balance": if least { "least_loaded" } else { "round_robin" },
                "detection_ms": detect, "partition_mode": if ap { "ap" } else { "cp" }})),
    ];
    (
        1u32..10,
        dist(),
        dist(),
        0u32..50,
        0.0..500.0f64,
        replication,
        redundancy(),
    )
        .prop_map(|(c, r, w, q, wait, replication, red)| {
            let mut db = json!({"id": "db", "params": {"type": "database", "connections": c,
                "read_time": r, "write_time": w, "queue_capacity": q, "max_wait_ms": wait}});
            if !replication.is_null() {
                db["params"]["replication"] = replication;
                // A database with replicas has no redundancy (validation refuses both).
                return db;
            }
            with_redundancy(db, red)
        })
}

fn queue() -> impl Strategy<Value = Value> {
    (1u32..50, 1u32..4, dist(), dist()).prop_map(|(cap, n, work, ack)| {
        json!({"id": "queue", "params": {"type": "queue", "capacity": cap, "consumers": n,
            "consumer_time": work, "ack_latency": ack}})
    })
}

fn limiter() -> impl Strategy<Value = Value> {
    let algorithm = prop_oneof![
        (1.0..500.0f64, 1u32..50)
            .prop_map(|(r, b)| json!({"algorithm": "token_bucket", "rate_rps": r, "burst": b})),
        (1.0..500.0f64, 0u32..50)
            .prop_map(|(r, q)| json!({"algorithm": "leaky_bucket", "rate_rps": r, "queue": q})),
        (1u32..100, 1.0..2000.0f64)
            .prop_map(|(l, w)| json!({"algorithm": "fixed_window", "limit": l, "window_ms": w})),
        (1u32..100, 1.0..2000.0f64)
            .prop_map(|(l, w)| json!({"algorithm": "sliding_log", "limit": l, "window_ms": w})),
        (1u32..100, 1.0..2000.0f64)
            .prop_map(|(l, w)| json!({"algorithm": "sliding_counter", "limit": l, "window_ms": w})),
    ];
    let scope = prop_oneof![Just("global"), Just("per_client")];
    (algorithm, scope).prop_map(|(a, s)| {
        json!({"id": "limiter", "params": {"type": "rate_limiter", "algorithm": a, "scope": s}})
    })
}

fn remote() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![Just("blob_storage"), Just("external_api")];
    (kind, dist(), 0.0..=1.0f64).prop_map(|(k, latency, e)| {
        json!({"id": "remote", "params": {"type": k, "latency": latency, "error_rate": e}})
    })
}

/// A shard router over the store and a second database, with a random strategy.
fn shard_router() -> impl Strategy<Value = Value> {
    let strategy = prop_oneof![
        Just(json!({"strategy": "hash_mod"})),
        Just(json!({"strategy": "range"})),
        (1u32..1999).prop_map(|b| json!({"strategy": "range", "boundaries": [b]})),
        (0.0..5.0f64).prop_map(|l| json!({"strategy": "directory", "lookup_ms": l})),
        (1u32..50).prop_map(|v| json!({"strategy": "consistent_hash", "vnodes": v})),
    ];
    let migration = prop_oneof![
        Just(json!({"cost": "fetch_from_old"})),
        (0.0..20.0f64).prop_map(|ms| json!({"cost": "penalty", "ms": ms})),
    ];
    let rate = prop_oneof![Just(0.0), 1.0..5000.0f64];
    (strategy, migration, any::<bool>(), rate).prop_map(|(strategy, migration, all, rate)| {
        // Explicit boundaries need both shards live; otherwise one is live, one spare.
        let live = if all || strategy.get("boundaries").is_some() {
            0
        } else {
            1
        };
        json!({"id": "shards", "params": {"type": "shard_router", "strategy": strategy,
            "active_shards": live, "key_space": 2000, "migration": migration,
            "migration_rate_kps": rate}})
    })
}

fn dns() -> impl Strategy<Value = Value> {
    let policy = prop_oneof![
        Just(json!({"policy": "round_robin"})),
        Just(json!({"policy": "weighted"})),
        (10.0..500.0f64, 0.0..1000.0f64).prop_map(|(i, d)| json!({"policy": "failover",
            "check_interval_ms": i, "detection_ms": d})),
        (10.0..500.0f64, 0.0..1000.0f64).prop_map(|(i, d)| json!({"policy": "geo",
            "check_interval_ms": i, "detection_ms": d})),
    ];
    (policy, prop_oneof![Just(0.0), 0.0..2.0f64], dist()).prop_map(|(policy, ttl, res)| {
        json!({"id": "dns", "params": {"type": "dns", "policy": policy, "ttl_s": ttl,
            "resolution": res}})
    })
}

/// Zones "a" and "b" in region "one", "c" in region "two", and random crossing latencies.
fn network() -> impl Strategy<Value = Value> {
    (link_latency(), link_latency()).prop_map(|(zone, region)| {
        json!({"zones": [{"name": "a", "region": "one"}, {"name": "b", "region": "one"},
                         {"name": "c", "region": "two"}],
               "cross_zone_latency": zone, "cross_region_latency": region})
    })
}

/// The chaos switch, and random failures (MTBF, MTTR in s) for the first `n` components.
fn chaos(n: usize) -> impl Strategy<Value = (bool, Vec<Option<(f64, f64)>>)> {
    let one = prop_oneof![
        3 => Just(None),
        1 => (0.05..5.0f64, 0.01..2.0f64).prop_map(Some),
    ];
    (any::<bool>(), proptest::collection::vec(one, n))
}

/// A fault on one of `components` or `connections`, picked by index, at a random time.
fn fault(
    components: Vec<String>,
    connections: Vec<(String, String)>,
    clients: Vec<String>,
    duration_s: f64,
    has_shard: bool,
    zones: bool,
) -> impl Strategy<Value = Value> {
    let nc = components.len();
    let nk = connections.len();
    let ncl = clients.len();
    let duration = prop_oneof![
        Just(None),
        (0.0..1.0f64).prop_map(move |d| Some(d * duration_s))
    ];
    let mode = prop_oneof![Just("fail_fast"), Just("blackhole")];
    (
        0u32..(if has_shard { 10 } else { 9 }),
        0..nc,
        0..nk,
        0..ncl + 1,
        mode,
        duration,
        0.05..20.0f64,
        0.0..1.0f64,
    )
        .prop_map(move |(kind, c, k, cl, mode, dur, factor, at)| {
            let comp = &components[c];
            let (from, to) = &connections[k];
            let fault = match kind {
                0 | 1 => json!({"action": "crash", "component": comp, "duration_s": dur, "mode": mode}),
                2 => json!({"action": "recover", "component": comp}),
                3 => json!({"action": "slow", "component": comp, "factor": factor, "duration_s": dur}),
                4 => json!({"action": "partition", "from": from, "to": to, "duration_s": dur}),
                5 => json!({"action": "heal", "from": from, "to": to}),
                6 => json!({"action": "traffic_spike", "client": clients.get(cl),
                            "factor": factor, "duration_s": dur.unwrap_or(duration_s / 4.0)}),
                7 if zones => json!({"action": "zone_outage", "zone": (["a", "b", "c"][c % 3]),
                                     "duration_s": dur}),
                8 if zones => json!({"action": "zone_restore", "zone": (["a", "b", "c"][k % 3])}),
                7 | 8 => json!({"action": "crash", "component": comp, "duration_s": dur}),
                _ => json!({"action": "reshard", "component": "shards", "shards": 1 + c % 2}),
            };
            json!({"at_s": at * duration_s, "fault": fault})
        })
}

/// A random valid scenario: client(s) → optional LB → 1–3 services → optional cache → DB,
/// and optionally a queue behind the first service, with random faults.
fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        1usize..3,
        1usize..4,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0.2..8.0f64,
        any::<u64>(),
        any::<bool>(),
        (any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0usize..4),
        (any::<bool>(), any::<bool>()),
    )
        .prop_flat_map(
            |(
                n_clients,
                n_services,
                has_lb,
                has_cache,
                has_queue,
                duration_s,
                seed,
                has_limiter,
                (has_remote, has_shard),
                (has_cdn, has_gateway, gateway_default, route_offset),
                (has_dns, has_zones),
            )| {
                let client_ids: Vec<String> =
                    (0..n_clients).map(|i| format!("client-{i}")).collect();
                let service_ids: Vec<String> =
                    (0..n_services).map(|i| format!("svc-{i}")).collect();
                let mut ids: Vec<String> = client_ids.clone();
                ids.extend(service_ids.iter().cloned());
                let mut edges: Vec<(String, String)> = Vec::new();
                let has_limiter = has_limiter && has_lb;
                if has_limiter {
                    ids.push("limiter".into());
                    edges.push(("limiter".into(), "lb".into()));
                }
                // What the clients (or the edge in front of them) call.
                let mut front: Vec<String> = if has_limiter {
                    vec!["limiter".into()]
                } else if has_lb {
                    vec!["lb".into()]
                } else {
                    service_ids.clone()
                };
                let mut routes: Vec<Option<String>> = Vec::new();
                if has_gateway {
                    ids.push("gateway".into());
                    for (j, t) in front.iter().enumerate() {
                        edges.push(("gateway".into(), t.clone()));
                        let route = (!(j == 0 && gateway_default))
                            .then(|| ROUTES[(j + route_offset) % ROUTES.len()].to_string());
                        routes.resize(edges.len() - 1, None);
                        routes.push(route);
                    }
                    front = vec!["gateway".into()];
                }
                if has_cdn {
                    ids.push("cdn".into());
                    edges.push(("cdn".into(), front[0].clone()));
                    front = vec!["cdn".into()];
                }
                for c in &client_ids {
                    edges.extend(front.iter().map(|t| (c.clone(), t.clone())));
                }
                if has_lb {
                    ids.push("lb".into());
                    edges.extend(service_ids.iter().map(|s| ("lb".to_string(), s.clone())));
                }
                let store = if has_cache { "cache" } else { "db" };
                if has_shard {
                    ids.push("shards".into());
                    ids.push("db-2".into());
                    edges.extend(
                        service_ids
                            .iter()
                            .map(|s| (s.clone(), "shards".to_string())),
                    );
                    edges.push(("shards".into(), store.to_string()));
                    edges.push(("shards".into(), "db-2".into()));
                } else {
                    edges.extend(service_ids.iter().map(|s| (s.clone(), store.to_string())));
                }
                if has_cache {
                    ids.push("cache".into());
                    edges.push(("cache".into(), "db".into()));
                }
                ids.push("db".into());
                if has_queue {
                    ids.push("queue".into());
                    edges.push((service_ids[0].clone(), "queue".into()));
                    edges.push(("queue".into(), "db".into()));
                }
                if has_remote {
                    ids.push("remote".into());
                    edges.push((service_ids[service_ids.len() - 1].clone(), "remote".into()));
                }
                if has_dns {
                    // The clients ask the DNS, which answers with what they called before.
                    ids.push("dns".into());
                    let mut targets: Vec<String> = Vec::new();
                    for (from, to) in edges.iter_mut() {
                        if client_ids.contains(from) {
                            if !targets.contains(to) {
                                targets.push(to.clone());
                            }
                            *to = "dns".into();
                        }
                    }
                    // Drop the repeated client → DNS edges, keeping the order (the gateway's
                    // routes are indexed by edge).
                    let mut seen: Vec<(String, String)> = Vec::new();
                    edges.retain(|e| {
                        let new = !seen.contains(e);
                        if new {
                            seen.push(e.clone());
                        }
                        new
                    });
                    edges.extend(targets.into_iter().map(|t| ("dns".to_string(), t)));
                }
                let clients: Vec<_> = client_ids
                    .iter()
                    .map(|id| client(id.clone(), duration_s).boxed())
                    .collect();
                let services: Vec<_> = service_ids
                    .iter()
                    .map(|id| service(id.clone()).boxed())
                    .collect();
                // Per connection: latency, weight, a circuit breaker or none, the optional flag.
                let breaker = proptest::option::of((
                    1u32..30,
                    1u32..30,
                    0.05..=1.0f64,
                    1.0..2000.0f64,
                    1u32..5,
                ));
                let latencies = proptest::collection::vec(
                    (
                        link_latency(),
                        0u32..5,
                        breaker,
                        proptest::bool::weighted(0.2),
                    ),
                    edges.len(),
                );
                let faults = proptest::collection::vec(
                    fault(
                        ids.clone(),
                        edges.clone(),
                        client_ids.clone(),
                        duration_s,
                        has_shard,
                        has_zones,
                    ),
                    0..5,
                );
                let zones = proptest::collection::vec(0usize..4, ids.len());
                let window_ms = prop_oneof![Just(1000.0), 50.0..1000.0f64];
                (
                    clients,
                    services,
                    load_balancer(),
                    cache(),
                    database(),
                    queue(),
                    latencies,
                    faults,
                    window_ms,
                    prop_oneof![Just(0.0), 0.0..0.5f64],
                    (
                        limiter(),
                        remote(),
                        chaos(ids.len()),
                        cdn(),
                        gateway(),
                        (shard_router(), database()),
                        (any::<bool>(), 0.0..1.0f64, 0.0..0.6f64),
                    ),
                    (dns(), network(), zones),
                )
                    .prop_map(
                        move |(
                            clients,
                            services,
                            lb,
                            cache,
                            db,
                            queue,
                            lat,
                            faults,
                            window_ms,
                            warm,
                            (
                                limiter,
                                remote,
                                (chaos, failures),
                                cdn,
                                gateway,
                                (shards, mut db2),
                                (split, split_at, split_for),
                            ),
                            (dns, network, zones),
                        )| {
                            let mut faults = faults;
                            // A replicated database may also lose its replicas' network.
                            if split && db["params"].get("replication").is_some() {
                                faults.push(json!({"at_s": split_at * duration_s,
                                    "fault": {"action": "partition_replicas", "component": "db",
                                              "duration_s": split_for * duration_s}}));
                            }
                            let mut components = clients;
                            if has_gateway {
                                components.push(gateway);
                            }
                            if has_cdn {
                                components.push(cdn);
                            }
                            if has_shard {
                                db2["id"] = json!("db-2");
                                components.push(shards);
                                components.push(db2);
                            }
                            if has_limiter {
                                components.push(limiter);
                            }
                            if has_remote {
                                components.push(remote);
                            }
                            components.extend(services);
                            if has_lb {
                                components.push(lb);
                            }
                            if has_cache {
                                components.push(cache);
                            }
                            components.push(db);
                            if has_queue {
                                components.push(queue);
                            }
                            if has_dns {
                                components.push(dns);
                            }
                            if has_zones {
                                for (c, z) in components.iter_mut().zip(&zones) {
                                    if *z < 3 {
                                        c["zone"] = json!(["a", "b", "c"][*z]);
                                    }
                                }
                            }
                            for (c, f) in components.iter_mut().zip(&failures) {
                                if let Some((mtbf, mttr)) = f {
                                    c["failures"] = json!({"mtbf_s": mtbf, "mttr_s": mttr});
                                }
                            }
                            let connections: Vec<Value> = edges
                                .iter()
                                .zip(lat)
                                .enumerate()
                                .map(|(i, ((f, t), (latency, weight, breaker, optional)))| {
                                    let mut c = json!({"from": f, "to": t, "latency": latency,
                                "weight": weight, "optional": optional});
                                    if let Some((window, min, threshold, open, probes)) = breaker {
                                        c["breaker"] = json!({"window": window,
                                    "min_calls": min.min(window), "failure_threshold": threshold,
                                    "open_ms": open, "half_open_probes": probes});
                                    }
                                    if let Some(Some(route)) = routes.get(i) {
                                        c["route"] = json!(route);
                                    }
                                    c
                                })
                                .collect();
                            let network = if has_zones { network } else { json!({}) };
                            common::scenario(json!({
                                "name": "random",
                                "network": network,
                                "components": components,
                                "connections": connections,
                                "faults": faults,
                                "run": {"seed": seed, "duration_s": duration_s,
                                        "warmup_s": warm * duration_s, "window_ms": window_ms,
                                        "chaos": chaos},
                                "slo": {"latency_ms": 200, "success_target": 0.95}
                            }))
                        },
                    )
            },
        )
}

/// Faults to apply "now" while stepping: the same shapes as timeline faults.
fn live_faults() -> impl Strategy<Value = Vec<(f64, Fault)>> {
    let f = (0u32..8, 0usize..8, any::<bool>(), 0.1..10.0f64, 0.0..1.0f64).prop_map(
        |(kind, who, blackhole, factor, at)| {
            let comp = [
                "svc-0", "db", "lb", "cache", "queue", "svc-1", "client-0", "dns",
            ][who];
            let mode = if blackhole { "blackhole" } else { "fail_fast" };
            let v = match kind {
                0 => json!({"action": "crash", "component": comp, "duration_s": 0.5, "mode": mode}),
                1 => json!({"action": "recover", "component": comp}),
                2 => json!({"action": "slow", "component": comp, "factor": factor}),
                3 => json!({"action": "traffic_spike", "factor": factor, "duration_s": 0.5}),
                4 => json!({"action": "reshard", "component": "shards", "shards": 1 + who % 2}),
                5 => json!({"action": "zone_outage", "zone": (["a", "b", "c"][who % 3]), "duration_s": 0.5}),
                6 => json!({"action": "zone_restore", "zone": (["a", "b", "c"][who % 3])}),
                _ => json!({"action": "partition", "from": "svc-0", "to": "db", "duration_s": 0.3}),
            };
            (
                at,
                serde_json::from_value::<Fault>(v).expect("valid fault shape"),
            )
        },
    );
    proptest::collection::vec(f, 0..4)
}

// ----- the checks -----

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // The scenarios are big; shrinking a failure still finds a small one in this many steps.
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    }
}

fn check_percentiles(what: &str, p: &Percentiles, count: u64) -> Result<(), TestCaseError> {
    let all = [p.mean_ms, p.p50_ms, p.p95_ms, p.p99_ms, p.p999_ms, p.max_ms];
    prop_assert!(
        all.iter().all(|x| x.is_finite() && *x >= 0.0),
        "{what}: {p:?}"
    );
    prop_assert!(
        p.p50_ms <= p.p95_ms
            && p.p95_ms <= p.p99_ms
            && p.p99_ms <= p.p999_ms
            && p.p999_ms <= p.max_ms,
        "{what}: percentiles out of order: {p:?}"
    );
    if count > 0 {
        // The mean is exact, the max is rounded up to its histogram bucket.
        prop_assert!(
            p.mean_ms <= p.max_ms * 1.001 + 0.001,
            "{what}: mean above max: {p:?}"
        );
    } else {
        prop_assert_eq!(*p, Percentiles::default(), "{}: nothing measured", what);
    }
    Ok(())
}

fn unit_interval(what: &str, x: f64) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=1.0).contains(&x), "{}: {} not in [0, 1]", what, x);
    Ok(())
}

/// Everything a finished or paused report must satisfy.
fn check_report(sc: &Scenario, r: &Report) -> Result<(), TestCaseError> {
    let duration_s = sc.run.duration_s;
    prop_assert!(r.now_s <= duration_s + 1e-9);
    // Conservation: everything born up to the end of window k is completed, failed for
    // good, or still in flight at its end.
    let (mut born, mut done) = (0u64, 0u64);
    let mut previous_end = 0.0;
    for (k, w) in r.windows.iter().enumerate() {
        prop_assert!(
            (w.start_s - previous_end).abs() < 1e-9,
            "window {k} does not follow on"
        );
        prop_assert!(
            w.end_s > w.start_s && w.end_s <= duration_s + 1e-9,
            "window {k} bounds"
        );
        previous_end = w.end_s;
        born += w.generated;
        done += w.completed + w.failed.total();
        prop_assert_eq!(
            born,
            done + w.in_flight,
            "window {} ({}–{} s): {} born, {} finished, {} in flight",
            k,
            w.start_s,
            w.end_s,
            born,
            done,
            w.in_flight
        );
        check_percentiles(&format!("window {k} latency"), &w.latency, w.completed)?;
        check_percentiles(
            &format!("window {k} async"),
            &w.async_latency,
            w.async_completed,
        )?;
        unit_interval(&format!("window {k} success ratio"), w.success_ratio)?;
        unit_interval(&format!("window {k} good ratio"), w.good_ratio)?;
        prop_assert!(w.throughput_rps.is_finite() && w.throughput_rps >= 0.0);
        prop_assert_eq!(w.components.len(), sc.components.len());
        prop_assert_eq!(w.connections.len(), sc.connections.len());
        for (c, conn) in w.connections.iter().zip(&sc.connections) {
            unit_interval(
                &format!("window {k} breaker open share"),
                c.breaker_open_share,
            )?;
            prop_assert_eq!(c.breaker.is_some(), conn.breaker.is_some());
            if conn.breaker.is_none() {
                prop_assert_eq!(c.short_circuited, 0);
            }
        }
        prop_assert!(
            w.degraded <= w.completed + w.async_completed,
            "window {}: {} degraded of {} answered",
            k,
            w.degraded,
            w.completed + w.async_completed
        );
        for (c, comp) in w.components.iter().zip(&sc.components) {
            let what = format!("window {k} {}", comp.id);
            check_component_load(&what, comp.params.kind(), c.utilization, c.queue_len)?;
            // An underflow would show as a huge number (in release; debug panics).
            prop_assert!(c.in_flight < 1 << 32, "{}: in flight {}", what, c.in_flight);
            check_scaling_and_nodes(&what, comp, c, w.end_s - w.start_s)?;
        }
    }
    if r.now_s >= duration_s - 1e-9 {
        prop_assert!(
            (previous_end - duration_s).abs() < 1e-6,
            "the last window ends the run"
        );
    }
    let s = &r.summary;
    if sc.run.warmup_s == 0.0 {
        // Without warm-up the summary counts every request of the run.
        prop_assert_eq!(
            s.generated,
            s.completed + s.failed.total() + s.in_flight,
            "summary: {} born, {} completed, {} failed, {} in flight",
            s.generated,
            s.completed,
            s.failed.total(),
            s.in_flight
        );
    }
    check_percentiles("summary latency", &s.latency, s.completed)?;
    check_percentiles("summary async", &s.async_latency, s.async_completed)?;
    unit_interval("summary success ratio", s.success_ratio)?;
    prop_assert!(
        (0.0..=100.0).contains(&s.uptime_pct),
        "uptime {}",
        s.uptime_pct
    );
    prop_assert!((0.0..=9.0).contains(&s.nines));
    prop_assert!(s.windows_up <= s.windows_total);
    for c in &s.connections {
        unit_interval("summary breaker open share", c.breaker_open_share)?;
    }
    for (c, comp) in s.components.iter().zip(&sc.components) {
        check_component_load(&comp.id, comp.params.kind(), c.utilization, c.queue_len)?;
        unit_interval(&format!("{} hit ratio", comp.id), c.hit_ratio)?;
        if sc.run.warmup_s == 0.0 {
            check_edge(&comp.id, comp.params.kind(), c)?;
        }
        unit_interval(&format!("{} offload", comp.id), c.offload())?;
        for x in [c.mean_in_system, c.arrival_rps, c.mean_time_in_system_ms] {
            prop_assert!(x.is_finite() && x >= 0.0, "{}: {:?}", comp.id, c);
        }
        unit_interval(&format!("{} availability", comp.id), c.availability)?;
        if let Params::Service(p) = &comp.params
            && let Some(a) = &p.autoscale
            && s.measured_s > 0.0
        {
            let (min, max) = (a.min_instances as f64, a.max_instances as f64);
            prop_assert!(
                c.mean_instances >= min - 1e-6 && c.mean_instances <= max + 1e-6,
                "{}: mean instances {} outside {}..{}",
                comp.id,
                c.mean_instances,
                min,
                max
            );
        }
    }
    Ok(())
}

/// Over a whole run without warm-up: a CDN looks each request up at most once, calls its
/// origin for every miss (and every dynamic request) and serves stale only after a miss; a
/// gateway routes or answers 404 at most once per request; nothing else has edge counts.
fn check_edge(what: &str, kind: Kind, c: &ComponentSummary) -> Result<(), TestCaseError> {
    let routed = c.edge.routed.iter().sum::<u64>() + c.edge.no_route;
    match kind {
        Kind::Cdn => {
            prop_assert!(c.hits + c.misses <= c.arrivals, "{}: {:?}", what, c);
            prop_assert!(
                c.misses <= c.edge.origin && c.edge.origin <= c.arrivals,
                "{}: {:?}",
                what,
                c
            );
            prop_assert!(c.edge.stale <= c.misses, "{}: {:?}", what, c);
            prop_assert_eq!(routed, 0);
        }
        Kind::ApiGateway => {
            prop_assert!(routed <= c.arrivals, "{}: {:?}", what, c);
            prop_assert_eq!(c.edge.origin + c.edge.stale, 0);
        }
        _ => prop_assert_eq!(
            c.edge.origin + c.edge.stale + routed,
            0,
            "{}: edge counts on a {:?}",
            what,
            kind
        ),
    }
    Ok(())
}

/// An autoscaled service keeps its ready and warming instances within min..=max; a
/// component is down at most the whole window; a redundant one has at most its nodes up.
fn check_scaling_and_nodes(
    what: &str,
    comp: &Component,
    c: &ComponentWindow,
    len_s: f64,
) -> Result<(), TestCaseError> {
    prop_assert!(
        c.downtime_s >= 0.0 && c.downtime_s <= len_s + 1e-9,
        "{}: down {} s of {} s",
        what,
        c.downtime_s,
        len_s
    );
    if let Params::Service(p) = &comp.params
        && let Some(a) = &p.autoscale
    {
        let total = c.instances + c.instances_warming;
        prop_assert!(
            c.instances >= a.min_instances as f64 - 1e-6 && total <= a.max_instances as f64 + 1e-6,
            "{}: {} ready + {} warming outside {}..{}",
            what,
            c.instances,
            c.instances_warming,
            a.min_instances,
            a.max_instances
        );
    }
    let nodes = comp.redundancy.map_or(0, |r| r.nodes());
    prop_assert!(
        c.nodes_up <= nodes,
        "{}: {} nodes up of {}",
        what,
        c.nodes_up,
        nodes
    );
    Ok(())
}

fn check_component_load(
    what: &str,
    kind: Kind,
    utilization: f64,
    queue_len: f64,
) -> Result<(), TestCaseError> {
    prop_assert!(
        utilization.is_finite() && utilization >= 0.0,
        "{what}: utilization {utilization}"
    );
    prop_assert!(
        queue_len.is_finite() && queue_len >= 0.0,
        "{what}: queue {queue_len}"
    );
    if matches!(kind, Kind::Service | Kind::Database | Kind::Queue) {
        // Busy workers never exceed the workers; ε covers float rounding only.
        prop_assert!(
            utilization <= 1.0 + 1e-9,
            "{what}: utilization {utilization} > 1"
        );
    }
    Ok(())
}

fn check_hops(hops: &[Hop], now_s: f64) -> Result<(), TestCaseError> {
    for h in hops {
        // A message departs before it arrives, and never in the future.
        prop_assert!(h.depart_s <= h.arrive_s, "hop {h:?}");
        prop_assert!(h.depart_s <= now_s + 1e-9, "hop from the future {h:?}");
    }
    Ok(())
}

fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).expect("reports serialise")
}

proptest! {
    #![proptest_config(config())]

    /// Stepping in random pieces with random event budgets: the clock only moves forward and
    /// stays within the run, every window conserves requests, and the final report is
    /// byte-identical to running to the end in one call.
    #[test]
    fn every_run_conserves_requests_and_steps_like_one_run(
        sc in scenario_strategy(),
        steps in proptest::collection::vec((0.0..1.2f64, 1u64..3000), 1..40),
    ) {
        let mut whole = Simulation::new(&sc).map_err(|p| TestCaseError::fail(format!("generated an invalid scenario: {p:?}")))?;
        whole.run_to_end();
        let expected = whole.report();
        check_report(&sc, &expected)?;

        let mut sim = Simulation::new(&sc).expect("validated above");
        sim.set_feed_capacity(256);
        let mut hops = Vec::new();
        let mut before = sim.now();
        let duration = (sc.run.duration_s * 1e9).round() as u64;
        for (fraction, budget) in steps {
            let result = sim.run_until_s(fraction * sc.run.duration_s, budget);
            prop_assert!(sim.now() >= before, "the clock went back from {} to {}", before, sim.now());
            prop_assert!(sim.now() <= duration, "the clock passed the end");
            prop_assert!(result.events <= budget, "a step did more than its budget");
            prop_assert_eq!(result.finished, sim.finished());
            before = sim.now();
            sim.drain_feed(&mut hops);
            check_hops(&hops, sim.now_s())?;
            hops.clear();
            check_report(&sc, &sim.report())?;
        }
        sim.run_to_end();
        prop_assert!(sim.finished());
        prop_assert_eq!(json(&sim.report()), json(&expected));
    }

    /// Faults applied "now" in the middle of a run, on top of the timeline, keep every
    /// invariant (and never panic, whatever component they name).
    #[test]
    fn faults_applied_now_keep_the_invariants(
        sc in scenario_strategy(),
        faults in live_faults(),
    ) {
        let mut sim = Simulation::new(&sc).map_err(|p| TestCaseError::fail(format!("generated an invalid scenario: {p:?}")))?;
        let mut faults = faults;
        faults.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut before = 0;
        for (at, fault) in faults {
            sim.run_until_s(at * sc.run.duration_s, u64::MAX);
            prop_assert!(sim.now() >= before);
            before = sim.now();
            // A fault naming a component this scenario lacks is refused with a message.
            let _ = sim.apply_fault(&fault);
            check_report(&sc, &sim.report())?;
        }
        sim.run_to_end();
        check_report(&sc, &sim.report())?;
    }
}
