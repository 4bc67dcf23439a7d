//! The canvas: components and connections as SVG (easy hit-testing, real text, test ids),
//! with a `<canvas>` overlay for the request dots. Pan by dragging the background, zoom with
//! the wheel around the cursor, move components by dragging them (one undo step per drag),
//! connect by dragging from a component's output port onto another, drop palette items.

use crate::editor::edit::Edit;
use crate::editor::geom::{NODE_H, NODE_W, Pt, edge_segment, node_at, port_pos};
use crate::editor::palette::DRAG_MIME;
use crate::editor::zones;
use crate::engine::{
    BreakerState, Component, ComponentLive, Redundancy, ReplicationLive, Standby, Subject,
};
use crate::format;
use crate::kinds::icons::kind_markup;
use crate::kinds::{database, is_leaf, kind_from_slug, service, slug, summary};
use crate::state::{AppState, Selection};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// What a pointer gesture on the canvas is doing.
#[derive(Clone, Debug, PartialEq)]
enum Drag {
    None,
    /// Dragging the background.
    Pan {
        last: Pt,
        moved: bool,
    },
    /// Dragging a component; `grab` is the pointer's offset from its centre (world units).
    Move {
        id: String,
        grab: Pt,
        start: Pt,
        moved: bool,
    },
    /// Dragging a new connection out of `from`'s port.
    Connect {
        from: String,
    },
}

/// A connection being drawn: from the port to the pointer, and the component under it.
#[derive(Clone, Debug, PartialEq)]
struct Preview {
    from_world: Pt,
    to_world: Pt,
    target: Option<String>,
}

/// Snap positions to this grid (world units) so dragged components line up.
const SNAP: f64 = 4.0;

fn pointer_in(host: &web_sys::Element, client_x: f64, client_y: f64) -> Pt {
    let r = host.get_bounding_client_rect();
    Pt::new(client_x - r.left(), client_y - r.top())
}

/// The closest ancestor of the event target carrying `attr`, and its value.
fn target_attr(e: &web_sys::Event, attr: &str) -> Option<String> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let hit = el.closest(&format!("[{attr}]")).ok()??;
    hit.get_attribute(attr)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The badge on the lower right of a component with several nodes or instances: what it
/// is when idle ("×2 hot", "×3", "auto 2–20") and its state while a run exists ("×6 +2",
/// "1/2 up", "failing over", "standby"). The flag says whether it is a warning.
pub fn scale_badge(c: &Component, live: Option<&ComponentLive>) -> Option<(String, bool)> {
    if let Some(a) = service::autoscale(&c.params) {
        return Some(match live {
            Some(l) if l.instances_warming > 0 => {
                (format!("×{} +{}", l.instances, l.instances_warming), false)
            }
            Some(l) => (format!("×{}", l.instances), false),
            None => (
                format!("auto {}–{}", a.min_instances, a.max_instances),
                false,
            ),
        });
    }
    let r = c.redundancy?;
    let idle = match r {
        Redundancy::ActivePassive { standby, .. } => match standby {
            Standby::Hot => "×2 hot".to_string(),
            Standby::Cold => "×2 cold".to_string(),
        },
        Redundancy::ActiveActive { nodes } => format!("×{nodes}"),
    };
    Some(match live {
        Some(l) if l.failing_over => ("failing over".to_string(), true),
        Some(l) if l.nodes > 0 && l.nodes_up < l.nodes => {
            (format!("{}/{} up", l.nodes_up, l.nodes), true)
        }
        Some(l) if matches!(r, Redundancy::ActivePassive { .. }) && l.active_node == 1 => {
            ("standby".to_string(), false)
        }
        _ => (idle, false),
    })
}

/// The label's font size: 14 px, or smaller (down to 11.5 px) for a label too long to fit
/// beside the icon ("Rate limiter 1"). Estimated from its length, as SVG text cannot wrap.
fn label_style(label: &str) -> String {
    const AVAILABLE_PX: f64 = NODE_W - 60.0;
    const PX_PER_CHAR_AT_14: f64 = 7.9;
    let estimated_px = label.chars().count() as f64 * PX_PER_CHAR_AT_14;
    if estimated_px <= AVAILABLE_PX {
        String::new()
    } else {
        let size = (14.0 * AVAILABLE_PX / estimated_px).max(11.5);
        format!("font-size: {size:.1}px")
    }
}

