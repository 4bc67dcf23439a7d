//! Sections every server-like component shares: redundancy (active-active or a standby) and
//! random failures (MTBF / MTTR).

use crate::editor::edit::Edit;
use crate::engine::{RandomFailures, Redundancy, Standby, Subject};
use crate::format;
use crate::inspector::fields::{CheckField, NumField, SelectField};
use crate::inspector::help;
use crate::inspector::problems::problems_for;
use crate::state::AppState;
use leptos::prelude::*;

/// The name of a redundancy mode, as the select uses it.
pub(super) fn redundancy_mode(r: Option<&Redundancy>) -> &'static str {
    match r {
        None => "none",
        Some(Redundancy::ActivePassive { .. }) => "active_passive",
        Some(Redundancy::ActiveActive { .. }) => "active_active",
    }
}

/// The failover time proposed for a standby: seconds for a hot one, half a minute for a
/// cold one that must boot first.
pub fn proposed_failover_ms(standby: Standby) -> f64 {
    match standby {
        Standby::Hot => 3_000.0,
        Standby::Cold => 30_000.0,
    }
}

/// Redundancy switched to the mode named `name`.
pub fn switch_redundancy(name: &str) -> Option<Redundancy> {
    match name {
        "active_passive" => Some(Redundancy::ActivePassive {
            standby: Standby::Hot,
            failover_ms: proposed_failover_ms(Standby::Hot),
        }),
        "active_active" => Some(Redundancy::ActiveActive { nodes: 2 }),
        _ => None,
    }
}

/// The other standby kind; the failover time follows when it was the proposed one.
pub fn switch_standby(from: &Redundancy, name: &str) -> Redundancy {
    let standby = if name == "cold" {
        Standby::Cold
    } else {
        Standby::Hot
    };
    match *from {
        Redundancy::ActivePassive {
            standby: was,
            failover_ms,
        } => Redundancy::ActivePassive {
            standby,
            failover_ms: if failover_ms == proposed_failover_ms(was) {
                proposed_failover_ms(standby)
            } else {
                failover_ms
            },
        },
        other => other,
    }
}

/// Redundancy of a load balancer, cache or database: none, a standby, or active-active
/// nodes; the fields follow the mode.
#[component]
pub(super) fn RedundancySection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let redundancy = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.component(&key).and_then(|c| c.redundancy))
    });
    let set = {
        let id = id.clone();
        Callback::new(move |r: Option<Redundancy>| {
            state.apply(Edit::SetRedundancy {
                id: id.clone(),
                redundancy: r,
            });
        })
    };
    let mode = Memo::new(move |_| redundancy_mode(redundancy.get().as_ref()));
    let subject = Subject::Component { id: id.clone() };
    let fields = move || {
        let subject = subject.clone();
        match mode.get() {
            "active_passive" => view! {
                <SelectField
                    label="Standby"
                    help=help::field("redundancy.standby")
                    options=vec![("hot", "Hot"), ("cold", "Cold")]
                    value=Signal::derive(move || match redundancy.get() {
                        Some(Redundancy::ActivePassive { standby: Standby::Cold, .. }) => "cold".to_string(),
                        _ => "hot".to_string(),
                    })
                    on_set=Callback::new(move |v: String| {
                        if let Some(r) = redundancy.get_untracked() {
                            set.run(Some(switch_standby(&r, &v)));
                        }
                    })
                    testid="redundancy-standby".to_string()
                />
                <NumField
                    label="Failover"
                    unit="ms"
                    help=help::field("redundancy.failover_ms")
                    value=Signal::derive(move || match redundancy.get() {
                        Some(Redundancy::ActivePassive { failover_ms, .. }) => failover_ms,
                        _ => 0.0,
                    })
                    on_set=Callback::new(move |x: f64| {
                        if let Some(Redundancy::ActivePassive { standby, .. }) = redundancy.get_untracked() {
                            set.run(Some(Redundancy::ActivePassive { standby, failover_ms: x }));
                        }
                    })
                    min=0.0
                    max=86_400_000.0
                    step=500.0
                    errors=problems_for(state, subject.clone(), "redundancy.failover_ms")
                    testid="redundancy-failover".to_string()
                />
            }
            .into_any(),
            "active_active" => view! {
                <NumField
                    label="Nodes"
                    unit="active"
                    help=help::field("redundancy.nodes")
                    value=Signal::derive(move || redundancy.get().map(|r| r.nodes() as f64).unwrap_or(0.0))
                    on_set=Callback::new(move |x: f64| set.run(Some(Redundancy::ActiveActive { nodes: x as u32 })))
                    min=2.0
                    max=16.0
                    step=1.0
                    integer=true
                    errors=problems_for(state, subject.clone(), "redundancy.nodes")
                    testid="redundancy-nodes".to_string()
                />
            }
            .into_any(),
            _ => ().into_any(),
        }
    };
    let other = problems_for(state, Subject::Component { id: id.clone() }, "redundancy");
    view! {
        <section class="insp-section" data-testid="redundancy">
            <h3 class="section-title">"Redundancy"</h3>
            <SelectField
                label="Mode"
                help=help::field("redundancy.mode")
                options=vec![
                    ("none", "Single node"),
                    ("active_passive", "Active-passive"),
                    ("active_active", "Active-active"),
                ]
                value=Signal::derive(move || mode.get().to_string())
                on_set=Callback::new(move |v: String| set.run(switch_redundancy(&v)))
                testid="redundancy-mode".to_string()
            />
            {fields}
            {move || other.get().into_iter().map(|m| view! { <p class="notice error">{m}</p> }).collect_view()}
        </section>
    }
}

