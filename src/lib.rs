//! archsim's browser app (placeholder until the app shell lands).
pub mod charts;
pub mod edit;
use leptos::prelude::*;

/// Installs the panic hook and mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <p>"archsim"</p> });
}
