//! The selected connection's panel: latency, weight, route, timeouts, retries and the
//! circuit breaker, with its faults.

use crate::editor::edit::Edit;
use crate::engine::{BreakerState, CircuitBreaker, Connection, Dist, Subject};
use crate::format;
use crate::inspector::ctx::general_problems;
use crate::inspector::faults::ConnectionFaults;
use crate::inspector::fields::{CheckField, DistField, NumField};
use crate::inspector::help;
use crate::inspector::problems::problems_for;
use crate::inspector::request_paths::RouteField;
use crate::kinds::icons::UiIcon;
use crate::kinds::{Section, has, look, slug};
use crate::state::{AppState, Selection};
use leptos::prelude::*;

/// The selected connection.
#[component]
pub(super) fn ConnectionPanel(from: String, to: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (f, t) = (from.clone(), to.clone());
    let conn = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .find(|c| c.from == f && c.to == t)
                .cloned()
        })
    });
    let names = {
        let (f, t) = (from.clone(), to.clone());
        move || {
            state.scenario.with(|s| {
                let n = |id: &str| {
                    s.component(id)
                        .map(|c| c.display_name().to_string())
                        .unwrap_or_else(|| id.to_string())
                };
                (n(&f), n(&t))
            })
        }
    };
    // Links into and out of some kinds (a DNS) mean something else than other links: say
    // what, and whose note it is.
    let link_note = {
        let (f, t) = (from.clone(), to.clone());
        move || {
            state.scenario.with(|s| {
                let kind = |id: &str| s.component(id).map(|c| c.params.kind());
                let into = kind(&t).and_then(|k| look(k).link_in.map(|note| (k, note)));
                into.or_else(|| kind(&f).and_then(|k| look(k).link_out.map(|note| (k, note))))
            })
        }
    };
    let subject = Subject::Connection {
        from: from.clone(),
        to: to.clone(),
    };
    let setter = ConnSetter {
        state,
        from: from.clone(),
        to: to.clone(),
        conn,
    };
    let set_latency = setter.set(|c, d: Dist| c.latency = d);
    let set_weight = setter.set(|c, w: f64| c.weight = w as u32);
    let set_optional = setter.set(|c, on: bool| c.optional = on);
    let set_breaker = setter.set(|c, on: bool| {
        c.breaker = on.then(CircuitBreaker::default);
    });
    let has_breaker =
        Memo::new(move |_| conn.with(|c| c.as_ref().is_some_and(|c| c.breaker.is_some())));
    let breaker_fields = {
        let (setter, subject) = (setter.clone(), subject.clone());
        move || has_breaker.get().then(|| breaker_fields(&setter, &subject))
    };
    let index = {
        let (f, t) = (from.clone(), to.clone());
        Memo::new(move |_| {
            state
                .scenario
                .with(|s| s.connections.iter().position(|c| c.from == f && c.to == t))
        })
    };
    let breaker_live = move || {
        let live = index
            .get()
            .and_then(|i| state.breakers.with(|b| b.get(i).copied().flatten()));
        let summary = index.get().and_then(|i| {
            state
                .summary
                .with(|s| s.as_ref().and_then(|s| s.connections.get(i).cloned()))
        });
        match (has_breaker.get(), live, summary) {
            (true, Some(b), Some(s)) => Some((b, s)),
            _ => None,
        }
    };
    let optional_warnings = problems_for(state, subject.clone(), "optional");
    let (df, dt) = (from.clone(), to.clone());
    let gf = from.clone();
    let routed = move || {
        state.scenario.with(|s| {
            s.component(&gf)
                .is_some_and(|c| has(c.params.kind(), Section::Routes))
        })
    };
    let (rf, rt) = (from.clone(), to.clone());
    let route_problems = general_problems(state, subject.clone(), &["latency", "weight"]);
    view! {
        <div class="insp" data-testid="connection-inspector">
            <div class="insp-head">
                <span class="insp-icon kind-link">
                    <svg class="icon" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
                        <path d="M4 12h13M13 7l5 5-5 5"></path>
                    </svg>
                </span>
                <div class="insp-title">
                    <span class="insp-kind">"Connection"</span>
                    <span class="insp-name static">{move || { let (a, b) = names(); format!("{a} → {b}") }}</span>
                </div>
                <button
                    class="btn icon-btn ghost danger"
                    data-testid="delete-connection"
                    title="Delete (Delete key)"
                    aria-label="Delete connection"
                    on:click=move |_| {
                        state.selection.set(Selection::Connection { from: df.clone(), to: dt.clone() });
                        state.delete_selection();
                    }
                >
                    <UiIcon name="trash" />
                </button>
            </div>
            <p class="concept">
                "Requests travel along the arrow; responses come back the same way. The network adds latency in each direction."
            </p>
            {move || link_note().map(|(kind, note)| view! { <p class="notice warning" data-testid=format!("{}-link-note", slug(kind))>{note}</p> })}
            <ConnectionFaults from=from.clone() to=to.clone() />
            <section class="insp-section">
                <h3 class="section-title">"Parameters"</h3>
                <DistField
                    label="Latency"
                    help=help::field("conn.latency")
                    value=Signal::derive(move || conn.with(|c| c.as_ref().map(|c| c.latency).unwrap_or(Dist::Constant { ms: 0.0 })))
                    on_set=set_latency
                    errors=problems_for(state, subject.clone(), "latency")
                    testid="conn-latency".to_string()
                />
                <NumField
                    label="Weight"
                    help=help::field("conn.weight")
                    value=Signal::derive(move || conn.with(|c| c.as_ref().map(|c| c.weight as f64).unwrap_or(1.0)))
                    on_set=set_weight
                    min=0.0
                    max=1000.0
                    integer=true
                    errors=problems_for(state, subject.clone(), "weight")
                    testid="conn-weight".to_string()
                />
                <Show
                    when=routed
                    fallback=move || {
                        route_problems
                            .get()
                            .into_iter()
                            .map(|(err, m)| view! {
                                <p class=if err { "notice error" } else { "notice warning" } data-testid="connection-problem">{m}</p>
                            })
                            .collect_view()
                    }
                >
                    <div class="field-row">
                        <span class="field-label">"Route (path prefix)"</span>
                    </div>
                    <RouteField from=rf.clone() to=rt.clone() testid="conn-route".to_string() />
                    <p class="field-help">{help::field("conn.route")}</p>
                </Show>
                <CheckField
                    label="Optional (degrade)"
                    help=help::field("conn.optional")
                    value=Signal::derive(move || conn.with(|c| c.as_ref().is_some_and(|c| c.optional)))
                    on_set=set_optional
                    testid="conn-optional".to_string()
                />
                {move || {
                    optional_warnings
                        .get()
                        .into_iter()
                        .map(|m| view! { <p class="notice warning">{m}</p> })
                        .collect_view()
                }}
            </section>
            <section class="insp-section">
                <h3 class="section-title">"Circuit breaker"</h3>
                <CheckField
                    label="Circuit breaker"
                    help=help::field("conn.breaker")
                    value=Signal::derive(move || has_breaker.get())
                    on_set=set_breaker
                    testid="conn-breaker".to_string()
                />
                {move || breaker_live().map(|(b, s)| view! {
                    <div class="live-stats" data-testid="breaker-live">
                        <div class="stat">
                            <span class="stat-label">"State"</span>
                            <span
                                class=if b == BreakerState::Closed { "stat-value ok" } else { "stat-value bad" }
                                data-testid="breaker-state"
                            >
                                {b.describe()}
                            </span>
                        </div>
                        <div class="stat">
                            <span class="stat-label">"Tripped"</span>
                            <span class="stat-value">{format!("{} ×", s.breaker_trips)}</span>
                        </div>
                        <div class="stat">
                            <span class="stat-label">"Open"</span>
                            <span class="stat-value">{format::pct(s.breaker_open_share)}</span>
                        </div>
                        <div class="stat">
                            <span class="stat-label">"Refused"</span>
                            <span class="stat-value">{format::count(s.short_circuited)}</span>
                        </div>
                    </div>
                })}
                {breaker_fields}
            </section>
        </div>
    }
}

