//! The database as the app shows it (its [`Look`]): its palette line, inspector paragraph,
//! icon, the line under its name on the canvas, the figures its replication brings.

use crate::engine::{Kind, Params, Replication, ReplicationMode, Size};
use crate::kinds::{Figure, Group, Look, Section, no_note, no_stats};

pub(super) const LOOK: Look = Look {
    kind: Kind::Database,
    group: Group::Data,
    blurb: "Durable store, pooled connections",
    concept: "The durable store. Its connection pool bounds how many queries run at once — often the \
         bottleneck that appears as traffic grows. Read replicas take the reads off the primary.",
    icon: r#"<ellipse cx="12" cy="5" rx="8" ry="3"/><path d="M4 5v14c0 1.66 3.58 3 8 3s8-1.34 8-3V5"/><path d="M4 12c0 1.66 3.58 3 8 3s8-1.34 8-3"/>"#,
    summary,
    pool_chart: true,
    stats: no_stats,
    figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[Section::Resize],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Database(p) = params else {
        return String::new();
    };
    match (&p.replication, p.size) {
        (Some(r), Size::Custom) => format!(
            "{} conn · {}",
            p.connections,
            replication_mode_short(r.mode)
        ),
        (Some(r), size) => format!("{} · {}", size.name(), replication_mode_short(r.mode)),
        (None, Size::Custom) => format!("{} connections", p.connections),
        (None, size) => format!("{} · {} conn", size.name(), p.connections()),
    }
}

/// "async", "sync", "semi-sync": how a replicated database commits, in a word.
pub fn replication_mode_short(mode: ReplicationMode) -> &'static str {
    match mode {
        ReplicationMode::Sync => "sync",
        ReplicationMode::SemiSync => "semi-sync",
        ReplicationMode::Async => "async",
    }
}

/// What replication costs, when it has replicas.
fn figures(params: &Params) -> &'static [Figure] {
    match (replication(params).is_some(), params.size().is_custom()) {
        (true, true) => &[Figure::Replication],
        (true, false) => &[Figure::Replication, Figure::Machines],
        (false, true) => &[],
        (false, false) => &[Figure::Machines],
    }
}

/// A database's replication, when it has replicas.
pub fn replication(params: &Params) -> Option<&Replication> {
    match params {
        Params::Database(p) => p.replication.as_ref(),
        _ => None,
    }
}
