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
        "client.paths" => {
            "Request classes: the paths clients ask for, with their share of the traffic. Static \
             paths (images, scripts) can be cached at a CDN; an API gateway routes by path. \
             Without paths every read counts as static."
        }
        "conn.route" => {
            "The path prefix the API gateway sends over this connection: '/api/orders' takes \
             '/api/orders' and '/api/orders/7'. Leave empty for the default route; a path no \
             route takes gets 404."
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
            "failures.mtbf_s",
            "failures.mttr_s",
            "run.chaos",
            "conn.breaker",
            "conn.breaker.window",
            "conn.breaker.min_calls",
            "conn.breaker.failure_threshold",
            "conn.breaker.open_ms",
            "conn.breaker.half_open_probes",
            "conn.optional",
            "component.zone",
            "net.zone",
            "net.cross_zone_latency",
            "net.cross_region_latency",
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
