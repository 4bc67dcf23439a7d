//! Scenario files and fresh starts: export the scenario as `.json` (the schema the CLI reads),
//! import one with every problem listed, and "New" (after asking) for a client-and-service starter.

use crate::engine::codec::import_json;
use crate::engine::{Kind, Pos, Scenario};
use crate::share::link::replace_scenario;
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// The question "New" asks before discarding the current scenario.
pub const NEW_CONFIRM: &str =
    "Start a new scenario? The current one is replaced (export it as JSON first to keep it).";

/// A file name for a scenario called `name`: letters, digits, `-` and `_` kept, runs of
/// anything else become one `-`; `scenario` if nothing is left. Ends in `extension`.
pub fn file_name(name: &str, extension: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_matches('-').chars().take(80).collect();
    let stem = if stem.is_empty() { "scenario" } else { &stem };
    format!("{stem}.{extension}")
}

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

/// Makes the browser download `text` as a file called `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| js_error("could not make the file", &e))?;
    download_blob(name, &blob)
}

/// Makes the browser download `blob` as a file called `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|e| js_error("could not make the file", &e))?;
    download_url(name, &url)?;
    // Revoked a little later: some browsers read the object URL after `click` returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(30),
    );
    Ok(())
}

/// Makes the browser download `url` (an object or data URL) as a file called `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("there is no document")?;
    let a = document
        .create_element("a")
        .map_err(|e| js_error("could not start the download", &e))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "could not start the download".to_string())?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// A sentence from a JavaScript error.
pub fn js_error(what: &str, e: &JsValue) -> String {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".to_string());
    format!("{what}: {detail}")
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
            replace_scenario(state, scenario);
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
        replace_scenario(state, starter_scenario());
        state.toast(
            ToastKind::Info,
            "New scenario: drag components from the left to build it",
        );
    }
}

/// The File menu (New, Open, Save as JSON, and the exports) and the Share button.
#[component]
pub fn FileButtons() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = el.files().and_then(|f| f.get(0)) else {
            return;
        };
        // Cleared so choosing the same file again fires `change` again.
        el.set_value("");
        let name = file.name();
        let read = file.text();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(read).await {
                Ok(text) => match text.as_string() {
                    Some(text) => open_json(&state, &name, &text),
                    None => state.toast(ToastKind::Error, format!("Could not read {name}")),
                },
                Err(e) => state.toast(
                    ToastKind::Error,
                    js_error(&format!("Could not read {name}"), &e),
                ),
            }
        });
    };
    // Like any menu: Escape or a press anywhere outside closes it.
    let anchor = NodeRef::<leptos::html::Div>::new();
    let keys = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" {
            open.set(false);
        }
    });
    let presses =
        window_event_listener(leptos::ev::pointerdown, move |e: web_sys::PointerEvent| {
            if !open.get_untracked() {
                return;
            }
            let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let inside = anchor
                .get_untracked()
                .is_some_and(|a| a.contains(target.as_ref()));
            if !inside {
                open.set(false);
            }
        });
    on_cleanup(move || {
        keys.remove();
        presses.remove();
    });
    // Each item closes the menu, then acts.
    let item = move |f: fn(&AppState)| {
        move |_| {
            open.set(false);
            f(&state);
        }
    };
    view! {
        <div class="tb-group file-group" role="group" aria-label="File">
            <div class="menu-anchor" node_ref=anchor>
                <button
                    class="btn"
                    data-testid="file-menu"
                    title="New, open, save and export"
                    aria-haspopup="menu"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    "File"
                </button>
                <input
                    node_ref=input
                    class="visually-hidden"
                    data-testid="import-file"
                    type="file"
                    accept=".json,application/json"
                    tabindex="-1"
                    aria-hidden="true"
                    on:change=on_file
                />
                <Show when=move || open.get()>
                    <div class="popover file-menu" role="menu" data-testid="file-menu-list">
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="new"
                            on:click=item(new_scenario)
                        >
                            "New…"
                        </button>
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="import-json"
                            on:click=move |_| {
                                open.set(false);
                                if let Some(i) = input.get() {
                                    i.click();
                                }
                            }
                        >
                            "Open JSON file…"
                        </button>
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="export-json"
                            on:click=item(export_json)
                        >
                            "Save as JSON file"
                        </button>
                        <div class="menu-sep" role="separator"></div>
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="export-svg"
                            on:click=item(crate::share::export::export_diagram_svg)
                        >
                            "Export diagram as SVG"
                        </button>
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="export-png"
                            on:click=item(crate::share::export::export_diagram_png)
                        >
                            "Export diagram as PNG"
                        </button>
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="export-charts"
                            on:click=item(crate::share::export::export_charts_png)
                        >
                            "Export charts as PNG"
                        </button>
                        <button
                            class="menu-item"
                            role="menuitem"
                            data-testid="export-csv"
                            on:click=item(crate::share::export::export_metrics_csv)
                        >
                            "Export metrics as CSV"
                        </button>
                    </div>
                </Show>
            </div>
            <crate::share::link::ShareButton />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_never_empty() {
        assert_eq!(file_name("Web app", "json"), "Web-app.json");
        assert_eq!(file_name("  ../../etc/passwd ", "json"), "etc-passwd.json");
        assert_eq!(file_name("<img src=x>", "svg"), "img-src-x.svg");
        assert_eq!(file_name("", "csv"), "scenario.csv");
        assert_eq!(file_name("***", "csv"), "scenario.csv");
        assert_eq!(file_name("Café_v2", "json"), "Café_v2.json");
    }

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
