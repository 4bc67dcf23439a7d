//! Request classes in the inspector: a client's paths (name, weight, static switch; a row
//! each, with the engine's messages for that row) and an API gateway's routes (the path
//! prefix on each of its outgoing connections, with the traffic each one carried).

use crate::editor::edit::Edit;
use crate::engine::{Params, RequestPath, Subject};
use crate::format;
use crate::inspector::fields::parse_number;
use crate::inspector::help;
use crate::state::AppState;
use leptos::prelude::*;

/// Each path's share of the client's traffic (weight over the sum of weights), 0..=1.
pub fn shares(paths: &[RequestPath]) -> Vec<f64> {
    let total: f64 = paths.iter().map(|p| p.weight.max(0.0)).sum();
    paths
        .iter()
        .map(|p| {
            if total > 0.0 {
                p.weight.max(0.0) / total
            } else {
                0.0
            }
        })
        .collect()
}

/// A path for a new row: "/page-N" with the first N no row uses yet.
pub fn new_path(paths: &[RequestPath]) -> RequestPath {
    let name = (1..)
        .map(|n| format!("/page-{n}"))
        .find(|name| paths.iter().all(|p| p.path != *name))
        .unwrap_or_default();
    RequestPath::new(&name, 10.0, false)
}

/// A typed route: empty (or blank) means the default route.
pub fn parse_route(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The engine's messages about `subject` whose field passes `field`.
fn messages(
    state: AppState,
    subject: Subject,
    field: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> Signal<Vec<String>> {
    Signal::derive(move || {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| p.subject == subject && field(&p.field))
                .map(|p| p.message.clone())
                .collect()
        })
    })
}

/// The messages, one line each, under the field they are about.
fn message_lines(errors: Signal<Vec<String>>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|e| view! { <p class="field-error" data-testid="field-error">{e}</p> })
            .collect_view()
    }
}

fn client_paths(state: AppState, id: &str) -> Vec<RequestPath> {
    state
        .scenario
        .with(|s| match s.component(id).map(|c| &c.params) {
            Some(Params::Client(p)) => p.paths.clone(),
            _ => Vec::new(),
        })
}

/// Changes a client's paths as one undoable edit.
fn edit_paths(state: AppState, id: &str, f: impl FnOnce(&mut Vec<RequestPath>)) {
    let params = state
        .scenario
        .with_untracked(|s| s.component(id).map(|c| c.params.clone()));
    if let Some(Params::Client(mut p)) = params {
        f(&mut p.paths);
        state.apply(Edit::SetParams {
            id: id.to_string(),
            params: Params::Client(p),
        });
    }
}

/// The client's paths, a row each, and "Add path".
#[component]
pub fn PathsEditor(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let count = Memo::new(move |_| client_paths(state, &key).len());
    let add_id = id.clone();
    let rows_id = id.clone();
    let list_errors = messages(state, Subject::Component { id: id.clone() }, |f| {
        f == "paths"
    });
    view! {
        <section class="insp-section" data-testid="paths-editor">
            <h3 class="section-title">"Request paths"</h3>
            <p class="field-help">{help::field("client.paths")}</p>
            <Show when=move || count.get() == 0>
                <p class="field-help" data-testid="paths-none">
                    "No paths: one unnamed class; a CDN treats every read as static."
                </p>
            </Show>
            <Show when=move || { count.get() > 0 }>
                <div class="path-head">
                    <span>"Path"</span>
                    <span>"Weight"</span>
                    <span>"Share"</span>
                    <span>"Static"</span>
                    <span></span>
                </div>
            </Show>
            {move || {
                (0..count.get())
                    .map(|i| view! { <PathRow id=rows_id.clone() index=i /> })
                    .collect_view()
            }}
            {message_lines(list_errors)}
            <button
                class="btn small"
                data-testid="path-add"
                on:click=move |_| edit_paths(state, &add_id, |paths| {
                    let p = new_path(paths);
                    paths.push(p);
                })
            >
                "Add path"
            </button>
        </section>
    }
}

