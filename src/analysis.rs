//! The analysis panel: what queueing theory predicts of the design (the engine's
//! [`archsim_engine::analysis`]) beside what the run has measured so far, with a 95 %
//! interval by batch means and a mark where the two disagree; the bottleneck, the headroom,
//! the single points of failure and the availability MTBF/MTTR predict. While it is open the
//! diagram marks the single points of failure and the bottleneck.

use crate::engine::analysis::queueing::Model;
use crate::engine::analysis::{Analysis, Comparison, ComponentAnalysis, Interval, SpofScope};
use crate::format;
use crate::kinds::icons::UiIcon;
use crate::state::{AppState, Selection};
use leptos::prelude::*;
use std::sync::Arc;

/// One line of a component's figures: the prediction, and the run's interval beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: &'static str,
    /// What the symbol means, for a tooltip.
    pub title: &'static str,
    pub predicted: String,
    /// The run's mean ± the half-width of its 95 % interval (`None`: nothing measured).
    pub run: Option<String>,
    /// Whether the prediction lies inside the run's interval (`None`: not compared).
    pub agrees: Option<bool>,
}

/// A number to three significant figures, thousands as "1.2k" and whole numbers whole:
/// "0.42", "18.3", "125", "80".
pub fn sig3(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        "–".into()
    } else if x.fract() == 0.0 && a < 1000.0 {
        format!("{x:.0}")
    } else if a >= 1000.0 {
        format::count(a.round() as u64)
    } else if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A mean and the half-width of its interval, both rounded to the half-width's first
/// significant digit, so the figure claims no more precision than the run measured:
/// "18.2 ± 0.3", "0.797 ± 0.006", "100 ± 2". An interval of no width (every batch
/// alike) shows the mean to three figures.
pub fn plus_minus(i: &Interval) -> String {
    let half = (i.high - i.mean).abs();
    if !(half.is_finite() && i.mean.is_finite()) {
        return "–".into();
    }
    if half < 1e-12 * i.mean.abs().max(1.0) {
        return sig3(i.mean);
    }
    let decimals = (-half.log10().floor()).clamp(0.0, 4.0) as usize;
    format!("{:.decimals$} ± {:.decimals$}", i.mean, half)
}

fn run_of(c: &Option<Comparison>, unit: &str) -> (Option<String>, Option<bool>) {
    match c {
        Some(c) => (
            Some(format!("{}{unit}", plus_minus(&c.simulated))),
            Some(c.agrees),
        ),
        None => (None, None),
    }
}

/// The figures of one component the analysis predicts, each with the run's beside it.
pub fn lines(c: &ComponentAnalysis) -> Vec<Line> {
    let sim = c.simulated.as_ref();
    let mut out = Vec::new();
    if let Some(lambda) = c.lambda_rps {
        let (run, agrees) = run_of(&sim.and_then(|s| s.lambda_rps), " /s");
        out.push(Line {
            label: "λ",
            title: "Offered load: requests per second reaching it",
            predicted: format!("{} /s", sig3(lambda)),
            run,
            agrees,
        });
    }
    if c.model == Some(Model::Infinite) {
        if let Some(l) = c.utilization {
            let (run, agrees) = run_of(&sim.and_then(|s| s.utilization), "");
            out.push(Line {
                label: "L",
                title: "Calls in progress on average (M/G/∞: λ × its time)",
                predicted: sig3(l),
                run,
                agrees,
            });
        }
    } else if let Some(rho) = c.rho {
        let (run, agrees) = run_of(&sim.and_then(|s| s.utilization), "");
        out.push(Line {
            label: "ρ",
            title: "Utilization: the share of its workers kept busy, λ × hold time / workers (≥ 1: it cannot keep up)",
            predicted: format!("{rho:.2}"),
            run,
            agrees,
        });
    }
    let w_run = sim.and_then(|s| s.time_in_system_ms);
    match (c.time_in_system_ms, w_run) {
        (Some(w), _) => {
            let (run, agrees) = run_of(&w_run, " ms");
            out.push(Line {
                label: "W",
                title: "Mean time in system: waiting for a worker plus its own work",
                predicted: format::ms(w),
                run,
                agrees,
            });
        }
        (None, _) => {
            if let Some(s) = sim.filter(|s| s.mean_time_in_system_ms > 0.0) {
                out.push(Line {
                    label: "W",
                    title: "Mean time in system as the run measured it (not predicted: see the notes)",
                    predicted: "–".into(),
                    run: Some(format::ms(s.mean_time_in_system_ms)),
                    agrees: None,
                });
            }
        }
    }
    if let Some(h) = c.hit_ratio {
        out.push(Line {
            label: "hits",
            title: "Share of reads answered from the cache",
            predicted: format::pct(h),
            run: sim.and_then(|s| s.hit_ratio).map(format::pct),
            agrees: None,
        });
    }
    out
}

