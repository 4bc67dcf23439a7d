//! Availability zones and regions in the app: the scenario's zone editor (names, regions,
//! cross-zone and cross-region latencies), the zone choice of a component, the colour of a
//! zone's tag on the canvas, and zone outages applied now.

use crate::editor::edit::Edit;
use crate::engine::{Dist, Fault, Kind, Network, Scenario, Subject, Zone};
use crate::inspector::fields::DistField;
use crate::inspector::help;
use crate::inspector::problems_for;
use crate::state::AppState;
use leptos::prelude::*;

/// How many colours zone tags cycle through (one per region).
pub const REGION_COLOURS: usize = 6;

/// The index of `zone`'s region among the network's regions (in order of first mention),
/// or `None` for a zone the network does not have.
pub fn region_index(network: &Network, zone: &str) -> Option<usize> {
    let region = &network.zone(zone)?.region;
    let mut seen: Vec<&str> = Vec::new();
    for z in &network.zones {
        if !seen.contains(&z.region.as_str()) {
            seen.push(&z.region);
        }
    }
    seen.iter().position(|r| r == region)
}

/// The CSS class of a zone tag: its region's colour, or `zone-unknown` for a zone that is
/// not declared (validation reports it).
pub fn tag_class(network: &Network, zone: &str) -> String {
    match region_index(network, zone) {
        Some(i) => format!("zone-tag zone-r{}", i % REGION_COLOURS),
        None => "zone-tag zone-unknown".to_string(),
    }
}

/// The width of a zone tag for `name` at the canvas's 10.5 px font, in world units.
pub fn tag_width(name: &str) -> f64 {
    12.0 + name.chars().count() as f64 * 6.2
}

/// A new zone: the next of a few familiar names (two zones in each of three regions), then
/// numbered ones, never a name the network already has.
pub fn new_zone(network: &Network) -> Zone {
    const PRESETS: [(&str, &str); 6] = [
        ("us-east-1a", "us-east"),
        ("us-east-1b", "us-east"),
        ("eu-west-1a", "eu-west"),
        ("eu-west-1b", "eu-west"),
        ("ap-south-1a", "ap-south"),
        ("ap-south-1b", "ap-south"),
    ];
    let free = |name: &str| network.zone(name).is_none();
    if let Some((name, region)) = PRESETS.iter().find(|(n, _)| free(n)) {
        return Zone {
            name: name.to_string(),
            region: region.to_string(),
        };
    }
    let n = (1..=network.zones.len() + 1)
        .find(|n| free(&format!("zone-{n}")))
        .unwrap_or(network.zones.len() + 1);
    Zone {
        name: format!("zone-{n}"),
        region: format!("region-{n}"),
    }
}

/// Adds a new zone (see [`new_zone`]).
pub fn add_zone(s: &Scenario) -> Edit {
    let mut network = s.network.clone();
    network.zones.push(new_zone(&network));
    Edit::SetNetwork(network)
}

/// Renames zone `index`, and moves the components in it along, as one undo step.
pub fn rename_zone(s: &Scenario, index: usize, name: &str) -> Option<Edit> {
    let old = s.network.zones.get(index)?.name.clone();
    if old == name {
        return None;
    }
    let mut network = s.network.clone();
    network.zones[index].name = name.to_string();
    let mut edits = vec![Edit::SetNetwork(network)];
    edits.extend(
        s.components
            .iter()
            .filter(|c| c.zone.as_deref() == Some(old.as_str()))
            .map(|c| Edit::SetZone {
                id: c.id.clone(),
                zone: Some(name.to_string()),
            }),
    );
    Some(Edit::Batch(edits))
}

/// Puts zone `index` in another region.
pub fn set_region(s: &Scenario, index: usize, region: &str) -> Option<Edit> {
    let mut network = s.network.clone();
    let zone = network.zones.get_mut(index)?;
    if zone.region == region {
        return None;
    }
    zone.region = region.to_string();
    Some(Edit::SetNetwork(network))
}

