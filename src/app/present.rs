//! Presenting: the embed mode (`?embed=1`: canvas and charts only, the run starts by itself)
//! and the presenter's keyboard shortcuts (`f`, `1`–`9`, `?` and its overlay). Space and the
//! editing keys (undo, redo, delete, Escape) are handled by the app shell; the overlay lists
//! them too.

use crate::format::{SPEEDS, speed_label};
use crate::state::AppState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Every shortcut, as (keys, what it does), for the overlay.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "Run / pause"),
    ("F", "Fit the diagram to the view"),
    ("1 – 9", "Speed presets, slowest to fastest"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Delete, Backspace", "Delete the selection"),
    ("Escape", "Deselect, close panels and popovers"),
    ("?", "Show or hide this list"),
];

/// Whether a query string (`?a=1&embed=1`) asks for the embed mode: an `embed` parameter
/// that is not `0`, `false` or `no`.
pub fn is_embed(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == "embed").then_some(value)
        })
        .any(|v| !matches!(v.to_ascii_lowercase().as_str(), "0" | "false" | "no"))
}

/// The speed a digit key selects: `'1'` the slowest preset, `'9'` the ninth.
pub fn speed_for_key(key: &str) -> Option<f64> {
    let digit = key.parse::<usize>().ok().filter(|d| (1..=9).contains(d))?;
    SPEEDS.get(digit - 1).copied()
}

/// Whether the page was opened in embed mode.
pub fn embed_mode() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| is_embed(&s))
}

/// State of the shortcuts overlay, provided as context by [`install`].
#[derive(Clone, Copy)]
pub struct Present {
    /// Whether the shortcuts overlay is open.
    pub shortcuts_open: RwSignal<bool>,
}

/// Installs the shortcut keys and, in embed mode, marks `<html class="embed">` (the CSS hides
/// the editing UI) and starts the run once the app has mounted.
pub fn install(state: AppState) {
    let present = Present {
        shortcuts_open: RwSignal::new(false),
    };
    provide_context(present);
    if embed_mode() {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.class_list().add_1("embed");
        }
        // The first-load hint is hidden in embed mode; the view must not leave room for it.
        state.hint_visible.set(false);
        request_animation_frame(move || {
            if !state.running.get_untracked() {
                state.toggle_run();
            }
            state.fit();
        });
    }
    let share = use_context::<crate::share::link::ShareState>();
    let keys = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape"
            && let Some(share) = share
        {
            share.info.set(None);
        }
        on_key(&state, &present, &e);
    });
    on_cleanup(move || keys.remove());
}

/// Whether a key event comes from a text field (where keys belong to the field).
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            ) || el.get_attribute("contenteditable").is_some()
        })
}

fn on_key(state: &AppState, present: &Present, e: &web_sys::KeyboardEvent) {
    if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
        return;
    }
    let key = e.key();
    match key.as_str() {
        "f" | "F" => {
            e.prevent_default();
            state.fit();
        }
        "?" => {
            e.prevent_default();
            present.shortcuts_open.update(|o| *o = !*o);
        }
        "Escape" => present.shortcuts_open.set(false),
        _ => {
            if let Some(speed) = speed_for_key(&key) {
                e.prevent_default();
                state.speed.set(speed);
                state.toast(
                    crate::state::ToastKind::Info,
                    format!("Speed {}", speed_label(speed)),
                );
            }
        }
    }
}

/// In embed mode the inspector is hidden; a clicked component or connection gets its "Break
/// it" buttons over the canvas, so a presenter can crash, slow, partition and recover live.
#[component]
pub fn LiveFaults() -> impl IntoView {
    use crate::inspector::faults::{ComponentFaults, ConnectionFaults};
    use crate::state::Selection;
    let state = expect_context::<AppState>();
    let sel = Memo::new(move |_| state.selection.get());
    let name = move || {
        state.scenario.with(|s| match sel.get() {
            Selection::None => String::new(),
            Selection::Component(id) => s
                .component(&id)
                .map(|c| c.display_name().to_string())
                .unwrap_or(id),
            Selection::Connection { from, to } => {
                let n = |id: &str| {
                    s.component(id)
                        .map(|c| c.display_name().to_string())
                        .unwrap_or_else(|| id.to_string())
                };
                format!("{} → {}", n(&from), n(&to))
            }
        })
    };
    view! {
        <Show when=move || sel.with(|s| *s != Selection::None)>
            <div class="live-faults" data-testid="live-faults" role="dialog" aria-label="Break it">
                <div class="popover-head">
                    <h3>{name}</h3>
                    <button
                        class="btn icon-btn ghost"
                        aria-label="Close"
                        on:click=move |_| state.selection.set(Selection::None)
                    >
                        <crate::kinds::icons::UiIcon name="close" size=16 />
                    </button>
                </div>
                {move || match sel.get() {
                    Selection::None => ().into_any(),
                    Selection::Component(id) => view! { <ComponentFaults id=id /> }.into_any(),
                    Selection::Connection { from, to } => {
                        view! { <ConnectionFaults from=from to=to /> }.into_any()
                    }
                }}
            </div>
        </Show>
    }
}

/// The list of shortcuts, toggled with `?`.
#[component]
pub fn ShortcutsOverlay() -> impl IntoView {
    let present = expect_context::<Present>();
    view! {
        <Show when=move || present.shortcuts_open.get()>
            <div
                class="popover shortcuts-panel"
                data-testid="shortcuts"
                role="dialog"
                aria-label="Keyboard shortcuts"
            >
                <div class="popover-head">
                    <h3>"Keyboard shortcuts"</h3>
                    <button
                        class="btn icon-btn ghost"
                        aria-label="Close"
                        on:click=move |_| present.shortcuts_open.set(false)
                    >
                        <crate::kinds::icons::UiIcon name="close" size=16 />
                    </button>
                </div>
                <dl class="shortcut-list">
                    {SHORTCUTS
                        .iter()
                        .map(|(keys, what)| {
                            view! {
                                <dt>
                                    <kbd>{*keys}</kbd>
                                </dt>
                                <dd>{*what}</dd>
                            }
                        })
                        .collect_view()}
                </dl>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_flag_in_the_query() {
        assert!(is_embed("?embed=1"));
        assert!(is_embed("?x=2&embed"));
        assert!(is_embed("embed=yes"));
        assert!(!is_embed(""));
        assert!(!is_embed("?embed=0"));
        assert!(!is_embed("?embed=false"));
        assert!(!is_embed("?embedded=1"));
    }

    #[test]
    fn digits_pick_speed_presets() {
        assert_eq!(speed_for_key("1"), Some(SPEEDS[0]));
        assert_eq!(speed_for_key("3"), Some(1.0));
        assert_eq!(speed_for_key("9"), Some(SPEEDS[8]));
        assert_eq!(speed_for_key("0"), None);
        assert_eq!(speed_for_key("10"), None);
        assert_eq!(speed_for_key("x"), None);
    }

    #[test]
    fn the_list_names_every_key_the_app_handles() {
        let keys: Vec<&str> = SHORTCUTS.iter().map(|(k, _)| *k).collect();
        for k in ["Space", "F", "?", "Ctrl+Z", "Escape"] {
            assert!(keys.iter().any(|x| x.contains(k)), "{k} missing");
        }
    }
}
