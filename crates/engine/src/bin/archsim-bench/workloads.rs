//! The benchmark workloads, shared by `benches/engine.rs` (criterion, native) and the
//! `archsim-bench` binary (native and wasm32-wasip1), so both measure exactly the same runs.
//!
//! The scenarios are compiled in from the repository's `examples/`, so the wasm build
//! needs no file access.

use archsim_engine::{Params, RateProfile, Scenario, Simulation, Traffic};

/// One benchmark run: a scenario simulated from start to end.
pub struct Workload {
    /// Short name used in benchmark ids and output.
    pub name: &'static str,
    pub scenario: Scenario,
}

impl Workload {
    /// Builds the simulation (not part of the timed work).
    pub fn simulation(&self) -> Simulation {
        match Simulation::new(&self.scenario) {
            Ok(sim) => sim,
            Err(problems) => panic!("benchmark scenario {} is invalid: {problems:?}", self.name),
        }
    }
}

fn example(name: &str, json: &str) -> Scenario {
    match Scenario::from_json(json) {
        Ok(s) => s,
        Err(e) => panic!("examples/{name}: {e}"),
    }
}

/// Requests per second of the web-app variant at about 70 % service utilization
/// (the shipped example runs at 300 rps, about 33 %).
pub const WEB_APP_RPS: f64 = 630.0;

/// The two workloads of the README's Performance section.
pub fn workloads() -> Vec<Workload> {
    // M/M/1 at rho = 0.8 exactly as shipped: 600 s simulated, about 193,000 events.
    let mm1 = example("mm1.json", include_str!("../../../../../examples/mm1.json"));

    // Client -> LB -> 3 services -> cache -> DB, with the client rate raised to ~70 %
    // utilization of the services: 120 s simulated, about 840,000 events.
    let mut web = example(
        "web-app.json",
        include_str!("../../../../../examples/web-app.json"),
    );
    for c in &mut web.components {
        if let Params::Client(p) = &mut c.params
            && let Traffic::Open { rate, .. } = &mut p.traffic
        {
            *rate = RateProfile::Constant { rps: WEB_APP_RPS };
        }
    }
    vec![
        Workload {
            name: "mm1_rho0.8",
            scenario: mm1,
        },
        Workload {
            name: "web_app_70pct",
            scenario: web,
        },
    ]
}
