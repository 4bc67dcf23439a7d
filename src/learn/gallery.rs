//! The gallery: every lesson, challenge and example as a card (title, one line, level, a thumbnail of
//! its diagram), grouped by topic, with a search box. A card opens its lesson or example.
//! The cards come from the lesson and example files, fetched the first time it opens
//! (`learn::toggle_gallery`): until they are here it says it is loading.

use crate::learn::catalog::{Card, CardKind, groups, level_label};
use crate::learn::context::{Learn, Shelf};
use crate::learn::open_card;
use crate::learn::thumb::Thumb;
use crate::state::AppState;
use leptos::prelude::*;

/// The gallery dialog, shown while `learn.open` is set.
#[component]
pub fn Gallery() -> impl IntoView {
    let state = expect_context::<AppState>();
    let learn = expect_context::<Learn>();
    let query = RwSignal::new(String::new());
    let close = move || learn.open.set(false);
    view! {
        <Show when=move || learn.open.get()>
            <div class="gallery-backdrop" on:click=move |_| close()>
                <div
                    class="gallery"
                    role="dialog"
                    aria-modal="true"
                    aria-label="Learn: lessons, challenges and examples"
                    data-testid="gallery"
                    on:click=|e| e.stop_propagation()
                >
                    <div class="gallery-head">
                        <h2>"Learn"</h2>
                        <input
                            class="gallery-search"
                            type="search"
                            placeholder="Search lessons, challenges and examples"
                            aria-label="Search lessons, challenges and examples"
                            data-testid="gallery-search"
                            prop:value=move || query.get()
                            on:input=move |e| query.set(event_target_value(&e))
                            autofocus
                        />
                        <button
                            class="btn icon-btn ghost"
                            aria-label="Close"
                            data-testid="gallery-close"
                            on:click=move |_| close()
                        >
                            <crate::kinds::icons::UiIcon name="close" size=16 />
                        </button>
                    </div>
                    <div class="gallery-body">
                        {move || {
                            let q = query.get();
                            let (cards, failed) = match learn.shelf.get() {
                                Shelf::Loaded { cards, failed } => (cards, failed),
                                Shelf::Empty | Shelf::Loading => {
                                    return view! {
                                        <p class="gallery-empty" data-testid="gallery-loading">
                                            "Loading lessons, challenges and examples…"
                                        </p>
                                    }
                                        .into_any();
                                }
                            };
                            let failed = (!failed.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="gallery-failed" data-testid="gallery-failed" role="alert">
                                            {format!(
                                                "Not loaded: {}. Close and open Learn to try again.",
                                                failed.join("; "),
                                            )}
                                        </p>
                                    }
                                });
                            let shown: Vec<&Card> = cards
                                .iter()
                                .filter(|c| c.matches(&q))
                                .collect();
                            if shown.is_empty() {
                                return view! {
                                    {failed}
                                    <p class="gallery-empty">
                                        {format!("Nothing matches '{q}'.")}
                                    </p>
                                }
                                    .into_any();
                            }
                            let groups = groups(&cards)
                                .into_iter()
                                .filter_map(|g| {
                                    let in_group: Vec<&Card> = shown
                                        .iter()
                                        .copied()
                                        .filter(|c| c.group == g)
                                        .collect();
                                    (!in_group.is_empty())
                                        .then(|| {
                                            view! {
                                                <section class="gallery-group">
                                                    <h3>{g}</h3>
                                                    <div class="cards">
                                                        {in_group
                                                            .into_iter()
                                                            .map(|c| card_view(state, learn, c))
                                                            .collect_view()}
                                                    </div>
                                                </section>
                                            }
                                        })
                                })
                                .collect_view();
                            view! {
                                {failed}
                                {groups}
                            }
                                .into_any()
                        }}
                    </div>
                </div>
            </div>
        </Show>
    }
}

fn card_view(state: AppState, learn: Learn, card: &Card) -> impl IntoView {
    let (kind, id) = (card.kind, card.id);
    let badge = match (card.kind, card.level) {
        (CardKind::Lesson, Some(level)) => format!("Lesson · {}", level_label(level)),
        (CardKind::Challenge, Some(level)) => format!("Challenge · {}", level_label(level)),
        _ => "Example".to_string(),
    };
    view! {
        <a
            class="card"
            href=card.query()
            data-testid=format!("card-{}", card.id)
            on:click=move |e| {
                e.prevent_default();
                learn.open.set(false);
                open_card(state, learn, kind, id);
            }
        >
            <Thumb scenario=card.scenario.clone() />
            <span class="card-badge">{badge}</span>
            <span class="card-title">{card.title.clone()}</span>
            <span class="card-summary">{card.summary.clone()}</span>
        </a>
    }
}
