//! Inline SVG icons (24×24, stroked, in the style of Lucide): one per component kind, plus
//! the toolbar's. Kept as markup strings so the same icon renders in HTML and inside the
//! diagram's SVG.

use archsim_engine::Kind;
use leptos::prelude::*;

/// The inner markup of a kind's icon.
pub fn kind_markup(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => {
            r#"<circle cx="9" cy="7" r="4"/><path d="M2 21v-2a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v2"/><path d="M16 3.13a4 4 0 0 1 0 7.75"/><path d="M22 21v-2a4 4 0 0 0-3-3.87"/>"#
        }
        Kind::LoadBalancer => {
            r#"<rect x="8" y="2" width="8" height="5" rx="1"/><path d="M12 7v4M5 15v-2.5h14V15M12 11v4"/><rect x="2" y="15" width="6" height="6" rx="1"/><rect x="9" y="15" width="6" height="6" rx="1"/><rect x="16" y="15" width="6" height="6" rx="1"/>"#
        }
        Kind::Service => {
            r#"<rect x="3" y="3" width="18" height="8" rx="2"/><rect x="3" y="13" width="18" height="8" rx="2"/><path d="M7 7h.01M7 17h.01M11 7h6M11 17h6"/>"#
        }
        Kind::Cache => r#"<path d="M13 2 4 14h7l-1 8 9-12h-7l1-8z"/>"#,
        Kind::Database => {
            r#"<ellipse cx="12" cy="5" rx="8" ry="3"/><path d="M4 5v14c0 1.66 3.58 3 8 3s8-1.34 8-3V5"/><path d="M4 12c0 1.66 3.58 3 8 3s8-1.34 8-3"/>"#
        }
        Kind::Queue => {
            r#"<rect x="2" y="7" width="4" height="10" rx="1"/><rect x="8" y="7" width="4" height="10" rx="1"/><rect x="14" y="7" width="4" height="10" rx="1"/><path d="M20 12h2M21 10.5 22.5 12 21 13.5"/>"#
        }
        // A gauge with its needle held back.
        Kind::RateLimiter => {
            r#"<path d="M3.34 19a10 10 0 1 1 17.32 0"/><path d="m12 14-4-4"/><circle cx="12" cy="14" r="1.5"/>"#
        }
        // A bucket, as object stores call their containers.
        Kind::BlobStorage => {
            r#"<ellipse cx="12" cy="5.5" rx="8" ry="2.5"/><path d="m4 5.5 1.8 13.2c.2 1.5 2.9 2.8 6.2 2.8s6-1.3 6.2-2.8L20 5.5"/><path d="M5 11.5c1.5 1 4 1.5 7 1.5s5.5-.5 7-1.5"/>"#
        }
        // A signpost: a name pointing the way to an address.
        Kind::Dns => {
            r#"<path d="M12 2.5v19M9 21.5h6"/><path d="M5 5h11l3 2.5L16 10H5z"/><path d="M19 12.5H8l-3 2.5 3 2.5h11z"/>"#
        }
        // A globe: a service out on the internet.
        Kind::ExternalApi => {
            r#"<circle cx="12" cy="12" r="9.5"/><path d="M12 2.5a14 14 0 0 0 0 19 14 14 0 0 0 0-19"/><path d="M2.5 12h19"/>"#
        }
        // A key fanning out to three shards.
        Kind::ShardRouter => {
            r#"<circle cx="5" cy="12" r="2.5"/><path d="M7.5 12H11M11 5v14M11 5h4M11 12h4M11 19h4"/><rect x="15" y="3" width="6" height="4" rx="1"/><rect x="15" y="10" width="6" height="4" rx="1"/><rect x="15" y="17" width="6" height="4" rx="1"/>"#
        }

        // Edge nodes around the world: a hub with copies at its ends.
        Kind::Cdn => {
            r#"<circle cx="12" cy="12" r="3"/><circle cx="4.5" cy="5" r="2"/><circle cx="19.5" cy="5" r="2"/><circle cx="4.5" cy="19" r="2"/><circle cx="19.5" cy="19" r="2"/><path d="m6 6.5 3.8 3.5M18 6.5l-3.8 3.5M6 17.5l3.8-3.5M18 17.5l-3.8-3.5"/>"#
        }
        // A gate: one entry that forks to several routes.
        Kind::ApiGateway => {
            r#"<rect x="2" y="8" width="6" height="8" rx="1"/><path d="M8 12h4M12 12l4-6h5M12 12h9M12 12l4 6h5"/><path d="m19 4 2 2-2 2M19 16l2 2-2 2"/>"#
        }
    }
}

