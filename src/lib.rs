//! archsim's browser app: build an architecture, run it, watch requests flow, break things.
//!
//! ```text
//!  pointer / key event ──► edit command (editor/edit.rs, inverse) ──► Scenario signal
//!                                                                      │
//!        ┌──────────────── validate() ◄─────────────────────────────────┤
//!        ▼                                                              ▼
//!   inspector / problems                           Simulation (archsim_engine), stepped per
//!                                                  animation frame within an event budget
//!                                                      │ hops            │ windows, live
//!                                                      ▼                 ▼
//!                                            dots on a <canvas>    charts, node bars
//! ```
//!
//! The model is plain data ([`archsim_engine::Scenario`]) held in one signal; everything on
//! screen is derived from it and from the run. Effects only push outward (canvases,
//! localStorage). Pure logic — transforms, dot interpolation and sampling, number formatting,
//! the frame budget — lives in modules that `cargo test --lib` runs natively.
//!
//! ```
//! use archsim_web::editor::geom::{Pt, View};
//! let v = View { pan: Pt::new(10.0, 0.0), zoom: 2.0 };
//! assert_eq!(v.screen_from_world(Pt::new(5.0, 5.0)), Pt::new(20.0, 10.0));
//! ```

pub mod analysis;
pub mod app;
pub mod dashboard;
pub mod dismiss;
pub mod editor;
pub mod format;
pub mod inspector;
pub mod kinds;
pub mod learn;
pub mod run;
pub mod share;
pub mod state;
pub mod theme;

/// The simulation engine the app drives.
pub use archsim_engine as engine;

use archsim_engine::Scenario;

/// The architecture a new visitor sees.
pub const DEFAULT_SCENARIO_JSON: &str = include_str!("../examples/web-app.json");

/// The default scenario (the web app example), or an empty one if it could not be parsed.
pub fn default_scenario() -> Scenario {
    Scenario::from_json(DEFAULT_SCENARIO_JSON).unwrap_or_else(|_| Scenario {
        version: archsim_engine::SCENARIO_VERSION,
        name: "Untitled".to_string(),
        description: String::new(),
        components: Vec::new(),
        connections: Vec::new(),
        faults: Vec::new(),
        run: Default::default(),
        slo: Default::default(),
        network: Default::default(),
    })
}

/// Installs the panic overlay and mounts the app on `<body>`.
pub fn start() {
    app::overlay::install_panic_hook();
    // The autosaved work, if any; a link in the URL replaces it once the app is up.
    let scenario =
        state::initial_scenario(share::storage::autosaved().unwrap_or_else(default_scenario));
    leptos::mount::mount_to_body(move || app::App(app::AppProps { scenario }));
}
