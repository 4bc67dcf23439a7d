//! Zones, regions and DNS against what theory predicts: how DNS policies split answers, the
//! share of requests that pay for a lookup under a TTL, what a zone or region crossing adds
//! to latency, how many requests fail while a dead primary is still being answered and
//! cached, geo answers, and zone outages.
//!
//! `cargo test -p archsim-engine --test geo -- --nocapture` prints measured against predicted.

mod common;

use archsim_engine::{HopDirection, Kind, Scenario, Simulation, validate};
use common::{Estimate, assert_close, replicate, scenario};
use serde_json::{Value, json};

/// An open Poisson client at `rps` from `start_s` on (0 before), in `zone` if given.
fn client(id: &str, zone: Option<&str>, rps: f64, start_s: f64) -> Value {
    let rate = if start_s > 0.0 {
        json!({"shape": "steps", "rps": 0, "steps": [{"at_s": start_s, "rps": rps}]})
    } else {
        json!({"shape": "constant", "rps": rps})
    };
    let mut c = json!({"id": id, "params": {"type": "client",
        "traffic": {"model": "open", "process": "poisson", "rate": rate},
        "read_ratio": 1.0, "keys": {"dist": "uniform", "count": 100}, "timeout_ms": 5000}});
    if let Some(z) = zone {
        c["zone"] = json!(z);
    }
    c
}

/// A service with so many workers that nobody waits: its latency is its service time.
fn service(id: &str, zone: Option<&str>, time: Value) -> Value {
    let mut c = json!({"id": id, "params": {"type": "service", "instances": 1,
        "workers": 10_000, "service_time": time, "queue_capacity": 0}});
    if let Some(z) = zone {
        c["zone"] = json!(z);
    }
    c
}

fn constant(ms: f64) -> Value {
    json!({"dist": "constant", "ms": ms})
}

fn dns(policy: Value, ttl_s: f64, resolution: Value) -> Value {
    json!({"id": "dns", "params": {"type": "dns", "policy": policy, "ttl_s": ttl_s,
        "resolution": resolution}})
}

fn link(from: &str, to: &str, latency_ms: f64, weight: u32) -> Value {
    json!({"from": from, "to": to, "latency": constant(latency_ms), "weight": weight})
}

fn build(components: Vec<Value>, connections: Vec<Value>, extra: Value) -> Scenario {
    let mut v = json!({"name": "geo", "components": components, "connections": connections,
        "run": {"seed": 1, "duration_s": 30, "warmup_s": 0, "window_ms": 1000},
        "slo": {"latency_ms": 1000, "success_target": 0.9}});
    if let (Some(v), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in extra {
            v.insert(k.clone(), x.clone());
        }
    }
    scenario(v)
}

/// Arrivals at each named component over the measured run.
fn arrivals(sim: &Simulation, ids: &[&str]) -> Vec<u64> {
    let summary = sim.summary();
    ids.iter()
        .map(|id| {
            summary
                .components
                .iter()
                .find(|c| c.id == *id)
                .map_or(0, |c| c.arrivals)
        })
        .collect()
}

/// A DNS (TTL 0: every request is a lookup) in front of services with these weights.
fn split_scenario(policy: &str, weights: &[u32], rps: f64) -> Scenario {
    let mut comps = vec![
        client("c", None, rps, 0.0),
        dns(json!({"policy": policy}), 0.0, constant(0.0)),
    ];
    let mut conns = vec![link("c", "dns", 0.0, 1)];
    for (i, w) in weights.iter().enumerate() {
        let id = format!("s{i}");
        comps.push(service(&id, None, constant(1.0)));
        conns.push(link("dns", &id, 0.0, *w));
    }
    build(comps, conns, json!({}))
}

#[test]
fn round_robin_answers_each_target_in_turn() {
    let sim = common::run(&split_scenario("round_robin", &[1, 1, 1], 300.0), 3);
    let n = arrivals(&sim, &["s0", "s1", "s2"]);
    let total: u64 = n.iter().sum();
    let dns = &sim.summary().components[1];
    eprintln!(
        "round robin over 3: {n:?} of {total} lookups (predicted {:.1} each, at most 1 apart)",
        total as f64 / 3.0
    );
    assert_eq!(dns.misses, total, "with TTL 0 every request is a lookup");
    assert_eq!(dns.hits, 0);
    assert!(
        n.iter().max().unwrap() - n.iter().min().unwrap() <= 1,
        "{n:?}"
    );
}

