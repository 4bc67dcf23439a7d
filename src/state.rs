//! The app's state: the scenario (the model), the selection, the view, the run, toasts — as
//! signals — plus the commands that change them. Every change to the scenario goes through
//! [`AppState::apply`], which records it for undo, refuses invalid edits with a message and
//! restarts a run whose behaviour the edit changed.

use crate::editor::edit::{Edit, EditError};
use crate::editor::geom::{Pt, View, diagram_bounds, fit_view};
use crate::editor::history::History;
use crate::engine::{
    BreakerState, ComponentLive, Fault, FaultEntry, Kind, Pos, Problem, ReplicationLive, Scenario,
    Severity, Summary,
};
use crate::format;
use crate::run::runner::Runner;
use leptos::prelude::*;
use std::time::Duration;

/// Where the last scenario without validation errors is kept (the panic overlay restores it).
pub const LAST_GOOD_KEY: &str = "archsim.lastGood";
/// Set by the panic overlay's "Restore last state" button before it reloads the page.
pub const RESTORE_KEY: &str = "archsim.restore";

/// The toast shown when an edit restarts a run.
pub const RESTART_MESSAGE: &str =
    "Diagram changed — the run restarts from 0 s so results match what you see";

/// The charts redraw at most this often while running (each chart costs a few ms of a frame;
/// the numbers in the summary strip refresh more often).
pub const CHART_EVERY_MS: f64 = 500.0;

/// Room the first-load hint takes at the top of the canvas, in CSS pixels.
const HINT_CLEARANCE_PX: f64 = 56.0;

/// What is selected on the canvas.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Selection {
    /// Nothing: the inspector shows the scenario settings.
    #[default]
    None,
    /// A component, by id.
    Component(String),
    /// A connection, by its ends.
    Connection { from: String, to: String },
}

/// Below this window width (CSS pixels) the palette and the inspector are drawers; it
/// matches the media query in `style/main.css`.
pub const DRAWER_MAX_PX: f64 = 1024.0;

/// Each flow as `sqrt(flow / busiest)`, in 0..=1 (all 0 when nothing flows).
pub fn flow_shares(flow: &[f64]) -> Vec<f64> {
    let max = flow.iter().copied().fold(0.0, f64::max);
    flow.iter()
        .map(|v| if max > 0.0 { (v / max).sqrt() } else { 0.0 })
        .collect()
}

/// A run to the end: where it started, so its progress panel can say how fast it goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ToEnd {
    /// Where it stops: the end of the run, or the moment a seek goes to.
    pub target_s: f64,
    /// `performance.now()` when it started, in ms.
    pub started_ms: f64,
    /// Events simulated since.
    pub events: u64,
}

impl ToEnd {
    /// Events per second of real time so far; `None` in the first half second, when the
    /// figure would be mostly noise.
    pub fn events_per_s(&self, now_ms: f64) -> Option<f64> {
        let elapsed_s = (now_ms - self.started_ms) / 1000.0;
        (elapsed_s >= 0.5).then(|| self.events as f64 / elapsed_s)
    }
}

/// Whether the system asks for reduced motion (`prefers-reduced-motion: reduce`).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Whether the window is narrow enough for drawers (see [`DRAWER_MAX_PX`]).
pub fn drawers() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < DRAWER_MAX_PX)
}

/// The tone of a toast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    /// Something happened that the user should know.
    Info,
    /// An edit was refused or something failed.
    Error,
}

/// A short message in the corner that disappears by itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// Unique per toast, for dismissing it.
    pub id: u64,
    /// Its tone.
    pub kind: ToastKind,
    /// The message.
    pub text: String,
}

