//! Breaking things from the UI: crash, slow down or recover the selected component,
//! partition or heal the selected connection, spike the traffic, reshard a shard router —
//! each applied at the current simulated time and recorded in the scenario's fault
//! timeline, which is listed (and editable) here.

use crate::editor::fault_text::describe;
use crate::engine::{CrashMode, Fault, Scenario, Size, Subject, sizes};
use crate::format;
use crate::inspector::zones::ZoneFaultButtons;
use crate::kinds::shard_router::live_shards;
use crate::kinds::{Section, database, has};
use crate::state::AppState;
use leptos::prelude::*;

/// Crash / slow / recover buttons for a component (and a spike for a client).
#[component]
pub fn ComponentFaults(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id_for_split = id.clone();
    let key = id.clone();
    let live = move || {
        let i = state
            .scenario
            .with(|s| s.components.iter().position(|c| c.id == key))?;
        state.live.with(|l| l.get(i).cloned())
    };
    let key = id.clone();
    let replication = move || {
        let i = state
            .scenario
            .with(|s| s.components.iter().position(|c| c.id == key))?;
        state.replication.with(|r| r.get(i).copied().flatten())
    };
    // A replicated database stays up when its primary crashes: "down" is a crashed node.
    // A redundant component has nodes: a recover is due while any is down, a crash makes
    // sense while any is up.
    let down = {
        let live = live.clone();
        let replication = replication.clone();
        move || {
            live()
                .map(|l| {
                    if l.nodes > 0 {
                        l.nodes_up < l.nodes
                    } else {
                        !l.up
                    }
                })
                .unwrap_or(false)
                || replication().is_some_and(|r| r.down > 0)
        }
    };
    let all_down = {
        let live = live.clone();
        move || {
            live()
                .map(|l| if l.nodes > 0 { l.nodes_up == 0 } else { !l.up })
                .unwrap_or(false)
        }
    };
    let key = id.clone();
    let replicated = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.component(&key)
                .is_some_and(|c| database::replication(&c.params).is_some())
        })
    });
    let split = Callback::new(move |seconds: f64| {
        state.inject(Fault::PartitionReplicas {
            component: id_for_split.clone(),
            duration_s: Some(seconds),
        })
    });
    let splitting = {
        let replication = replication.clone();
        Memo::new(move |_| replication().is_some_and(|r| r.partitioned))
    };
    let slowed = {
        let live = live.clone();
        move || live().map(|l| l.slow_factor > 1.0).unwrap_or(false)
    };
    let key = id.clone();
    let is_client = move || {
        state
            .scenario
            .with(|s| s.component(&key).map(|c| c.params.kind().is_source()))
            .unwrap_or(false)
    };
    let crash = {
        let id = id.clone();
        move |mode: CrashMode| {
            state.inject(Fault::Crash {
                component: id.clone(),
                duration_s: None,
                mode,
            })
        }
    };
    let crash2 = crash.clone();
    let slow = {
        let id = id.clone();
        move |factor: f64| {
            state.inject(Fault::Slow {
                component: id.clone(),
                factor,
                duration_s: None,
            })
        }
    };
    let (s2, s4, s10) = (slow.clone(), slow.clone(), slow.clone());
    let recover = {
        let id = id.clone();
        let down = down.clone();
        let slowed = slowed.clone();
        move || {
            if down() {
                state.inject(Fault::Recover {
                    component: id.clone(),
                });
            }
            if slowed() {
                state.inject(Fault::Slow {
                    component: id.clone(),
                    factor: 1.0,
                    duration_s: None,
                });
            }
        }
    };
    let can_recover = {
        let down = down.clone();
        let slowed = slowed.clone();
        move || down() || slowed()
    };
    let spike_id = id.clone();
    // Whether its kind's inspector has `section` (a reshard, a resize).
    let has_section = {
        let key = id.clone();
        move |section| {
            state
                .scenario
                .with(|s| s.component(&key).map(|c| has(c.params.kind(), section)))
                .unwrap_or(false)
        }
    };
    let is_router = {
        let has_section = has_section.clone();
        move || has_section(Section::Reshard)
    };
    let resizable = move || has_section(Section::Resize);
    let reshard_id = id.clone();
    let resize_id = id.clone();
    let zone_key = id.clone();
    let zone = move || {
        state
            .scenario
            .with(|s| s.component(&zone_key).and_then(|c| c.zone.clone()))
    };
    view! {
        <section class="insp-section break" data-testid="break-panel">
            <h3 class="section-title">"Break it"</h3>
            <Show
                when=move || !is_client()
                fallback=move || view! { <SpikeButtons client=Some(spike_id.clone()) /> }
            >
                <div class="btn-row">
                    <button
                        class="btn danger-soft"
                        data-testid="crash"
                        title="The component stops; callers get an error at once"
                        disabled=all_down.clone()
                        on:click={
                            let crash = crash.clone();
                            move |_| crash(CrashMode::FailFast)
                        }
                    >
                        "Crash"
                    </button>
                    <button
                        class="btn danger-soft"
                        data-testid="crash-blackhole"
                        title="The component stops answering; callers wait until they time out"
                        disabled=all_down.clone()
                        on:click={
                            let crash = crash2.clone();
                            move |_| crash(CrashMode::Blackhole)
                        }
                    >
                        "Black hole"
                    </button>
                    <button
                        class="btn ok-soft"
                        data-testid="recover"
                        disabled={
                            let c = can_recover.clone();
                            move || !c()
                        }
                        on:click={
                            let r = recover.clone();
                            move |_| r()
                        }
                    >
                        "Recover"
                    </button>
                </div>
                <div class="btn-row">
                    <span class="row-label">"Slow down"</span>
                    <button class="btn warn-soft small" data-testid="slow-2" on:click={ let s = s2.clone(); move |_| s(2.0) }>"×2"</button>
                    <button class="btn warn-soft small" data-testid="slow-4" on:click={ let s = s4.clone(); move |_| s(4.0) }>"×4"</button>
                    <button class="btn warn-soft small" data-testid="slow-10" on:click={ let s = s10.clone(); move |_| s(10.0) }>"×10"</button>
                </div>
                {
                    let router = reshard_id.clone();
                    view! {
                        <Show when=is_router.clone()>
                            <ReshardButton router=router.clone() />
                        </Show>
                    }
                }
                {
                    let component = resize_id.clone();
                    view! {
                        <Show when=resizable.clone()>
                            <ResizeButton component=component.clone() />
                        </Show>
                    }
                }
                <Show when=move || replicated.get()>
                    <div class="btn-row" title="A partition separates the primary from its replicas; the CP/AP choice decides what they do">
                        <span class="row-label">"Partition replicas"</span>
                        <button class="btn danger-soft small" data-testid="partition-replicas-5" disabled=move || splitting.get() on:click=move |_| split.run(5.0)>"5 s"</button>
                        <button class="btn danger-soft small" data-testid="partition-replicas-15" disabled=move || splitting.get() on:click=move |_| split.run(15.0)>"15 s"</button>
                        <button class="btn danger-soft small" data-testid="partition-replicas-60" disabled=move || splitting.get() on:click=move |_| split.run(60.0)>"60 s"</button>
                    </div>
                </Show>
                {let zone = zone.clone(); move || zone().map(|z| view! {
                    <div class="btn-row">
                        <span class="row-label">{format!("Zone {z}")}</span>
                        <ZoneFaultButtons zone=z.clone() testid="component-zone".to_string() />
                    </div>
                })}
            </Show>
            <p class="field-help">
                "Applied now, at the current simulated time, and added to the fault timeline so a replay repeats it."
            </p>
        </section>
    }
}