#[test]
fn weighted_answers_follow_the_weights_within_binomial_noise() {
    let weights = [1u32, 2, 5];
    let sim = common::run(&split_scenario("weighted", &weights, 500.0), 5);
    let n = arrivals(&sim, &["s0", "s1", "s2"]);
    let total: u64 = n.iter().sum();
    assert!(total > 10_000);
    let sum: u32 = weights.iter().sum();
    for (i, (&count, &w)) in n.iter().zip(&weights).enumerate() {
        let p = f64::from(w) / f64::from(sum);
        let mean = total as f64 * p;
        let sd = (total as f64 * p * (1.0 - p)).sqrt();
        eprintln!(
            "weighted target {i} (weight {w}): measured {count}, predicted {mean:.1} ± {sd:.1} (binomial sd)"
        );
        // 4 binomial standard deviations.
        assert!(
            (count as f64 - mean).abs() <= 4.0 * sd,
            "target {i}: {count} vs {mean} ± {sd}"
        );
    }
}

/// N clients, each Poisson at `r`, ask a DNS with TTL `ttl_s`, resolution exponential with
/// mean 20 ms, in front of a 10 ms constant service.
fn ttl_scenario(r: f64, ttl_s: f64) -> Scenario {
    let clients = 5;
    let mut comps = vec![
        dns(
            json!({"policy": "round_robin"}),
            ttl_s,
            json!({"dist": "exponential", "mean_ms": 20.0}),
        ),
        service("svc", None, constant(10.0)),
    ];
    let mut conns = vec![link("dns", "svc", 0.0, 1)];
    for k in 0..clients {
        let id = format!("c{k}");
        comps.push(client(&id, None, r, 0.0));
        conns.push(link(&id, "dns", 0.0, 1));
    }
    build(
        comps,
        conns,
        json!({"run": {"seed": 1, "duration_s": 200, "warmup_s": 10, "window_ms": 10_000}}),
    )
}

/// A client caches its answer from the moment it asks, for T. After a lookup every request
/// within T is a hit and the first one after T is the next lookup; Poisson arrivals are
/// memoryless, so each cycle holds 1 + r·T requests on average (renewal-reward), and the
/// share of requests that pay the lookup is 1 / (1 + r·T). Each lookup costs the resolution
/// latency, so the mean latency is the service time plus share × mean resolution latency.
#[test]
fn the_share_of_requests_paying_a_lookup_is_one_over_one_plus_r_t() {
    for (r, ttl_s) in [(20.0, 0.5), (4.0, 1.0), (50.0, 0.1)] {
        let sc = ttl_scenario(r, ttl_s);
        let runs = replicate(&(1..=20).collect::<Vec<u64>>(), |seed| {
            let sim = common::run(&sc, seed);
            let s = sim.summary();
            let dns = &s.components[0];
            (
                dns.misses as f64 / (dns.hits + dns.misses) as f64,
                s.latency.mean_ms,
            )
        });
        let share = 1.0 / (1.0 + r * ttl_s);
        let shares: Vec<f64> = runs.iter().map(|x| x.0).collect();
        let means: Vec<f64> = runs.iter().map(|x| x.1).collect();
        assert_close(
            &format!("lookup share, r = {r}/s, TTL = {ttl_s} s: 1/(1 + rT)"),
            Estimate::of(&shares),
            share,
            0.02,
        );
        assert_close(
            &format!("mean latency, r = {r}/s, TTL = {ttl_s} s: 10 ms + 20 ms/(1 + rT)"),
            Estimate::of(&means),
            10.0 + 20.0 * share,
            0.02,
        );
    }
}

fn zones() -> Value {
    json!({"zones": [
        {"name": "east-1a", "region": "east"}, {"name": "east-1b", "region": "east"},
        {"name": "west-1a", "region": "west"}, {"name": "south-1a", "region": "south"}],
        "cross_zone_latency": constant(1.5), "cross_region_latency": constant(40.0)})
}

