//! The inspector: every parameter of the selected component (with unit, range, inline
//! validation and an explanation), the selected connection's latency and weight, or —
//! with nothing selected — the scenario settings and the fault timeline.

pub mod faults;
pub mod fields;
pub mod help;
pub mod problems;
pub mod request_paths;
pub mod zones;

use crate::dashboard::shard_load::ShardLoad;
use crate::dashboard::{ComponentChart, InstancesChart};
use crate::editor::edit::Edit;
use crate::engine::{
    ArrivalProcess, Autoscale, BreakerState, CacheMode, CircuitBreaker, ComponentLive, Connection,
    Dist, DnsPolicy, Jitter, KeyDist, Kind, LbStrategy, LimitScope, Migration, Params,
    PartitionMode, RandomFailures, RateLimit, RateProfile, RateStep, ReadBalance, Redundancy,
    RemoteParams, Replication, ReplicationMode, RetryBudget, ShardStrategy, Standby, Subject,
    Traffic,
};
use crate::format;
use crate::inspector::faults::{ComponentFaults, ConnectionFaults, SpikeControl, Timeline};
use crate::inspector::fields::{CheckField, DistField, ListField, NumField, SelectField};
use crate::inspector::problems::problems_for;
use crate::inspector::request_paths::{GatewayRoutes, PathsEditor, RouteField};
use crate::inspector::zones::{ZoneSelect, ZonesEditor};
use crate::kinds::icons::{KindIcon, UiIcon};
use crate::kinds::{is_leaf, kind_concept, slug};
use crate::state::{AppState, Selection};
use leptos::prelude::*;

/// The right-hand panel.
#[component]
pub fn Inspector() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Re-render only when what is selected changes, not on every edit.
    let sel = Memo::new(move |_| state.selection.get());
    view! {
        <aside class="inspector" data-testid="inspector" aria-label="Inspector">
            {move || match sel.get() {
                Selection::None => view! { <ScenarioPanel /> }.into_any(),
                Selection::Component(id) => view! { <ComponentPanel id=id /> }.into_any(),
                Selection::Connection { from, to } => {
                    view! { <ConnectionPanel from=from to=to /> }.into_any()
                }
            }}
        </aside>
    }
}

/// Messages about `subject` that no field shows (e.g. "not connected to anything").
fn general_problems(
    state: AppState,
    subject: Subject,
    shown: &'static [&'static str],
) -> Signal<Vec<(bool, String)>> {
    Signal::derive(move || {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| {
                    p.subject == subject
                        && !shown
                            .iter()
                            .any(|f| p.field == *f || p.field.starts_with(&format!("{f}.")))
                })
                .map(|p| (p.is_error(), p.message.clone()))
                .collect()
        })
    })
}

/// What a component field panel needs: the state and the component's id.
#[derive(Clone)]
struct Ctx {
    state: AppState,
    id: String,
}

impl Ctx {
    fn subject(&self) -> Subject {
        Subject::Component {
            id: self.id.clone(),
        }
    }

    /// A value read from the component's parameters.
    fn get<T: Clone + Send + Sync + 'static>(
        &self,
        default: T,
        f: impl Fn(&Params) -> Option<T> + Send + Sync + 'static,
    ) -> Signal<T> {
        let (state, id) = (self.state, self.id.clone());
        Signal::derive(move || {
            state
                .scenario
                .with(|s| s.component(&id).and_then(|c| f(&c.params)))
                .unwrap_or_else(|| default.clone())
        })
    }

    /// A callback that changes the component's parameters (one undoable edit).
    fn set<T: 'static>(&self, f: impl Fn(&mut Params, T) + Send + Sync + 'static) -> Callback<T> {
        let (state, id) = (self.state, self.id.clone());
        Callback::new(move |v: T| {
            let params = state
                .scenario
                .with_untracked(|s| s.component(&id).map(|c| c.params.clone()));
            if let Some(mut p) = params {
                f(&mut p, v);
                state.apply(Edit::SetParams {
                    id: id.clone(),
                    params: p,
                });
            }
        })
    }

    fn tid(&self, field: &str) -> String {
        format!("param-{field}")
    }

    /// A number parameter.
    #[allow(clippy::too_many_arguments)]
    fn num(
        &self,
        label: &'static str,
        unit: &'static str,
        help_key: &'static str,
        field: &'static str,
        (min, max, step, integer): (f64, f64, f64, bool),
        get: impl Fn(&Params) -> Option<f64> + Send + Sync + 'static,
        set: impl Fn(&mut Params, f64) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <NumField
                label=label
                unit=unit
                help=help::field(help_key)
                value=self.get(0.0, get)
                on_set=self.set(set)
                min=min
                max=max
                step=step
                integer=integer
                errors=problems_for(self.state, self.subject(), field)
                testid=self.tid(field)
            />
        }
        .into_any()
    }

    /// A latency distribution parameter.
    fn dist(
        &self,
        label: &'static str,
        help_key: &'static str,
        field: &'static str,
        get: impl Fn(&Params) -> Option<Dist> + Send + Sync + 'static,
        set: impl Fn(&mut Params, Dist) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <DistField
                label=label
                help=help::field(help_key)
                value=self.get(Dist::Constant { ms: 0.0 }, get)
                on_set=self.set(set)
                errors=problems_for(self.state, self.subject(), field)
                testid=self.tid(field)
            />
        }
        .into_any()
    }

    /// An on/off parameter.
    fn check(
        &self,
        label: &'static str,
        help_key: &'static str,
        field: &'static str,
        get: impl Fn(&Params) -> Option<bool> + Send + Sync + 'static,
        set: impl Fn(&mut Params, bool) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <CheckField
                label=label
                help=help::field(help_key)
                value=self.get(false, get)
                on_set=self.set(set)
                testid=self.tid(field)
            />
        }
        .into_any()
    }

    /// A choice parameter.
    fn choice(
        &self,
        label: &'static str,
        help_key: &'static str,
        field: &'static str,
        options: Vec<(&'static str, &'static str)>,
        get: impl Fn(&Params) -> Option<String> + Send + Sync + 'static,
        set: impl Fn(&mut Params, String) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <SelectField
                label=label
                help=help::field(help_key)
                options=options
                value=self.get(String::new(), get)
                on_set=self.set(set)
                testid=self.tid(field)
            />
        }
        .into_any()
    }
}

const COUNT: (f64, f64, f64, bool) = (1.0, 100_000.0, 1.0, true);
const COUNT0: (f64, f64, f64, bool) = (0.0, 100_000.0, 1.0, true);
const MS: (f64, f64, f64, bool) = (0.0, 86_400_000.0, 10.0, false);
const RPS: (f64, f64, f64, bool) = (0.0, 1_000_000.0, 10.0, false);
const SECONDS: (f64, f64, f64, bool) = (0.0, 86_400.0, 1.0, false);
const PERCENT: (f64, f64, f64, bool) = (0.0, 100.0, 1.0, false);

macro_rules! p {
    ($variant:ident, $p:ident => $e:expr) => {
        |params: &Params| match params {
            Params::$variant($p) => Some($e),
            _ => None,
        }
    };
}
macro_rules! s {
    ($variant:ident, $p:ident, $v:ident => $e:expr) => {
        |params: &mut Params, $v| {
            if let Params::$variant($p) = params {
                $e;
            }
        }
    };
}

