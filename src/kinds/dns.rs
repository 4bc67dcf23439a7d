//! The DNS as the app shows it (its [`Look`]): its palette line, inspector paragraph, icon,
//! the line under its name on the canvas, its live numbers, its summary-strip figure and
//! its notes on its fields and connections.

use crate::engine::{ComponentSummary, DnsPolicy, Kind, Params};
use crate::format;
use crate::kinds::{Figure, Group, Look, Note, Stat};

pub(super) const LOOK: Look = Look {
    kind: Kind::Dns,
    group: Group::Edge,
    blurb: "Resolves a name to an entry point",
    concept: "Translates a name into the address of an entry point (its connections). A client asks \
         only when its cached answer has expired; until then it keeps going to the same \
         target — even after that target has died.",
    // A signpost: a name pointing the way to an address.
    icon: r#"<path d="M12 2.5v19M9 21.5h6"/><path d="M5 5h11l3 2.5L16 10H5z"/><path d="M19 12.5H8l-3 2.5 3 2.5h11z"/>"#,
    summary,
    pool_chart: false,
    stats,
    figures: |_| &[Figure::DnsLookups],
    note,
    link_in: Some(LINK_IN),
    link_out: Some(LINK_OUT),
    sections: &[],
};

/// Said on a connection into a DNS.
const LINK_IN: &str = "A connection into a DNS takes no time: a lookup costs the DNS's lookup time, \
     and only when the client's cached answer has expired.";

/// Said on a connection out of a DNS.
const LINK_OUT: &str = "This latency stands for the network path from the client to this target; \
     zone and region crossings count from the client's zone.";

/// Under a DNS whose policy answers without checking health.
fn note(params: &Params) -> Option<Note> {
    match params {
        Params::Dns(p) if p.policy.health_check_ms().is_none() => Some(Note {
            testid: "dns-no-health",
            text: "This policy does not check health: a dead target stays in the answers.",
        }),
        _ => None,
    }
}

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Dns(p) = params else {
        return String::new();
    };
    let policy = match p.policy {
        DnsPolicy::RoundRobin => "RR",
        DnsPolicy::Weighted => "weighted",
        DnsPolicy::Failover { .. } => "failover",
        DnsPolicy::Geo { .. } => "geo",
    };
    format!("{policy} · TTL {} s", format::plain(p.ttl_s))
}

/// Its live numbers: requests whose client still held an answer, and lookups made.
fn stats(s: &ComponentSummary) -> Vec<Stat> {
    vec![
        Stat {
            title: Some("Requests sent on with the client's cached answer"),
            ..Stat::new("Cached", format::pct(s.hit_ratio), "dns-cached")
        },
        Stat {
            title: Some("Lookups made because a client's answer had expired"),
            ..Stat::new("Lookups", format::count(s.misses), "dns-lookups")
        },
    ]
}
