//! The palette: component kinds grouped by role, each with an icon and a one-line
//! description. Drag one onto the canvas, or click it (or press Enter) to place it in view.

use crate::engine::Kind;
use crate::help::kind_blurb;
use crate::icons::KindIcon;
use crate::state::AppState;
use leptos::prelude::*;

/// The drag-and-drop data type that carries a kind.
pub const DRAG_MIME: &str = "application/x-archsim-kind";

/// The palette's groups, in order, with the kinds in each (only kinds the engine has).
pub fn groups() -> Vec<(&'static str, Vec<Kind>)> {
    let all = [
        ("Traffic", vec![Kind::Client]),
        (
            "Edge & network",
            vec![
                Kind::Dns,
                Kind::Cdn,
                Kind::ApiGateway,
                Kind::LoadBalancer,
                Kind::RateLimiter,
            ],
        ),
        ("Compute", vec![Kind::Service]),
        (
            "Data",
            vec![
                Kind::Cache,
                Kind::Database,
                Kind::BlobStorage,
                Kind::ShardRouter,
            ],
        ),
        ("Async", vec![Kind::Queue]),
        ("External", vec![Kind::ExternalApi]),
    ];
    all.into_iter()
        .map(|(g, kinds)| {
            (
                g,
                kinds
                    .into_iter()
                    .filter(|k| Kind::ALL.contains(k))
                    .collect(),
            )
        })
        .filter(|(_, kinds): &(&str, Vec<Kind>)| !kinds.is_empty())
        .collect()
}

/// A kind as a slug for test ids and drag data ("load-balancer").
pub fn slug(kind: Kind) -> &'static str {
    kind.slug()
}

/// The kind a slug names.
pub fn kind_from_slug(s: &str) -> Option<Kind> {
    Kind::from_slug(s)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_in_exactly_one_group() {
        let listed: Vec<Kind> = groups().into_iter().flat_map(|(_, k)| k).collect();
        for kind in Kind::ALL {
            assert_eq!(listed.iter().filter(|k| **k == kind).count(), 1, "{kind:?}");
            assert_eq!(kind_from_slug(slug(kind)), Some(kind));
        }
    }
}
