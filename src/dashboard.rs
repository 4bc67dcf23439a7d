//! The dashboard under the canvas: a summary strip (requests, success %, p99, uptime) and
//! four charts (latency, throughput and errors, uptime, the selected component) painted by
//! [`crate::dashboard::charts`] onto canvases a few times a second.

pub mod charts;
pub mod shard_load;

use crate::dashboard::charts::ChartOptions;
use crate::engine::sizes;
use crate::engine::uptime::UptimeClaim;
use crate::engine::{FailReason, ReplicationStats, Scenario, Summary, WindowStats};
use crate::format;
use crate::kinds::{Figure, look};
use crate::state::AppState;
use leptos::html;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

/// The numbers the summary strip shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strip {
    /// Requests generated.
    pub requests: u64,
    /// Requests that failed for good.
    pub failed: u64,
    /// Succeeded / finished.
    pub success_ratio: Option<f64>,
    /// 99th percentile latency in ms.
    pub p99_ms: Option<f64>,
    /// Share of windows that met the SLO, in percent.
    pub uptime_pct: Option<f64>,
    /// What the windows show of the uptime (nines only when some window missed).
    pub uptime: UptimeClaim,
    /// Successful requests per second.
    pub throughput_rps: Option<f64>,
    /// Whether the numbers still include the warm-up (no measured window yet).
    pub warming_up: bool,
    /// The most common reason of failure other than rate limiting, in words, and its count.
    pub top_failure: Option<(&'static str, u64)>,
    /// Requests a rate limiter turned away (429): the system shedding load on purpose, so
    /// they are counted apart from the failures that are errors of the system.
    pub rate_limited: u64,
    /// Stale reads, lost and conflicting writes, failovers of the replicated databases.
    pub replication: ReplicationStats,
    /// Requests an API gateway answered 404: their path matched no route.
    pub no_route: u64,
    /// The CDNs' hit ratio and offload (share of requests answered at the edge), over
    /// every CDN of the scenario; none before a CDN has seen a request.
    pub cdn: Option<(f64, f64)>,
    /// Requests failed at once by an open circuit breaker.
    pub circuit_open: u64,
    /// Writes a database applied twice (retries without idempotency keys).
    pub duplicate_writes: u64,
    /// Answers given without an optional dependency that failed.
    pub degraded: u64,
    /// Requests answered successfully (to show the degraded share).
    pub completed: u64,
}

/// The components that bring `figure` to the strip, by index.
pub fn bringing(scenario: &Scenario, figure: Figure) -> Vec<usize> {
    scenario
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| (look(c.params.kind()).figures)(&c.params).contains(&figure))
        .map(|(i, _)| i)
        .collect()
}

/// The hit ratio and offload of the CDNs at `cdns` together, from the whole-run summary.
pub fn cdn_figures(s: &Summary, cdns: &[usize]) -> Option<(f64, f64)> {
    let cdns = cdns.iter().filter_map(|&i| s.components.get(i));
    let (mut hits, mut lookups, mut origin, mut arrivals) = (0u64, 0u64, 0u64, 0u64);
    for c in cdns {
        hits += c.hits;
        lookups += c.hits + c.misses;
        origin += c.edge.origin;
        arrivals += c.arrivals;
    }
    (arrivals > 0).then(|| {
        let hit = if lookups > 0 {
            hits as f64 / lookups as f64
        } else {
            0.0
        };
        (hit, 1.0 - (origin as f64 / arrivals as f64).min(1.0))
    })
}

/// The most common failure reason in `failed` other than rate limiting, if any.
fn top_failure(failed: &archsim_engine::FailureCounts) -> Option<(&'static str, u64)> {
    archsim_engine::FailReason::ALL
        .iter()
        .filter(|r| **r != FailReason::RateLimited)
        .map(|r| (r.describe(), failed.get(*r)))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
}