/// Handles to every piece of app state; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The architecture, traffic, faults and settings being edited.
    pub scenario: RwSignal<Scenario>,
    /// Everything the engine's `validate` says about the scenario.
    pub problems: Memo<Vec<Problem>>,
    /// What the inspector shows.
    pub selection: RwSignal<Selection>,
    /// The canvas transform.
    pub view: RwSignal<View>,
    /// Size of the canvas in CSS pixels.
    pub viewport: RwSignal<(f64, f64)>,
    /// The run loop advances the simulation while this is true.
    pub running: RwSignal<bool>,
    /// Simulated seconds per real second.
    pub speed: RwSignal<f64>,
    /// The simulated clock, updated every frame.
    pub clock_s: RwSignal<f64>,
    /// Whether the run reached its duration.
    pub finished: RwSignal<bool>,
    /// Whether a simulation exists (Run or Step was pressed since the last reset).
    pub started: RwSignal<bool>,
    /// Per-component live state, refreshed a few times a second while running.
    pub live: RwSignal<Vec<ComponentLive>>,
    /// Per-connection partition flags.
    pub partitioned: RwSignal<Vec<bool>>,
    /// Per-component replication state (databases with replicas), refreshed with `live`.
    pub replication: RwSignal<Vec<Option<ReplicationLive>>>,
    /// Per-connection circuit breaker state (`None` without a breaker).
    pub breakers: RwSignal<Vec<Option<BreakerState>>>,
    /// Whole-run statistics, refreshed with `live`.
    pub summary: RwSignal<Option<Summary>>,
    /// Bumped whenever new metrics windows may exist (the charts redraw on it).
    pub stats_rev: RwSignal<u64>,
    /// Bumped when the charts should redraw: a new metrics window exists and the last redraw
    /// is at least [`CHART_EVERY_MS`] old (or the run was reset, stepped or finished).
    pub charts_rev: RwSignal<u64>,
    /// (windows charted, when) of the last chart redraw.
    charted: StoredValue<(usize, f64)>,
    /// Latency chart on a log scale.
    pub log_scale: RwSignal<bool>,
    /// Messages on screen.
    pub toasts: RwSignal<Vec<Toast>>,
    /// The first-load hint; hidden once the user runs or edits.
    pub hint_visible: RwSignal<bool>,
    /// Whether the problems list is open.
    pub problems_open: RwSignal<bool>,
    /// Whether the help panel is open.
    pub help_open: RwSignal<bool>,
    /// Canvas pixels on the left that a panel covers (the lesson player): fitting the
    /// diagram leaves them free.
    pub inset_left: RwSignal<f64>,
    /// On screens narrower than [`DRAWER_MAX_PX`] the palette and the inspector are drawers
    /// over the canvas: whether each is open.
    pub palette_open: RwSignal<bool>,
    pub inspector_open: RwSignal<bool>,
    /// The system asks for reduced motion: no moving dots; the flow on each connection is
    /// drawn as its line's thickness instead ([`AppState::flow`]).
    pub reduced_motion: bool,
    /// Light or dark; the page, the charts and the dots follow it.
    pub theme: RwSignal<crate::theme::Theme>,
    /// Projector scale: the panels, charts and lesson text at 1×, 1.5× or 2× (the diagram
    /// has its own zoom).
    pub ui_scale: RwSignal<f64>,
    /// A run to the end in progress (flat out, no animation), for its progress panel.
    pub to_end: RwSignal<Option<ToEnd>>,
    /// Simulated seconds per real second the running simulation reached lately (`None` when
    /// not running), to say so when the machine cannot keep up with the chosen speed.
    pub reached_speed: RwSignal<Option<f64>>,
    /// The flow on each connection as a share of the busiest one's, by the square root so a
    /// quiet connection still shows (see `Runner::flow`); published only in reduced motion.
    pub flow: RwSignal<Vec<f64>>,
    /// What the run did by itself, as the announcer noticed it (newest last).
    pub events: RwSignal<Vec<crate::run::event::RunEvent>>,
    /// Whether the analysis is on: its panel in the inspector, its marks on the diagram.
    pub analysis_open: RwSignal<bool>,
    /// What queueing theory predicts of the scenario while the analysis is on and the
    /// scenario has no errors; worked out again only when its behaviour changes (not when
    /// a component is moved or renamed).
    pub analysis: Memo<Option<std::sync::Arc<crate::engine::analysis::Analysis>>>,
    /// What the run is built from instead of the scenario as it is, when something imposes
    /// its own terms (a challenge: its faults, run settings and traffic). Set it with
    /// [`AppState::set_script`].
    pub script: StoredValue<Option<Script>, LocalStorage>,
    /// Undo/redo history of edits.
    pub history: StoredValue<History, LocalStorage>,
    /// The simulation and the animation's frame state.
    pub runner: StoredValue<Runner, LocalStorage>,
    next_toast: StoredValue<u64>,
}

/// Turns the scenario on the canvas into the one a run is built from, or says why it cannot run.
pub type Script = std::rc::Rc<dyn Fn(&Scenario) -> Result<Scenario, String>>;

