//! Menus and popovers close like any menu: on Escape, or on a press anywhere outside them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Sets `open` to false on Escape, or on a pointer press outside `anchor` (the element that
/// holds both the button and what it opens). The listeners go when the calling component does.
pub fn on_escape_or_outside(open: RwSignal<bool>, anchor: NodeRef<leptos::html::Div>) {
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
}
