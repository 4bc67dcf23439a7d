//! The edge of a system in whole runs, against formulas: a CDN's origin load is its misses
//! plus the dynamic traffic, its LRU hit ratio under Zipf keys follows the Che
//! approximation, a TTL cache hits λT/(1+λT) of a key's reads, serving stale keeps static
//! requests up while the origin is down; an API gateway splits traffic by path weights,
//! answers unmatched paths with 404, adds its check time to the latency and admits at most
//! rate × T + burst.
//!
//! `cargo test -p archsim-engine --test edge -- --nocapture` prints measured vs predicted.

mod common;

use archsim_engine::{ComponentSummary, FailReason, Scenario, Summary};
use common::*;
use serde_json::{Value, json};

fn client(rps: f64, keys: Value, paths: Value) -> Value {
    json!({"id": "users", "params": {"type": "client",
        "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
        "read_ratio": 1.0, "keys": keys, "timeout_ms": 10_000.0, "paths": paths}})
}

fn service(id: &str, service_time: Value) -> Value {
    json!({"id": id, "params": {"type": "service", "instances": 1, "workers": 10_000,
        "service_time": service_time, "queue_capacity": 0}})
}

fn link(from: &str, to: &str, ms: f64) -> Value {
    json!({"from": from, "to": to, "latency": {"dist": "constant", "ms": ms}})
}

fn route(from: &str, to: &str, prefix: &str) -> Value {
    json!({"from": from, "to": to, "latency": {"dist": "constant", "ms": 0.0}, "route": prefix})
}

fn cdn(capacity: u32, ttl_ms: f64, serve_stale: bool) -> Value {
    json!({"id": "cdn", "params": {"type": "cdn", "capacity": capacity, "ttl_ms": ttl_ms,
        "edge_latency": {"dist": "constant", "ms": 0.0}, "serve_stale": serve_stale}})
}

/// users → CDN → origin (a fast service), links of 0 ms.
fn behind_cdn(client: Value, cdn: Value, duration_s: f64, warmup_s: f64) -> Scenario {
    scenario(json!({
        "components": [client, cdn, service("origin", json!({"dist": "constant", "ms": 0.1}))],
        "connections": [link("users", "cdn", 0.0), link("cdn", "origin", 0.0)],
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": warmup_s, "window_ms": 1000.0},
    }))
}

fn comp<'a>(s: &'a Summary, id: &str) -> &'a ComponentSummary {
    s.components
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no component {id}"))
}

