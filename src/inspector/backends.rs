//! Fields of the load balancer, service, cache, database (with its replicas) and queue.

use crate::engine::{
    CacheMode, Dist, LbStrategy, Params, PartitionMode, ReadBalance, Replication, ReplicationMode,
};
use crate::inspector::ctx::{COUNT, COUNT0, Ctx, MS, PERCENT};
use crate::inspector::ctx::{p, s};
use crate::inspector::fields::CheckField;
use crate::inspector::help;
use leptos::prelude::*;

pub(super) fn lb_fields(c: &Ctx, p: &archsim_engine::LoadBalancerParams) -> Vec<AnyView> {
    let mut v = vec![c.choice("Strategy", "lb.strategy", "strategy",
        vec![("round_robin", "Round robin"), ("weighted_round_robin", "Weighted round robin"),
             ("least_connections", "Least connections"), ("random", "Random"), ("hash_key", "Hash of key")],
        p!(LoadBalancer, p => match p.strategy {
            LbStrategy::RoundRobin => "round_robin", LbStrategy::WeightedRoundRobin => "weighted_round_robin",
            LbStrategy::LeastConnections => "least_connections", LbStrategy::Random => "random", LbStrategy::HashKey => "hash_key" }.to_string()),
        s!(LoadBalancer, p, v => p.strategy = match v.as_str() {
            "weighted_round_robin" => LbStrategy::WeightedRoundRobin, "least_connections" => LbStrategy::LeastConnections,
            "random" => LbStrategy::Random, "hash_key" => LbStrategy::HashKey, _ => LbStrategy::RoundRobin }))];
    let st = c.state;
    let id = c.id.clone();
    let _ = (st, id);
    v.push(
        view! {
            <CheckField
                label="Health checks"
                help=help::field("lb.health")
                value=c.get(false, p!(LoadBalancer, p => p.health_check.enabled))
                on_set=c.set(s!(LoadBalancer, p, x => p.health_check.enabled = x))
                testid=c.tid("health_check.enabled")
            />
        }
        .into_any(),
    );
    if p.health_check.enabled {
        v.push(c.num(
            "Check every",
            "ms",
            "lb.interval_ms",
            "health_check.interval_ms",
            (10.0, 3_600_000.0, 100.0, false),
            p!(LoadBalancer, p => p.health_check.interval_ms),
            s!(LoadBalancer, p, x => p.health_check.interval_ms = x),
        ));
        v.push(c.num(
            "Out after",
            "fails",
            "lb.unhealthy_after",
            "health_check.unhealthy_after",
            COUNT,
            p!(LoadBalancer, p => p.health_check.unhealthy_after as f64),
            s!(LoadBalancer, p, x => p.health_check.unhealthy_after = x as u32),
        ));
        v.push(c.num(
            "Back after",
            "passes",
            "lb.healthy_after",
            "health_check.healthy_after",
            COUNT,
            p!(LoadBalancer, p => p.health_check.healthy_after as f64),
            s!(LoadBalancer, p, x => p.health_check.healthy_after = x as u32),
        ));
    }
    v
}

pub(super) fn service_fields(c: &Ctx, autoscaled: bool) -> Vec<AnyView> {
    vec![
        c.num(
            if autoscaled {
                "Start instances"
            } else {
                "Instances"
            },
            "",
            "service.instances",
            "instances",
            COUNT,
            p!(Service, p => p.instances as f64),
            s!(Service, p, x => p.instances = x as u32),
        ),
        c.num(
            "Workers",
            "per instance",
            "service.workers",
            "workers",
            COUNT,
            p!(Service, p => p.workers as f64),
            s!(Service, p, x => p.workers = x as u32),
        ),
        c.dist(
            "Service time",
            "service.service_time",
            "service_time",
            p!(Service, p => p.service_time),
            s!(Service, p, d => p.service_time = d),
        ),
        c.num(
            "Queue capacity",
            "requests",
            "service.queue_capacity",
            "queue_capacity",
            COUNT0,
            p!(Service, p => p.queue_capacity as f64),
            s!(Service, p, x => p.queue_capacity = x as u32),
        ),
    ]
}

