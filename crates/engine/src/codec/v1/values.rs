//! The v1 encoding of the values inside a scenario (latencies, traffic, policies, a run's
//! settings): each `put_` has its `get_`, and their bits are frozen like the rest of v1.

use super::super::wire::{Reader, WireResult, Writer};
use super::*;

pub(super) fn put_u32(w: &mut Writer, v: &u32) {
    w.uint(u64::from(*v));
}

pub(super) fn put_num(w: &mut Writer, v: &f64) {
    w.num(*v);
}

pub(super) fn put_bool(w: &mut Writer, v: &bool) {
    w.uint(u64::from(*v));
}

/// Nothing for no budget (the default), else its three numbers.
pub(super) fn put_retry_budget(w: &mut Writer, b: &Option<RetryBudget>) {
    if let Some(RetryBudget {
        ratio,
        min_retries_per_s,
        window_ms,
    }) = *b
    {
        w.num(ratio);
        w.num(min_retries_per_s);
        w.num(window_ms);
    }
}

pub(super) fn get_retry_budget(r: &mut Reader) -> WireResult<Option<RetryBudget>> {
    Ok(Some(RetryBudget {
        ratio: r.num()?,
        min_retries_per_s: r.num()?,
        window_ms: r.num()?,
    }))
}

pub(super) fn put_breaker(w: &mut Writer, b: &CircuitBreaker) {
    let CircuitBreaker {
        window,
        min_calls,
        failure_threshold,
        open_ms,
        half_open_probes,
    } = *b;
    w.uint(u64::from(window));
    w.uint(u64::from(min_calls));
    w.num(failure_threshold);
    w.num(open_ms);
    w.uint(u64::from(half_open_probes));
}

pub(super) fn get_breaker(r: &mut Reader) -> WireResult<CircuitBreaker> {
    Ok(CircuitBreaker {
        window: r.u32()?,
        min_calls: r.u32()?,
        failure_threshold: r.num()?,
        open_ms: r.num()?,
        half_open_probes: r.u32()?,
    })
}

pub(super) fn put_paths(w: &mut Writer, paths: &Vec<RequestPath>) {
    w.uint(paths.len() as u64);
    for RequestPath {
        path,
        weight,
        is_static,
    } in paths
    {
        w.str(path);
        w.num(*weight);
        w.uint(u64::from(*is_static));
    }
}

pub(super) fn get_paths(r: &mut Reader) -> WireResult<Vec<RequestPath>> {
    let n = r.count(MAX_ITEMS, "paths")?;
    let mut paths = Vec::new();
    for _ in 0..n {
        paths.push(RequestPath {
            path: r.str()?,
            weight: r.num()?,
            is_static: r.bool()?,
        });
    }
    Ok(paths)
}

/// An autoscaler (written only when present: the default is none).
pub(super) fn put_autoscale(w: &mut Writer, a: &Option<Autoscale>) {
    if let Some(Autoscale {
        min_instances,
        max_instances,
        target_utilization,
        interval_s,
        cooldown_s,
        warmup_s,
    }) = a
    {
        w.uint(u64::from(*min_instances));
        w.uint(u64::from(*max_instances));
        w.num(*target_utilization);
        w.num(*interval_s);
        w.num(*cooldown_s);
        w.num(*warmup_s);
    }
}

pub(super) fn get_autoscale(r: &mut Reader) -> WireResult<Option<Autoscale>> {
    Ok(Some(Autoscale {
        min_instances: r.u32()?,
        max_instances: r.u32()?,
        target_utilization: r.num()?,
        interval_s: r.num()?,
        cooldown_s: r.num()?,
        warmup_s: r.num()?,
    }))
}

/// Redundancy = uint mode (0 active-passive hot, 1 active-passive cold, 2 active-active),
/// then num failover_ms or uint nodes.
pub(super) fn put_redundancy(w: &mut Writer, r: &Redundancy) {
    match *r {
        Redundancy::ActivePassive {
            standby,
            failover_ms,
        } => {
            w.uint(match standby {
                Standby::Hot => 0,
                Standby::Cold => 1,
            });
            w.num(failover_ms);
        }
        Redundancy::ActiveActive { nodes } => {
            w.uint(2);
            w.uint(u64::from(nodes));
        }
    }
}

