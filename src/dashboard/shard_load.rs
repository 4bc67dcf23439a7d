//! The per-shard load of a shard router, in its inspector: one bar per shard (its share of
//! the requests the router sent), the hot shard highlighted, spares marked, and the run's
//! moved-key misses and reshards.

use crate::engine::ComponentSummary;
use crate::format;
use crate::kinds::shard_router::live_shards;
use crate::state::AppState;
use leptos::prelude::*;

/// One shard's line in the load view.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardRow {
    pub name: String,
    pub requests: u64,
    /// Share of the requests the router sent (0 when it sent none).
    pub share: f64,
    /// The busiest shard (the first of equals), when any request was routed.
    pub hot: bool,
    /// Not a live shard now: a spare, or retired by a reshard.
    pub spare: bool,
}

/// The rows of the load view: `counts[i]` requests went to shard `names[i]`; the first
/// `live` shards are live.
pub fn shard_rows(names: &[String], counts: &[u64], live: u32) -> Vec<ShardRow> {
    let total: u64 = counts.iter().sum();
    let max = counts.iter().copied().max().unwrap_or(0);
    let hot = counts.iter().position(|&c| c == max && c > 0);
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let requests = counts.get(i).copied().unwrap_or(0);
            ShardRow {
                name: name.clone(),
                requests,
                share: if total > 0 {
                    requests as f64 / total as f64
                } else {
                    0.0
                },
                hot: hot == Some(i),
                spare: i as u32 >= live,
            }
        })
        .collect()
}

/// Live shards now: the count of the last reshard, or the configured one.
pub fn live_now(summary: &ComponentSummary, configured: u32) -> u32 {
    summary.reshards.last().map_or(configured, |r| r.to_shards)
}

/// The load view of router `id`.
#[component]
pub fn ShardLoad(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = move || {
        let (index, names, configured) = state.scenario.with(|s| {
            let index = s.components.iter().position(|c| c.id == id);
            let names: Vec<String> = s
                .connections
                .iter()
                .filter(|c| c.from == id)
                .map(|c| {
                    s.component(&c.to)
                        .map(|t| t.display_name().to_string())
                        .unwrap_or_else(|| c.to.clone())
                })
                .collect();
            let configured = s
                .component(&id)
                .map_or(0, |c| live_shards(&c.params, names.len()));
            (index, names, configured)
        });
        let summary = state.summary.with(|s| {
            s.as_ref()
                .and_then(|s| index.and_then(|i| s.components.get(i).cloned()))
        });
        (names, configured, summary)
    };
    view! {
        <section class="insp-section" data-testid="shard-load">
            <h3 class="section-title">"Load per shard"</h3>
            {move || {
                let (names, configured, summary) = data();
                let Some(summary) = summary.filter(|s| !s.shard_requests.is_empty()) else {
                    return view! {
                        <p class="muted small">
                            {if names.is_empty() {
                                "Connect the databases or caches that hold the keys: each is a shard."
                            } else {
                                "Press Run to see how the requests spread over the shards."
                            }}
                        </p>
                    }
                        .into_any();
                };
                let live = live_now(&summary, configured);
                let rows = shard_rows(&names, &summary.shard_requests, live);
                let even = if live > 0 { 1.0 / f64::from(live) } else { 0.0 };
                let hot = rows.iter().find(|r| r.hot).cloned();
                let max = rows.iter().map(|r| r.share).fold(0.0, f64::max);
                view! {
                    <ul class="shard-rows">
                        {rows
                            .into_iter()
                            .map(|r| {
                                let width = if max > 0.0 { r.share / max * 100.0 } else { 0.0 };
                                view! {
                                    <li
                                        class="shard-row"
                                        class:hot=r.hot
                                        class:spare=r.spare
                                        data-testid="shard-row"
                                        title=format!("{} requests", r.requests)
                                    >
                                        <span class="shard-name">
                                            {r.name.clone()}
                                            {r.spare.then(|| view! { <span class="shard-tag">"spare"</span> })}
                                        </span>
                                        <span class="shard-bar">
                                            <span class="shard-fill" style=format!("width: {width:.1}%")></span>
                                        </span>
                                        <span class="shard-pct">{format::pct(r.share)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p class="derived" data-testid="shard-hot">
                        {hot
                            .map(|h| {
                                format!(
                                    "Hot shard: {} with {} of the requests (an even split is {}).",
                                    h.name,
                                    format::pct(h.share),
                                    format::pct(even)
                                )
                            })
                            .unwrap_or_default()}
                    </p>
                    <p class="derived" data-testid="shard-moved">
                        {format!(
                            "Moved-key misses: {}",
                            format::count(summary.moved_key_misses)
                        )}
                    </p>
                    {summary
                        .reshards
                        .iter()
                        .map(|r| {
                            view! {
                                <p class="derived" data-testid="shard-reshard">
                                    {format!(
                                        "At {}: {} → {} shards, {} of the keys moved",
                                        format::clock(r.at_s),
                                        r.from_shards,
                                        r.to_shards,
                                        format::pct(r.moved_share)
                                    )}
                                </p>
                            }
                        })
                        .collect_view()}
                }
                    .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_shard_is_hot_and_spares_are_marked() {
        let names: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let rows = shard_rows(&names, &[10, 30, 30, 0], 3);
        assert_eq!(rows.iter().filter(|r| r.hot).count(), 1);
        assert!(rows[1].hot, "the first of the busiest");
        assert!((rows[1].share - 30.0 / 70.0).abs() < 1e-12);
        assert!(rows[3].spare && !rows[2].spare);
        let idle = shard_rows(&names, &[0, 0, 0, 0], 4);
        assert!(idle.iter().all(|r| !r.hot && r.share == 0.0));
    }
}
