//! The cache as the app shows it (its [`Look`]): its palette line, inspector paragraph,
//! icon, the line under its name on the canvas, its live numbers.

use crate::engine::{CacheMode, ComponentSummary, Eviction, Kind, Params, Reads, Writes};
use crate::format;
use crate::kinds::{Group, Look, Stat, no_figures, no_note};

pub(super) const LOOK: Look = Look {
    kind: Kind::Cache,
    group: Group::Data,
    blurb: "Fast copies of hot data",
    concept: "Keeps frequently read data in memory so reads skip the slower store. On a miss it \
         reads the store itself (read-through) or its caller does (cache-aside); writes go \
         around it, through it, or wait in it to be written back.",
    icon: r#"<path d="M13 2 4 14h7l-1 8 9-12h-7l1-8z"/>"#,
    summary,
    pool_chart: true,
    stats,
    figures: no_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Cache(p) = params else {
        return String::new();
    };
    let eviction = match p.eviction {
        Eviction::Lru => "LRU",
        Eviction::Lfu => "LFU",
        Eviction::Fifo => "FIFO",
        Eviction::Random => "Random",
    };
    // Two short parts fit under the name: what decides hits, then the size or, more telling,
    // write-back, cache-aside or the fallback.
    let mode = match p.mode {
        CacheMode::Lru { .. } => eviction.to_string(),
        CacheMode::FixedHitRatio { hit_ratio } => format!("{:.0} % hits", hit_ratio * 100.0),
    };
    let second = if p.writes == Writes::Back && p.reads == Reads::Through {
        "write-back".to_string()
    } else if p.reads == Reads::Aside {
        "aside".to_string()
    } else if p.fallback_when_down {
        "fallback".to_string()
    } else {
        match p.mode {
            CacheMode::Lru { capacity, .. } => format!("{} keys", format::count(capacity as u64)),
            CacheMode::FixedHitRatio { .. } => return mode,
        }
    };
    format!("{mode} · {second}")
}

/// Its live numbers: the hit ratio, the lookups its callers sent to the store while it
/// was down, and the writes it acknowledged but lost (write-back).
fn stats(s: &ComponentSummary) -> Vec<Stat> {
    let fallbacks = (s.fallbacks > 0)
        .then(|| Stat::new("Fallbacks", format::count(s.fallbacks), "cache-fallbacks"));
    let lost = (s.lost_writes > 0).then(|| {
        Stat::new(
            "Lost writes",
            format::count(s.lost_writes),
            "cache-lost-writes",
        )
    });
    Stat::hit_ratio(s)
        .into_iter()
        .chain(fallbacks)
        .chain(lost)
        .collect()
}
