//! What the app shows of each component kind, one file per kind in `kinds/` holding its
//! [`Look`]: its palette line and group, inspector paragraph, icon, the line under its name
//! on the canvas, its live numbers, the dashboard figures it brings and the inspector's parts
//! of its own. The list of looks here gives the palette its order; the palette, canvas,
//! inspector and dashboard read the looks instead of matching on kinds. The fields of its
//! inspector come from the engine's descriptions of them.

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
pub mod service;
pub mod shard_router;

use crate::engine::{Calls, Component, ComponentSummary, Kind, Params};
use crate::format;

/// Every kind's look, in the palette's order.
const LOOKS: [&Look; 13] = [
    &client::LOOK,
    &dns::LOOK,
    &cdn::LOOK,
    &gateway::LOOK,
    &load_balancer::LOOK,
    &rate_limiter::LOOK,
    &service::LOOK,
    &cache::LOOK,
    &database::LOOK,
    &remote::BLOB_STORAGE,
    &shard_router::LOOK,
    &queue::LOOK,
    &remote::EXTERNAL_API,
];

/// A group of the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Traffic,
    Edge,
    Compute,
    Data,
    Async,
    External,
}

impl Group {
    /// The groups in the palette's order.
    const ALL: [Group; 6] = [
        Group::Traffic,
        Group::Edge,
        Group::Compute,
        Group::Data,
        Group::Async,
        Group::External,
    ];

    /// Its title in the palette.
    pub fn title(self) -> &'static str {
        match self {
            Group::Traffic => "Traffic",
            Group::Edge => "Edge & network",
            Group::Compute => "Compute",
            Group::Data => "Data",
            Group::Async => "Async",
            Group::External => "External",
        }
    }
}

/// The palette's groups, in order, with the kinds in each.
pub fn groups() -> Vec<(&'static str, Vec<Kind>)> {
    Group::ALL
        .into_iter()
        .map(|g| {
            let kinds = LOOKS
                .iter()
                .filter(|l| l.group == g)
                .map(|l| l.kind)
                .collect();
            (g.title(), kinds)
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
    /// The kind it shows.
    pub kind: Kind,
    /// Its group in the palette.
    pub group: Group,
    /// The palette's one line.
    pub blurb: &'static str,
    /// The paragraph at the top of the inspector: what the kind is for.
    pub concept: &'static str,
    /// The inner markup of its 24×24 icon ([`icons`]).
    pub icon: &'static str,
    /// The line under a component's name on the canvas (its main parameters).
    pub summary: fn(&Params) -> String,
    /// Whether its utilization and queue chart means something: whether requests wait in
    /// it for a worker, a connection, a consumer or a lookup slot.
    pub pool_chart: bool,
    /// Its own live numbers in the inspector, from the run's summary.
    pub stats: fn(&ComponentSummary) -> Vec<Stat>,
    /// The figures a component of this kind adds to the dashboard's summary strip.
    pub figures: fn(&Params) -> &'static [Figure],
    /// A note under its fields in the inspector, when its parameters call for one.
    pub note: fn(&Params) -> Option<Note>,
    /// What a connection into it means, when that differs from other connections.
    pub link_in: Option<&'static str>,
    /// What a connection out of it means, when that differs from other connections.
    pub link_out: Option<&'static str>,
    /// The inspector's parts of its own.
    pub sections: &'static [Section],
}

/// A part of the inspector that only some kinds have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// A chart of the requests each shard received.
    ShardLoad,
    /// A reshard among its faults.
    Reshard,
    /// The request paths it sends.
    RequestPaths,
    /// A route (a path prefix) on each of its outgoing connections.
    Routes,
    /// The back-of-the-envelope calculator, whose rates it can take.
    Envelope,
    /// A resize to another machine size among its faults.
    Resize,
}

/// Whether the inspector of a `kind` has `section`.
pub fn has(kind: Kind, section: Section) -> bool {
    look(kind).sections.contains(&section)
}

/// A short paragraph under a component's fields.
pub struct Note {
    /// Its `data-testid`.
    pub testid: &'static str,
    pub text: &'static str,
}

/// For a kind whose fields need no note.
pub fn no_note(_: &Params) -> Option<Note> {
    None
}

/// A figure of the dashboard's summary strip that is there only while some component
/// brings it (the others are always there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Requests turned away on purpose (429).
    RateLimited,
    /// The busiest shard's share of its router's requests, and the moved-key misses.
    HotShard,
    /// Requests answered 404 because their path matched no route.
    NoRoute,
    /// The CDNs' hit ratio and offload.
    CdnHits,
    /// Stale reads, lost writes and conflicting writes of replicated databases.
    Replication,
    /// Writes applied twice because a retry carried no idempotency key.
    DuplicateWrites,
    /// Lookups the DNS made and requests sent on with a client's cached answer.
    DnsLookups,
    /// What the machines on named sizes cost per hour.
    Machines,
}

