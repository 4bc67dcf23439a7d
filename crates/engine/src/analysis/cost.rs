//! What a design costs a month at list prices: its machines by the hour, and the managed
//! services it uses by the request, at the offered loads the analysis predicts.
//!
//! The prices ([`PRICES`]) are round figures in the range of the large clouds' list prices
//! in late 2026, for comparing designs with each other, not a quote:
//! - a machine of a named size costs its size's hourly price ([`crate::sizes`]); a service
//!   or database of a custom worker count is priced per worker (or connection) at the
//!   small size's rate, $0.025 an hour;
//! - a cache node, a load balancer and a shard router run on a machine of their own; a
//!   redundant one pays for each node;
//! - an API gateway, a queue, a CDN, blob storage and DNS are paid by the million requests;
//! - a rate limiter runs inside what it protects; a third-party API is billed by its vendor
//!   (it costs nothing here); clients are the users.
//!
//! Requests carry no size, so storage and egress by the gigabyte are not counted: the notes
//! say so where it matters (CDNs and blob storage).

use super::load::Loads;
use crate::scenario::{Component, Params, Scenario};
use crate::sizes::HOURS_PER_MONTH;
use serde::Serialize;

/// Unit prices in US dollars.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Prices {
    /// A worker (or a database connection) of a custom-sized machine, per hour.
    pub worker_hour: f64,
    /// A cache node, per hour.
    pub cache_node_hour: f64,
    /// A load balancer node, per hour, and per million requests it routes.
    pub load_balancer_hour: f64,
    pub load_balancer_per_million: f64,
    /// A shard router (a proxy in front of the shards), per hour.
    pub shard_router_hour: f64,
    /// Per million requests: through an API gateway, sent to a queue, served by a CDN,
    /// answered by DNS.
    pub gateway_per_million: f64,
    pub queue_per_million: f64,
    pub cdn_per_million: f64,
    pub dns_per_million: f64,
    /// Blob storage, per million reads and per million writes.
    pub blob_read_per_million: f64,
    pub blob_write_per_million: f64,
}

/// The prices the analysis uses.
pub const PRICES: Prices = Prices {
    worker_hour: 0.025,
    cache_node_hour: 0.05,
    load_balancer_hour: 0.025,
    load_balancer_per_million: 0.10,
    shard_router_hour: 0.025,
    gateway_per_million: 3.50,
    queue_per_million: 0.40,
    cdn_per_million: 1.00,
    dns_per_million: 0.40,
    blob_read_per_million: 0.40,
    blob_write_per_million: 5.00,
};

/// Seconds in an average month.
const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// A design's monthly cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cost {
    pub monthly_usd: f64,
    /// Machines by the hour, and managed services by the request.
    pub machines_usd: f64,
    pub requests_usd: f64,
    /// Every component that costs something, the most expensive first.
    pub components: Vec<ComponentCost>,
    /// What the figure leaves out.
    pub notes: Vec<String>,
}

/// One component's monthly cost and how it is made up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentCost {
    pub id: String,
    pub monthly_usd: f64,
    /// "3 × large at $0.48/h", "790 M requests at $3.50 per million".
    pub basis: String,
}

