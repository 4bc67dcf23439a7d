//! The load balancer's fields.

use crate::fields::{Field, at, count, named, pick, real, switch};
use crate::limits::MAX_MS;
use crate::scenario::{HealthCheck, LbStrategy};

named!(LbStrategy {
    RoundRobin => "round_robin",
    WeightedRoundRobin => "weighted_round_robin",
    LeastConnections => "least_connections",
    Random => "random",
    HashKey => "hash_key",
});

pub const FIELDS: &[Field] = &[
    Field::new(
        "strategy",
        "Strategy",
        pick(
            &[
                ("round_robin", "Round robin"),
                ("weighted_round_robin", "Weighted round robin"),
                ("least_connections", "Least connections"),
                ("random", "Random"),
                ("hash_key", "Hash of key"),
            ],
            at!(LoadBalancer, p => p.strategy),
        ),
        "Round robin takes turns; weighted sends more to bigger servers; least connections \
         favours the least busy; hashing pins a key to one backend.",
    ),
    Field::new(
        "health_check.enabled",
        "Health checks",
        switch(at!(LoadBalancer, p => p.health_check.enabled)),
        "Health checks probe each backend and take failing ones out of rotation, so traffic \
         is automatically routed to healthy servers.",
    ),
    Field::new(
        "health_check.interval_ms",
        "Check every",
        real(
            10.0,
            MAX_MS,
            100.0,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, interval_ms, .. } => interval_ms),
        ),
        "Time between checks: shorter intervals notice a crash sooner but cost more probes.",
    )
    .unit("ms"),
    Field::new(
        "health_check.unhealthy_after",
        "Out after",
        count(
            1,
            100,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, unhealthy_after, .. } => unhealthy_after),
        ),
        "Consecutive failed checks before a backend is taken out: higher is more tolerant of \
         blips but sends traffic to a dead server for longer.",
    )
    .unit("fails"),
    Field::new(
        "health_check.healthy_after",
        "Back after",
        count(
            1,
            100,
            at!(LoadBalancer, p => p.health_check,
            HealthCheck { enabled: true, healthy_after, .. } => healthy_after),
        ),
        "Consecutive good checks before a recovered backend gets traffic again.",
    )
    .unit("passes"),
];
