//! Learning with archsim: the gallery of lessons and examples ("Learn" in the toolbar), the
//! deep links `?lesson=<id>` and `?example=<id>`, and the lesson player.
//!
//! Opening a lesson or an example replaces the scenario as one undo step: the work that was
//! there (also the autosaved work, which a deep link would otherwise overwrite) is one Undo
//! away. An unknown id says so and leaves the work alone.

pub mod catalog;
pub mod context;
pub mod gallery;
pub mod player;
pub mod thumb;

use crate::learn::catalog::{CardKind, Wanted, example, lesson, wanted, without_wanted};
pub use crate::learn::context::Learn;
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Provides [`Learn`] and opens what the page's query asks for.
pub fn install(state: AppState) -> Learn {
    let learn = Learn {
        open: RwSignal::new(false),
        playing: RwSignal::new(None),
    };
    provide_context(learn);
    let Some(window) = web_sys::window() else {
        return learn;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let Some(want) = wanted(&search) else {
        return learn;
    };
    // Once opened, the query goes: a reload then restores the autosaved work.
    let plain = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        without_wanted(&search),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&plain));
    }
    match want {
        Wanted::Lesson(id) => open_card(state, learn, CardKind::Lesson, &id),
        Wanted::Example(id) => open_card(state, learn, CardKind::Example, &id),
    }
    learn
}

/// Opens lesson or example `id`, or says there is none.
pub fn open_card(state: AppState, learn: Learn, kind: CardKind, id: &str) {
    match kind {
        CardKind::Lesson => match lesson(id) {
            Some(l) => player::start(state, learn, l),
            None => unknown(state, "lesson", id),
        },
        CardKind::Example => match example(id) {
            Ok(scenario) => {
                if learn.playing.with_untracked(Option::is_some) {
                    player::close(state, learn);
                }
                let name = scenario.name.clone();
                state.replace_scenario(scenario);
                state.toast(
                    ToastKind::Info,
                    format!("Opened the example '{name}'. Undo brings back what you had."),
                );
            }
            Err(_) => unknown(state, "example", id),
        },
    }
}

fn unknown(state: AppState, what: &str, id: &str) {
    state.toast(
        ToastKind::Error,
        format!(
            "There is no {what} called '{id}'; Learn in the toolbar lists them all. Your \
             current scenario is unchanged."
        ),
    );
}