fn client_fields(c: &Ctx, p: &archsim_engine::ClientParams) -> Vec<AnyView> {
    let mut v = Vec::new();
    let open = matches!(p.traffic, Traffic::Open { .. });
    v.push(c.choice(
        "Traffic",
        "client.model",
        "traffic",
        vec![("open", "Open (arrival rate)"), ("closed", "Closed (fixed users)")],
        p!(Client, p => match p.traffic { Traffic::Open { .. } => "open", Traffic::Closed { .. } => "closed" }.to_string()),
        s!(Client, p, v => {
            let rps = match &p.traffic { Traffic::Open { rate, .. } => rate.rps_at(0.0), Traffic::Closed { users, .. } => *users as f64 * 10.0 };
            p.traffic = if v == "closed" {
                Traffic::Closed { users: ((rps / 10.0).round() as u32).max(1), think_time: Dist::Exponential { mean_ms: 100.0 } }
            } else {
                Traffic::Open { process: ArrivalProcess::Poisson, rate: RateProfile::Constant { rps: rps.max(1.0) } }
            }
        }),
    ));
    match &p.traffic {
        Traffic::Open { rate, .. } => {
            v.push(c.choice(
                "Arrivals",
                "client.process",
                "process",
                vec![("poisson", "Poisson (random)"), ("uniform", "Evenly spaced")],
                p!(Client, p => match p.traffic { Traffic::Open { process: ArrivalProcess::Uniform, .. } => "uniform", _ => "poisson" }.to_string()),
                s!(Client, p, v => if let Traffic::Open { process, .. } = &mut p.traffic {
                    *process = if v == "uniform" { ArrivalProcess::Uniform } else { ArrivalProcess::Poisson };
                }),
            ));
            v.push(c.choice(
                "Rate over time",
                "client.shape",
                "rate",
                vec![("constant", "Constant"), ("ramp", "Ramp"), ("spike", "Spike"), ("steps", "Steps")],
                p!(Client, p => match &p.traffic { Traffic::Open { rate, .. } => match rate {
                    RateProfile::Constant { .. } => "constant", RateProfile::Ramp { .. } => "ramp",
                    RateProfile::Spike { .. } => "spike", RateProfile::Steps { .. } => "steps" }, _ => "" }.to_string()),
                s!(Client, p, v => if let Traffic::Open { rate, .. } = &mut p.traffic {
                    let r = rate.rps_at(0.0);
                    *rate = match v.as_str() {
                        "ramp" => RateProfile::Ramp { from_rps: r, to_rps: r * 3.0, start_s: 10.0, end_s: 40.0 },
                        "spike" => RateProfile::Spike { base_rps: r, peak_rps: r * 3.0, at_s: 20.0, duration_s: 10.0 },
                        "steps" => RateProfile::Steps { rps: r, steps: vec![RateStep { at_s: 20.0, rps: r * 2.0 }, RateStep { at_s: 40.0, rps: r }] },
                        _ => RateProfile::Constant { rps: r },
                    };
                }),
            ));
            macro_rules! rate_num {
                ($label:expr, $help:expr, $field:expr, $unit:expr, $range:expr, $shape:ident, $f:ident) => {
                    v.push(c.num(
                        $label,
                        $unit,
                        $help,
                        $field,
                        $range,
                        |params: &Params| match params {
                            Params::Client(p) => match &p.traffic {
                                Traffic::Open {
                                    rate: RateProfile::$shape { $f, .. },
                                    ..
                                } => Some(*$f),
                                _ => None,
                            },
                            _ => None,
                        },
                        |params: &mut Params, x| {
                            if let Params::Client(p) = params {
                                if let Traffic::Open {
                                    rate: RateProfile::$shape { $f, .. },
                                    ..
                                } = &mut p.traffic
                                {
                                    *$f = x;
                                }
                            }
                        },
                    ))
                };
            }
            match rate {
                RateProfile::Constant { .. } => {
                    rate_num!("Rate", "client.rps", "rate", "rps", RPS, Constant, rps);
                }
                RateProfile::Ramp { .. } => {
                    rate_num!(
                        "From",
                        "client.from_rps",
                        "rate",
                        "rps",
                        RPS,
                        Ramp,
                        from_rps
                    );
                    rate_num!("To", "client.to_rps", "rate", "rps", RPS, Ramp, to_rps);
                    rate_num!(
                        "Ramp starts",
                        "client.start_s",
                        "rate.start_s",
                        "s",
                        SECONDS,
                        Ramp,
                        start_s
                    );
                    rate_num!(
                        "Ramp ends",
                        "client.end_s",
                        "rate.end_s",
                        "s",
                        SECONDS,
                        Ramp,
                        end_s
                    );
                }
                RateProfile::Spike { .. } => {
                    rate_num!(
                        "Base rate",
                        "client.base_rps",
                        "rate",
                        "rps",
                        RPS,
                        Spike,
                        base_rps
                    );
                    rate_num!(
                        "Peak rate",
                        "client.peak_rps",
                        "rate",
                        "rps",
                        RPS,
                        Spike,
                        peak_rps
                    );
                    rate_num!(
                        "Spike at",
                        "client.at_s",
                        "rate.at_s",
                        "s",
                        SECONDS,
                        Spike,
                        at_s
                    );
                    rate_num!(
                        "Spike lasts",
                        "client.duration_s",
                        "rate.duration_s",
                        "s",
                        SECONDS,
                        Spike,
                        duration_s
                    );
                }
                RateProfile::Steps { steps, .. } => {
                    rate_num!(
                        "Starting rate",
                        "client.rps",
                        "rate",
                        "rps",
                        RPS,
                        Steps,
                        rps
                    );
                    for i in 0..steps.len() {
                        v.push(c.num(
                            "Step at",
                            "s",
                            "",
                            "rate.steps",
                            SECONDS,
                            move |params: &Params| match params {
                                Params::Client(p) => match &p.traffic {
                                    Traffic::Open {
                                        rate: RateProfile::Steps { steps, .. },
                                        ..
                                    } => steps.get(i).map(|s| s.at_s),
                                    _ => None,
                                },
                                _ => None,
                            },
                            move |params: &mut Params, x| {
                                if let Params::Client(p) = params
                                    && let Traffic::Open {
                                        rate: RateProfile::Steps { steps, .. },
                                        ..
                                    } = &mut p.traffic
                                    && let Some(s) = steps.get_mut(i)
                                {
                                    s.at_s = x;
                                }
                            },
                        ));
                        v.push(c.num(
                            "…rate becomes",
                            "rps",
                            "",
                            "rate",
                            RPS,
                            move |params: &Params| match params {
                                Params::Client(p) => match &p.traffic {
                                    Traffic::Open {
                                        rate: RateProfile::Steps { steps, .. },
                                        ..
                                    } => steps.get(i).map(|s| s.rps),
                                    _ => None,
                                },
                                _ => None,
                            },
                            move |params: &mut Params, x| {
                                if let Params::Client(p) = params
                                    && let Traffic::Open {
                                        rate: RateProfile::Steps { steps, .. },
                                        ..
                                    } = &mut p.traffic
                                    && let Some(s) = steps.get_mut(i)
                                {
                                    s.rps = x;
                                }
                            },
                        ));
                    }
                }
            }
        }
        Traffic::Closed { .. } => {
            v.push(c.num("Users", "", "client.users", "users", COUNT,
                p!(Client, p => match p.traffic { Traffic::Closed { users, .. } => users as f64, _ => 0.0 }),
                s!(Client, p, x => if let Traffic::Closed { users, .. } = &mut p.traffic { *users = x as u32 })));
            v.push(c.dist("Think time", "client.think_ms", "think_time",
                p!(Client, p => match p.traffic { Traffic::Closed { think_time, .. } => think_time, _ => Dist::Constant { ms: 0.0 } }),
                s!(Client, p, d => if let Traffic::Closed { think_time, .. } = &mut p.traffic { *think_time = d })));
        }
    }
    let _ = open;
    v.push(c.num(
        "Reads",
        "%",
        "client.read_ratio",
        "read_ratio",
        PERCENT,
        p!(Client, p => (p.read_ratio * 1000.0).round() / 10.0),
        s!(Client, p, x => p.read_ratio = x / 100.0),
    ));
    v.push(c.choice("Key popularity", "client.zipf_s", "keys",
        vec![("zipf", "Skewed (Zipf)"), ("uniform", "Uniform")],
        p!(Client, p => match p.keys { KeyDist::Zipf { .. } => "zipf", KeyDist::Uniform { .. } => "uniform" }.to_string()),
        s!(Client, p, v => { let n = p.keys.count(); p.keys = if v == "uniform" { KeyDist::Uniform { count: n } } else { KeyDist::Zipf { count: n, s: 1.0 } } })));
    v.push(c.num("Distinct keys", "", "client.keys", "keys.count", (1.0, 1_000_000.0, 100.0, true),
        p!(Client, p => p.keys.count() as f64),
        s!(Client, p, x => match &mut p.keys { KeyDist::Uniform { count } | KeyDist::Zipf { count, .. } => *count = x as u32 })));
    if matches!(p.keys, KeyDist::Zipf { .. }) {
        v.push(c.num(
            "Skew (s)",
            "",
            "client.zipf_s",
            "keys.s",
            (0.0, 5.0, 0.1, false),
            p!(Client, p => match p.keys { KeyDist::Zipf { s, .. } => s, _ => 0.0 }),
            s!(Client, p, x => if let KeyDist::Zipf { s, .. } = &mut p.keys { *s = x }),
        ));
    }
    v.push(c.num(
        "Timeout",
        "ms",
        "client.timeout_ms",
        "timeout_ms",
        (1.0, 86_400_000.0, 50.0, false),
        p!(Client, p => p.timeout_ms),
        s!(Client, p, x => p.timeout_ms = x),
    ));
    v.push(c.num(
        "Retries",
        "",
        "client.max_retries",
        "retry.max_retries",
        (0.0, 10.0, 1.0, true),
        p!(Client, p => p.retry.max_retries as f64),
        s!(Client, p, x => p.retry.max_retries = x as u32),
    ));
    if p.retry.max_retries > 0 {
        v.push(c.num(
            "Backoff",
            "ms",
            "client.base_backoff_ms",
            "retry.base_backoff_ms",
            MS,
            p!(Client, p => p.retry.base_backoff_ms),
            s!(Client, p, x => p.retry.base_backoff_ms = x),
        ));
        v.push(c.num(
            "Max backoff",
            "ms",
            "client.max_backoff_ms",
            "retry.max_backoff_ms",
            MS,
            p!(Client, p => p.retry.max_backoff_ms),
            s!(Client, p, x => p.retry.max_backoff_ms = x),
        ));
        v.push(c.choice("Jitter", "client.jitter", "retry.jitter",
            vec![("full", "Full"), ("equal", "Equal"), ("none", "None")],
            p!(Client, p => match p.retry.jitter { Jitter::Full => "full", Jitter::Equal => "equal", Jitter::None => "none" }.to_string()),
            s!(Client, p, v => p.retry.jitter = match v.as_str() { "equal" => Jitter::Equal, "none" => Jitter::None, _ => Jitter::Full })));
        v.push(c.check(
            "Retry budget",
            "client.retry_budget",
            "retry_budget",
            p!(Client, p => p.retry_budget.is_some()),
            s!(Client, p, on => p.retry_budget = on.then(RetryBudget::default)),
        ));
        if p.retry_budget.is_some() {
            macro_rules! budget_num {
                ($label:expr, $unit:expr, $help:expr, $field:expr, $range:expr, $get:expr, $set:expr) => {
                    v.push(c.num(
                        $label,
                        $unit,
                        $help,
                        $field,
                        $range,
                        |params: &Params| match params {
                            Params::Client(p) => p.retry_budget.map($get),
                            _ => None,
                        },
                        |params: &mut Params, x: f64| {
                            if let Params::Client(p) = params
                                && let Some(b) = &mut p.retry_budget
                            {
                                $set(b, x);
                            }
                        },
                    ))
                };
            }
            budget_num!(
                "Retries per request",
                "%",
                "client.budget_ratio",
                "retry_budget.ratio",
                (0.0, 1000.0, 5.0, false),
                |b: RetryBudget| (b.ratio * 1000.0).round() / 10.0,
                |b: &mut RetryBudget, x: f64| b.ratio = x / 100.0
            );
            budget_num!(
                "Always allowed",
                "retries/s",
                "client.budget_floor",
                "retry_budget.min_retries_per_s",
                RPS,
                |b: RetryBudget| b.min_retries_per_s,
                |b: &mut RetryBudget, x: f64| b.min_retries_per_s = x
            );
            budget_num!(
                "Budget window",
                "ms",
                "client.budget_window_ms",
                "retry_budget.window_ms",
                (100.0, 86_400_000.0, 1000.0, false),
                |b: RetryBudget| b.window_ms,
                |b: &mut RetryBudget, x: f64| b.window_ms = x
            );
        }
    }
    v.push(c.check(
        "Idempotency keys",
        "client.idempotency_keys",
        "idempotency_keys",
        p!(Client, p => p.idempotency_keys),
        s!(Client, p, on => p.idempotency_keys = on),
    ));
    v
}

fn lb_fields(c: &Ctx, p: &archsim_engine::LoadBalancerParams) -> Vec<AnyView> {
    let mut v = vec![c.choice("Strategy", "lb.strategy", "strategy",
        vec![("round_robin", "Round robin"), ("weighted_round_robin", "Weighted round robin"),
             ("least_connections", "Least connections"), ("random", "Random"), ("hash_key", "Hash of key")],
        p!(LoadBalancer, p => match p.strategy {
            LbStrategy::RoundRobin => "round_robin", LbStrategy::WeightedRoundRobin => "weighted_round_robin",
            LbStrategy::LeastConnections => "least_connections", LbStrategy::Random => "random", LbStrategy::HashKey => "hash_key" }.to_string()),
        s!(LoadBalancer, p, v => p.strategy = match v.as_str() {
            "weighted_round_robin" => LbStrategy::WeightedRoundRobin, "least_connections" => LbStrategy::LeastConnections,
            "random" => LbStrategy::Random, "hash_key" => LbStrategy::HashKey, _ => LbStrategy::RoundRobin }))];
    let st = c.state;
    let id = c.id.clone();
    let _ = (st, id);
    v.push(
        view! {
            <CheckField
                label="Health checks"
                help=help::field("lb.health")
                value=c.get(false, p!(LoadBalancer, p => p.health_check.enabled))
                on_set=c.set(s!(LoadBalancer, p, x => p.health_check.enabled = x))
                testid=c.tid("health_check.enabled")
            />
        }
        .into_any(),
    );
    if p.health_check.enabled {
        v.push(c.num(
            "Check every",
            "ms",
            "lb.interval_ms",
            "health_check.interval_ms",
            (10.0, 3_600_000.0, 100.0, false),
            p!(LoadBalancer, p => p.health_check.interval_ms),
            s!(LoadBalancer, p, x => p.health_check.interval_ms = x),
        ));
        v.push(c.num(
            "Out after",
            "fails",
            "lb.unhealthy_after",
            "health_check.unhealthy_after",
            COUNT,
            p!(LoadBalancer, p => p.health_check.unhealthy_after as f64),
            s!(LoadBalancer, p, x => p.health_check.unhealthy_after = x as u32),
        ));
        v.push(c.num(
            "Back after",
            "passes",
            "lb.healthy_after",
            "health_check.healthy_after",
            COUNT,
            p!(LoadBalancer, p => p.health_check.healthy_after as f64),
            s!(LoadBalancer, p, x => p.health_check.healthy_after = x as u32),
        ));
    }
    v
}

