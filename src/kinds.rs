//! What the app shows of each component kind: its slug (test ids, drag data, CSS classes),
//! its palette group, its one-line blurb and inspector paragraph, whether it has an output
//! port, and (in [`icons`]) its icon.

pub mod icons;

use crate::engine::Kind;

/// The palette's groups, in order, with the kinds in each (only kinds the engine has).
pub fn groups() -> Vec<(&'static str, Vec<Kind>)> {
    let all = [
        ("Traffic", vec![Kind::Client]),
        (
            "Edge & network",
            vec![
                Kind::Dns,
                Kind::Cdn,
                Kind::ApiGateway,
                Kind::LoadBalancer,
                Kind::RateLimiter,
            ],
        ),
        ("Compute", vec![Kind::Service]),
        (
            "Data",
            vec![
                Kind::Cache,
                Kind::Database,
                Kind::BlobStorage,
                Kind::ShardRouter,
            ],
        ),
        ("Async", vec![Kind::Queue]),
        ("External", vec![Kind::ExternalApi]),
    ];
    all.into_iter()
        .map(|(g, kinds)| {
            (
                g,
                kinds
                    .into_iter()
                    .filter(|k| Kind::ALL.contains(k))
                    .collect(),
            )
        })
        .filter(|(_, kinds): &(&str, Vec<Kind>)| !kinds.is_empty())
        .collect()
}

/// A kind as a slug for test ids and drag data ("load-balancer").
pub fn slug(kind: Kind) -> &'static str {
    kind.slug()
}

/// The kind a slug names.
pub fn kind_from_slug(s: &str) -> Option<Kind> {
    Kind::from_slug(s)
}

/// The palette's one-line description of a kind.
pub fn kind_blurb(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => "Users sending requests",
        Kind::LoadBalancer => "Spreads requests over backends",
        Kind::Service => "App servers with a worker pool",
        Kind::Cache => "Fast copies of hot data",
        Kind::Database => "Durable store, pooled connections",
        Kind::Queue => "Buffers work for consumers",
        Kind::RateLimiter => "Caps request rate, answers 429",
        Kind::BlobStorage => "Object store for files (S3-like)",
        Kind::ExternalApi => "Third-party service you call",
        Kind::ShardRouter => "Routes each key to its shard",
        Kind::Cdn => "Caches static files near users",
        Kind::ApiGateway => "One entry point: auth, routing",
        Kind::Dns => "Resolves a name to an entry point",
    }
}

/// A paragraph on what the kind is for, shown at the top of the inspector.
pub fn kind_concept(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => {
            "Where requests are born and where end-to-end latency is measured. Open traffic keeps \
             arriving however slow the system gets; closed traffic waits for each answer."
        }
        Kind::LoadBalancer => {
            "Distributes requests across the components it connects to so no single server is \
             overwhelmed, and with health checks routes around backends that stop answering."
        }
        Kind::Service => {
            "A stateless application server. Capacity is instances × workers; when all workers are \
             busy requests wait in the queue, and when the queue is full they are rejected."
        }
        Kind::Cache => {
            "Keeps frequently read data in memory so reads skip the slower store behind it. Writes \
             and misses go through to what the cache connects to."
        }
        Kind::Database => {
            "The durable store. Its connection pool bounds how many queries run at once — often the \
             bottleneck that appears as traffic grows. Read replicas take the reads off the primary."
        }
        Kind::Queue => {
            "Decouples producers from consumers: it acknowledges at once and absorbs bursts, and \
             consumers work through the backlog at their own pace."
        }
        Kind::RateLimiter => {
            "Controls how many requests get through in a time frame. Requests over the limit are \
             answered at once with 429 Too Many Requests — the system protecting itself — and the \
             rest go on to what it connects to."
        }
        Kind::BlobStorage => {
            "Stores binary large objects — images, videos, backups — cheaply and reliably, like \
             Amazon S3. It answers in parallel after a network latency and rarely fails."
        }
        Kind::ExternalApi => {
            "A third-party service your system depends on (payments, email, maps). You do not \
             control its latency or its errors; its slow tail and failures become yours."
        }
        Kind::ShardRouter => {
            "Splits the data across the databases or caches it connects to: the shard key of \
             each request decides the one shard that holds it. A bad key or strategy creates a \
             hot shard, and adding a shard means moving keys."
        }

        Kind::Cdn => {
            "A content delivery network: edge servers close to users keep copies of static \
             assets (images, scripts, stylesheets) and answer reads of them there. Misses, \
             dynamic paths and writes go to the origin it connects to."
        }
        Kind::ApiGateway => {
            "A single entry point between clients and backend services: it authenticates and \
             validates every request, can rate-limit, and forwards each to the service its path \
             routes to. Set the routes on its outgoing connections."
        }

        Kind::Dns => {
            "Translates a name into the address of an entry point (its connections). A client asks \
             only when its cached answer has expired; until then it keeps going to the same \
             target — even after that target has died."
        }
    }
}

/// Whether a component of `kind` calls nothing (it has no output port).
pub fn is_leaf(kind: Kind) -> bool {
    matches!(kind, Kind::BlobStorage | Kind::ExternalApi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_in_exactly_one_group() {
        let listed: Vec<Kind> = groups().into_iter().flat_map(|(_, k)| k).collect();
        for kind in Kind::ALL {
            assert_eq!(listed.iter().filter(|k| **k == kind).count(), 1, "{kind:?}");
            assert_eq!(kind_from_slug(slug(kind)), Some(kind));
        }
    }

    #[test]
    fn every_kind_is_explained() {
        for kind in Kind::ALL {
            assert!(!kind_blurb(kind).is_empty());
            assert!(kind_concept(kind).ends_with('.'));
        }
    }
}
