//! The shard router as the app shows it (its [`Look`]): its palette line, inspector
//! paragraph, icon, the line under its name on the canvas, its shard chart, its reshard and
//! its summary-strip figure.

use crate::engine::{Kind, Params, ShardStrategy};
use crate::format;
use crate::kinds::{Figure, Group, Look, Section, no_note, no_stats};

pub(super) const LOOK: Look = Look {
    kind: Kind::ShardRouter,
    group: Group::Data,
    blurb: "Routes each key to its shard",
    concept: "Splits the data across the databases or caches it connects to: the shard key of \
         each request decides the one shard that holds it. A bad key or strategy creates a \
         hot shard, and adding a shard means moving keys.",
    // A key fanning out to three shards.
    icon: r#"<circle cx="5" cy="12" r="2.5"/><path d="M7.5 12H11M11 5v14M11 5h4M11 12h4M11 19h4"/><rect x="15" y="3" width="6" height="4" rx="1"/><rect x="15" y="10" width="6" height="4" rx="1"/><rect x="15" y="17" width="6" height="4" rx="1"/>"#,
    summary,
    pool_chart: false,
    stats: no_stats,
    figures: |_| &[Figure::HotShard],
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[Section::ShardLoad, Section::Reshard],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::ShardRouter(p) = params else {
        return String::new();
    };
    match &p.strategy {
        ShardStrategy::HashMod => "hash mod N".to_string(),
        ShardStrategy::Range { .. } => "key ranges".to_string(),
        ShardStrategy::Directory { lookup_ms } => {
            format!("directory · {}", format::ms(*lookup_ms))
        }
        ShardStrategy::ConsistentHash { vnodes } => {
            format!("ring · {vnodes} vnodes")
        }
    }
}

/// The shards a router starts a run with, given its `connected` outgoing connections (0 for
/// other kinds).
pub fn live_shards(params: &Params, connected: usize) -> u32 {
    match params {
        Params::ShardRouter(p) => p.live_shards(connected),
        _ => 0,
    }
}