/// The queueing model and servers of a component: "M/M/c · 8 workers".
pub fn model_line(c: &ComponentAnalysis) -> String {
    let model = c.model.map(|m| m.name());
    let servers = c
        .servers
        .map(|n| format!("{n} {}", if n == 1 { "worker" } else { "workers" }));
    match (model, servers) {
        (Some(m), Some(s)) => format!("{m} · {s}"),
        (Some(m), None) => m.to_string(),
        (None, Some(s)) => s,
        (None, None) => String::new(),
    }
}

/// The components at the highest predicted ρ: the bottleneck, or several alike (three
/// identical servers behind a balancer are all the bottleneck).
pub fn bottlenecks(a: &Analysis) -> Vec<&ComponentAnalysis> {
    let top = a
        .components
        .iter()
        .filter_map(|c| c.rho)
        .fold(0.0_f64, f64::max);
    if top <= 0.0 {
        return Vec::new();
    }
    a.components
        .iter()
        .filter(|c| c.rho.is_some_and(|r| r >= top * (1.0 - 1e-9)))
        .collect()
}

/// "A", "A and B", "A, B and C".
fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The bottleneck and the headroom in a sentence.
pub fn headroom(a: &Analysis, name: &dyn Fn(&str) -> String) -> Option<String> {
    let top = bottlenecks(a);
    let rho = top.first()?.rho?;
    let names: Vec<String> = top.iter().map(|c| name(&c.id)).collect();
    let (who, is, saturates) = if names.len() == 1 {
        (and_list(&names), "is", "it saturates")
    } else {
        (and_list(&names), "are", "they saturate")
    };
    Some(match a.max_client_rps {
        Some(max) if rho >= 1.0 => format!(
            "{who} cannot keep up (ρ = {rho:.2}): the clients send {} req/s and the design takes about {}.",
            sig3(a.client_rps),
            sig3(max)
        ),
        Some(max) if a.client_rps > 0.0 => format!(
            "{who} {is} the bottleneck (ρ = {rho:.2}): the clients' {} req/s can grow {}× to about {} req/s before {saturates}.",
            sig3(a.client_rps),
            sig3(1.0 / rho),
            sig3(max)
        ),
        _ => format!("{who} {is} the busiest (ρ = {rho:.2})."),
    })
}

/// "writes only", "reads only" or nothing.
pub fn scope_text(scope: SpofScope) -> &'static str {
    match scope {
        SpofScope::All => "",
        SpofScope::Reads => "reads only",
        SpofScope::Writes => "writes only",
    }
}

/// What the diagram marks on component `id`: "SPOF" (with "reads" or "writes" when it
/// cuts off only those), "Bottleneck", or both.
pub fn mark(a: &Analysis, id: &str) -> Option<String> {
    let spof = a.spofs.iter().find(|s| s.id == id).map(|s| s.scope);
    let bottleneck = bottlenecks(a).iter().any(|c| c.id == id);
    match (spof, bottleneck) {
        (Some(_), true) => Some("SPOF · bottleneck".into()),
        (Some(SpofScope::Reads), false) => Some("SPOF · reads".into()),
        (Some(SpofScope::Writes), false) => Some("SPOF · writes".into()),
        (Some(SpofScope::All), false) => Some("SPOF".into()),
        (None, true) => Some("Bottleneck".into()),
        (None, false) => None,
    }
}

