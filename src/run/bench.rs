//! The engine benchmark as the app ships it: `window.wasmBindings.engine_bench(json)` runs a
//! scenario to its end in this wasm build and returns the events it processed, so a page can
//! time it with `performance.now()` and compare with the native `archsim-bench` on the same
//! workload (`scripts/perf.sh`). `wasm_memory_bytes()` tells the wasm memory a page holds.

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

/// The bytes of linear memory this wasm instance holds (memory only grows), so a test can
/// check that a hostile scenario leaves the tab's memory bounded.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65_536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
