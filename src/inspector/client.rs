//! The client's fields: traffic shape (open or closed, rate profile, steps), timeouts,
//! retries and their budget.

use crate::engine::{
    ArrivalProcess, Dist, Jitter, KeyDist, Params, RateProfile, RateStep, RetryBudget, Traffic,
};
use crate::inspector::ctx::{COUNT, Ctx, MS, PERCENT, RPS, SECONDS};
use crate::inspector::ctx::{p, s};
use leptos::prelude::*;

pub(super) fn client_fields(c: &Ctx, p: &archsim_engine::ClientParams) -> Vec<AnyView> {
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
