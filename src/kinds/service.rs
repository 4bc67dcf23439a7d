//! The service as the app shows it (its [`Look`]): its palette line, inspector paragraph,
//! icon, the line under its name on the canvas, its autoscaling, the sessions it lost.

use crate::engine::{Autoscale, ComponentSummary, Kind, Params, Sessions};
use crate::format;
use crate::kinds::{Group, Look, Section, Stat, no_figures, no_note};

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
    figures: no_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[Section::Autoscaling],
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
    match (&p.autoscale, state) {
        (Some(a), _) => format!(
            "{}–{} × {} · auto",
            a.min_instances, a.max_instances, p.workers
        ),
        (None, Some(state)) => format!("{} × {} · {state}", p.instances, p.workers),
        (None, None) => format!("{} × {} workers", p.instances, p.workers),
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