/// "99.2 % available": the long-run availability MTBF / (MTBF + MTTR).
pub fn availability_line(f: &RandomFailures) -> String {
    let a = f.availability();
    if a.is_finite() {
        format!("{} available (MTBF ÷ (MTBF + MTTR))", format::pct(a))
    } else {
        "Enter MTBF and MTTR to see the availability".to_string()
    }
}

/// Random crashes and repairs of one component (used while the run's chaos switch is on).
#[component]
pub(super) fn RandomFailuresSection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let failures = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.component(&key).and_then(|c| c.failures))
    });
    let set = {
        let id = id.clone();
        move |f: Option<RandomFailures>| {
            state.apply(Edit::SetFailures {
                id: id.clone(),
                failures: f,
            });
        }
    };
    let set_on = {
        let set = set.clone();
        Callback::new(move |on: bool| set(on.then(RandomFailures::default)))
    };
    let set_mtbf = {
        let set = set.clone();
        Callback::new(move |x: f64| {
            if let Some(f) = failures.get_untracked() {
                set(Some(RandomFailures { mtbf_s: x, ..f }))
            }
        })
    };
    let set_mttr = Callback::new(move |x: f64| {
        if let Some(f) = failures.get_untracked() {
            set(Some(RandomFailures { mttr_s: x, ..f }))
        }
    });
    let subject = Subject::Component { id: id.clone() };
    let chaos = move || state.scenario.with(|s| s.run.chaos);
    let nodes_key = id.clone();
    let nodes = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.component(&nodes_key)
                .and_then(|c| {
                    c.redundancy
                        .filter(|_| Redundancy::applies_to(c.params.kind()))
                })
                .map(|r| r.nodes())
        })
    });
    view! {
        <section class="insp-section" data-testid="random-failures">
            <h3 class="section-title">"Random failures"</h3>
            <CheckField
                label="Fails at random"
                help=help::field("failures.enabled")
                value=Signal::derive(move || failures.with(|f| f.is_some()))
                on_set=set_on
                testid="failures-enabled".to_string()
            />
            <Show when=move || failures.with(|f| f.is_some())>
                <NumField
                    label="MTBF"
                    unit="s"
                    help=help::field("failures.mtbf_s")
                    value=Signal::derive(move || failures.with(|f| f.map(|f| f.mtbf_s).unwrap_or(0.0)))
                    on_set=set_mtbf
                    min=0.001
                    max=1e9
                    step=10.0
                    errors=problems_for(state, subject.clone(), "failures.mtbf_s")
                    testid="failures-mtbf".to_string()
                />
                <NumField
                    label="MTTR"
                    unit="s"
                    help=help::field("failures.mttr_s")
                    value=Signal::derive(move || failures.with(|f| f.map(|f| f.mttr_s).unwrap_or(0.0)))
                    on_set=set_mttr
                    min=0.001
                    max=86_400.0
                    step=1.0
                    errors=problems_for(state, subject.clone(), "failures.mttr_s")
                    testid="failures-mttr".to_string()
                />
                <p class="derived" data-testid="failures-availability">
                    {move || failures.get().map(|f| availability_line(&f)).unwrap_or_default()}
                </p>
                {move || {
                    nodes.get().map(|n| view! {
                        <p class="field-help" data-testid="failures-per-node">
                            {format!("Redundant: each of its {n} nodes fails and is repaired on its own.")}
                        </p>
                    })
                }}
                <Show when=move || !chaos()>
                    <p class="field-help" data-testid="failures-chaos-off">
                        "The chaos switch of the run is off: these failures start when it is on (Scenario → Run)."
                    </p>
                </Show>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_is_mtbf_over_mtbf_plus_mttr() {
        let f = RandomFailures {
            mtbf_s: 99.0,
            mttr_s: 1.0,
        };
        assert!(availability_line(&f).starts_with("99.00 % available"));
        let f = RandomFailures {
            mtbf_s: 4.0,
            mttr_s: 1.0,
        };
        assert!(availability_line(&f).starts_with("80.0 % available"));
        let zero = RandomFailures {
            mtbf_s: 0.0,
            mttr_s: 0.0,
        };
        assert!(availability_line(&zero).starts_with("Enter"));
    }
}
