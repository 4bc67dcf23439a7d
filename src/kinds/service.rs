//! The service as the app shows it (its [`Look`]): its palette line, inspector paragraph,
//! icon, the line under its name on the canvas, its autoscaling, the sessions it lost.

use crate::engine::{Autoscale, ComponentSummary, Kind, Params, Sessions, Size};
use crate::format;
use crate::kinds::{Group, Look, Section, Stat, machine_figures, no_note};

pub(super) const LOOK: Look = Look {
    kind: Kind::Service,
    group: Group::Compute,
    blurb: "App servers with a worker pool",
    concept: "A stateless application server. Capacity is instances × workers; when all workers are \
         busy requests wait in the queue, and when the queue is full they are rejected.",
    icon: r#"<rect x="3" y="3" width="18" height="8" rx="2"/><rect x="3" y="13" width="18" height="8" rx="2"/><path d="M7 7h.01M7 17h.01M11 7h6M11 17h6"/>"#,
    summary,
    pool_chart: true,
    stats,
    figures: machine_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[Section::Resize],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Service(p) = params else {
        return String::new();
    };
    // The line holds 22 characters: with sessions, "workers" gives way to where they live.
    let state = match p.sessions {
        Sessions::None => None,
        Sessions::Memory => Some("stateful"),
        Sessions::Store => Some("stateless"),
    };
    // On a named size, the size stands for its workers ("3 × large").
    let (per, unit) = match p.size {
        Size::Custom => (p.workers.to_string(), " workers"),
        size => (size.name().to_string(), ""),
    };
    let line = match (&p.autoscale, state) {
        (Some(a), _) => format!("{}–{} × {per} · auto", a.min_instances, a.max_instances),
        (None, Some(state)) => format!("{} × {per} · {state}", p.instances),
        (None, None) => format!("{} × {per}{unit}", p.instances),
    };
    if line.chars().count() > 22 {
        format!("{} × {per}", p.instances)
    } else {
        line
    }
}

/// Its live numbers: the signed-in users it logged out (sessions in memory).
fn stats(s: &ComponentSummary) -> Vec<Stat> {
    (s.sessions_lost > 0)
        .then(|| {
            Stat::new(
                "Sessions lost",
                format::count(s.sessions_lost),
                "live-sessions-lost",
            )
        })
        .into_iter()
        .collect()
}

/// A service's autoscaler, when it has one.
pub fn autoscale(params: &Params) -> Option<&Autoscale> {
    match params {
        Params::Service(p) => p.autoscale.as_ref(),
        _ => None,
    }
}