fn service_fields(c: &Ctx, autoscaled: bool) -> Vec<AnyView> {
    vec![
        c.num(
            if autoscaled {
                "Start instances"
            } else {
                "Instances"
            },
            "",
            "service.instances",
            "instances",
            COUNT,
            p!(Service, p => p.instances as f64),
            s!(Service, p, x => p.instances = x as u32),
        ),
        c.num(
            "Workers",
            "per instance",
            "service.workers",
            "workers",
            COUNT,
            p!(Service, p => p.workers as f64),
            s!(Service, p, x => p.workers = x as u32),
        ),
        c.dist(
            "Service time",
            "service.service_time",
            "service_time",
            p!(Service, p => p.service_time),
            s!(Service, p, d => p.service_time = d),
        ),
        c.num(
            "Queue capacity",
            "requests",
            "service.queue_capacity",
            "queue_capacity",
            COUNT0,
            p!(Service, p => p.queue_capacity as f64),
            s!(Service, p, x => p.queue_capacity = x as u32),
        ),
    ]
}

fn cache_fields(c: &Ctx, p: &archsim_engine::CacheParams) -> Vec<AnyView> {
    let mut v = vec![c.choice("Policy", "cache.policy", "mode",
        vec![("lru", "LRU with TTL"), ("fixed", "Fixed hit ratio")],
        p!(Cache, p => match p.mode { CacheMode::Lru { .. } => "lru", CacheMode::FixedHitRatio { .. } => "fixed" }.to_string()),
        s!(Cache, p, v => p.mode = if v == "fixed" { CacheMode::FixedHitRatio { hit_ratio: 0.8 } } else { CacheMode::Lru { capacity: 1000, ttl_ms: 60_000.0 } }))];
    match p.mode {
        CacheMode::Lru { .. } => {
            v.push(c.num("Capacity", "entries", "cache.capacity", "capacity", (1.0, 10_000_000.0, 100.0, true),
                p!(Cache, p => match p.mode { CacheMode::Lru { capacity, .. } => capacity as f64, _ => 0.0 }),
                s!(Cache, p, x => if let CacheMode::Lru { capacity, .. } = &mut p.mode { *capacity = x as u32 })));
            v.push(c.num("TTL", "ms", "cache.ttl_ms", "ttl_ms", (1.0, 86_400_000.0, 1000.0, false),
                p!(Cache, p => match p.mode { CacheMode::Lru { ttl_ms, .. } => ttl_ms, _ => 0.0 }),
                s!(Cache, p, x => if let CacheMode::Lru { ttl_ms, .. } = &mut p.mode { *ttl_ms = x })));
        }
        CacheMode::FixedHitRatio { .. } => {
            v.push(c.num("Hit ratio", "%", "cache.hit_ratio", "hit_ratio", PERCENT,
                p!(Cache, p => match p.mode { CacheMode::FixedHitRatio { hit_ratio } => (hit_ratio * 1000.0).round() / 10.0, _ => 0.0 }),
                s!(Cache, p, x => if let CacheMode::FixedHitRatio { hit_ratio } = &mut p.mode { *hit_ratio = x / 100.0 })));
        }
    }
    v.push(c.dist(
        "Lookup time",
        "cache.latency",
        "latency",
        p!(Cache, p => p.latency),
        s!(Cache, p, d => p.latency = d),
    ));
    v.push(c.check(
        "Fall back to store when down",
        "cache.fallback",
        "fallback_when_down",
        p!(Cache, p => p.fallback_when_down),
        s!(Cache, p, on => p.fallback_when_down = on),
    ));
    v
}

fn db_fields(c: &Ctx, p: &archsim_engine::DatabaseParams) -> Vec<AnyView> {
    let mut v = vec![
        c.num(
            "Connections",
            "pool",
            "db.connections",
            "connections",
            COUNT,
            p!(Database, p => p.connections as f64),
            s!(Database, p, x => p.connections = x as u32),
        ),
        c.dist(
            "Read time",
            "db.read_time",
            "read_time",
            p!(Database, p => p.read_time),
            s!(Database, p, d => p.read_time = d),
        ),
        c.dist(
            "Write time",
            "db.write_time",
            "write_time",
            p!(Database, p => p.write_time),
            s!(Database, p, d => p.write_time = d),
        ),
        c.num(
            "Queue capacity",
            "queries",
            "db.queue_capacity",
            "queue_capacity",
            COUNT0,
            p!(Database, p => p.queue_capacity as f64),
            s!(Database, p, x => p.queue_capacity = x as u32),
        ),
        c.num(
            "Max wait",
            "ms",
            "db.max_wait_ms",
            "max_wait_ms",
            MS,
            p!(Database, p => p.max_wait_ms),
            s!(Database, p, x => p.max_wait_ms = x),
        ),
    ];
    v.extend(replication_fields(c, p.replication.as_ref()));
    v
}

/// The Replication section of a database: off, or a primary with read replicas.
fn replication_fields(c: &Ctx, r: Option<&Replication>) -> Vec<AnyView> {
    macro_rules! r {
        ($r:ident => $e:expr) => {
            p!(Database, p => match &p.replication { Some($r) => $e, None => Default::default() })
        };
    }
    macro_rules! w {
        ($r:ident, $x:ident => $e:expr) => {
            s!(Database, p, $x => if let Some($r) = &mut p.replication { $e })
        };
    }
    let mut v =
        vec![view! {
        <h3 class="section-title">"Replication"</h3>
        <CheckField
            label="Read replicas"
            help=help::field("db.replication")
            value=c.get(false, p!(Database, p => p.replication.is_some()))
            on_set=c.set(s!(Database, p, on => p.replication = if on { Some(Replication::default()) } else { None }))
            testid=c.tid("replication.enabled")
        />
    }
    .into_any()];
    if r.is_none() {
        return v;
    }
    v.push(c.num(
        "Replicas",
        "beside the primary",
        "db.replicas",
        "replication.replicas",
        (1.0, 16.0, 1.0, true),
        r!(r => f64::from(r.replicas)),
        w!(r, x => r.replicas = x as u32),
    ));
    v.push(c.choice(
        "Mode",
        "db.replication_mode",
        "replication.mode",
        vec![
            ("sync", "Synchronous"),
            ("semi_sync", "Semi-synchronous"),
            ("async", "Asynchronous"),
        ],
        r!(r => match r.mode {
            ReplicationMode::Sync => "sync",
            ReplicationMode::SemiSync => "semi_sync",
            ReplicationMode::Async => "async",
        }.to_string()),
        w!(r, x => r.mode = match x.as_str() {
            "sync" => ReplicationMode::Sync,
            "semi_sync" => ReplicationMode::SemiSync,
            _ => ReplicationMode::Async,
        }),
    ));
    v.push(c.dist(
        "Replication lag",
        "db.lag",
        "replication.lag",
        p!(Database, p => p.replication.map(|r| r.lag).unwrap_or(Dist::Constant { ms: 0.0 })),
        w!(r, d => r.lag = d),
    ));
    v.push(
        view! {
            <CheckField
                label="Reads go to replicas"
                help=help::field("db.split_reads")
                value=c.get(false, r!(r => r.split_reads))
                on_set=c.set(w!(r, x => r.split_reads = x))
                testid=c.tid("replication.split_reads")
            />
        }
        .into_any(),
    );
    v.push(c.choice(
        "Read balancing",
        "db.balance",
        "replication.balance",
        vec![("round_robin", "Round robin"), ("least_loaded", "Least loaded")],
        r!(r => match r.balance {
            ReadBalance::RoundRobin => "round_robin",
            ReadBalance::LeastLoaded => "least_loaded",
        }.to_string()),
        w!(r, x => r.balance = if x == "least_loaded" { ReadBalance::LeastLoaded } else { ReadBalance::RoundRobin }),
    ));
    v.push(c.num(
        "Failover detection",
        "ms",
        "db.detection_ms",
        "replication.detection_ms",
        MS,
        r!(r => r.detection_ms),
        w!(r, x => r.detection_ms = x),
    ));
    v.push(c.choice(
        "Under a partition",
        "db.partition_mode",
        "replication.partition_mode",
        vec![("cp", "CP: consistent"), ("ap", "AP: available")],
        r!(r => match r.partition_mode {
            PartitionMode::Cp => "cp",
            PartitionMode::Ap => "ap",
        }.to_string()),
        w!(r, x => r.partition_mode = if x == "ap" { PartitionMode::Ap } else { PartitionMode::Cp }),
    ));
    v
}

fn queue_fields(c: &Ctx) -> Vec<AnyView> {
    vec![
        c.num(
            "Capacity",
            "messages",
            "queue.capacity",
            "capacity",
            COUNT,
            p!(Queue, p => p.capacity as f64),
            s!(Queue, p, x => p.capacity = x as u32),
        ),
        c.num(
            "Consumers",
            "",
            "queue.consumers",
            "consumers",
            COUNT,
            p!(Queue, p => p.consumers as f64),
            s!(Queue, p, x => p.consumers = x as u32),
        ),
        c.dist(
            "Consumer time",
            "queue.consumer_time",
            "consumer_time",
            p!(Queue, p => p.consumer_time),
            s!(Queue, p, d => p.consumer_time = d),
        ),
        c.dist(
            "Ack latency",
            "queue.ack_latency",
            "ack_latency",
            p!(Queue, p => p.ack_latency),
            s!(Queue, p, d => p.ack_latency = d),
        ),
    ]
}

/// The name of a rate limiting algorithm, as the select uses it.
fn algorithm_name(a: &RateLimit) -> &'static str {
    match a {
        RateLimit::TokenBucket { .. } => "token_bucket",
        RateLimit::LeakyBucket { .. } => "leaky_bucket",
        RateLimit::FixedWindow { .. } => "fixed_window",
        RateLimit::SlidingLog { .. } => "sliding_log",
        RateLimit::SlidingCounter { .. } => "sliding_counter",
    }
}

/// `from` switched to the algorithm named `name`, keeping its allowance: a rate of r per
/// second becomes a limit of r per one-second window and back, so switching compares the
/// algorithms at the same long-run rate.
pub fn switch_algorithm(from: &RateLimit, name: &str) -> RateLimit {
    let rate_rps = match *from {
        RateLimit::TokenBucket { rate_rps, .. } | RateLimit::LeakyBucket { rate_rps, .. } => {
            rate_rps
        }
        RateLimit::FixedWindow { limit, window_ms }
        | RateLimit::SlidingLog { limit, window_ms }
        | RateLimit::SlidingCounter { limit, window_ms } => {
            f64::from(limit) * 1000.0 / window_ms.max(1.0)
        }
    };
    let limit = (rate_rps.round() as u32).max(1);
    let burst = ((rate_rps / 5.0).round() as u32).max(1);
    let window_ms = 1000.0;
    match name {
        "leaky_bucket" => RateLimit::LeakyBucket {
            rate_rps,
            queue: burst,
        },
        "fixed_window" => RateLimit::FixedWindow { limit, window_ms },
        "sliding_log" => RateLimit::SlidingLog { limit, window_ms },
        "sliding_counter" => RateLimit::SlidingCounter { limit, window_ms },
        _ => RateLimit::TokenBucket { rate_rps, burst },
    }
}