/// Over the shard routers at `routers`: the busiest shard's share of its router's requests,
/// and the moved-key misses; `None` before a summary or without routers.
pub fn hot_shard(summary: Option<&Summary>, routers: &[usize]) -> Option<(f64, u64)> {
    let summary = summary?;
    let routers: Vec<_> = routers
        .iter()
        .filter_map(|&i| summary.components.get(i))
        .collect();
    if routers.is_empty() {
        return None;
    }
    Some((
        routers
            .iter()
            .map(|c| c.hot_shard_share)
            .fold(0.0, f64::max),
        routers.iter().map(|c| c.moved_key_misses).sum(),
    ))
}

/// The strip from the whole-run summary, or — during the warm-up, before the summary has
/// measured anything — from the windows so far; `cdns` are the CDNs' indices.
pub fn strip(summary: Option<&Summary>, windows: &[WindowStats], cdns: &[usize]) -> Strip {
    match summary {
        Some(s) if s.windows_total > 0 || s.completed + s.failed.total() > 0 => Strip {
            requests: s.generated,
            failed: s.failed.total(),
            success_ratio: Some(s.success_ratio),
            p99_ms: (s.completed > 0).then_some(s.latency.p99_ms),
            uptime_pct: (s.windows_total > 0).then_some(s.uptime_pct),
            uptime: UptimeClaim::new(s.windows_up, s.windows_total),
            throughput_rps: Some(s.throughput_rps),
            warming_up: false,
            top_failure: top_failure(&s.failed),
            rate_limited: s.failed.get(FailReason::RateLimited),
            replication: s.replication,
            no_route: s.failed.get(FailReason::NoRoute),
            cdn: cdn_figures(s, cdns),
            circuit_open: s.failed.get(FailReason::CircuitOpen),
            duplicate_writes: s.duplicate_writes,
            degraded: s.degraded,
            completed: s.completed,
        },
        _ => {
            let requests = windows.iter().map(|w| w.generated).sum();
            let mut by_reason = archsim_engine::FailureCounts::default();
            for w in windows {
                for (i, n) in w.failed.by_reason.iter().enumerate() {
                    by_reason.by_reason[i] += n;
                }
            }
            let completed: u64 = windows.iter().map(|w| w.completed).sum();
            let failed: u64 = windows.iter().map(|w| w.failed.total()).sum();
            let done = completed + failed;
            Strip {
                requests,
                failed,
                success_ratio: (done > 0).then(|| completed as f64 / done as f64),
                p99_ms: windows
                    .iter()
                    .filter(|w| w.completed > 0)
                    .map(|w| w.latency.p99_ms)
                    .reduce(f64::max),
                uptime_pct: None,
                uptime: UptimeClaim::NoWindow,
                throughput_rps: windows.last().map(|w| w.throughput_rps),
                warming_up: !windows.is_empty(),
                top_failure: top_failure(&by_reason),
                rate_limited: by_reason.get(FailReason::RateLimited),
                replication: windows
                    .iter()
                    .fold(ReplicationStats::default(), |mut t, w| {
                        let r = &w.replication;
                        t.replica_reads += r.replica_reads;
                        t.stale_reads += r.stale_reads;
                        t.lost_writes += r.lost_writes;
                        t.conflicting_writes += r.conflicting_writes;
                        t.failovers += r.failovers;
                        t
                    }),
                no_route: by_reason.get(FailReason::NoRoute),
                cdn: None,
                circuit_open: by_reason.get(FailReason::CircuitOpen),
                duplicate_writes: windows.iter().map(|w| w.duplicate_writes).sum(),
                degraded: windows.iter().map(|w| w.degraded).sum(),
                completed,
            }
        }
    }
}

/// (lookups, requests sent on with a cached answer) of the components at `dns`, over `windows`.
pub fn dns_totals(windows: &[archsim_engine::WindowStats], dns: &[usize]) -> (u64, u64) {
    let mut t = (0, 0);
    for w in windows {
        for &i in dns {
            if let Some(c) = w.components.get(i) {
                t.0 += c.misses;
                t.1 += c.hits;
            }
        }
    }
    t
}