/// The figures of a kind whose only one is its machines' price, when it runs on a size.
pub fn machine_figures(params: &Params) -> &'static [Figure] {
    if params.size().is_custom() {
        &[]
    } else {
        &[Figure::Machines]
    }
}

/// One of a component's live numbers in the inspector.
pub struct Stat {
    pub label: &'static str,
    pub value: String,
    /// Its `data-testid`.
    pub testid: &'static str,
    /// What it counts, as a tooltip.
    pub title: Option<&'static str>,
    /// Whether the number is bad news.
    pub bad: bool,
}

impl Stat {
    /// A plain number.
    pub fn new(label: &'static str, value: String, testid: &'static str) -> Self {
        Stat {
            label,
            value,
            testid,
            title: None,
            bad: false,
        }
    }

    /// The share of lookups answered from the cache, once there were lookups.
    pub fn hit_ratio(s: &ComponentSummary) -> Option<Self> {
        (s.hits + s.misses > 0)
            .then(|| Stat::new("Hit ratio", format::pct(s.hit_ratio), "live-hit-ratio"))
    }
}

/// For a kind that adds no figure to the summary strip.
pub fn no_figures(_: &Params) -> &'static [Figure] {
    &[]
}

/// For a kind without live numbers of its own.
pub fn no_stats(_: &ComponentSummary) -> Vec<Stat> {
    Vec::new()
}

/// What the app shows of `kind`.
pub fn look(kind: Kind) -> &'static Look {
    LOOKS
        .into_iter()
        .find(|l| l.kind == kind)
        // Every kind has a look: `tests::every_kind_is_in_exactly_one_group`.
        .expect("a kind without a look in kinds::LOOKS")
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
    fn the_palette_goes_from_the_traffic_to_what_it_calls() {
        use Kind::*;
        assert_eq!(
            groups(),
            vec![
                ("Traffic", vec![Client]),
                (
                    "Edge & network",
                    vec![Dns, Cdn, ApiGateway, LoadBalancer, RateLimiter]
                ),
                ("Compute", vec![Service]),
                ("Data", vec![Cache, Database, BlobStorage, ShardRouter]),
                ("Async", vec![Queue]),
                ("External", vec![ExternalApi]),
            ]
        );
    }

    #[test]
    fn a_gateway_counts_429s_only_when_it_limits_the_rate() {
        let figures = |p: &Params| (look(p.kind()).figures)(p).to_vec();
        let (Params::ApiGateway(mut gateway), Params::RateLimiter(limiter)) = (
            Kind::ApiGateway.default_params(),
            Kind::RateLimiter.default_params(),
        ) else {
            unreachable!("default parameters of another kind");
        };
        gateway.rate_limit = None;
        assert_eq!(
            figures(&Params::ApiGateway(gateway.clone())),
            vec![Figure::NoRoute]
        );
        gateway.rate_limit = Some(limiter.algorithm);
        assert_eq!(
            figures(&Params::ApiGateway(gateway)),
            vec![Figure::RateLimited, Figure::NoRoute]
        );
        assert_eq!(
            figures(&Params::RateLimiter(limiter)),
            vec![Figure::RateLimited]
        );
    }

    #[test]
    fn every_kind_is_explained() {
        for kind in Kind::ALL {
            assert!(!kind_blurb(kind).is_empty());
            assert!(kind_concept(kind).ends_with('.'));
        }
    }
}
