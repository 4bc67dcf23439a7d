//! Link format v1: the scenario as compact bytes. Frozen: links made with it must open the
//! same way forever, so nothing here may change meaning — a new idea is a new format.
//!
//! Every enum is numbered by an explicit `match`, never by its declaration order, and the
//! defaults a field is compared with are copied here rather than taken from the model, so
//! that changing the model's defaults or reordering its variants cannot change what an old
//! link means. Structs are destructured field by field: adding a field to the model stops
//! this module compiling until someone decides what v1 links mean for it.
//!
//! ```text
//! scenario   = uint flags                       bit 0 version ≠ 1, 1 name, 2 description,
//!                                               3 connections, 4 faults, 5 network
//!              [uint version] [str name] [str description]
//!              count component* [count connection*] [count fault*] [network] run slo
//! network    = count (str name str region)*     the zones, then the crossing latencies
//!              uint mask field*
//! component  = uint head                        kind | label << 3 | has position << 5
//!                                               label: 0 empty, 1 same as id, 2 text
//!              str id [str label] [num x num y] [mtbf mttr] [str zone] params
//!                                               (head bit 6 failures, 10 zone)
//! params     = uint mask field*                 only the fields that differ from the v1
//!                                               default of the kind, in declaration order
//! connection = uint head ref from ref to        head bit 0 latency, 1 weight, 2 breaker,
//!              [dist latency] [uint weight]     3 optional, 4 route
//!              [breaker] [str route]
//! breaker    = uint window uint min_calls num failure_threshold num open_ms
//!              uint half_open_probes
//! ref        = uint i                           i > 0: the id of component i − 1;
//!                                               0: str id (one no component has)
//! fault      = num at_s uint head ...           head = action | flags << 3
//!                                               action 6 zone outage: flag 0 duration,
//!                                               flag 1 restore; str zone [num duration]
//!                                               action 7 is an extended fault: uint
//!                                               sub-code ... (0 reshard: ref router,
//!                                               uint shards; 1 partition replicas: ref
//!                                               database [num duration])
//! run, slo   = uint mask field*
//! dist       = uint shape num*                  0 constant, 1 exponential, 2 uniform,
//!                                               3 log-normal
//! ```
//!
//! Client parameters' mask bit 7 is the list of paths (`count (str path num weight uint
//! static)*`); bits 5 and 6 belong to other parameters and are refused here. Kinds 9 (CDN)
//! and 10 (API gateway) set bit 7 of the component head (their high kind bit).
//! Component head bit 9 is redundancy (`uint mode` then `num failover_ms` or `uint nodes`,
//! after the random failures); service parameters' mask bit 4 is the autoscaler.
//! Heartbeats: load balancer mask bit 2 (the health probe's timeout, `num` ms).
//! Vertical scaling: service and database mask bit 6 (the machine size, `uint` 0 custom,
//! 1 small … 4 xlarge) and extended fault 7.2 (resize: ref component, uint size, num
//! restart_s).
//! Sessions grew it too: client mask bit 8 (signed-in users, `uint`), service mask bit 5
//! (`uint` 0 none, 1 memory, 2 store) and load-balancing strategy 5 (sticky).
//!
//! `uint`, `num` and `str` are described in `wire.rs`.

use super::wire::{Reader, WireResult, Writer};
use crate::scenario::*;
use values::*;

/// The longest list a v1 link may hold: far beyond any diagram, small enough that a damaged
/// count cannot make the decoder allocate much.
mod values;

const MAX_ITEMS: usize = 65_536;

// --- The v1 defaults, frozen (copied from the model's defaults of November 2026) ---------

fn client_default() -> ClientParams {
    ClientParams {
        traffic: Traffic::Open {
            process: ArrivalProcess::Poisson,
            rate: RateProfile::Constant { rps: 100.0 },
        },
        read_ratio: 0.9,
        keys: KeyDist::Zipf {
            count: 10_000,
            s: 1.0,
        },
        timeout_ms: 1000.0,
        retry: RetryPolicy {
            max_retries: 0,
            base_backoff_ms: 100.0,
            max_backoff_ms: 2000.0,
            jitter: Jitter::Full,
        },
        retry_budget: None,
        idempotency_keys: false,
        paths: Vec::new(),
        signed_in_users: 0,
    }
}

fn load_balancer_default() -> LoadBalancerParams {
    LoadBalancerParams {
        strategy: LbStrategy::RoundRobin,
        health_check: HealthCheck {
            enabled: true,
            interval_ms: 1000.0,
            unhealthy_after: 2,
            healthy_after: 2,
            timeout_ms: 0.0,
        },
    }
}

fn service_default() -> ServiceParams {
    ServiceParams {
        instances: 1,
        workers: 8,
        service_time: Dist::Exponential { mean_ms: 20.0 },
        queue_capacity: 200,
        autoscale: None,
        sessions: Sessions::None,
        size: Size::Custom,
    }
}

fn cache_default() -> CacheParams {
    CacheParams {
        mode: CacheMode::Lru {
            capacity: 1000,
            ttl_ms: 60_000.0,
        },
        eviction: Eviction::Lru,
        latency: Dist::Constant { ms: 1.0 },
        fallback_when_down: false,
        coalesce: false,
        ttl_jitter: 0.0,
        reads: Reads::Through,
        writes: Writes::Around,
        flush_ms: 1000.0,
    }
}

fn database_default() -> DatabaseParams {
    DatabaseParams {
        connections: 20,
        read_time: Dist::Exponential { mean_ms: 5.0 },
        write_time: Dist::Exponential { mean_ms: 15.0 },
        queue_capacity: 500,
        max_wait_ms: 1000.0,
        replication: None,
        size: Size::Custom,
    }
}

/// The replication a database starts with when it is switched on (December 2026).
fn replication_default() -> Replication {
    Replication {
        replicas: 2,
        mode: ReplicationMode::Async,
        lag: Dist::Exponential { mean_ms: 50.0 },
        split_reads: true,
        balance: ReadBalance::RoundRobin,
        detection_ms: 5000.0,
        partition_mode: PartitionMode::Cp,
    }
}

