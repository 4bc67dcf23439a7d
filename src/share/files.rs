//! Scenario files and fresh starts: export the scenario as `.json` (the schema the CLI reads),
//! import one with every problem listed, and "New" (after asking) for a client-and-service starter.

use crate::engine::codec::import_json;
use crate::engine::{Kind, Pos, Scenario};
use crate::share::download::{download_text, file_name};
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;

/// The question "New" asks before discarding the current scenario.
pub const NEW_CONFIRM: &str =
    "Start a new scenario? The current one is replaced (export it as JSON first to keep it).";

/// What "New" opens: a client calling a service, with default traffic, run and SLO settings.
pub fn starter_scenario() -> Scenario {
    let mut s = Scenario {
        version: crate::engine::SCENARIO_VERSION,
        name: "Untitled".to_string(),
        description: String::new(),
        components: Vec::new(),
        connections: Vec::new(),
        faults: Vec::new(),
        run: Default::default(),
        slo: Default::default(),
        network: Default::default(),
    };
    let client = crate::editor::edit::place_new(&s, Kind::Client, Pos { x: 120.0, y: 200.0 });
    let client_id = client.id.clone();
    s.components.push(client);
    let service = crate::editor::edit::place_new(&s, Kind::Service, Pos { x: 420.0, y: 200.0 });
    let service_id = service.id.clone();
    s.components.push(service);
    // Connecting two fresh components cannot fail; if it ever did, the starter would merely
    // show a "not connected" problem.
    let _ = crate::editor::edit::Edit::connect(&s, &client_id, &service_id).apply(&mut s);
    s
}

/// Downloads the scenario as `<name>.json`.
pub fn export_json(state: &AppState) {
    let (name, json) = state
        .scenario
        .with_untracked(|s| (file_name(&s.name, "json"), s.to_json_pretty()));
    match download_text(&name, "application/json", &json) {
        Ok(()) => state.toast(ToastKind::Info, format!("Saved {name}")),
        Err(e) => state.toast(ToastKind::Error, format!("Export failed: {e}")),
    }
}

/// Opens the text of a scenario file: on success it replaces the scenario and every
/// validation problem is listed; otherwise the error says what is wrong and nothing changes.
pub fn open_json(state: &AppState, file: &str, text: &str) {
    match import_json(text) {
        Ok((scenario, problems)) => {
            let name = scenario.name.clone();
            state.replace_scenario(scenario);
            if problems.is_empty() {
                state.toast(ToastKind::Info, format!("Opened '{name}' from {file}"));
            } else {
                let n = problems.len();
                state.problems_open.set(true);
                state.toast(
                    ToastKind::Error,
                    format!(
                        "Opened '{name}' from {file} with {n} problem{} — see the list",
                        if n == 1 { "" } else { "s" }
                    ),
                );
            }
        }
        Err(e) => state.toast(
            ToastKind::Error,
            format!("Could not open {file}: {e} Your current scenario is unchanged."),
        ),
    }
}

/// Asks, then replaces the scenario with [`starter_scenario`].
pub fn new_scenario(state: &AppState) {
    let ok = web_sys::window()
        .and_then(|w| w.confirm_with_message(NEW_CONFIRM).ok())
        .unwrap_or(false);
    if ok {
        state.replace_scenario(starter_scenario());
        state.toast(
            ToastKind::Info,
            "New scenario: drag components from the left to build it",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_a_valid_client_and_service() {
        let s = starter_scenario();
        assert_eq!(s.components.len(), 2);
        assert_eq!(s.components[0].params.kind(), Kind::Client);
        assert_eq!(s.connections.len(), 1);
        let errors: Vec<_> = crate::engine::validate(&s)
            .into_iter()
            .filter(|p| p.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn an_exported_file_imports_to_the_same_scenario() {
        let s = crate::default_scenario();
        let (back, problems) = import_json(&s.to_json_pretty())
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, s);
        assert!(problems.iter().all(|p| !p.is_error()));
    }
}
