//! The load balancer as the app shows it (its [`Look`]): its palette line, inspector
//! paragraph, icon, the line under its name on the canvas, the backends its health probes
//! took out while they were up.

use crate::engine::{ComponentSummary, Kind, LbStrategy, Params};
use crate::format;
use crate::kinds::{Group, Look, Stat, no_figures, no_note};

pub(super) const LOOK: Look = Look {
    kind: Kind::LoadBalancer,
    group: Group::Edge,
    blurb: "Spreads requests over backends",
    concept: "Distributes requests across the components it connects to so no single server is \
         overwhelmed, and with health checks routes around backends that stop answering.",
    icon: r#"<rect x="8" y="2" width="8" height="5" rx="1"/><path d="M12 7v4M5 15v-2.5h14V15M12 11v4"/><rect x="2" y="15" width="6" height="6" rx="1"/><rect x="9" y="15" width="6" height="6" rx="1"/><rect x="16" y="15" width="6" height="6" rx="1"/>"#,
    summary,
    pool_chart: false,
    stats,
    figures: no_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::LoadBalancer(p) = params else {
        return String::new();
    };
    match p.strategy {
        LbStrategy::RoundRobin => "round robin",
        LbStrategy::WeightedRoundRobin => "weighted round robin",
        LbStrategy::LeastConnections => "least connections",
        LbStrategy::Random => "random",
        LbStrategy::HashKey => "key hash",
        LbStrategy::Sticky => "sticky sessions",
    }
    .to_string()
}

/// Its live numbers: healthy backends its probes took out (a probe timeout on a slow link).
fn stats(s: &ComponentSummary) -> Vec<Stat> {
    (s.false_suspicions > 0)
        .then(|| {
            Stat::new(
                "False suspicions",
                format::count(s.false_suspicions),
                "live-false-suspicions",
            )
        })
        .into_iter()
        .collect()
}