/// Resize a service or a database to another machine size, now: the sizes it may move to,
/// what the restart will do, or why it cannot be resized.
#[component]
fn ResizeButton(component: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = component.clone();
    // The size it runs on now (its last resize so far, or its configured size), how many
    // machines restart, and why it cannot be resized.
    let now = Memo::new(move |_| {
        state.scenario.with(|s| {
            let c = s.component(&key)?;
            let clock = state.clock_s.get();
            let size = last_before(s, clock, |f| match f {
                Fault::Resize {
                    component, size, ..
                } if *component == key => Some(*size),
                _ => None,
            })
            .unwrap_or(c.params.size());
            Some((size, sizes::machines(c), sizes::not_resizable(c)))
        })
    });
    let target = RwSignal::new(None::<Size>);
    // What the choice shows: the size picked, else the next one up (the largest at most).
    let shown = move || {
        target.get().unwrap_or_else(|| {
            let size = now.get().map_or(Size::Custom, |(size, ..)| size);
            Size::NAMED
                .into_iter()
                .find(|s| *s > size)
                .unwrap_or(Size::LARGEST)
        })
    };
    let go = move |_| {
        state.inject(Fault::Resize {
            component: component.clone(),
            size: shown(),
            restart_s: sizes::DEFAULT_RESTART_S,
        });
        target.set(None);
    };
    let blocked = move || now.get().and_then(|(_, _, why)| why);
    view! {
        <div class="btn-row">
            <span class="row-label">"Resize to"</span>
            <label class="mini">
            <select
                data-testid="resize-size"
                aria-label="Resize to this size"
                disabled=move || blocked().is_some()
                on:change=move |ev| {
                    let name = event_target_value(&ev);
                    target.set(Size::NAMED.into_iter().find(|s| s.name() == name));
                }
            >
                {Size::NAMED
                    .into_iter()
                    .map(|size| {
                        view! {
                            <option value=size.name() selected=move || shown() == size>
                                {size.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            </label>
            <button
                class="btn warn-soft small"
                data-testid="resize"
                disabled=move || blocked().is_some()
                on:click=go
            >
                "Resize"
            </button>
        </div>
        <p class="field-help" data-testid="resize-help">
            {move || {
                if let Some(why) = blocked() {
                    return format!("It {why}.");
                }
                let (size, machines, _) = now.get().unwrap_or((Size::Custom, 1, None));
                let restart = format!("{} s", format::plain(sizes::DEFAULT_RESTART_S));
                let how = if machines > 1 {
                    format!(
                        "Its {machines} instances restart one at a time ({restart} each), so the others keep serving."
                    )
                } else {
                    format!("It is down for its {restart} restart: requests meanwhile fail.")
                };
                let ceiling = if size == Size::LARGEST {
                    " It is on the largest machine already: only more instances add capacity."
                } else {
                    ""
                };
                format!("{how}{ceiling}")
            }}
        </p>
    }
}

/// What `pick` finds in the latest fault of the timeline at or before `clock` (of those at
/// one time, the last listed).
fn last_before<T>(s: &Scenario, clock: f64, pick: impl Fn(&Fault) -> Option<T>) -> Option<T> {
    s.faults
        .iter()
        .filter(|e| e.at_s <= clock)
        .filter_map(|e| Some((e.at_s, pick(&e.fault)?)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

/// Reshard a shard router to a number of shards, now.
#[component]
fn ReshardButton(router: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = router.clone();
    // Shards connected and live now (the last reshard's count, or the configured one).
    let counts = Memo::new(move |_| {
        state.scenario.with(|s| {
            let connected = s.connections.iter().filter(|c| c.from == key).count();
            let configured = s
                .component(&key)
                .map_or(0, |c| live_shards(&c.params, connected));
            let now = state.clock_s.get();
            let live = last_before(s, now, |f| match f {
                Fault::Reshard { component, shards } if *component == key => Some(*shards),
                _ => None,
            })
            .unwrap_or(configured);
            (live, connected as u32)
        })
    });
    let target = RwSignal::new(None::<u32>);
    // What the field shows: the number typed, else one more than live (capped).
    let shown = move || {
        target.get().unwrap_or_else(|| {
            let (live, connected) = counts.get();
            (live + 1).min(connected.max(1))
        })
    };
    let go = move |_| {
        state.inject(Fault::Reshard {
            component: router.clone(),
            shards: shown(),
        });
        target.set(None);
    };
    view! {
        <div class="btn-row">
            <span class="row-label">"Reshard to"</span>
            <label class="mini inline">
                <input
                    type="number"
                    min="1"
                    max=move || counts.get().1.max(1)
                    step="1"
                    data-testid="reshard-shards"
                    prop:value=move || shown().to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() {
                            target.set(Some(v));
                        }
                    }
                />
                <span class="field-unit">"shards"</span>
            </label>
            <button class="btn warn-soft small" data-testid="reshard" on:click=go>
                "Reshard"
            </button>
        </div>
        <p class="field-help">
            {move || {
                let (live, connected) = counts.get();
                let spares = if live >= connected {
                    format!("All {connected} connected shards are live: connect another to add a shard.")
                } else {
                    format!("{live} of {connected} connected shards are live; the others are spares.")
                };
                format!("{spares} Keys whose shard changes miss once, then are migrated.")
            }}
        </p>
    }
}

/// Spike buttons: ×2 / ×5 / ×10 for a number of seconds.
#[component]
fn SpikeButtons(client: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let seconds = RwSignal::new(10.0);
    let spike = move |factor: f64| {
        state.inject(Fault::TrafficSpike {
            client: client.clone(),
            factor,
            duration_s: seconds.get_untracked(),
        })
    };
    let (a, b, c) = (spike.clone(), spike.clone(), spike);
    view! {
        <div class="btn-row">
            <span class="row-label">"Traffic spike"</span>
            <button class="btn warn-soft small" data-testid="spike-2" on:click=move |_| a(2.0)>"×2"</button>
            <button class="btn warn-soft small" data-testid="spike-5" on:click=move |_| b(5.0)>"×5"</button>
            <button class="btn warn-soft small" data-testid="spike-10" on:click=move |_| c(10.0)>"×10"</button>
            <label class="mini inline">
                <span>"for"</span>
                <input
                    type="number"
                    min="1"
                    max="3600"
                    step="1"
                    data-testid="spike-seconds"
                    prop:value=move || format::plain(seconds.get())
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).trim().parse::<f64>()
                            && v.is_finite()
                            && v > 0.0
                        {
                            seconds.set(v.min(3600.0));
                        }
                    }
                />
                <span class="field-unit">"s"</span>
            </label>
        </div>
    }
}

/// The traffic spike control for all clients.
#[component]
pub fn SpikeControl() -> impl IntoView {
    view! {
        <section class="insp-section break">
            <h3 class="section-title">"Break it"</h3>
            <SpikeButtons client=None />
            <p class="field-help">
                "Multiplies every open-loop client's rate from now on, for the given time. Select a component to crash or slow it, a connection to partition it."
            </p>
        </section>
    }
}

/// Partition / heal buttons for a connection.
#[component]
pub fn ConnectionFaults(from: String, to: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (f, t) = (from.clone(), to.clone());
    let partitioned = move || {
        let i = state
            .scenario
            .with(|s| s.connections.iter().position(|c| c.from == f && c.to == t));
        i.and_then(|i| state.partitioned.with(|p| p.get(i).copied()))
            .unwrap_or(false)
    };
    let p2 = partitioned.clone();
    let (f1, t1, f2, t2) = (from.clone(), to.clone(), from, to);
    view! {
        <section class="insp-section break" data-testid="break-panel">
            <h3 class="section-title">"Break it"</h3>
            <div class="btn-row">
                <button
                    class="btn danger-soft"
                    data-testid="partition"
                    title="Messages over this connection are lost in both directions"
                    disabled=partitioned
                    on:click=move |_| {
                        state.inject(Fault::Partition { from: f1.clone(), to: t1.clone(), duration_s: None })
                    }
                >
                    "Partition"
                </button>
                <button
                    class="btn ok-soft"
                    data-testid="heal"
                    disabled=move || !p2()
                    on:click=move |_| state.inject(Fault::Heal { from: f2.clone(), to: t2.clone() })
                >
                    "Heal"
                </button>
            </div>
            <p class="field-help">
                "A partition drops messages silently: callers only notice when they time out. Recorded in the fault timeline."
            </p>
        </section>
    }
}

/// The scenario's fault timeline: each entry's time can be changed (scheduling it) and the
/// entry removed, both undoable; either restarts a started run.
#[component]
pub fn Timeline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = move || {
        state.scenario.with(|s| {
            let mut v: Vec<(usize, f64, String)> = s
                .faults
                .iter()
                .enumerate()
                .map(|(i, e)| (i, e.at_s, describe(s, &e.fault)))
                .collect();
            v.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
            v
        })
    };
    view! {
        <section class="insp-section" data-testid="fault-timeline">
            <h3 class="section-title">"Fault timeline"</h3>
            {move || {
                let list = entries();
                if list.is_empty() {
                    view! {
                        <p class="muted small">
                            "No faults yet. Break something (above, or on a selected component or connection) — it is recorded here with its time, which you can change to schedule it."
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <ul class="timeline">
                            {list
                                .into_iter()
                                .map(|(i, at, text)| {
                                    // The engine's complaints about this entry (e.g. it names
                                    // a component that was deleted).
                                    let problems: Vec<String> = state.problems.with(|ps| {
                                        ps.iter()
                                            .filter(|p| p.subject == Subject::Fault { index: i })
                                            .map(|p| p.message.clone())
                                            .collect()
                                    });
                                    let bad = !problems.is_empty();
                                    let title = problems.join("; ");
                                    view! {
                                        <li
                                            // Per entry, so the clock does not rebuild the
                                            // list (and the time field being typed in).
                                            class:past=move || at <= state.clock_s.get()
                                            class:invalid=bad
                                            title=title
                                            data-testid="fault-entry"
                                        >
                                            <label class="tl-time" title="When it happens (seconds of simulated time); changing it restarts the run">
                                                <input
                                                    type="number"
                                                    min="0"
                                                    step="0.1"
                                                    inputmode="decimal"
                                                    aria-label="Time of the fault in seconds"
                                                    data-testid=format!("fault-time-{i}")
                                                    prop:value=format::plain(at)
                                                    on:change=move |e| {
                                                        let text = event_target_value(&e);
                                                        match text.trim().parse::<f64>() {
                                                            Ok(t) if t.is_finite() && t >= 0.0 => {
                                                                state.set_fault_time(i, t)
                                                            }
                                                            _ => {
                                                                state.toast(
                                                                    crate::state::ToastKind::Error,
                                                                    format!(
                                                                        "A fault's time is a number of seconds from 0, got \"{}\"",
                                                                        text.trim()
                                                                    ),
                                                                );
                                                                state.scenario.update(|_| {});
                                                            }
                                                        }
                                                    }
                                                />
                                                "s"
                                            </label>
                                            <span class="tl-text">
                                                {text}
                                                {bad
                                                    .then(|| {
                                                        view! {
                                                            <span class="tl-problem">
                                                                {problems.join("; ")}
                                                            </span>
                                                        }
                                                    })}
                                            </span>
                                            <button
                                                class="btn icon-btn ghost small"
                                                data-testid=format!("fault-remove-{i}")
                                                title="Remove from the timeline (the run restarts; Undo brings it back)"
                                                aria-label="Remove fault"
                                                on:click=move |_| state.remove_fault(i)
                                            >
                                                "×"
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
        </section>
    }
}

/// What the run did by itself (components down and back, failovers, scaling), newest first,
/// each with when it was seen.
#[component]
pub fn EventLog() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.events.with(|e| !e.is_empty())>
            <section class="insp-section" data-testid="event-log">
                <h3 class="section-title">"Event log"</h3>
                <ul class="timeline">
                    {move || {
                        state
                            .events
                            .get()
                            .into_iter()
                            .rev()
                            .take(50)
                            .map(|e| {
                                view! {
                                    <li data-testid="event">
                                        <span class="tl-when">{e.when()}</span>
                                        <span class="tl-text">{e.text}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}
