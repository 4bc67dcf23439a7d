//! The gallery: every lesson and example as a card (title, one line, level, a thumbnail of
//! its diagram), grouped by topic, with a search box. A card opens its lesson or example.

use crate::learn::catalog::{Card, CardKind, cards, groups, level_label};
use crate::learn::context::Learn;
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
                    aria-label="Learn: lessons and examples"
                    data-testid="gallery"
                    on:click=|e| e.stop_propagation()
                >
                    <div class="gallery-head">
                        <h2>"Learn"</h2>
                        <input
                            class="gallery-search"
                            type="search"
                            placeholder="Search lessons and examples"
                            aria-label="Search lessons and examples"
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
                            let shown: Vec<&'static Card> = cards()
                                .iter()
                                .filter(|c| c.matches(&q))
                                .collect();
                            if shown.is_empty() {
                                return view! {
                                    <p class="gallery-empty">
                                        {format!("Nothing matches '{q}'.")}
                                    </p>
                                }
                                    .into_any();
                            }
                            groups()
                                .into_iter()
                                .filter_map(|g| {
                                    let in_group: Vec<&'static Card> = shown
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
                                .collect_view()
                                .into_any()
                        }}
                    </div>
                </div>
            </div>
        </Show>
    }
}

fn card_view(state: AppState, learn: Learn, card: &'static Card) -> impl IntoView {
    let badge = match (card.kind, card.level) {
        (CardKind::Lesson, Some(level)) => format!("Lesson · {}", level_label(level)),
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
                open_card(state, learn, card.kind, card.id);
            }
        >
            <Thumb scenario=card.scenario.clone() />
            <span class="card-badge">{badge}</span>
            <span class="card-title">{card.title.clone()}</span>
            <span class="card-summary">{card.summary.clone()}</span>
        </a>
    }
}
