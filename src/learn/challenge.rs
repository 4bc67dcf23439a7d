//! The challenge panel: a challenge's task and its goals over the canvas, each goal ✓ or ✗
//! as the run shows it, and the grade once the run has reached its end.
//!
//! While a challenge is attempted, every run is built from the design on the canvas held to
//! the challenge's script (its faults, run settings and the clients' traffic:
//! `Challenge::scripted`), so deleting the crash or turning the traffic down does not pass.
//! The page's address keeps `?challenge=<id>`, so the toolbar's Share makes a solution link:
//! opened, it shows the linked design, runs it to the end and shows its grade.

use crate::engine::Scenario;
use crate::engine::challenge::Challenge;
use crate::engine::lesson::{Outcome, Verdict};
use crate::learn::catalog::{CardKind, level_label, without_wanted};
use crate::learn::context::{Attempt, Learn};
use crate::learn::library;
use crate::learn::player::{ObservationList, PanelHead, panel_inset, rich};
use crate::share::link::ShareState;
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Opens challenge `id` once its file has arrived: on its starting design (the work that was
/// there is one Undo away), or with `keep_design` on the design already on the canvas (a
/// solution link), which it then runs to the end to grade. A file that does not arrive says
/// so and changes nothing.
pub fn open(state: AppState, learn: Learn, id: &'static str, keep_design: bool) {
    let request = learn.request();
    leptos::task::spawn_local(async move {
        let opened = library::challenge(id).await;
        if !learn.is_latest(request) {
            return;
        }
        match opened {
            Ok((challenge, start)) => begin(state, learn, id, challenge, start, keep_design),
            Err(why) => state.toast(
                ToastKind::Error,
                library::failure(CardKind::Challenge, id, &why),
            ),
        }
    });
}

fn begin(
    state: AppState,
    learn: Learn,
    id: &'static str,
    challenge: Challenge,
    start: Scenario,
    keep_design: bool,
) {
    if learn.playing.with_untracked(Option::is_some) {
        crate::learn::player::close(state, learn);
    }
    let challenge = Arc::new(challenge);
    let start = Arc::new(start);
    if !keep_design {
        state.replace_scenario((*start).clone());
    }
    let (c, s) = (challenge.clone(), start.clone());
    state.set_script(Some(std::rc::Rc::new(move |design: &Scenario| {
        c.scripted(&s, design)
    })));
    let title = challenge.title.clone();
    learn.attempt.set(Some(Attempt {
        id,
        challenge,
        start,
    }));
    set_query(Some(id), keep_design);
    state
        .inset_left
        .set(panel_inset(state.ui_scale.get_untracked()));
    state.fit();
    if keep_design {
        state.toast(
            ToastKind::Info,
            format!("A solution to the challenge '{title}': running it to the end to grade it."),
        );
        state.run_to_end();
    } else {
        state.toast(
            ToastKind::Info,
            format!("Challenge '{title}'. Undo brings back what you had."),
        );
    }
}

/// Ends the attempt: runs are built from the design as it is again, and the diagram gets the
/// whole canvas back.
pub fn close(state: AppState, learn: Learn) {
    learn.attempt.set(None);
    state.set_script(None);
    set_query(None, true);
    state.inset_left.set(0.0);
    state.fit();
}

/// Puts `?challenge=<id>` in the address (or takes it out), keeping the other parameters and,
/// with `keep_hash`, the link in the fragment.
fn set_query(id: Option<&str>, keep_hash: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let search = without_wanted(&location.search().unwrap_or_default());
    let search = match (id, search.is_empty()) {
        (None, _) => search,
        (Some(id), true) => format!("?challenge={id}"),
        (Some(id), false) => format!("{search}&challenge={id}"),
    };
    let hash = if keep_hash {
        location.hash().unwrap_or_default()
    } else {
        String::new()
    };
    let url = format!("{}{search}{hash}", location.pathname().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The design on the canvas held to the attempt's script, or why it cannot be.
fn scripted(state: AppState, learn: Learn) -> Option<Result<Scenario, String>> {
    learn.attempt.with(|a| {
        a.as_ref()
            .map(|a| state.scenario.with(|s| a.challenge.scripted(&a.start, s)))
    })
}

/// Each goal of the attempt on the run so far, then the budget (if any) on the design.
fn outcomes(state: AppState, learn: Learn) -> Vec<(String, Outcome)> {
    state.charts_rev.track();
    state.finished.track();
    let Some(challenge) = learn
        .attempt
        .with(|a| a.as_ref().map(|a| a.challenge.clone()))
    else {
        return Vec::new();
    };
    let run = match scripted(state, learn) {
        Some(Ok(run)) => run,
        Some(Err(why)) => {
            let lost = Outcome {
                verdict: Verdict::Fails,
                value: None,
                detail: why,
            };
            return challenge
                .goals
                .iter()
                .map(|g| (g.claim.clone(), lost.clone()))
                .collect();
        }
        None => return Vec::new(),
    };
    let mut out: Vec<(String, Outcome)> = state.runner.with_value(|r| {
        challenge
            .goals
            .iter()
            .map(|g| {
                let outcome = match r.sim.as_ref() {
                    Some(sim) => g.evaluate(&run, sim.windows(), sim.finished()),
                    None => Outcome {
                        verdict: Verdict::Pending,
                        value: None,
                        detail: "press Grade to run it to the end".to_string(),
                    },
                };
                (g.claim.clone(), outcome)
            })
            .collect()
    });
    if let Some(max) = challenge.max_monthly_usd {
        let usd = crate::engine::analysis::analyze(&run).cost.monthly_usd;
        out.push((
            format!("costs at most {} a month at list prices", dollars(max)),
            Outcome {
                verdict: if usd <= max {
                    Verdict::Holds
                } else {
                    Verdict::Fails
                },
                value: Some(usd),
                detail: format!("{} a month", dollars(usd)),
            },
        ));
    }
    out
}

/// Whole dollars: "$37".
fn dollars(usd: f64) -> String {
    format!("${usd:.0}")
}

/// The grade in a line: while the run has not reached its end, how far it is.
pub fn grade_line(outcomes: &[(String, Outcome)], finished: bool) -> (String, &'static str) {
    let met = outcomes
        .iter()
        .filter(|(_, o)| o.verdict == Verdict::Holds)
        .count();
    let n = outcomes.len();
    if !finished {
        (
            format!("{met} of {n} goals met so far: run to the end to be graded."),
            "",
        )
    } else if met == n {
        ("Passed: every goal met.".to_string(), "passed")
    } else {
        (format!("Not yet: {met} of {n} goals met."), "failed")
    }
}

/// The challenge panel, shown while a challenge is attempted.
#[component]
pub fn ChallengePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let learn = expect_context::<Learn>();
    let outcomes = Memo::new(move |_| outcomes(state, learn));
    let share_state = expect_context::<ShareState>();
    // An attempt ended elsewhere (a lesson started) takes the challenge out of the address.
    Effect::new(move |before: Option<bool>| {
        let attempting = learn.attempt.with(Option::is_some);
        if before == Some(true) && !attempting {
            set_query(None, true);
        }
        attempting
    });
    view! {
        <Show when=move || learn.attempt.with(Option::is_some)>
            {move || {
                let Some(a) = learn.attempt.get() else {
                    return ().into_any();
                };
                let c = a.challenge.clone();
                view! {
                    <aside class="player challenge" data-testid="challenge" aria-label="Challenge">
                        <PanelHead
                            title=c.title.clone()
                            progress=format!("Challenge · {}", level_label(c.level))
                            progress_testid="challenge-level"
                            close_label="Close the challenge"
                            close_testid="challenge-close"
                            on_close=Callback::new(move |_| close(state, learn))
                        />
                        <div class="player-text">{rich(&c.brief, state, learn)}</div>
                        <h3 class="player-step">"Goals"</h3>
                        <ObservationList outcomes=outcomes />
                        {move || {
                            let finished = state.finished.get();
                            let (line, class) = outcomes.with(|o| grade_line(o, finished));
                            view! {
                                <p class=format!("challenge-grade {class}") data-testid="challenge-grade" role="status">
                                    {line}
                                </p>
                            }
                        }}
                        <p class="field-help">
                            "Every run keeps the challenge's faults, run settings and traffic, whatever the design says. Share makes a link that grades your design for whoever opens it."
                        </p>
                        <div class="player-nav">
                            <button
                                class="btn player-share"
                                data-testid="challenge-share"
                                title="Put your design in a link that opens this challenge and grades it"
                                on:click=move |_| crate::share::link::share(&state, &share_state)
                            >
                                "Share solution"
                            </button>
                            <button
                                class="btn primary"
                                data-testid="challenge-grade-run"
                                title="Run the design to the end under the challenge's script"
                                on:click=move |_| state.run_to_end()
                            >
                                "Grade"
                            </button>
                        </div>
                    </aside>
                }
                .into_any()
            }}
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(verdict: Verdict) -> (String, Outcome) {
        (
            "a goal".to_string(),
            Outcome {
                verdict,
                value: None,
                detail: String::new(),
            },
        )
    }

    #[test]
    fn the_grade_waits_for_the_end_of_the_run() {
        let some = vec![outcome(Verdict::Holds), outcome(Verdict::Pending)];
        assert_eq!(
            grade_line(&some, false).0,
            "1 of 2 goals met so far: run to the end to be graded."
        );
        let missed = vec![outcome(Verdict::Holds), outcome(Verdict::Fails)];
        assert_eq!(
            grade_line(&missed, true),
            ("Not yet: 1 of 2 goals met.".to_string(), "failed")
        );
        let all = vec![outcome(Verdict::Holds), outcome(Verdict::Holds)];
        assert_eq!(
            grade_line(&all, true),
            ("Passed: every goal met.".to_string(), "passed")
        );
    }
}