pub(super) fn get_redundancy(r: &mut Reader) -> WireResult<Redundancy> {
    Ok(match r.tag(3, "redundancy mode")? {
        0 => Redundancy::ActivePassive {
            standby: Standby::Hot,
            failover_ms: r.num()?,
        },
        1 => Redundancy::ActivePassive {
            standby: Standby::Cold,
            failover_ms: r.num()?,
        },
        _ => Redundancy::ActiveActive { nodes: r.u32()? },
    })
}

pub(super) fn put_dns_policy(w: &mut Writer, p: &DnsPolicy) {
    match *p {
        DnsPolicy::RoundRobin => w.uint(0),
        DnsPolicy::Weighted => w.uint(1),
        DnsPolicy::Failover {
            check_interval_ms,
            detection_ms,
        } => {
            w.uint(2);
            w.num(check_interval_ms);
            w.num(detection_ms);
        }
        DnsPolicy::Geo {
            check_interval_ms,
            detection_ms,
        } => {
            w.uint(3);
            w.num(check_interval_ms);
            w.num(detection_ms);
        }
    }
}

pub(super) fn get_dns_policy(r: &mut Reader) -> WireResult<DnsPolicy> {
    Ok(match r.tag(4, "DNS policy")? {
        0 => DnsPolicy::RoundRobin,
        1 => DnsPolicy::Weighted,
        tag => {
            let check_interval_ms = r.num()?;
            let detection_ms = r.num()?;
            if tag == 2 {
                DnsPolicy::Failover {
                    check_interval_ms,
                    detection_ms,
                }
            } else {
                DnsPolicy::Geo {
                    check_interval_ms,
                    detection_ms,
                }
            }
        }
    })
}

pub(super) fn put_rate_limit(w: &mut Writer, l: &RateLimit) {
    match *l {
        RateLimit::TokenBucket { rate_rps, burst } => {
            w.uint(0);
            w.num(rate_rps);
            w.uint(u64::from(burst));
        }
        RateLimit::LeakyBucket { rate_rps, queue } => {
            w.uint(1);
            w.num(rate_rps);
            w.uint(u64::from(queue));
        }
        RateLimit::FixedWindow { limit, window_ms } => {
            w.uint(2);
            w.uint(u64::from(limit));
            w.num(window_ms);
        }
        RateLimit::SlidingLog { limit, window_ms } => {
            w.uint(3);
            w.uint(u64::from(limit));
            w.num(window_ms);
        }
        RateLimit::SlidingCounter { limit, window_ms } => {
            w.uint(4);
            w.uint(u64::from(limit));
            w.num(window_ms);
        }
    }
}

pub(super) fn get_rate_limit(r: &mut Reader) -> WireResult<RateLimit> {
    Ok(match r.tag(5, "rate-limit algorithm")? {
        0 => RateLimit::TokenBucket {
            rate_rps: r.num()?,
            burst: r.u32()?,
        },
        1 => RateLimit::LeakyBucket {
            rate_rps: r.num()?,
            queue: r.u32()?,
        },
        tag => {
            let limit = r.u32()?;
            let window_ms = r.num()?;
            match tag {
                2 => RateLimit::FixedWindow { limit, window_ms },
                3 => RateLimit::SlidingLog { limit, window_ms },
                _ => RateLimit::SlidingCounter { limit, window_ms },
            }
        }
    })
}

pub(super) fn put_shard_strategy(w: &mut Writer, s: &ShardStrategy) {
    match s {
        ShardStrategy::HashMod => w.uint(0),
        ShardStrategy::Range { boundaries } => {
            w.uint(1);
            w.uint(boundaries.len() as u64);
            for b in boundaries {
                w.uint(u64::from(*b));
            }
        }
        ShardStrategy::Directory { lookup_ms } => {
            w.uint(2);
            w.num(*lookup_ms);
        }
        ShardStrategy::ConsistentHash { vnodes } => {
            w.uint(3);
            w.uint(u64::from(*vnodes));
        }
    }
}