/// What one component costs a month: (machines, requests, basis).
fn price(c: &Component, reads_rps: f64, writes_rps: f64, p: &Prices) -> Option<(f64, f64, String)> {
    let nodes = f64::from(c.redundancy.map_or(1, |r| r.nodes()));
    let per_month = |rps: f64| rps * SECONDS_PER_MONTH / 1e6;
    let machine = |count: f64, hourly: f64, what: String| {
        let each = if count == 1.0 {
            String::new()
        } else {
            format!("{} × ", count)
        };
        Some((
            count * hourly * HOURS_PER_MONTH,
            0.0,
            format!("{each}{what} at {}/h", dollars(hourly)),
        ))
    };
    let by_request = |rps: f64, per_million: f64| {
        let millions = per_month(rps);
        Some((
            0.0,
            millions * per_million,
            format!(
                "{} M requests at ${per_million:.2} per million",
                round(millions)
            ),
        ))
    };
    let sized = |count: f64, size: crate::sizes::Size, units: u32, what: &str| match size.machine()
    {
        Some(m) => machine(count, m.usd_per_hour, size.name().to_string()),
        None => machine(
            count,
            f64::from(units) * p.worker_hour,
            format!("{units} {what}"),
        ),
    };
    let rps = reads_rps + writes_rps;
    match &c.params {
        // A named size at its price, or a custom machine by its workers (connections).
        Params::Service(s) => sized(
            f64::from(s.instances) * nodes,
            s.size,
            s.workers(),
            "workers",
        ),
        Params::Database(d) => sized(
            f64::from(crate::sizes::machines(c)),
            d.size,
            d.connections(),
            "connections",
        ),
        Params::Cache(_) => machine(nodes, p.cache_node_hour, "a cache node".into()),
        Params::ShardRouter(_) => machine(nodes, p.shard_router_hour, "a router".into()),
        Params::LoadBalancer(_) => {
            let hours = nodes * p.load_balancer_hour * HOURS_PER_MONTH;
            let millions = per_month(rps);
            Some((
                hours,
                millions * p.load_balancer_per_million,
                format!(
                    "{} at {}/h, {} M requests at ${:.2} per million",
                    if nodes == 1.0 {
                        "a node".to_string()
                    } else {
                        format!("{nodes} nodes")
                    },
                    dollars(p.load_balancer_hour),
                    round(millions),
                    p.load_balancer_per_million
                ),
            ))
        }
        Params::ApiGateway(_) => by_request(rps, p.gateway_per_million),
        Params::Queue(_) => by_request(rps, p.queue_per_million),
        Params::Cdn(_) => by_request(rps, p.cdn_per_million),
        Params::Dns(_) => by_request(rps, p.dns_per_million),
        Params::BlobStorage(_) => {
            let (r, w) = (per_month(reads_rps), per_month(writes_rps));
            Some((
                0.0,
                r * p.blob_read_per_million + w * p.blob_write_per_million,
                format!(
                    "{} M reads at ${:.2}, {} M writes at ${:.2} per million",
                    round(r),
                    p.blob_read_per_million,
                    round(w),
                    p.blob_write_per_million
                ),
            ))
        }
        Params::Client(_) | Params::RateLimiter(_) | Params::ExternalApi(_) => None,
    }
}

/// A price to the cent, or to a tenth of a cent below ten cents: "$0.48", "$0.025".
fn dollars(usd: f64) -> String {
    if usd >= 0.1 {
        format!("${usd:.2}")
    } else {
        format!("${usd:.3}")
    }
}

/// Millions to three figures: "0.26", "26.3", "789".
fn round(millions: f64) -> String {
    if millions >= 100.0 {
        format!("{millions:.0}")
    } else if millions >= 10.0 {
        format!("{millions:.1}")
    } else {
        format!("{millions:.2}")
    }
}

/// The monthly cost of `s` at the loads `loads` predicts.
pub(crate) fn cost(s: &Scenario, loads: &Loads) -> Cost {
    let mut components = Vec::new();
    let (mut machines_usd, mut requests_usd) = (0.0, 0.0);
    let mut notes = Vec::new();
    for (i, c) in s.components.iter().enumerate() {
        let (reads, writes) = loads.inflow[i]
            .as_ref()
            .map_or((0.0, 0.0), |f| (f.reads(), f.writes()));
        let Some((machines, requests, basis)) = price(c, reads, writes, &PRICES) else {
            continue;
        };
        machines_usd += machines;
        requests_usd += requests;
        components.push(ComponentCost {
            id: c.id.clone(),
            monthly_usd: machines + requests,
            basis,
        });
        if matches!(c.params, Params::Cdn(_) | Params::BlobStorage(_)) && notes.is_empty() {
            notes.push(
                "requests have no size yet: storage and egress by the gigabyte are not counted"
                    .to_string(),
            );
        }
    }
    if s.components.iter().any(|c| match &c.params {
        Params::Service(p) => p.autoscale.is_some(),
        _ => false,
    }) {
        notes.push("an autoscaled service is priced at the instances it starts with".into());
    }
    components.sort_by(|a, b| b.monthly_usd.total_cmp(&a.monthly_usd));
    Cost {
        monthly_usd: machines_usd + requests_usd,
        machines_usd,
        requests_usd,
        components,
        notes,
    }
}
