//! Availability zones and regions in the app: the scenario's zone editor (names, regions,
//! cross-zone and cross-region latencies), the zone choice of a component, the colour of a
//! zone's tag on the canvas, and zone outages applied now.

use crate::editor::edit::Edit;
use crate::editor::zones::{
    add_zone, outage_members, remove_zone, rename_zone, set_region, tag_class,
};
use crate::engine::{Dist, Fault, Subject};
use crate::inspector::fields::DistField;
use crate::inspector::help;
use crate::inspector::problems::problems_for;
use crate::state::AppState;
use leptos::prelude::*;

/// Outage / restore buttons for one zone, applied now and recorded in the fault timeline.
#[component]
pub fn ZoneFaultButtons(zone: String, testid: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = zone.clone();
    // (members, members down now)
    let status = Memo::new(move |_| {
        let members = state.scenario.with(|s| outage_members(s, &key));
        let down = state.live.with(|l| {
            members
                .iter()
                .filter(|&&i| l.get(i).is_some_and(|x| !x.up))
                .count()
        });
        (members.len(), down)
    });
    let (z1, z2) = (zone.clone(), zone);
    view! {
        <span class="btn-row tight">
            <button
                class="btn danger-soft small"
                data-testid=format!("{testid}-outage")
                title="Every component in the zone crashes now, until restored"
                disabled=move || { let (n, down) = status.get(); n == 0 || down == n }
                on:click=move |_| state.inject(Fault::ZoneOutage { zone: z1.clone(), duration_s: None })
            >
                "Outage"
            </button>
            <button
                class="btn ok-soft small"
                data-testid=format!("{testid}-restore")
                title="The zone's components come back now"
                disabled=move || status.get().1 == 0
                on:click=move |_| state.inject(Fault::ZoneRestore { zone: z2.clone() })
            >
                "Restore"
            </button>
        </span>
    }
}

/// The zone a component runs in.
#[component]
pub fn ZoneSelect(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let current = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.component(&key).and_then(|c| c.zone.clone()))
            .unwrap_or_default()
    });
    let options = Memo::new(move |_| {
        state.scenario.with(|s| {
            let mut v: Vec<(String, String)> = s
                .network
                .zones
                .iter()
                .map(|z| (z.name.clone(), format!("{} ({})", z.name, z.region)))
                .collect();
            let cur = current.get();
            // A zone that is no longer declared stays visible, so the select tells the truth.
            if !cur.is_empty() && s.network.zone(&cur).is_none() {
                v.push((cur.clone(), format!("{cur} (not declared)")));
            }
            v
        })
    });
    let errors = problems_for(state, Subject::Component { id: id.clone() }, "zone");
    let set_id = id.clone();
    let no_zones = move || state.scenario.with(|s| s.network.zones.is_empty());
    view! {
        <div class="field" class:invalid=move || errors.with(|e| !e.is_empty())>
            <label class="field-row">
                <span class="field-label">"Zone"</span>
                <span class="field-input">
                    <select
                        data-testid="param-zone"
                        prop:value=move || current.get()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if v != current.get_untracked() {
                                state.apply(Edit::SetZone {
                                    id: set_id.clone(),
                                    zone: (!v.is_empty()).then_some(v),
                                });
                            }
                        }
                    >
                        <option value="" selected=move || current.get().is_empty()>"No zone"</option>
                        {move || {
                            options
                                .get()
                                .into_iter()
                                .map(|(v, t)| {
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || current.get() == v2>{t}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </span>
            </label>
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|e| view! { <p class="field-error" data-testid="field-error">{e}</p> })
                    .collect_view()
            }}
            <p class="field-help">
                {move || if no_zones() {
                    "No zones yet: add them under Zones in the scenario settings (click the empty canvas)."
                } else {
                    help::field("component.zone")
                }}
            </p>
        </div>
    }
}

