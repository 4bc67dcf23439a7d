//! What the app shows of each component kind, one file per kind in `kinds/` (its palette
//! line, inspector paragraph, icon and the line under its name on the canvas), plus the
//! palette's groups and whether a kind has an output port. The fields of its inspector come
//! from the engine's descriptions of them.

mod cache;
mod cdn;
mod client;
pub mod database;
mod dns;
mod gateway;
pub mod icons;
mod load_balancer;
mod queue;
mod rate_limiter;
mod remote;
mod service;
mod shard_router;

use crate::engine::{Calls, Component, Kind, Params};

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

/// What the app shows of one kind (its file in `kinds/`).
pub struct Look {
    /// The palette's one line.
    pub blurb: &'static str,
    /// The paragraph at the top of the inspector: what the kind is for.
    pub concept: &'static str,
    /// The inner markup of its 24×24 icon ([`icons`]).
    pub icon: &'static str,
    /// The line under a component's name on the canvas (its main parameters).
    pub summary: fn(&Params) -> String,
}

/// What the app shows of `kind`.
pub fn look(kind: Kind) -> &'static Look {
    match kind {
        Kind::Client => &client::LOOK,
        Kind::LoadBalancer => &load_balancer::LOOK,
        Kind::RateLimiter => &rate_limiter::LOOK,
        Kind::Service => &service::LOOK,
        Kind::Cache => &cache::LOOK,
        Kind::Database => &database::LOOK,
        Kind::BlobStorage => &remote::BLOB_STORAGE,
        Kind::Queue => &queue::LOOK,
        Kind::ExternalApi => &remote::EXTERNAL_API,
        Kind::Cdn => &cdn::LOOK,
        Kind::ApiGateway => &gateway::LOOK,
        Kind::ShardRouter => &shard_router::LOOK,
        Kind::Dns => &dns::LOOK,
    }
}

/// The palette's one-line description of a kind.
pub fn kind_blurb(kind: Kind) -> &'static str {
    look(kind).blurb
}

/// A paragraph on what the kind is for, shown at the top of the inspector.
pub fn kind_concept(kind: Kind) -> &'static str {
    look(kind).concept
}

/// A short summary of a component's main parameters, shown under its label when idle.
pub fn summary(c: &Component) -> String {
    (look(c.params.kind()).summary)(&c.params)
}

/// Whether a component of `kind` calls nothing (it has no output port).
pub fn is_leaf(kind: Kind) -> bool {
    kind.calls() == Calls::Nothing
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
