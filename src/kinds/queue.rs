//! The message queue as the app shows it (its [`Look`]): its palette line, inspector
//! paragraph, icon and the line under its name on the canvas.

use crate::engine::{Kind, Params};
use crate::kinds::{Group, Look, no_figures, no_note, no_stats};

pub(super) const LOOK: Look = Look {
    kind: Kind::Queue,
    group: Group::Async,
    blurb: "Buffers work for consumers",
    concept: "Decouples producers from consumers: it acknowledges at once and absorbs bursts, and \
         consumers work through the backlog at their own pace.",
    icon: r#"<rect x="2" y="7" width="4" height="10" rx="1"/><rect x="8" y="7" width="4" height="10" rx="1"/><rect x="14" y="7" width="4" height="10" rx="1"/><path d="M20 12h2M21 10.5 22.5 12 21 13.5"/>"#,
    summary,
    pool_chart: true,
    stats: no_stats,
    figures: no_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::Queue(p) = params else {
        return String::new();
    };
    format!("{} consumers", p.consumers)
}
