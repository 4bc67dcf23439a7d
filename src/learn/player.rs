//! The lesson player: a panel over the canvas with the step's narration, what to watch for,
//! a "try it yourself" prompt, and the step's observations, which turn ✓ as the run shows
//! them. Next and Back (also PageDown / PageUp and the arrow keys, so a presentation clicker
//! works) move between steps.
//!
//! Entering a step opens the step's scenario ([`Lesson::step_scenario`]) as one undo step,
//! runs straight to the step's start time, applies its speed and highlight, and plays. The
//! scenario and seed are a pure function of the lesson and the step, so replaying a step
//! gives the same run.
//!
//! "Share lesson" puts the lesson in a link (link format v2, with the scenario it starts
//! from), which opens in this player at step 1 wherever it is sent. The toolbar's Share still
//! shares the diagram on the canvas: during a lesson that is the step with the student's own
//! changes, which is what "look at my design" means.

use crate::engine::Scenario;
use crate::engine::codec::SharedLesson;
use crate::engine::lesson::markup::{self, Block, Inline};
use crate::engine::lesson::{Action, Lesson, Outcome, Verdict};
use crate::learn::catalog::{self, CardKind};
use crate::learn::context::{Learn, Playing};
use crate::learn::library;
use crate::share::link::ShareState;
use crate::state::{AppState, Selection, ToastKind};
use leptos::prelude::*;
use std::sync::Arc;

/// Opens lesson `id` of the library at its first step once its files have arrived, or says
/// what failed and changes nothing. The work that was there is one Undo away.
pub fn open(state: AppState, learn: Learn, id: &'static str) {
    let request = learn.request();
    leptos::task::spawn_local(async move {
        let opened = library::lesson(id).await;
        if !learn.is_latest(request) {
            return;
        }
        match opened {
            Ok((lesson, base)) => {
                let title = lesson.title.clone();
                play(state, learn, Arc::new(lesson), base);
                state.toast(
                    ToastKind::Info,
                    format!("Lesson '{title}'. Undo brings back what you had."),
                );
            }
            Err(why) => state.toast(
                ToastKind::Error,
                library::failure(CardKind::Lesson, id, &why),
            ),
        }
    });
}

/// Starts a lesson opened from a link at its first step, on the scenario the link carries.
/// The work that was there is one Undo away. The same link opened again while its lesson
/// plays (pasted into the address bar) leaves the lesson where it is.
pub fn start_shared(state: AppState, learn: Learn, shared: SharedLesson) {
    let SharedLesson { lesson, scenario } = shared;
    let same = learn.playing.with_untracked(|p| {
        p.as_ref()
            .is_some_and(|p| *p.lesson == lesson && p.base == scenario)
    });
    if same {
        return;
    }
    // A library lesson or example still on its way would cover this one when it arrives.
    learn.request();
    let title = lesson.title.clone();
    play(state, learn, Arc::new(lesson), scenario);
    state.toast(
        ToastKind::Info,
        format!("Opened the shared lesson '{title}'. Undo brings back what you had."),
    );
}

fn play(state: AppState, learn: Learn, lesson: Arc<Lesson>, base: Scenario) {
    // A challenge being attempted ends when a lesson starts: its script goes before the
    // lesson's run is built (its panel takes the challenge out of the address).
    if learn.attempt.with_untracked(Option::is_some) {
        learn.attempt.set(None);
        state.set_script(None);
    }
    learn.playing.set(Some(Playing {
        lesson,
        base,
        step: 0,
        pause_at: None,
    }));
    state
        .inset_left
        .set(panel_inset(state.ui_scale.get_untracked()));
    enter(state, learn, 0);
}

/// The canvas the player covers at a projector scale: its width and margins (see `.player`
/// in the CSS: 380 px times the scale, 12 px from the edge).
pub(crate) fn panel_inset(ui_scale: f64) -> f64 {
    12.0 + 380.0 * ui_scale
}

/// Closes the player; the diagram gets the whole canvas back.
pub fn close(state: AppState, learn: Learn) {
    learn.playing.set(None);
    state.inset_left.set(0.0);
    state.fit();
}