fn rate_limiter_default() -> RateLimiterParams {
    RateLimiterParams {
        algorithm: RateLimit::TokenBucket {
            rate_rps: 100.0,
            burst: 20,
        },
        scope: LimitScope::Global,
    }
}

fn blob_storage_default() -> RemoteParams {
    RemoteParams {
        latency: Dist::LogNormal {
            median_ms: 25.0,
            sigma: 0.5,
        },
        error_rate: 0.0,
    }
}

fn external_api_default() -> RemoteParams {
    RemoteParams {
        latency: Dist::LogNormal {
            median_ms: 80.0,
            sigma: 0.8,
        },
        error_rate: 0.01,
    }
}

fn cdn_default() -> CdnParams {
    CdnParams {
        capacity: 10_000,
        ttl_ms: 300_000.0,
        edge_latency: Dist::Constant { ms: 5.0 },
        serve_stale: false,
    }
}

fn gateway_default() -> GatewayParams {
    GatewayParams {
        overhead: Dist::Exponential { mean_ms: 2.0 },
        workers: 0,
        queue_capacity: 1000,
        rate_limit: None,
    }
}

fn queue_default() -> QueueParams {
    QueueParams {
        capacity: 10_000,
        consumers: 4,
        consumer_time: Dist::Exponential { mean_ms: 50.0 },
        ack_latency: Dist::Constant { ms: 1.0 },
    }
}

fn shard_router_default() -> ShardRouterParams {
    ShardRouterParams {
        strategy: ShardStrategy::ConsistentHash { vnodes: 100 },
        active_shards: 0,
        key_space: 10_000,
        migration: Migration::FetchFromOld,
        migration_rate_kps: 0.0,
    }
}

const LINK_LATENCY_DEFAULT: Dist = Dist::Constant { ms: 1.0 };
const WEIGHT_DEFAULT: u32 = 1;

const RUN_DEFAULT: RunSettings = RunSettings {
    seed: 1,
    duration_s: 60.0,
    warmup_s: 0.0,
    window_ms: 1000.0,
    chaos: false,
};

const SLO_DEFAULT: Slo = Slo {
    latency_ms: 500.0,
    success_target: 0.99,
};

const VERSION_DEFAULT: u32 = 1;

fn dns_default() -> DnsParams {
    DnsParams {
        policy: DnsPolicy::RoundRobin,
        ttl_s: 30.0,
        resolution: Dist::Exponential { mean_ms: 20.0 },
    }
}

const CROSS_ZONE_DEFAULT: Dist = Dist::Constant { ms: 1.0 };
const CROSS_REGION_DEFAULT: Dist = Dist::Constant { ms: 40.0 };

// --- Encoding ------------------------------------------------------------------------------

/// The scenario as v1 bytes (before compression).
pub(crate) fn encode(s: &Scenario) -> Vec<u8> {
    let Scenario {
        version,
        name,
        description,
        components,
        connections,
        faults,
        run,
        slo,
        network,
    } = s;
    let Network {
        zones,
        cross_zone_latency,
        cross_region_latency,
    } = network;
    let has_network = !zones.is_empty()
        || !same_dist(cross_zone_latency, &CROSS_ZONE_DEFAULT)
        || !same_dist(cross_region_latency, &CROSS_REGION_DEFAULT);
    let mut w = Writer::default();
    let flags = u64::from(*version != VERSION_DEFAULT)
        | u64::from(!name.is_empty()) << 1
        | u64::from(!description.is_empty()) << 2
        | u64::from(!connections.is_empty()) << 3
        | u64::from(!faults.is_empty()) << 4
        | u64::from(has_network) << 5;
    w.uint(flags);
    if *version != VERSION_DEFAULT {
        w.uint(u64::from(*version));
    }
    if !name.is_empty() {
        w.str(name);
    }
    if !description.is_empty() {
        w.str(description);
    }
    let ids: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
    w.uint(components.len() as u64);
    for c in components {
        put_component(&mut w, c);
    }
    if !connections.is_empty() {
        w.uint(connections.len() as u64);
        for c in connections {
            put_connection(&mut w, &ids, c);
        }
    }
    if !faults.is_empty() {
        w.uint(faults.len() as u64);
        for f in faults {
            put_fault(&mut w, &ids, f);
        }
    }
    if has_network {
        w.uint(zones.len() as u64);
        for Zone { name, region } in zones {
            w.str(name);
            w.str(region);
        }
        let mut f = Fields::default();
        f.field(cross_zone_latency, &CROSS_ZONE_DEFAULT, put_dist);
        f.field(cross_region_latency, &CROSS_REGION_DEFAULT, put_dist);
        f.write(&mut w);
    }
    put_run(&mut w, run);
    put_slo(&mut w, slo);
    w.bytes
}

/// A mask of the fields that differ from their defaults, followed by those fields.
/// "Differ" compares encodings, so -0.0 is not mistaken for the default 0.0.
#[derive(Default)]
struct Fields {
    mask: u64,
    next_bit: u32,
    body: Writer,
}

impl Fields {
    fn field<T>(&mut self, value: &T, default: &T, put: fn(&mut Writer, &T)) {
        let mut mine = Writer::default();
        put(&mut mine, value);
        let mut theirs = Writer::default();
        put(&mut theirs, default);
        if mine.bytes != theirs.bytes {
            self.mask |= 1 << self.next_bit;
            self.body.bytes.extend_from_slice(&mine.bytes);
        }
        self.next_bit += 1;
    }

    fn write(self, w: &mut Writer) {
        w.uint(self.mask);
        w.bytes.extend_from_slice(&self.body.bytes);
    }
}

/// Whether two distributions have the same encoding (so -0.0 differs from 0.0).
fn same_dist(a: &Dist, b: &Dist) -> bool {
    let (mut x, mut y) = (Writer::default(), Writer::default());
    put_dist(&mut x, a);
    put_dist(&mut y, b);
    x.bytes == y.bytes
}