/// One path: its name, weight, share, static switch and a remove button.
#[component]
fn PathRow(id: String, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let row = Memo::new(move |_| {
        let paths = client_paths(state, &key);
        let share = shares(&paths).get(index).copied().unwrap_or(0.0);
        paths.get(index).cloned().map(|p| (p, share))
    });
    let prefix = format!("paths.{index}.");
    let errors = messages(state, Subject::Component { id: id.clone() }, move |f| {
        f.starts_with(&prefix)
    });
    let local_error = RwSignal::new(None::<String>);
    let nonce = RwSignal::new(0u32);
    let (name_id, weight_id, static_id, remove_id) =
        (id.clone(), id.clone(), id.clone(), id.clone());
    let set_name = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev).trim().to_string();
        edit_paths(state, &name_id, |paths| {
            if let Some(p) = paths.get_mut(index) {
                p.path = text;
            }
        });
    };
    let set_weight =
        move |ev: leptos::ev::Event| match parse_number(&event_target_value(&ev), false, 0.0) {
            Ok(w) => {
                local_error.set(None);
                edit_paths(state, &weight_id, |paths| {
                    if let Some(p) = paths.get_mut(index) {
                        p.weight = w;
                    }
                });
            }
            Err(e) => {
                local_error.set(Some(e));
                nonce.update(|n| *n += 1);
            }
        };
    let invalid = move || local_error.with(|e| e.is_some()) || errors.with(|e| !e.is_empty());
    let tid = move |what: &str| format!("path-{index}-{what}");
    view! {
        <div class="path-row field" class:invalid=invalid data-testid=tid("row")>
            <div class="path-cells">
                <input
                    class="path-name"
                    type="text"
                    spellcheck="false"
                    aria-label=format!("Path {}", index + 1)
                    data-testid=tid("name")
                    prop:value=move || row.with(|r| r.as_ref().map(|(p, _)| p.path.clone()).unwrap_or_default())
                    on:change=set_name
                />
                <input
                    class="path-weight"
                    type="number"
                    min="0"
                    step="1"
                    aria-label=format!("Weight of path {}", index + 1)
                    data-testid=tid("weight")
                    prop:value=move || {
                        nonce.track();
                        row.with(|r| r.as_ref().map(|(p, _)| format::plain(p.weight)).unwrap_or_default())
                    }
                    on:change=set_weight
                />
                <span class="path-share" data-testid=tid("share")>
                    {move || row.with(|r| r.as_ref().map(|(_, s)| format!("{:.0} %", s * 100.0)).unwrap_or_default())}
                </span>
                <input
                    class="path-static"
                    type="checkbox"
                    title="Static content: a CDN may cache reads of it"
                    aria-label=format!("Path {} is static", index + 1)
                    data-testid=tid("static")
                    prop:checked=move || row.with(|r| r.as_ref().is_some_and(|(p, _)| p.is_static))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit_paths(state, &static_id, |paths| {
                            if let Some(p) = paths.get_mut(index) {
                                p.is_static = on;
                            }
                        });
                    }
                />
                <button
                    class="btn icon-btn ghost small"
                    title="Remove this path"
                    aria-label=format!("Remove path {}", index + 1)
                    data-testid=tid("remove")
                    on:click=move |_| edit_paths(state, &remove_id, |paths| {
                        if index < paths.len() {
                            paths.remove(index);
                        }
                    })
                >
                    "×"
                </button>
            </div>
            {move || local_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            {message_lines(errors)}
        </div>
    }
}

