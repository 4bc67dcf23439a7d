//! Autosave: every change to the scenario is written to localStorage (debounced), and a
//! reload without a link in the URL opens it again. A storage failure is shown once.

use crate::engine::Scenario;
use crate::state::{AppState, ToastKind, local_storage};
use leptos::prelude::*;
use std::time::Duration;

/// Where the work in progress is kept.
pub const AUTOSAVE_KEY: &str = "archsim.autosave";

/// How long the scenario must stay unchanged before it is written (a drag is many edits).
pub const AUTOSAVE_DELAY_MS: u64 = 500;

/// The autosaved scenario, if there is one that still reads.
pub fn autosaved() -> Option<Scenario> {
    let text = local_storage()?.get_item(AUTOSAVE_KEY).ok().flatten()?;
    Scenario::from_json(&text).ok()
}

/// Writes `scenario` to localStorage; the error is a sentence for the user.
pub fn save(scenario: &Scenario) -> Result<(), String> {
    let storage = local_storage()
        .ok_or("this browser does not let archsim use local storage (private mode?)")?;
    storage
        .set_item(AUTOSAVE_KEY, &scenario.to_json_pretty())
        .map_err(|e| crate::share::download::js_error("the browser refused to store it", &e))
}

/// Saves the scenario [`AUTOSAVE_DELAY_MS`] after each change. The first failure is shown
/// as a toast (later ones would repeat it); a success after a failure re-arms it. Nothing is
/// saved in embed mode.
pub fn install_autosave(state: AppState) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let warned = StoredValue::new(false);
    Effect::new(move |_| {
        state.scenario.track();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                pending.set_value(None);
                let result = state.scenario.with_untracked(|s| {
                    crate::share::link::forget_stale_link(s);
                    save(s)
                });
                match result {
                    Ok(()) => warned.set_value(false),
                    Err(e) if !warned.get_value() => {
                        warned.set_value(true);
                        state.toast(
                            ToastKind::Error,
                            format!("Autosave failed: {e}. Use Save to keep your work as a file."),
                        );
                    }
                    Err(_) => {}
                }
            },
            Duration::from_millis(AUTOSAVE_DELAY_MS),
        );
        pending.set_value(handle.ok());
    });
}