/// Reads a rate limit out of a component's parameters (a limiter's, or a gateway's).
type LimitGet = fn(&Params) -> Option<RateLimit>;
/// The same rate limit, to change it.
type LimitSet = fn(&mut Params) -> Option<&mut RateLimit>;

/// The numbers of a rate limit: which ones depends on its algorithm. `f` names the fields
/// the engine's messages use: rate, burst, queue, limit, window.
fn limit_fields(
    c: &Ctx,
    alg: &RateLimit,
    get: LimitGet,
    set: LimitSet,
    f: [&'static str; 5],
) -> Vec<AnyView> {
    let mut v = Vec::new();
    match alg {
        RateLimit::TokenBucket { .. } => {
            v.push(c.num(
                "Rate",
                "rps",
                "rl.rate_rps",
                f[0],
                RPS,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::TokenBucket { rate_rps, .. } => Some(rate_rps),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::TokenBucket { rate_rps, .. }) = set(p) {
                        *rate_rps = x
                    }
                },
            ));
            v.push(c.num(
                "Burst",
                "tokens",
                "rl.burst",
                f[1],
                COUNT,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::TokenBucket { burst, .. } => Some(f64::from(burst)),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::TokenBucket { burst, .. }) = set(p) {
                        *burst = x as u32
                    }
                },
            ));
        }
        RateLimit::LeakyBucket { .. } => {
            v.push(c.num(
                "Leak rate",
                "rps",
                "rl.rate_rps",
                f[0],
                RPS,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::LeakyBucket { rate_rps, .. } => Some(rate_rps),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::LeakyBucket { rate_rps, .. }) = set(p) {
                        *rate_rps = x
                    }
                },
            ));
            v.push(c.num(
                "Bucket size",
                "requests",
                "rl.queue",
                f[2],
                COUNT0,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::LeakyBucket { queue, .. } => Some(f64::from(queue)),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(RateLimit::LeakyBucket { queue, .. }) = set(p) {
                        *queue = x as u32
                    }
                },
            ));
        }
        RateLimit::FixedWindow { .. }
        | RateLimit::SlidingLog { .. }
        | RateLimit::SlidingCounter { .. } => {
            v.push(c.num(
                "Limit",
                "per window",
                "rl.limit",
                f[3],
                COUNT,
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::FixedWindow { limit, .. }
                        | RateLimit::SlidingLog { limit, .. }
                        | RateLimit::SlidingCounter { limit, .. } => Some(f64::from(limit)),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(
                        RateLimit::FixedWindow { limit, .. }
                        | RateLimit::SlidingLog { limit, .. }
                        | RateLimit::SlidingCounter { limit, .. },
                    ) = set(p)
                    {
                        *limit = x as u32
                    }
                },
            ));
            v.push(c.num(
                "Window",
                "ms",
                "rl.window_ms",
                f[4],
                (1.0, 86_400_000.0, 100.0, false),
                move |p| {
                    get(p).and_then(|a| match a {
                        RateLimit::FixedWindow { window_ms, .. }
                        | RateLimit::SlidingLog { window_ms, .. }
                        | RateLimit::SlidingCounter { window_ms, .. } => Some(window_ms),
                        _ => None,
                    })
                },
                move |p, x| {
                    if let Some(
                        RateLimit::FixedWindow { window_ms, .. }
                        | RateLimit::SlidingLog { window_ms, .. }
                        | RateLimit::SlidingCounter { window_ms, .. },
                    ) = set(p)
                    {
                        *window_ms = x
                    }
                },
            ));
        }
    }
    v
}

const ALGORITHMS: [(&str, &str); 5] = [
    ("token_bucket", "Token bucket"),
    ("leaky_bucket", "Leaky bucket"),
    ("fixed_window", "Fixed window counter"),
    ("sliding_log", "Sliding window log"),
    ("sliding_counter", "Sliding window counter"),
];

fn rate_limiter_fields(c: &Ctx, p: &archsim_engine::RateLimiterParams) -> Vec<AnyView> {
    let mut v = vec![c.choice(
        "Algorithm",
        "rl.algorithm",
        "algorithm",
        ALGORITHMS.to_vec(),
        p!(RateLimiter, p => algorithm_name(&p.algorithm).to_string()),
        s!(RateLimiter, p, v => p.algorithm = switch_algorithm(&p.algorithm, &v)),
    )];
    v.extend(limit_fields(
        c,
        &p.algorithm,
        |p| match p {
            Params::RateLimiter(p) => Some(p.algorithm),
            _ => None,
        },
        |p| match p {
            Params::RateLimiter(p) => Some(&mut p.algorithm),
            _ => None,
        },
        ["rate_rps", "burst", "queue", "limit", "window_ms"],
    ));
    v.push(c.choice(
        "Scope",
        "rl.scope",
        "scope",
        vec![("global", "Global (shared)"), ("per_client", "Per client")],
        p!(RateLimiter, p => match p.scope { LimitScope::Global => "global", LimitScope::PerClient => "per_client" }.to_string()),
        s!(RateLimiter, p, v => p.scope = if v == "per_client" { LimitScope::PerClient } else { LimitScope::Global }),
    ));
    v
}

/// The name of a sharding strategy, as the select uses it.
fn shard_strategy_name(s: &ShardStrategy) -> &'static str {
    match s {
        ShardStrategy::HashMod => "hash_mod",
        ShardStrategy::Range { .. } => "range",
        ShardStrategy::Directory { .. } => "directory",
        ShardStrategy::ConsistentHash { .. } => "consistent_hash",
    }
}

/// The strategy named `name`, with the usual starting values of its fields.
pub fn switch_shard_strategy(from: &ShardStrategy, name: &str) -> ShardStrategy {
    if shard_strategy_name(from) == name {
        return from.clone();
    }
    match name {
        "hash_mod" => ShardStrategy::HashMod,
        "range" => ShardStrategy::Range {
            boundaries: Vec::new(),
        },
        "directory" => ShardStrategy::Directory { lookup_ms: 1.0 },
        _ => ShardStrategy::ConsistentHash { vnodes: 100 },
    }
}

fn shard_router_fields(c: &Ctx, p: &archsim_engine::ShardRouterParams) -> Vec<AnyView> {
    let mut v = vec![c.choice(
        "Strategy",
        "shard.strategy",
        "strategy",
        vec![
            ("consistent_hash", "Consistent hashing"),
            ("hash_mod", "Hash mod N"),
            ("range", "Key ranges"),
            ("directory", "Directory"),
        ],
        p!(ShardRouter, p => shard_strategy_name(&p.strategy).to_string()),
        s!(ShardRouter, p, v => p.strategy = switch_shard_strategy(&p.strategy, &v)),
    )];
    match p.strategy {
        ShardStrategy::HashMod => {}
        ShardStrategy::ConsistentHash { .. } => {
            v.push(c.num("Virtual nodes", "per shard", "shard.vnodes", "vnodes", (1.0, 1000.0, 10.0, true),
                p!(ShardRouter, p => match p.strategy { ShardStrategy::ConsistentHash { vnodes } => f64::from(vnodes), _ => 0.0 }),
                s!(ShardRouter, p, x => if let ShardStrategy::ConsistentHash { vnodes } = &mut p.strategy { *vnodes = x as u32 })));
        }
        ShardStrategy::Range { .. } => {
            let (state, subject) = (c.state, c.subject());
            v.push(
                view! {
                    <ListField
                        label="Boundaries"
                        unit="keys"
                        help=help::field("shard.boundaries")
                        placeholder="even split"
                        value=c.get(Vec::new(), p!(ShardRouter, p => match &p.strategy {
                            ShardStrategy::Range { boundaries } => boundaries.clone(),
                            _ => Vec::new(),
                        }))
                        on_set=c.set(s!(ShardRouter, p, x => if let ShardStrategy::Range { boundaries } = &mut p.strategy { *boundaries = x }))
                        errors=problems_for(state, subject, "boundaries")
                        testid=c.tid("boundaries")
                    />
                }
                .into_any(),
            );
        }
        ShardStrategy::Directory { .. } => {
            v.push(c.num("Lookup time", "ms", "shard.lookup_ms", "lookup_ms", MS,
                p!(ShardRouter, p => match p.strategy { ShardStrategy::Directory { lookup_ms } => lookup_ms, _ => 0.0 }),
                s!(ShardRouter, p, x => if let ShardStrategy::Directory { lookup_ms } = &mut p.strategy { *lookup_ms = x })));
        }
    }
    v.push(c.num(
        "Live shards",
        "0 = all",
        "shard.active_shards",
        "active_shards",
        COUNT0,
        p!(ShardRouter, p => f64::from(p.active_shards)),
        s!(ShardRouter, p, x => p.active_shards = x as u32),
    ));
    v.push(c.num(
        "Key space",
        "keys",
        "shard.key_space",
        "key_space",
        (1.0, 1_000_000.0, 1000.0, true),
        p!(ShardRouter, p => f64::from(p.key_space)),
        s!(ShardRouter, p, x => p.key_space = x as u32),
    ));
    v.push(c.choice(
        "Moved keys",
        "shard.migration",
        "migration",
        vec![
            ("fetch_from_old", "Fetch from old shard"),
            ("penalty", "Fixed penalty"),
        ],
        p!(ShardRouter, p => match p.migration { Migration::FetchFromOld => "fetch_from_old", Migration::Penalty { .. } => "penalty" }.to_string()),
        s!(ShardRouter, p, v => p.migration = if v == "penalty" { Migration::Penalty { ms: 20.0 } } else { Migration::FetchFromOld }),
    ));
    if let Migration::Penalty { .. } = p.migration {
        v.push(c.num("Migration penalty", "ms", "shard.penalty_ms", "migration_penalty_ms", MS,
            p!(ShardRouter, p => match p.migration { Migration::Penalty { ms } => ms, _ => 0.0 }),
            s!(ShardRouter, p, x => if let Migration::Penalty { ms } = &mut p.migration { *ms = x })));
    }
    v.push(c.num(
        "Background migration",
        "keys/s",
        "shard.migration_rate_kps",
        "migration_rate_kps",
        RPS,
        p!(ShardRouter, p => p.migration_rate_kps),
        s!(ShardRouter, p, x => p.migration_rate_kps = x),
    ));
    v
}