/// Client in east-1a → service in `zone` (→ database in `db_zone`), everything constant,
/// so every request's latency is the sum of the path.
fn path_scenario(zone: Option<&str>, db_zone: Option<&str>, via_dns: bool) -> Scenario {
    let mut comps = vec![
        client("c", Some("east-1a"), 100.0, 0.0),
        service("svc", zone, constant(10.0)),
    ];
    let mut conns = Vec::new();
    if via_dns {
        comps.push(dns(json!({"policy": "round_robin"}), 3600.0, constant(0.0)));
        conns.push(link("c", "dns", 0.0, 1));
        conns.push(link("dns", "svc", 2.0, 1));
    } else {
        conns.push(link("c", "svc", 2.0, 1));
    }
    if let Some(dbz) = db_zone {
        let mut db = json!({"id": "db", "zone": dbz, "params": {"type": "database",
            "connections": 10_000, "read_time": constant(3.0), "write_time": constant(3.0),
            "queue_capacity": 0}});
        db["zone"] = json!(dbz);
        comps.push(db);
        conns.push(link("svc", "db", 0.5, 1));
    }
    build(comps, conns, json!({"network": zones()}))
}

/// A crossing adds its one-way latency to the request and again to the response: a path
/// that crosses once gains exactly 2 × the one-way value in mean latency (every latency
/// here is constant, so this is exact up to nanosecond rounding).
#[test]
fn a_crossing_adds_twice_its_one_way_latency() {
    let mean = |sc: &Scenario| common::run(sc, 1).summary().latency.mean_ms;
    let base = mean(&path_scenario(Some("east-1a"), None, false));
    let cases = [
        (
            "cross-zone, once",
            path_scenario(Some("east-1b"), None, false),
            2.0 * 1.5,
        ),
        (
            "cross-region, once",
            path_scenario(Some("west-1a"), None, false),
            2.0 * 40.0,
        ),
        (
            "cross-region, via DNS (counted from the client)",
            path_scenario(Some("west-1a"), None, true),
            2.0 * 40.0,
        ),
        (
            "no zone on one end: no crossing",
            path_scenario(None, None, false),
            0.0,
        ),
    ];
    eprintln!("same zone: mean {base:.6} ms (predicted 2 × 2 ms + 10 ms = 14 ms)");
    assert!((base - 14.0).abs() < 1e-6, "{base}");
    for (what, sc, added) in cases {
        let m = mean(&sc);
        eprintln!(
            "{what}: mean {m:.6} ms, added {:.6} ms (predicted {added} ms)",
            m - base
        );
        assert!(
            (m - base - added).abs() < 1e-6,
            "{what}: {m} vs {base} + {added}"
        );
    }
    // Two crossings: service in east-1b, its database back in east-1a.
    let base_db = mean(&path_scenario(Some("east-1a"), Some("east-1a"), false));
    let m = mean(&path_scenario(Some("east-1b"), Some("east-1a"), false));
    eprintln!(
        "two cross-zone hops: added {:.6} ms (predicted 4 × 1.5 = 6 ms)",
        m - base_db
    );
    assert!((m - base_db - 6.0).abs() < 1e-6);
}

/// With random (exponential) crossing and service times the same holds on average: the
/// mean latency rises by 2 × the mean one-way crossing (independent replications).
#[test]
fn a_random_crossing_adds_twice_its_mean() {
    let with = |zone: &str| {
        let mut sc = path_scenario(Some(zone), None, false);
        sc.network.cross_region_latency = archsim_engine::Dist::Exponential { mean_ms: 40.0 };
        if let archsim_engine::Params::Service(p) = &mut sc.components[1].params {
            p.service_time = archsim_engine::Dist::Exponential { mean_ms: 10.0 };
        }
        sc.run.duration_s = 100.0;
        sc
    };
    let (near, far) = (with("east-1a"), with("west-1a"));
    let seeds: Vec<u64> = (1..=10).collect();
    let diffs = replicate(&seeds, |seed| {
        common::run(&far, seed).summary().latency.mean_ms
            - common::run(&near, seed + 1000).summary().latency.mean_ms
    });
    assert_close(
        "cross-region exponential, mean 40 ms one way: added mean latency (2 × 40 ms)",
        Estimate::of(&diffs),
        80.0,
        0.01,
    );
}

/// A small generator for test-side randomness (the start phases of clients).
fn splitmix(x: &mut u64) -> f64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

const FO_CLIENTS: usize = 20;
const FO_RATE: f64 = 20.0;
const FO_TTL_S: f64 = 5.0;
const FO_CRASH_S: f64 = 20.5;