/// The dashboard.
#[component]
pub fn Dashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let latency = NodeRef::<html::Canvas>::new();
    let throughput = NodeRef::<html::Canvas>::new();
    let uptime = NodeRef::<html::Canvas>::new();

    let strip_memo = Memo::new(move |_| {
        state.stats_rev.track();
        let summary = state.summary.get();
        let cdns = state.scenario.with(|s| bringing(s, Figure::CdnHits));
        state.runner.with_value(|r| {
            let windows = r.sim.as_ref().map(|s| s.windows()).unwrap_or(&[]);
            strip(summary.as_ref(), windows, &cdns)
        })
    });

    // Lookups the DNS components made and requests their clients' cached answers sent on,
    // summed over the windows so far; None without a DNS.
    let dns_memo = Memo::new(move |_| {
        state.stats_rev.track();
        let dns = state.scenario.with(|s| bringing(s, Figure::DnsLookups));
        if dns.is_empty() {
            return None;
        }
        Some(state.runner.with_value(|r| {
            let windows = r.sim.as_ref().map(|s| s.windows()).unwrap_or(&[]);
            dns_totals(windows, &dns)
        }))
    });

    // Pushes the metrics out to the canvases (an Effect that writes no signal).
    Effect::new(move || {
        state.charts_rev.track();
        state.viewport.track();
        let log_y = state.log_scale.get();
        let palette = state.theme.get().palette();
        let slo_ms = state.scenario.with(|s| s.slo.latency_ms);
        let summary = state.summary.get();
        let canvases = (latency.get(), throughput.get(), uptime.get());
        let scale = chart_scale(state.ui_scale.get());
        let started = state.started.get_untracked();
        // The fault timeline and what the run did by itself, marked on the latency and
        // throughput charts.
        let faults: Vec<charts::Mark> = state.scenario.with(|s| {
            s.faults
                .iter()
                .map(|e| {
                    charts::Mark::fault(e.at_s, crate::editor::fault_text::describe(s, &e.fault))
                })
                .collect()
        });
        let marks = std::rc::Rc::new(state.events.with(|events| chart_marks(faults, events)));
        let opts = move || ChartOptions {
            range_s: Some(60.0),
            empty_hint: if started {
                "Collecting the first window…"
            } else {
                "Press Run to start"
            },
            log_y,
            slo_ms: Some(slo_ms),
            scale,
            font_family: FONT,
            marks: &[],
            palette,
        };
        // One chart per animation frame, so a refresh never costs one frame all three.
        let (c0, c1, c2) = canvases;
        let m = marks.clone();
        after_frames(1, move || {
            paint_with_windows(state, c0, move |root, windows| {
                charts::draw_latency(
                    root,
                    windows,
                    &ChartOptions {
                        marks: &m,
                        ..opts()
                    },
                )
            })
        });
        after_frames(2, move || {
            paint_with_windows(state, c1, move |root, windows| {
                charts::draw_throughput(
                    root,
                    windows,
                    &ChartOptions {
                        marks: &marks,
                        ..opts()
                    },
                )
            })
        });
        after_frames(3, move || {
            paint_with_windows(state, c2, move |root, windows| {
                charts::draw_uptime(root, windows, summary.as_ref(), &opts())
            })
        });
    });

    let s = move || strip_memo.get();
    let shows = move |figure| state.scenario.with(|sc| !bringing(sc, figure).is_empty());
    let hot_shard_now = move || {
        let routers = state.scenario.with(|sc| bringing(sc, Figure::HotShard));
        state.summary.with(|s| hot_shard(s.as_ref(), &routers))
    };
    view! {
        <section class="dashboard" data-testid="dashboard" aria-label="Metrics">
            <div class="summary-strip" data-testid="summary">
                <Stat
                    label="Requests"
                    testid="summary-requests"
                    value=Signal::derive(move || format::count(s().requests))
                    note=Signal::derive(move || {
                        let st = s();
                        if st.requests == 0 {
                            String::new()
                        } else if st.warming_up {
                            "incl. warm-up".to_string()
                        } else {
                            "after warm-up".to_string()
                        }
                    })
                />
                <Stat
                    label="Success"
                    testid="summary-success"
                    value=Signal::derive(move || s().success_ratio.map(format::pct).unwrap_or_else(|| "–".into()))
                    note=Signal::derive(move || {
                        let f = s().failed;
                        if f == 0 { String::new() } else { format!("{} failed", format::count(f)) }
                    })
                    tone=Signal::derive(move || match s().success_ratio {
                        Some(r) if r < 0.95 => "bad",
                        Some(r) if r < 0.99 => "warn",
                        Some(_) => "good",
                        None => "",
                    })
                />
                <Stat
                    label="p99 latency"
                    testid="summary-p99"
                    value=Signal::derive(move || s().p99_ms.map(format::ms).unwrap_or_else(|| "–".into()))
                    note=Signal::derive(move || {
                        let slo = state.scenario.with(|sc| sc.slo.latency_ms);
                        format!("SLO {}", format::ms(slo))
                    })
                    tone=Signal::derive(move || {
                        let slo = state.scenario.with(|sc| sc.slo.latency_ms);
                        match s().p99_ms {
                            Some(p) if p > slo => "bad",
                            Some(_) => "good",
                            None => "",
                        }
                    })
                />
                <Stat
                    label="Uptime"
                    testid="summary-uptime"
                    value=Signal::derive(move || s().uptime_pct.map(format::percent).unwrap_or_else(|| "–".into()))
                    note=Signal::derive(move || {
                        let st = s();
                        if st.warming_up {
                            "warming up".to_string()
                        } else {
                            format::uptime_note(st.uptime)
                        }
                    })
                    tone=Signal::derive(move || {
                        let target = state.scenario.with(|sc| sc.slo.success_target * 100.0);
                        match s().uptime_pct {
                            Some(u) if u < target => "bad",
                            Some(_) => "good",
                            None => "",
                        }
                    })
                />
                <Stat
                    label="Throughput"
                    testid="summary-throughput"
                    value=Signal::derive(move || {
                        s().throughput_rps
                            .map(|t| format!("{} rps", format::plain(t.round())))
                            .unwrap_or_else(|| "–".into())
                    })
                    note=Signal::derive(|| "successful".to_string())
                />
                <Stat
                    label="Top failure"
                    testid="summary-failure"
                    value=Signal::derive(move || {
                        s().top_failure
                            .map(|(_, n)| format::count(n))
                            .unwrap_or_else(|| "none".into())
                    })
                    note=Signal::derive(move || {
                        s().top_failure.map(|(why, _)| why.to_string()).unwrap_or_default()
                    })
                    tone=Signal::derive(move || if s().top_failure.is_some() { "bad" } else { "" })
                />
                <Show when=move || shows(Figure::RateLimited)>
                    <Stat
                        label="Rate limited"
                        testid="summary-rate-limited"
                        value=Signal::derive(move || format::count(s().rate_limited))
                        note=Signal::derive(|| "HTTP 429".to_string())
                        tone=Signal::derive(move || if s().rate_limited > 0 { "warn" } else { "" })
                    />
                </Show>
                <Show when=move || shows(Figure::HotShard)>
                    <Stat
                        label="Hot shard"
                        testid="summary-hot-shard"
                        value=Signal::derive(move || {
                            hot_shard_now()
                                .map(|(share, _)| format::pct(share))
                                .unwrap_or_else(|| "–".into())
                        })
                        note=Signal::derive(move || {
                            hot_shard_now()
                                .map(|(_, moved)| format!("{} misses", format::count(moved)))
                                .unwrap_or_default()
                        })
                    />
                </Show>
                <Show when=move || shows(Figure::NoRoute)>
                    <Stat
                        label="Not found"
                        testid="summary-no-route"
                        value=Signal::derive(move || format::count(s().no_route))
                        note=Signal::derive(|| "404: no route".to_string())
                        tone=Signal::derive(move || if s().no_route > 0 { "bad" } else { "" })
                    />
                </Show>
                <Show when=move || shows(Figure::CdnHits)>
                    <Stat
                        label="CDN hits"
                        testid="summary-cdn"
                        value=Signal::derive(move || {
                            s().cdn.map(|(hit, _)| format::pct(hit)).unwrap_or_else(|| "–".into())
                        })
                        note=Signal::derive(move || {
                            s().cdn
                                .map(|(_, offload)| format!("{} offload", format::pct(offload)))
                                .unwrap_or_default()
                        })
                    />
                </Show>
                <Show when=move || shows(Figure::Replication)>
                    <Stat
                        label="Stale reads"
                        testid="summary-stale-reads"
                        value=Signal::derive(move || format::count(s().replication.stale_reads))
                        note=Signal::derive(move || {
                            let r = s().replication;
                            if r.replica_reads == 0 {
                                "no replica reads".to_string()
                            } else {
                                format!("{} at replicas", format::pct(r.stale_share()))
                            }
                        })
                        tone=Signal::derive(move || if s().replication.stale_reads > 0 { "warn" } else { "" })
                    />
                    <Stat
                        label="Lost writes"
                        testid="summary-lost-writes"
                        value=Signal::derive(move || format::count(s().replication.lost_writes))
                        note=Signal::derive(move || match s().replication.failovers {
                            0 => "no failover".to_string(),
                            1 => "1 failover".to_string(),
                            n => format!("{n} failovers"),
                        })
                        tone=Signal::derive(move || if s().replication.lost_writes > 0 { "bad" } else { "" })
                    />
                    <Stat
                        label="Conflicts"
                        testid="summary-conflicts"
                        value=Signal::derive(move || format::count(s().replication.conflicting_writes))
                        note=Signal::derive(|| "writes, both sides".to_string())
                        tone=Signal::derive(move || if s().replication.conflicting_writes > 0 { "bad" } else { "" })
                    />
                </Show>
                <Show when=move || state.scenario.with(|sc| sc.connections.iter().any(|c| c.breaker.is_some()))>
                    <Stat
                        label="Circuit open"
                        testid="summary-circuit-open"
                        value=Signal::derive(move || format::count(s().circuit_open))
                        note=Signal::derive(|| "failed fast".to_string())
                        tone=Signal::derive(move || if s().circuit_open > 0 { "warn" } else { "" })
                    />
                </Show>
                <Show when=move || shows(Figure::DuplicateWrites)>
                    <Stat
                        label="Duplicate writes"
                        testid="summary-duplicates"
                        value=Signal::derive(move || format::count(s().duplicate_writes))
                        note=Signal::derive(|| "applied twice".to_string())
                        tone=Signal::derive(move || if s().duplicate_writes > 0 { "bad" } else { "" })
                    />
                </Show>
                <Show when=move || state.scenario.with(|sc| sc.connections.iter().any(|c| c.optional))>
                    <Stat
                        label="Degraded"
                        testid="summary-degraded"
                        value=Signal::derive(move || format::count(s().degraded))
                        note=Signal::derive(move || {
                            let st = s();
                            if st.completed == 0 {
                                "without optional calls".to_string()
                            } else {
                                format!("{} of answers", format::pct(st.degraded as f64 / st.completed as f64))
                            }
                        })
                        tone=Signal::derive(move || if s().degraded > 0 { "warn" } else { "" })
                    />
                </Show>
                <Show when=move || shows(Figure::Machines)>
                    <Stat
                        label="Machines"
                        testid="summary-machines"
                        value=Signal::derive(move || {
                            state.scenario.with(sizes::hourly_usd)
                                .map(format::usd_per_hour)
                                .unwrap_or_else(|| "–".into())
                        })
                        note=Signal::derive(move || {
                            state.scenario.with(sizes::hourly_usd)
                                .map(|usd| format!("{} a month as built", format::usd(usd * sizes::HOURS_PER_MONTH)))
                                .unwrap_or_default()
                        })
                    />
                </Show>
                {move || dns_memo.get().map(|(lookups, cached)| {
                    let answered = lookups + cached;
                    view! {
                        <Stat
                            label="DNS lookups"
                            testid="summary-dns"
                            value=Signal::derive(move || format::count(lookups))
                            note=Signal::derive(move || if answered == 0 {
                                "none yet".to_string()
                            } else {
                                format!("{} from cache", format::pct(cached as f64 / answered as f64))
                            })
                        />
                    }
                })}
                <label class="log-toggle">
                    <input
                        type="checkbox"
                        data-testid="log-scale"
                        prop:checked=move || state.log_scale.get()
                        on:change=move |ev| state.log_scale.set(event_target_checked(&ev))
                    />
                    "Log latency"
                </label>
            </div>
            <div class="charts">
                <canvas class="chart" data-testid="chart-latency" node_ref=latency aria-label="Latency chart"></canvas>
                <canvas class="chart" data-testid="chart-throughput" node_ref=throughput aria-label="Throughput chart"></canvas>
                <canvas class="chart" data-testid="chart-uptime" node_ref=uptime aria-label="Uptime chart"></canvas>
            </div>
        </section>
    }
}