pub(super) fn cache_fields(c: &Ctx, p: &archsim_engine::CacheParams) -> Vec<AnyView> {
    let mut v = vec![c.choice("Policy", "cache.policy", "mode",
        vec![("lru", "LRU with TTL"), ("fixed", "Fixed hit ratio")],
        p!(Cache, p => match p.mode { CacheMode::Lru { .. } => "lru", CacheMode::FixedHitRatio { .. } => "fixed" }.to_string()),
        s!(Cache, p, v => p.mode = if v == "fixed" { CacheMode::FixedHitRatio { hit_ratio: 0.8 } } else { CacheMode::Lru { capacity: 1000, ttl_ms: 60_000.0 } }))];
    match p.mode {
        CacheMode::Lru { .. } => {
            v.push(c.num("Capacity", "entries", "cache.capacity", "capacity", (1.0, 10_000_000.0, 100.0, true),
                p!(Cache, p => match p.mode { CacheMode::Lru { capacity, .. } => capacity as f64, _ => 0.0 }),
                s!(Cache, p, x => if let CacheMode::Lru { capacity, .. } = &mut p.mode { *capacity = x as u32 })));
            v.push(c.num("TTL", "ms", "cache.ttl_ms", "ttl_ms", (1.0, 86_400_000.0, 1000.0, false),
                p!(Cache, p => match p.mode { CacheMode::Lru { ttl_ms, .. } => ttl_ms, _ => 0.0 }),
                s!(Cache, p, x => if let CacheMode::Lru { ttl_ms, .. } = &mut p.mode { *ttl_ms = x })));
        }
        CacheMode::FixedHitRatio { .. } => {
            v.push(c.num("Hit ratio", "%", "cache.hit_ratio", "hit_ratio", PERCENT,
                p!(Cache, p => match p.mode { CacheMode::FixedHitRatio { hit_ratio } => (hit_ratio * 1000.0).round() / 10.0, _ => 0.0 }),
                s!(Cache, p, x => if let CacheMode::FixedHitRatio { hit_ratio } = &mut p.mode { *hit_ratio = x / 100.0 })));
        }
    }
    v.push(c.dist(
        "Lookup time",
        "cache.latency",
        "latency",
        p!(Cache, p => p.latency),
        s!(Cache, p, d => p.latency = d),
    ));
    v.push(c.check(
        "Fall back to store when down",
        "cache.fallback",
        "fallback_when_down",
        p!(Cache, p => p.fallback_when_down),
        s!(Cache, p, on => p.fallback_when_down = on),
    ));
    v
}

pub(super) fn db_fields(c: &Ctx, p: &archsim_engine::DatabaseParams) -> Vec<AnyView> {
    let mut v = vec![
        c.num(
            "Connections",
            "pool",
            "db.connections",
            "connections",
            COUNT,
            p!(Database, p => p.connections as f64),
            s!(Database, p, x => p.connections = x as u32),
        ),
        c.dist(
            "Read time",
            "db.read_time",
            "read_time",
            p!(Database, p => p.read_time),
            s!(Database, p, d => p.read_time = d),
        ),
        c.dist(
            "Write time",
            "db.write_time",
            "write_time",
            p!(Database, p => p.write_time),
            s!(Database, p, d => p.write_time = d),
        ),
        c.num(
            "Queue capacity",
            "queries",
            "db.queue_capacity",
            "queue_capacity",
            COUNT0,
            p!(Database, p => p.queue_capacity as f64),
            s!(Database, p, x => p.queue_capacity = x as u32),
        ),
        c.num(
            "Max wait",
            "ms",
            "db.max_wait_ms",
            "max_wait_ms",
            MS,
            p!(Database, p => p.max_wait_ms),
            s!(Database, p, x => p.max_wait_ms = x),
        ),
    ];
    v.extend(replication_fields(c, p.replication.as_ref()));
    v
}

