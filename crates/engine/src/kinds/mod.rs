//! One home per component kind: `kinds/<kind>.rs` holds its parameters with their defaults,
//! the descriptions of its fields ([`crate::fields`]: label, unit, range, help), which
//! validation and the app's inspector both read, and what it does in the simulation: its
//! runtime state and its [`Runtime`](crate::sim::runtime::Runtime) implementation.
//!
//! The list of kinds is written once, here ([`with_kinds!`]). From it derive the
//! [`Kind`](crate::Kind) and [`Params`](crate::Params) enums, [`Kind::ALL`](crate::Kind::ALL)
//! and every per-kind table (name, slug, id prefix, fields, default parameters, through
//! [`declare_kinds!`] in `scenario.rs`), and the simulation's per-kind state and dispatch
//! (`sim/runtime.rs`).

pub mod cache;
pub mod cdn;
pub mod client;
pub mod database;
pub mod dns;
pub mod gateway;
pub mod load_balancer;
pub mod queue;
pub mod rate_limiter;
pub mod remote;
pub mod service;
pub mod shard_router;

/// Every kind's public types, which [`crate::scenario`] re-exports (the scenario's JSON and
/// every path to them stay as they were before the kinds had files of their own).
pub mod params {
    pub use super::cache::{CacheMode, CacheParams, Eviction, Reads, Writes};
    pub use super::cdn::CdnParams;
    pub use super::client::{
        ArrivalProcess, ClientParams, Jitter, KeyDist, RateProfile, RateStep, RequestPath,
        RetryBudget, RetryPolicy, Traffic,
    };
    pub use super::database::{
        DatabaseParams, PartitionMode, ReadBalance, Replication, ReplicationMode,
    };
    pub use super::dns::{DnsParams, DnsPolicy};
    pub use super::gateway::GatewayParams;
    pub use super::load_balancer::{HealthCheck, LbStrategy, LoadBalancerParams};
    pub use super::queue::QueueParams;
    pub use super::rate_limiter::{LimitScope, RateLimit, RateLimiterParams};
    pub use super::remote::RemoteParams;
    pub use super::service::{Autoscale, ServiceParams, Sessions};
    pub use super::shard_router::{Migration, ShardRouterParams, ShardStrategy};
}

