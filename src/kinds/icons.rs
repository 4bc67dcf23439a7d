//! Inline SVG icons (24×24, stroked, in the style of Lucide): the toolbar's, and each
//! component kind's (drawn in the kind's file). Kept as markup strings so the same icon renders in HTML and inside the
//! diagram's SVG.

use archsim_engine::Kind;
use leptos::prelude::*;

/// The inner markup of a kind's icon.
pub fn kind_markup(kind: Kind) -> &'static str {
    super::look(kind).icon
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
        "pulse" => r#"<path d="M22 12h-4l-3 9L9 3l-3 9H2"/>"#,
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
