//! The top toolbar: run controls, speed, the simulated clock, seed, undo/redo, zoom, the
//! problems badge and help.

use crate::editor::edit::Edit;
use crate::format::{self, SPEEDS};
use crate::kinds::icons::UiIcon;
use crate::state::{AppState, RESTART_MESSAGE, Selection};
use crate::theme::Theme;
use leptos::prelude::*;

/// The toolbar.
#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let duration = move || state.scenario.with(|s| s.run.duration_s);
    let progress = move || {
        let d = duration();
        if d > 0.0 {
            (state.clock_s.get() / d * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    let error_count = Memo::new(move |_| {
        state
            .problems
            .with(|p| p.iter().filter(|p| p.is_error()).count())
    });
    let warning_count = Memo::new(move |_| {
        state
            .problems
            .with(|p| p.iter().filter(|p| !p.is_error()).count())
    });
    let seed_text = RwSignal::new(String::new());
    let on_seed = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<u64>() {
            Ok(seed) => {
                let mut run = state.scenario.with_untracked(|s| s.run);
                if run.seed != seed {
                    run.seed = seed;
                    state.apply(Edit::SetRun(run));
                }
            }
            Err(_) => {
                state.toast(
                    crate::state::ToastKind::Error,
                    format!(
                        "The seed must be a whole number from 0 up, got \"{}\"",
                        text.trim()
                    ),
                );
                seed_text.set(state.scenario.with_untracked(|s| s.run.seed.to_string()));
            }
        }
    };

    let learn = use_context::<crate::learn::Learn>();
    let more = RwSignal::new(false);
    let more_anchor = NodeRef::<leptos::html::Div>::new();
    crate::dismiss::on_escape_or_outside(more, more_anchor);
    view! {
        <header class="toolbar" data-testid="toolbar">
            <button
                class="btn icon-btn drawer-toggle"
                data-testid="toggle-palette"
                title="Components to add"
                aria-label="Components"
                aria-pressed=move || state.palette_open.get().to_string()
                on:click=move |_| {
                    state.inspector_open.set(false);
                    state.palette_open.update(|o| *o = !*o);
                }
            >
                <UiIcon name="menu" />
            </button>
            <div class="brand">
                <span class="logo" aria-hidden="true">
                    <UiIcon name="bolt" size=18 />
                </span>
                <h1 class="brand-name">"archsim"</h1>
                <span class="scenario-name" title=move || state.scenario.with(|s| s.name.clone())>
                    {move || state.scenario.with(|s| s.name.clone())}
                </span>
            </div>
            <div class="tb-group" role="group" aria-label="Run">
                <button
                    class="btn primary run"
                    data-testid="run"
                    title="Run or pause the simulation (Space)"
                    on:click=move |_| state.toggle_run()
                >
                    {move || {
                        if state.running.get() {
                            view! { <UiIcon name="pause" /> <span>"Pause"</span> }.into_any()
                        } else if state.finished.get() {
                            view! { <UiIcon name="reset" /> <span>"Run again"</span> }.into_any()
                        } else if state.started.get() {
                            view! { <UiIcon name="play" /> <span>"Resume"</span> }.into_any()
                        } else {
                            view! { <UiIcon name="play" /> <span>"Run"</span> }.into_any()
                        }
                    }}
                </button>
                <button
                    class="btn icon-btn"
                    data-testid="step"
                    title="Step: advance one metrics window of simulated time"
                    aria-label="Step"
                    on:click=move |_| state.step()
                >
                    <UiIcon name="step" />
                </button>
                <button
                    class="btn icon-btn"
                    data-testid="to-end"
                    title="Run to the end as fast as this machine goes (no animation; Cancel stops it)"
                    aria-label="Run to the end"
                    on:click=move |_| state.run_to_end()
                >
                    <UiIcon name="fast" />
                </button>
                <button
                    class="btn icon-btn"
                    data-testid="reset"
                    title="Reset the run to 0 s"
                    aria-label="Reset"
                    on:click=move |_| state.reset()
                >
                    <UiIcon name="reset" />
                </button>
            </div>
            <div class="tb-group clock-group">
                <div class="clock" data-testid="clock" title="Simulated time">
                    <span class="clock-now">{move || format::clock(state.clock_s.get())}</span>
                    <span class="clock-of">
                        {move || format!("of {}", format::clock(duration()))}
                    </span>
                </div>
                // Drag or click to seek: the run is replayed from 0 s to that moment.
                <input
                    type="range"
                    class="clock-slider"
                    data-testid="seek"
                    min="0"
                    max=move || duration().to_string()
                    step="any"
                    aria-label="Simulated time: move to seek (replays the run from 0 s)"
                    title="Seek: the run is replayed from 0 s to the moment you pick"
                    style:background-size=move || format!("{:.2}% 100%", progress())
                    prop:value=move || state.clock_s.get().to_string()
                    on:change=move |ev| {
                        if let Ok(t) = event_target_value(&ev).parse::<f64>() {
                            state.seek_to(t);
                        }
                    }
                />
            </div>
            <label class="tb-field" title="Simulated seconds per real second">
                <span class="tb-label">"Speed"</span>
                <select
                    data-testid="speed"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>()
                            && let Some(s) = SPEEDS.get(i)
                        {
                            state.speed.set(*s);
                        }
                    }
                    prop:value=move || format::speed_index(state.speed.get()).to_string()
                >
                    {SPEEDS
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            view! { <option value=i.to_string()>{format::speed_label(*s)}</option> }
                        })
                        .collect_view()}
                </select>
                {move || {
                    state
                        .reached_speed
                        .get()
                        .and_then(|r| format::speed_behind(state.speed.get(), r))
                        .map(|text| {
                            view! {
                                <span
                                    class="speed-behind"
                                    data-testid="speed-behind"
                                    title="The speed this machine reaches with this design: the chosen one is faster than it can go"
                                >
                                    {text}
                                </span>
                            }
                        })
                }}
            </label>
            <label class="tb-field" title="Same seed, same run">
                <span class="tb-label">"Seed"</span>
                <input
                    class="seed"
                    data-testid="seed"
                    type="text"
                    inputmode="numeric"
                    prop:value=move || {
                        let _ = seed_text.get();
                        state.scenario.with(|s| s.run.seed.to_string())
                    }
                    on:change=on_seed
                />
            </label>
            <div class="tb-spacer"></div>
            <button
                class="btn learn-btn"
                data-testid="learn"
                title="Lessons and example scenarios"
                on:click=move |_| {
                    if let Some(learn) = learn {
                        crate::learn::toggle_gallery(learn);
                    }
                }
            >
                <UiIcon name="book" size=16 />
                <span>"Learn"</span>
            </button>
            <button
                class="btn icon-btn drawer-toggle"
                data-testid="toggle-inspector"
                title="Inspector: settings and live figures"
                aria-label="Inspector"
                aria-pressed=move || state.inspector_open.get().to_string()
                on:click=move |_| {
                    state.palette_open.set(false);
                    state.inspector_open.update(|o| *o = !*o);
                }
            >
                <UiIcon name="sliders" />
            </button>
            // Below 1024 px what follows folds into a "More" menu; wider, the wrapper is
            // invisible to layout (display: contents) and the buttons sit in the toolbar.
            <div class="more-anchor" node_ref=more_anchor>
                <button
                    class="btn icon-btn more-toggle"
                    data-testid="more"
                    title="More: file, share, undo, zoom, theme and help"
                    aria-label="More"
                    aria-haspopup="true"
                    aria-expanded=move || more.get().to_string()
                    on:click=move |_| more.update(|o| *o = !*o)
                >
                    <UiIcon name="more" />
                </button>
                <div class="tb-more" class:open=move || more.get() data-testid="more-panel">
                <button
                    class="btn analyze-btn"
                    data-testid="analyze"
                    title="Analysis: what queueing theory predicts, beside the run; the bottleneck and the single points of failure"
                    aria-pressed=move || state.analysis_open.get().to_string()
                    on:click=move |_| {
                        more.set(false);
                        let open = !state.analysis_open.get_untracked();
                        state.analysis_open.set(open);
                        if open {
                            // The analysis shows where the scenario's settings were.
                            if state.selection.get_untracked() != crate::state::Selection::None {
                                state.selection.set(crate::state::Selection::None);
                            }
                            if crate::state::drawers() {
                                state.palette_open.set(false);
                                state.inspector_open.set(true);
                            }
                        }
                    }
                >
                    <UiIcon name="pulse" size=16 />
                    <span>"Analyze"</span>
                </button>
                    <crate::share::menu::FileButtons />
                    <div class="tb-group" role="group" aria-label="History">
                        <button
                            class="btn icon-btn"
                            data-testid="undo"
                            title=move || state.undo_title()
                            aria-label="Undo"
                            disabled=move || !state.can_undo()
                            on:click=move |_| state.undo()
                        >
                            <UiIcon name="undo" />
                        </button>
                        <button
                            class="btn icon-btn"
                            data-testid="redo"
                            title=move || state.redo_title()
                            aria-label="Redo"
                            disabled=move || !state.can_redo()
                            on:click=move |_| state.redo()
                        >
                            <UiIcon name="redo" />
                        </button>
                    </div>
                    <div class="tb-group" role="group" aria-label="Zoom">
                        <button
                            class="btn icon-btn"
                            data-testid="zoom-out"
                            title="Zoom out"
                            aria-label="Zoom out"
                            on:click=move |_| state.zoom_by(1.0 / 1.2)
                        >
                            <UiIcon name="zoom-out" />
                        </button>
                        <span class="zoom-label" data-testid="zoom-level">
                            {move || format!("{:.0}%", state.view.get().zoom * 100.0)}
                        </span>
                        <button
                            class="btn icon-btn"
                            data-testid="zoom-in"
                            title="Zoom in"
                            aria-label="Zoom in"
                            on:click=move |_| state.zoom_by(1.2)
                        >
                            <UiIcon name="zoom-in" />
                        </button>
                        <button
                            class="btn icon-btn"
                            data-testid="zoom-fit"
                            title="Fit the diagram to the view"
                            aria-label="Fit to view"
                            on:click=move |_| state.fit()
                        >
                            <UiIcon name="fit" />
                        </button>
                    </div>
                    <div class="tb-group">
                        <button
                            class="btn problems-btn"
                            data-testid="problems-button"
                            class:errors=move || { error_count.get() > 0 }
                            class:warnings=move || { error_count.get() == 0 && warning_count.get() > 0 }
                            title="Problems the engine found in the scenario"
                            on:click=move |_| state.problems_open.update(|o| *o = !*o)
                        >
                            <UiIcon name="alert" size=16 />
                            <span data-testid="problems-count">
                                {move || {
                                    let (e, w) = (error_count.get(), warning_count.get());
                                    if e + w == 0 { "No problems".to_string() } else { (e + w).to_string() }
                                }}
                            </span>
                        </button>
                        <button
                            class="btn scale-btn"
                            data-testid="ui-scale"
                            title="Text size for a projector: the figures, charts and lessons at 1×, 1.5× or 2×"
                            aria-label=move || format!("Text size {}×", state.ui_scale.get())
                            on:click=move |_| {
                                state.ui_scale.update(|s| *s = crate::theme::next_scale(*s))
                            }
                        >
                            <span aria-hidden="true">"Aa"</span>
                            <Show when=move || state.ui_scale.get() != 1.0>
                                <span class="scale-value" aria-hidden="true">
                                    {move || format!("{}×", state.ui_scale.get())}
                                </span>
                            </Show>
                        </button>
                        <button
                            class="btn icon-btn"
                            data-testid="theme-toggle"
                            title="Dark theme (until you choose, archsim follows your system's setting)"
                            aria-label="Dark theme"
                            aria-pressed=move || (state.theme.get() == Theme::Dark).to_string()
                            on:click=move |_| {
                                let theme = state.theme.get_untracked().toggled();
                                state.theme.set(theme);
                                crate::theme::remember(theme);
                            }
                        >
                            <UiIcon name="contrast" />
                        </button>
                        <button
                            class="btn icon-btn"
                            data-testid="help-button"
                            title="How archsim works"
                            aria-label="Help"
                            on:click=move |_| state.help_open.update(|o| *o = !*o)
                        >
                            <UiIcon name="help" />
                        </button>
                    </div>
                </div>
            </div>
            <ProblemsPanel />
            <HelpPanel />
        </header>
    }
}