/// A chart of one component's windows: `draw(root, windows, index, name, options)`.
type ComponentDraw =
    fn(&ChartArea, &[WindowStats], usize, &str, &ChartOptions) -> Result<(), String>;

/// Repaints a chart of the component `id` on `canvas` whenever the charts are due.
fn paint_component_chart(
    id: String,
    canvas: NodeRef<html::Canvas>,
    range_s: Option<f64>,
    draw: ComponentDraw,
) {
    let state = expect_context::<AppState>();
    Effect::new(move || {
        state.charts_rev.track();
        let palette = state.theme.get().palette();
        let selected = state.scenario.with(|s| {
            s.components
                .iter()
                .position(|c| c.id == id)
                .map(|i| (i, s.components[i].display_name().to_string()))
        });
        let started = state.started.get_untracked();
        // The inspector is an editing panel: it keeps its size at any projector scale.
        let scale = device_pixel_ratio();
        let (Some(c), Some((i, name))) = (canvas.get(), selected) else {
            return;
        };
        after_frames(4, move || {
            paint_with_windows(state, Some(c), move |root, windows| {
                let opts = ChartOptions {
                    range_s,
                    empty_hint: if started {
                        "Collecting the first window…"
                    } else {
                        "Press Run to start"
                    },
                    scale,
                    font_family: FONT,
                    palette,
                    ..Default::default()
                };
                draw(root, windows, i, &name, &opts)
            })
        });
    });
}