/// The canvas.
#[component]
pub fn Diagram() -> impl IntoView {
    let state = expect_context::<AppState>();
    let host = NodeRef::<html::Div>::new();
    let canvas = NodeRef::<html::Canvas>::new();
    let drag = StoredValue::new_local(Drag::None);
    let preview = RwSignal::new(None::<Preview>);

    // Keep the viewport size and the canvas's pixel size in step with the layout.
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move || {
        let Some(el) = host.get() else {
            return;
        };
        if observer.with_value(|o| o.is_some()) {
            return;
        }
        let el: web_sys::HtmlDivElement = el;
        let measured = el.clone();
        let mut fitted = false;
        let cb = Closure::<dyn FnMut()>::new(move || {
            let r = measured.get_bounding_client_rect();
            let (w, h) = (r.width(), r.height());
            if w <= 0.0 || h <= 0.0 {
                return;
            }
            state.viewport.set((w, h));
            if let Some(c) = canvas.get_untracked() {
                let dpr = web_sys::window()
                    .map(|w| w.device_pixel_ratio())
                    .unwrap_or(1.0);
                let c: web_sys::HtmlCanvasElement = c;
                c.set_width((w * dpr).round() as u32);
                c.set_height((h * dpr).round() as u32);
            }
            if !fitted {
                fitted = true;
                state.fit();
            }
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&el);
            observer.set_value(Some((ro, cb)));
        }
    });
    on_cleanup(move || {
        observer.update_value(|o| {
            if let Some((ro, _)) = o.take() {
                ro.disconnect();
            }
        });
    });

    crate::run::run_loop::start(state, canvas);

    let embed = crate::app::present::embed_mode();
    // Fingers on the canvas, by pointer id: two of them pinch (zoom and pan together).
    let fingers = StoredValue::new(Vec::<(i32, Pt)>::new());
    let on_pointerdown = move |e: web_sys::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        let Some(h) = host.get_untracked() else {
            return;
        };
        let p = pointer_in(&h, e.client_x() as f64, e.client_y() as f64);
        if e.pointer_type() == "touch" {
            fingers.update_value(|f| f.push((e.pointer_id(), p)));
            if fingers.with_value(Vec::len) >= 2 {
                // A second finger turns whatever the first began into a pinch.
                if matches!(drag.get_value(), Drag::Move { .. }) {
                    state.end_gesture();
                }
                drag.set_value(Drag::None);
                preview.set(None);
                e.prevent_default();
                return;
            }
        }
        let view = state.view.get_untracked();
        let world = view.world_from_screen(p);
        let ev: &web_sys::Event = e.as_ref();
        let next = if let Some(id) = target_attr(ev, "data-port") {
            let from = state
                .scenario
                .with_untracked(|s| s.component(&id).map(|c| port_pos(c.pos.into())));
            if let Some(from_world) = from {
                preview.set(Some(Preview {
                    from_world,
                    to_world: world,
                    target: None,
                }));
            }
            Drag::Connect { from: id }
        } else if let Some(id) = target_attr(ev, "data-node")
            && embed
        {
            // Embedded, a click only picks what to break; nothing moves.
            state.selection.set(Selection::Component(id));
            Drag::None
        } else if let Some(id) = target_attr(ev, "data-node") {
            state.selection.set(Selection::Component(id.clone()));
            let center: Option<Pt> = state
                .scenario
                .with_untracked(|s| s.component(&id).map(|c| c.pos.into()));
            match center {
                Some(c) => {
                    state.begin_gesture();
                    Drag::Move {
                        id,
                        grab: Pt::new(world.x - c.x, world.y - c.y),
                        start: p,
                        moved: false,
                    }
                }
                None => Drag::None,
            }
        } else if let Some(key) = target_attr(ev, "data-edge") {
            if let Some((from, to)) = key.split_once('\u{1f}') {
                state.selection.set(Selection::Connection {
                    from: from.to_string(),
                    to: to.to_string(),
                });
            }
            Drag::None
        } else {
            Drag::Pan {
                last: p,
                moved: false,
            }
        };
        if next != Drag::None {
            if let Some(t) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = t.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
        }
        drag.set_value(next);
    };

    let on_pointermove = move |e: web_sys::PointerEvent| {
        let Some(h) = host.get_untracked() else {
            return;
        };
        let p = pointer_in(&h, e.client_x() as f64, e.client_y() as f64);
        let pinch = fingers.try_update_value(|f| {
            let i = f.iter().position(|(id, _)| *id == e.pointer_id())?;
            let before = f.get(..2).map(|two| (two[0].1, two[1].1));
            f[i].1 = p;
            before.map(|before| (before, (f[0].1, f[1].1)))
        });
        if let Some(Some((before, after))) = pinch {
            state.view.update(|v| *v = v.pinched(before, after));
            return;
        }
        let view = state.view.get_untracked();
        let world = view.world_from_screen(p);
        let mut current = drag.get_value();
        match &mut current {
            Drag::None => return,
            Drag::Pan { last, moved } => {
                let (dx, dy) = (p.x - last.x, p.y - last.y);
                if *moved || dx.abs() + dy.abs() > 2.0 {
                    *moved = true;
                    state.view.update(|v| *v = v.panned(dx, dy));
                    *last = p;
                }
            }
            Drag::Move {
                id,
                grab,
                start,
                moved,
            } => {
                if !*moved && p.dist(*start) < 3.0 {
                    return;
                }
                *moved = true;
                let to = archsim_engine::Pos {
                    x: ((world.x - grab.x) / SNAP).round() * SNAP,
                    y: ((world.y - grab.y) / SNAP).round() * SNAP,
                };
                let from = state
                    .scenario
                    .with_untracked(|s| s.component(id).map(|c| c.pos));
                if let Some(from) = from
                    && from != to
                {
                    state.apply(Edit::MoveComponent {
                        id: id.clone(),
                        from,
                        to,
                    });
                }
            }
            Drag::Connect { from } => {
                let target = state.scenario.with_untracked(|s| {
                    node_at(s, world)
                        .map(|i| s.components[i].id.clone())
                        .filter(|t| t != from)
                });
                preview.update(|pv| {
                    if let Some(pv) = pv {
                        pv.to_world = world;
                        pv.target = target;
                    }
                });
            }
        }
        drag.set_value(current);
    };

    let forget_finger = move |e: &web_sys::PointerEvent| {
        fingers.update_value(|f| f.retain(|(id, _)| *id != e.pointer_id()));
    };
    let on_pointerup = move |e: web_sys::PointerEvent| {
        forget_finger(&e);
        let current = drag.get_value();
        drag.set_value(Drag::None);
        match current {
            Drag::None => {}
            Drag::Pan { moved, .. } => {
                if !moved {
                    state.selection.set(Selection::None);
                }
            }
            Drag::Move { .. } => state.end_gesture(),
            Drag::Connect { from } => {
                let target = preview.get_untracked().and_then(|p| p.target);
                preview.set(None);
                if let Some(to) = target {
                    let edit = state
                        .scenario
                        .with_untracked(|s| Edit::connect(s, &from, &to));
                    if state.apply(edit) {
                        state.selection.set(Selection::Connection { from, to });
                    }
                }
            }
        }
    };

    let on_pointercancel = move |e: web_sys::PointerEvent| {
        forget_finger(&e);
        if matches!(drag.get_value(), Drag::Move { .. }) {
            state.end_gesture();
        }
        drag.set_value(Drag::None);
        preview.set(None);
    };

    let on_wheel = move |e: web_sys::WheelEvent| {
        e.prevent_default();
        let Some(h) = host.get_untracked() else {
            return;
        };
        let p = pointer_in(&h, e.client_x() as f64, e.client_y() as f64);
        let dy = match e.delta_mode() {
            1 => e.delta_y() * 16.0,
            2 => e.delta_y() * 400.0,
            _ => e.delta_y(),
        };
        let factor = (-dy * 0.0015).exp().clamp(0.5, 2.0);
        state.view.update(|v| *v = v.zoomed_at(p, factor));
    };

    let on_dragover = move |e: web_sys::DragEvent| {
        e.prevent_default();
        if let Some(dt) = e.data_transfer() {
            dt.set_drop_effect("copy");
        }
    };
    let on_drop = move |e: web_sys::DragEvent| {
        e.prevent_default();
        let Some(dt) = e.data_transfer() else {
            return;
        };
        let data = dt
            .get_data(DRAG_MIME)
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| dt.get_data("text/plain").ok());
        let Some(kind) = data.as_deref().and_then(kind_from_slug) else {
            return;
        };
        let Some(h) = host.get_untracked() else {
            return;
        };
        let p = pointer_in(&h, e.client_x() as f64, e.client_y() as f64);
        let world = state.view.get_untracked().world_from_screen(p);
        state.add_component(kind, world);
    };

    let component_ids = move || {
        state.scenario.with(|s| {
            s.components
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let connection_keys = move || {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .map(|c| (c.from.clone(), c.to.clone()))
                .collect::<Vec<_>>()
        })
    };
    let grid_transform = move || {
        let v = state.view.get();
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            v.pan.x, v.pan.y, v.zoom
        )
    };
    let is_empty = move || state.scenario.with(|s| s.components.is_empty());

    view! {
        <div
            class="canvas-host"
            data-testid="canvas"
            node_ref=host
            on:dragover=on_dragover
            on:drop=on_drop
        >
            <svg
                class="diagram"
                data-testid="diagram"
                class:panning=move || false
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointercancel
                on:wheel=on_wheel
            >
                <defs>
                    <pattern
                        id="grid"
                        width="24"
                        height="24"
                        patternUnits="userSpaceOnUse"
                        patternTransform=grid_transform
                    >
                        <circle class="grid-dot" cx="1" cy="1" r="1"></circle>
                    </pattern>
                    <marker
                        id="arrow"
                        viewBox="0 0 10 10"
                        refX="9"
                        refY="5"
                        markerUnits="userSpaceOnUse"
                        markerWidth="12"
                        markerHeight="12"
                        orient="auto-start-reverse"
                    >
                        <path class="arrow-head" d="M0 1 9 5 0 9z"></path>
                    </marker>
                    <marker
                        id="arrow-sel"
                        viewBox="0 0 10 10"
                        refX="9"
                        refY="5"
                        markerUnits="userSpaceOnUse"
                        markerWidth="12"
                        markerHeight="12"
                        orient="auto-start-reverse"
                    >
                        <path class="arrow-head selected" d="M0 1 9 5 0 9z"></path>
                    </marker>
                    <marker
                        id="arrow-bad"
                        viewBox="0 0 10 10"
                        refX="9"
                        refY="5"
                        markerUnits="userSpaceOnUse"
                        markerWidth="12"
                        markerHeight="12"
                        orient="auto-start-reverse"
                    >
                        <path class="arrow-head bad" d="M0 1 9 5 0 9z"></path>
                    </marker>
                </defs>
                <rect class="diagram-bg" width="100%" height="100%" fill="url(#grid)"></rect>
                <g class="world" transform=move || state.view.get().svg_transform()>
                    <For
                        each=connection_keys
                        key=|k| k.clone()
                        children=move |(from, to)| view! { <Edge from=from to=to /> }
                    />
                    <For
                        each=component_ids
                        key=|id| id.clone()
                        children=move |id| view! { <Node id=id preview=preview /> }
                    />
                    {move || {
                        preview
                            .get()
                            .map(|p| {
                                let end = p.to_world;
                                let valid = p.target.is_some();
                                view! {
                                    <line
                                        class="connect-preview"
                                        class:valid=valid
                                        x1=p.from_world.x
                                        y1=p.from_world.y
                                        x2=end.x
                                        y2=end.y
                                        marker-end="url(#arrow-sel)"
                                    ></line>
                                }
                            })
                    }}
                </g>
            </svg>
            <canvas class="dots" node_ref=canvas aria-hidden="true"></canvas>
            <Show when=is_empty>
                <div class="empty-state" data-testid="empty-state">
                    <p class="empty-title">"Start with a client"</p>
                    <p>"Drag components here from the left, or click them to add."</p>
                </div>
            </Show>
            <Show when=move || state.hint_visible.get() && !is_empty()>
                <div class="hint" data-testid="hint">
                    <span>
                        <b>"Press Run"</b>
                        " to see requests flow · drag components from the left · select one to inspect or break it"
                    </span>
                    <button
                        class="hint-close"
                        aria-label="Hide hint"
                        on:click=move |_| state.hint_visible.set(false)
                    >
                        "×"
                    </button>
                </div>
            </Show>
            <Legend />
        </div>
    }
}