/// 20 clients at 20/s each, starting at random phases, ask a failover DNS (checks every
/// 1 s, detection 2 s, TTL 5 s) for a primary and a secondary; the primary crashes at 20.5 s.
fn failover_scenario(seed: u64) -> Scenario {
    let mut x = seed;
    let mut comps = vec![
        dns(
            json!({"policy": "failover", "check_interval_ms": 1000, "detection_ms": 2000}),
            FO_TTL_S,
            constant(0.0),
        ),
        service("primary", None, constant(5.0)),
        service("secondary", None, constant(5.0)),
    ];
    let mut conns = vec![
        link("dns", "primary", 1.0, 1),
        link("dns", "secondary", 1.0, 1),
    ];
    for k in 0..FO_CLIENTS {
        let id = format!("c{k}");
        // A uniform start over one cache cycle (T + 1/r) puts every client at a random
        // phase of its cycle, as in a long-running system.
        let start = 0.001 + splitmix(&mut x) * (FO_TTL_S + 1.0 / FO_RATE);
        comps.push(client(&id, None, FO_RATE, start));
        conns.push(link(&id, "dns", 0.0, 1));
    }
    let mut sc = build(
        comps,
        conns,
        json!({"faults": [{"at_s": FO_CRASH_S, "fault": {"action": "crash", "component": "primary"}}],
               "run": {"seed": seed, "duration_s": 40, "warmup_s": 0, "window_ms": 500}}),
    );
    sc.run.seed = seed;
    sc
}

/// Failed requests after the primary dies. The DNS first sees it down at the check at 21 s
/// and leaves it out from 23 s (X, 2.5 s after the crash). Until X every lookup still
/// answers the primary, so a client fails from the crash until X plus the rest R of the
/// answer it holds at X. A client's cache alternates T valid with an exponential gap of mean
/// 1/r, so at X it holds an answer with probability rT/(1 + rT), with a remaining life
/// uniform on [0, T]: E[R] = rT/(1 + rT) · T/2. Arrivals after X are independent of R, so
/// each client fails r·(X − crash + E[R]) requests on average, plus the r·(1 ms + 5 ms) that
/// were on their way in or in service at the crash. After X + T nothing fails.
#[test]
fn failover_fails_for_detection_plus_the_cached_ttl_then_never() {
    let (r, t) = (FO_RATE, FO_TTL_S);
    let detected_s = 23.0;
    let residual = r * t / (1.0 + r * t) * t / 2.0;
    let per_client = r * ((detected_s - FO_CRASH_S) + residual + 0.006);
    let predicted = FO_CLIENTS as f64 * per_client;
    let seeds: Vec<u64> = (1..=40).collect();
    let runs = replicate(&seeds, |seed| {
        let sim = common::run(&failover_scenario(seed), seed);
        let late: u64 = sim
            .windows()
            .iter()
            .filter(|w| w.start_s >= detected_s + t - 1e-9)
            .map(|w| w.failed.total())
            .sum();
        let early: u64 = sim
            .windows()
            .iter()
            .filter(|w| w.end_s <= FO_CRASH_S + 1e-9)
            .map(|w| w.failed.total())
            .sum();
        (sim.summary().failed.total() as f64, late, early)
    });
    let failed: Vec<f64> = runs.iter().map(|x| x.0).collect();
    eprintln!(
        "failover: detection lag {:.1} s, mean cached residual {residual:.3} s",
        detected_s - FO_CRASH_S
    );
    assert_close(
        "failed requests after the primary crashes: N·r·(lag + rT/(1+rT)·T/2 + in flight)",
        Estimate::of(&failed),
        predicted,
        0.05,
    );
    let late: u64 = runs.iter().map(|x| x.1).sum();
    let early: u64 = runs.iter().map(|x| x.2).sum();
    eprintln!(
        "failures before the crash: {early}; from detection + TTL ({} s) on: {late} (predicted 0 and 0)",
        detected_s + t
    );
    assert_eq!(early, 0);
    assert_eq!(late, 0);
}

