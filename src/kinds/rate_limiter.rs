//! The rate limiter as the app shows it (its [`Look`]): its palette line, inspector
//! paragraph, icon, the line under its name on the canvas, its summary-strip figure.

use crate::engine::{Kind, Params, RateLimit};
use crate::format;
use crate::kinds::{Figure, Group, Look, no_note, no_stats};

pub(super) const LOOK: Look = Look {
    kind: Kind::RateLimiter,
    group: Group::Edge,
    blurb: "Caps request rate, answers 429",
    concept: "Controls how many requests get through in a time frame. Requests over the limit are \
         answered at once with 429 Too Many Requests — the system protecting itself — and the \
         rest go on to what it connects to.",
    // A gauge with its needle held back.
    icon: r#"<path d="M3.34 19a10 10 0 1 1 17.32 0"/><path d="m12 14-4-4"/><circle cx="12" cy="14" r="1.5"/>"#,
    summary,
    pool_chart: false,
    stats: no_stats,
    figures: |_| &[Figure::RateLimited],
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let Params::RateLimiter(p) = params else {
        return String::new();
    };
    match p.algorithm {
        RateLimit::TokenBucket { rate_rps, .. } => {
            format!("bucket · {} rps", format::plain(rate_rps))
        }
        RateLimit::LeakyBucket { rate_rps, .. } => {
            format!("leaky · {} rps", format::plain(rate_rps))
        }
        RateLimit::FixedWindow { limit, window_ms }
        | RateLimit::SlidingLog { limit, window_ms }
        | RateLimit::SlidingCounter { limit, window_ms } => {
            format!("{limit} per {}", format::ms(window_ms))
        }
    }
}