/// Changes one connection through an undoable [`Edit::SetConnection`].
#[derive(Clone)]
pub(super) struct ConnSetter {
    state: AppState,
    from: String,
    to: String,
    conn: Memo<Option<Connection>>,
}

impl ConnSetter {
    fn set<T: 'static>(
        &self,
        f: impl Fn(&mut Connection, T) + Send + Sync + 'static,
    ) -> Callback<T> {
        let (state, from, to, conn) = (self.state, self.from.clone(), self.to.clone(), self.conn);
        Callback::new(move |v: T| {
            if let Some(mut c) = conn.get_untracked() {
                f(&mut c, v);
                state.apply(Edit::SetConnection {
                    from: from.clone(),
                    to: to.clone(),
                    latency: c.latency,
                    weight: c.weight,
                    breaker: c.breaker,
                    optional: c.optional,
                });
            }
        })
    }
}

/// One number of a circuit breaker in the connection inspector.
pub(super) struct BreakerRow {
    label: &'static str,
    unit: &'static str,
    help_key: &'static str,
    /// The field validation names ("breaker.window"); the input's test id is derived from it.
    field: &'static str,
    range: (f64, f64, f64, bool),
    get: fn(&CircuitBreaker) -> f64,
    set: fn(&mut CircuitBreaker, f64),
}