/// The scenario as far as the simulation cares: without names, labels and positions.
fn behaviour(s: &Scenario) -> Scenario {
    let mut b = s.clone();
    b.name.clear();
    b.description.clear();
    for c in &mut b.components {
        c.label.clear();
        c.pos = Default::default();
    }
    b
}

impl AppState {
    /// Fresh state around `scenario`.
    pub fn new(scenario: Scenario) -> AppState {
        let scenario = RwSignal::new(scenario);
        let problems = Memo::new_with_compare(
            move |_| crate::engine::validate(&scenario.read()),
            |a, b| a != b,
        );
        let analysis_open = RwSignal::new(false);
        let analysed = Memo::new(move |_| {
            let valid = !problems.with(|p| p.iter().any(|p| p.is_error()));
            (analysis_open.get() && valid).then(|| behaviour(&scenario.read()))
        });
        let analysis = Memo::new_with_compare(
            move |_| {
                analysed.with(|s| {
                    s.as_ref()
                        .map(|s| std::sync::Arc::new(crate::engine::analysis::analyze(s)))
                })
            },
            |a, b| !matches!((a, b), (Some(None), Some(None))),
        );
        AppState {
            scenario,
            problems,
            selection: RwSignal::new(Selection::None),
            view: RwSignal::new(View::default()),
            viewport: RwSignal::new((960.0, 560.0)),
            running: RwSignal::new(false),
            speed: RwSignal::new(format::DEFAULT_SPEED),
            clock_s: RwSignal::new(0.0),
            finished: RwSignal::new(false),
            started: RwSignal::new(false),
            live: RwSignal::new(Vec::new()),
            partitioned: RwSignal::new(Vec::new()),
            replication: RwSignal::new(Vec::new()),
            breakers: RwSignal::new(Vec::new()),
            summary: RwSignal::new(None),
            stats_rev: RwSignal::new(0),
            charts_rev: RwSignal::new(0),
            charted: StoredValue::new((0, f64::NEG_INFINITY)),
            log_scale: RwSignal::new(false),
            toasts: RwSignal::new(Vec::new()),
            hint_visible: RwSignal::new(true),
            problems_open: RwSignal::new(false),
            help_open: RwSignal::new(false),
            inset_left: RwSignal::new(0.0),
            palette_open: RwSignal::new(false),
            inspector_open: RwSignal::new(false),
            reduced_motion: prefers_reduced_motion(),
            theme: RwSignal::new(crate::theme::initial()),
            ui_scale: RwSignal::new(crate::theme::initial_scale()),
            to_end: RwSignal::new(None),
            reached_speed: RwSignal::new(None),
            flow: RwSignal::new(Vec::new()),
            events: RwSignal::new(Vec::new()),
            analysis_open,
            analysis,
            script: StoredValue::new_local(None),
            history: StoredValue::new_local(History::default()),
            runner: StoredValue::new_local(Runner::default()),
            next_toast: StoredValue::new(0),
        }
    }

    // ----- toasts -------------------------------------------------------------------------

    /// Shows a toast for a few seconds.
    pub fn toast(&self, kind: ToastKind, text: impl Into<String>) {
        let text = text.into();
        let id = self.next_toast.get_value() + 1;
        self.next_toast.set_value(id);
        let toasts = self.toasts;
        toasts.update(|t| {
            // The same message twice in a row is shown once.
            t.retain(|x| x.text != text);
            t.push(Toast { id, kind, text });
            if t.len() > 3 {
                t.remove(0);
            }
        });
        let ms = if kind == ToastKind::Error { 6000 } else { 4500 };
        set_timeout(
            move || {
                toasts.try_update(|t| t.retain(|x| x.id != id));
            },
            Duration::from_millis(ms),
        );
    }

    /// Sets (or, with `None`, removes) the [`Script`] runs are built with; the run starts
    /// again.
    pub fn set_script(&self, script: Option<Script>) {
        self.script.set_value(script);
        self.reset();
    }

    // ----- edits --------------------------------------------------------------------------

