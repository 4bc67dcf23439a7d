//! The crash overlay: a panic never leaves a dead or blank page. The hook logs the panic,
//! then builds an overlay with plain DOM calls (the reactive system may be unusable after a
//! panic) whose buttons are plain JavaScript: reload with the last good scenario, or with
//! the example.

use crate::state::{LAST_GOOD_KEY, RESTORE_KEY};
use std::panic::PanicHookInfo;

/// Installs the panic hook: console message plus the overlay.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        console_error_panic_hook::hook(info);
        show_overlay(&panic_message(info));
    }));
}

/// The panic's message without the payload type noise.
fn panic_message(info: &PanicHookInfo<'_>) -> String {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".to_string());
    match info.location() {
        Some(l) => format!("{payload} ({}:{})", l.file(), l.line()),
        None => payload,
    }
}

/// Shows the overlay (once; later panics only add their message).
pub fn show_overlay(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(existing) = doc.get_element_by_id("crash-message") {
        let old = existing.text_content().unwrap_or_default();
        existing.set_text_content(Some(&format!("{old}\n{message}")));
        return;
    }
    let Ok(root) = doc.create_element("div") else {
        return;
    };
    root.set_class_name("crash-overlay");
    let _ = root.set_attribute("data-testid", "crash-overlay");
    let _ = root.set_attribute("role", "alertdialog");
    let restore = format!("localStorage.setItem('{RESTORE_KEY}','1');location.reload()");
    let fresh = format!(
        "localStorage.removeItem('{RESTORE_KEY}');localStorage.removeItem('{LAST_GOOD_KEY}');location.reload()"
    );
    root.set_inner_html(&format!(
        r#"<div class="crash-card">
  <h2>Something went wrong</h2>
  <p>archsim hit an internal error and stopped. Your last valid diagram was saved in this browser.</p>
  <pre id="crash-message" data-testid="crash-message"></pre>
  <div class="crash-actions">
    <button class="btn primary" data-testid="crash-restore" onclick="{restore}">Restore last state</button>
    <button class="btn" data-testid="crash-fresh" onclick="{fresh}">Start from the example</button>
  </div>
</div>"#
    ));
    if let Some(body) = doc.body() {
        let _ = body.append_child(&root);
    }
    if let Some(pre) = doc.get_element_by_id("crash-message") {
        pre.set_text_content(Some(message));
    }
}