/// What a kind's outgoing connections must be. The texts complete a sentence that starts
/// with the component's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calls {
    /// Anything, or nothing.
    Any,
    /// At least one component: "<name> has no backends: connect it to …".
    AtLeastOne(&'static str),
    /// Exactly one: "<name> must <this>, but it connects to 2".
    ExactlyOne(&'static str),
    /// Nothing: it answers requests itself (it has no output port in the editor).
    Nothing,
}

/// The component kinds, in palette order: the one list everything per kind derives from.
/// `with_kinds!(then)` hands the list to the macro `then`, which is [`declare_kinds!`] (the
/// `Kind` and `Params` enums and their tables) or the simulation's dispatch (`sim/kinds.rs`:
/// the runtime state of each kind and the calls into its [`Runtime`](crate::sim::runtime::Runtime)
/// implementation). Adding a kind is one line here plus its file in this folder.
macro_rules! with_kinds {
    ($then:ident) => {
        $then! {
            #[default]
            Client(ClientParams) = "Client", slug "client", id "client",
                calls Calls::AtLeastOne("is not connected to anything: draw a connection from it to the component it calls"),
                fields client::FIELDS, default ClientParams::default();
            LoadBalancer(LoadBalancerParams) = "Load balancer", slug "load-balancer", id "load-balancer",
                calls Calls::AtLeastOne("has no backends: connect it to the services it should spread requests over"),
                fields load_balancer::FIELDS, default LoadBalancerParams::default();
            RateLimiter(RateLimiterParams) = "Rate limiter", slug "rate-limiter", id "rate-limiter",
                calls Calls::ExactlyOne("pass admitted requests to exactly one component"),
                fields rate_limiter::FIELDS, default RateLimiterParams::default();
            Service(ServiceParams) = "Service", slug "service", id "service",
                calls Calls::Any,
                fields service::FIELDS, default ServiceParams::default();
            Cache(CacheParams) = "Cache", slug "cache", id "cache",
                calls Calls::Any,
                fields cache::FIELDS, default CacheParams::default();
            Database(DatabaseParams) = "Database", slug "database", id "database",
                calls Calls::Any,
                fields database::FIELDS, default DatabaseParams::default();
            BlobStorage(RemoteParams) = "Blob storage", slug "blob-storage", id "blob-storage",
                calls Calls::Nothing,
                fields remote::FIELDS, default RemoteParams::blob_storage();
            Queue(QueueParams) = "Message queue", slug "queue", id "queue",
                calls Calls::Any,
                fields queue::FIELDS, default QueueParams::default();
            ExternalApi(RemoteParams) = "External API", slug "external-api", id "external-api",
                calls Calls::Nothing,
                fields remote::FIELDS, default RemoteParams::external_api();
            Cdn(CdnParams) = "CDN", slug "cdn", id "cdn",
                calls Calls::ExactlyOne(
                    "connect to exactly one origin (the component it fetches misses and dynamic requests from)",
                ),
                fields cdn::FIELDS, default CdnParams::default();
            // The editor has always named gateways "gateway-N"; saved files and links carry those ids.
            ApiGateway(GatewayParams) = "API gateway", slug "api-gateway", id "gateway",
                calls Calls::AtLeastOne("has no routes: connect it to the services it should route requests to"),
                fields gateway::FIELDS, default GatewayParams::default();
            ShardRouter(ShardRouterParams) = "Shard router", slug "shard-router", id "shard-router",
                calls Calls::Any,
                fields shard_router::FIELDS, default ShardRouterParams::default();
            Dns(DnsParams) = "DNS", slug "dns", id "dns",
                calls Calls::AtLeastOne(
                    "has no targets: connect it to the entry points (load balancers, services) its name resolves to",
                ),
                fields dns::FIELDS, default DnsParams::default();
        }
    };
}

pub(crate) use with_kinds;

/// Declares the component kinds, in palette order. Each line is
/// `Variant(ParamsType) = "Human name", slug "slug", id "id-prefix", calls CALLS,
/// fields FIELDS, default EXPR;`:
/// - the name is how messages and the UI call the kind ("Load balancer");
/// - the slug names it in the app's test ids, CSS classes and drag data ("load-balancer");
/// - the id prefix starts the ids the editor gives new components ("load-balancer-2"),
///   which saved files and share links carry;
/// - the calls are what its outgoing connections must be ([`Calls`]);
/// - the fields are what a user can set on it ([`crate::fields`]): the inspector shows them
///   and validation checks their ranges;
/// - the default is the parameters a newly placed component starts with.
///
/// `#[default]` before a line makes that kind `Kind::default()`.
macro_rules! declare_kinds {
    ($( $(#[$attr:meta])* $kind:ident($params:ty) = $name:literal, slug $slug:literal, id $prefix:literal,
        calls $calls:expr, fields $fields:expr, default $default:expr; )*) => {
        /// The kinds of component, without parameters.
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(deny_unknown_fields)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            $($(#[$attr])* $kind,)*
        }

        /// The kind of a component together with its parameters.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum Params {
            $($kind($params),)*
        }

        impl Kind {
            /// Every kind, in palette order.
            pub const ALL: [Kind; [$(Kind::$kind),*].len()] = [$(Kind::$kind),*];

            /// The human name of the kind ("Load balancer").
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name,)*
                }
            }

            /// The kind as a slug for the app's test ids, CSS classes and drag data
            /// ("load-balancer").
            pub fn slug(self) -> &'static str {
                match self {
                    $(Kind::$kind => $slug,)*
                }
            }

            /// The kind a slug names.
            pub fn from_slug(slug: &str) -> Option<Kind> {
                Kind::ALL.into_iter().find(|k| k.slug() == slug)
            }

            /// How the ids the editor gives new components of this kind start ("service" for
            /// "service-2"). Saved scenarios carry these ids, so they never change.
            pub fn id_prefix(self) -> &'static str {
                match self {
                    $(Kind::$kind => $prefix,)*
                }
            }

            /// What a component of this kind must call, checked by validation; a kind with
            /// rules of its own (a cache, a shard router) says `Any` here.
            pub fn calls(self) -> $crate::kinds::Calls {
                match self {
                    $(Kind::$kind => $calls,)*
                }
            }

            /// What a user can set on a component of this kind, in the inspector's order. A
            /// kind whose fields all need widgets of their own lists none.
            pub fn fields(self) -> &'static [$crate::fields::Field] {
                match self {
                    $(Kind::$kind => $fields,)*
                }
            }

            /// Parameters a newly placed component of this kind starts with.
            pub fn default_params(self) -> Params {
                match self {
                    $(Kind::$kind => Params::$kind($default),)*
                }
            }
        }

        impl Params {
            /// The kind of these parameters.
            pub fn kind(&self) -> Kind {
                match self {
                    $(Params::$kind(_) => Kind::$kind,)*
                }
            }
        }
    };
}

pub(crate) use declare_kinds;

#[cfg(test)]
mod tests {
    use crate::scenario::Kind;
    use std::collections::BTreeSet;

    #[test]
    fn every_kind_has_its_own_name_slug_and_id_prefix() {
        let names: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        let slugs: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.slug()).collect();
        let prefixes: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.id_prefix()).collect();
        assert_eq!(names.len(), Kind::ALL.len());
        assert_eq!(slugs.len(), Kind::ALL.len());
        assert_eq!(prefixes.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert_eq!(Kind::from_slug(kind.slug()), Some(kind));
            assert_eq!(kind.default_params().kind(), kind);
        }
        assert_eq!(Kind::from_slug("gateway"), None);
        assert_eq!(Kind::ApiGateway.slug(), "api-gateway");
        assert_eq!(Kind::ApiGateway.id_prefix(), "gateway");
    }
}
