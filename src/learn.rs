//! Learning with archsim: the gallery of lessons, challenges and examples ("Learn" in the
//! toolbar), the deep links `?lesson=<id>`, `?challenge=<id>` and `?example=<id>`, the lesson
//! player and the challenge panel.
//!
//! Lessons and examples are files served beside the app, fetched when first needed
//! (`library`), so opening one is asynchronous: fetch, then open. Opening replaces the scenario
//! as one undo step: the work that was there (also the autosaved work, which a deep link would
//! otherwise overwrite) is one Undo away. An unknown id, or a file that does not arrive, says
//! so and leaves the work alone.

pub mod catalog;
pub mod challenge;
pub mod context;
pub mod gallery;
pub mod library;
pub mod player;
pub mod thumb;

use crate::learn::catalog::{CardKind, wanted, without_wanted};
pub use crate::learn::context::Learn;
use crate::learn::context::Shelf;
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Provides [`Learn`] and opens what the page's query asks for.
pub fn install(state: AppState) -> Learn {
    let learn = Learn::new();
    provide_context(learn);
    let Some(window) = web_sys::window() else {
        return learn;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let Some(want) = wanted(&search) else {
        return learn;
    };
    let hash = location.hash().unwrap_or_default();
    let linked = crate::share::link::link_fragment(&hash).is_some();
    // Once opened, a lesson's or example's query goes: a reload then restores the autosaved
    // work. A challenge's stays while it is attempted (the challenge sets it).
    if want.kind != CardKind::Challenge {
        let plain = format!(
            "{}{}{hash}",
            location.pathname().unwrap_or_default(),
            without_wanted(&search),
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&plain));
        }
    }
    if linked {
        // A page that asks for both shows the link in its fragment, which opens at once: the
        // query's lesson or example, arriving later, would otherwise cover it. A challenge
        // with a link is a solution to grade: the challenge opens on the linked design.
        if want.kind == CardKind::Challenge {
            match catalog::known(CardKind::Challenge, &want.id) {
                Some(id) => challenge::open(state, learn, id, true),
                None => unknown(state, CardKind::Challenge, &want.id),
            }
        }
        return learn;
    }
    open_card(state, learn, want.kind, &want.id);
    learn
}

/// Opens lesson or example `id` once its files have arrived, or says there is none or what
/// failed.
pub fn open_card(state: AppState, learn: Learn, kind: CardKind, id: &str) {
    let Some(id) = catalog::known(kind, id) else {
        unknown(state, kind, id);
        return;
    };
    match kind {
        CardKind::Lesson => player::open(state, learn, id),
        CardKind::Challenge => challenge::open(state, learn, id, false),
        CardKind::Example => {
            let request = learn.request();
            leptos::task::spawn_local(async move {
                let example = library::example(id).await;
                if !learn.is_latest(request) {
                    return;
                }
                match example {
                    Ok(scenario) => {
                        if learn.playing.with_untracked(Option::is_some) {
                            player::close(state, learn);
                        }
                        if learn.attempt.with_untracked(Option::is_some) {
                            challenge::close(state, learn);
                        }
                        let name = scenario.name.clone();
                        state.replace_scenario(scenario);
                        state.toast(
                            ToastKind::Info,
                            format!("Opened the example '{name}'. Undo brings back what you had."),
                        );
                    }
                    Err(why) => state.toast(ToastKind::Error, library::failure(kind, id, &why)),
                }
            });
        }
    }
}

/// Opens or closes the gallery; opening it the first time fetches its cards (again, if some
/// did not arrive last time).
pub fn toggle_gallery(learn: Learn) {
    let open = !learn.open.get_untracked();
    learn.open.set(open);
    let load = learn.shelf.with_untracked(|shelf| match shelf {
        Shelf::Empty => true,
        Shelf::Loading => false,
        Shelf::Loaded { failed, .. } => !failed.is_empty(),
    });
    if open && load {
        learn.shelf.set(Shelf::Loading);
        leptos::task::spawn_local(async move {
            let (cards, failed) = library::cards().await;
            learn.shelf.set(Shelf::Loaded {
                cards: Arc::new(cards),
                failed,
            });
        });
    }
}

fn unknown(state: AppState, kind: CardKind, id: &str) {
    state.toast(
        ToastKind::Error,
        format!(
            "There is no {} called '{id}'; Learn in the toolbar lists them all. Your \
             current scenario is unchanged.",
            kind.word()
        ),
    );
}