/// Goes to step `index` of the lesson being played.
pub fn enter(state: AppState, learn: Learn, index: usize) {
    let Some(p) = learn.playing.get_untracked() else {
        return;
    };
    let Some(step) = p.lesson.steps.get(index) else {
        return;
    };
    let scenario = match p.lesson.step_scenario(&p.base, index) {
        Ok(s) => s,
        Err(e) => {
            state.toast(ToastKind::Error, format!("This step does not open: {e}"));
            return;
        }
    };
    state.replace_scenario(scenario);
    let mut pause_at = None;
    for action in &step.actions {
        match action {
            Action::Speed { factor } => state.speed.set(*factor),
            Action::Pause { at_s } => pause_at = Some(*at_s),
            Action::Highlight { components } => {
                if let Some(first) = components.first() {
                    state.selection.set(Selection::Component(first.clone()));
                }
            }
            Action::Fault { .. } | Action::Set { .. } => {}
        }
    }
    learn.playing.set(Some(Playing {
        step: index,
        pause_at,
        ..p.clone()
    }));
    state.seek(p.lesson.step_start_s(index));
    if !state.finished.get_untracked() && !state.running.get_untracked() {
        state.toggle_run();
    }
}

/// Next (`forward`) or Back; nothing past either end.
pub fn go(state: AppState, learn: Learn, forward: bool) {
    let Some(p) = learn.playing.get_untracked() else {
        return;
    };
    let next = if forward {
        p.step + 1
    } else {
        p.step.wrapping_sub(1)
    };
    if next < p.lesson.steps.len() {
        enter(state, learn, next);
    }
}

/// The player's keys: PageDown, → next; PageUp, ← back. Whether the key was taken.
pub fn on_key(state: AppState, learn: Learn, key: &str) -> bool {
    if learn.playing.with_untracked(Option::is_none) {
        return false;
    }
    match key {
        "PageDown" | "ArrowRight" => go(state, learn, true),
        "PageUp" | "ArrowLeft" => go(state, learn, false),
        _ => return false,
    }
    true
}

/// The observations of the current step, evaluated on the run so far.
fn outcomes(state: AppState, learn: Learn) -> Vec<(String, Outcome)> {
    state.charts_rev.track();
    state.finished.track();
    let Some(p) = learn.playing.get() else {
        return Vec::new();
    };
    let step = &p.lesson.steps[p.step];
    state.scenario.with_untracked(|scenario| {
        state.runner.with_value(|r| {
            step.observations
                .iter()
                .map(|o| {
                    let outcome = match r.sim.as_ref() {
                        Some(sim) => o.evaluate(scenario, sim.windows(), sim.finished()),
                        None => Outcome {
                            verdict: Verdict::Pending,
                            value: None,
                            detail: "press Run to see it".to_string(),
                        },
                    };
                    (o.claim.clone(), outcome)
                })
                .collect()
        })
    })
}

/// Lesson text as views: text stays text (never HTML); links to other lessons open them.
pub(crate) fn rich(text: &str, state: AppState, learn: Learn) -> AnyView {
    let blocks = match markup::parse(text) {
        Ok(b) => b,
        Err(_) => return view! { <p>{text.to_string()}</p> }.into_any(),
    };
    let inline = move |pieces: Vec<Inline>| {
        pieces
            .into_iter()
            .map(|piece| match piece {
                Inline::Text { text } => view! { <span>{text}</span> }.into_any(),
                Inline::Bold { text } => view! { <strong>{text}</strong> }.into_any(),
                Inline::Code { text } => view! { <code>{text}</code> }.into_any(),
                Inline::Link { text, lesson } => view! {
                    <a
                        href=format!("?lesson={lesson}")
                        on:click=move |e| {
                            if let Some(id) = catalog::known(CardKind::Lesson, &lesson) {
                                e.prevent_default();
                                open(state, learn, id);
                            }
                        }
                    >
                        {text}
                    </a>
                }
                .into_any(),
            })
            .collect_view()
    };
    blocks
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(pieces) => view! { <p>{inline(pieces)}</p> }.into_any(),
            Block::List(items) => view! {
                <ul>{items.into_iter().map(|i| view! { <li>{inline(i)}</li> }).collect_view()}</ul>
            }
            .into_any(),
        })
        .collect_view()
        .into_any()
}

/// A highlighted box of lesson text under a bold lead ("Watch for", "Try it yourself").
fn boxed(
    class: &'static str,
    lead: &'static str,
    text: Option<&str>,
    state: AppState,
    learn: Learn,
) -> Option<impl IntoView + use<>> {
    text.map(|t| {
        view! {
            <div class=format!("player-box {class}")>
                <b>{lead}</b>
                {rich(t, state, learn)}
            </div>
        }
    })
}

