//! Component tests of the real app in headless Chromium (wasm-bindgen-test): mount `App` with
//! the default scenario into a fresh container and check what the DOM shows after clicks.
//!
//! `cargo test --target wasm32-unknown-unknown -p archsim-web --test app_dom`
#![cfg(target_arch = "wasm32")]

use archsim_web::app::App;
use archsim_web::default_scenario;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh `<div>` with a real size, appended to `<body>`.
fn container() -> HtmlElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    let div = document
        .create_element("div")
        .expect("create <div>")
        .unchecked_into::<HtmlElement>();
    div.set_attribute("style", "width:1280px;height:720px;position:relative")
        .expect("style");
    document
        .body()
        .expect("<body>")
        .append_child(&div)
        .expect("append");
    div
}

fn count(parent: &HtmlElement, selector: &str) -> u32 {
    parent
        .query_selector_all(selector)
        .expect("valid selector")
        .length()
}

fn by_test_id(parent: &HtmlElement, id: &str) -> HtmlElement {
    parent
        .query_selector(&format!("[data-testid='{id}']"))
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
        .unchecked_into::<HtmlElement>()
}

async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

const NODES: &str = "[data-node]";
const EDGES: &str = "[data-edge]";

#[wasm_bindgen_test]
async fn the_default_diagram_has_seven_components_and_eight_connections() {
    let parent = container();
    let handle = leptos::mount::mount_to(parent.clone(), || {
        view! { <App scenario=default_scenario() /> }
    });
    settle().await;
    assert_eq!(count(&parent, NODES), 7);
    assert_eq!(count(&parent, EDGES), 8);
    assert!(count(&parent, "[data-testid='node-users']") == 1);
    assert!(count(&parent, "[data-testid='edge-lb-api-2']") == 1);
    // Every kind of the engine is in the palette.
    assert_eq!(
        count(&parent, ".pal-item"),
        archsim_engine::Kind::ALL.len() as u32
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn clicking_a_palette_item_adds_and_selects_a_component_and_undo_removes_it() {
    let parent = container();
    let handle = leptos::mount::mount_to(parent.clone(), || {
        view! { <App scenario=default_scenario() /> }
    });
    settle().await;
    by_test_id(&parent, "palette-database").click();
    settle().await;
    assert_eq!(count(&parent, NODES), 8);
    assert_eq!(count(&parent, "[data-testid='node-database-2']"), 1);
    // The inspector shows the new component.
    let name = by_test_id(&parent, "component-name").unchecked_into::<web_sys::HtmlInputElement>();
    assert_eq!(name.value(), "Database 2");

    by_test_id(&parent, "undo").click();
    settle().await;
    assert_eq!(count(&parent, NODES), 7);
    by_test_id(&parent, "redo").click();
    settle().await;
    assert_eq!(count(&parent, NODES), 8);
    drop(handle);
}

#[wasm_bindgen_test]
async fn step_advances_one_window_and_nodes_show_live_state() {
    let parent = container();
    let handle = leptos::mount::mount_to(parent.clone(), || {
        view! { <App scenario=default_scenario() /> }
    });
    settle().await;
    assert_eq!(count(&parent, "[data-testid='node-live']"), 0);
    by_test_id(&parent, "step").click();
    settle().await;
    let clock = by_test_id(&parent, "clock")
        .text_content()
        .unwrap_or_default();
    assert!(clock.starts_with("1.0 s"), "clock reads {clock}");
    assert_eq!(count(&parent, "[data-testid='node-live']"), 7);
    let requests = by_test_id(&parent, "summary-requests")
        .text_content()
        .unwrap_or_default();
    assert_ne!(
        requests, "0",
        "one simulated second of 300 rps generated requests"
    );
    // Reset goes back to an idle diagram.
    by_test_id(&parent, "reset").click();
    settle().await;
    assert_eq!(count(&parent, "[data-testid='node-live']"), 0);
    drop(handle);
}

#[wasm_bindgen_test]
async fn crashing_a_selected_component_marks_it_down() {
    let parent = container();
    let handle = leptos::mount::mount_to(parent.clone(), || {
        view! { <App scenario=default_scenario() /> }
    });
    settle().await;
    by_test_id(&parent, "step").click();
    settle().await;
    // Select API 2 as a pointer would: pointerdown and pointerup on its box.
    let node = by_test_id(&parent, "node-api-2");
    let box_el = node
        .query_selector(".node-box")
        .expect("selector")
        .expect("a node box");
    for kind in ["pointerdown", "pointerup"] {
        let init = web_sys::PointerEventInit::new();
        init.set_bubbles(true);
        init.set_button(0);
        let ev = web_sys::PointerEvent::new_with_event_init_dict(kind, &init).expect("event");
        box_el.dispatch_event(&ev).expect("dispatch");
    }
    settle().await;
    by_test_id(&parent, "crash").click();
    settle().await;
    let class = node.get_attribute("class").unwrap_or_default();
    assert!(class.contains("down"), "class = {class}");
    assert!(node.text_content().unwrap_or_default().contains("DOWN"));
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_crash_overlay_shows_the_message_and_a_way_back() {
    archsim_web::app::overlay::show_overlay("index out of bounds (src/example.rs:1)");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let overlay = document
        .query_selector("[data-testid='crash-overlay']")
        .expect("selector")
        .expect("the overlay is shown");
    let text = overlay.text_content().unwrap_or_default();
    assert!(text.contains("Something went wrong"), "{text}");
    assert!(text.contains("index out of bounds"), "{text}");
    let restore = document
        .query_selector("[data-testid='crash-restore']")
        .expect("selector")
        .expect("a restore button");
    assert!(
        restore
            .get_attribute("onclick")
            .unwrap_or_default()
            .contains("archsim.restore")
    );
    // A second panic adds its message instead of stacking overlays.
    archsim_web::app::overlay::show_overlay("second");
    assert_eq!(
        document
            .query_selector_all("[data-testid='crash-overlay']")
            .expect("selector")
            .length(),
        1
    );
    overlay.remove();
}

#[wasm_bindgen_test]
fn restore_after_a_crash_loads_the_last_good_scenario_once() {
    use archsim_web::state::{LAST_GOOD_KEY, RESTORE_KEY, initial_scenario, local_storage};
    let storage = local_storage().expect("localStorage");
    let mut saved = default_scenario();
    saved.name = "Restored".to_string();
    saved.components.truncate(2);
    storage
        .set_item(LAST_GOOD_KEY, &saved.to_json_pretty())
        .expect("set");
    // Without the overlay's request, a fresh page opens with the default.
    assert_eq!(initial_scenario(default_scenario()).components.len(), 7);
    storage.set_item(RESTORE_KEY, "1").expect("set");
    let restored = initial_scenario(default_scenario());
    assert_eq!(restored.name, "Restored");
    assert_eq!(restored.components.len(), 2);
    // The request is used up: the next load is normal again.
    assert_eq!(storage.get_item(RESTORE_KEY).ok().flatten(), None);
    // A corrupt saved state falls back to the default instead of failing.
    storage.set_item(LAST_GOOD_KEY, "{not json").expect("set");
    storage.set_item(RESTORE_KEY, "1").expect("set");
    assert_eq!(initial_scenario(default_scenario()).components.len(), 7);
    let _ = storage.remove_item(LAST_GOOD_KEY);
}