/// Removes zone `index`; the components in it are left in no zone (one undo step).
pub fn remove_zone(s: &Scenario, index: usize) -> Option<Edit> {
    let name = s.network.zones.get(index)?.name.clone();
    let mut network = s.network.clone();
    network.zones.remove(index);
    let mut edits = vec![Edit::SetNetwork(network)];
    edits.extend(
        s.components
            .iter()
            .filter(|c| c.zone.as_deref() == Some(name.as_str()))
            .map(|c| Edit::SetZone {
                id: c.id.clone(),
                zone: None,
            }),
    );
    Some(Edit::Batch(edits))
}

/// The components a zone outage takes down (everything in the zone but clients, which are
/// users rather than machines).
pub fn outage_members(s: &Scenario, zone: &str) -> Vec<usize> {
    s.components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.zone.as_deref() == Some(zone) && c.params.kind() != Kind::Client)
        .map(|(i, _)| i)
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Component, Pos};

    fn scenario() -> Scenario {
        let mut s = Scenario::from_json(include_str!("../../examples/multi-region.json")).unwrap();
        s.components.push(Component {
            id: "x".into(),
            label: "X".into(),
            pos: Pos::default(),
            params: Kind::Service.default_params(),
            failures: None,
            redundancy: None,
            zone: Some("mars".into()),
        });
        s
    }

    #[test]
    fn regions_colour_tags_in_order_and_unknown_zones_stand_out() {
        let s = scenario();
        assert_eq!(region_index(&s.network, "us-east-1a"), Some(0));
        assert_eq!(region_index(&s.network, "us-east-1b"), Some(0));
        assert_eq!(region_index(&s.network, "eu-west-1b"), Some(1));
        assert_eq!(tag_class(&s.network, "eu-west-1a"), "zone-tag zone-r1");
        assert_eq!(tag_class(&s.network, "mars"), "zone-tag zone-unknown");
        assert!(tag_width("us-east-1a") > tag_width("a"));
    }

    #[test]
    fn new_zones_get_free_familiar_names() {
        let mut n = Network::default();
        for expected in ["us-east-1a", "us-east-1b", "eu-west-1a"] {
            let z = new_zone(&n);
            assert_eq!(z.name, expected);
            n.zones.push(z);
        }
        for _ in 0..5 {
            let z = new_zone(&n);
            assert!(n.zone(&z.name).is_none());
            n.zones.push(z);
        }
        assert_eq!(n.zones.last().unwrap().name, "zone-2");
    }

    #[test]
    fn renaming_and_removing_a_zone_moves_its_components_in_one_undo_step() {
        let s = scenario();
        let mut t = s.clone();
        let undo = rename_zone(&s, 0, "us-east-1c")
            .unwrap()
            .apply(&mut t)
            .unwrap();
        assert_eq!(
            t.component("lb-us").unwrap().zone.as_deref(),
            Some("us-east-1c")
        );
        assert_eq!(
            t.component("api-us").unwrap().zone.as_deref(),
            Some("us-east-1c")
        );
        // The components moved along; only the one in an undeclared zone is reported (and
        // the timeline's outage, which still names the old zone).
        let zone_problems: Vec<String> = crate::engine::validate(&t)
            .into_iter()
            .filter(|p| p.field == "zone" && matches!(p.subject, Subject::Component { .. }))
            .map(|p| p.message)
            .collect();
        assert_eq!(zone_problems.len(), 1, "{zone_problems:?}");
        assert!(zone_problems[0].contains("'mars'"));
        undo.apply(&mut t).unwrap();
        assert_eq!(t, s);
        let _ = remove_zone(&s, 2).unwrap().apply(&mut t).unwrap();
        assert_eq!(t.network.zones.len(), 3);
        assert_eq!(t.component("lb-eu").unwrap().zone, None);
        assert!(rename_zone(&s, 9, "a").is_none());
        assert!(set_region(&s, 0, "us-east").is_none(), "no change, no edit");
        assert_eq!(
            outage_members(&s, "us-east-1b"),
            vec![5],
            "the DB, not the users"
        );
    }
}