/// East and west clients, and one in a region with no target, ask a geo DNS for an east and
/// a west service; the east one crashes at 20.25 s. The hops say where every request went.
#[test]
fn geo_answers_keep_each_region_at_home_while_it_is_healthy() {
    let mut comps = vec![
        dns(
            json!({"policy": "geo", "check_interval_ms": 500, "detection_ms": 1000}),
            2.0,
            constant(5.0),
        ),
        service("svc-east", Some("east-1a"), constant(5.0)),
        service("svc-west", Some("west-1a"), constant(5.0)),
    ];
    let mut conns = vec![
        link("dns", "svc-east", 5.0, 1),
        link("dns", "svc-west", 20.0, 1),
    ];
    let clients = [
        ("east-a", "east-1a"),
        ("east-b", "east-1b"),
        ("west-a", "west-1a"),
        ("west-b", "west-1a"),
        ("south", "south-1a"),
    ];
    for (id, zone) in clients {
        comps.push(client(id, Some(zone), 15.0, 0.0));
        conns.push(link(id, "dns", 0.0, 1));
    }
    let sc = build(
        comps,
        conns,
        json!({"network": zones(),
               "faults": [{"at_s": 20.25, "fault": {"action": "crash", "component": "svc-east"}}]}),
    );
    let (east_conn, west_conn) = (0u32, 1u32);
    // Checks every 0.5 s see it down from 20.5 s and leave it out from 21.5 s; the last
    // cached east answers expire 2 s later.
    let (crash_s, moved_s) = (20.25, 21.5 + 2.0);
    let mut sim = Simulation::new(&sc).unwrap();
    sim.set_feed_capacity(1 << 20);
    let mut hops = Vec::new();
    while !sim.finished() {
        sim.run_until_s(sim.now_s() + 1.0, u64::MAX);
        sim.drain_feed(&mut hops);
    }
    // The client of each request, from its hop into the DNS (connections 2.. in order).
    let mut client_of = std::collections::BTreeMap::new();
    for h in &hops {
        if h.direction == HopDirection::Request && h.connection >= 2 {
            client_of.insert(h.request, (h.connection - 2) as usize);
        }
    }
    let mut counts = [[0u64; 2]; 5];
    let mut after = [[0u64; 2]; 5];
    for h in hops.iter().filter(|h| h.direction == HopDirection::Request) {
        if h.connection != east_conn && h.connection != west_conn {
            continue;
        }
        let Some(&k) = client_of.get(&h.request) else {
            continue;
        };
        let to_west = usize::from(h.connection == west_conn);
        if h.depart_s < crash_s {
            counts[k][to_west] += 1;
        } else if h.depart_s >= moved_s {
            after[k][to_west] += 1;
        }
    }
    for (k, (id, zone)) in clients.iter().enumerate() {
        eprintln!(
            "{id} ({zone}): before the crash {} east / {} west; from {moved_s} s on {} east / {} west",
            counts[k][0], counts[k][1], after[k][0], after[k][1]
        );
        assert!(counts[k][0] + counts[k][1] > 100);
        let home_west = zone.starts_with("west");
        // Healthy: each region at home; the south (no target) to the nearest, east (5 ms
        // + 40 ms against 20 ms + 40 ms).
        assert_eq!(counts[k][usize::from(!home_west)], 0, "{id} left home");
        // After detection + TTL everybody is in the west.
        assert_eq!(after[k][0], 0, "{id} still sent to the dead east");
        assert!(after[k][1] > 50);
    }
}

fn outage_scenario(faults: Value) -> Scenario {
    let comps = vec![
        client("c", Some("east-1a"), 50.0, 0.0),
        json!({"id": "lb", "zone": "east-1a", "params": {"type": "load_balancer"}}),
        service("s1", Some("east-1a"), constant(2.0)),
        service("s2", Some("east-1b"), constant(2.0)),
        service("s3", None, constant(2.0)),
        service("s4", Some("west-1a"), constant(2.0)),
    ];
    let conns = vec![
        link("c", "lb", 1.0, 1),
        link("lb", "s1", 1.0, 1),
        link("lb", "s2", 1.0, 1),
        link("lb", "s3", 1.0, 1),
        link("lb", "s4", 1.0, 1),
    ];
    build(comps, conns, json!({"network": zones(), "faults": faults}))
}