pub(super) const BREAKER_ROWS: [BreakerRow; 5] = [
    BreakerRow {
        label: "Window",
        unit: "calls",
        help_key: "conn.breaker.window",
        field: "breaker.window",
        range: (1.0, 1000.0, 1.0, true),
        get: |b| b.window as f64,
        set: |b, x| b.window = x as u32,
    },
    BreakerRow {
        label: "Minimum calls",
        unit: "calls",
        help_key: "conn.breaker.min_calls",
        field: "breaker.min_calls",
        range: (1.0, 1000.0, 1.0, true),
        get: |b| b.min_calls as f64,
        set: |b, x| b.min_calls = x as u32,
    },
    BreakerRow {
        label: "Trips at",
        unit: "% failed",
        help_key: "conn.breaker.failure_threshold",
        field: "breaker.failure_threshold",
        range: (1.0, 100.0, 5.0, false),
        get: |b| (b.failure_threshold * 1000.0).round() / 10.0,
        set: |b, x| b.failure_threshold = x / 100.0,
    },
    BreakerRow {
        label: "Open for",
        unit: "ms",
        help_key: "conn.breaker.open_ms",
        field: "breaker.open_ms",
        range: (1.0, 86_400_000.0, 500.0, false),
        get: |b| b.open_ms,
        set: |b, x| b.open_ms = x,
    },
    BreakerRow {
        label: "Trial calls",
        unit: "",
        help_key: "conn.breaker.half_open_probes",
        field: "breaker.half_open_probes",
        range: (1.0, 100.0, 1.0, true),
        get: |b| b.half_open_probes as f64,
        set: |b, x| b.half_open_probes = x as u32,
    },
];

/// The fields of a connection's circuit breaker (shown while it has one).
pub(super) fn breaker_fields(setter: &ConnSetter, subject: &Subject) -> Vec<AnyView> {
    let (conn, state) = (setter.conn, setter.state);
    BREAKER_ROWS
        .iter()
        .map(|row| {
            let (get, set) = (row.get, row.set);
            let (min, max, step, integer) = row.range;
            view! {
                <NumField
                    label=row.label
                    unit=row.unit
                    help=help::field(row.help_key)
                    value=Signal::derive(move || {
                        conn.with(|c| c.as_ref().and_then(|c| c.breaker.as_ref().map(get)).unwrap_or(0.0))
                    })
                    on_set=setter.set(move |c, x: f64| {
                        if let Some(b) = &mut c.breaker {
                            set(b, x)
                        }
                    })
                    min=min
                    max=max
                    step=step
                    integer=integer
                    errors=problems_for(state, subject.clone(), row.field)
                    testid=format!("conn-{}", row.field.replace(['.', '_'], "-"))
                />
            }
            .into_any()
        })
        .collect()
}