/// The Che approximation of an LRU cache of `capacity` objects with popularities `p`
/// (summing to 1): the characteristic time T solves Σ (1 − e^(−p T)) = C, and the hit
/// ratio is Σ p (1 − e^(−p T)).
fn che_hit_ratio(p: &[f64], capacity: f64) -> f64 {
    let filled = |t: f64| p.iter().map(|&q| 1.0 - (-q * t).exp()).sum::<f64>();
    let (mut lo, mut hi) = (0.0, 1.0);
    while filled(hi) < capacity {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if filled(mid) < capacity {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    p.iter().map(|&q| q * (1.0 - (-q * lo).exp())).sum()
}

fn zipf(n: usize, s: f64) -> Vec<f64> {
    let w: Vec<f64> = (1..=n).map(|k| (k as f64).powf(-s)).collect();
    let total: f64 = w.iter().sum();
    w.into_iter().map(|x| x / total).collect()
}

#[test]
fn cdn_origin_load_is_misses_plus_dynamic_and_lru_follows_che() {
    // 1,000 req/s: 70 % reads of a static path over Zipf(1000, 0.8) objects, 30 % dynamic.
    let (rps, static_share, n_keys, s) = (1000.0, 0.7, 1000, 0.8);
    // Measured over predicted differs by h × (sampled static share − 0.7): a binomial s.e. of
    // at most √(0.21 / 30,000) ≈ 0.26 % per replication, so 1 % is over 3 s.e. of the mean
    // of four (assert_close checks that against the replications' own spread too).
    let paths = json!([
        {"path": "/static/img", "weight": 70, "static": true},
        {"path": "/api/orders", "weight": 30, "static": false},
    ]);
    let popularity = zipf(n_keys, s);
    let mut previous = 0.0;
    for capacity in [25u32, 100, 400] {
        let sc = behind_cdn(
            client(
                rps,
                json!({"dist": "zipf", "count": n_keys, "s": s}),
                paths.clone(),
            ),
            cdn(capacity, 1e9, false),
            40.0,
            10.0,
        );
        let runs = replicate(&[1, 2, 3, 4], |seed| run(&sc, seed).summary());
        let hit: Vec<f64> = runs.iter().map(|r| comp(r, "cdn").hit_ratio).collect();
        // Origin load against the identity: the rate reaching the edge, split by the path
        // weights into static and dynamic, with the measured hit ratio.
        let ratio: Vec<f64> = runs
            .iter()
            .map(|r| {
                let h = comp(r, "cdn").hit_ratio;
                let lambda = comp(r, "cdn").arrival_rps;
                let predicted = (1.0 - h) * static_share * lambda + (1.0 - static_share) * lambda;
                comp(r, "origin").arrival_rps / predicted
            })
            .collect();
        assert_close(
            &format!("C={capacity}: origin load / ((1 − h) λ_static + λ_dynamic)"),
            Estimate::of(&ratio),
            1.0,
            0.01,
        );
        let che = che_hit_ratio(&popularity, capacity as f64);
        let est = Estimate::of(&hit);
        // Che's approximation is within about 1 % of exact LRU for Zipf popularities.
        assert_close(
            &format!("C={capacity}: LRU hit ratio vs Che"),
            est,
            che,
            0.03,
        );
        assert!(est.mean > previous, "a larger edge must hit more");
        previous = est.mean;
        let r = &runs[0];
        eprintln!(
            "C={capacity}: offload {:.3} (origin {} of {} requests)",
            comp(r, "cdn").offload(),
            comp(r, "cdn").edge.origin,
            comp(r, "cdn").arrivals
        );
    }
}

#[test]
fn a_ttl_cache_hits_lambda_t_over_one_plus_lambda_t() {
    // 200 objects read uniformly at 200 req/s: each object is read at λ = 1/s. With room for
    // all, a copy lives `ttl` after the miss that fetched it, so a renewal cycle holds one
    // miss and on average λ·TTL hits: h = λT / (1 + λT). A client without paths: every
    // read is static.
    let lambda = 1.0;
    let mut previous = -1.0;
    for ttl_ms in [1.0, 1000.0, 4000.0] {
        let sc = behind_cdn(
            client(200.0, json!({"dist": "uniform", "count": 200}), json!([])),
            cdn(1000, ttl_ms, false),
            60.0,
            10.0,
        );
        let runs = replicate(&[1, 2, 3, 4], |seed| run(&sc, seed).summary());
        let hit: Vec<f64> = runs.iter().map(|r| comp(r, "cdn").hit_ratio).collect();
        let lt = lambda * ttl_ms / 1000.0;
        let predicted = lt / (1.0 + lt);
        let est = Estimate::of(&hit);
        if ttl_ms < 10.0 {
            // A TTL far below the 1 s between reads of an object: about no hits at all.
            let lookups: u64 = runs
                .iter()
                .map(|r| comp(r, "cdn").hits + comp(r, "cdn").misses)
                .sum();
            let se = (predicted * (1.0 - predicted) / lookups as f64).sqrt();
            eprintln!(
                "TTL {ttl_ms} ms: hit ratio {:.5}, predicted {predicted:.5} (binomial s.e. {se:.5})",
                est.mean
            );
            assert!(
                (est.mean - predicted).abs() <= 3.0 * se + 1e-4,
                "TTL ≪ inter-read time must give ~0 hits"
            );
        } else {
            assert_close(
                &format!("TTL {ttl_ms} ms: hit ratio vs λT/(1+λT)"),
                est,
                predicted,
                0.03,
            );
        }
        assert!(est.mean > previous, "a longer TTL must hit more");
        previous = est.mean;
    }
}

/// Static reads of 50 objects; the origin crashes at 20 s for 20 s. Returns the success
/// ratio of requests finishing between 25 s and 40 s, and the stale serves.
fn static_success_while_origin_down(serve_stale: bool) -> (f64, u64, u64) {
    let mut sc = behind_cdn(
        client(
            200.0,
            json!({"dist": "uniform", "count": 50}),
            json!([{"path": "/static/app.js", "weight": 1, "static": true}]),
        ),
        cdn(1000, 2000.0, serve_stale),
        45.0,
        0.0,
    );
    sc.faults = serde_json::from_value(json!([
        {"at_s": 20.0, "fault": {"action": "crash", "component": "origin", "duration_s": 20.0}}
    ]))
    .expect("fault");
    let sim = run(&sc, 7);
    let windows: Vec<_> = sim
        .windows()
        .iter()
        .filter(|w| w.start_s >= 25.0 && w.end_s <= 40.0)
        .collect();
    let ok: u64 = windows.iter().map(|w| w.completed).sum();
    let failed: u64 = windows.iter().map(|w| w.failed.total()).sum();
    let stale: u64 = windows.iter().map(|w| w.components[1].edge.stale).sum();
    (ok as f64 / (ok + failed) as f64, ok + failed, stale)
}

#[test]
fn serving_stale_keeps_static_requests_up_while_the_origin_is_down() {
    // Every object was read hundreds of times before the crash, so the edge holds a copy of
    // each: with serve_stale every static read succeeds (predicted 1), without it every
    // read fails once the copies expire (2 s TTL, predicted 0 from 22 s on).
    let (with, n, stale) = static_success_while_origin_down(true);
    let (without, _, stale_without) = static_success_while_origin_down(false);
    eprintln!(
        "origin down 25–40 s: success {with:.4} with serve_stale ({stale} stale serves of {n}), \
         {without:.4} without (predicted 1 and 0)"
    );
    assert!(n > 2500, "enough requests in the outage: {n}");
    assert!(with >= 0.999, "serve_stale keeps static reads up: {with}");
    assert!(
        stale as f64 >= 0.99 * n as f64,
        "nearly all are stale serves"
    );
    assert!(without <= 0.001, "without serve_stale they fail: {without}");
    assert_eq!(stale_without, 0);
}

/// users → gateway → orders / pay (routes), and optionally a default route to web.
fn gateway_scenario(rps: f64, gateway: Value, default: bool, duration_s: f64) -> Scenario {
    let mut components = vec![
        client(
            rps,
            json!({"dist": "uniform", "count": 1000}),
            json!([
                {"path": "/api/orders", "weight": 5, "static": false},
                {"path": "/api/pay/charge", "weight": 3, "static": false},
                {"path": "/static/app.js", "weight": 2, "static": true},
            ]),
        ),
        gateway,
        service("orders", json!({"dist": "constant", "ms": 1.0})),
        service("pay", json!({"dist": "constant", "ms": 1.0})),
    ];
    let mut connections = vec![
        link("users", "gateway", 0.0),
        route("gateway", "orders", "/api/orders"),
        route("gateway", "pay", "/api/pay"),
    ];
    if default {
        components.push(service("web", json!({"dist": "constant", "ms": 1.0})));
        connections.push(link("gateway", "web", 0.0));
    }
    scenario(json!({
        "components": components,
        "connections": connections,
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": 0, "window_ms": 1000.0},
    }))
}

fn plain_gateway(overhead: Value) -> Value {
    json!({"id": "gateway", "params": {"type": "api_gateway", "overhead": overhead,
        "workers": 0, "queue_capacity": 0}})
}

#[test]
fn a_gateway_splits_by_path_weight_and_answers_unmatched_paths_404() {
    let g = plain_gateway(json!({"dist": "constant", "ms": 0.5}));
    let s = run(&gateway_scenario(500.0, g.clone(), false, 40.0), 3).summary();
    let n = s.generated as f64;
    let gw = comp(&s, "gateway");
    let check = |what: &str, count: u64, share: f64| {
        let se = (share * (1.0 - share) / n).sqrt();
        let got = count as f64 / n;
        eprintln!("{what}: {got:.4} of requests, path weight {share:.4} (±{se:.4} binomial s.e.)");
        assert!(
            (got - share).abs() <= 3.0 * se + 1.0 / n * s.in_flight as f64,
            "{what}: {got} vs {share}"
        );
    };
    check("routed to orders", gw.edge.routed[0], 0.5);
    check("routed to pay", gw.edge.routed[1], 0.3);
    check("no route (404)", s.failed.get(FailReason::NoRoute), 0.2);
    assert_eq!(gw.edge.no_route, s.failed.get(FailReason::NoRoute));
    assert_eq!(comp(&s, "orders").arrivals, gw.edge.routed[0]);

    // With a default route the unmatched share goes there instead.
    let s = run(&gateway_scenario(500.0, g, true, 40.0), 3).summary();
    let gw = comp(&s, "gateway");
    assert_eq!(s.failed.get(FailReason::NoRoute), 0);
    check("default route to web", gw.edge.routed[2], 0.2);
}

#[test]
fn a_gateway_adds_its_mean_check_time_to_the_mean_latency() {
    // users → gateway → orders with 1 ms links: the mean latency is 4 links + the check's
    // mean (5 ms, exponential) + the service's mean (10 ms, exponential, never queued).
    let mut sc = gateway_scenario(
        200.0,
        plain_gateway(json!({"dist": "exponential", "mean_ms": 5.0})),
        false,
        40.0,
    );
    for c in &mut sc.connections {
        c.latency = archsim_engine::Dist::Constant { ms: 1.0 };
    }
    for c in &mut sc.components {
        if let archsim_engine::Params::Service(p) = &mut c.params {
            p.service_time = archsim_engine::Dist::Exponential { mean_ms: 10.0 };
        }
    }
    let means = replicate(&[1, 2, 3, 4, 5, 6], |seed| {
        run(&sc, seed).summary().latency.mean_ms
    });
    assert_close(
        "mean latency through the gateway (4 links + 5 ms check + 10 ms service)",
        Estimate::of(&means),
        4.0 + 5.0 + 10.0,
        0.02,
    );
}

#[test]
fn a_gateway_limit_admits_at_most_rate_times_t_plus_burst() {
    // Offered 300/s for 30 s against a token bucket of 50/s with a burst of 10: it admits
    // its rate × T plus the burst it started with, and answers the rest 429.
    let mut g = plain_gateway(json!({"dist": "constant", "ms": 0.1}));
    g["params"]["rate_limit"] = json!({"algorithm": "token_bucket", "rate_rps": 50.0, "burst": 10});
    let s = run(&gateway_scenario(300.0, g, true, 30.0), 5).summary();
    let gw = comp(&s, "gateway");
    let admitted: u64 = gw.edge.routed.iter().sum();
    let bound = 50 * 30 + 10;
    let limited = s.failed.get(FailReason::RateLimited);
    eprintln!("gateway limit: admitted {admitted} (rate × T + burst = {bound}), 429s {limited}");
    assert!(admitted <= bound, "admitted {admitted} > rate × T + burst");
    assert!(
        admitted as f64 >= 0.99 * bound as f64,
        "an overloaded bucket admits about rate × T + burst, got {admitted}"
    );
    assert_eq!(admitted + limited + s.in_flight, s.generated);
}