/// The scenario's zones: add, rename, move to another region, remove, take down; and the
/// latencies of crossing between zones and regions.
#[component]
pub fn ZonesEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.scenario.with(|s| s.network.zones.len()));
    let set_latency = move |region: bool| {
        Callback::new(move |d: Dist| {
            let mut network = state.scenario.with_untracked(|s| s.network.clone());
            if region {
                network.cross_region_latency = d;
            } else {
                network.cross_zone_latency = d;
            }
            state.apply(Edit::SetNetwork(network));
        })
    };
    let row = move |i: usize| {
        let zone = move || state.scenario.with(|s| s.network.zones.get(i).cloned());
        let problems = Signal::derive(move || {
            let prefix = format!("network.zones[{i}]");
            state.problems.with(|ps| {
                ps.iter()
                    .filter(|p| p.subject == Subject::Scenario && p.field.starts_with(&prefix))
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
            })
        });
        let members = move || {
            state.scenario.with(|s| {
                let name = s
                    .network
                    .zones
                    .get(i)
                    .map(|z| z.name.clone())
                    .unwrap_or_default();
                s.components
                    .iter()
                    .filter(|c| c.zone.as_deref() == Some(name.as_str()))
                    .count()
            })
        };
        let name = zone().map(|z| z.name).unwrap_or_default();
        let class = state
            .scenario
            .with_untracked(|s| tag_class(&s.network, &name));
        view! {
            <li class="zone-row" class:invalid=move || problems.with(|p| !p.is_empty()) data-testid=format!("zone-{i}")>
                <span class=format!("zone-swatch {class}")></span>
                <input
                    class="zone-name"
                    data-testid=format!("zone-name-{i}")
                    aria-label="Zone name"
                    prop:value=move || zone().map(|z| z.name).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_string();
                        if let Some(e) = state.scenario.with_untracked(|s| rename_zone(s, i, &v)) {
                            state.apply(e);
                        }
                    }
                />
                <input
                    class="zone-region"
                    data-testid=format!("zone-region-{i}")
                    aria-label="Region"
                    prop:value=move || zone().map(|z| z.region).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_string();
                        if let Some(e) = state.scenario.with_untracked(|s| set_region(s, i, &v)) {
                            state.apply(e);
                        }
                    }
                />
                <button
                    class="btn icon-btn ghost small"
                    data-testid=format!("zone-remove-{i}")
                    title="Remove the zone (its components are left in no zone)"
                    aria-label="Remove zone"
                    on:click=move |_| {
                        if let Some(e) = state.scenario.with_untracked(|s| remove_zone(s, i)) {
                            state.apply(e);
                        }
                    }
                >
                    "×"
                </button>
                <div class="zone-foot">
                    <span class="zone-members muted small">
                        {move || match members() {
                            1 => "1 component".to_string(),
                            n => format!("{n} components"),
                        }}
                    </span>
                    <ZoneFaultButtons zone=name.clone() testid=format!("zone-{i}") />
                </div>
                {move || {
                    problems
                        .get()
                        .into_iter()
                        .map(|m| view! { <p class="field-error" data-testid="field-error">{m}</p> })
                        .collect_view()
                }}
            </li>
        }
    };
    view! {
        <section class="insp-section" data-testid="zones-editor">
            <h3 class="section-title">"Zones"</h3>
            <p class="field-help">{help::field("net.zone")}</p>
            {move || {
                // Rebuilt when zones are added, removed or renamed (a row's outage buttons
                // name their zone).
                let _names = state.scenario.with(|s| {
                    s.network.zones.iter().map(|z| (z.name.clone(), z.region.clone())).collect::<Vec<_>>()
                });
                (count.get() > 0).then(|| {
                    view! {
                        <ul class="zone-list">
                            {(0..count.get_untracked()).map(row).collect_view()}
                        </ul>
                    }
                })
            }}
            <div class="btn-row">
                <button
                    class="btn small"
                    data-testid="zone-add"
                    on:click=move |_| {
                        let e = state.scenario.with_untracked(add_zone);
                        state.apply(e);
                    }
                >
                    "Add zone"
                </button>
            </div>
            <DistField
                label="Cross-zone latency"
                help=help::field("net.cross_zone_latency")
                value=Signal::derive(move || state.scenario.with(|s| s.network.cross_zone_latency))
                on_set=set_latency(false)
                errors=problems_for(state, Subject::Scenario, "cross_zone_latency")
                testid="net-cross-zone".to_string()
            />
            <DistField
                label="Cross-region latency"
                help=help::field("net.cross_region_latency")
                value=Signal::derive(move || state.scenario.with(|s| s.network.cross_region_latency))
                on_set=set_latency(true)
                errors=problems_for(state, Subject::Scenario, "cross_region_latency")
                testid="net-cross-region".to_string()
            />
        </section>
    }
}