    /// Replaces the whole scenario (an opened link, an imported file, "New"): the run is reset,
    /// the selection cleared, and the view fitted to the new diagram. It is one undo step.
    pub fn replace_scenario(&self, scenario: Scenario) {
        self.reset();
        self.selection.set(Selection::None);
        self.history.update_value(|h| h.end_gesture());
        // Opening is a step like any edit: Undo brings back the work that was there.
        self.scenario.update(|s| {
            self.history.update_value(|h| {
                let opened = h.apply(s, Edit::Open(Box::new(scenario)));
                debug_assert!(opened.is_ok(), "opening a scenario cannot be refused");
            })
        });
        self.fit();
    }

    /// Applies an edit: records it for undo, or shows why it was refused. A change to what
    /// the simulation does (not to names or positions) stops and resets a started run.
    pub fn apply(&self, edit: Edit) -> bool {
        let before = self.scenario.with_untracked(behaviour);
        let result = self
            .scenario
            .try_update(|s| self.history.try_update_value(|h| h.apply(s, edit)))
            .flatten();
        match result {
            Some(Ok(())) => {
                self.after_edit(&before);
                true
            }
            Some(Err(e)) => {
                self.refused(e);
                false
            }
            None => false,
        }
    }

    fn refused(&self, e: EditError) {
        self.toast(ToastKind::Error, e.to_string());
    }

    fn after_edit(&self, before: &Scenario) {
        self.hint_visible.set(false);
        self.fix_selection();
        let changed = self.scenario.with_untracked(|s| behaviour(s) != *before);
        if changed && self.started.get_untracked() {
            self.reset();
            self.toast(ToastKind::Info, RESTART_MESSAGE);
        }
    }

    /// Starts a gesture (a drag): its edits become one undo step.
    pub fn begin_gesture(&self) {
        self.history.update_value(|h| h.begin_gesture());
    }

    /// Ends a gesture so the next edit is a new undo step.
    pub fn end_gesture(&self) {
        self.history.update_value(|h| h.end_gesture());
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        self.undo_redo(true);
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        self.undo_redo(false);
    }

    fn undo_redo(&self, undo: bool) {
        let before = self.scenario.with_untracked(behaviour);
        let done = self
            .scenario
            .try_update(|s| {
                self.history
                    .try_update_value(|h| if undo { h.undo(s) } else { h.redo(s) })
            })
            .flatten();
        if let Some(Err(e)) = &done {
            self.toast(ToastKind::Error, format!("History was cleared: {e}"));
        }
        if matches!(done, Some(Ok(true))) {
            self.after_edit(&before);
        } else if matches!(done, Some(Ok(false))) {
            self.toast(
                ToastKind::Info,
                if undo {
                    "Nothing to undo"
                } else {
                    "Nothing to redo"
                },
            );
        }
    }

    /// Whether there is something to undo (reactive through the scenario).
    pub fn can_undo(&self) -> bool {
        self.scenario.track();
        self.history.with_value(|h| h.can_undo())
    }

    /// The Undo button's tooltip: what it would undo.
    pub fn undo_title(&self) -> String {
        self.scenario.track();
        self.history
            .with_value(|h| h.undo_label())
            .map(|l| format!("{l} (Ctrl+Z)"))
            .unwrap_or_else(|| "Nothing to undo".to_string())
    }

    /// The Redo button's tooltip: what it would redo.
    pub fn redo_title(&self) -> String {
        self.scenario.track();
        self.history
            .with_value(|h| h.redo_label())
            .map(|l| format!("{l} (Ctrl+Shift+Z)"))
            .unwrap_or_else(|| "Nothing to redo".to_string())
    }

    /// Whether there is something to redo (reactive through the scenario).
    pub fn can_redo(&self) -> bool {
        self.scenario.track();
        self.history.with_value(|h| h.can_redo())
    }

    /// Drops a selection whose subject no longer exists (after delete or undo).
    fn fix_selection(&self) {
        let keep = self
            .scenario
            .with_untracked(|s| match &self.selection.get_untracked() {
                Selection::None => true,
                Selection::Component(id) => s.component(id).is_some(),
                Selection::Connection { from, to } => {
                    s.connections.iter().any(|c| &c.from == from && &c.to == to)
                }
            });
        if !keep {
            self.selection.set(Selection::None);
        }
    }

