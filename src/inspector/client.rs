//! The client's traffic: open or closed, the rate over time and its steps (the rest of its
//! fields are drawn from the engine's descriptions).

use crate::engine::{ArrivalProcess, Dist, Params, RateProfile, RateStep, Traffic};
use crate::inspector::ctx::{COUNT, Ctx, RPS, SECONDS};
use crate::inspector::ctx::{p, s};
use leptos::prelude::*;

/// What the traffic widgets of a client depend on (their rate's shape and its number of
/// steps), to redraw them when it changes; `None` for other kinds.
pub(super) fn traffic_shape(params: &Params) -> Option<String> {
    let Params::Client(p) = params else {
        return None;
    };
    Some(match &p.traffic {
        Traffic::Open { rate, .. } => match rate {
            RateProfile::Constant { .. } => "client/c".to_string(),
            RateProfile::Ramp { .. } => "client/r".to_string(),
            RateProfile::Spike { .. } => "client/s".to_string(),
            RateProfile::Steps { steps, .. } => format!("client/st{}", steps.len()),
        },
        Traffic::Closed { .. } => "client/closed".to_string(),
    })
}

/// How a client's requests arrive: open or closed, and the rate over time with its steps
/// (nothing for other kinds). The client's other fields are the engine's descriptions.
pub(super) fn client_traffic(c: &Ctx, params: &Params) -> Vec<AnyView> {
    let Params::Client(p) = params else {
        return Vec::new();
    };
    let mut v = Vec::new();
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
    v
}