fn cdn_fields(c: &Ctx) -> Vec<AnyView> {
    vec![
        c.num(
            "Capacity",
            "objects",
            "cdn.capacity",
            "capacity",
            (0.0, 10_000_000.0, 100.0, true),
            p!(Cdn, p => f64::from(p.capacity)),
            s!(Cdn, p, x => p.capacity = x as u32),
        ),
        c.num(
            "TTL",
            "ms",
            "cdn.ttl_ms",
            "ttl_ms",
            (0.0, 86_400_000.0 * 365.0, 1000.0, false),
            p!(Cdn, p => p.ttl_ms),
            s!(Cdn, p, x => p.ttl_ms = x),
        ),
        c.dist(
            "Edge latency",
            "cdn.edge_latency",
            "edge_latency",
            p!(Cdn, p => p.edge_latency),
            s!(Cdn, p, d => p.edge_latency = d),
        ),
        c.check(
            "Serve stale when the origin fails",
            "cdn.serve_stale",
            "serve_stale",
            p!(Cdn, p => p.serve_stale),
            s!(Cdn, p, on => p.serve_stale = on),
        ),
    ]
}

fn gateway_fields(c: &Ctx, p: &archsim_engine::GatewayParams) -> Vec<AnyView> {
    let mut v = vec![
        c.dist(
            "Auth & validation",
            "gw.overhead",
            "overhead",
            p!(ApiGateway, p => p.overhead),
            s!(ApiGateway, p, d => p.overhead = d),
        ),
        c.num(
            "Workers",
            "",
            "gw.workers",
            "workers",
            COUNT0,
            p!(ApiGateway, p => f64::from(p.workers)),
            s!(ApiGateway, p, x => p.workers = x as u32),
        ),
    ];
    if p.workers > 0 {
        v.push(c.num(
            "Queue capacity",
            "requests",
            "gw.queue_capacity",
            "queue_capacity",
            COUNT0,
            p!(ApiGateway, p => f64::from(p.queue_capacity)),
            s!(ApiGateway, p, x => p.queue_capacity = x as u32),
        ));
    }
    let mut options = vec![("none", "None")];
    options.extend(ALGORITHMS);
    v.push(c.choice(
        "Rate limit",
        "gw.rate_limit",
        "rate_limit",
        options,
        p!(ApiGateway, p => p.rate_limit.as_ref().map_or("none", algorithm_name).to_string()),
        s!(ApiGateway, p, v => p.rate_limit = (v != "none").then(|| {
            let from = p.rate_limit.unwrap_or(RateLimit::TokenBucket { rate_rps: 100.0, burst: 20 });
            switch_algorithm(&from, &v)
        })),
    ));
    if let Some(alg) = &p.rate_limit {
        v.extend(limit_fields(
            c,
            alg,
            |p| match p {
                Params::ApiGateway(p) => p.rate_limit,
                _ => None,
            },
            |p| match p {
                Params::ApiGateway(p) => p.rate_limit.as_mut(),
                _ => None,
            },
            [
                "rate_limit.rate_rps",
                "rate_limit.burst",
                "rate_limit.queue",
                "rate_limit.limit",
                "rate_limit.window_ms",
            ],
        ));
    }
    v
}

/// The parameters of blob storage or an external API (both [`RemoteParams`]).
fn remote(params: &Params) -> Option<RemoteParams> {
    match params {
        Params::BlobStorage(p) | Params::ExternalApi(p) => Some(*p),
        _ => None,
    }
}

fn remote_mut(params: &mut Params) -> Option<&mut RemoteParams> {
    match params {
        Params::BlobStorage(p) | Params::ExternalApi(p) => Some(p),
        _ => None,
    }
}

fn remote_fields(c: &Ctx) -> Vec<AnyView> {
    vec![
        c.dist(
            "Latency",
            "remote.latency",
            "latency",
            |params: &Params| remote(params).map(|p| p.latency),
            |params: &mut Params, d| {
                if let Some(p) = remote_mut(params) {
                    p.latency = d;
                }
            },
        ),
        c.num(
            "Error rate",
            "%",
            "remote.error_rate",
            "error_rate",
            (0.0, 100.0, 0.1, false),
            |params: &Params| remote(params).map(|p| (p.error_rate * 10_000.0).round() / 100.0),
            |params: &mut Params, x| {
                if let Some(p) = remote_mut(params) {
                    p.error_rate = x / 100.0;
                }
            },
        ),
    ]
}

/// The name of a DNS policy, as the select uses it.
pub fn dns_policy_name(p: &DnsPolicy) -> &'static str {
    match p {
        DnsPolicy::RoundRobin => "round_robin",
        DnsPolicy::Weighted => "weighted",
        DnsPolicy::Failover { .. } => "failover",
        DnsPolicy::Geo { .. } => "geo",
    }
}

/// `from` switched to the policy named `name`, keeping its health checks (or starting with
/// a check every second and 3 s to detect a dead target).
pub fn switch_dns_policy(from: &DnsPolicy, name: &str) -> DnsPolicy {
    let (check_interval_ms, detection_ms) = from.health_check_ms().unwrap_or((1000.0, 3000.0));
    match name {
        "weighted" => DnsPolicy::Weighted,
        "failover" => DnsPolicy::Failover {
            check_interval_ms,
            detection_ms,
        },
        "geo" => DnsPolicy::Geo {
            check_interval_ms,
            detection_ms,
        },
        _ => DnsPolicy::RoundRobin,
    }
}

/// Sets the check interval (or, with `interval` false, the detection delay) of a
/// health-checked policy.
fn set_check(interval: bool, x: f64, policy: &mut DnsPolicy) {
    match policy {
        DnsPolicy::Failover {
            check_interval_ms,
            detection_ms,
        }
        | DnsPolicy::Geo {
            check_interval_ms,
            detection_ms,
        } => {
            if interval {
                *check_interval_ms = x;
            } else {
                *detection_ms = x;
            }
        }
        DnsPolicy::RoundRobin | DnsPolicy::Weighted => {}
    }
}

fn dns_fields(c: &Ctx, p: &archsim_engine::DnsParams) -> Vec<AnyView> {
    let mut v = vec![
        c.choice(
            "Policy",
            "dns.policy",
            "policy",
            vec![
                ("round_robin", "Round robin"),
                ("weighted", "Weighted"),
                ("failover", "Failover"),
                ("geo", "Geo / nearest"),
            ],
            p!(Dns, p => dns_policy_name(&p.policy).to_string()),
            s!(Dns, p, v => p.policy = switch_dns_policy(&p.policy, &v)),
        ),
        c.num(
            "TTL",
            "s",
            "dns.ttl_s",
            "ttl_s",
            SECONDS,
            p!(Dns, p => p.ttl_s),
            s!(Dns, p, x => p.ttl_s = x),
        ),
        c.dist(
            "Lookup time",
            "dns.resolution",
            "resolution",
            p!(Dns, p => p.resolution),
            s!(Dns, p, d => p.resolution = d),
        ),
    ];
    if p.policy.health_check_ms().is_some() {
        v.push(c.num(
            "Check every",
            "ms",
            "dns.check_interval_ms",
            "check_interval_ms",
            (10.0, 86_400_000.0, 100.0, false),
            p!(Dns, p => p.policy.health_check_ms().map_or(0.0, |h| h.0)),
            s!(Dns, p, x => set_check(true, x, &mut p.policy)),
        ));
        v.push(c.num(
            "Detection",
            "ms",
            "dns.detection_ms",
            "detection_ms",
            MS,
            p!(Dns, p => p.policy.health_check_ms().map_or(0.0, |h| h.1)),
            s!(Dns, p, x => set_check(false, x, &mut p.policy)),
        ));
    } else {
        v.push(
            view! {
                <p class="field-help" data-testid="dns-no-health">
                    "This policy does not check health: a dead target stays in the answers."
                </p>
            }
            .into_any(),
        );
    }
    v
}

/// The autoscaler a service gets when its switch is turned on: from its instance count up
/// to five times as many (at least 10), within the engine's pool limit.
pub fn default_autoscale(instances: u32, workers: u32) -> Autoscale {
    let min = instances.max(1);
    let cap = (100_000 / workers.max(1)).max(min);
    Autoscale {
        min_instances: min,
        max_instances: (min * 5).max(10).min(cap),
        ..Autoscale::default()
    }
}

/// The autoscaler of a service: a switch, then its bounds, target and timings.
#[component]
fn AutoscalingSection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let on = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.component(&key)
                .is_some_and(|c| matches!(&c.params, Params::Service(p) if p.autoscale.is_some()))
        })
    });
    let ctx = Ctx {
        state,
        id: id.clone(),
    };
    let switch = ctx.set(|params: &mut Params, on: bool| {
        if let Params::Service(p) = params {
            p.autoscale = on.then(|| default_autoscale(p.instances, p.workers));
        }
    });
    let fields = move || {
        on.get().then(|| {
            let c = &ctx;
            macro_rules! a {
                ($f:ident) => {
                    |params: &Params| match params {
                        Params::Service(p) => p.autoscale.map(|a| a.$f as f64),
                        _ => None,
                    }
                };
            }
            macro_rules! set_a {
                ($f:ident, $x:ident => $e:expr) => {
                    |params: &mut Params, $x: f64| {
                        if let Params::Service(p) = params
                            && let Some(a) = &mut p.autoscale
                        {
                            a.$f = $e;
                        }
                    }
                };
            }
            vec![
                c.num(
                    "Min instances",
                    "",
                    "autoscale.min_instances",
                    "autoscale.min_instances",
                    COUNT,
                    a!(min_instances),
                    set_a!(min_instances, x => x as u32),
                ),
                c.num(
                    "Max instances",
                    "",
                    "autoscale.max_instances",
                    "autoscale.max_instances",
                    COUNT,
                    a!(max_instances),
                    set_a!(max_instances, x => x as u32),
                ),
                c.num(
                    "Target utilization",
                    "%",
                    "autoscale.target_utilization",
                    "autoscale.target_utilization",
                    (1.0, 100.0, 5.0, false),
                    |params: &Params| match params {
                        Params::Service(p) => p
                            .autoscale
                            .map(|a| (a.target_utilization * 1000.0).round() / 10.0),
                        _ => None,
                    },
                    set_a!(target_utilization, x => x / 100.0),
                ),
                c.num(
                    "Evaluate every",
                    "s",
                    "autoscale.interval_s",
                    "autoscale.interval_s",
                    (0.1, 86_400.0, 1.0, false),
                    a!(interval_s),
                    set_a!(interval_s, x => x),
                ),
                c.num(
                    "Cooldown",
                    "s",
                    "autoscale.cooldown_s",
                    "autoscale.cooldown_s",
                    SECONDS,
                    a!(cooldown_s),
                    set_a!(cooldown_s, x => x),
                ),
                c.num(
                    "Warm-up",
                    "s",
                    "autoscale.warmup_s",
                    "autoscale.warmup_s",
                    SECONDS,
                    a!(warmup_s),
                    set_a!(warmup_s, x => x),
                ),
            ]
        })
    };
    view! {
        <section class="insp-section" data-testid="autoscaling">
            <h3 class="section-title">"Autoscaling"</h3>
            <CheckField
                label="Scales automatically"
                help=help::field("autoscale.enabled")
                value=Signal::derive(move || on.get())
                on_set=switch
                testid="autoscale-enabled".to_string()
            />
            {fields}
        </section>
    }
}

/// The name of a redundancy mode, as the select uses it.
fn redundancy_mode(r: Option<&Redundancy>) -> &'static str {
    match r {
        None => "none",
        Some(Redundancy::ActivePassive { .. }) => "active_passive",
        Some(Redundancy::ActiveActive { .. }) => "active_active",
    }
}