fn put_component(w: &mut Writer, c: &Component) {
    let Component {
        id,
        label,
        pos,
        params,
        failures,
        zone,
        redundancy,
    } = c;
    let kind: u64 = match params {
        Params::Client(_) => 0,
        Params::LoadBalancer(_) => 1,
        Params::Service(_) => 2,
        Params::Cache(_) => 3,
        Params::Database(_) => 4,
        Params::Queue(_) => 5,
        Params::RateLimiter(_) => 6,
        Params::BlobStorage(_) => 7,
        Params::ExternalApi(_) => 8,
        Params::Cdn(_) => 9,
        Params::ApiGateway(_) => 10,
        Params::Dns(_) => 11,
        Params::ShardRouter(_) => 12,
    };
    let label_mode = if label.is_empty() {
        0
    } else if label == id {
        1
    } else {
        2
    };
    let has_pos = pos.x.to_bits() != 0 || pos.y.to_bits() != 0;
    // Layout bits: 0-2 kind (low), 3-4 label, 5 position, 6 random failures, 7-8 kind
    // (high), 9 redundancy, 10 zone. Bits 6-10 came with the catalog; older links never set
    // them.
    w.uint(
        (kind & 7)
            | label_mode << 3
            | u64::from(has_pos) << 5
            | u64::from(failures.is_some()) << 6
            | (kind >> 3) << 7
            | u64::from(redundancy.is_some()) << 9
            | u64::from(zone.is_some()) << 10,
    );
    w.str(id);
    if label_mode == 2 {
        w.str(label);
    }
    if has_pos {
        w.num(pos.x);
        w.num(pos.y);
    }
    if let Some(RandomFailures { mtbf_s, mttr_s }) = failures {
        w.num(*mtbf_s);
        w.num(*mttr_s);
    }
    if let Some(zone) = zone {
        w.str(zone);
    }
    if let Some(r) = redundancy {
        put_redundancy(w, r);
    }
    let mut f = Fields::default();
    match params {
        Params::Client(p) => {
            let ClientParams {
                traffic,
                read_ratio,
                keys,
                timeout_ms,
                retry,
                retry_budget,
                idempotency_keys,
                paths,
                signed_in_users,
            } = p;
            let d = client_default();
            f.field(traffic, &d.traffic, put_traffic);
            f.field(read_ratio, &d.read_ratio, put_num);
            f.field(keys, &d.keys, put_keys);
            f.field(timeout_ms, &d.timeout_ms, put_num);
            f.field(retry, &d.retry, put_retry);
            // Bits 5 and 6 came with resilience, bit 7 with request paths; the retry
            // policy's own bytes are unchanged.
            f.field(retry_budget, &d.retry_budget, put_retry_budget);
            f.field(idempotency_keys, &d.idempotency_keys, put_bool);
            f.field(paths, &d.paths, put_paths);
            // Bit 8 (signed-in users) came with sessions; older links never set it.
            f.field(signed_in_users, &d.signed_in_users, put_u32);
        }
        Params::LoadBalancer(p) => {
            let LoadBalancerParams {
                strategy,
                health_check,
            } = p;
            let d = load_balancer_default();
            f.field(strategy, &d.strategy, put_strategy);
            // Bit 2 (the probe timeout) came with heartbeats; bit 1 holds the rest.
            let timeout_ms = health_check.timeout_ms;
            let rest = HealthCheck {
                timeout_ms: 0.0,
                ..*health_check
            };
            f.field(&rest, &d.health_check, put_health_check);
            f.field(&timeout_ms, &0.0, put_num);
        }
        Params::Service(p) => {
            let ServiceParams {
                instances,
                workers,
                service_time,
                queue_capacity,
                autoscale,
                sessions,
                size,
            } = p;
            let d = service_default();
            f.field(instances, &d.instances, put_u32);
            f.field(workers, &d.workers, put_u32);
            f.field(service_time, &d.service_time, put_dist);
            f.field(queue_capacity, &d.queue_capacity, put_u32);
            // Bit 4 (autoscale) came with the autoscaler; older links never set it.
            f.field(autoscale, &d.autoscale, put_autoscale);
            // Bit 5 (where sessions are kept) came with sessions.
            f.field(sessions, &d.sessions, put_sessions);
            // Bit 6 (the machine size) came with vertical scaling.
            f.field(size, &d.size, put_size);
        }
        Params::Cache(p) => {
            let CacheParams {
                mode,
                eviction,
                latency,
                fallback_when_down,
                coalesce,
                ttl_jitter,
                reads,
                writes,
                flush_ms,
            } = p;
            let d = cache_default();
            f.field(mode, &d.mode, put_cache_mode);
            f.field(latency, &d.latency, put_dist);
            f.field(fallback_when_down, &d.fallback_when_down, put_bool);
            // Bit 3 (the eviction policy) came with LFU, FIFO and random eviction; older
            // links never set it, and their caches evict the least recently used.
            f.field(eviction, &d.eviction, put_eviction);
            // Bits 4 and 5 (request coalescing, TTL jitter) came with stampede protection.
            f.field(coalesce, &d.coalesce, put_bool);
            f.field(ttl_jitter, &d.ttl_jitter, put_num);
            // Bits 6 and 7 (the write policy, write-back's flush delay) came with them.
            f.field(writes, &d.writes, put_writes);
            f.field(flush_ms, &d.flush_ms, put_num);
            // Bit 8 (cache-aside reads) came with them too.
            f.field(reads, &d.reads, put_reads);
        }
        Params::Database(p) => {
            let DatabaseParams {
                connections,
                read_time,
                write_time,
                queue_capacity,
                max_wait_ms,
                replication,
                size,
            } = p;
            let d = database_default();
            f.field(connections, &d.connections, put_u32);
            f.field(read_time, &d.read_time, put_dist);
            f.field(write_time, &d.write_time, put_dist);
            f.field(queue_capacity, &d.queue_capacity, put_u32);
            f.field(max_wait_ms, &d.max_wait_ms, put_num);
            // Bit 5 (added December 2026): replicas, present only when switched on.
            f.field(replication, &d.replication, |w, r| {
                if let Some(r) = r {
                    put_replication(w, r);
                }
            });
            // Bit 6 (the machine size) came with vertical scaling.
            f.field(size, &d.size, put_size);
        }
        Params::Queue(p) => {
            let QueueParams {
                capacity,
                consumers,
                consumer_time,
                ack_latency,
            } = p;
            let d = queue_default();
            f.field(capacity, &d.capacity, put_u32);
            f.field(consumers, &d.consumers, put_u32);
            f.field(consumer_time, &d.consumer_time, put_dist);
            f.field(ack_latency, &d.ack_latency, put_dist);
        }
        Params::RateLimiter(p) => {
            let RateLimiterParams { algorithm, scope } = p;
            let d = rate_limiter_default();
            f.field(algorithm, &d.algorithm, put_rate_limit);
            f.field(scope, &d.scope, |w, s| {
                w.uint(match s {
                    LimitScope::Global => 0,
                    LimitScope::PerClient => 1,
                })
            });
        }
        Params::BlobStorage(p) => put_remote(&mut f, p, &blob_storage_default()),
        Params::ExternalApi(p) => put_remote(&mut f, p, &external_api_default()),
        Params::Cdn(p) => {
            let CdnParams {
                capacity,
                ttl_ms,
                edge_latency,
                serve_stale,
            } = p;
            let d = cdn_default();
            f.field(capacity, &d.capacity, put_u32);
            f.field(ttl_ms, &d.ttl_ms, put_num);
            f.field(edge_latency, &d.edge_latency, put_dist);
            f.field(serve_stale, &d.serve_stale, |w, v| w.uint(u64::from(*v)));
        }
        Params::ApiGateway(p) => {
            let GatewayParams {
                overhead,
                workers,
                queue_capacity,
                rate_limit,
            } = p;
            let d = gateway_default();
            f.field(overhead, &d.overhead, put_dist);
            f.field(workers, &d.workers, put_u32);
            f.field(queue_capacity, &d.queue_capacity, put_u32);
            f.field(rate_limit, &d.rate_limit, |w, l| match l {
                None => w.uint(0),
                Some(l) => {
                    w.uint(1);
                    put_rate_limit(w, l);
                }
            });
        }
        Params::ShardRouter(p) => {
            let ShardRouterParams {
                strategy,
                active_shards,
                key_space,
                migration,
                migration_rate_kps,
            } = p;
            let d = shard_router_default();
            f.field(strategy, &d.strategy, put_shard_strategy);
            f.field(active_shards, &d.active_shards, put_u32);
            f.field(key_space, &d.key_space, put_u32);
            f.field(migration, &d.migration, put_migration);
            f.field(migration_rate_kps, &d.migration_rate_kps, put_num);
        }
        Params::Dns(p) => {
            let DnsParams {
                policy,
                ttl_s,
                resolution,
            } = p;
            let d = dns_default();
            f.field(policy, &d.policy, put_dns_policy);
            f.field(ttl_s, &d.ttl_s, put_num);
            f.field(resolution, &d.resolution, put_dist);
        }
    }
    f.write(w);
}