/// A zone outage crashes every component of the zone (clients are users, not machines, and
/// stay) and nothing else; they all come back at its end, or at a zone restore.
#[test]
fn a_zone_outage_crashes_exactly_its_zone_and_it_recovers_at_the_end() {
    let in_zone = [false, true, true, false, false, false]; // c, lb, s1, s2, s3, s4
    for (what, faults, back_s) in [
        (
            "outage of east-1a for 5 s at 10 s",
            json!([{"at_s": 10, "fault": {"action": "zone_outage", "zone": "east-1a", "duration_s": 5}}]),
            15.0,
        ),
        (
            "outage of east-1a at 10 s, restored at 13 s",
            json!([{"at_s": 10, "fault": {"action": "zone_outage", "zone": "east-1a"}},
                   {"at_s": 13, "fault": {"action": "zone_restore", "zone": "east-1a"}}]),
            13.0,
        ),
    ] {
        let sc = outage_scenario(faults);
        let mut sim = Simulation::new(&sc).unwrap();
        for (t, expect_down) in [
            (9.9, false),
            (10.1, true),
            (back_s - 0.1, true),
            (back_s + 0.1, false),
        ] {
            sim.run_until_s(t, u64::MAX);
            let up: Vec<bool> = sim.live().iter().map(|l| l.up).collect();
            let expected: Vec<bool> = in_zone.iter().map(|&z| !(z && expect_down)).collect();
            eprintln!("{what}: at {t} s up = {up:?} (predicted {expected:?})");
            assert_eq!(up, expected, "{what} at {t} s");
        }
        sim.run_to_end();
        // While the LB was down the client's requests failed; before and after, none did.
        for w in sim.windows() {
            let during = w.start_s >= 10.0 && w.end_s <= back_s;
            if w.end_s <= 10.0 || w.start_s >= back_s + 1.0 {
                assert_eq!(w.failed.total(), 0, "{what}: window at {} s", w.start_s);
            }
            if during {
                assert!(w.failed.total() > 0 && w.completed == 0, "{what}: {w:?}");
            }
        }
    }
}

#[test]
fn unknown_zones_are_errors_that_name_the_component_or_fault() {
    let mut sc = outage_scenario(
        json!([{"at_s": 1, "fault": {"action": "zone_outage", "zone": "mars-1a"}}]),
    );
    sc.components[3].zone = Some("east-1c".into());
    let text: Vec<String> = validate(&sc).iter().map(|p| p.message.clone()).collect();
    eprintln!("{text:#?}");
    assert!(text.contains(
        &"Service 's2': zone 'east-1c' does not exist (the zones are east-1a, east-1b, west-1a, south-1a)"
            .to_string()
    ));
    assert!(
        text.contains(&"Fault 1 (zone outage 'mars-1a'): there is no zone 'mars-1a'".to_string())
    );
    sc.network.zones.push(archsim_engine::Zone {
        name: "east-1a".into(),
        region: String::new(),
    });
    let text: Vec<String> = validate(&sc).iter().map(|p| p.message.clone()).collect();
    assert!(
        text.contains(&"Two zones are called 'east-1a'; zone names must be unique".to_string())
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("Zone 'east-1a': its region is empty"))
    );
    assert_eq!(Kind::Dns.name(), "DNS");
}

/// The multi-region example: US traffic fails from the outage at 20 s until detection and
/// the 10 s TTL have passed, then flows to Europe; Europe never fails.
#[test]
fn the_multi_region_example_fails_over_after_detection_plus_ttl() {
    let sc = common::example("multi-region.json");
    let sim = common::run(&sc, sc.run.seed);
    let w = sim.windows();
    let failed = |from: f64, to: f64| -> u64 {
        w.iter()
            .filter(|x| x.start_s >= from - 1e-9 && x.end_s <= to + 1e-9)
            .map(|x| x.failed.total())
            .sum()
    };
    let lb_eu = sc.components.iter().position(|c| c.id == "lb-eu").unwrap();
    let arrivals_eu = |i: usize| w[i].components[lb_eu].arrivals;
    // Detected down from 21 s + 3 s = 24 s; the US answer cached before then lasts until
    // at most 34 s.
    eprintln!(
        "multi-region: failed before 20 s {}, 20–34 s {}, 35–45 s {}; LB (eu-west) arrivals at 10 s {}, at 40 s {}",
        failed(0.0, 20.0),
        failed(20.0, 34.0),
        failed(35.0, 45.0),
        arrivals_eu(10),
        arrivals_eu(40)
    );
    assert_eq!(failed(0.0, 20.0), 0);
    assert!(failed(20.0, 34.0) > 200 * 4);
    assert_eq!(failed(35.0, 45.0), 0);
    // Both regions' users in Europe: 350/s against 150/s before.
    assert!(arrivals_eu(40) > 300 && arrivals_eu(10) < 200);
}