pub(super) fn get_shard_strategy(r: &mut Reader) -> WireResult<ShardStrategy> {
    Ok(match r.tag(4, "sharding strategy")? {
        0 => ShardStrategy::HashMod,
        1 => {
            let n = r.count(MAX_ITEMS, "range boundaries")?;
            let mut boundaries = Vec::with_capacity(n);
            for _ in 0..n {
                boundaries.push(r.u32()?);
            }
            ShardStrategy::Range { boundaries }
        }
        2 => ShardStrategy::Directory {
            lookup_ms: r.num()?,
        },
        _ => ShardStrategy::ConsistentHash { vnodes: r.u32()? },
    })
}

pub(super) fn put_migration(w: &mut Writer, m: &Migration) {
    match *m {
        Migration::FetchFromOld => w.uint(0),
        Migration::Penalty { ms } => {
            w.uint(1);
            w.num(ms);
        }
    }
}

pub(super) fn get_migration(r: &mut Reader) -> WireResult<Migration> {
    Ok(match r.tag(2, "migration cost")? {
        0 => Migration::FetchFromOld,
        _ => Migration::Penalty { ms: r.num()? },
    })
}

pub(super) fn put_dist(w: &mut Writer, d: &Dist) {
    match *d {
        Dist::Constant { ms } => {
            w.uint(0);
            w.num(ms);
        }
        Dist::Exponential { mean_ms } => {
            w.uint(1);
            w.num(mean_ms);
        }
        Dist::Uniform { min_ms, max_ms } => {
            w.uint(2);
            w.num(min_ms);
            w.num(max_ms);
        }
        Dist::LogNormal { median_ms, sigma } => {
            w.uint(3);
            w.num(median_ms);
            w.num(sigma);
        }
    }
}

pub(super) fn put_traffic(w: &mut Writer, t: &Traffic) {
    match t {
        Traffic::Open { process, rate } => {
            w.uint(match process {
                ArrivalProcess::Poisson => 0,
                ArrivalProcess::Uniform => 1,
            });
            put_rate(w, rate);
        }
        Traffic::Closed { users, think_time } => {
            w.uint(2);
            w.uint(u64::from(*users));
            put_dist(w, think_time);
        }
    }
}

pub(super) fn put_rate(w: &mut Writer, r: &RateProfile) {
    match r {
        RateProfile::Constant { rps } => {
            w.uint(0);
            w.num(*rps);
        }
        RateProfile::Steps { rps, steps } => {
            w.uint(1);
            w.num(*rps);
            w.uint(steps.len() as u64);
            for RateStep { at_s, rps } in steps {
                w.num(*at_s);
                w.num(*rps);
            }
        }
        RateProfile::Ramp {
            from_rps,
            to_rps,
            start_s,
            end_s,
        } => {
            w.uint(2);
            for v in [from_rps, to_rps, start_s, end_s] {
                w.num(*v);
            }
        }
        RateProfile::Spike {
            base_rps,
            peak_rps,
            at_s,
            duration_s,
        } => {
            w.uint(3);
            for v in [base_rps, peak_rps, at_s, duration_s] {
                w.num(*v);
            }
        }
    }
}

pub(super) fn put_keys(w: &mut Writer, k: &KeyDist) {
    match *k {
        KeyDist::Uniform { count } => {
            w.uint(0);
            w.uint(u64::from(count));
        }
        KeyDist::Zipf { count, s } => {
            w.uint(1);
            w.uint(u64::from(count));
            w.num(s);
        }
    }
}

pub(super) fn put_retry(w: &mut Writer, r: &RetryPolicy) {
    let RetryPolicy {
        max_retries,
        base_backoff_ms,
        max_backoff_ms,
        jitter,
    } = *r;
    w.uint(u64::from(max_retries));
    w.num(base_backoff_ms);
    w.num(max_backoff_ms);
    w.uint(match jitter {
        Jitter::None => 0,
        Jitter::Full => 1,
        Jitter::Equal => 2,
    });
}

