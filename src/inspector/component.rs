//! The selected component's panel: its kind, name, zone and fields, live numbers, charts,
//! faults and connections.

use crate::dashboard::shard_load::ShardLoad;
use crate::dashboard::{ComponentChart, InstancesChart};
use crate::editor::edit::Edit;
use crate::engine::{ComponentLive, Redundancy, Subject};
use crate::format;
use crate::inspector::client::{client_traffic, traffic_shape};
use crate::inspector::ctx::{Ctx, general_problems};
use crate::inspector::envelope::EnvelopeSection;
use crate::inspector::faults::ComponentFaults;
use crate::inspector::request_paths::{GatewayRoutes, PathsEditor};
use crate::inspector::resilience::{RandomFailuresSection, RedundancySection};
use crate::inspector::zones::ZoneSelect;
use crate::kinds::icons::{KindIcon, UiIcon};
use crate::kinds::{Section, has, is_leaf, kind_concept, look, service, slug};
use crate::state::{AppState, Selection};
use leptos::prelude::*;

/// The selected component.
#[component]
pub(super) fn ComponentPanel(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let comp = Memo::new(move |_| state.scenario.with(|s| s.component(&key).cloned()));
    // The field list depends on the kind and on the fields that apply (a cache's policy, a
    // database's replicas, a client's traffic model…); rebuilt only when those change.
    let shape = Memo::new(move |_| {
        comp.with(|c| {
            c.as_ref().map(|c| {
                let params = &c.params;
                let kind = params.kind();
                // A client's traffic widgets are its own: their shape is the rate's.
                let shape = traffic_shape(params).unwrap_or_else(|| format!("{kind:?}"));
                kind.fields()
                    .iter()
                    .filter(|f| f.applies(params))
                    .fold(shape, |shape, f| shape + "/" + f.key)
            })
        })
    });
    let ctx = Ctx {
        state,
        id: id.clone(),
    };
    let fields = move || {
        // Read, not just tracked: a memo nobody has read yet has no sources of its own, so
        // `track()` alone would never hear that the shape changed.
        shape.with(|_| ());
        let c = comp.get_untracked()?;
        let params = &c.params;
        let mut fields = client_traffic(&ctx, params);
        fields.extend(ctx.described(params));
        if let Some(note) = (look(params.kind()).note)(params) {
            fields.push(
                view! { <p class="field-help" data-testid=note.testid>{note.text}</p> }.into_any(),
            );
        }
        Some(fields)
    };
    let kind = move || comp.with(|c| c.as_ref().map(|c| c.params.kind()).unwrap_or_default());
    let label_id = id.clone();
    let rename = move |ev: leptos::ev::Event| {
        let label = event_target_value(&ev);
        let current = state
            .scenario
            .with_untracked(|s| s.component(&label_id).map(|c| c.label.clone()));
        if current.as_deref() != Some(label.as_str()) {
            state.apply(Edit::Rename {
                id: label_id.clone(),
                label,
            });
        }
    };
    let other = general_problems(
        state,
        Subject::Component { id: id.clone() },
        &[
            "traffic",
            "process",
            "rate",
            "users",
            "think_time",
            "paths",
            "failures",
            "zone",
            "autoscale",
            "redundancy",
        ],
    );
    let live_id = id.clone();
    let theory_id = id.clone();
    let delete_id = id.clone();
    let chart_id = id.clone();
    let shard_id = id.clone();
    let failures_id = id.clone();
    let conn_id = id.clone();
    let paths_id = id.clone();
    let envelope_id = id.clone();
    let routes_id = id.clone();
    let zone_id = id.clone();
    let redundancy_id = id.clone();
    let instances_id = id.clone();
    let autoscaled = move || {
        comp.with(|c| {
            c.as_ref()
                .is_some_and(|c| service::autoscale(&c.params).is_some())
        })
    };
    let redundant = move || {
        comp.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.redundancy.is_some() || Redundancy::applies_to(c.params.kind()))
        })
    };

    view! {
        <div class="insp" data-testid="component-inspector">
            <div class="insp-head">
                <span class=move || format!("insp-icon kind-{}", slug(kind()))>
                    {move || view! { <KindIcon kind=kind() size=22 /> }}
                </span>
                <div class="insp-title">
                    <span class="insp-kind">{move || kind().name()}</span>
                    <input
                        class="insp-name"
                        data-testid="component-name"
                        aria-label="Name"
                        prop:value=move || comp.with(|c| c.as_ref().map(|c| c.label.clone()).unwrap_or_default())
                        on:change=rename
                    />
                </div>
                <button
                    class="btn icon-btn ghost danger"
                    data-testid="delete-component"
                    title="Delete (Delete key)"
                    aria-label="Delete component"
                    on:click=move |_| {
                        state.selection.set(Selection::Component(delete_id.clone()));
                        state.delete_selection();
                    }
                >
                    <UiIcon name="trash" />
                </button>
            </div>
            <p class="concept">{move || kind_concept(kind())}</p>
            {move || {
                other
                    .get()
                    .into_iter()
                    .map(|(err, m)| {
                        view! {
                            <p class=if err { "notice error" } else { "notice warning" } data-testid="component-problem">
                                {m}
                            </p>
                        }
                    })
                    .collect_view()
            }}
            <Show when=move || state.analysis_open.get()>
                <crate::analysis::TheorySection id=theory_id.clone() />
            </Show>
            <LiveStats id=live_id />
            <Show when=move || look(kind()).pool_chart>
                <ComponentChart id=chart_id.clone() />
            </Show>
            <Show when=move || has(kind(), Section::ShardLoad)>
                <ShardLoad id=shard_id.clone() />
            </Show>
            <Show when=autoscaled>
                <InstancesChart id=instances_id.clone() />
            </Show>
            <ComponentFaults id=id.clone() />
            <section class="insp-section">
                <h3 class="section-title">"Parameters"</h3>
                {fields}
                <ZoneSelect id=zone_id />
            </section>
            <Show when=move || has(kind(), Section::RequestPaths)>
                <PathsEditor id=paths_id.clone() />
            </Show>
            <Show when=move || has(kind(), Section::Envelope)>
                <EnvelopeSection id=envelope_id.clone() />
            </Show>
            <Show when=move || has(kind(), Section::Routes)>
                <GatewayRoutes id=routes_id.clone() />
            </Show>
            <Show when=redundant>
                <RedundancySection id=redundancy_id.clone() />
            </Show>
            <Show when=move || !kind().is_source()>
                <RandomFailuresSection id=failures_id.clone() />
            </Show>
            <Show
                when=move || !is_leaf(kind())
                fallback=|| view! {
                    <section class="insp-section">
                        <h3 class="section-title">"Calls"</h3>
                        <p class="field-help">"Nothing: it answers requests itself, so it has no outgoing connections."</p>
                    </section>
                }
            >
                <Connections id=conn_id.clone() />
            </Show>
        </div>
    }
}

