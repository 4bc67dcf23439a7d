//! Fields of the parts that route or stand in for others: shard router, CDN, API gateway,
//! the remote kinds (blob storage, external API) and DNS.

use crate::engine::{DnsPolicy, Migration, Params, RateLimit, RemoteParams, ShardStrategy};
use crate::inspector::ctx::{COUNT0, Ctx, MS, RPS, SECONDS};
use crate::inspector::ctx::{p, s};
use crate::inspector::fields::ListField;
use crate::inspector::help;
use crate::inspector::problems::problems_for;
use crate::inspector::rate_limiter::{ALGORITHMS, algorithm_name, limit_fields, switch_algorithm};
use leptos::prelude::*;

/// The name of a sharding strategy, as the select uses it.
pub(super) fn shard_strategy_name(s: &ShardStrategy) -> &'static str {
    match s {
        ShardStrategy::HashMod => "hash_mod",
        ShardStrategy::Range { .. } => "range",
        ShardStrategy::Directory { .. } => "directory",
        ShardStrategy::ConsistentHash { .. } => "consistent_hash",
    }
}

/// The strategy named `name`, with the usual starting values of its fields.
pub fn switch_shard_strategy(from: &ShardStrategy, name: &str) -> ShardStrategy {
    if shard_strategy_name(from) == name {
        return from.clone();
    }
    match name {
        "hash_mod" => ShardStrategy::HashMod,
        "range" => ShardStrategy::Range {
            boundaries: Vec::new(),
        },
        "directory" => ShardStrategy::Directory { lookup_ms: 1.0 },
        _ => ShardStrategy::ConsistentHash { vnodes: 100 },
    }
}

pub(super) fn shard_router_fields(c: &Ctx, p: &archsim_engine::ShardRouterParams) -> Vec<AnyView> {
    let mut v = vec![c.choice(
        "Strategy",
        "shard.strategy",
        "strategy",
        vec![
            ("consistent_hash", "Consistent hashing"),
            ("hash_mod", "Hash mod N"),
            ("range", "Key ranges"),
            ("directory", "Directory"),
        ],
        p!(ShardRouter, p => shard_strategy_name(&p.strategy).to_string()),
        s!(ShardRouter, p, v => p.strategy = switch_shard_strategy(&p.strategy, &v)),
    )];
    match p.strategy {
        ShardStrategy::HashMod => {}
        ShardStrategy::ConsistentHash { .. } => {
            v.push(c.num("Virtual nodes", "per shard", "shard.vnodes", "vnodes", (1.0, 1000.0, 10.0, true),
                p!(ShardRouter, p => match p.strategy { ShardStrategy::ConsistentHash { vnodes } => f64::from(vnodes), _ => 0.0 }),
                s!(ShardRouter, p, x => if let ShardStrategy::ConsistentHash { vnodes } = &mut p.strategy { *vnodes = x as u32 })));
        }
        ShardStrategy::Range { .. } => {
            let (state, subject) = (c.state, c.subject());
            v.push(
                view! {
                    <ListField
                        label="Boundaries"
                        unit="keys"
                        help=help::field("shard.boundaries")
                        placeholder="even split"
                        value=c.get(Vec::new(), p!(ShardRouter, p => match &p.strategy {
                            ShardStrategy::Range { boundaries } => boundaries.clone(),
                            _ => Vec::new(),
                        }))
                        on_set=c.set(s!(ShardRouter, p, x => if let ShardStrategy::Range { boundaries } = &mut p.strategy { *boundaries = x }))
                        errors=problems_for(state, subject, "boundaries")
                        testid=c.tid("boundaries")
                    />
                }
                .into_any(),
            );
        }
        ShardStrategy::Directory { .. } => {
            v.push(c.num("Lookup time", "ms", "shard.lookup_ms", "lookup_ms", MS,
                p!(ShardRouter, p => match p.strategy { ShardStrategy::Directory { lookup_ms } => lookup_ms, _ => 0.0 }),
                s!(ShardRouter, p, x => if let ShardStrategy::Directory { lookup_ms } = &mut p.strategy { *lookup_ms = x })));
        }
    }
    v.push(c.num(
        "Live shards",
        "0 = all",
        "shard.active_shards",
        "active_shards",
        COUNT0,
        p!(ShardRouter, p => f64::from(p.active_shards)),
        s!(ShardRouter, p, x => p.active_shards = x as u32),
    ));
    v.push(c.num(
        "Key space",
        "keys",
        "shard.key_space",
        "key_space",
        (1.0, 1_000_000.0, 1000.0, true),
        p!(ShardRouter, p => f64::from(p.key_space)),
        s!(ShardRouter, p, x => p.key_space = x as u32),
    ));
    v.push(c.choice(
        "Moved keys",
        "shard.migration",
        "migration",
        vec![
            ("fetch_from_old", "Fetch from old shard"),
            ("penalty", "Fixed penalty"),
        ],
        p!(ShardRouter, p => match p.migration { Migration::FetchFromOld => "fetch_from_old", Migration::Penalty { .. } => "penalty" }.to_string()),
        s!(ShardRouter, p, v => p.migration = if v == "penalty" { Migration::Penalty { ms: 20.0 } } else { Migration::FetchFromOld }),
    ));
    if let Migration::Penalty { .. } = p.migration {
        v.push(c.num("Migration penalty", "ms", "shard.penalty_ms", "migration_penalty_ms", MS,
            p!(ShardRouter, p => match p.migration { Migration::Penalty { ms } => ms, _ => 0.0 }),
            s!(ShardRouter, p, x => if let Migration::Penalty { ms } = &mut p.migration { *ms = x })));
    }
    v.push(c.num(
        "Background migration",
        "keys/s",
        "shard.migration_rate_kps",
        "migration_rate_kps",
        RPS,
        p!(ShardRouter, p => p.migration_rate_kps),
        s!(ShardRouter, p, x => p.migration_rate_kps = x),
    ));
    v
}