fn put_remote(f: &mut Fields, p: &RemoteParams, d: &RemoteParams) {
    let RemoteParams {
        latency,
        error_rate,
    } = p;
    f.field(latency, &d.latency, put_dist);
    f.field(error_rate, &d.error_rate, put_num);
}

fn get_remote(r: &mut Reader, d: RemoteParams) -> WireResult<RemoteParams> {
    let m = Mask::read(r, 2)?;
    Ok(RemoteParams {
        latency: m.get(0, r, d.latency, get_dist)?,
        error_rate: m.get(1, r, d.error_rate, get_num)?,
    })
}

/// A component id: the index of the first component with it, or the text when none has it
/// (a scenario being edited may point at a deleted component).
fn put_ref(w: &mut Writer, ids: &[&str], id: &str) {
    match ids.iter().position(|c| *c == id) {
        Some(i) => w.uint(i as u64 + 1),
        None => {
            w.uint(0);
            w.str(id);
        }
    }
}

fn put_connection(w: &mut Writer, ids: &[&str], c: &Connection) {
    let Connection {
        from,
        to,
        latency,
        weight,
        breaker,
        optional,
        route,
    } = c;
    let mut latency_bytes = Writer::default();
    put_dist(&mut latency_bytes, latency);
    let mut default_bytes = Writer::default();
    put_dist(&mut default_bytes, &LINK_LATENCY_DEFAULT);
    let has_latency = latency_bytes.bytes != default_bytes.bytes;
    let has_weight = *weight != WEIGHT_DEFAULT;
    // Bits 2 (breaker), 3 (optional) and 4 (route) came with the catalog; older links never
    // set them.
    w.uint(
        u64::from(has_latency)
            | u64::from(has_weight) << 1
            | u64::from(breaker.is_some()) << 2
            | u64::from(*optional) << 3
            | u64::from(route.is_some()) << 4,
    );
    put_ref(w, ids, from);
    put_ref(w, ids, to);
    if has_latency {
        w.bytes.extend_from_slice(&latency_bytes.bytes);
    }
    if has_weight {
        w.uint(u64::from(*weight));
    }
    if let Some(b) = breaker {
        put_breaker(w, b);
    }
    if let Some(route) = route {
        w.str(route);
    }
}