/// Live numbers of the selected component while a run exists.
#[component]
pub(super) fn LiveStats(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stats = move || {
        let i = state
            .scenario
            .with(|s| s.components.iter().position(|c| c.id == id))?;
        let live = state.live.with(|l| l.get(i).cloned())?;
        let summary = state
            .summary
            .with(|s| s.as_ref().and_then(|s| s.components.get(i).cloned()));
        Some((live, summary))
    };
    move || {
        stats().map(|(l, s)| {
            let util = if l.capacity > 0 {
                l.busy as f64 / l.capacity as f64
            } else {
                0.0
            };
            view! {
                <div class="live-stats" data-testid="live-stats">
                    <div class="stat">
                        <span class="stat-label">"Status"</span>
                        <span class=if l.up { "stat-value ok" } else { "stat-value bad" }>
                            {if !l.up {
                                "Down".to_string()
                            } else if l.slow_factor > 1.0 {
                                format!("Slow ×{}", format::plain(l.slow_factor))
                            } else {
                                "Up".to_string()
                            }}
                        </span>
                    </div>
                    {if l.capacity > 0 {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"Busy"</span>
                                <span class="stat-value">
                                    {format!("{}/{} ({:.0}%)", l.busy, l.capacity, util * 100.0)}
                                </span>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"In flight"</span>
                                <span class="stat-value">{l.in_flight.to_string()}</span>
                            </div>
                        }
                            .into_any()
                    }}
                    <div class="stat">
                        <span class="stat-label">"Queue"</span>
                        <span class="stat-value">{l.queue_len.to_string()}</span>
                    </div>
                    {(l.instances > 0).then(|| view! {
                        <div class="stat">
                            <span class="stat-label">"Instances"</span>
                            <span class="stat-value" data-testid="live-instances">{instances_line(&l)}</span>
                        </div>
                    })}
                    {(l.nodes > 0).then(|| view! {
                        <div class="stat">
                            <span class="stat-label">"Nodes"</span>
                            <span class=if l.up { "stat-value" } else { "stat-value bad" } data-testid="live-nodes">
                                {nodes_line(&l)}
                            </span>
                        </div>
                    })}
                    {s.map(|s| {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"Arrivals"</span>
                                <span class="stat-value">{format!("{} rps", format::plain((s.arrival_rps * 10.0).round() / 10.0))}</span>
                            </div>
                            {(look(s.kind).stats)(&s)
                                .into_iter()
                                .map(|st| view! {
                                    <div class="stat" title=st.title>
                                        <span class="stat-label">{st.label}</span>
                                        <span class=if st.bad { "stat-value bad" } else { "stat-value" } data-testid=st.testid>
                                            {st.value}
                                        </span>
                                    </div>
                                })
                                .collect_view()}
                            {(s.scaling_actions > 0).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Scalings"</span>
                                    <span class="stat-value" data-testid="live-scalings">
                                        {format!("{} · mean {:.1}", s.scaling_actions, s.mean_instances)}
                                    </span>
                                </div>
                            })}
                            {(l.nodes > 0).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Available"</span>
                                    <span class="stat-value" data-testid="live-availability">
                                        {format!("{} · {} failover{}", format::pct(s.availability), s.failovers,
                                            if s.failovers == 1 { "" } else { "s" })}
                                    </span>
                                </div>
                            })}
                        }
                    })}
                </div>
            }
        })
    }
}