/// Utilization and queue of one component over time (shown in the inspector).
#[component]
pub fn ComponentChart(id: String) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    paint_component_chart(id, canvas, Some(60.0), charts::draw_component);
    view! {
        <canvas
            class="chart component-chart"
            data-testid="chart-component"
            node_ref=canvas
            aria-label="Utilization and queue of the selected component"
        ></canvas>
    }
}

/// Instances over the whole run of the selected autoscaled service (ready, and ready +
/// warming), so a scale-up and its warm-up stay in view.
#[component]
pub fn InstancesChart(id: String) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    paint_component_chart(id, canvas, None, charts::draw_instances);
    view! {
        <canvas
            class="chart component-chart"
            data-testid="chart-instances"
            node_ref=canvas
            aria-label="Instances of the selected service over time"
        ></canvas>
    }
}

/// The font the charts use (the app's).
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// The faults, then the run's own events as marks, except an event that a fault explains (a
/// component down within a second of the crash that took it down).
pub fn chart_marks(
    faults: Vec<charts::Mark>,
    events: &[crate::run::event::RunEvent],
) -> Vec<charts::Mark> {
    let explained = |e: &crate::run::event::RunEvent| {
        faults
            .iter()
            .any(|f| f.at_s >= e.from_s - 1.0 && f.at_s <= e.to_s + 1.0)
    };
    let seen: Vec<charts::Mark> = events
        .iter()
        .filter(|e| !explained(e))
        .map(|e| charts::Mark {
            at_s: e.to_s,
            from_s: e.from_s,
            label: e.label.clone(),
            kind: charts::MarkKind::Event,
        })
        .collect();
    let mut marks = faults;
    marks.extend(seen);
    marks
}