    /// Adds a component of `kind` near `at_world` (moved aside if that spot is taken), selects
    /// it and returns its id.
    pub fn add_component(&self, kind: Kind, at_world: Pt) -> Option<String> {
        let edit = self.scenario.with_untracked(|s| {
            let c = crate::editor::edit::place_new(
                s,
                kind,
                Pos {
                    x: at_world.x.round(),
                    y: at_world.y.round(),
                },
            );
            (c.id.clone(), Edit::add_component(s, c))
        });
        let (id, edit) = edit;
        if self.apply(edit) {
            self.selection.set(Selection::Component(id.clone()));
            Some(id)
        } else {
            None
        }
    }

    /// Deletes whatever is selected, warning about faults in the timeline that name it.
    pub fn delete_selection(&self) {
        let edit = self
            .scenario
            .with_untracked(|s| match self.selection.get_untracked() {
                Selection::None => None,
                Selection::Component(id) => Some(Edit::delete(s, &[id], &[])),
                Selection::Connection { from, to } => Some(Edit::delete(s, &[], &[(from, to)])),
            });
        let Some(edit) = edit else {
            return;
        };
        let warnings = self.scenario.with_untracked(|s| edit.warnings(s));
        if self.apply(edit) {
            self.selection.set(Selection::None);
            for w in warnings {
                self.toast(ToastKind::Info, w);
            }
        }
    }

    // ----- the view -----------------------------------------------------------------------

    /// Fits the whole diagram into the canvas (below the first-load hint while it shows).
    pub fn fit(&self) {
        let (w, h) = self.viewport.get_untracked();
        let top = if self.hint_visible.get_untracked() {
            HINT_CLEARANCE_PX
        } else {
            0.0
        };
        // A panel over the canvas is left free only where the rest still has room.
        let left = Some(self.inset_left.get_untracked()).filter(|l| w - l >= 360.0);
        let left = left.unwrap_or(0.0);
        if let Some(b) = self.scenario.with_untracked(diagram_bounds) {
            self.view
                .set(fit_view(b, w - left, h - top, 32.0).panned(left, top));
        }
    }

    /// Zooms by `factor` around the centre of the canvas.
    pub fn zoom_by(&self, factor: f64) {
        let (w, h) = self.viewport.get_untracked();
        self.view
            .update(|v| *v = v.zoomed_at(Pt::new(w / 2.0, h / 2.0), factor));
    }

    /// The world point at the centre of the canvas.
    pub fn view_center_world(&self) -> Pt {
        let (w, h) = self.viewport.get_untracked();
        self.view
            .get_untracked()
            .world_from_screen(Pt::new(w / 2.0, h / 2.0))
    }

    // ----- the run ------------------------------------------------------------------------

    fn error_count(&self) -> usize {
        self.problems
            .with_untracked(|p| p.iter().filter(|p| p.severity == Severity::Error).count())
    }