/// "6" or "6 (+2 warming)": a service's instances taking work and those still booting.
pub fn instances_line(l: &ComponentLive) -> String {
    if l.instances_warming > 0 {
        format!("{} (+{} warming)", l.instances, l.instances_warming)
    } else {
        l.instances.to_string()
    }
}

/// A redundant component's nodes: "2/2 up", "failing over", "standby serving, 1/2 up".
pub fn nodes_line(l: &ComponentLive) -> String {
    let up = format!("{}/{} up", l.nodes_up, l.nodes);
    if l.failing_over {
        format!("failing over, {up}")
    } else if l.nodes == 2 && l.active_node == 1 && l.up {
        format!("standby serving, {up}")
    } else {
        up
    }
}

/// Outgoing connections of a component and the "Connect to…" choice.
#[component]
pub(super) fn Connections(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let outgoing = move || {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .filter(|c| c.from == key)
                .map(|c| {
                    (
                        c.to.clone(),
                        s.component(&c.to)
                            .map(|t| t.display_name().to_string())
                            .unwrap_or_else(|| c.to.clone()),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let key = id.clone();
    let candidates = move || {
        state.scenario.with(|s| {
            s.components
                .iter()
                .filter(|c| {
                    c.id != key
                        && !c.params.kind().is_source()
                        && !s.connections.iter().any(|x| x.from == key && x.to == c.id)
                })
                .map(|c| (c.id.clone(), c.display_name().to_string()))
                .collect::<Vec<_>>()
        })
    };
    let from = id.clone();
    let from2 = id.clone();
    view! {
        <section class="insp-section">
            <h3 class="section-title">"Calls"</h3>
            <ul class="conn-list">
                <For
                    each=outgoing
                    key=|(to, name)| (to.clone(), name.clone())
                    children=move |(to, name)| {
                        let f = from.clone();
                        let t = to.clone();
                        view! {
                            <li>
                                <button
                                    class="link"
                                    data-testid=format!("call-{to}")
                                    on:click=move |_| {
                                        state.selection.set(Selection::Connection { from: f.clone(), to: t.clone() })
                                    }
                                >
                                    {format!("→ {name}")}
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <label class="field-row">
                <span class="field-label">"Connect to…"</span>
                <span class="field-input">
                    <select
                        data-testid="connect-to"
                        prop:value=""
                        on:change=move |ev| {
                            let to = event_target_value(&ev);
                            if to.is_empty() {
                                return;
                            }
                            let edit = state.scenario.with_untracked(|s| Edit::connect(s, &from2, &to));
                            state.apply(edit);
                            if let Some(t) = ev.target() {
                                use wasm_bindgen::JsCast;
                                if let Ok(sel) = t.dyn_into::<web_sys::HtmlSelectElement>() {
                                    sel.set_value("");
                                }
                            }
                        }
                    >
                        <option value="">"Choose a component"</option>
                        {move || {
                            candidates()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </span>
            </label>
            <p class="field-help">"Or drag from the dot on the component's right edge onto another component."</p>
        </section>
    }
}