pub(super) fn put_strategy(w: &mut Writer, s: &LbStrategy) {
    w.uint(match s {
        LbStrategy::RoundRobin => 0,
        LbStrategy::WeightedRoundRobin => 1,
        LbStrategy::LeastConnections => 2,
        LbStrategy::Random => 3,
        LbStrategy::HashKey => 4,
        LbStrategy::Sticky => 5,
    });
}

pub(super) fn put_size(w: &mut Writer, s: &Size) {
    w.uint(match s {
        Size::Custom => 0,
        Size::Small => 1,
        Size::Medium => 2,
        Size::Large => 3,
        Size::Xlarge => 4,
    });
}

pub(super) fn get_size(r: &mut Reader) -> WireResult<Size> {
    Ok(match r.tag(5, "machine size")? {
        0 => Size::Custom,
        1 => Size::Small,
        2 => Size::Medium,
        3 => Size::Large,
        _ => Size::Xlarge,
    })
}

pub(super) fn put_sessions(w: &mut Writer, s: &Sessions) {
    w.uint(match s {
        Sessions::None => 0,
        Sessions::Memory => 1,
        Sessions::Store => 2,
    });
}

pub(super) fn get_sessions(r: &mut Reader) -> WireResult<Sessions> {
    Ok(match r.tag(3, "where sessions are kept")? {
        0 => Sessions::None,
        1 => Sessions::Memory,
        _ => Sessions::Store,
    })
}

pub(super) fn put_health_check(w: &mut Writer, h: &HealthCheck) {
    let HealthCheck {
        enabled,
        interval_ms,
        unhealthy_after,
        healthy_after,
        timeout_ms: _,
    } = *h;
    w.uint(u64::from(enabled));
    w.num(interval_ms);
    w.uint(u64::from(unhealthy_after));
    w.uint(u64::from(healthy_after));
}

pub(super) fn put_replication(w: &mut Writer, r: &Replication) {
    let Replication {
        replicas,
        mode,
        lag,
        split_reads,
        balance,
        detection_ms,
        partition_mode,
    } = r;
    let d = replication_default();
    let mut f = Fields::default();
    f.field(replicas, &d.replicas, put_u32);
    f.field(mode, &d.mode, |w, m| {
        w.uint(match m {
            ReplicationMode::Sync => 0,
            ReplicationMode::SemiSync => 1,
            ReplicationMode::Async => 2,
        })
    });
    f.field(lag, &d.lag, put_dist);
    f.field(split_reads, &d.split_reads, |w, v| w.uint(u64::from(*v)));
    f.field(balance, &d.balance, |w, b| {
        w.uint(match b {
            ReadBalance::RoundRobin => 0,
            ReadBalance::LeastLoaded => 1,
        })
    });
    f.field(detection_ms, &d.detection_ms, put_num);
    f.field(partition_mode, &d.partition_mode, |w, m| {
        w.uint(match m {
            PartitionMode::Cp => 0,
            PartitionMode::Ap => 1,
        })
    });
    f.write(w);
}

pub(super) fn get_replication(r: &mut Reader) -> WireResult<Option<Replication>> {
    let d = replication_default();
    let m = Mask::read(r, 7)?;
    Ok(Some(Replication {
        replicas: m.get(0, r, d.replicas, get_u32)?,
        mode: m.get(1, r, d.mode, |r| {
            Ok(match r.tag(3, "replication mode")? {
                0 => ReplicationMode::Sync,
                1 => ReplicationMode::SemiSync,
                _ => ReplicationMode::Async,
            })
        })?,
        lag: m.get(2, r, d.lag, get_dist)?,
        split_reads: m.get(3, r, d.split_reads, |r| r.bool())?,
        balance: m.get(4, r, d.balance, |r| {
            Ok(match r.tag(2, "read balancing")? {
                0 => ReadBalance::RoundRobin,
                _ => ReadBalance::LeastLoaded,
            })
        })?,
        detection_ms: m.get(5, r, d.detection_ms, get_num)?,
        partition_mode: m.get(6, r, d.partition_mode, |r| {
            Ok(match r.tag(2, "partition mode")? {
                0 => PartitionMode::Cp,
                _ => PartitionMode::Ap,
            })
        })?,
    }))
}