/// The Replication section of a database: off, or a primary with read replicas.
pub(super) fn replication_fields(c: &Ctx, r: Option<&Replication>) -> Vec<AnyView> {
    macro_rules! r {
        ($r:ident => $e:expr) => {
            p!(Database, p => match &p.replication { Some($r) => $e, None => Default::default() })
        };
    }
    macro_rules! w {
        ($r:ident, $x:ident => $e:expr) => {
            s!(Database, p, $x => if let Some($r) = &mut p.replication { $e })
        };
    }
    let mut v =
        vec![view! {
        <h3 class="section-title">"Replication"</h3>
        <CheckField
            label="Read replicas"
            help=help::field("db.replication")
            value=c.get(false, p!(Database, p => p.replication.is_some()))
            on_set=c.set(s!(Database, p, on => p.replication = if on { Some(Replication::default()) } else { None }))
            testid=c.tid("replication.enabled")
        />
    }
    .into_any()];
    if r.is_none() {
        return v;
    }
    v.push(c.num(
        "Replicas",
        "beside the primary",
        "db.replicas",
        "replication.replicas",
        (1.0, 16.0, 1.0, true),
        r!(r => f64::from(r.replicas)),
        w!(r, x => r.replicas = x as u32),
    ));
    v.push(c.choice(
        "Mode",
        "db.replication_mode",
        "replication.mode",
        vec![
            ("sync", "Synchronous"),
            ("semi_sync", "Semi-synchronous"),
            ("async", "Asynchronous"),
        ],
        r!(r => match r.mode {
            ReplicationMode::Sync => "sync",
            ReplicationMode::SemiSync => "semi_sync",
            ReplicationMode::Async => "async",
        }.to_string()),
        w!(r, x => r.mode = match x.as_str() {
            "sync" => ReplicationMode::Sync,
            "semi_sync" => ReplicationMode::SemiSync,
            _ => ReplicationMode::Async,
        }),
    ));
    v.push(c.dist(
        "Replication lag",
        "db.lag",
        "replication.lag",
        p!(Database, p => p.replication.map(|r| r.lag).unwrap_or(Dist::Constant { ms: 0.0 })),
        w!(r, d => r.lag = d),
    ));
    v.push(
        view! {
            <CheckField
                label="Reads go to replicas"
                help=help::field("db.split_reads")
                value=c.get(false, r!(r => r.split_reads))
                on_set=c.set(w!(r, x => r.split_reads = x))
                testid=c.tid("replication.split_reads")
            />
        }
        .into_any(),
    );
    v.push(c.choice(
        "Read balancing",
        "db.balance",
        "replication.balance",
        vec![("round_robin", "Round robin"), ("least_loaded", "Least loaded")],
        r!(r => match r.balance {
            ReadBalance::RoundRobin => "round_robin",
            ReadBalance::LeastLoaded => "least_loaded",
        }.to_string()),
        w!(r, x => r.balance = if x == "least_loaded" { ReadBalance::LeastLoaded } else { ReadBalance::RoundRobin }),
    ));
    v.push(c.num(
        "Failover detection",
        "ms",
        "db.detection_ms",
        "replication.detection_ms",
        MS,
        r!(r => r.detection_ms),
        w!(r, x => r.detection_ms = x),
    ));
    v.push(c.choice(
        "Under a partition",
        "db.partition_mode",
        "replication.partition_mode",
        vec![("cp", "CP: consistent"), ("ap", "AP: available")],
        r!(r => match r.partition_mode {
            PartitionMode::Cp => "cp",
            PartitionMode::Ap => "ap",
        }.to_string()),
        w!(r, x => r.partition_mode = if x == "ap" { PartitionMode::Ap } else { PartitionMode::Cp }),
    ));
    v
}

pub(super) fn queue_fields(c: &Ctx) -> Vec<AnyView> {
    vec![
        c.num(
            "Capacity",
            "messages",
            "queue.capacity",
            "capacity",
            COUNT,
            p!(Queue, p => p.capacity as f64),
            s!(Queue, p, x => p.capacity = x as u32),
        ),
        c.num(
            "Consumers",
            "",
            "queue.consumers",
            "consumers",
            COUNT,
            p!(Queue, p => p.consumers as f64),
            s!(Queue, p, x => p.consumers = x as u32),
        ),
        c.dist(
            "Consumer time",
            "queue.consumer_time",
            "consumer_time",
            p!(Queue, p => p.consumer_time),
            s!(Queue, p, d => p.consumer_time = d),
        ),
        c.dist(
            "Ack latency",
            "queue.ack_latency",
            "ack_latency",
            p!(Queue, p => p.ack_latency),
            s!(Queue, p, d => p.ack_latency = d),
        ),
    ]
}
