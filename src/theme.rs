//! Light and dark: which one is on, and the colours the canvases draw with in each.
//!
//! The stylesheet holds its own colours (`light-dark()` in `style/main.css`, switched by the
//! `data-theme` attribute of `<html>`); the canvases (charts, dots) cannot read CSS, so their
//! colours are the [`Palette`]s below, and a test keeps them readable on their background.

use archsim_engine::HopOutcome;
use plotters::style::RGBColor;

/// The colour scheme the app is shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// Where the user's choice is kept (absent: follow the system).
const STORAGE_KEY: &str = "archsim-theme";

/// The projector scales, in the order the toolbar's button steps through them.
pub const SCALES: [f64; 3] = [1.0, 1.5, 2.0];

/// Where the projector scale is kept (absent: 1×).
const SCALE_KEY: &str = "archsim-scale";

/// The scale after `scale` in [`SCALES`], wrapping around.
pub fn next_scale(scale: f64) -> f64 {
    let i = SCALES.iter().position(|s| *s == scale).unwrap_or(0);
    SCALES[(i + 1) % SCALES.len()]
}

/// The stored projector scale, if it is one of [`SCALES`]; else 1×.
pub fn initial_scale() -> f64 {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(SCALE_KEY).ok().flatten())
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| SCALES.contains(v))
        .unwrap_or(1.0)
}

/// Enlarges the panels by `scale` (`--ui-scale` on `<html>`, which the stylesheet reads) and
/// keeps it for the next visit.
pub fn apply_scale(scale: f64) {
    let window = web_sys::window();
    if let Some(root) = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = root.style().set_property("--ui-scale", &scale.to_string());
    }
    if let Some(storage) = window.and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if scale == 1.0 {
            storage.remove_item(SCALE_KEY)
        } else {
            storage.set_item(SCALE_KEY, &scale.to_string())
        };
    }
}

impl Theme {
    /// The other one.
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// `light` or `dark`: the value of `<html data-theme>` and of the stored choice.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Parses [`Theme::name`]; anything else is `None`.
    pub fn from_name(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The canvas colours of this theme.
    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

/// The theme to start in: the user's stored choice, else the system's
/// (`prefers-color-scheme`).
pub fn initial() -> Theme {
    stored().unwrap_or_else(system)
}

/// Calls `f` with the system's new colour scheme whenever it changes while the user has not
/// chosen one.
pub fn on_system_change(f: impl Fn(Theme) + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(query) = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
    else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(move || {
        if stored().is_none() {
            f(system());
        }
    });
    let _ = query.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    listener.forget();
}

/// The user's stored choice, if any.
fn stored() -> Option<Theme> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|v| Theme::from_name(&v))
}

/// The system's colour scheme.
pub fn system() -> Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

/// Shows the page in `theme` (sets `<html data-theme>`, which the stylesheet follows).
pub fn apply(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.name());
    }
}

/// Keeps the user's choice for the next visit; choosing what the system already shows
/// forgets it, so the app follows the system again.
pub fn remember(theme: Theme) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let _ = if theme == system() {
        storage.remove_item(STORAGE_KEY)
    } else {
        storage.set_item(STORAGE_KEY, theme.name())
    };
}

/// The colours of the charts and of the dots in one theme, so that they agree with the
/// stylesheet on what "success" or "rejected" looks like.
#[derive(Clone, Debug, PartialEq)]
pub struct Palette {
    /// Panel background.
    pub background: RGBColor,
    /// Body text.
    pub text: RGBColor,
    /// Tick labels: stronger than [`Palette::muted`] so they survive a washed-out projector.
    pub label: RGBColor,
    /// Secondary text, hints.
    pub muted: RGBColor,
    /// Axis lines.
    pub axis: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Accent: selection, requests on their way, utilization.
    pub accent: RGBColor,
    /// A successful request, an up window.
    pub success: RGBColor,
    /// A response served from a cache.
    pub cache_hit: RGBColor,
    /// A failed request, a down window.
    pub error: RGBColor,
    /// Warnings, thresholds, and requests refused because a queue was full.
    pub warning: RGBColor,
    /// Shading behind a chart where a component was down.
    pub down_tint: RGBColor,
    /// Median latency.
    pub p50: RGBColor,
    /// 95th percentile latency.
    pub p95: RGBColor,
    /// 99th percentile latency: the strongest, because it matters most.
    pub p99: RGBColor,
    /// Queue length, next to utilization.
    pub queue: RGBColor,
}