pub(super) fn put_cache_mode(w: &mut Writer, m: &CacheMode) {
    match *m {
        CacheMode::Lru { capacity, ttl_ms } => {
            w.uint(0);
            w.uint(u64::from(capacity));
            w.num(ttl_ms);
        }
        CacheMode::FixedHitRatio { hit_ratio } => {
            w.uint(1);
            w.num(hit_ratio);
        }
    }
}

pub(super) fn put_eviction(w: &mut Writer, e: &Eviction) {
    w.uint(match e {
        Eviction::Lru => 0,
        Eviction::Lfu => 1,
        Eviction::Fifo => 2,
        Eviction::Random => 3,
    });
}

pub(super) fn put_run(w: &mut Writer, r: &RunSettings) {
    let RunSettings {
        seed,
        duration_s,
        warmup_s,
        window_ms,
        chaos,
    } = r;
    let d = RUN_DEFAULT;
    let mut f = Fields::default();
    f.field(seed, &d.seed, |w, v| w.uint(*v));
    f.field(duration_s, &d.duration_s, put_num);
    f.field(warmup_s, &d.warmup_s, put_num);
    f.field(window_ms, &d.window_ms, put_num);
    f.field(chaos, &d.chaos, |w, v| w.uint(u64::from(*v)));
    f.write(w);
}

pub(super) fn put_slo(w: &mut Writer, s: &Slo) {
    let Slo {
        latency_ms,
        success_target,
    } = s;
    let d = SLO_DEFAULT;
    let mut f = Fields::default();
    f.field(latency_ms, &d.latency_ms, put_num);
    f.field(success_target, &d.success_target, put_num);
    f.write(w);
}

pub(super) fn get_num(r: &mut Reader) -> WireResult<f64> {
    r.num()
}

pub(super) fn get_u32(r: &mut Reader) -> WireResult<u32> {
    r.u32()
}

pub(super) fn get_dist(r: &mut Reader) -> WireResult<Dist> {
    Ok(match r.tag(4, "distribution")? {
        0 => Dist::Constant { ms: r.num()? },
        1 => Dist::Exponential { mean_ms: r.num()? },
        2 => Dist::Uniform {
            min_ms: r.num()?,
            max_ms: r.num()?,
        },
        _ => Dist::LogNormal {
            median_ms: r.num()?,
            sigma: r.num()?,
        },
    })
}

pub(super) fn get_traffic(r: &mut Reader) -> WireResult<Traffic> {
    Ok(match r.tag(3, "traffic model")? {
        0 => Traffic::Open {
            process: ArrivalProcess::Poisson,
            rate: get_rate(r)?,
        },
        1 => Traffic::Open {
            process: ArrivalProcess::Uniform,
            rate: get_rate(r)?,
        },
        _ => Traffic::Closed {
            users: r.u32()?,
            think_time: get_dist(r)?,
        },
    })
}

pub(super) fn get_rate(r: &mut Reader) -> WireResult<RateProfile> {
    Ok(match r.tag(4, "rate shape")? {
        0 => RateProfile::Constant { rps: r.num()? },
        1 => {
            let rps = r.num()?;
            let n = r.count(MAX_ITEMS, "rate steps")?;
            let mut steps = Vec::new();
            for _ in 0..n {
                steps.push(RateStep {
                    at_s: r.num()?,
                    rps: r.num()?,
                });
            }
            RateProfile::Steps { rps, steps }
        }
        2 => RateProfile::Ramp {
            from_rps: r.num()?,
            to_rps: r.num()?,
            start_s: r.num()?,
            end_s: r.num()?,
        },
        _ => RateProfile::Spike {
            base_rps: r.num()?,
            peak_rps: r.num()?,
            at_s: r.num()?,
            duration_s: r.num()?,
        },
    })
}

