//! The inspector: every parameter of the selected component (with unit, range, inline
//! validation and an explanation), the selected connection's latency and weight, or —
//! with nothing selected — the scenario settings and the fault timeline (or, with the
//! analysis on, the design's analysis).

pub mod client;
pub mod component;
pub mod connection;
pub mod ctx;
pub mod envelope;
pub mod faults;
pub mod fields;
pub mod help;
pub mod problems;
pub mod request_paths;
pub mod resilience;
pub mod scenario;
pub mod zones;

use crate::inspector::component::ComponentPanel;
use crate::inspector::connection::ConnectionPanel;
use crate::inspector::scenario::ScenarioPanel;
use crate::state::{AppState, Selection};
use leptos::prelude::*;

/// The right-hand panel.
#[component]
pub fn Inspector() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Re-render only when what is selected changes, not on every edit.
    let sel = Memo::new(move |_| state.selection.get());
    let analysing = Memo::new(move |_| state.analysis_open.get());
    view! {
        <aside class="inspector" data-testid="inspector" aria-label="Inspector">
            {move || match sel.get() {
                Selection::None if analysing.get() => {
                    view! { <crate::analysis::AnalysisPanel /> }.into_any()
                }
                Selection::None => view! { <ScenarioPanel /> }.into_any(),
                Selection::Component(id) => view! { <ComponentPanel id=id /> }.into_any(),
                Selection::Connection { from, to } => {
                    view! { <ConnectionPanel from=from to=to /> }.into_any()
                }
            }}
        </aside>
    }
}