/// One number of the summary strip.
#[component]
fn Stat(
    label: &'static str,
    testid: &'static str,
    value: Signal<String>,
    #[prop(into, default = Signal::derive(String::new))] note: Signal<String>,
    #[prop(into, default = Signal::derive(|| ""))] tone: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <div class=move || format!("stat-card {}", tone.get()) title=definition(label)>
            <span class="stat-label">{label}</span>
            <span class="stat-big" data-testid=testid>{move || value.get()}</span>
            <span class="stat-note">{move || note.get()}</span>
        </div>
    }
}

/// What a figure of the summary strip counts, shown when the pointer rests on it.
fn definition(label: &str) -> &'static str {
    match label {
        "Requests" => {
            "Requests born after the warm-up (first attempts; retries are not counted again). \
             During the warm-up: every request so far."
        }
        "Success" => {
            "Of the requests that finished after the warm-up, whenever they were born, the \
             share answered successfully. Finished can exceed born: a request born in the \
             warm-up may finish after it."
        }
        "p99 latency" => "99 % of the successful requests after the warm-up took at most this.",
        "Uptime" => {
            "The share of metrics windows after the warm-up that met the SLO. A run of N \
             windows without a miss cannot show more than that, so it says so instead of \
             claiming nines."
        }
        "Throughput" => "Successful answers per second after the warm-up.",
        "Top failure" => "The most common reason requests failed, rate limiting apart.",
        _ => "",
    }
}

