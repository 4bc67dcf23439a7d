//! The app shell: layout (toolbar, palette, canvas, inspector, dashboard), keyboard
//! shortcuts, toasts, the first-load hint, autosave of the last good state and the frame loop.

pub mod announce;
pub mod overlay;
pub mod present;
pub mod toolbar;

use crate::app::toolbar::Toolbar;
use crate::dashboard::Dashboard;
use crate::editor::diagram::Diagram;
use crate::editor::palette::Palette;
use crate::engine::Scenario;
use crate::inspector::Inspector;
use crate::state::{AppState, ToastKind, save_last_good};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The whole app around an initial scenario.
#[component]
pub fn App(scenario: Scenario) -> impl IntoView {
    let state = AppState::new(scenario);
    provide_context(state);
    let learn = crate::learn::install(state);
    // A link in the fragment opens after a deep link's query (a page asking for both shows
    // the link); a lesson link plays in the lesson player.
    crate::share::link::install(state, move |lesson| {
        crate::learn::player::start_shared(state, learn, lesson)
    });
    // An embedded slide or course page only shows a scenario; it must not overwrite the
    // visitor's own work in progress.
    if !crate::app::present::embed_mode() {
        crate::share::storage::install_autosave(state);
    }
    crate::app::present::install(state);

    // Autosave: the last scenario without errors is what the crash overlay restores.
    Effect::new(move || {
        let ok = state.problems.with(|p| !p.iter().any(|p| p.is_error()));
        if ok {
            state.scenario.with(save_last_good);
        }
    });

    // The page follows the theme; so does the system's setting, until the user chooses.
    Effect::new(move || crate::theme::apply(state.theme.get()));
    Effect::new(move || crate::theme::apply_scale(state.ui_scale.get()));
    crate::theme::on_system_change(move |theme| state.theme.set(theme));

    // On a narrow screen, selecting something opens the inspector drawer with its live
    // figures (a tap on a phone); deselecting closes it, unless the analysis is on (the
    // drawer then shows it).
    Effect::new(move || {
        let selected = state
            .selection
            .with(|s| *s != crate::state::Selection::None);
        if crate::state::drawers() {
            state
                .inspector_open
                .set(selected || state.analysis_open.get_untracked());
        }
    });

    let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        on_key(&state, learn, &e);
    });
    on_cleanup(move || keys.remove());

    view! {
        <div
            class="app"
            data-testid="app"
            class:palette-open=move || state.palette_open.get()
            class:inspector-open=move || state.inspector_open.get()
        >
            <Toolbar />
            <Palette />
            <main class="stage" aria-label="Architecture canvas">
                <p class="phone-note" data-testid="phone-note">
                    "Viewing on a small screen: open archsim on a wider one to edit."
                </p>
                <Diagram />
                <crate::learn::player::Player />
                <crate::learn::challenge::ChallengePanel />
                <crate::app::toolbar::ToEndPanel />
                {crate::app::present::embed_mode()
                    .then(|| view! { <crate::app::present::LiveFaults /> })}
            </main>
            <Inspector />
            <Dashboard />
            <Toasts />
            <crate::app::announce::Announcer />
            <crate::app::present::ShortcutsOverlay />
            <crate::learn::gallery::Gallery />
        </div>
    }
}

/// Whether a key event comes from a text field (where keys belong to the field).
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.get_attribute("contenteditable").is_some()
}

fn on_key(state: &AppState, learn: crate::learn::Learn, e: &web_sys::KeyboardEvent) {
    if typing(e) {
        return;
    }
    if !(e.ctrl_key() || e.meta_key() || e.alt_key())
        && crate::learn::player::on_key(*state, learn, &e.key())
    {
        e.prevent_default();
        return;
    }
    let ctrl = e.ctrl_key() || e.meta_key();
    let key = e.key();
    match key.as_str() {
        "z" | "Z" if ctrl && e.shift_key() => {
            e.prevent_default();
            state.redo();
        }
        "z" | "Z" if ctrl => {
            e.prevent_default();
            state.undo();
        }
        "y" | "Y" if ctrl => {
            e.prevent_default();
            state.redo();
        }
        "Delete" | "Backspace" if !ctrl => {
            e.prevent_default();
            state.delete_selection();
        }
        "Escape" => {
            state.selection.set(crate::state::Selection::None);
            state.help_open.set(false);
            state.problems_open.set(false);
            learn.open.set(false);
            state.palette_open.set(false);
            state.inspector_open.set(false);
        }
        " " => {
            // Space toggles the run unless a button or link has focus (it presses that).
            let on_control = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| matches!(el.tag_name().to_ascii_lowercase().as_str(), "button" | "a"))
                .unwrap_or(false);
            if !on_control {
                e.prevent_default();
                state.toggle_run();
            }
        }
        _ => {}
    }
}

/// The stack of toasts in the top centre.
#[component]
fn Toasts() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="toasts" aria-live="polite">
            <For
                each=move || state.toasts.get()
                key=|t| t.id
                children=move |t| {
                    let id = t.id;
                    let class = if t.kind == ToastKind::Error { "toast error" } else { "toast" };
                    view! {
                        <div class=class data-testid="toast" role="status">
                            <span>{t.text.clone()}</span>
                            <button
                                class="toast-close"
                                aria-label="Dismiss"
                                on:click=move |_| state.toasts.update(|v| v.retain(|x| x.id != id))
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}