/// The colour key of the dots.
#[component]
fn Legend() -> impl IntoView {
    let state = expect_context::<AppState>();
    if state.reduced_motion {
        return view! {
            <div class="legend" data-testid="legend" class:dim=move || !state.started.get()>
                <span class="legend-item">
                    "Reduced motion: a thicker connection carries more requests"
                </span>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="legend" data-testid="legend" class:dim=move || !state.started.get()>
            {crate::run::dots::DotClass::LEGEND
                .iter()
                .map(|c| {
                    view! {
                        <span class="legend-item">
                            <span
                                class="legend-dot"
                                style:background=move || {
                                    crate::theme::css(c.color(state.theme.get().palette()))
                                }
                            ></span>
                            {c.label()}
                        </span>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// One connection.
#[component]
fn Edge(from: String, to: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (f, t) = (from.clone(), to.clone());
    let geometry = Memo::new(move |_| {
        state.scenario.with(|s| {
            let a: Pt = s.component(&f)?.pos.into();
            let b: Pt = s.component(&t)?.pos.into();
            let index = s
                .connections
                .iter()
                .position(|c| c.from == f && c.to == t)?;
            Some((edge_segment(a, b), index))
        })
    });
    let (f4, t4) = (from.clone(), to.clone());
    // A gateway's route over this connection, drawn at its middle.
    let route = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .find(|c| c.from == f4 && c.to == t4)
                .and_then(|c| c.route.clone())
        })
    });
    let route_testid = format!("route-{from}-{to}");
    let (f2, t2) = (from.clone(), to.clone());
    let selected = Memo::new(move |_| {
        state.selection.with(
            |sel| matches!(sel, Selection::Connection { from, to } if *from == f2 && *to == t2),
        )
    });
    let partitioned = move || {
        geometry
            .with(|g| g.map(|(_, i)| i))
            .and_then(|i| state.partitioned.with(|p| p.get(i).copied()))
            .unwrap_or(false)
    };
    // The resilience settings of the connection: a breaker (and its live state) and the
    // optional flag, drawn as a pill on the arrow and a dashed line.
    let (f4, t4) = (from.clone(), to.clone());
    let settings = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .find(|c| c.from == f4 && c.to == t4)
                .map(|c| (c.breaker.is_some(), c.optional))
                .unwrap_or((false, false))
        })
    });
    let breaker = Memo::new(move |_| {
        if !settings.get().0 {
            return None;
        }
        let live = geometry
            .with(|g| g.map(|(_, i)| i))
            .and_then(|i| state.breakers.with(|b| b.get(i).copied().flatten()));
        Some(live.unwrap_or(BreakerState::Closed))
    });
    let optional = move || settings.get().1;
    let (f3, t3) = (from.clone(), to.clone());
    let invalid = Memo::new(move |_| {
        state.problems.with(|ps| {
            ps.iter().any(|p| {
                p.is_error()
                    && matches!(&p.subject, Subject::Connection { from, to } if *from == f3 && *to == t3)
            })
        })
    });
    // In reduced motion, the flow as thickness: 2 px idle up to 10 px for the busiest.
    let flow_width = move || {
        if !state.reduced_motion {
            return String::new();
        }
        let i = geometry.with(|g| g.map(|(_, i)| i));
        let share = state
            .flow
            .with(|f| i.and_then(|i| f.get(i).copied()).unwrap_or(0.0));
        let projector = state.ui_scale.get();
        format!("stroke-width: {:.1}px", (2.0 + 8.0 * share) * projector)
    };
    let testid = format!("edge-{from}-{to}");
    let key = format!("{from}\u{1f}{to}");
    move || {
        geometry.get().map(|((a, b), _)| {
            let mid = a.lerp(b, 0.5);
            view! {
                <g
                    class="edge"
                    class:selected=move || selected.get()
                    class:partitioned=partitioned
                    class:invalid=move || invalid.get()
                    class:optional=optional
                    class:breaker-open=move || breaker.get() == Some(BreakerState::Open)
                    class:breaker-half=move || breaker.get() == Some(BreakerState::HalfOpen)
                    data-edge=key.clone()
                    data-testid=testid.clone()
                >
                    <line class="edge-hit" x1=a.x y1=a.y x2=b.x y2=b.y></line>
                    <line
                        class="edge-line"
                        style=flow_width
                        x1=a.x
                        y1=a.y
                        x2=b.x
                        y2=b.y
                        marker-end=move || {
                            if partitioned() || invalid.get() {
                                "url(#arrow-bad)"
                            } else if selected.get() {
                                "url(#arrow-sel)"
                            } else {
                                "url(#arrow)"
                            }
                        }
                    ></line>
                    {
                        let testid = route_testid.clone();
                        move || route.get().map(|r| view! {
                            <text
                                class="edge-route"
                                x=mid.x
                                y=mid.y - 7.0
                                text-anchor="middle"
                                data-testid=testid.clone()
                            >
                                {truncate(&r, 18)}
                            </text>
                        })
                    }
                    <Show when=partitioned>
                        <g class="edge-badge" transform=format!("translate({} {})", mid.x, mid.y)>
                            <circle r="9"></circle>
                            <path d="M-4 -4 4 4M4 -4 -4 4"></path>
                        </g>
                    </Show>
                    {move || {
                        breaker.get().map(|b| {
                            let text = breaker_label(b);
                            // Above the arrow's middle, clear of the partition badge.
                            let w = 10.0 + 6.0 * text.chars().count() as f64;
                            view! {
                                <g
                                    class=format!("breaker-pill {}", breaker_class(b))
                                    data-testid=format!("breaker-{}", breaker_class(b))
                                    transform=format!("translate({} {})", mid.x, mid.y - 16.0)
                                >
                                    <title>{format!("Circuit breaker: {}", b.describe())}</title>
                                    <rect x=-w / 2.0 y="-8" width=w height="16" rx="8"></rect>
                                    <text text-anchor="middle" y="4">{text}</text>
                                </g>
                            }
                        })
                    }}
                </g>
            }
        })
    }
}