/// Runs `f` `n` animation frames from now (at once for 0).
fn after_frames(n: u32, f: impl FnOnce() + 'static) {
    if n == 0 {
        f();
    } else {
        request_animation_frame(move || after_frames(n - 1, f));
    }
}

type ChartArea = plotters::drawing::DrawingArea<CanvasBackend, plotters::coord::Shift>;

/// Paints one chart from the run's windows (none before a run), timing it for the
/// performance readout. Does nothing when the app is gone or the canvas is not mounted.
fn paint_with_windows(
    state: AppState,
    canvas: Option<web_sys::HtmlCanvasElement>,
    draw: impl FnOnce(&ChartArea, &[WindowStats]) -> Result<(), String>,
) {
    let Some(canvas) = canvas else {
        return;
    };
    let start = crate::run::clock::now_ms();
    state.runner.try_with_value(|r| {
        let windows: &[WindowStats] = r.sim.as_ref().map(|s| s.windows()).unwrap_or(&[]);
        paint(canvas, |root| draw(root, windows));
    });
    crate::run::clock::note_chart_ms(crate::run::clock::now_ms() - start);
}

/// [`ChartOptions::scale`]: device pixels per CSS pixel, times the projector scale, so that
/// the charts' text and lines are that much larger in the same box.
fn chart_scale(ui_scale: f64) -> f64 {
    device_pixel_ratio() * ui_scale
}

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
}

