//! The palette: component kinds grouped by role, each with an icon and a one-line
//! description. Drag one onto the canvas, or click it (or press Enter) to place it in view.

use crate::kinds::icons::KindIcon;
use crate::kinds::{groups, kind_blurb, slug};
use crate::state::AppState;
use leptos::prelude::*;

/// The drag-and-drop data type that carries a kind.
pub const DRAG_MIME: &str = "application/x-archsim-kind";

/// The palette.
#[component]
pub fn Palette() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <aside class="palette" data-testid="palette" aria-label="Components">
            <h2 class="panel-title">"Components"</h2>
            <p class="panel-sub">"Drag onto the canvas, or click to add"</p>
            {groups()
                .into_iter()
                .map(|(group, kinds)| {
                    view! {
                        <section class="pal-group">
                            <h3 class="pal-group-title">{group}</h3>
                            {kinds
                                .into_iter()
                                .map(|kind| {
                                    view! {
                                        <button
                                            class="pal-item"
                                            data-testid=format!("palette-{}", slug(kind))
                                            draggable="true"
                                            title=format!("{} — click or drag to add", kind.name())
                                            on:click=move |_| {
                                                let at = state.view_center_world();
                                                state.add_component(kind, at);
                                                state.palette_open.set(false);
                                            }
                                            on:dragstart=move |ev: web_sys::DragEvent| {
                                                if let Some(dt) = ev.data_transfer() {
                                                    let _ = dt.set_data(DRAG_MIME, slug(kind));
                                                    let _ = dt.set_data("text/plain", slug(kind));
                                                    dt.set_effect_allowed("copy");
                                                }
                                            }
                                        >
                                            <span class=format!("pal-icon kind-{}", slug(kind))>
                                                <KindIcon kind=kind size=20 />
                                            </span>
                                            <span class="pal-text">
                                                <span class="pal-name">{kind.name()}</span>
                                                <span class="pal-desc">{kind_blurb(kind)}</span>
                                            </span>
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </aside>
    }
}
