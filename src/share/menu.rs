//! The File menu (New, Open, Save as JSON, the exports) and the Share button beside it.

use crate::share::download::js_error;
use crate::share::files::{export_json, new_scenario, open_json};
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    crate::dismiss::on_escape_or_outside(open, anchor);
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