/// Most (windows × components) one comparison reads: a day of 1 s windows on a large
/// design would otherwise take most of a second, twice a second.
const MAX_COMPARED: usize = 2_000_000;

/// The windows a comparison reads: all, or the latest as many as [`MAX_COMPARED`] allows.
pub fn compared(windows: usize, components: usize) -> usize {
    windows.min((MAX_COMPARED / components.max(1)).max(40))
}

/// The analysis with the run's measurements so far beside it, refreshed with the charts.
fn measured(state: AppState) -> Memo<Option<Arc<Analysis>>> {
    Memo::new_with_compare(
        move |_| {
            state.charts_rev.track();
            let predicted = state.analysis.get()?;
            let Some(summary) = state.summary.get() else {
                return Some(predicted);
            };
            let mut a = (*predicted).clone();
            state.scenario.with(|s| {
                state.runner.with_value(|r| {
                    let Some(sim) = r.sim.as_ref() else { return };
                    let windows = sim.windows();
                    let n = compared(windows.len(), s.components.len());
                    a.compare_run(s, &summary, &windows[windows.len() - n..]);
                    if n < windows.len() {
                        a.notes.push(format!(
                            "the run's intervals are over its latest {} windows (of {}), to keep the page responsive",
                            format::count(n as u64),
                            format::count(windows.len() as u64)
                        ));
                    }
                })
            });
            Some(Arc::new(a))
        },
        |a, b| !matches!((a, b), (Some(None), Some(None))),
    )
}

/// A component's display name.
fn name_of(state: AppState, id: &str) -> String {
    state.scenario.with(|s| {
        s.component(id)
            .map(|c| c.display_name().to_string())
            .unwrap_or_else(|| id.to_string())
    })
}

