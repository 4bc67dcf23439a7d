//! The engine benchmark as the app ships it: `window.wasmBindings.engine_bench(json)` runs a
//! scenario to its end in this wasm build and returns the events it processed, so a page can
//! time it with `performance.now()` and compare with the native `archsim-bench` on the same
//! workload (`scripts/perf.sh`).

use archsim_engine::{Scenario, Simulation};
use wasm_bindgen::prelude::*;

/// Runs the scenario (JSON, as the CLI reads it) from start to end and returns the number of
/// simulated events. Errors name what is wrong with the scenario.
#[wasm_bindgen]
pub fn engine_bench(scenario_json: &str) -> Result<f64, JsValue> {
    let scenario = Scenario::from_json(scenario_json).map_err(|e| JsValue::from_str(&e))?;
    let mut sim = Simulation::new(&scenario).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        JsValue::from_str(&lines.join("\n"))
    })?;
    sim.run_to_end();
    Ok(sim.events_processed() as f64)
}
