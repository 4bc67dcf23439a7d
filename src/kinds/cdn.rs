//! The CDN as the app shows it (its [`Look`]): its palette line, inspector paragraph, icon,
//! the line under its name on the canvas, its live numbers and its summary-strip figure.

use crate::engine::{ComponentSummary, Kind, Params};
use crate::format;
use crate::kinds::{Figure, Group, Look, Stat, no_note};

pub(super) const LOOK: Look = Look {
    kind: Kind::Cdn,
    group: Group::Edge,
    blurb: "Caches static files near users",
    concept: "A content delivery network: edge servers close to users keep copies of static \
         assets (images, scripts, stylesheets) and answer reads of them there. Misses, \
         dynamic paths and writes go to the origin it connects to.",
    // Edge nodes around the world: a hub with copies at its ends.
    icon: r#"<circle cx="12" cy="12" r="3"/><circle cx="4.5" cy="5" r="2"/><circle cx="19.5" cy="5" r="2"/><circle cx="4.5" cy="19" r="2"/><circle cx="19.5" cy="19" r="2"/><path d="m6 6.5 3.8 3.5M18 6.5l-3.8 3.5M6 17.5l3.8-3.5M18 17.5l-3.8-3.5"/>"#,
    summary,
    pool_chart: false,
    stats,
    figures: |_| &[Figure::CdnHits],
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Cdn(p) = params else {
        return String::new();
    };
    let ttl = short_duration(p.ttl_ms);
    if p.serve_stale {
        // The node is narrow: the switch matters more than the size here.
        format!("TTL {ttl} · stale")
    } else {
        format!("{} · TTL {ttl}", format::count(u64::from(p.capacity)))
    }
}

/// A time to live in few characters: "500 ms", "10 s", "5 min", "2 h".
fn short_duration(ms: f64) -> String {
    let s = ms / 1000.0;
    if ms < 1000.0 {
        format!("{} ms", format::plain(ms.round()))
    } else if s < 60.0 || s % 60.0 != 0.0 {
        format!("{} s", format::plain((s * 10.0).round() / 10.0))
    } else if s < 3600.0 || s % 3600.0 != 0.0 {
        format!("{} min", format::plain(s / 60.0))
    } else {
        format!("{} h", format::plain(s / 3600.0))
    }
}

/// Its live numbers: the hit ratio, the share answered at the edge, what went to the origin
/// and the stale serves.
fn stats(s: &ComponentSummary) -> Vec<Stat> {
    let edge = [
        Stat::new("Offload", format::pct(s.offload()), "live-offload"),
        Stat::new("To origin", format::count(s.edge.origin), "live-origin"),
        Stat::new("Stale serves", format::count(s.edge.stale), "live-stale"),
    ];
    Stat::hit_ratio(s).into_iter().chain(edge).collect()
}