pub(super) fn cdn_fields(c: &Ctx) -> Vec<AnyView> {
    vec![
        c.num(
            "Capacity",
            "objects",
            "cdn.capacity",
            "capacity",
            (0.0, 10_000_000.0, 100.0, true),
            p!(Cdn, p => f64::from(p.capacity)),
            s!(Cdn, p, x => p.capacity = x as u32),
        ),
        c.num(
            "TTL",
            "ms",
            "cdn.ttl_ms",
            "ttl_ms",
            (0.0, 86_400_000.0 * 365.0, 1000.0, false),
            p!(Cdn, p => p.ttl_ms),
            s!(Cdn, p, x => p.ttl_ms = x),
        ),
        c.dist(
            "Edge latency",
            "cdn.edge_latency",
            "edge_latency",
            p!(Cdn, p => p.edge_latency),
            s!(Cdn, p, d => p.edge_latency = d),
        ),
        c.check(
            "Serve stale when the origin fails",
            "cdn.serve_stale",
            "serve_stale",
            p!(Cdn, p => p.serve_stale),
            s!(Cdn, p, on => p.serve_stale = on),
        ),
    ]
}

pub(super) fn gateway_fields(c: &Ctx, p: &archsim_engine::GatewayParams) -> Vec<AnyView> {
    let mut v = vec![
        c.dist(
            "Auth & validation",
            "gw.overhead",
            "overhead",
            p!(ApiGateway, p => p.overhead),
            s!(ApiGateway, p, d => p.overhead = d),
        ),
        c.num(
            "Workers",
            "",
            "gw.workers",
            "workers",
            COUNT0,
            p!(ApiGateway, p => f64::from(p.workers)),
            s!(ApiGateway, p, x => p.workers = x as u32),
        ),
    ];
    if p.workers > 0 {
        v.push(c.num(
            "Queue capacity",
            "requests",
            "gw.queue_capacity",
            "queue_capacity",
            COUNT0,
            p!(ApiGateway, p => f64::from(p.queue_capacity)),
            s!(ApiGateway, p, x => p.queue_capacity = x as u32),
        ));
    }
    let mut options = vec![("none", "None")];
    options.extend(ALGORITHMS);
    v.push(c.choice(
        "Rate limit",
        "gw.rate_limit",
        "rate_limit",
        options,
        p!(ApiGateway, p => p.rate_limit.as_ref().map_or("none", algorithm_name).to_string()),
        s!(ApiGateway, p, v => p.rate_limit = (v != "none").then(|| {
            let from = p.rate_limit.unwrap_or(RateLimit::TokenBucket { rate_rps: 100.0, burst: 20 });
            switch_algorithm(&from, &v)
        })),
    ));
    if let Some(alg) = &p.rate_limit {
        v.extend(limit_fields(
            c,
            alg,
            |p| match p {
                Params::ApiGateway(p) => p.rate_limit,
                _ => None,
            },
            |p| match p {
                Params::ApiGateway(p) => p.rate_limit.as_mut(),
                _ => None,
            },
            [
                "rate_limit.rate_rps",
                "rate_limit.burst",
                "rate_limit.queue",
                "rate_limit.limit",
                "rate_limit.window_ms",
            ],
        ));
    }
    v
}

/// The parameters of blob storage or an external API (both [`RemoteParams`]).
pub(super) fn remote(params: &Params) -> Option<RemoteParams> {
    match params {
        Params::BlobStorage(p) | Params::ExternalApi(p) => Some(*p),
        _ => None,
    }
}