/// The inner markup of a toolbar icon by name.
pub fn ui_markup(name: &str) -> &'static str {
    match name {
        "play" => r#"<path d="M7 4.5v15l12-7.5z" fill="currentColor"/>"#,
        "pause" => {
            r#"<rect x="6" y="4.5" width="4" height="15" rx="1" fill="currentColor"/><rect x="14" y="4.5" width="4" height="15" rx="1" fill="currentColor"/>"#
        }
        "fast" => {
            r#"<path d="M3 5v14l9-7z" fill="currentColor"/><path d="M12 5v14l9-7z" fill="currentColor"/>"#
        }
        "step" => r#"<path d="M5 5v14l10-7z" fill="currentColor"/><path d="M19 5v14"/>"#,
        "reset" => r#"<path d="M3 12a9 9 0 1 0 3-6.7L3 8"/><path d="M3 3v5h5"/>"#,
        "undo" => r#"<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>"#,
        "redo" => r#"<path d="m15 14 5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>"#,
        "zoom-in" => r#"<circle cx="11" cy="11" r="7"/><path d="m21 21-4.3-4.3M11 8v6M8 11h6"/>"#,
        "zoom-out" => r#"<circle cx="11" cy="11" r="7"/><path d="m21 21-4.3-4.3M8 11h6"/>"#,
        "fit" => {
            r#"<path d="M3 8V5a2 2 0 0 1 2-2h3M16 3h3a2 2 0 0 1 2 2v3M21 16v3a2 2 0 0 1-2 2h-3M8 21H5a2 2 0 0 1-2-2v-3"/>"#
        }
        "trash" => r#"<path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6"/><path d="M10 11v6M14 11v6"/>"#,
        "help" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01"/>"#
        }
        "alert" => {
            r#"<path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"/><path d="M12 9v4M12 17h.01"/>"#
        }
        "close" => r#"<path d="M18 6 6 18M6 6l12 12"/>"#,
        "bolt" => r#"<path d="M13 2 4 14h7l-1 8 9-12h-7l1-8z"/>"#,
        "menu" => r#"<path d="M4 6h16M4 12h16M4 18h16"/>"#,
        "sliders" => {
            r#"<path d="M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3M1 14h6M9 8h6M17 16h6"/>"#
        }
        "more" => {
            r#"<circle cx="5" cy="12" r="1.6" fill="currentColor"/><circle cx="12" cy="12" r="1.6" fill="currentColor"/><circle cx="19" cy="12" r="1.6" fill="currentColor"/>"#
        }
        "contrast" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor"/>"#
        }
        "book" => {
            r#"<path d="M2 4h6a4 4 0 0 1 4 4v12a3 3 0 0 0-3-3H2zM22 4h-6a4 4 0 0 0-4 4v12a3 3 0 0 1 3-3h7z"/>"#
        }
        _ => "",
    }
}

/// A kind's icon as an inline `<svg>` of `size` CSS pixels.
#[component]
pub fn KindIcon(kind: Kind, #[prop(default = 20)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="icon"
            width=size
            height=size
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            inner_html=kind_markup(kind)
        ></svg>
    }
}

/// A toolbar icon by name as an inline `<svg>` of `size` CSS pixels.
#[component]
pub fn UiIcon(name: &'static str, #[prop(default = 18)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="icon"
            width=size
            height=size
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            inner_html=ui_markup(name)
        ></svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_icon() {
        let icons: Vec<&str> = Kind::ALL.into_iter().map(kind_markup).collect();
        for (kind, icon) in Kind::ALL.into_iter().zip(&icons) {
            assert!(icon.starts_with('<') && icon.ends_with("/>"), "{kind:?}");
            assert_eq!(icons.iter().filter(|i| *i == icon).count(), 1, "{kind:?}");
        }
    }
}