/// Sizes a canvas to its CSS box (in device pixels) and draws on it.
fn paint(canvas: web_sys::HtmlCanvasElement, draw: impl FnOnce(&ChartArea) -> Result<(), String>) {
    let dpr = device_pixel_ratio();
    let (w, h) = (canvas.client_width(), canvas.client_height());
    if w <= 0 || h <= 0 {
        return;
    }
    let (pw, ph) = (
        (w as f64 * dpr).round() as u32,
        (h as f64 * dpr).round() as u32,
    );
    if canvas.width() != pw {
        canvas.set_width(pw);
    }
    if canvas.height() != ph {
        canvas.set_height(ph);
    }
    let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
        return;
    };
    let root = backend.into_drawing_area();
    if let Err(e) = draw(&root) {
        web_sys::console::warn_1(&format!("chart: {e}").into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_explains_the_event_it_causes_and_the_rest_are_marked() {
        use crate::run::event::RunEvent;
        let event = |from_s: f64, to_s: f64, label: &str| RunEvent {
            from_s,
            to_s,
            label: label.to_string(),
            text: String::new(),
        };
        let marks = chart_marks(
            vec![charts::Mark::fault(5.0, "Crash 'Cache'")],
            &[
                event(4.9, 5.1, "Cache down"),
                event(34.8, 35.1, "Cache up"),
                event(40.0, 50.0, "API ×4"),
            ],
        );
        let labels: Vec<(&str, f64, f64)> = marks
            .iter()
            .map(|m| (m.label.as_str(), m.from_s, m.at_s))
            .collect();
        assert_eq!(
            labels,
            [
                ("Crash 'Cache'", 5.0, 5.0),
                ("Cache up", 34.8, 35.1),
                ("API ×4", 40.0, 50.0),
            ]
        );
        assert_eq!(marks[1].kind, charts::MarkKind::Event);
    }

    #[test]
    fn warm_up_numbers_come_from_the_windows() {
        let w = WindowStats {
            generated: 100,
            completed: 90,
            end_s: 1.0,
            ..Default::default()
        };
        let s = strip(Some(&Summary::default()), &[w.clone(), w], &[]);
        assert_eq!(s.requests, 200);
        assert!(s.warming_up);
        assert_eq!(s.success_ratio, Some(1.0));
        assert_eq!(s.uptime_pct, None);
    }

    #[test]
    fn measured_numbers_come_from_the_summary() {
        let summary = Summary {
            generated: 5000,
            completed: 4900,
            windows_total: 10,
            windows_up: 9,
            uptime_pct: 90.0,
            success_ratio: 0.98,
            ..Default::default()
        };
        let s = strip(Some(&summary), &[], &[]);
        assert_eq!(s.requests, 5000);
        assert_eq!(s.uptime_pct, Some(90.0));
        assert!(!s.warming_up);
    }

    #[test]
    fn the_hot_shard_is_the_busiest_over_all_routers() {
        let router = |share: f64, moved: u64| archsim_engine::ComponentSummary {
            hot_shard_share: share,
            moved_key_misses: moved,
            ..Default::default()
        };
        let summary = Summary {
            components: vec![router(0.3, 5), router(0.6, 7)],
            ..Default::default()
        };
        assert_eq!(hot_shard(Some(&summary), &[0, 1]), Some((0.6, 12)));
        assert_eq!(hot_shard(Some(&summary), &[1]), Some((0.6, 7)));
        assert_eq!(hot_shard(Some(&summary), &[]), None);
        assert_eq!(hot_shard(None, &[0, 1]), None);
    }

    #[test]
    fn rate_limited_requests_are_not_the_top_failure() {
        let mut summary = Summary {
            generated: 1000,
            completed: 800,
            windows_total: 10,
            ..Default::default()
        };
        summary.failed.by_reason[FailReason::RateLimited.index()] = 150;
        summary.failed.by_reason[FailReason::Timeout.index()] = 50;
        let s = strip(Some(&summary), &[], &[]);
        assert_eq!(s.rate_limited, 150);
        assert_eq!(s.top_failure, Some((FailReason::Timeout.describe(), 50)));

        summary.failed.by_reason[FailReason::Timeout.index()] = 0;
        let s = strip(Some(&summary), &[], &[]);
        assert_eq!(
            s.top_failure, None,
            "429s alone are not an error of the system"
        );
    }
}