fn put_fault(w: &mut Writer, ids: &[&str], f: &FaultEntry) {
    let FaultEntry { at_s, fault } = f;
    w.num(*at_s);
    match fault {
        Fault::Crash {
            component,
            duration_s,
            mode,
        } => {
            let blackhole = match mode {
                CrashMode::FailFast => 0,
                CrashMode::Blackhole => 1,
            };
            w.uint(u64::from(duration_s.is_some()) << 3 | blackhole << 4);
            put_ref(w, ids, component);
            if let Some(d) = duration_s {
                w.num(*d);
            }
        }
        Fault::Recover { component } => {
            w.uint(1);
            put_ref(w, ids, component);
        }
        Fault::Slow {
            component,
            factor,
            duration_s,
        } => {
            w.uint(2 | u64::from(duration_s.is_some()) << 3);
            put_ref(w, ids, component);
            w.num(*factor);
            if let Some(d) = duration_s {
                w.num(*d);
            }
        }
        Fault::Partition {
            from,
            to,
            duration_s,
        } => {
            w.uint(3 | u64::from(duration_s.is_some()) << 3);
            put_ref(w, ids, from);
            put_ref(w, ids, to);
            if let Some(d) = duration_s {
                w.num(*d);
            }
        }
        Fault::Heal { from, to } => {
            w.uint(4);
            put_ref(w, ids, from);
            put_ref(w, ids, to);
        }
        Fault::TrafficSpike {
            client,
            factor,
            duration_s,
        } => {
            w.uint(5 | u64::from(client.is_some()) << 3);
            if let Some(c) = client {
                put_ref(w, ids, c);
            }
            w.num(*factor);
            w.num(*duration_s);
        }
        Fault::Reshard { component, shards } => {
            // Action 7 is an extended fault: a sub-code follows (0 = reshard).
            w.uint(7);
            w.uint(0);
            put_ref(w, ids, component);
            w.uint(u64::from(*shards));
        }

        Fault::PartitionReplicas {
            component,
            duration_s,
        } => {
            // Action 7, an extended fault: a sub-code follows the head (1 = data).
            w.uint(7 | u64::from(duration_s.is_some()) << 3);
            w.uint(1);
            put_ref(w, ids, component);
            if let Some(d) = duration_s {
                w.num(*d);
            }
        }
        Fault::Resize {
            component,
            size,
            restart_s,
        } => {
            // Action 7, an extended fault: sub-code 2 = resize.
            w.uint(7);
            w.uint(2);
            put_ref(w, ids, component);
            put_size(w, size);
            w.num(*restart_s);
        }
        Fault::ZoneOutage { zone, duration_s } => {
            w.uint(6 | u64::from(duration_s.is_some()) << 3);
            w.str(zone);
            if let Some(d) = duration_s {
                w.num(*d);
            }
        }
        Fault::ZoneRestore { zone } => {
            w.uint(6 | 2 << 3);
            w.str(zone);
        }
    }
}

// --- Decoding ------------------------------------------------------------------------------

/// Reads v1 bytes back into a scenario. Any byte string gives a scenario or an error, never
/// a panic; the scenario is well-formed but not necessarily valid.
pub(crate) fn decode(bytes: &[u8]) -> WireResult<Scenario> {
    let mut r = Reader::new(bytes);
    let flags = r.tag(1 << 6, "set of sections")?;
    let version = if flags & 1 != 0 {
        r.u32()?
    } else {
        VERSION_DEFAULT
    };
    let name = if flags & 2 != 0 {
        r.str()?
    } else {
        String::new()
    };
    let description = if flags & 4 != 0 {
        r.str()?
    } else {
        String::new()
    };
    let n = r.count(MAX_ITEMS, "components")?;
    let mut components = Vec::new();
    for _ in 0..n {
        components.push(get_component(&mut r)?);
    }
    let ids: Vec<String> = components.iter().map(|c| c.id.clone()).collect();
    let mut connections = Vec::new();
    if flags & 8 != 0 {
        let n = r.count(MAX_ITEMS, "connections")?;
        for _ in 0..n {
            connections.push(get_connection(&mut r, &ids)?);
        }
    }
    let mut faults = Vec::new();
    if flags & 16 != 0 {
        let n = r.count(MAX_ITEMS, "faults")?;
        for _ in 0..n {
            faults.push(get_fault(&mut r, &ids)?);
        }
    }
    let mut network = Network {
        zones: Vec::new(),
        cross_zone_latency: CROSS_ZONE_DEFAULT,
        cross_region_latency: CROSS_REGION_DEFAULT,
    };
    if flags & 32 != 0 {
        let n = r.count(MAX_ITEMS, "zones")?;
        for _ in 0..n {
            network.zones.push(Zone {
                name: r.str()?,
                region: r.str()?,
            });
        }
        let m = Mask::read(&mut r, 2)?;
        network.cross_zone_latency = m.get(0, &mut r, CROSS_ZONE_DEFAULT, get_dist)?;
        network.cross_region_latency = m.get(1, &mut r, CROSS_REGION_DEFAULT, get_dist)?;
    }
    let run = get_run(&mut r)?;
    let slo = get_slo(&mut r)?;
    r.finish()?;
    Ok(Scenario {
        version,
        name,
        description,
        components,
        connections,
        faults,
        run,
        slo,
        network,
    })
}

/// Reads the field mask of a struct with `n` fields; `has(i)` says whether field i follows.
struct Mask(u64);

impl Mask {
    fn read(r: &mut Reader, n: u32) -> WireResult<Mask> {
        Ok(Mask(r.tag(1 << n, "set of parameters")?))
    }

    fn get<T>(
        &self,
        bit: u32,
        r: &mut Reader,
        default: T,
        get: fn(&mut Reader) -> WireResult<T>,
    ) -> WireResult<T> {
        if self.0 & (1 << bit) != 0 {
            get(r)
        } else {
            Ok(default)
        }
    }
}

