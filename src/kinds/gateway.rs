//! The API gateway as the app shows it (its [`Look`]): its palette line, inspector
//! paragraph, icon, the line under its name on the canvas, its live numbers, its routes and
//! its summary-strip figures.

use crate::engine::{ComponentSummary, Kind, Params, RateLimit};
use crate::format;
use crate::kinds::{Figure, Group, Look, Section, Stat, no_note};

pub(super) const LOOK: Look = Look {
    kind: Kind::ApiGateway,
    group: Group::Edge,
    blurb: "One entry point: auth, routing",
    concept: "A single entry point between clients and backend services: it authenticates and \
         validates every request, can rate-limit, and forwards each to the service its path \
         routes to. Set the routes on its outgoing connections.",
    // A gate: one entry that forks to several routes.
    icon: r#"<rect x="2" y="8" width="6" height="8" rx="1"/><path d="M8 12h4M12 12l4-6h5M12 12h9M12 12l4 6h5"/><path d="m19 4 2 2-2 2M19 16l2 2-2 2"/>"#,
    summary,
    pool_chart: false,
    stats,
    figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[Section::Routes],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::ApiGateway(p) = params else {
        return String::new();
    };
    let check = format::ms(p.overhead.mean_ms());
    match p.rate_limit {
        Some(RateLimit::TokenBucket { rate_rps, .. })
        | Some(RateLimit::LeakyBucket { rate_rps, .. }) => {
            format!("{check} · ≤{} rps", format::plain(rate_rps))
        }
        Some(_) => format!("{check} · limited"),
        None => format!("auth {check}"),
    }
}

/// Its live number: the requests whose path matched no route.
fn stats(s: &ComponentSummary) -> Vec<Stat> {
    vec![Stat {
        bad: s.edge.no_route > 0,
        ..Stat::new("404s", format::count(s.edge.no_route), "live-no-route")
    }]
}

/// The 404s, and the 429s when it limits the rate.
fn figures(params: &Params) -> &'static [Figure] {
    match params {
        Params::ApiGateway(p) if p.rate_limit.is_some() => &[Figure::RateLimited, Figure::NoRoute],
        _ => &[Figure::NoRoute],
    }
}
