//! Blob storage and an external API as the app shows them: their palette lines,
//! inspector paragraphs, icons and the line under their names on the canvas.

use crate::engine::{Kind, Params};
use crate::format;
use crate::kinds::{Group, Look, no_figures, no_note, no_stats};

pub(super) const BLOB_STORAGE: Look = Look {
    kind: Kind::BlobStorage,
    group: Group::Data,
    blurb: "Object store for files (S3-like)",
    concept: "Stores binary large objects — images, videos, backups — cheaply and reliably, like \
         Amazon S3. It answers in parallel after a network latency and rarely fails.",
    // A bucket, as object stores call their containers.
    icon: r#"<ellipse cx="12" cy="5.5" rx="8" ry="2.5"/><path d="m4 5.5 1.8 13.2c.2 1.5 2.9 2.8 6.2 2.8s6-1.3 6.2-2.8L20 5.5"/><path d="M5 11.5c1.5 1 4 1.5 7 1.5s5.5-.5 7-1.5"/>"#,
    summary,
    pool_chart: false,
    stats: no_stats,
    figures: no_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

pub(super) const EXTERNAL_API: Look = Look {
    kind: Kind::ExternalApi,
    group: Group::External,
    blurb: "Third-party service you call",
    concept: "A third-party service your system depends on (payments, email, maps). You do not \
         control its latency or its errors; its slow tail and failures become yours.",
    // A globe: a service out on the internet.
    icon: r#"<circle cx="12" cy="12" r="9.5"/><path d="M12 2.5a14 14 0 0 0 0 19 14 14 0 0 0 0-19"/><path d="M2.5 12h19"/>"#,
    summary,
    pool_chart: false,
    stats: no_stats,
    figures: no_figures,
    note: no_note,
    link_in: None,
    link_out: None,
    sections: &[],
};

/// The line under its name on the canvas.
fn summary(params: &Params) -> String {
    let (Params::BlobStorage(p) | Params::ExternalApi(p)) = params else {
        return String::new();
    };
    let latency = format::ms(p.latency.mean_ms());
    if p.error_rate > 0.0 {
        let pct = (p.error_rate * 1000.0).round() / 10.0;
        format!("{latency} · {} % err", format::plain(pct))
    } else {
        latency
    }
}
