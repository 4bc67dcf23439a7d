//! The animation frame loop: advances a running simulation by real time × speed within the
//! adaptive event budget, refreshes live numbers and charts a few times a second, and paints
//! the request dots onto the overlay canvas in one stroke per colour.

use crate::editor::geom::{Pt, View, edge_segment};
use crate::run::clock::{CHART_MS, PUBLISH_MS, note_publish_ms, now_ms};
use crate::run::dots::{Batches, density_target};
use crate::state::{AppState, ToEnd};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

/// The work a run to the end does per animation frame, in ms: most of a 60 Hz frame, with
/// room left for the page to draw its progress.
const TO_END_SLICE_MS: f64 = 13.0;
/// How often the live numbers, node bars and charts refresh while running, in ms.
const PUBLISH_EVERY_MS: f64 = 250.0;
/// Above this many dots in a frame they are drawn as squares (see `paint_dots`).
const ROUND_DOTS_MAX: usize = 2_500;
/// Diameter of a dot in CSS pixels.
const DOT_PX: f64 = 6.0;
/// About one dot per this many pixels of connection, so dots read as separate requests.
const DOT_SPACING_PX: f64 = 9.0;

/// Whether the page was opened with `?dots=max`: sample only to stay under the hard cap
/// (used to measure frame times with up to 10,000 dots).
fn dense_dots() -> bool {
    thread_local! {
        static DENSE: bool = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .map(|q| q.contains("dots=max"))
            .unwrap_or(false);
    }
    DENSE.with(|d| *d)
}

/// The screen segments of every connection (`None` when an end is missing).
pub fn connection_segments(
    scenario: &archsim_engine::Scenario,
    view: &View,
) -> Vec<Option<(Pt, Pt)>> {
    // One pass over the components, so a frame costs O(components + connections).
    let centers: std::collections::HashMap<&str, Pt> = scenario
        .components
        .iter()
        .map(|c| (c.id.as_str(), Pt::from(c.pos)))
        .collect();
    scenario
        .connections
        .iter()
        .map(|c| {
            let a = *centers.get(c.from.as_str())?;
            let b = *centers.get(c.to.as_str())?;
            let (p, q) = edge_segment(a, b);
            Some((view.screen_from_world(p), view.screen_from_world(q)))
        })
        .collect()
}

/// The frame callback, which re-requests itself every frame.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

struct LoopState {
    last_ts: Option<f64>,
    last_publish: f64,
    /// (real ms, simulated s) at the last publish while running, to measure the speed reached.
    paced_from: Option<(f64, f64)>,
    last_perf: f64,
    first_frame_reported: bool,
    drew_dots: bool,
    /// The dots' path strings, kept from frame to frame so drawing them allocates nothing.
    batches: Batches,
}

/// Starts the frame loop; it stops by itself when the app's state is disposed.
pub fn start(state: AppState, canvas: NodeRef<leptos::html::Canvas>) {
    let slot: FrameSlot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    let mut ls = LoopState {
        last_ts: None,
        last_publish: 0.0,
        paced_from: None,
        last_perf: 0.0,
        first_frame_reported: false,
        drew_dots: false,
        batches: Batches::default(),
    };
    *slot.borrow_mut() = Some(Closure::new(move |ts: f64| {
        // The app was unmounted: let the loop end (and the closure be dropped).
        if state.running.try_get_untracked().is_none() {
            again.borrow_mut().take();
            return;
        }
        frame(&state, canvas, &mut ls, ts);
        if let (Some(w), Some(cb)) = (web_sys::window(), again.borrow().as_ref()) {
            let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
        }
    }));
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}

fn frame(state: &AppState, canvas: NodeRef<leptos::html::Canvas>, ls: &mut LoopState, ts: f64) {
    let dt_ms = ls.last_ts.map(|l| ts - l).unwrap_or(0.0);
    ls.last_ts = Some(ts);
    let running = state.running.get_untracked();
    let speed = state.speed.get_untracked();
    if running {
        let to_end = state.to_end.get_untracked();
        let adv = state.runner.try_update_value(|r| {
            r.record_frame(dt_ms);
            match to_end {
                Some(t) => r.flat_out(t.target_s, now_ms() + TO_END_SLICE_MS, now_ms),
                None => r.frame(dt_ms / 1000.0, speed, now_ms),
            }
        });
        if let (Some(t), Some(a)) = (to_end, adv) {
            state.to_end.set(Some(ToEnd {
                events: t.events + a.events,
                ..t
            }));
            // A seek reached its moment (or the run stands still): pause there.
            if !a.finished && (a.now_s >= t.target_s || a.events == 0) {
                state.clock_s.set(a.now_s);
                state.cancel_to_end();
                return;
            }
        }
        if let Some(adv) = adv {
            if state.clock_s.get_untracked() != adv.now_s {
                state.clock_s.set(adv.now_s);
            }
            if adv.finished || ts - ls.last_publish >= PUBLISH_EVERY_MS {
                ls.last_publish = ts;
                let reached = ls
                    .paced_from
                    .filter(|(from_ms, _)| ts > *from_ms)
                    .map(|(from_ms, from_s)| (adv.now_s - from_s) / ((ts - from_ms) / 1000.0));
                ls.paced_from = Some((ts, adv.now_s));
                let reached = reached.filter(|_| to_end.is_none() && !adv.finished);
                if state.reached_speed.get_untracked() != reached {
                    state.reached_speed.set(reached);
                }
                let start = now_ms();
                state.publish();
                note_publish_ms(now_ms() - start);
            }
        }
    }
    if !running {
        ls.paced_from = None;
        if state.reached_speed.get_untracked().is_some() {
            state.reached_speed.set(None);
        }
    }
    // In reduced motion nothing moves: the connections' thickness shows the flow.
    let has_dots = state.runner.with_value(|r| !r.dots.is_empty());
    if !state.reduced_motion && (running || has_dots || ls.drew_dots) {
        ls.drew_dots = paint_dots(state, canvas, &mut ls.batches);
    }
    if !ls.first_frame_reported && canvas.get_untracked().is_some() {
        ls.first_frame_reported = true;
        report("archsimFirstFrameMs", JsValue::from_f64(now_ms()));
    }
    if ts - ls.last_perf >= 1000.0 {
        ls.last_perf = ts;
        report_perf(state);
    }
}