/// The list of every validation problem; clicking one selects what it is about.
#[component]
fn ProblemsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.problems_open.get()>
            <div class="popover problems-panel" data-testid="problems-panel">
                <div class="popover-head">
                    <h3>"Problems"</h3>
                    <button
                        class="btn icon-btn ghost"
                        aria-label="Close"
                        on:click=move |_| state.problems_open.set(false)
                    >
                        <UiIcon name="close" size=16 />
                    </button>
                </div>
                {move || {
                    let problems = state.problems.get();
                    if problems.is_empty() {
                        view! {
                            <p class="muted">"The scenario is valid: press Run."</p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ul class="problem-list">
                                {problems
                                    .into_iter()
                                    .map(|p| {
                                        let target = match &p.subject {
                                            crate::engine::Subject::Component { id } => {
                                                Selection::Component(id.clone())
                                            }
                                            crate::engine::Subject::Connection { from, to } => {
                                                Selection::Connection {
                                                    from: from.clone(),
                                                    to: to.clone(),
                                                }
                                            }
                                            _ => Selection::None,
                                        };
                                        let class = if p.is_error() {
                                            "problem error"
                                        } else {
                                            "problem warning"
                                        };
                                        view! {
                                            <li>
                                                <button
                                                    class=class
                                                    data-testid="problem"
                                                    on:click=move |_| {
                                                        state.selection.set(target.clone())
                                                    }
                                                >
                                                    <span class="problem-sev">
                                                        {if p.is_error() { "Error" } else { "Warning" }}
                                                    </span>
                                                    <span>{p.message.clone()}</span>
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }}
            </div>
        </Show>
    }
}

/// How to use archsim, in a few lines.
#[component]
fn HelpPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.help_open.get()>
            <div class="popover help-panel" data-testid="help-panel">
                <div class="popover-head">
                    <h3>"How archsim works"</h3>
                    <button
                        class="btn icon-btn ghost"
                        aria-label="Close"
                        on:click=move |_| state.help_open.set(false)
                    >
                        <UiIcon name="close" size=16 />
                    </button>
                </div>
                <ul class="help-list">
                    <li>
                        <b>"Build: "</b>
                        "drag a component from the left onto the canvas, or click it (Enter) to place it in view. Drag the dot on a component's right edge onto another to connect them."
                    </li>
                    <li>
                        <b>"Edit: "</b>
                        "select a component or connection to change it in the inspector. Delete removes it; Ctrl+Z / Ctrl+Shift+Z undo and redo."
                    </li>
                    <li>
                        <b>"Run: "</b>
                        "Run animates requests: blue going out, green back, teal from a cache, red errors, amber rejections, grey lost. Step advances one window; Reset goes back to 0 s."
                    </li>
                    <li>
                        <b>"Edits during a run: "</b>
                        {RESTART_MESSAGE}
                        ". Moving or renaming does not restart."
                    </li>
                    <li>
                        <b>"Break things: "</b>
                        "select a component to crash, slow or recover it; a connection to partition or heal it. Each action is added to the fault timeline, so a replay repeats it."
                    </li>
                    <li>
                        <b>"Navigate: "</b>
                        "drag the background to pan, scroll to zoom, the fit button to see everything. Space runs and pauses."
                    </li>
                </ul>
            </div>
        </Show>
    }
}

/// While a run goes to its end, or a seek replays the run to its moment: how far it is, how
/// fast it goes, and Cancel.
#[component]
pub fn ToEndPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let duration = move || state.scenario.with(|s| s.run.duration_s);
    let target = move || state.to_end.get().map_or(0.0, |t| t.target_s);
    let seeking = move || target() < duration();
    let share = move || {
        let t = target();
        if t > 0.0 {
            (state.clock_s.get() / t).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    view! {
        <Show when=move || state.to_end.get().is_some()>
            <div class="to-end" data-testid="to-end-panel" role="status">
                <div class="to-end-text">
                    <b>
                        {move || {
                            if seeking() {
                                format!(
                                    "Seeking to {}: {:.0} %",
                                    format::clock(target()),
                                    share() * 100.0,
                                )
                            } else {
                                format!("Running to the end: {:.0} %", share() * 100.0)
                            }
                        }}
                    </b>
                    <span>
                        {move || {
                            format!(
                                "{} of {} simulated",
                                format::clock(state.clock_s.get()),
                                format::clock(duration()),
                            )
                        }}
                    </span>
                    <span data-testid="to-end-rate">
                        {move || {
                            state
                                .to_end
                                .get()
                                .and_then(|t| t.events_per_s(crate::run::clock::now_ms()))
                                .map(format::events_per_s)
                                .unwrap_or_default()
                        }}
                    </span>
                </div>
                <div
                    class="to-end-bar"
                    role="progressbar"
                    aria-label=move || if seeking() { "Seek" } else { "Run to the end" }
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=move || format!("{:.0}", share() * 100.0)
                >
                    <div class="to-end-fill" style:width=move || format!("{:.1}%", share() * 100.0)></div>
                </div>
                <button class="btn small" data-testid="to-end-cancel" on:click=move |_| state.cancel_to_end()>
                    "Cancel"
                </button>
            </div>
        </Show>
    }
}
