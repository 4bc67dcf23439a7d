//! With nothing selected: the scenario's name, run and SLO settings, network zones, the
//! traffic spike and the fault timeline.

use crate::editor::edit::Edit;
use crate::engine::Subject;
use crate::inspector::faults::{SpikeControl, Timeline};
use crate::inspector::fields::{CheckField, NumField};
use crate::inspector::help;
use crate::inspector::problems::problems_for;
use crate::inspector::zones::ZonesEditor;
use crate::state::AppState;
use leptos::prelude::*;

/// Nothing selected: the scenario's settings and its fault timeline.
#[component]
pub(super) fn ScenarioPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let run_num = |label: &'static str,
                   unit: &'static str,
                   key: &'static str,
                   field: &'static str,
                   (min, max, step): (f64, f64, f64),
                   get: fn(&archsim_engine::RunSettings) -> f64,
                   set: fn(&mut archsim_engine::RunSettings, f64)| {
        view! {
            <NumField
                label=label
                unit=unit
                help=help::field(key)
                value=Signal::derive(move || state.scenario.with(|s| get(&s.run)))
                on_set=Callback::new(move |v: f64| {
                    let mut run = state.scenario.with_untracked(|s| s.run);
                    set(&mut run, v);
                    state.apply(Edit::SetRun(run));
                })
                min=min
                max=max
                step=step
                errors=problems_for(state, Subject::Run, field)
                testid=format!("run-{field}")
            />
        }
    };
    let slo_num = |label: &'static str,
                   unit: &'static str,
                   key: &'static str,
                   field: &'static str,
                   (min, max, step): (f64, f64, f64),
                   get: fn(&archsim_engine::Slo) -> f64,
                   set: fn(&mut archsim_engine::Slo, f64)| {
        view! {
            <NumField
                label=label
                unit=unit
                help=help::field(key)
                value=Signal::derive(move || state.scenario.with(|s| get(&s.slo)))
                on_set=Callback::new(move |v: f64| {
                    let mut slo = state.scenario.with_untracked(|s| s.slo);
                    set(&mut slo, v);
                    state.apply(Edit::SetSlo(slo));
                })
                min=min
                max=max
                step=step
                errors=problems_for(state, Subject::Slo, field)
                testid=format!("slo-{field}")
            />
        }
    };
    let other = Signal::derive(move || {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| matches!(p.subject, Subject::Scenario))
                .map(|p| (p.is_error(), p.message.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="insp" data-testid="scenario-inspector">
            <div class="insp-head">
                <div class="insp-title">
                    <span class="insp-kind">"Scenario"</span>
                    <input
                        class="insp-name"
                        data-testid="scenario-name"
                        aria-label="Scenario name"
                        prop:value=move || state.scenario.with(|s| s.name.clone())
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            state.apply(Edit::SetName(name));
                        }
                    />
                </div>
            </div>
            <p class="concept">
                {move || state.scenario.with(|s| s.description.clone())}
            </p>
            <p class="muted small">"Select a component or a connection to inspect it."</p>
            {move || {
                other
                    .get()
                    .into_iter()
                    .map(|(err, m)| view! { <p class=if err { "notice error" } else { "notice warning" }>{m}</p> })
                    .collect_view()
            }}
            <SpikeControl />
            <Timeline />
            <crate::inspector::faults::EventLog />
            <ZonesEditor />
            <section class="insp-section">
                <h3 class="section-title">"Run"</h3>
                {run_num("Seed", "", "run.seed", "seed", (0.0, 1e15, 1.0), |r| r.seed as f64, |r, v| r.seed = v.max(0.0) as u64)}
                {run_num("Duration", "s", "run.duration_s", "duration_s", (1.0, 86_400.0, 10.0), |r| r.duration_s, |r, v| r.duration_s = v)}
                {run_num("Warm-up", "s", "run.warmup_s", "warmup_s", (0.0, 86_400.0, 1.0), |r| r.warmup_s, |r, v| r.warmup_s = v)}
                {run_num("Window", "ms", "run.window_ms", "window_ms", (10.0, 3_600_000.0, 100.0), |r| r.window_ms, |r, v| r.window_ms = v)}
                <CheckField
                    label="Chaos (random failures)"
                    help=help::field("run.chaos")
                    value=Signal::derive(move || state.scenario.with(|s| s.run.chaos))
                    on_set=Callback::new(move |on: bool| {
                        let mut run = state.scenario.with_untracked(|s| s.run);
                        run.chaos = on;
                        state.apply(Edit::SetRun(run));
                    })
                    testid="run-chaos".to_string()
                />
                <p class="field-help" data-testid="chaos-count">
                    {move || {
                        let n = state.scenario.with(|s| s.components.iter().filter(|c| c.failures.is_some()).count());
                        match n {
                            0 => "No component has random failures yet: turn them on in a component's inspector.".to_string(),
                            1 => "1 component has random failures.".to_string(),
                            n => format!("{n} components have random failures."),
                        }
                    }}
                </p>
            </section>
            <section class="insp-section">
                <h3 class="section-title">"Service-level objective"</h3>
                {slo_num("Latency", "ms", "slo.latency_ms", "latency_ms", (1.0, 86_400_000.0, 50.0), |s| s.latency_ms, |s, v| s.latency_ms = v)}
                {slo_num("Target", "%", "slo.success_target", "success_target", (0.0, 100.0, 0.1), |s| (s.success_target * 10000.0).round() / 100.0, |s, v| s.success_target = v / 100.0)}
            </section>
        </div>
    }
}