pub(super) fn remote_mut(params: &mut Params) -> Option<&mut RemoteParams> {
    match params {
        Params::BlobStorage(p) | Params::ExternalApi(p) => Some(p),
        _ => None,
    }
}

pub(super) fn remote_fields(c: &Ctx) -> Vec<AnyView> {
    vec![
        c.dist(
            "Latency",
            "remote.latency",
            "latency",
            |params: &Params| remote(params).map(|p| p.latency),
            |params: &mut Params, d| {
                if let Some(p) = remote_mut(params) {
                    p.latency = d;
                }
            },
        ),
        c.num(
            "Error rate",
            "%",
            "remote.error_rate",
            "error_rate",
            (0.0, 100.0, 0.1, false),
            |params: &Params| remote(params).map(|p| (p.error_rate * 10_000.0).round() / 100.0),
            |params: &mut Params, x| {
                if let Some(p) = remote_mut(params) {
                    p.error_rate = x / 100.0;
                }
            },
        ),
    ]
}

/// The name of a DNS policy, as the select uses it.
pub fn dns_policy_name(p: &DnsPolicy) -> &'static str {
    match p {
        DnsPolicy::RoundRobin => "round_robin",
        DnsPolicy::Weighted => "weighted",
        DnsPolicy::Failover { .. } => "failover",
        DnsPolicy::Geo { .. } => "geo",
    }
}

/// `from` switched to the policy named `name`, keeping its health checks (or starting with
/// a check every second and 3 s to detect a dead target).
pub fn switch_dns_policy(from: &DnsPolicy, name: &str) -> DnsPolicy {
    let (check_interval_ms, detection_ms) = from.health_check_ms().unwrap_or((1000.0, 3000.0));
    match name {
        "weighted" => DnsPolicy::Weighted,
        "failover" => DnsPolicy::Failover {
            check_interval_ms,
            detection_ms,
        },
        "geo" => DnsPolicy::Geo {
            check_interval_ms,
            detection_ms,
        },
        _ => DnsPolicy::RoundRobin,
    }
}

/// Sets the check interval (or, with `interval` false, the detection delay) of a
/// health-checked policy.
pub(super) fn set_check(interval: bool, x: f64, policy: &mut DnsPolicy) {
    match policy {
        DnsPolicy::Failover {
            check_interval_ms,
            detection_ms,
        }
        | DnsPolicy::Geo {
            check_interval_ms,
            detection_ms,
        } => {
            if interval {
                *check_interval_ms = x;
            } else {
                *detection_ms = x;
            }
        }
        DnsPolicy::RoundRobin | DnsPolicy::Weighted => {}
    }
}

pub(super) fn dns_fields(c: &Ctx, p: &archsim_engine::DnsParams) -> Vec<AnyView> {
    let mut v = vec![
        c.choice(
            "Policy",
            "dns.policy",
            "policy",
            vec![
                ("round_robin", "Round robin"),
                ("weighted", "Weighted"),
                ("failover", "Failover"),
                ("geo", "Geo / nearest"),
            ],
            p!(Dns, p => dns_policy_name(&p.policy).to_string()),
            s!(Dns, p, v => p.policy = switch_dns_policy(&p.policy, &v)),
        ),
        c.num(
            "TTL",
            "s",
            "dns.ttl_s",
            "ttl_s",
            SECONDS,
            p!(Dns, p => p.ttl_s),
            s!(Dns, p, x => p.ttl_s = x),
        ),
        c.dist(
            "Lookup time",
            "dns.resolution",
            "resolution",
            p!(Dns, p => p.resolution),
            s!(Dns, p, d => p.resolution = d),
        ),
    ];
    if p.policy.health_check_ms().is_some() {
        v.push(c.num(
            "Check every",
            "ms",
            "dns.check_interval_ms",
            "check_interval_ms",
            (10.0, 86_400_000.0, 100.0, false),
            p!(Dns, p => p.policy.health_check_ms().map_or(0.0, |h| h.0)),
            s!(Dns, p, x => set_check(true, x, &mut p.policy)),
        ));
        v.push(c.num(
            "Detection",
            "ms",
            "dns.detection_ms",
            "detection_ms",
            MS,
            p!(Dns, p => p.policy.health_check_ms().map_or(0.0, |h| h.1)),
            s!(Dns, p, x => set_check(false, x, &mut p.policy)),
        ));
    } else {
        v.push(
            view! {
                <p class="field-help" data-testid="dns-no-health">
                    "This policy does not check health: a dead target stays in the answers."
                </p>
            }
            .into_any(),
        );
    }
    v
}