    fn ensure_sim(&self) -> bool {
        let n = self.error_count();
        if n > 0 {
            self.problems_open.set(true);
            self.toast(
                ToastKind::Error,
                format!(
                    "Fix {n} problem{} before running — they are marked in red",
                    if n == 1 { "" } else { "s" }
                ),
            );
            return false;
        }
        let built = self.scenario.with_untracked(|s| {
            let scripted = self.script.with_value(|f| f.as_ref().map(|f| f(s)));
            let run = match &scripted {
                Some(Ok(run)) => run,
                Some(Err(why)) => return Err(why.clone()),
                None => s,
            };
            self.runner
                .try_update_value(|r| r.ensure_sim(run))
                .unwrap_or(Ok(()))
                .map_err(|problems| {
                    problems
                        .first()
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| "the scenario is not valid".to_string())
                })
        });
        match built {
            Ok(()) => {
                self.started.set(true);
                true
            }
            Err(first) => {
                self.toast(ToastKind::Error, format!("Cannot run: {first}"));
                false
            }
        }
    }

    /// Run ↔ Pause. Running a finished run starts it again from 0 s.
    pub fn toggle_run(&self) {
        if self.running.get_untracked() {
            self.running.set(false);
            self.end_to_end();
            return;
        }
        if self.finished.get_untracked() {
            self.reset();
        }
        if self.ensure_sim() {
            self.hint_visible.set(false);
            self.running.set(true);
        }
    }

    /// Runs to the end as fast as the machine goes, a slice of each animation frame, without
    /// the animation (the charts and figures still update); Cancel or Pause stops it where it
    /// is. A finished run starts again from 0 s.
    pub fn run_to_end(&self) {
        if self.finished.get_untracked() {
            self.reset();
        }
        if !self.ensure_sim() {
            return;
        }
        self.hint_visible.set(false);
        let end_s = self.scenario.with_untracked(|s| s.run.duration_s);
        self.flat_out_to(end_s);
    }

    /// Seeks to `t_s` of simulated time by replaying the run from 0 s (a run is the same
    /// every time, so this is the moment it would have reached), flat out like a run to the
    /// end, and pauses there. Going forward replays only what is missing.
    pub fn seek_to(&self, t_s: f64) {
        let end_s = self.scenario.with_untracked(|s| s.run.duration_s);
        let t = if t_s.is_finite() {
            t_s.clamp(0.0, end_s)
        } else {
            0.0
        };
        self.running.set(false);
        self.end_to_end();
        if t < self.clock_s.get_untracked() || self.finished.get_untracked() {
            self.reset();
        }
        if t <= 0.0 || !self.ensure_sim() {
            return;
        }
        self.hint_visible.set(false);
        self.flat_out_to(t);
    }

    /// Runs flat out, without the animation, to `target_s` (see [`AppState::run_to_end`]).
    fn flat_out_to(&self, target_s: f64) {
        self.runner.update_value(|r| r.set_animated(false));
        self.to_end.set(Some(ToEnd {
            target_s,
            started_ms: crate::run::clock::now_ms(),
            events: 0,
        }));
        self.running.set(true);
    }

    /// Stops a run to the end (or a seek) where it is (paused; Run goes on from there,
    /// animated).
    pub fn cancel_to_end(&self) {
        self.running.set(false);
        self.end_to_end();
        self.publish();
    }

    /// Back to the animated run after a run to the end.
    fn end_to_end(&self) {
        if self.to_end.get_untracked().is_some() {
            self.to_end.set(None);
            self.runner.update_value(|r| r.set_animated(true));
        }
    }

    /// Pauses and advances by one metrics window of simulated time.
    pub fn step(&self) {
        self.running.set(false);
        if self.finished.get_untracked() {
            return;
        }
        if !self.ensure_sim() {
            return;
        }
        self.hint_visible.set(false);
        let window_s = self
            .scenario
            .with_untracked(|s| (s.run.window_ms / 1000.0).max(0.001));
        let speed = self.speed.get_untracked();
        self.runner.update_value(|r| {
            let target = r.sim.as_ref().map(|s| s.now_s() + window_s).unwrap_or(0.0);
            r.advance_to(target, 2_000_000, speed);
        });
        self.publish();
    }

    /// Pauses and runs straight to `t_s` of simulated time (a lesson step starts there).
    /// The budgets of the run bound the work, as for any run.
    pub fn seek(&self, t_s: f64) {
        self.running.set(false);
        if t_s <= 0.0 || self.finished.get_untracked() || !self.ensure_sim() {
            return;
        }
        let speed = self.speed.get_untracked();
        self.runner.update_value(|r| {
            loop {
                let a = r.advance_to(t_s, 5_000_000, speed);
                if a.finished || a.now_s >= t_s || a.events == 0 {
                    break;
                }
            }
        });
        self.publish();
    }

    /// Stops and throws the run away: the next Run starts from 0 s.
    pub fn reset(&self) {
        self.running.set(false);
        self.end_to_end();
        self.runner.update_value(|r| r.reset());
        self.started.set(false);
        self.finished.set(false);
        self.clock_s.set(0.0);
        self.live.set(Vec::new());
        self.events.set(Vec::new());
        self.partitioned.set(Vec::new());
        self.replication.set(Vec::new());
        self.breakers.set(Vec::new());
        self.summary.set(None);
        self.stats_rev.update(|r| *r += 1);
        self.charted.set_value((0, f64::NEG_INFINITY));
        self.charts_rev.update(|r| *r += 1);
    }

    /// Copies the engine's live state, summary and clock into the signals.
    pub fn publish(&self) {
        let snapshot = self.runner.with_value(|r| {
            r.sim.as_ref().map(|s| {
                (
                    s.now_s(),
                    s.finished(),
                    s.live(),
                    (s.partitioned(), s.breakers()),
                    s.summary(),
                    (s.windows().len(), s.halted().map(ToString::to_string)),
                    s.replication_live(),
                )
            })
        });
        if let Some((
            now,
            finished,
            live,
            (part, breakers),
            summary,
            (windows, halt),
            replication,
        )) = snapshot
        {
            self.clock_s.set(now);
            self.live.set(live);
            self.partitioned.set(part);
            self.replication.set(replication);
            if breakers != self.breakers.get_untracked() {
                self.breakers.set(breakers);
            }
            self.summary.set(Some(summary));
            self.stats_rev.update(|r| *r += 1);
            if self.reduced_motion {
                self.flow
                    .set(self.runner.with_value(|r| flow_shares(&r.flow)));
            }
            let (charted, at) = self.charted.get_value();
            let t = crate::run::clock::now_ms();
            let due = t - at >= CHART_EVERY_MS || !self.running.get_untracked() || finished;
            if windows != charted && due {
                self.charted.set_value((windows, t));
                self.charts_rev.update(|r| *r += 1);
            }
            if finished {
                let first = !self.finished.get_untracked();
                self.finished.set(true);
                self.end_to_end();
                let was_running = self.running.get_untracked();
                if was_running {
                    self.running.set(false);
                }
                // A budget stopped the run (time stood still, too much work): say why, also
                // after a Step; the design is untouched and stays editable.
                match halt {
                    Some(why) if first => self.toast(ToastKind::Error, why),
                    None if was_running => self.toast(
                        ToastKind::Info,
                        "Run finished — press Run to start again, or change the duration",
                    ),
                    _ => {}
                }
            }
        }
    }

    // ----- faults -------------------------------------------------------------------------

    /// Breaks (or repairs) something now: applies `fault` to the running simulation at the
    /// current simulated time and records it in the fault timeline, without restarting, so
    /// that replaying the scenario repeats it. Starts a simulation (paused at 0 s) if none.
    pub fn inject(&self, fault: Fault) {
        if !self.ensure_sim() {
            return;
        }
        let applied = self.runner.try_update_value(|r| {
            r.sim
                .as_mut()
                .map(|s| s.apply_fault(&fault).map(|()| s.now_s()))
        });
        match applied.flatten() {
            Some(Ok(now)) => {
                let at_s = (now * 1000.0).round() / 1000.0;
                // An undo step that does not restart the run (the fault is happening in it);
                // undoing it restarts the run, so the replay matches the timeline again.
                let text = self
                    .scenario
                    .with_untracked(|s| crate::editor::fault_text::describe(s, &fault));
                let entry = FaultEntry {
                    at_s,
                    fault: fault.clone(),
                };
                self.scenario.update(|s| {
                    let edit = Edit::add_fault(s, entry);
                    self.history.update_value(|h| {
                        h.end_gesture();
                        let added = h.apply(s, edit);
                        debug_assert!(added.is_ok(), "a fault at a run's time is valid");
                    });
                });
                self.hint_visible.set(false);
                self.publish();
                self.toast(
                    ToastKind::Info,
                    format!("{text} at {}", format::clock(at_s)),
                );
            }
            Some(Err(p)) => self.toast(ToastKind::Error, p.to_string()),
            None => {}
        }
    }

    /// Removes entry `index` from the fault timeline (an undoable edit; a started run
    /// restarts, so the replay matches the timeline).
    pub fn remove_fault(&self, index: usize) {
        self.apply(Edit::RemoveFault { index });
    }

    /// Moves entry `index` of the fault timeline to `at_s` seconds (an undoable edit; a
    /// started run restarts).
    pub fn set_fault_time(&self, index: usize, at_s: f64) {
        self.apply(Edit::SetFaultTime { index, at_s });
    }
}

/// The browser's localStorage, if it is available (it is not in some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves `scenario` as the last good state.
pub fn save_last_good(scenario: &Scenario) {
    if let Some(st) = local_storage() {
        let _ = st.set_item(LAST_GOOD_KEY, &scenario.to_json_pretty());
    }
}

/// The scenario the page should open with: the last good state when the panic overlay asked
/// for it, else `default`.
pub fn initial_scenario(default: Scenario) -> Scenario {
    let Some(st) = local_storage() else {
        return default;
    };
    let restore = st.get_item(RESTORE_KEY).ok().flatten().is_some();
    if !restore {
        return default;
    }
    let _ = st.remove_item(RESTORE_KEY);
    st.get_item(LAST_GOOD_KEY)
        .ok()
        .flatten()
        .and_then(|text| Scenario::from_json(&text).ok())
        .unwrap_or(default)
}