/// One component's figures: the model, predicted against run, and its notes when `notes`.
#[component]
fn Card(c: ComponentAnalysis, #[prop(optional)] notes: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lines = lines(&c);
    let model = model_line(&c);
    let simulated = c.simulated.is_some();
    let id = c.id.clone();
    let testid = format!("analysis-{}", c.id);
    let little = c
        .simulated
        .as_ref()
        .and_then(|s| s.little)
        .filter(|_| notes);
    let note_list = if notes { c.notes.clone() } else { Vec::new() };
    let exactness = match (c.exact, c.model) {
        (true, Some(_)) => "exact for the long run",
        (false, Some(_)) => "approximate",
        _ => "",
    };
    view! {
        <div class="an-card" data-testid=testid>
            <div class="an-card-head">
                {if notes {
                    view! { <span class="an-name">{model.clone()}</span> }.into_any()
                } else {
                    let name = name_of(state, &id);
                    view! {
                        <button
                            class="an-name link"
                            title="Select it"
                            on:click=move |_| state.selection.set(Selection::Component(id.clone()))
                        >
                            {name}
                        </button>
                        <span class="an-model">{model.clone()}</span>
                    }
                        .into_any()
                }}
                {notes.then(|| view! { <span class="an-model">{exactness}</span> })}
            </div>
            <table class="an-table">
                <thead>
                    <tr>
                        <th></th>
                        <th>"theory"</th>
                        <th>{if simulated { "run, 95 % CI" } else { "run" }}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {lines
                        .into_iter()
                        .map(|l| {
                            let (mark, class) = match l.agrees {
                                Some(true) => ("✓", "an-ok"),
                                Some(false) => ("✗", "an-off"),
                                None => ("", ""),
                            };
                            let aria = match l.agrees {
                                Some(true) => "inside the interval",
                                Some(false) => "outside the interval",
                                None => "",
                            };
                            view! {
                                <tr data-testid=format!("an-{}", l.label)>
                                    <th scope="row" title=l.title>{l.label}</th>
                                    <td class="an-predicted">{l.predicted}</td>
                                    <td class="an-run">{l.run.unwrap_or_else(|| "–".into())}</td>
                                    <td class=class aria-label=aria>{mark}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {little.map(|l| view! {
                <p class="field-help" data-testid="an-little">
                    {format!(
                        "Little's law: L = {} in it on average, λW = {} {}",
                        sig3(l.l),
                        sig3(l.lambda_w),
                        if l.holds { "✓" } else { "(apart by more than 5 %)" }
                    )}
                </p>
            })}
            {(!note_list.is_empty()).then(|| view! {
                <ul class="an-notes">
                    {note_list.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// Shown instead of figures when there are none: why.
fn unavailable(state: AppState) -> &'static str {
    if state.problems.with(|p| p.iter().any(|p| p.is_error())) {
        "The design has errors (see Problems): the analysis needs a design that can run."
    } else {
        "Nothing to analyse yet: add a client and what it calls."
    }
}

/// With nothing selected and the analysis on: the design's figures.
#[component]
pub fn AnalysisPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = measured(state);
    let name = move |id: &str| name_of(state, id);
    let body = move || {
        let Some(a) = analysis.get() else {
            return view! { <p class="notice warning" data-testid="analysis-unavailable">{unavailable(state)}</p> }
                .into_any();
        };
        let headroom = headroom(&a, &name);
        let spofs = a
            .spofs
            .iter()
            .map(|s| {
                let id = s.id.clone();
                let scope = scope_text(s.scope);
                let who = name(&s.id);
                view! {
                    <li data-testid="analysis-spof">
                        <button
                            class="link"
                            on:click=move |_| state.selection.set(Selection::Component(id.clone()))
                        >
                            {who}
                        </button>
                        {(!scope.is_empty()).then(|| format!(" ({scope})"))}
                        ": "
                        {s.reason.clone()}
                    </li>
                }
            })
            .collect_view();
        let no_spof = a.spofs.is_empty();
        let availability = a.availability.clone().map(|av| {
            let predicted = format!(
                "{} ({:.1} nines): {} down a month, {} a year",
                format::pct(av.availability),
                av.nines,
                duration_min(av.downtime_min_per_month),
                duration_min(av.downtime_h_per_year * 60.0)
            );
            let never = av.components_that_fail == 0;
            let run = av
                .simulated_success_ratio
                .map(|ok| format!("The run so far: {} of requests succeeded.", format::pct(ok)));
            view! {
                <section class="insp-section">
                    <h3 class="section-title">"Availability"</h3>
                    <p class="an-text" data-testid="analysis-availability">
                        {if never {
                            "No component has an MTBF/MTTR set: each is taken as never failing (set them under Random failures).".to_string()
                        } else {
                            format!("MTBF/MTTR predict {predicted}.")
                        }}
                    </p>
                    {run.map(|r| view! { <p class="field-help" data-testid="analysis-run-success">{r}</p> })}
                </section>
            }
        });
        let cards = a
            .components
            .iter()
            .filter(|c| c.lambda_rps.is_some() || c.rho.is_some())
            .cloned()
            .map(|c| view! { <Card c=c /> })
            .collect_view();
        let cost = a.cost.clone();
        let cost_parts = cost
            .components
            .iter()
            .map(|c| {
                let who = name(&c.id);
                view! {
                    <li data-testid="analysis-cost-part">
                        <span class="an-cost-who">{who}</span>
                        <span class="an-cost-usd">{format::usd(c.monthly_usd)}</span>
                        <span class="an-cost-basis">{c.basis.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        let ran = a.components.iter().any(|c| c.simulated.is_some());
        let notes = a.notes.clone();
        view! {
            <section class="insp-section">
                <h3 class="section-title">"Bottleneck"</h3>
                <p class="an-text" data-testid="analysis-bottleneck">
                    {headroom.unwrap_or_else(|| "No component has a predicted utilization.".into())}
                </p>
            </section>
            <section class="insp-section">
                <h3 class="section-title">"Single points of failure"</h3>
                {if no_spof {
                    view! {
                        <p class="an-text" data-testid="analysis-no-spof">
                            "None: whichever one component fails, the clients still get answers."
                        </p>
                    }
                        .into_any()
                } else {
                    view! { <ul class="an-spofs">{spofs}</ul> }.into_any()
                }}
            </section>
            {availability}
            <section class="insp-section">
                <h3 class="section-title">"Cost"</h3>
                <p class="an-text" data-testid="analysis-cost">
                    {format!(
                        "{} a month at list prices: machines {}, requests {}.",
                        format::usd(cost.monthly_usd),
                        format::usd(cost.machines_usd),
                        format::usd(cost.requests_usd)
                    )}
                </p>
                <ul class="an-costs">{cost_parts}</ul>
                {cost.notes.into_iter().map(|n| view! { <p class="field-help">{n}</p> }).collect_view()}
            </section>
            <section class="insp-section">
                <h3 class="section-title">"Per component"</h3>
                <p class="field-help">
                    {if ran {
                        "Theory beside the run so far: the run's means over the windows after the warm-up, ± half a 95 % interval by batch means. ✗: the prediction lies outside it."
                    } else {
                        "Run the scenario to see the measurements beside the predictions."
                    }}
                </p>
                {cards}
            </section>
            {(!notes.is_empty()).then(|| view! {
                <section class="insp-section">
                    <h3 class="section-title">"Notes"</h3>
                    <ul class="an-notes" data-testid="analysis-notes">
                        {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                </section>
            })}
        }
            .into_any()
    };
    view! {
        <div class="insp" data-testid="analysis-panel">
            <div class="insp-head">
                <div class="insp-title">
                    <span class="insp-kind">"Analysis"</span>
                    <span class="insp-name static">
                        {move || state.scenario.with(|s| s.name.clone())}
                    </span>
                </div>
                <button
                    class="btn icon-btn ghost"
                    data-testid="analysis-close"
                    title="Close the analysis"
                    aria-label="Close the analysis"
                    on:click=move |_| state.analysis_open.set(false)
                >
                    <UiIcon name="close" />
                </button>
            </div>
            <p class="concept">
                "What queueing theory predicts for this design (Erlang C, Pollaczek–Khinchine, Allen–Cunneen), and where one failure cuts the clients off."
            </p>
            {body}
        </div>
    }
}

/// A selected component's predictions and the run beside them, with the analysis on.
#[component]
pub fn TheorySection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = measured(state);
    move || {
        let c = analysis.with(|a| {
            a.as_ref()
                .and_then(|a| a.components.iter().find(|c| c.id == id).cloned())
        });
        let spof = analysis.with(|a| {
            a.as_ref()
                .and_then(|a| a.spofs.iter().find(|s| s.id == id).cloned())
        });
        let figures = c.filter(|c| !lines(c).is_empty() || !c.notes.is_empty());
        view! {
            <section class="insp-section" data-testid="theory">
                <h3 class="section-title">"Theory"</h3>
                {spof.map(|s| view! {
                    <p class="notice error" data-testid="theory-spof">
                        {format!(
                            "Single point of failure{}: {}.",
                            match s.scope {
                                SpofScope::All => String::new(),
                                scope => format!(" ({})", scope_text(scope)),
                            },
                            s.reason
                        )}
                    </p>
                })}
                {match figures {
                    Some(c) => view! { <Card c=c notes=true /> }.into_any(),
                    None => view! {
                        <p class="field-help">{analysis.with(|a| if a.is_some() {
                            "No prediction for it: it only starts requests."
                        } else {
                            unavailable(state)
                        })}</p>
                    }
                        .into_any(),
                }}
            </section>
        }
    }
}

/// Minutes as "22 min", "4.4 h", "3.7 days".
pub fn duration_min(min: f64) -> String {
    if min < 1.0 {
        format!("{:.0} s", min * 60.0)
    } else if min < 120.0 {
        format!("{} min", sig3(min))
    } else if min < 48.0 * 60.0 {
        format!("{} h", sig3(min / 60.0))
    } else {
        format!("{} days", sig3(min / 1440.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archsim_engine::Scenario;
    use archsim_engine::analysis::analyze;

    fn interval(mean: f64, half: f64) -> Interval {
        Interval {
            mean,
            low: mean - half,
            high: mean + half,
            se: half / 2.0,
            batches: 20,
        }
    }

    #[test]
    fn an_interval_shows_no_more_digits_than_its_width() {
        assert_eq!(plus_minus(&interval(18.1734, 0.31)), "18.2 ± 0.3");
        assert_eq!(plus_minus(&interval(0.79712, 0.0061)), "0.797 ± 0.006");
        assert_eq!(plus_minus(&interval(99.62, 1.8)), "100 ± 2");
        assert_eq!(plus_minus(&interval(1234.5, 56.0)), "1234 ± 56");
        // Every batch alike: the mean to three figures.
        assert_eq!(plus_minus(&interval(2.0, 0.0)), "2");
        assert_eq!(plus_minus(&interval(0.5, 0.0)), "0.50");
    }

    #[test]
    fn a_long_run_on_a_large_design_is_compared_on_its_latest_windows() {
        assert_eq!(compared(600, 7), 600);
        // 500 components: 4,000 windows; a day of 1 s windows is cut to those.
        assert_eq!(compared(86_400, 500), 4_000);
        assert!(compared(86_400, 500) * 500 <= MAX_COMPARED);
        // Never fewer than 40 (two per batch).
        assert_eq!(compared(100_000, 1_000_000), 40);
    }

    #[test]
    fn three_significant_figures() {
        assert_eq!(sig3(0.4237), "0.42");
        assert_eq!(sig3(18.333), "18.3");
        assert_eq!(sig3(125.4), "125");
        assert_eq!(sig3(12_345.0), "12.3k");
        assert_eq!(sig3(80.0), "80");
    }

    #[test]
    fn downtime_in_the_unit_a_person_would_use() {
        assert_eq!(duration_min(0.5), "30 s");
        assert_eq!(duration_min(21.6), "21.6 min");
        assert_eq!(duration_min(262.8), "4.38 h");
        assert_eq!(duration_min(5256.0), "3.65 days");
    }

    /// The M/M/1 example: 80 req/s to one worker with 10 ms exponential work, so ρ = 0.8
    /// and W = S/(1 − ρ) = 50 ms.
    fn mm1() -> Scenario {
        Scenario::from_json(include_str!("../examples/mm1.json")).expect("scenario")
    }

    #[test]
    fn the_panel_shows_erlang_c_for_an_mm1_and_marks_the_spof_and_bottleneck() {
        let a = analyze(&mm1());
        let api = a.components.iter().find(|c| c.id == "server").unwrap();
        let lines = lines(api);
        let get = |label| {
            lines
                .iter()
                .find(|l| l.label == label)
                .unwrap()
                .predicted
                .clone()
        };
        assert_eq!(get("λ"), "80 /s");
        assert_eq!(get("ρ"), "0.80");
        assert_eq!(get("W"), "50.0 ms");
        assert_eq!(model_line(api), "M/M/c · 1 worker");
        // Nothing has run: no run figures and nothing compared.
        assert!(lines.iter().all(|l| l.run.is_none() && l.agrees.is_none()));
        // One server: alone it cuts the clients off, and it is the busiest.
        assert_eq!(mark(&a, "server").as_deref(), Some("SPOF · bottleneck"));
        assert_eq!(mark(&a, "clients"), None);
        let text = headroom(&a, &|id| id.to_uppercase()).unwrap();
        assert!(
            text.contains("SERVER is the bottleneck (ρ = 0.80)")
                && text.contains("1.25× to about 100 req/s"),
            "{text}"
        );
    }

    /// The web-app example: one balancer, three equal services, a cache in every read's
    /// path and a database behind it.
    #[test]
    fn equal_services_share_the_bottleneck_and_the_database_is_a_spof_for_writes() {
        let s = Scenario::from_json(include_str!("../examples/web-app.json")).expect("scenario");
        let a = analyze(&s);
        for api in ["api-1", "api-2", "api-3"] {
            assert_eq!(mark(&a, api).as_deref(), Some("Bottleneck"), "{api}");
        }
        assert_eq!(mark(&a, "lb").as_deref(), Some("SPOF"));
        assert_eq!(mark(&a, "db").as_deref(), Some("SPOF · writes"));
        let text = headroom(&a, &|id| id.to_string()).unwrap();
        assert!(
            text.starts_with("api-1, api-2 and api-3 are the bottleneck (ρ = 0.33)")
                && text.contains("before they saturate"),
            "{text}"
        );
    }
}