/// Paints the dots; returns whether any were drawn.
fn paint_dots(
    state: &AppState,
    canvas: NodeRef<leptos::html::Canvas>,
    batches: &mut Batches,
) -> bool {
    let Some(canvas) = canvas.get_untracked() else {
        return false;
    };
    let canvas: HtmlCanvasElement = canvas;
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return false;
    };
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    let view = state.view.get_untracked();
    let now = state.clock_s.get_untracked();
    let segments = state
        .scenario
        .with_untracked(|s| connection_segments(s, &view));
    let edge_px: f64 = segments.iter().flatten().map(|(a, b)| a.dist(*b)).sum();
    let target = if dense_dots() {
        crate::run::dots::MAX_DOTS
    } else {
        density_target(edge_px, DOT_SPACING_PX, 150)
    };
    state.runner.update_value(|r| r.dots.set_target(target));
    state.runner.with_value(|r| {
        r.dots.batches_into(
            now,
            |i| segments.get(i as usize).copied().flatten(),
            batches,
        )
    });
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    // Discs while few; squares when many (a round cap costs several times a square one to
    // rasterize, and at thousands of dots nobody tells a 6 px square from a disc).
    ctx.set_line_cap(if batches.drawn > ROUND_DOTS_MAX {
        "square"
    } else {
        "round"
    });
    // Larger on a projector (the toolbar's text size), like the connections they ride.
    let projector = state.ui_scale.get_untracked();
    ctx.set_line_width(DOT_PX * view.zoom.clamp(0.6, 1.4) * projector);
    let pal = state.theme.get_untracked().palette();
    for (class, alpha, path) in batches.strokes() {
        let Ok(p) = Path2d::new_with_path_string(path) else {
            continue;
        };
        ctx.set_global_alpha(alpha);
        ctx.set_stroke_style_str(&crate::theme::css(class.color(pal)));
        ctx.stroke_with_path(&p);
    }
    ctx.set_global_alpha(1.0);
    state.runner.update_value(|r| r.last_drawn = batches.drawn);
    batches.drawn > 0
}

fn report(key: &str, value: JsValue) {
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str(key), &value);
    }
}

/// Publishes performance figures on `window.archsimPerf` for the end-to-end tests.
fn report_perf(state: &AppState) {
    let Some((frame_p95, work_p95, dots, drawn, keep, budget, slow)) =
        state.runner.try_with_value(|r| {
            let (f, w) = r.frame_p95_ms();
            (
                f,
                w,
                r.dots.len(),
                r.last_drawn,
                r.dots.keep_fraction(),
                r.budget.max_events,
                r.slow_frames(20.0),
            )
        })
    else {
        return;
    };
    let o = js_sys::Object::new();
    let set = |k: &str, v: f64| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v));
    };
    set("frameP95Ms", frame_p95);
    set("workP95Ms", work_p95);
    set("dots", dots as f64);
    set("drawn", drawn as f64);
    set("keepFraction", keep);
    set("eventBudget", budget as f64);
    set("chartMaxMs", CHART_MS.with(|c| c.replace(0.0)));
    set("publishMaxMs", PUBLISH_MS.with(|c| c.replace(0.0)));
    set("slowFrames", slow as f64);
    report("archsimPerf", o.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_gets_a_screen_segment_between_box_borders() {
        let s = crate::default_scenario();
        let view = View {
            pan: Pt::new(10.0, 20.0),
            zoom: 0.5,
        };
        let segs = connection_segments(&s, &view);
        assert_eq!(segs.len(), s.connections.len());
        let (a, b) = segs[0].expect("users -> lb has both ends");
        // users (80, 260) -> lb (280, 260): borders at x = 80 + 76 and 280 - 76, scaled.
        assert!((a.x - (10.0 + 156.0 * 0.5)).abs() < 1e-9, "{a:?}");
        assert!((b.x - (10.0 + 204.0 * 0.5)).abs() < 1e-9, "{b:?}");
        assert!((a.y - (20.0 + 260.0 * 0.5)).abs() < 1e-9);
        // A connection naming a missing component has no segment.
        let mut broken = s.clone();
        broken.connections[0].to = "ghost".to_string();
        assert_eq!(connection_segments(&broken, &view)[0], None);
    }
}