pub(super) fn get_keys(r: &mut Reader) -> WireResult<KeyDist> {
    Ok(match r.tag(2, "key distribution")? {
        0 => KeyDist::Uniform { count: r.u32()? },
        _ => KeyDist::Zipf {
            count: r.u32()?,
            s: r.num()?,
        },
    })
}

pub(super) fn get_retry(r: &mut Reader) -> WireResult<RetryPolicy> {
    Ok(RetryPolicy {
        max_retries: r.u32()?,
        base_backoff_ms: r.num()?,
        max_backoff_ms: r.num()?,
        jitter: match r.tag(3, "jitter")? {
            0 => Jitter::None,
            1 => Jitter::Full,
            _ => Jitter::Equal,
        },
    })
}

pub(super) fn get_strategy(r: &mut Reader) -> WireResult<LbStrategy> {
    Ok(match r.tag(6, "load-balancing strategy")? {
        0 => LbStrategy::RoundRobin,
        1 => LbStrategy::WeightedRoundRobin,
        2 => LbStrategy::LeastConnections,
        3 => LbStrategy::Random,
        4 => LbStrategy::HashKey,
        _ => LbStrategy::Sticky,
    })
}

pub(super) fn get_health_check(r: &mut Reader) -> WireResult<HealthCheck> {
    Ok(HealthCheck {
        enabled: r.bool()?,
        interval_ms: r.num()?,
        unhealthy_after: r.u32()?,
        healthy_after: r.u32()?,
        timeout_ms: 0.0,
    })
}

pub(super) fn get_cache_mode(r: &mut Reader) -> WireResult<CacheMode> {
    Ok(match r.tag(2, "cache policy")? {
        0 => CacheMode::Lru {
            capacity: r.u32()?,
            ttl_ms: r.num()?,
        },
        _ => CacheMode::FixedHitRatio {
            hit_ratio: r.num()?,
        },
    })
}

pub(super) fn put_writes(w: &mut Writer, x: &Writes) {
    w.uint(match x {
        Writes::Around => 0,
        Writes::Through => 1,
        Writes::Back => 2,
    });
}

pub(super) fn get_writes(r: &mut Reader) -> WireResult<Writes> {
    Ok(match r.tag(3, "write policy")? {
        0 => Writes::Around,
        1 => Writes::Through,
        _ => Writes::Back,
    })
}

pub(super) fn put_reads(w: &mut Writer, x: &Reads) {
    w.uint(match x {
        Reads::Through => 0,
        Reads::Aside => 1,
    });
}

pub(super) fn get_reads(r: &mut Reader) -> WireResult<Reads> {
    Ok(match r.tag(2, "read policy")? {
        0 => Reads::Through,
        _ => Reads::Aside,
    })
}

pub(super) fn get_eviction(r: &mut Reader) -> WireResult<Eviction> {
    Ok(match r.tag(4, "eviction policy")? {
        0 => Eviction::Lru,
        1 => Eviction::Lfu,
        2 => Eviction::Fifo,
        _ => Eviction::Random,
    })
}

pub(super) fn get_slo(r: &mut Reader) -> WireResult<Slo> {
    let d = SLO_DEFAULT;
    let m = Mask::read(r, 2)?;
    Ok(Slo {
        latency_ms: m.get(0, r, d.latency_ms, get_num)?,
        success_target: m.get(1, r, d.success_target, get_num)?,
    })
}

pub(super) fn get_run(r: &mut Reader) -> WireResult<RunSettings> {
    let d = RUN_DEFAULT;
    let m = Mask::read(r, 5)?;
    Ok(RunSettings {
        seed: m.get(0, r, d.seed, |r| r.uint())?,
        duration_s: m.get(1, r, d.duration_s, get_num)?,
        warmup_s: m.get(2, r, d.warmup_s, get_num)?,
        window_ms: m.get(3, r, d.window_ms, get_num)?,
        chaos: m.get(4, r, d.chaos, |r| r.bool())?,
    })
}