fn get_component(r: &mut Reader) -> WireResult<Component> {
    let head = r.tag(1 << 11, "component layout")?;
    let has_zone = head & (1 << 10) != 0;
    let kind = (head & 7) | ((head >> 7) & 3) << 3;
    let label_mode = (head >> 3) & 3;
    let has_pos = head & 32 != 0;
    let has_failures = head & 64 != 0;
    let id = r.str()?;
    let label = match label_mode {
        0 => String::new(),
        1 => id.clone(),
        2 => r.str()?,
        _ => return r.error("it names an unknown label layout"),
    };
    let pos = if has_pos {
        Pos {
            x: r.num()?,
            y: r.num()?,
        }
    } else {
        Pos::default()
    };
    let failures = if has_failures {
        Some(RandomFailures {
            mtbf_s: r.num()?,
            mttr_s: r.num()?,
        })
    } else {
        None
    };
    let zone = if has_zone { Some(r.str()?) } else { None };
    let redundancy = if head & (1 << 9) != 0 {
        Some(get_redundancy(r)?)
    } else {
        None
    };
    let params = match kind {
        0 => {
            let d = client_default();
            let m = Mask::read(r, 9)?;
            Params::Client(ClientParams {
                traffic: m.get(0, r, d.traffic, get_traffic)?,
                read_ratio: m.get(1, r, d.read_ratio, get_num)?,
                keys: m.get(2, r, d.keys, get_keys)?,
                timeout_ms: m.get(3, r, d.timeout_ms, get_num)?,
                retry: m.get(4, r, d.retry, get_retry)?,
                retry_budget: m.get(5, r, d.retry_budget, get_retry_budget)?,
                idempotency_keys: m.get(6, r, d.idempotency_keys, |r| r.bool())?,
                paths: m.get(7, r, d.paths, get_paths)?,
                signed_in_users: m.get(8, r, d.signed_in_users, get_u32)?,
            })
        }
        1 => {
            let d = load_balancer_default();
            let m = Mask::read(r, 3)?;
            let strategy = m.get(0, r, d.strategy, get_strategy)?;
            let mut health_check = m.get(1, r, d.health_check, get_health_check)?;
            health_check.timeout_ms = m.get(2, r, 0.0, get_num)?;
            Params::LoadBalancer(LoadBalancerParams {
                strategy,
                health_check,
            })
        }
        2 => {
            let d = service_default();
            let m = Mask::read(r, 7)?;
            Params::Service(ServiceParams {
                instances: m.get(0, r, d.instances, get_u32)?,
                workers: m.get(1, r, d.workers, get_u32)?,
                service_time: m.get(2, r, d.service_time, get_dist)?,
                queue_capacity: m.get(3, r, d.queue_capacity, get_u32)?,
                autoscale: m.get(4, r, d.autoscale, get_autoscale)?,
                sessions: m.get(5, r, d.sessions, get_sessions)?,
                size: m.get(6, r, d.size, get_size)?,
            })
        }
        3 => {
            let d = cache_default();
            let m = Mask::read(r, 9)?;
            Params::Cache(CacheParams {
                mode: m.get(0, r, d.mode, get_cache_mode)?,
                latency: m.get(1, r, d.latency, get_dist)?,
                fallback_when_down: m.get(2, r, d.fallback_when_down, |r| r.bool())?,
                eviction: m.get(3, r, d.eviction, get_eviction)?,
                coalesce: m.get(4, r, d.coalesce, |r| r.bool())?,
                ttl_jitter: m.get(5, r, d.ttl_jitter, get_num)?,
                writes: m.get(6, r, d.writes, get_writes)?,
                flush_ms: m.get(7, r, d.flush_ms, get_num)?,
                reads: m.get(8, r, d.reads, get_reads)?,
            })
        }
        4 => {
            let d = database_default();
            let m = Mask::read(r, 7)?;
            Params::Database(DatabaseParams {
                connections: m.get(0, r, d.connections, get_u32)?,
                read_time: m.get(1, r, d.read_time, get_dist)?,
                write_time: m.get(2, r, d.write_time, get_dist)?,
                queue_capacity: m.get(3, r, d.queue_capacity, get_u32)?,
                max_wait_ms: m.get(4, r, d.max_wait_ms, get_num)?,
                replication: m.get(5, r, d.replication, get_replication)?,
                size: m.get(6, r, d.size, get_size)?,
            })
        }
        5 => {
            let d = queue_default();
            let m = Mask::read(r, 4)?;
            Params::Queue(QueueParams {
                capacity: m.get(0, r, d.capacity, get_u32)?,
                consumers: m.get(1, r, d.consumers, get_u32)?,
                consumer_time: m.get(2, r, d.consumer_time, get_dist)?,
                ack_latency: m.get(3, r, d.ack_latency, get_dist)?,
            })
        }
        6 => {
            let d = rate_limiter_default();
            let m = Mask::read(r, 2)?;
            Params::RateLimiter(RateLimiterParams {
                algorithm: m.get(0, r, d.algorithm, get_rate_limit)?,
                scope: m.get(1, r, d.scope, |r| {
                    Ok(match r.tag(2, "rate-limit scope")? {
                        0 => LimitScope::Global,
                        _ => LimitScope::PerClient,
                    })
                })?,
            })
        }
        7 => Params::BlobStorage(get_remote(r, blob_storage_default())?),
        8 => Params::ExternalApi(get_remote(r, external_api_default())?),
        9 => {
            let d = cdn_default();
            let m = Mask::read(r, 4)?;
            Params::Cdn(CdnParams {
                capacity: m.get(0, r, d.capacity, get_u32)?,
                ttl_ms: m.get(1, r, d.ttl_ms, get_num)?,
                edge_latency: m.get(2, r, d.edge_latency, get_dist)?,
                serve_stale: m.get(3, r, d.serve_stale, |r| r.bool())?,
            })
        }
        10 => {
            let d = gateway_default();
            let m = Mask::read(r, 4)?;
            Params::ApiGateway(GatewayParams {
                overhead: m.get(0, r, d.overhead, get_dist)?,
                workers: m.get(1, r, d.workers, get_u32)?,
                queue_capacity: m.get(2, r, d.queue_capacity, get_u32)?,
                rate_limit: m.get(3, r, d.rate_limit, |r| {
                    Ok(match r.tag(2, "gateway rate limit")? {
                        0 => None,
                        _ => Some(get_rate_limit(r)?),
                    })
                })?,
            })
        }
        11 => {
            let d = dns_default();
            let m = Mask::read(r, 3)?;
            Params::Dns(DnsParams {
                policy: m.get(0, r, d.policy, get_dns_policy)?,
                ttl_s: m.get(1, r, d.ttl_s, get_num)?,
                resolution: m.get(2, r, d.resolution, get_dist)?,
            })
        }
        12 => {
            let d = shard_router_default();
            let m = Mask::read(r, 5)?;
            Params::ShardRouter(ShardRouterParams {
                strategy: m.get(0, r, d.strategy, get_shard_strategy)?,
                active_shards: m.get(1, r, d.active_shards, get_u32)?,
                key_space: m.get(2, r, d.key_space, get_u32)?,
                migration: m.get(3, r, d.migration, get_migration)?,
                migration_rate_kps: m.get(4, r, d.migration_rate_kps, get_num)?,
            })
        }
        _ => return r.error(&format!("it names an unknown kind of component ({kind})")),
    };
    Ok(Component {
        id,
        label,
        pos,
        params,
        failures,
        zone,
        redundancy,
    })
}