/// The failover time proposed for a standby: seconds for a hot one, half a minute for a
/// cold one that must boot first.
pub fn proposed_failover_ms(standby: Standby) -> f64 {
    match standby {
        Standby::Hot => 3_000.0,
        Standby::Cold => 30_000.0,
    }
}

/// Redundancy switched to the mode named `name`.
pub fn switch_redundancy(name: &str) -> Option<Redundancy> {
    match name {
        "active_passive" => Some(Redundancy::ActivePassive {
            standby: Standby::Hot,
            failover_ms: proposed_failover_ms(Standby::Hot),
        }),
        "active_active" => Some(Redundancy::ActiveActive { nodes: 2 }),
        _ => None,
    }
}

/// The other standby kind; the failover time follows when it was the proposed one.
pub fn switch_standby(from: &Redundancy, name: &str) -> Redundancy {
    let standby = if name == "cold" {
        Standby::Cold
    } else {
        Standby::Hot
    };
    match *from {
        Redundancy::ActivePassive {
            standby: was,
            failover_ms,
        } => Redundancy::ActivePassive {
            standby,
            failover_ms: if failover_ms == proposed_failover_ms(was) {
                proposed_failover_ms(standby)
            } else {
                failover_ms
            },
        },
        other => other,
    }
}

/// Redundancy of a load balancer, cache or database: none, a standby, or active-active
/// nodes; the fields follow the mode.
#[component]
fn RedundancySection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let redundancy = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.component(&key).and_then(|c| c.redundancy))
    });
    let set = {
        let id = id.clone();
        Callback::new(move |r: Option<Redundancy>| {
            state.apply(Edit::SetRedundancy {
                id: id.clone(),
                redundancy: r,
            });
        })
    };
    let mode = Memo::new(move |_| redundancy_mode(redundancy.get().as_ref()));
    let subject = Subject::Component { id: id.clone() };
    let fields = move || {
        let subject = subject.clone();
        match mode.get() {
            "active_passive" => view! {
                <SelectField
                    label="Standby"
                    help=help::field("redundancy.standby")
                    options=vec![("hot", "Hot"), ("cold", "Cold")]
                    value=Signal::derive(move || match redundancy.get() {
                        Some(Redundancy::ActivePassive { standby: Standby::Cold, .. }) => "cold".to_string(),
                        _ => "hot".to_string(),
                    })
                    on_set=Callback::new(move |v: String| {
                        if let Some(r) = redundancy.get_untracked() {
                            set.run(Some(switch_standby(&r, &v)));
                        }
                    })
                    testid="redundancy-standby".to_string()
                />
                <NumField
                    label="Failover"
                    unit="ms"
                    help=help::field("redundancy.failover_ms")
                    value=Signal::derive(move || match redundancy.get() {
                        Some(Redundancy::ActivePassive { failover_ms, .. }) => failover_ms,
                        _ => 0.0,
                    })
                    on_set=Callback::new(move |x: f64| {
                        if let Some(Redundancy::ActivePassive { standby, .. }) = redundancy.get_untracked() {
                            set.run(Some(Redundancy::ActivePassive { standby, failover_ms: x }));
                        }
                    })
                    min=0.0
                    max=86_400_000.0
                    step=500.0
                    errors=problems_for(state, subject.clone(), "redundancy.failover_ms")
                    testid="redundancy-failover".to_string()
                />
            }
            .into_any(),
            "active_active" => view! {
                <NumField
                    label="Nodes"
                    unit="active"
                    help=help::field("redundancy.nodes")
                    value=Signal::derive(move || redundancy.get().map(|r| r.nodes() as f64).unwrap_or(0.0))
                    on_set=Callback::new(move |x: f64| set.run(Some(Redundancy::ActiveActive { nodes: x as u32 })))
                    min=2.0
                    max=16.0
                    step=1.0
                    integer=true
                    errors=problems_for(state, subject.clone(), "redundancy.nodes")
                    testid="redundancy-nodes".to_string()
                />
            }
            .into_any(),
            _ => ().into_any(),
        }
    };
    let other = problems_for(state, Subject::Component { id: id.clone() }, "redundancy");
    view! {
        <section class="insp-section" data-testid="redundancy">
            <h3 class="section-title">"Redundancy"</h3>
            <SelectField
                label="Mode"
                help=help::field("redundancy.mode")
                options=vec![
                    ("none", "Single node"),
                    ("active_passive", "Active-passive"),
                    ("active_active", "Active-active"),
                ]
                value=Signal::derive(move || mode.get().to_string())
                on_set=Callback::new(move |v: String| set.run(switch_redundancy(&v)))
                testid="redundancy-mode".to_string()
            />
            {fields}
            {move || other.get().into_iter().map(|m| view! { <p class="notice error">{m}</p> }).collect_view()}
        </section>
    }
}

/// "99.2 % available": the long-run availability MTBF / (MTBF + MTTR).
pub fn availability_line(f: &RandomFailures) -> String {
    let a = f.availability();
    if a.is_finite() {
        format!("{} available (MTBF ÷ (MTBF + MTTR))", format::pct(a))
    } else {
        "Enter MTBF and MTTR to see the availability".to_string()
    }
}

/// Random crashes and repairs of one component (used while the run's chaos switch is on).
#[component]
fn RandomFailuresSection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let failures = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.component(&key).and_then(|c| c.failures))
    });
    let set = {
        let id = id.clone();
        move |f: Option<RandomFailures>| {
            state.apply(Edit::SetFailures {
                id: id.clone(),
                failures: f,
            });
        }
    };
    let set_on = {
        let set = set.clone();
        Callback::new(move |on: bool| set(on.then(RandomFailures::default)))
    };
    let set_mtbf = {
        let set = set.clone();
        Callback::new(move |x: f64| {
            if let Some(f) = failures.get_untracked() {
                set(Some(RandomFailures { mtbf_s: x, ..f }))
            }
        })
    };
    let set_mttr = Callback::new(move |x: f64| {
        if let Some(f) = failures.get_untracked() {
            set(Some(RandomFailures { mttr_s: x, ..f }))
        }
    });
    let subject = Subject::Component { id: id.clone() };
    let chaos = move || state.scenario.with(|s| s.run.chaos);
    let nodes_key = id.clone();
    let nodes = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.component(&nodes_key)
                .and_then(|c| {
                    c.redundancy
                        .filter(|_| Redundancy::applies_to(c.params.kind()))
                })
                .map(|r| r.nodes())
        })
    });
    view! {
        <section class="insp-section" data-testid="random-failures">
            <h3 class="section-title">"Random failures"</h3>
            <CheckField
                label="Fails at random"
                help=help::field("failures.enabled")
                value=Signal::derive(move || failures.with(|f| f.is_some()))
                on_set=set_on
                testid="failures-enabled".to_string()
            />
            <Show when=move || failures.with(|f| f.is_some())>
                <NumField
                    label="MTBF"
                    unit="s"
                    help=help::field("failures.mtbf_s")
                    value=Signal::derive(move || failures.with(|f| f.map(|f| f.mtbf_s).unwrap_or(0.0)))
                    on_set=set_mtbf
                    min=0.001
                    max=1e9
                    step=10.0
                    errors=problems_for(state, subject.clone(), "failures.mtbf_s")
                    testid="failures-mtbf".to_string()
                />
                <NumField
                    label="MTTR"
                    unit="s"
                    help=help::field("failures.mttr_s")
                    value=Signal::derive(move || failures.with(|f| f.map(|f| f.mttr_s).unwrap_or(0.0)))
                    on_set=set_mttr
                    min=0.001
                    max=86_400.0
                    step=1.0
                    errors=problems_for(state, subject.clone(), "failures.mttr_s")
                    testid="failures-mttr".to_string()
                />
                <p class="derived" data-testid="failures-availability">
                    {move || failures.get().map(|f| availability_line(&f)).unwrap_or_default()}
                </p>
                {move || {
                    nodes.get().map(|n| view! {
                        <p class="field-help" data-testid="failures-per-node">
                            {format!("Redundant: each of its {n} nodes fails and is repaired on its own.")}
                        </p>
                    })
                }}
                <Show when=move || !chaos()>
                    <p class="field-help" data-testid="failures-chaos-off">
                        "The chaos switch of the run is off: these failures start when it is on (Scenario → Run)."
                    </p>
                </Show>
            </Show>
        </section>
    }
}