/// The text field of a connection's route (on a connection out of an API gateway).
#[component]
pub fn RouteField(from: String, to: String, testid: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (f, t) = (from.clone(), to.clone());
    let route = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .find(|c| c.from == f && c.to == t)
                .and_then(|c| c.route.clone())
        })
    });
    let subject = Subject::Connection {
        from: from.clone(),
        to: to.clone(),
    };
    let errors = messages(state, subject, |f| f == "route");
    let set = move |ev: leptos::ev::Event| {
        let new = parse_route(&event_target_value(&ev));
        if new != route.get_untracked() {
            state.apply(Edit::SetRoute {
                from: from.clone(),
                to: to.clone(),
                route: new,
            });
        }
    };
    view! {
        <div class="field route-field" class:invalid=move || errors.with(|e| !e.is_empty())>
            <input
                class="route-input"
                type="text"
                spellcheck="false"
                placeholder="default (every other path)"
                aria-label="Route: path prefix"
                data-testid=testid
                prop:value=move || route.get().unwrap_or_default()
                on:change=set
            />
            {message_lines(errors)}
        </div>
    }
}

/// An API gateway's routes: each outgoing connection, its path prefix (editable) and the
/// requests it carried in the run so far.
#[component]
pub fn GatewayRoutes(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let outgoing = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .filter(|c| c.from == key)
                .map(|c| {
                    let name = s
                        .component(&c.to)
                        .map(|t| t.display_name().to_string())
                        .unwrap_or_else(|| c.to.clone());
                    (c.to.clone(), name)
                })
                .collect::<Vec<_>>()
        })
    });
    let key = id.clone();
    let traffic = Memo::new(move |_| {
        let i = state
            .scenario
            .with(|s| s.components.iter().position(|c| c.id == key))?;
        state.summary.with(|s| {
            s.as_ref()
                .and_then(|s| s.components.get(i))
                .map(|c| (c.edge.routed.clone(), c.edge.no_route))
        })
    });
    let from = id.clone();
    view! {
        <section class="insp-section" data-testid="gateway-routes">
            <h3 class="section-title">"Routes"</h3>
            <p class="field-help">{help::field("conn.route")}</p>
            <ul class="route-list">
                {move || {
                    outgoing
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(j, (to, name))| {
                            let share = move || {
                                traffic.with(|t| {
                                    t.as_ref().and_then(|(routed, no_route)| {
                                        let total: u64 = routed.iter().sum::<u64>() + no_route;
                                        routed.get(j).map(|n| {
                                            if total > 0 {
                                                format!("{} req · {:.0} %", format::count(*n), *n as f64 * 100.0 / total as f64)
                                            } else {
                                                "0 req".to_string()
                                            }
                                        })
                                    })
                                })
                            };
                            view! {
                                <li class="route-row">
                                    <span class="route-to">{format!("→ {name}")}</span>
                                    <RouteField from=from.clone() to=to.clone() testid=format!("route-input-{to}") />
                                    <span class="route-traffic" data-testid=format!("route-traffic-{to}")>
                                        {share}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || traffic.with(|t| t.as_ref().map(|(_, n)| *n)).filter(|n| *n > 0).map(|n| view! {
                <p class="notice warning" data-testid="gateway-no-route">
                    {format!("{} requests matched no route (404)", format::count(n))}
                </p>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_follow_the_weights() {
        let paths = vec![
            RequestPath::new("/a", 60.0, true),
            RequestPath::new("/b", 30.0, false),
            RequestPath::new("/c", 10.0, false),
        ];
        let s = shares(&paths);
        assert!((s[0] - 0.6).abs() < 1e-12 && (s[2] - 0.1).abs() < 1e-12);
        assert_eq!(shares(&[RequestPath::new("/a", 0.0, false)]), vec![0.0]);
    }

    #[test]
    fn new_rows_get_an_unused_path() {
        let mut paths = vec![RequestPath::new("/page-1", 1.0, false)];
        assert_eq!(new_path(&paths).path, "/page-2");
        paths.push(new_path(&paths));
        assert_eq!(new_path(&paths).path, "/page-3");
    }

    #[test]
    fn an_empty_route_is_the_default() {
        assert_eq!(parse_route("  "), None);
        assert_eq!(parse_route(" /api "), Some("/api".to_string()));
    }
}
