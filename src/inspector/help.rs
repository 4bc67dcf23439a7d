//! The one-sentence explanations the palette and the inspector show: what a concept is and
//! what changing it does (drawn from the course notes on scalability, caching, queues,
//! load balancing and reliability).

/// The explanation of one parameter, by its inspector key (`kind.field`).
pub fn field(key: &str) -> &'static str {
    match key {
        "client.model" => {
            "Open: requests arrive at a set rate regardless of how the system copes (internet \
             traffic). Closed: a fixed number of users who wait for an answer, then think."
        }
        "client.process" => {
            "Poisson arrivals come in random bursts like real users; uniform arrivals are evenly \
             spaced, which hides queueing effects."
        }
        "client.shape" => {
            "How the arrival rate changes over the run: constant, a ramp, or a spike — the way \
             to see when a design reaches its breaking point."
        }
        "client.rps" | "client.base_rps" | "client.from_rps" => {
            "Requests per second. As utilization nears 100 % waiting time grows without bound, \
             so doubling the rate can multiply latency."
        }
        "client.peak_rps" | "client.to_rps" => {
            "The rate at the peak. Compare it with the capacity of the slowest component: that \
             bottleneck decides the maximum throughput."
        }
        "client.at_s" | "client.start_s" => {
            "When the change in traffic begins, in simulated seconds."
        }
        "client.duration_s" | "client.end_s" => "How long the peak lasts, or when the ramp ends.",
        "client.users" => {
            "Concurrent users in a closed loop. More users raise throughput until the bottleneck \
             saturates; after that only latency grows."
        }
        "client.think_ms" => {
            "Mean pause between a user's answer and their next request; shorter thinking means \
             more load from the same users."
        }
        "client.read_ratio" => {
            "Share of requests that are reads. Caches only help reads, so a read-heavy workload \
             (10:1 or more) is where caching pays off."
        }
        "client.keys" => {
            "How many distinct keys are touched. With more keys a fixed-size cache holds a smaller \
             share of them and the hit ratio falls."
        }
        "client.zipf_s" => {
            "Skew of key popularity (Zipf). Higher skew means a few hot keys get most traffic — \
             great for caches, bad for a single shard."
        }
        "client.timeout_ms" => {
            "The client gives up after this long. A timeout does not mean the work was not done: \
             the server may still finish it and the answer is lost."
        }
        "client.max_retries" => {
            "Retries hide brief failures but multiply load on a struggling system; without limits \
             they turn a slowdown into an outage (a retry storm)."
        }
        "client.base_backoff_ms" => {
            "Wait before the first retry; it doubles on each further retry so a struggling \
             service gets room to recover."
        }
        "client.max_backoff_ms" => "The longest wait between two attempts, however many retries.",
        "client.retry_budget" => {
            "Caps retries at a share of recent first attempts, so an outage does not multiply \
             the load by the number of retries (a retry storm)."
        }
        "client.budget_ratio" => {
            "Retries allowed per first attempt in the window, e.g. 20 % (Finagle's default)."
        }
        "client.budget_floor" => "Retries always allowed per second, even when traffic is low.",
        "client.budget_window_ms" => "How far back the budget counts attempts and retries.",
        "client.idempotency_keys" => {
            "Each request carries a key; a database that already applied the write recognises a \
             retry and does not apply it twice (no double charge)."
        }
        "client.jitter" => {
            "Randomising the backoff spreads retries out, so clients that failed together do not \
             all retry at the same instant."
        }
        "lb.strategy" => {
            "Round robin takes turns; weighted sends more to bigger servers; least connections \
             favours the least busy; hashing pins a key to one backend."
        }
        "lb.health" => {
            "Health checks probe each backend and take failing ones out of rotation, so traffic \
             is automatically routed to healthy servers."
        }
        "lb.interval_ms" => {
            "Time between checks: shorter intervals notice a crash sooner but cost more probes."
        }
        "lb.unhealthy_after" => {
            "Consecutive failed checks before a backend is taken out: higher is more tolerant of \
             blips but sends traffic to a dead server for longer."
        }
        "lb.healthy_after" => {
            "Consecutive good checks before a recovered backend gets traffic again."
        }
        "service.instances" => {
            "Horizontal scaling: more identical instances behind the same queue add capacity \
             without making any single request faster."
        }
        "service.workers" => {
            "Threads per instance. A worker stays busy while it waits for downstream calls, so \
             slow dependencies use up workers."
        }
        "service.service_time" => {
            "Compute time per request. Capacity ≈ instances × workers ÷ service time; halving it \
             doubles what the service can take."
        }
        "service.queue_capacity" => {
            "Requests that may wait for a worker. A longer queue absorbs bursts but adds waiting \
             time; when full, requests are rejected."
        }
        "cache.policy" => {
            "LRU evicts the least recently used entry, so the hit ratio emerges from the key \
             pattern; a fixed hit ratio is for what-if teaching."
        }
        "cache.capacity" => {
            "Entries the cache holds. More entries raise the hit ratio until the working set \
             fits; beyond that, extra memory buys nothing."
        }
        "cache.ttl_ms" => {
            "Time to live: entries expire after this long. A short TTL keeps data fresher but \
             sends more reads to the database."
        }
        "cache.hit_ratio" => {
            "Share of reads answered from the cache; every miss costs a round trip to the store \
             behind it."
        }
        "cache.fallback" => {
            "Graceful degradation: while the cache is down, reads go straight to the store behind \
             it — slower, but still answered."
        }
        "cache.latency" => {
            "Time to answer a lookup, hit or miss — usually far below a database query."
        }
        "db.connections" => {
            "Queries served at once (the connection pool). Too few and queries queue; more than \
             the database can run in parallel only adds contention."
        }
        "db.read_time" => {
            "Time of one read query. Reads are what caches and read replicas take off the \
             database."
        }
        "db.write_time" => {
            "Time of one write query. Writes must reach the primary, so they decide how far a \
             single database scales."
        }
        "db.queue_capacity" => {
            "Queries that may wait for a free connection; the next one is rejected."
        }
        "db.max_wait_ms" => {
            "A query that waited longer than this for a connection fails — failing fast instead \
             of piling up."
        }
        "db.replication" => {
            "A primary takes the writes and copies them to read replicas, which take the reads \
             off it. Each node has this pool and these query times."
        }
        "db.replicas" => "Read replicas beside the primary; read capacity grows with them.",
        "db.replication_mode" => {
            "Sync: a write answers after every replica has it. Semi-sync: after one has. Async: \
             at once — fast, but replicas lag."
        }
        "db.lag" => {
            "Time for a write to reach a replica, which applies writes in order. A read of a key \
             written within it is stale; a crash loses what had not arrived."
        }
        "db.split_reads" => "Reads go to the replicas, writes always to the primary.",
        "db.balance" => "Which replica takes a read: in turn, or the one with the fewest queries.",
        "db.detection_ms" => {
            "How long until a dead or unreachable primary is noticed and the most up-to-date \
             replica is promoted. Writes fail meanwhile."
        }
        "db.partition_mode" => {
            "CAP: CP refuses what it cannot prove fresh (errors, no conflicts); AP keeps serving \
             (stale reads, conflicting writes)."
        }
        "queue.capacity" => {
            "Messages the queue can hold. It absorbs bursts up to this size; a message arriving \
             at a full queue is dropped."
        }
        "queue.consumers" => {
            "Consumers working in parallel. Add consumers to drain a backlog faster — if what \
             they call downstream can take it."
        }
        "queue.consumer_time" => {
            "Time one consumer spends on one message before calling downstream."
        }
        "queue.ack_latency" => {
            "Time to accept and acknowledge a message; the producer only waits this long, not for \
             the processing."
        }
        "rl.algorithm" => {
            "Token bucket allows bursts up to the bucket size; leaky bucket smooths to a steady \
             rate; window counters cap requests per window, sliding ones without edge bursts."
        }
        "rl.rate_rps" => {
            "Requests per second let through in the long run: tokens drip in, or the queue \
             drains, at this rate."
        }
        "rl.burst" => {
            "Tokens the bucket holds: after a quiet spell this many requests may pass at once."
        }
        "rl.queue" => {
            "Requests that may wait in the bucket to leak out; when it overflows they get a 429."
        }
        "rl.limit" => "Requests allowed per window; the next one in the same window gets a 429.",
        "rl.window_ms" => {
            "Length of the window. Fixed windows reset at each boundary, so up to twice the \
             limit can pass around one; sliding windows avoid that."
        }
        "client.paths" => {
            "Request classes: the paths clients ask for, with their share of the traffic. Static \
             paths (images, scripts) can be cached at a CDN; an API gateway routes by path. \
             Without paths every read counts as static."
        }
        "cdn.capacity" => {
            "Objects the edge keeps (an object is a path plus a key); the least recently used \
             is evicted first. The hit ratio grows with capacity until the hot set fits."
        }
        "cdn.ttl_ms" => {
            "How long a copy stays fresh after the edge fetched it. Longer TTLs offload more \
             from the origin but serve older content."
        }
        "cdn.edge_latency" => {
            "Time for the edge to answer a hit, or to decide to go to the origin: small, because \
             the edge is close to the user."
        }
        "cdn.serve_stale" => {
            "When the origin fails, answer static reads with the copy the edge still holds even \
             if it expired — stale content instead of an error."
        }
        "gw.overhead" => {
            "Authentication, validation and logging done once at the gateway for every request, \
             instead of in every service."
        }
        "gw.workers" => {
            "Requests the gateway checks at once; 0 means no limit. With a pool, checks queue \
             when all workers are busy."
        }
        "gw.queue_capacity" => {
            "Requests that may wait for a gateway worker; the next one is rejected."
        }
        "gw.rate_limit" => {
            "A built-in limit at the gateway, where rate limiters usually sit: requests over it \
             are answered 429 before any check or backend is used."
        }
        "conn.route" => {
            "The path prefix the API gateway sends over this connection: '/api/orders' takes \
             '/api/orders' and '/api/orders/7'. Leave empty for the default route; a path no \
             route takes gets 404."
        }
        "rl.scope" => {
            "Global: one limit shared by all callers. Per client: each client gets its own limit, \
             so one noisy client cannot starve the others."
        }
        "remote.latency" => {
            "Time to answer, network included. Requests are served in parallel: there is no \
             queue, only this delay."
        }
        "remote.error_rate" => {
            "Share of requests answered with an error; each fails the request that needed it \
             (a dependency error) unless the client retries."
        }
        "shard.strategy" => {
            "Hash mod N spreads keys evenly but moves almost all of them when N changes; \
             consistent hashing moves only about 1/N; ranges keep neighbours together; a \
             directory is a lookup table."
        }
        "shard.vnodes" => {
            "Points per shard on the hash ring. More virtual nodes split the ring more evenly \
             (the spread shrinks like 1/√vnodes)."
        }
        "shard.boundaries" => {
            "First key of each shard after the first, e.g. 2500, 5000, 7500. Empty splits the \
             key space evenly. Sequentially hot keys make the first range hot."
        }
        "shard.lookup_ms" => {
            "Time to consult the directory on every request: the price of deciding placement \
             key by key."
        }
        "shard.active_shards" => {
            "The first N connections are live shards; the others are spares a reshard brings \
             in. 0 uses every connection."
        }
        "shard.key_space" => {
            "Keys 0 to this − 1: what range sharding splits and what a reshard's moved share is \
             counted over. Match the client's key count."
        }
        "shard.migration" => {
            "A moved key misses at its new shard until migrated: fetch it from the old shard \
             (one extra call), or wait a fixed copy penalty."
        }
        "shard.penalty_ms" => "Extra wait of the first request for each moved key.",
        "shard.migration_rate_kps" => {
            "After a reshard, moved keys copied per second in the background, so fewer \
             requests miss. 0 migrates a key only when it is first requested."
        }
        "failures.enabled" => {
            "Random crashes and repairs while the chaos switch of the run is on: hardware and \
             software fail routinely at scale."
        }
        "failures.mtbf_s" => {
            "Mean time between failures: how long it runs, on average, before it crashes. \
             Higher means rarer failures."
        }
        "failures.mttr_s" => {
            "Mean time to repair: how long it stays down, on average. Lower means faster \
             recovery."
        }
        "autoscale.enabled" => {
            "Adds servers when busy, removes them when idle (Kubernetes' rule: instances × \
             utilization ÷ target, rounded up)."
        }
        "autoscale.min_instances" => {
            "Never fewer instances than this, however quiet: headroom for the next burst."
        }
        "autoscale.max_instances" => {
            "Never more than this: a cost cap. At the cap, extra load queues as without scaling."
        }
        "autoscale.target_utilization" => {
            "The busy share of workers it aims for. Lower leaves headroom for bursts and costs \
             more servers."
        }
        "autoscale.interval_s" => {
            "How often it measures the last interval's utilization and decides."
        }
        "autoscale.cooldown_s" => {
            "After scaling, no further action for this long, so it does not flap on noise."
        }
        "autoscale.warmup_s" => {
            "Time a new instance needs to boot before it takes work: the lag behind a spike."
        }
        "redundancy.mode" => {
            "Active-passive: a standby takes over after a failover. Active-active: every node \
             serves; down only when all are."
        }
        "redundancy.standby" => {
            "Hot: running and in sync, fails over in seconds. Cold: must start first, takes \
             longer and starts with empty state."
        }
        "redundancy.failover_ms" => {
            "Time from the active node's crash until the standby serves; requests fail meanwhile."
        }
        "redundancy.nodes" => {
            "Nodes sharing the work; each fails on its own. Survivors carry on with their share \
             of the capacity."
        }
        "run.chaos" => {
            "Chaos on: components with random failures crash and recover at random (from the \
             seed, so the run still replays exactly)."
        }
        "dns.policy" => {
            "Round robin and weighted answer without looking at health; failover answers the \
             first healthy target; geo the healthy one in the client's region, else the nearest."
        }
        "dns.ttl_s" => {
            "How long a client keeps an answer. Longer means fewer lookups, but slower failover: \
             a client keeps using a dead target until its answer expires."
        }
        "dns.resolution" => {
            "Time a lookup takes. Only requests whose client's answer has expired pay it."
        }
        "dns.check_interval_ms" => "Time between the DNS's health checks of its targets.",
        "dns.detection_ms" => {
            "How long a target must be seen down before the DNS leaves it out of its answers."
        }
        "component.zone" => {
            "The availability zone it runs in. Crossing zones or regions adds latency, and a zone \
             outage takes down everything in the zone."
        }
        "net.zone" => {
            "An availability zone: an isolated data centre. Zones in one region are close; \
             regions are far apart."
        }
        "net.cross_zone_latency" => {
            "One-way latency added to a connection between two zones of the same region."
        }
        "net.cross_region_latency" => {
            "One-way latency added to a connection between two regions, each way."
        }
        "conn.latency" => {
            "One-way network delay on this link, paid by the request and again by the response."
        }
        "conn.weight" => {
            "Share of traffic this backend gets from a weighted round-robin load balancer."
        }
        "conn.breaker" => {
            "A circuit breaker fails calls at once when this dependency keeps failing, so it is \
             not hammered while it is down and callers do not wait on it (prevents cascading \
             failures)."
        }
        "conn.breaker.window" => "How many of the latest calls the failure share is measured over.",
        "conn.breaker.min_calls" => "The breaker never trips on fewer calls than this.",
        "conn.breaker.failure_threshold" => {
            "Share of failed calls (errors and timeouts) in the window that trips it open."
        }
        "conn.breaker.open_ms" => {
            "How long it stays open, failing every call at once, before trying again."
        }
        "conn.breaker.half_open_probes" => {
            "Trial calls let through after the open time: all must succeed to close it; one \
             failure opens it again."
        }
        "conn.optional" => {
            "Graceful degradation: when this call fails, the caller carries on without it and \
             its answer counts as degraded instead of failed."
        }
        "run.seed" => {
            "All randomness comes from the seed: the same seed replays the same run exactly."
        }
        "run.duration_s" => "Simulated seconds the run lasts.",
        "run.warmup_s" => {
            "Seconds at the start left out of whole-run statistics, while queues and caches fill."
        }
        "run.window_ms" => {
            "Length of one metrics window: each chart point and uptime tick is one window."
        }
        "slo.latency_ms" => {
            "A request counts as good when it succeeds within this latency (the SLO threshold)."
        }
        "slo.success_target" => {
            "A window is up when at least this share of its requests were good; uptime is the \
             share of windows that were up."
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_short_enough_for_the_inspector() {
        for key in [
            "client.timeout_ms",
            "cache.ttl_ms",
            "queue.consumers",
            "lb.strategy",
            "rl.algorithm",
            "rl.scope",
            "remote.error_rate",
            "failures.mtbf_s",
            "failures.mttr_s",
            "run.chaos",
            "shard.strategy",
            "shard.vnodes",
            "shard.boundaries",
            "shard.migration",
            "shard.active_shards",
            "shard.key_space",
            "db.replication",
            "db.replicas",
            "db.replication_mode",
            "db.lag",
            "db.split_reads",
            "db.balance",
            "db.detection_ms",
            "db.partition_mode",
            "shard.migration_rate_kps",
            "conn.breaker",
            "conn.breaker.window",
            "conn.breaker.min_calls",
            "conn.breaker.failure_threshold",
            "conn.breaker.open_ms",
            "conn.breaker.half_open_probes",
            "conn.optional",
            "client.retry_budget",
            "client.budget_ratio",
            "client.budget_floor",
            "client.budget_window_ms",
            "client.idempotency_keys",
            "cache.fallback",
            "dns.policy",
            "dns.ttl_s",
            "dns.resolution",
            "dns.check_interval_ms",
            "dns.detection_ms",
            "component.zone",
            "net.zone",
            "net.cross_zone_latency",
            "net.cross_region_latency",
            "autoscale.enabled",
            "autoscale.min_instances",
            "autoscale.max_instances",
            "autoscale.target_utilization",
            "autoscale.interval_s",
            "autoscale.cooldown_s",
            "autoscale.warmup_s",
            "redundancy.mode",
            "redundancy.standby",
            "redundancy.failover_ms",
            "redundancy.nodes",
        ] {
            let s = field(key);
            assert!(!s.is_empty(), "{key}");
            assert!(s.len() < 200, "{key}: {}", s.len());
        }
    }
}
