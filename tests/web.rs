//! Browser tests of the app crate: wasm-bindgen-test in headless Chromium.
//!
//! `cargo test --target wasm32-unknown-unknown -p archsim-web` runs them (scripts/test.sh does,
//! with `CHROMEDRIVER=/usr/bin/chromedriver`; `webdriver.json` beside Cargo.toml says which
//! Chromium and which flags). Each test mounts into its own container so tests never see each
//! other's DOM. Natively this file is empty: the DOM exists only in the browser.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh `<div>` appended to the page's `<body>`.
fn container() -> HtmlElement {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a browser document");
    let div = document
        .create_element("div")
        .expect("create <div>")
        .unchecked_into::<HtmlElement>();
    document
        .body()
        .expect("<body>")
        .append_child(&div)
        .expect("append to <body>");
    div
}

/// The element with `data-testid="{test_id}"` inside `parent`.
fn by_test_id(parent: &HtmlElement, test_id: &str) -> HtmlElement {
    parent
        .query_selector(&format!("[data-testid='{test_id}']"))
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
        .unchecked_into::<HtmlElement>()
}

/// Lets the reactive system run the effects that a signal change scheduled.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn a_mounted_view_renders_updates_on_click_and_unmounts_cleanly() {
    let parent = container();
    let handle = leptos::mount::mount_to(parent.clone(), || {
        let (clicks, set_clicks) = signal(0_u32);
        view! {
            <button data-testid="counter" on:click=move |_| set_clicks.update(|n| *n += 1)>
                "clicked " {clicks} " times"
            </button>
            <p data-testid="parity">{move || if clicks.get() % 2 == 0 { "even" } else { "odd" }}</p>
        }
    });

    let button = by_test_id(&parent, "counter");
    assert_eq!(button.text_content().as_deref(), Some("clicked 0 times"));
    assert_eq!(by_test_id(&parent, "parity").inner_text(), "even");

    button.click();
    button.click();
    button.click();
    settle().await;
    assert_eq!(button.text_content().as_deref(), Some("clicked 3 times"));
    assert_eq!(by_test_id(&parent, "parity").inner_text(), "odd");

    // Dropping the handle disposes the reactive owner and removes the view from the DOM.
    drop(handle);
    assert!(
        parent
            .query_selector("[data-testid]")
            .expect("valid selector")
            .is_none(),
        "unmounting should remove the view, left: {}",
        parent.inner_html()
    );
}