/// The selected component.
#[component]
fn ComponentPanel(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let comp = Memo::new(move |_| state.scenario.with(|s| s.component(&key).cloned()));
    // The field list depends on the kind and on a few switches (traffic model, rate shape,
    // cache policy, retries on/off, health checks on/off); rebuilt only when those change.
    let shape = Memo::new(move |_| {
        comp.with(|c| {
            c.as_ref().map(|c| match &c.params {
                Params::Client(p) => format!(
                    "client/{}/{}/{}/{}",
                    match &p.traffic {
                        Traffic::Open { rate, .. } => match rate {
                            RateProfile::Constant { .. } => "c".to_string(),
                            RateProfile::Ramp { .. } => "r".to_string(),
                            RateProfile::Spike { .. } => "s".to_string(),
                            RateProfile::Steps { steps, .. } => format!("st{}", steps.len()),
                        },
                        Traffic::Closed { .. } => "closed".to_string(),
                    },
                    matches!(p.keys, KeyDist::Zipf { .. }),
                    p.retry.max_retries > 0,
                    p.retry_budget.is_some()
                ),
                Params::LoadBalancer(p) => format!("lb/{}", p.health_check.enabled),
                Params::Cache(p) => format!("cache/{}", matches!(p.mode, CacheMode::Lru { .. })),
                Params::RateLimiter(p) => format!("rl/{}", algorithm_name(&p.algorithm)),
                Params::ShardRouter(p) => format!(
                    "shard/{}/{}",
                    shard_strategy_name(&p.strategy),
                    matches!(p.migration, Migration::Penalty { .. })
                ),
                Params::Database(p) => format!("db/{}", p.replication.is_some()),
                Params::ApiGateway(p) => format!(
                    "gw/{}/{}",
                    p.workers > 0,
                    p.rate_limit.as_ref().map_or("none", algorithm_name)
                ),
                Params::Dns(p) => format!("dns/{}", dns_policy_name(&p.policy)),
                Params::Service(p) => format!("svc/{}", p.autoscale.is_some()),
                other => format!("{:?}", other.kind()),
            })
        })
    });
    let ctx = Ctx {
        state,
        id: id.clone(),
    };
    let fields = move || {
        // Read, not just tracked: a memo nobody has read yet has no sources of its own, so
        // `track()` alone would never hear that the shape changed.
        shape.with(|_| ());
        let c = comp.get_untracked()?;
        Some(match &c.params {
            Params::Client(p) => client_fields(&ctx, p),
            Params::LoadBalancer(p) => lb_fields(&ctx, p),
            Params::Service(p) => service_fields(&ctx, p.autoscale.is_some()),
            Params::Cache(p) => cache_fields(&ctx, p),
            Params::Database(p) => db_fields(&ctx, p),
            Params::Queue(_) => queue_fields(&ctx),
            Params::RateLimiter(p) => rate_limiter_fields(&ctx, p),
            Params::BlobStorage(_) | Params::ExternalApi(_) => remote_fields(&ctx),
            Params::ShardRouter(p) => shard_router_fields(&ctx, p),
            Params::Cdn(_) => cdn_fields(&ctx),
            Params::ApiGateway(p) => gateway_fields(&ctx, p),
            Params::Dns(p) => dns_fields(&ctx, p),
        })
    };
    let kind = move || comp.with(|c| c.as_ref().map(|c| c.params.kind()).unwrap_or_default());
    let label_id = id.clone();
    let rename = move |ev: leptos::ev::Event| {
        let label = event_target_value(&ev);
        let current = state
            .scenario
            .with_untracked(|s| s.component(&label_id).map(|c| c.label.clone()));
        if current.as_deref() != Some(label.as_str()) {
            state.apply(Edit::Rename {
                id: label_id.clone(),
                label,
            });
        }
    };
    let other = general_problems(
        state,
        Subject::Component { id: id.clone() },
        &[
            "traffic",
            "process",
            "rate",
            "users",
            "think_time",
            "read_ratio",
            "keys",
            "timeout_ms",
            "retry",
            "retry_budget",
            "idempotency_keys",
            "fallback_when_down",
            "strategy",
            "health_check",
            "instances",
            "workers",
            "service_time",
            "queue_capacity",
            "mode",
            "capacity",
            "ttl_ms",
            "hit_ratio",
            "latency",
            "connections",
            "read_time",
            "write_time",
            "max_wait_ms",
            "consumers",
            "consumer_time",
            "ack_latency",
            "algorithm",
            "rate_rps",
            "burst",
            "queue",
            "limit",
            "window_ms",
            "scope",
            "error_rate",
            "failures",
            "vnodes",
            "boundaries",
            "lookup_ms",
            "active_shards",
            "key_space",
            "migration_penalty_ms",
            "replication",
            "migration_rate_kps",
            "paths",
            "edge_latency",
            "serve_stale",
            "overhead",
            "rate_limit",
            "policy",
            "ttl_s",
            "resolution",
            "check_interval_ms",
            "detection_ms",
            "zone",
            "autoscale",
            "redundancy",
        ],
    );
    let live_id = id.clone();
    let delete_id = id.clone();
    let chart_id = id.clone();
    let shard_id = id.clone();
    let failures_id = id.clone();
    let conn_id = id.clone();
    let paths_id = id.clone();
    let routes_id = id.clone();
    let zone_id = id.clone();
    let autoscale_id = id.clone();
    let redundancy_id = id.clone();
    let instances_id = id.clone();
    let autoscaled = move || {
        comp.with(|c| {
            c.as_ref()
                .is_some_and(|c| matches!(&c.params, Params::Service(p) if p.autoscale.is_some()))
        })
    };
    let redundant = move || {
        comp.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.redundancy.is_some() || Redundancy::applies_to(c.params.kind()))
        })
    };

    view! {
        <div class="insp" data-testid="component-inspector">
            <div class="insp-head">
                <span class=move || format!("insp-icon kind-{}", slug(kind()))>
                    {move || view! { <KindIcon kind=kind() size=22 /> }}
                </span>
                <div class="insp-title">
                    <span class="insp-kind">{move || kind().name()}</span>
                    <input
                        class="insp-name"
                        data-testid="component-name"
                        aria-label="Name"
                        prop:value=move || comp.with(|c| c.as_ref().map(|c| c.label.clone()).unwrap_or_default())
                        on:change=rename
                    />
                </div>
                <button
                    class="btn icon-btn ghost danger"
                    data-testid="delete-component"
                    title="Delete (Delete key)"
                    aria-label="Delete component"
                    on:click=move |_| {
                        state.selection.set(Selection::Component(delete_id.clone()));
                        state.delete_selection();
                    }
                >
                    <UiIcon name="trash" />
                </button>
            </div>
            <p class="concept">{move || kind_concept(kind())}</p>
            {move || {
                other
                    .get()
                    .into_iter()
                    .map(|(err, m)| {
                        view! {
                            <p class=if err { "notice error" } else { "notice warning" } data-testid="component-problem">
                                {m}
                            </p>
                        }
                    })
                    .collect_view()
            }}
            <LiveStats id=live_id />
            // Utilization and queue length mean something only where requests wait for a
            // worker, a connection, a consumer or a lookup slot.
            <Show when=move || has_pool_chart(kind())>
                <ComponentChart id=chart_id.clone() />
            </Show>
            <Show when=move || kind() == Kind::ShardRouter>
                <ShardLoad id=shard_id.clone() />
            </Show>
            <Show when=autoscaled>
                <InstancesChart id=instances_id.clone() />
            </Show>
            <ComponentFaults id=id.clone() />
            <section class="insp-section">
                <h3 class="section-title">"Parameters"</h3>
                {fields}
                <ZoneSelect id=zone_id />
            </section>
            <Show when=move || kind() == Kind::Client>
                <PathsEditor id=paths_id.clone() />
            </Show>
            <Show when=move || kind() == Kind::ApiGateway>
                <GatewayRoutes id=routes_id.clone() />
            </Show>
            <Show when=move || kind() == Kind::Service>
                <AutoscalingSection id=autoscale_id.clone() />
            </Show>
            <Show when=redundant>
                <RedundancySection id=redundancy_id.clone() />
            </Show>
            <Show when=move || kind() != Kind::Client>
                <RandomFailuresSection id=failures_id.clone() />
            </Show>
            <Show
                when=move || !is_leaf(kind())
                fallback=|| view! {
                    <section class="insp-section">
                        <h3 class="section-title">"Calls"</h3>
                        <p class="field-help">"Nothing: it answers requests itself, so it has no outgoing connections."</p>
                    </section>
                }
            >
                <Connections id=conn_id.clone() />
            </Show>
        </div>
    }
}

/// Whether the component's utilization/queue chart is meaningful for this kind.
fn has_pool_chart(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Service | Kind::Database | Kind::Queue | Kind::Cache
    )
}

/// Live numbers of the selected component while a run exists.
#[component]
fn LiveStats(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stats = move || {
        let i = state
            .scenario
            .with(|s| s.components.iter().position(|c| c.id == id))?;
        let live = state.live.with(|l| l.get(i).cloned())?;
        let summary = state
            .summary
            .with(|s| s.as_ref().and_then(|s| s.components.get(i).cloned()));
        Some((live, summary))
    };
    move || {
        stats().map(|(l, s)| {
            let util = if l.capacity > 0 {
                l.busy as f64 / l.capacity as f64
            } else {
                0.0
            };
            view! {
                <div class="live-stats" data-testid="live-stats">
                    <div class="stat">
                        <span class="stat-label">"Status"</span>
                        <span class=if l.up { "stat-value ok" } else { "stat-value bad" }>
                            {if !l.up {
                                "Down".to_string()
                            } else if l.slow_factor > 1.0 {
                                format!("Slow ×{}", format::plain(l.slow_factor))
                            } else {
                                "Up".to_string()
                            }}
                        </span>
                    </div>
                    {if l.capacity > 0 {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"Busy"</span>
                                <span class="stat-value">
                                    {format!("{}/{} ({:.0}%)", l.busy, l.capacity, util * 100.0)}
                                </span>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"In flight"</span>
                                <span class="stat-value">{l.in_flight.to_string()}</span>
                            </div>
                        }
                            .into_any()
                    }}
                    <div class="stat">
                        <span class="stat-label">"Queue"</span>
                        <span class="stat-value">{l.queue_len.to_string()}</span>
                    </div>
                    {(l.instances > 0).then(|| view! {
                        <div class="stat">
                            <span class="stat-label">"Instances"</span>
                            <span class="stat-value" data-testid="live-instances">{instances_line(&l)}</span>
                        </div>
                    })}
                    {(l.nodes > 0).then(|| view! {
                        <div class="stat">
                            <span class="stat-label">"Nodes"</span>
                            <span class=if l.up { "stat-value" } else { "stat-value bad" } data-testid="live-nodes">
                                {nodes_line(&l)}
                            </span>
                        </div>
                    })}
                    {s.map(|s| {
                        view! {
                            <div class="stat">
                                <span class="stat-label">"Arrivals"</span>
                                <span class="stat-value">{format!("{} rps", format::plain((s.arrival_rps * 10.0).round() / 10.0))}</span>
                            </div>
                            {(s.hits + s.misses > 0 && s.kind != Kind::Dns).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Hit ratio"</span>
                                    <span class="stat-value" data-testid="live-hit-ratio">{format::pct(s.hit_ratio)}</span>
                                </div>
                            })}
                            {(s.kind == Kind::Cdn).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Offload"</span>
                                    <span class="stat-value" data-testid="live-offload">{format::pct(s.offload())}</span>
                                </div>
                                <div class="stat">
                                    <span class="stat-label">"To origin"</span>
                                    <span class="stat-value" data-testid="live-origin">{format::count(s.edge.origin)}</span>
                                </div>
                                <div class="stat">
                                    <span class="stat-label">"Stale serves"</span>
                                    <span class="stat-value" data-testid="live-stale">{format::count(s.edge.stale)}</span>
                                </div>
                            })}
                            {(s.kind == Kind::ApiGateway).then(|| {
                                let tone = if s.edge.no_route > 0 { "stat-value bad" } else { "stat-value" };
                                view! {
                                    <div class="stat">
                                        <span class="stat-label">"404s"</span>
                                        <span class=tone data-testid="live-no-route">
                                            {format::count(s.edge.no_route)}
                                        </span>
                                    </div>
                                }
                            })}
                            {(s.fallbacks > 0).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Fallbacks"</span>
                                    <span class="stat-value" data-testid="cache-fallbacks">{format::count(s.fallbacks)}</span>
                                </div>
                            })}
                            {(s.kind == Kind::Dns).then(|| view! {
                                // Requests whose client still held an answer, and lookups made.
                                <div class="stat" title="Requests sent on with the client's cached answer">
                                    <span class="stat-label">"Cached"</span>
                                    <span class="stat-value" data-testid="dns-cached">{format::pct(s.hit_ratio)}</span>
                                </div>
                                <div class="stat" title="Lookups made because a client's answer had expired">
                                    <span class="stat-label">"Lookups"</span>
                                    <span class="stat-value" data-testid="dns-lookups">{format::count(s.misses)}</span>
                                </div>
                            })}
                            {(s.scaling_actions > 0).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Scalings"</span>
                                    <span class="stat-value" data-testid="live-scalings">
                                        {format!("{} · mean {:.1}", s.scaling_actions, s.mean_instances)}
                                    </span>
                                </div>
                            })}
                            {(l.nodes > 0).then(|| view! {
                                <div class="stat">
                                    <span class="stat-label">"Available"</span>
                                    <span class="stat-value" data-testid="live-availability">
                                        {format!("{} · {} failover{}", format::pct(s.availability), s.failovers,
                                            if s.failovers == 1 { "" } else { "s" })}
                                    </span>
                                </div>
                            })}
                        }
                    })}
                </div>
            }
        })
    }
}

