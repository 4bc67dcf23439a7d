//! The client as the app shows it (its [`Look`]): its palette line, inspector paragraph,
//! icon, the line under its name on the canvas, its request paths and the figure its
//! retries bring.

use crate::engine::{Kind, Params, Traffic};
use crate::format;
use crate::kinds::{Figure, Group, Look, Section, no_note, no_stats};

pub(super) const LOOK: Look = Look {
    kind: Kind::Client,
    group: Group::Traffic,
    blurb: "Users sending requests",
    concept: "Where requests are born and where end-to-end latency is measured. Open traffic keeps \
         arriving however slow the system gets; closed traffic waits for each answer.",
    icon: r#"<circle cx="9" cy="7" r="4"/><path d="M2 21v-2a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v2"/><path d="M16 3.13a4 4 0 0 1 0 7.75"/><path d="M22 21v-2a4 4 0 0 0-3-3.87"/>"#,
    summary,
    pool_chart: false,
    stats: no_stats,
    figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[Section::RequestPaths, Section::Envelope],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Client(p) = params else {
        return String::new();
    };
    let traffic = match &p.traffic {
        Traffic::Open { rate, .. } => {
            let rates = rate.rates();
            let max = rates.iter().copied().fold(0.0, f64::max);
            let min = rates.iter().copied().fold(f64::INFINITY, f64::min);
            if (max - min).abs() < 1e-9 {
                format!("{} rps", format::plain(max))
            } else {
                format!("{}–{} rps", format::plain(min), format::plain(max))
            }
        }
        Traffic::Closed { users, .. } => format!("{users} users"),
    };
    match p.paths.len() {
        0 => traffic,
        1 => format!("{traffic} · 1 path"),
        n => format!("{traffic} · {n} paths"),
    }
}

/// Duplicate writes, when it retries.
fn figures(params: &Params) -> &'static [Figure] {
    match params {
        Params::Client(p) if p.retry.max_retries > 0 => &[Figure::DuplicateWrites],
        _ => &[],
    }
}