fn get_ref(r: &mut Reader, ids: &[String]) -> WireResult<String> {
    match r.uint()? {
        0 => r.str(),
        i => match usize::try_from(i - 1).ok().and_then(|i| ids.get(i)) {
            Some(id) => Ok(id.clone()),
            None => r.error(&format!(
                "it refers to component {i}, which it does not have"
            )),
        },
    }
}

fn get_connection(r: &mut Reader, ids: &[String]) -> WireResult<Connection> {
    let head = r.tag(1 << 5, "connection layout")?;
    let from = get_ref(r, ids)?;
    let to = get_ref(r, ids)?;
    let latency = if head & 1 != 0 {
        get_dist(r)?
    } else {
        LINK_LATENCY_DEFAULT
    };
    let weight = if head & 2 != 0 {
        r.u32()?
    } else {
        WEIGHT_DEFAULT
    };
    let breaker = if head & 4 != 0 {
        Some(get_breaker(r)?)
    } else {
        None
    };
    let route = if head & 16 != 0 { Some(r.str()?) } else { None };
    Ok(Connection {
        from,
        to,
        latency,
        weight,
        breaker,
        optional: head & 8 != 0,
        route,
    })
}

fn get_fault(r: &mut Reader, ids: &[String]) -> WireResult<FaultEntry> {
    let at_s = r.num()?;
    let head = r.tag(1 << 5, "fault layout")?;
    let (action, flags) = (head & 7, head >> 3);
    // Only the flags an action defines may be set: a damaged byte is refused, not ignored.
    let allowed = match action {
        0 => 3,
        2 | 3 | 5 | 7 => 1,
        // A zone outage may last a while; a restore (flag 1) has no duration.
        6 if flags & 2 != 0 => 2,
        6 => 1,
        _ => 0,
    };
    // Every action 0-7 is defined (5 is a traffic spike, 7 an extended fault).
    if flags & !allowed != 0 {
        return r.error(&format!("it names an unknown kind of fault ({head})"));
    }
    let duration = |r: &mut Reader| -> WireResult<Option<f64>> {
        if flags & 1 != 0 {
            Ok(Some(r.num()?))
        } else {
            Ok(None)
        }
    };
    let fault = match action {
        0 => {
            let component = get_ref(r, ids)?;
            Fault::Crash {
                component,
                duration_s: duration(r)?,
                mode: if flags & 2 != 0 {
                    CrashMode::Blackhole
                } else {
                    CrashMode::FailFast
                },
            }
        }
        1 => Fault::Recover {
            component: get_ref(r, ids)?,
        },
        2 => Fault::Slow {
            component: get_ref(r, ids)?,
            factor: r.num()?,
            duration_s: duration(r)?,
        },
        3 => Fault::Partition {
            from: get_ref(r, ids)?,
            to: get_ref(r, ids)?,
            duration_s: duration(r)?,
        },
        4 => Fault::Heal {
            from: get_ref(r, ids)?,
            to: get_ref(r, ids)?,
        },
        7 => match r.uint()? {
            0 => Fault::Reshard {
                component: get_ref(r, ids)?,
                shards: r.u32()?,
            },
            1 => Fault::PartitionReplicas {
                component: get_ref(r, ids)?,
                duration_s: duration(r)?,
            },
            2 if flags == 0 => Fault::Resize {
                component: get_ref(r, ids)?,
                size: get_size(r)?,
                restart_s: r.num()?,
            },
            code => return r.error(&format!("it names an unknown kind of fault (7.{code})")),
        },
        6 if flags & 2 != 0 => Fault::ZoneRestore { zone: r.str()? },
        6 => Fault::ZoneOutage {
            zone: r.str()?,
            duration_s: duration(r)?,
        },
        _ => Fault::TrafficSpike {
            client: if flags & 1 != 0 {
                Some(get_ref(r, ids)?)
            } else {
                None
            },
            factor: r.num()?,
            duration_s: r.num()?,
        },
    };
    Ok(FaultEntry { at_s, fault })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The frozen defaults start out equal to the model's, so a freshly placed component
    /// costs almost nothing in a link. (If the model's defaults change later, links stay
    /// correct, only a little longer; then update this test, never the frozen values.)
    #[test]
    fn frozen_defaults_match_the_model_of_format_v1() {
        assert_eq!(
            Kind::Client.default_params(),
            Params::Client(client_default())
        );
        assert_eq!(
            Kind::LoadBalancer.default_params(),
            Params::LoadBalancer(load_balancer_default())
        );
        assert_eq!(
            Kind::Service.default_params(),
            Params::Service(service_default())
        );
        assert_eq!(Kind::Cache.default_params(), Params::Cache(cache_default()));
        assert_eq!(
            Kind::Database.default_params(),
            Params::Database(database_default())
        );
        assert_eq!(Kind::Queue.default_params(), Params::Queue(queue_default()));
        assert_eq!(
            Kind::RateLimiter.default_params(),
            Params::RateLimiter(rate_limiter_default())
        );
        assert_eq!(
            Kind::BlobStorage.default_params(),
            Params::BlobStorage(blob_storage_default())
        );
        assert_eq!(
            Kind::ExternalApi.default_params(),
            Params::ExternalApi(external_api_default())
        );
        assert_eq!(Kind::Cdn.default_params(), Params::Cdn(cdn_default()));
        assert_eq!(
            Kind::ApiGateway.default_params(),
            Params::ApiGateway(gateway_default())
        );

        assert_eq!(
            Kind::ShardRouter.default_params(),
            Params::ShardRouter(shard_router_default())
        );
        assert_eq!(Kind::Dns.default_params(), Params::Dns(dns_default()));
        let net = Network::default();
        assert_eq!(net.cross_zone_latency, CROSS_ZONE_DEFAULT);
        assert_eq!(net.cross_region_latency, CROSS_REGION_DEFAULT);
        assert_eq!(RunSettings::default(), RUN_DEFAULT);
        assert_eq!(Slo::default(), SLO_DEFAULT);
        assert_eq!(Connection::new("a", "b").latency, LINK_LATENCY_DEFAULT);
    }

    #[test]
    fn a_default_component_takes_a_few_bytes() {
        let c = Component {
            id: "service-1".into(),
            label: "Service 1".into(),
            pos: Pos { x: 400.0, y: 240.0 },
            params: Kind::Service.default_params(),
            failures: None,
            zone: None,
            redundancy: None,
        };
        let mut w = Writer::default();
        put_component(&mut w, &c);
        // head, id (10), label (10), x, y (2 each at most), mask
        assert!(
            w.bytes.len() <= 1 + 10 + 10 + 4 + 1,
            "{} bytes",
            w.bytes.len()
        );
    }

    /// An autoscaler and redundancy use bits an archsim from before them refuses: its
    /// decoder accepted component heads below 2^9 and service masks below 2^4.
    #[test]
    fn autoscaling_and_redundancy_use_bits_older_decoders_refuse() {
        let service = ServiceParams {
            autoscale: Some(Autoscale::default()),
            ..Default::default()
        };
        let c = Component {
            id: "api".into(),
            label: String::new(),
            pos: Pos::default(),
            params: Params::Service(service),
            failures: None,
            redundancy: None,
            zone: None,
        };
        let mut w = Writer::default();
        put_component(&mut w, &c);
        // head 2 (service), id "api" (length + 3 bytes), then the mask: bit 4 only.
        assert_eq!(w.bytes[0], 2);
        assert_eq!(w.bytes[5], 1 << 4, "{:?}", w.bytes);
        let db = Component {
            id: "db".into(),
            label: String::new(),
            pos: Pos::default(),
            params: Kind::Database.default_params(),
            failures: None,
            redundancy: Some(Redundancy::ActiveActive { nodes: 3 }),
            zone: None,
        };
        let mut w = Writer::default();
        put_component(&mut w, &db);
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.uint().ok(), Some(4 | 1 << 9), "kind 4 with bit 9");
        let mut r = Reader::new(&w.bytes);
        assert_eq!(get_component(&mut r).ok(), Some(db));
        // Without them, a component is written exactly as before (no new bit, no byte).
        let plain = Component {
            id: "db".into(),
            label: String::new(),
            pos: Pos::default(),
            params: Kind::Database.default_params(),
            failures: None,
            redundancy: None,
            zone: None,
        };
        let mut w = Writer::default();
        put_component(&mut w, &plain);
        assert_eq!(w.bytes, vec![4, 2, b'd', b'b', 0]);
    }

    #[test]
    fn unknown_tags_and_trailing_bytes_are_refused() {
        let empty = encode(&Scenario {
            version: 1,
            name: String::new(),
            description: String::new(),
            components: Vec::new(),
            connections: Vec::new(),
            faults: Vec::new(),
            run: RUN_DEFAULT,
            slo: SLO_DEFAULT,
            network: Network::default(),
        });
        assert_eq!(empty, vec![0, 0, 0, 0]);
        assert!(decode(&empty).is_ok());
        assert!(decode(&[0, 0, 0, 0, 0]).is_err(), "trailing byte");
        assert!(decode(&[0x40, 0, 0, 0]).is_err(), "unknown section");
        // Head 133 (0x85 0x01) is kind 13 (bit 7 set, kind low bits 5): no such kind here.
        assert!(
            decode(&[0, 1, 0x85, 0x01, 0, 0, 0, 0]).is_err(),
            "unknown kind 13"
        );
        assert!(decode(&[0, 0, 0]).is_err(), "cut short");
    }

    #[test]
    fn the_zone_bits_are_read_and_the_ones_this_decoder_lacks_are_refused() {
        // One Service "a" (kind 2, label 0) with a zone "z": head bit 10 → 0x402.
        let zoned = [0, 1, 0x82, 0x08, 1, b'a', 1, b'z', 0, 0, 0];
        let s = decode(&zoned).expect("a zoned component");
        assert_eq!(s.components[0].zone.as_deref(), Some("z"));
        // The same with bit 9 (redundancy, not in this decoder) is refused, not ignored.
        assert!(decode(&[0, 1, 0x82, 0x0c, 1, b'a', 1, b'z', 0, 0, 0]).is_err());
        // A DNS is kind 11: low bits 3, bit 7.
        let dns = decode(&[0, 1, 0x83, 0x01, 1, b'd', 0, 0, 0]).expect("a DNS");
        assert_eq!(dns.components[0].params, Kind::Dns.default_params());
        // Scenario flag 5: a network section with one zone and default latencies.
        let net = decode(&[32, 0, 1, 1, b'z', 1, b'r', 0, 0, 0]).expect("a network");
        assert_eq!(net.network.zones[0].region, "r");
        assert!(decode(&[64, 0, 0, 0]).is_err(), "flag 6 is nobody's yet");
        // Faults need a component list first: one client "c".
        let fault = |head: u8| vec![16, 1, 0, 1, b'c', 0, 1, 9, head, 1, b'z', 0, 0];
        let outage = decode(&fault(6)).expect("a zone outage");
        assert_eq!(
            outage.faults[0].fault,
            Fault::ZoneOutage {
                zone: "z".into(),
                duration_s: None
            }
        );
        let restore = decode(&fault(6 | 2 << 3)).expect("a zone restore");
        assert_eq!(
            restore.faults[0].fault,
            Fault::ZoneRestore { zone: "z".into() }
        );
        assert!(
            decode(&fault(6 | 3 << 3)).is_err(),
            "a restore has no duration"
        );
        // Action 7 (extended) is read too: sub-code 0 is a reshard, an unknown one is refused.
        let ext = |sub: u8| vec![16, 1, 0, 1, b'c', 0, 1, 9, 7, sub, 1, 3, 0, 0];
        assert_eq!(
            decode(&ext(0)).expect("a reshard").faults[0].fault,
            Fault::Reshard {
                component: "c".into(),
                shards: 3
            }
        );
        assert!(decode(&ext(9)).is_err(), "unknown extended fault 7.9");
    }
}