/// The player panel, shown while a lesson plays.
#[component]
pub fn Player() -> impl IntoView {
    let state = expect_context::<AppState>();
    let learn = expect_context::<Learn>();
    // A larger projector scale makes the panel wider: fit the diagram beside it again.
    Effect::new(move |before: Option<f64>| {
        let scale = state.ui_scale.get();
        if before.is_some_and(|b| b != scale) && learn.playing.with_untracked(Option::is_some) {
            state.inset_left.set(panel_inset(scale));
            state.fit();
        }
        scale
    });
    // A `pause` action stops the run when the clock reaches its time, once.
    Effect::new(move || {
        let now = state.clock_s.get();
        let Some(at) = learn.playing.with(|p| p.as_ref().and_then(|p| p.pause_at)) else {
            return;
        };
        if now >= at && state.running.get_untracked() {
            state.running.set(false);
            learn
                .playing
                .update(|p| p.iter_mut().for_each(|p| p.pause_at = None));
        }
    });
    let outcomes = Memo::new(move |_| outcomes(state, learn));
    let share_state = expect_context::<ShareState>();
    let share = move |_| {
        if let Some(p) = learn.playing.get_untracked() {
            crate::share::link::share_lesson(&state, &share_state, &p.lesson, &p.base);
        }
    };
    view! {
        <Show when=move || learn.playing.with(Option::is_some)>
            {move || {
                let Some(p) = learn.playing.get() else {
                    return ().into_any();
                };
                let n = p.lesson.steps.len();
                let step = &p.lesson.steps[p.step];
                let at_start = p.step == 0;
                let at_end = p.step + 1 == n;
                view! {
                    <aside class="player" data-testid="player" aria-label="Lesson">
                        <PanelHead
                            title=p.lesson.title.clone()
                            progress=format!("Step {} of {n}", p.step + 1)
                            progress_testid="player-progress"
                            close_label="Close the lesson"
                            close_testid="player-close"
                            on_close=Callback::new(move |_| close(state, learn))
                        />
                        <h3 class="player-step" data-testid="player-step">{step.title.clone()}</h3>
                        <div class="player-text">{rich(&step.narration, state, learn)}</div>
                        {boxed("watch", "Watch for ", step.watch_for.as_deref(), state, learn)}
                        {boxed("try", "Try it yourself ", step.try_it.as_deref(), state, learn)}
                        <ObservationList outcomes=outcomes />
                        <div class="player-nav">
                            <button
                                class="btn player-share"
                                data-testid="player-share"
                                title="Put this lesson in a link and copy it: it opens at step 1"
                                on:click=share
                            >
                                "Share lesson"
                            </button>
                            <button
                                class="btn"
                                data-testid="player-back"
                                disabled=at_start
                                title="Back (PageUp, ←)"
                                on:click=move |_| go(state, learn, false)
                            >
                                "Back"
                            </button>
                            <button
                                class="btn primary"
                                data-testid="player-next"
                                disabled=at_end
                                title="Next (PageDown, →)"
                                on:click=move |_| go(state, learn, true)
                            >
                                "Next"
                            </button>
                        </div>
                    </aside>
                }
                .into_any()
            }}
        </Show>
    }
}

/// The head of a panel over the canvas (the lesson player, a challenge): its title, a line
/// under it, and a close button.
#[component]
pub(crate) fn PanelHead(
    title: String,
    progress: String,
    progress_testid: &'static str,
    close_label: &'static str,
    close_testid: &'static str,
    on_close: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="player-head">
            <div class="player-title">
                <span class="player-lesson">{title}</span>
                <span class="player-progress" data-testid=progress_testid>
                    {progress}
                </span>
            </div>
            <button
                class="btn icon-btn ghost"
                aria-label=close_label
                data-testid=close_testid
                on:click=move |_| on_close.run(())
            >
                <crate::kinds::icons::UiIcon name="close" size=16 />
            </button>
        </div>
    }
}

/// The claims of a step, each with ✓ (holds), ✗ (fails) or … (the run has not got there).
#[component]
pub(crate) fn ObservationList(outcomes: Memo<Vec<(String, Outcome)>>) -> impl IntoView {
    view! {
        <Show when=move || outcomes.with(|o| !o.is_empty())>
            <ul class="observations" data-testid="observations">
                {move || {
                    outcomes
                        .get()
                        .into_iter()
                        .map(|(claim, outcome)| {
                            let (mark, class, word) = match outcome.verdict {
                                Verdict::Holds => ("✓", "obs holds", "holds"),
                                Verdict::Fails => ("✗", "obs fails", "does not hold"),
                                Verdict::Pending => ("…", "obs pending", "not yet measured"),
                            };
                            view! {
                                <li class=class data-testid="observation" data-verdict=word>
                                    <span class="obs-mark" aria-label=word>{mark}</span>
                                    <span class="obs-claim">{claim}</span>
                                    <span class="obs-detail">{outcome.detail}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}