/// Slate text on white; Tailwind's 600 shades for series.
pub static LIGHT: Palette = Palette {
    background: RGBColor(0xff, 0xff, 0xff),
    text: RGBColor(0x1e, 0x29, 0x3b),
    label: RGBColor(0x47, 0x55, 0x69),
    muted: RGBColor(0x64, 0x74, 0x8b),
    axis: RGBColor(0x94, 0xa3, 0xb8),
    grid: RGBColor(0xe2, 0xe8, 0xf0),
    accent: RGBColor(0x25, 0x63, 0xeb),
    success: RGBColor(0x16, 0xa3, 0x4a),
    cache_hit: RGBColor(0x0d, 0x94, 0x88),
    error: RGBColor(0xdc, 0x26, 0x26),
    warning: RGBColor(0xd9, 0x77, 0x06),
    down_tint: RGBColor(0xfe, 0xe2, 0xe2),
    p50: RGBColor(0x0d, 0x94, 0x88),
    p95: RGBColor(0x25, 0x63, 0xeb),
    p99: RGBColor(0x6d, 0x28, 0xd9),
    queue: RGBColor(0x7c, 0x3a, 0xed),
};

/// Light slate text on slate-800; Tailwind's 400 shades for series, which keep the light
/// theme's hues and stand out on a dark panel.
pub static DARK: Palette = Palette {
    background: RGBColor(0x1e, 0x29, 0x3b),
    text: RGBColor(0xe2, 0xe8, 0xf0),
    label: RGBColor(0xcb, 0xd5, 0xe1),
    muted: RGBColor(0x94, 0xa3, 0xb8),
    axis: RGBColor(0x64, 0x74, 0x8b),
    grid: RGBColor(0x33, 0x41, 0x55),
    accent: RGBColor(0x60, 0xa5, 0xfa),
    success: RGBColor(0x4a, 0xde, 0x80),
    cache_hit: RGBColor(0x2d, 0xd4, 0xbf),
    error: RGBColor(0xf8, 0x71, 0x71),
    warning: RGBColor(0xfb, 0xbf, 0x24),
    down_tint: RGBColor(0x4c, 0x1d, 0x24),
    p50: RGBColor(0x2d, 0xd4, 0xbf),
    p95: RGBColor(0x60, 0xa5, 0xfa),
    p99: RGBColor(0xc4, 0xb5, 0xfd),
    queue: RGBColor(0xa7, 0x8b, 0xfa),
};

impl Palette {
    /// A request refused because a queue was full: a warning, not a crash.
    pub fn rejected(&self) -> RGBColor {
        self.warning
    }

    /// A message lost on a partitioned connection.
    pub fn lost(&self) -> RGBColor {
        self.muted
    }

    /// The colour of a message of this outcome in the animation.
    pub fn outcome(&self, outcome: HopOutcome) -> RGBColor {
        match outcome {
            HopOutcome::Ok => self.success,
            HopOutcome::CacheHit => self.cache_hit,
            HopOutcome::Error => self.error,
            HopOutcome::Rejected => self.rejected(),
            HopOutcome::Lost => self.lost(),
        }
    }
}

/// `#rrggbb` for a colour, e.g. to build a canvas `fillStyle`.
pub fn css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

/// WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    fn luminance(c: RGBColor) -> f64 {
        let channel = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.040_45 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        let (black, white) = (RGBColor(0, 0, 0), RGBColor(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic "just passes AA" grey: 4.54:1.
        assert!((contrast(RGBColor(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
    }

    /// Text needs 4.5:1 on its background (WCAG AA), lines and areas 3:1 (non-text
    /// contrast), in both themes: the charts must read as well in the dark.
    #[test]
    fn every_theme_is_readable_on_its_background() {
        for theme in [Theme::Light, Theme::Dark] {
            let p = theme.palette();
            for (name, c) in [("text", p.text), ("label", p.label), ("muted", p.muted)] {
                let r = contrast(c, p.background);
                assert!(r >= 4.5, "{theme:?} {name} is {r:.2}:1 on the background");
            }
            for (name, c) in [
                ("accent", p.accent),
                ("success", p.success),
                ("cache_hit", p.cache_hit),
                ("error", p.error),
                ("warning", p.warning),
                ("p50", p.p50),
                ("p95", p.p95),
                ("p99", p.p99),
                ("queue", p.queue),
            ] {
                let r = contrast(c, p.background);
                assert!(r >= 3.0, "{theme:?} {name} is {r:.2}:1 on the background");
            }
            // The down shading must stay behind the data: text on it still reads.
            let r = contrast(p.text, p.down_tint);
            assert!(r >= 4.5, "{theme:?} text on the down shading is {r:.2}:1");
        }
    }

    #[test]
    fn the_scale_button_steps_through_every_scale_and_back() {
        let mut s = 1.0;
        let mut seen = Vec::new();
        for _ in 0..SCALES.len() {
            s = next_scale(s);
            seen.push(s);
        }
        assert_eq!(seen, [1.5, 2.0, 1.0]);
        assert_eq!(next_scale(3.7), 1.5, "an unknown scale starts over");
    }

    #[test]
    fn a_theme_survives_its_name() {
        for t in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_name(t.name()), Some(t));
            assert_eq!(t.toggled().toggled(), t);
        }
        assert_eq!(Theme::from_name("sepia"), None);
    }
}
