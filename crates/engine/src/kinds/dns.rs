//! The DNS's fields.

use crate::fields::{Field, Stored, at, dist, pick, real};
use crate::limits::{MAX_DURATION_S, MAX_MS};
use crate::scenario::DnsPolicy;

/// A policy by the name its JSON uses; switching keeps the health checks (or starts with a
/// check every second and 3 s to detect a dead target).
impl Stored<&'static str> for DnsPolicy {
    fn load(&self) -> &'static str {
        match self {
            DnsPolicy::RoundRobin => "round_robin",
            DnsPolicy::Weighted => "weighted",
            DnsPolicy::Failover { .. } => "failover",
            DnsPolicy::Geo { .. } => "geo",
        }
    }
    fn store(&mut self, name: &'static str) {
        let (check_interval_ms, detection_ms) = self.health_check_ms().unwrap_or((1000.0, 3000.0));
        *self = match name {
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
        };
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "policy",
        "Policy",
        pick(
            &[
                ("round_robin", "Round robin"),
                ("weighted", "Weighted"),
                ("failover", "Failover"),
                ("geo", "Geo / nearest"),
            ],
            at!(Dns, p => p.policy),
        ),
        "Round robin and weighted answer without looking at health; failover answers the \
         first healthy target; geo the healthy one in the client's region, else the nearest.",
    ),
    Field::new(
        "ttl_s",
        "TTL",
        real(0.0, MAX_DURATION_S, 1.0, at!(Dns, p => p.ttl_s)),
        "How long a client keeps an answer. Longer means fewer lookups, but slower failover: \
         a client keeps using a dead target until its answer expires.",
    )
    .unit("s"),
    Field::new(
        "resolution",
        "Lookup time",
        dist(at!(Dns, p => p.resolution)),
        "Time a lookup takes. Only requests whose client's answer has expired pay it.",
    ),
    Field::new(
        "check_interval_ms",
        "Check every",
        real(
            10.0,
            MAX_MS,
            100.0,
            at!(Dns, p => p.policy,
            DnsPolicy::Failover { check_interval_ms, .. }
            | DnsPolicy::Geo { check_interval_ms, .. } => check_interval_ms),
        ),
        "Time between the DNS's health checks of its targets.",
    )
    .unit("ms"),
    Field::new(
        "detection_ms",
        "Detection",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(Dns, p => p.policy,
            DnsPolicy::Failover { detection_ms, .. }
            | DnsPolicy::Geo { detection_ms, .. } => detection_ms),
        ),
        "How long a target must be seen down before the DNS leaves it out of its answers.",
    )
    .unit("ms"),
];