/// "6" or "6 (+2 warming)": a service's instances taking work and those still booting.
pub fn instances_line(l: &ComponentLive) -> String {
    if l.instances_warming > 0 {
        format!("{} (+{} warming)", l.instances, l.instances_warming)
    } else {
        l.instances.to_string()
    }
}

/// A redundant component's nodes: "2/2 up", "failing over", "standby serving, 1/2 up".
pub fn nodes_line(l: &ComponentLive) -> String {
    let up = format!("{}/{} up", l.nodes_up, l.nodes);
    if l.failing_over {
        format!("failing over, {up}")
    } else if l.nodes == 2 && l.active_node == 1 && l.up {
        format!("standby serving, {up}")
    } else {
        up
    }
}

/// Outgoing connections of a component and the "Connect to…" choice.
#[component]
fn Connections(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let outgoing = move || {
        state.scenario.with(|s| {
            s.connections
                .iter()
                .filter(|c| c.from == key)
                .map(|c| {
                    (
                        c.to.clone(),
                        s.component(&c.to)
                            .map(|t| t.display_name().to_string())
                            .unwrap_or_else(|| c.to.clone()),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let key = id.clone();
    let candidates = move || {
        state.scenario.with(|s| {
            s.components
                .iter()
                .filter(|c| {
                    c.id != key
                        && c.params.kind() != Kind::Client
                        && !s.connections.iter().any(|x| x.from == key && x.to == c.id)
                })
                .map(|c| (c.id.clone(), c.display_name().to_string()))
                .collect::<Vec<_>>()
        })
    };
    let from = id.clone();
    let from2 = id.clone();
    view! {
        <section class="insp-section">
            <h3 class="section-title">"Calls"</h3>
            <ul class="conn-list">
                <For
                    each=outgoing
                    key=|(to, name)| (to.clone(), name.clone())
                    children=move |(to, name)| {
                        let f = from.clone();
                        let t = to.clone();
                        view! {
                            <li>
                                <button
                                    class="link"
                                    data-testid=format!("call-{to}")
                                    on:click=move |_| {
                                        state.selection.set(Selection::Connection { from: f.clone(), to: t.clone() })
                                    }
                                >
                                    {format!("→ {name}")}
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <label class="field-row">
                <span class="field-label">"Connect to…"</span>
                <span class="field-input">
                    <select
                        data-testid="connect-to"
                        prop:value=""
                        on:change=move |ev| {
                            let to = event_target_value(&ev);
                            if to.is_empty() {
                                return;
                            }
                            let edit = state.scenario.with_untracked(|s| Edit::connect(s, &from2, &to));
                            state.apply(edit);
                            if let Some(t) = ev.target() {
                                use wasm_bindgen::JsCast;
                                if let Ok(sel) = t.dyn_into::<web_sys::HtmlSelectElement>() {
                                    sel.set_value("");
                                }
                            }
                        }
                    >
                        <option value="">"Choose a component"</option>
                        {move || {
                            candidates()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </span>
            </label>
            <p class="field-help">"Or drag from the dot on the component's right edge onto another component."</p>
        </section>
    }
}

/// The selected connection.
#[component]
fn ConnectionPanel(from: String, to: String) -> impl IntoView {
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
    // Links into and out of a DNS mean something else than other links: say what.
    let dns_link_note = {
        let (f, t) = (from.clone(), to.clone());
        move || {
            state.scenario.with(|s| {
                let kind = |id: &str| s.component(id).map(|c| c.params.kind());
                if kind(&t) == Some(Kind::Dns) {
                    Some("A connection into a DNS takes no time: a lookup costs the DNS's lookup time, and only when the client's cached answer has expired.")
                } else if kind(&f) == Some(Kind::Dns) {
                    Some("This latency stands for the network path from the client to this target; zone and region crossings count from the client's zone.")
                } else {
                    None
                }
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
    let from_gateway = move || {
        state.scenario.with(|s| {
            s.component(&gf)
                .is_some_and(|c| c.params.kind() == Kind::ApiGateway)
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
            {move || dns_link_note().map(|note| view! { <p class="notice warning" data-testid="dns-link-note">{note}</p> })}
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
                    when=from_gateway
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
struct ConnSetter {
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
struct BreakerRow {
    label: &'static str,
    unit: &'static str,
    help_key: &'static str,
    /// The field validation names ("breaker.window"); the input's test id is derived from it.
    field: &'static str,
    range: (f64, f64, f64, bool),
    get: fn(&CircuitBreaker) -> f64,
    set: fn(&mut CircuitBreaker, f64),
}

const BREAKER_ROWS: [BreakerRow; 5] = [
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
fn breaker_fields(setter: &ConnSetter, subject: &Subject) -> Vec<AnyView> {
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

/// Nothing selected: the scenario's settings and its fault timeline.
#[component]
fn ScenarioPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let run_num = |label: &'static str,
                   unit: &'static str,
                   key: &'static str,
                   field: &'static str,
                   (min, max, step): (f64, f64, f64),
                   get: fn(&archsim_engine::RunSettings) -> f64,
                   set: fn(&mut archsim_engine::RunSettings, f64)| {
        view! {
            <NumField
                label=label
                unit=unit
                help=help::field(key)
                value=Signal::derive(move || state.scenario.with(|s| get(&s.run)))
                on_set=Callback::new(move |v: f64| {
                    let mut run = state.scenario.with_untracked(|s| s.run);
                    set(&mut run, v);
                    state.apply(Edit::SetRun(run));
                })
                min=min
                max=max
                step=step
                errors=problems_for(state, Subject::Run, field)
                testid=format!("run-{field}")
            />
        }
    };
    let slo_num = |label: &'static str,
                   unit: &'static str,
                   key: &'static str,
                   field: &'static str,
                   (min, max, step): (f64, f64, f64),
                   get: fn(&archsim_engine::Slo) -> f64,
                   set: fn(&mut archsim_engine::Slo, f64)| {
        view! {
            <NumField
                label=label
                unit=unit
                help=help::field(key)
                value=Signal::derive(move || state.scenario.with(|s| get(&s.slo)))
                on_set=Callback::new(move |v: f64| {
                    let mut slo = state.scenario.with_untracked(|s| s.slo);
                    set(&mut slo, v);
                    state.apply(Edit::SetSlo(slo));
                })
                min=min
                max=max
                step=step
                errors=problems_for(state, Subject::Slo, field)
                testid=format!("slo-{field}")
            />
        }
    };
    let other = Signal::derive(move || {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| matches!(p.subject, Subject::Scenario))
                .map(|p| (p.is_error(), p.message.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="insp" data-testid="scenario-inspector">
            <div class="insp-head">
                <div class="insp-title">
                    <span class="insp-kind">"Scenario"</span>
                    <input
                        class="insp-name"
                        data-testid="scenario-name"
                        aria-label="Scenario name"
                        prop:value=move || state.scenario.with(|s| s.name.clone())
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            state.scenario.update(|s| s.name = name);
                        }
                    />
                </div>
            </div>
            <p class="concept">
                {move || state.scenario.with(|s| s.description.clone())}
            </p>
            <p class="muted small">"Select a component or a connection to inspect it."</p>
            {move || {
                other
                    .get()
                    .into_iter()
                    .map(|(err, m)| view! { <p class=if err { "notice error" } else { "notice warning" }>{m}</p> })
                    .collect_view()
            }}
            <SpikeControl />
            <Timeline />
            <ZonesEditor />
            <section class="insp-section">
                <h3 class="section-title">"Run"</h3>
                {run_num("Seed", "", "run.seed", "seed", (0.0, 1e15, 1.0), |r| r.seed as f64, |r, v| r.seed = v.max(0.0) as u64)}
                {run_num("Duration", "s", "run.duration_s", "duration_s", (1.0, 86_400.0, 10.0), |r| r.duration_s, |r, v| r.duration_s = v)}
                {run_num("Warm-up", "s", "run.warmup_s", "warmup_s", (0.0, 86_400.0, 1.0), |r| r.warmup_s, |r, v| r.warmup_s = v)}
                {run_num("Window", "ms", "run.window_ms", "window_ms", (10.0, 3_600_000.0, 100.0), |r| r.window_ms, |r, v| r.window_ms = v)}
                <CheckField
                    label="Chaos (random failures)"
                    help=help::field("run.chaos")
                    value=Signal::derive(move || state.scenario.with(|s| s.run.chaos))
                    on_set=Callback::new(move |on: bool| {
                        let mut run = state.scenario.with_untracked(|s| s.run);
                        run.chaos = on;
                        state.apply(Edit::SetRun(run));
                    })
                    testid="run-chaos".to_string()
                />
                <p class="field-help" data-testid="chaos-count">
                    {move || {
                        let n = state.scenario.with(|s| s.components.iter().filter(|c| c.failures.is_some()).count());
                        match n {
                            0 => "No component has random failures yet: turn them on in a component's inspector.".to_string(),
                            1 => "1 component has random failures.".to_string(),
                            n => format!("{n} components have random failures."),
                        }
                    }}
                </p>
            </section>
            <section class="insp-section">
                <h3 class="section-title">"Service-level objective"</h3>
                {slo_num("Latency", "ms", "slo.latency_ms", "latency_ms", (1.0, 86_400_000.0, 50.0), |s| s.latency_ms, |s, v| s.latency_ms = v)}
                {slo_num("Target", "%", "slo.success_target", "success_target", (0.0, 100.0, 0.1), |s| (s.success_target * 10000.0).round() / 100.0, |s, v| s.success_target = v / 100.0)}
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_algorithm_keeps_the_long_run_rate() {
        let bucket = RateLimit::TokenBucket {
            rate_rps: 50.0,
            burst: 20,
        };
        for name in [
            "leaky_bucket",
            "fixed_window",
            "sliding_log",
            "sliding_counter",
        ] {
            let other = switch_algorithm(&bucket, name);
            assert_eq!(algorithm_name(&other), name);
            let back = switch_algorithm(&other, "token_bucket");
            match back {
                RateLimit::TokenBucket { rate_rps, burst } => {
                    assert!((rate_rps - 50.0).abs() < 1e-9, "{name}: {rate_rps}");
                    assert!(burst >= 1);
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            switch_algorithm(&bucket, "fixed_window"),
            RateLimit::FixedWindow {
                limit: 50,
                window_ms: 1000.0
            }
        );
        // A tiny rate still gives a limit the engine accepts (at least 1).
        let slow = RateLimit::LeakyBucket {
            rate_rps: 0.01,
            queue: 0,
        };
        assert!(matches!(
            switch_algorithm(&slow, "sliding_log"),
            RateLimit::SlidingLog { limit: 1, .. }
        ));
    }

    #[test]
    fn availability_is_mtbf_over_mtbf_plus_mttr() {
        let f = RandomFailures {
            mtbf_s: 99.0,
            mttr_s: 1.0,
        };
        assert!(availability_line(&f).starts_with("99.00 % available"));
        let f = RandomFailures {
            mtbf_s: 4.0,
            mttr_s: 1.0,
        };
        assert!(availability_line(&f).starts_with("80.0 % available"));
        let zero = RandomFailures {
            mtbf_s: 0.0,
            mttr_s: 0.0,
        };
        assert!(availability_line(&zero).starts_with("Enter"));
    }
}