/// The replica badge of a database: "P + 2R" (the primary and its replicas); while running,
/// which node is primary ("R1 primary" after a failover), "failing over" or "split".
pub fn replica_badge(replicas: u32, live: Option<&ReplicationLive>) -> String {
    match live {
        Some(l) if l.partitioned => "split".to_string(),
        Some(ReplicationLive { primary: None, .. }) => "failing over".to_string(),
        Some(ReplicationLive {
            primary: Some(p), ..
        }) if *p > 0 => format!("R{p} primary"),
        _ => format!("P + {replicas}R"),
    }
}

/// The words on a connection's breaker pill ("CB" for circuit breaker, spelt out in its
/// tooltip and in the connection inspector): short, as arrows between neighbours are short.
pub fn breaker_label(b: BreakerState) -> &'static str {
    match b {
        BreakerState::Closed => "CB closed",
        BreakerState::Open => "CB OPEN",
        BreakerState::HalfOpen => "CB half-open",
    }
}

fn breaker_class(b: BreakerState) -> &'static str {
    match b {
        BreakerState::Closed => "closed",
        BreakerState::Open => "open",
        BreakerState::HalfOpen => "half-open",
    }
}

/// One component.
#[component]
fn Node(id: String, preview: RwSignal<Option<Preview>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let comp = Memo::new(move |_| state.scenario.with(|s| s.component(&key).cloned()));
    let key = id.clone();
    let index = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.components.iter().position(|c| c.id == key))
    });
    let live = Memo::new(move |_| {
        index
            .get()
            .and_then(|i| state.live.with(|l| l.get(i).cloned()))
    });
    let key = id.clone();
    let selected = Memo::new(move |_| {
        state
            .selection
            .with(|s| matches!(s, Selection::Component(x) if *x == key))
    });
    let key = id.clone();
    let errors = Memo::new(move |_| {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| {
                    p.is_error() && matches!(&p.subject, Subject::Component { id } if *id == key)
                })
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
        })
    });
    let key = id.clone();
    // With the analysis on: "SPOF", "Bottleneck" or both.
    let analysis_mark = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().and_then(|a| crate::analysis::mark(a, &key)))
    });
    let key = id.clone();
    let is_target =
        move || preview.with(|p| p.as_ref().and_then(|p| p.target.as_ref()) == Some(&key));
    let down = move || live.with(|l| l.as_ref().map(|l| !l.up).unwrap_or(false));
    let replication = Memo::new(move |_| {
        index
            .get()
            .and_then(|i| state.replication.with(|r| r.get(i).copied().flatten()))
    });
    let slow = move || {
        live.with(|l| {
            l.as_ref()
                .map(|l| l.slow_factor)
                .filter(|f| *f > 1.0 + 1e-9)
        })
    };
    // (utilization 0..=1, queue) for components with workers; (in flight) for the rest.
    let util = move || {
        live.with(|l| {
            l.as_ref().map(|l: &ComponentLive| {
                if l.capacity > 0 {
                    Ok((
                        (l.busy as f64 / l.capacity as f64).clamp(0.0, 1.0),
                        l.queue_len,
                    ))
                } else {
                    Err(l.in_flight)
                }
            })
        })
    };
    let testid = format!("node-{id}");
    let node_id = id.clone();
    let port_id = id.clone();
    let port_testid = format!("port-{id}");

    move || {
        comp.get().map(|c| {
            let kind = c.params.kind();
            let (x, y) = (c.pos.x - NODE_W / 2.0, c.pos.y - NODE_H / 2.0);
            let label = truncate(c.display_name(), 17);
            let label_font = label_style(&label);
            let full = c.display_name().to_string();
            let aria = format!("{full}, {}", kind.name());
            let summary = truncate(&summary(&c), 22);
            let stacked = scale_badge(&c, None).is_some();
            let kind_class = format!("node kind-{}", slug(kind));
            let replicas = database::replication(&c.params).map(|r| r.replicas);
            // A replicated database is drawn as a stack of boxes: the primary and its replicas.
            let stack = replicas.map(|_| {
                view! {
                    <rect class="node-stack" x="8" y="8" width=NODE_W height=NODE_H rx="10"></rect>
                    <rect class="node-stack" x="4" y="4" width=NODE_W height=NODE_H rx="10"></rect>
                }
            });
            let replica_badge = replicas.map(|n| {
                view! {
                    <g
                        class="badge badge-repl"
                        class:failing=move || replication.with(|r| matches!(r, Some(l) if l.primary.is_none() || l.partitioned))
                        transform=format!("translate(10 {})", NODE_H - 9.0)
                        data-testid="node-replicas"
                    >
                        <rect width="84" height="18" rx="9"></rect>
                        <text x="42" y="13" text-anchor="middle">
                            {move || replication.with(|r| replica_badge(n, r.as_ref()))}
                        </text>
                    </g>
                }
            });
            view! {
                <g
                    class=kind_class
                    class:selected=move || selected.get()
                    class:down=down
                    class:slow=move || slow().is_some()
                    class:invalid=move || errors.with(|e| !e.is_empty())
                    class:target=is_target.clone()
                    transform=format!("translate({x} {y})")
                    data-node=node_id.clone()
                    data-testid=testid.clone()
                    data-kind=slug(kind)
                    tabindex="0"
                    role="button"
                    aria-label=aria
                    on:keydown={
                        let id = node_id.clone();
                        move |e: web_sys::KeyboardEvent| {
                            // Enter picks the component, as a click does (Space runs).
                            if e.key() == "Enter" {
                                e.prevent_default();
                                state.selection.set(Selection::Component(id.clone()));
                            }
                        }
                    }
                >
                    <title>
                        {move || {
                            let errs = errors.get();
                            if errs.is_empty() {
                                format!("{full} ({})", kind.name())
                            } else {
                                format!("{full}: {}", errs.join("; "))
                            }
                        }}
                    </title>
                    {move || analysis_mark.with(|m| m.as_ref().map(|m| {
                        let class = if m.starts_with("SPOF") { "an-ring spof" } else { "an-ring" };
                        view! {
                            <rect class=class x="-6" y="-6" width=NODE_W + 12.0 height=NODE_H + 12.0 rx="15"></rect>
                        }
                    }))}
                    {stack}
                    // A replicated database's stack says it all; others get one box behind.
                    {(stacked && replicas.is_none()).then(|| view! {
                        <rect class="node-stack" x="6" y="6" width=NODE_W height=NODE_H rx="10"></rect>
                    })}
                    <rect class="node-box" width=NODE_W height=NODE_H rx="10"></rect>
                    <rect class="icon-tile" x="12" y="12" width="32" height="32" rx="8"></rect>
                    <svg
                        class="node-icon"
                        x="18"
                        y="18"
                        width="20"
                        height="20"
                        viewBox="0 0 24 24"
                        fill="none"
                        stroke="currentColor"
                        stroke-width="1.9"
                        stroke-linecap="round"
                        stroke-linejoin="round"
                        inner_html=kind_markup(kind)
                    ></svg>
                    <text class="node-label" x="54" y="27" style=label_font>
                        {label}
                    </text>
                    {move || match util() {
                        Some(Err(in_flight)) => {
                            view! {
                                <text class="node-sub" x="54" y="45" data-testid="node-live">
                                    {format!("{} in flight", format::count(in_flight as u64))}
                                </text>
                            }
                                .into_any()
                        }
                        Some(Ok((u, q))) => {
                            let w = 86.0 * u;
                            let level = if u >= 0.9 {
                                "hot"
                            } else if u >= 0.7 {
                                "warm"
                            } else {
                                "ok"
                            };
                            view! {
                                <g class="live" data-testid="node-live">
                                    <text class="node-sub" x="54" y="44">
                                        {if q == 0 {
                                            format!("{:.0}% busy", u * 100.0)
                                        } else {
                                            // "busy" gives way to the queue so the line fits the box.
                                            format!("{:.0}% · q {}", u * 100.0, format::count(q as u64))
                                        }}
                                    </text>
                                    <rect class="util-bg" x="54" y="52" width="86" height="6" rx="3"></rect>
                                    <rect
                                        class=format!("util-fill {level}")
                                        x="54"
                                        y="52"
                                        width=format!("{w:.1}")
                                        height="6"
                                        rx="3"
                                    ></rect>
                                </g>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <text class="node-sub" x="54" y="45">
                                    {summary.clone()}
                                </text>
                            }
                                .into_any()
                        }
                    }}
                    {c.zone.clone().map(|zone| {
                        // The zone, on the bottom edge, in its region's colour.
                        let key = zone.clone();
                        let class = move || state.scenario.with(|s| zones::tag_class(&s.network, &key));
                        let w = zones::tag_width(&zone);
                        view! {
                            <g class=class transform=format!("translate(12 {})", NODE_H - 8.0) data-testid="zone-tag">
                                <rect width=format!("{w:.1}") height="16" rx="8"></rect>
                                <text x=format!("{:.1}", w / 2.0) y="11.5" text-anchor="middle">{zone}</text>
                            </g>
                        }
                    })}
                    <Show when=down>
                        <g class="badge badge-down" transform=format!("translate({} -10)", NODE_W - 58.0)>
                            <rect width="52" height="20" rx="10"></rect>
                            <text x="26" y="14" text-anchor="middle">"DOWN"</text>
                        </g>
                    </Show>
                    {move || {
                        slow()
                            .map(|f| {
                                view! {
                                    <g
                                        class="badge badge-slow"
                                        transform=format!("translate({} -10)", NODE_W - 72.0)
                                    >
                                        <rect width="66" height="20" rx="10"></rect>
                                        <text x="33" y="14" text-anchor="middle">
                                            {format!("×{} slow", format::plain(f))}
                                        </text>
                                    </g>
                                }
                            })
                    }}
                    {replica_badge}
                    {move || {
                        let c = comp.get()?;
                        let (text, warn) = live.with(|l| scale_badge(&c, l.as_ref()))?;
                        // 6.5 px per character of the 11 px bold badge text, plus padding.
                        let w = 14.0 + 6.5 * text.chars().count() as f64;
                        Some(view! {
                            <g
                                class=if warn { "badge badge-scale warn" } else { "badge badge-scale" }
                                data-testid="node-scale"
                                transform=format!("translate({} {})", NODE_W - w + 4.0, NODE_H - 10.0)
                            >
                                <rect width=format!("{w:.1}") height="20" rx="10"></rect>
                                <text x=format!("{:.1}", w / 2.0) y="14" text-anchor="middle">{text}</text>
                            </g>
                        })
                    }}
                    {move || analysis_mark.get().map(|text| {
                        // 6.5 px per character of the 11 px bold badge text, plus padding.
                        let w = 14.0 + 6.5 * text.chars().count() as f64;
                        let class = if text.starts_with("SPOF") { "badge badge-an spof" } else { "badge badge-an" };
                        view! {
                            <g class=class transform="translate(10 -10)" data-testid="node-analysis">
                                <rect width=format!("{w:.1}") height="20" rx="10"></rect>
                                <text x=format!("{:.1}", w / 2.0) y="14" text-anchor="middle">{text}</text>
                            </g>
                        }
                    })}
                    <Show when=move || errors.with(|e| !e.is_empty())>
                        <g class="badge badge-error" transform="translate(-8 -8)">
                            <circle cx="8" cy="8" r="9"></circle>
                            <text x="8" y="12.5" text-anchor="middle">"!"</text>
                        </g>
                    </Show>
                    {(!is_leaf(kind)).then(|| view! {
                        <g
                            class="port"
                            data-port=port_id.clone()
                            data-testid=port_testid.clone()
                            transform=format!("translate({NODE_W} {})", NODE_H / 2.0)
                        >
                            <circle class="port-hit" r="12"></circle>
                            <circle class="port-dot" r="5.5"></circle>
                        </g>
                    })}
                </g>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archsim_engine::{
        Autoscale, Kind, Params, Pos, RateLimit, RateLimiterParams, ServiceParams,
    };

    fn of(params: Params) -> Component {
        Component {
            id: "x".to_string(),
            label: String::new(),
            pos: Pos::default(),
            params,
            failures: None,
            zone: None,
            redundancy: None,
        }
    }

    #[test]
    fn new_kinds_summarise_their_main_parameter() {
        let c = of(Kind::RateLimiter.default_params());
        assert_eq!(summary(&c), "bucket · 100 rps");
        let c = of(Params::RateLimiter(RateLimiterParams {
            algorithm: RateLimit::SlidingLog {
                limit: 30,
                window_ms: 1000.0,
            },
            ..Default::default()
        }));
        assert_eq!(summary(&c), "30 per 1.00 s");
        let c = of(Kind::ShardRouter.default_params());
        assert_eq!(summary(&c), "ring · 100 vnodes");
        let c = of(Params::ShardRouter(archsim_engine::ShardRouterParams {
            strategy: archsim_engine::ShardStrategy::Directory { lookup_ms: 2.0 },
            ..Default::default()
        }));
        assert_eq!(summary(&c), "directory · 2.0 ms");
        let c = of(Kind::BlobStorage.default_params());
        assert!(summary(&c).ends_with("ms"), "{}", summary(&c));
        let c = of(Kind::ExternalApi.default_params());
        assert!(summary(&c).ends_with("· 1 % err"), "{}", summary(&c));
        let c = of(Kind::Cdn.default_params());
        assert_eq!(summary(&c), "10.0k · TTL 5 min");
        let c = of(Params::Cdn(archsim_engine::CdnParams {
            ttl_ms: 1500.0,
            serve_stale: true,
            ..Default::default()
        }));
        assert_eq!(summary(&c), "TTL 1.5 s · stale");
        let c = of(Kind::ApiGateway.default_params());
        assert_eq!(summary(&c), "auth 2.0 ms");
        let c = of(Params::ApiGateway(archsim_engine::GatewayParams {
            rate_limit: Some(RateLimit::TokenBucket {
                rate_rps: 400.0,
                burst: 10,
            }),
            ..Default::default()
        }));
        assert_eq!(summary(&c), "2.0 ms · ≤400 rps");
        let client = archsim_engine::ClientParams {
            paths: vec![
                archsim_engine::RequestPath::new("/a", 1.0, true),
                archsim_engine::RequestPath::new("/b", 1.0, false),
            ],
            ..Default::default()
        };
        assert_eq!(summary(&of(Params::Client(client))), "100 rps · 2 paths");
        for kind in Kind::ALL {
            // What fits under the label at the default zoom.
            assert!(summary(&of(kind.default_params())).chars().count() <= 17);
            assert_eq!(
                is_leaf(kind),
                matches!(kind, Kind::BlobStorage | Kind::ExternalApi)
            );
        }
    }

    #[test]
    fn redundant_and_autoscaled_components_carry_a_badge() {
        let mut c = of(Kind::Database.default_params());
        assert_eq!(scale_badge(&c, None), None);
        c.redundancy = Some(Redundancy::ActivePassive {
            standby: Standby::Hot,
            failover_ms: 3000.0,
        });
        assert_eq!(scale_badge(&c, None), Some(("×2 hot".into(), false)));
        let mut live = ComponentLive {
            up: false,
            busy: 0,
            capacity: 20,
            queue_len: 0,
            in_flight: 0,
            slow_factor: 1.0,
            instances: 0,
            instances_warming: 0,
            nodes: 2,
            nodes_up: 1,
            failing_over: true,
            active_node: 0,
        };
        assert_eq!(
            scale_badge(&c, Some(&live)),
            Some(("failing over".into(), true))
        );
        live.failing_over = false;
        live.up = true;
        live.active_node = 1;
        assert_eq!(scale_badge(&c, Some(&live)), Some(("1/2 up".into(), true)));
        live.nodes_up = 2;
        assert_eq!(
            scale_badge(&c, Some(&live)),
            Some(("standby".into(), false))
        );
        c.redundancy = Some(Redundancy::ActiveActive { nodes: 3 });
        assert_eq!(scale_badge(&c, None), Some(("×3".into(), false)));

        let s = ServiceParams {
            autoscale: Some(Autoscale::default()),
            ..Default::default()
        };
        let c = of(Params::Service(s));
        assert_eq!(summary(&c), "1–10 × 8 · auto");
        assert_eq!(scale_badge(&c, None), Some(("auto 1–10".into(), false)));
        let live = ComponentLive {
            instances: 6,
            instances_warming: 2,
            nodes: 0,
            nodes_up: 0,
            ..live
        };
        assert_eq!(scale_badge(&c, Some(&live)), Some(("×6 +2".into(), false)));
    }

    #[test]
    fn long_labels_get_a_smaller_font() {
        assert_eq!(label_style("Service 1"), "");
        assert_eq!(label_style("Rate limiter 1"), "font-size: 11.6px");
        assert_eq!(label_style("A very long name indeed"), "font-size: 11.5px");
    }
}
