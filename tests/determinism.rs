//! The engine promises that the same scenario and seed give byte-identical results natively and
//! in WebAssembly. This test runs every example scenario and digests the engine's full JSON
//! report (summary, per-window series, per-component figures).
//!
//! - `cargo test` (native) and the browser run (`cargo test --target wasm32-unknown-unknown`)
//!   each check that a second run gives the same digests.
//! - `scripts/test.sh` writes the native digests to a file (`ARCHSIM_DIGEST_OUT`, at run time)
//!   and hands them to the wasm build (`ARCHSIM_NATIVE_DIGESTS`, at compile time), so the browser
//!   must reproduce the native bytes exactly.

use archsim_engine::{Scenario, Simulation};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLES: [(&str, &str); 9] = [
    ("mm1", include_str!("../examples/mm1.json")),
    ("mmc", include_str!("../examples/mmc.json")),
    (
        "queue-workers",
        include_str!("../examples/queue-workers.json"),
    ),
    ("web-app", include_str!("../examples/web-app.json")),
    // Breakers, retry budgets, idempotency keys, optional calls and cache fallback.
    ("resilience", include_str!("../examples/resilience.json")),
    // LRU and LFU eviction (an ordered set of use counts) side by side.
    (
        "cache-eviction",
        include_str!("../examples/cache-eviction.json"),
    ),
    // Signed-in users, sticky pins and sessions in memory, through a crash.
    ("sessions", include_str!("../examples/sessions.json")),
    // A machine size's speed factor, and a resize: a restart, then more workers.
    (
        "vertical-scaling",
        include_str!("../examples/vertical-scaling.json"),
    ),
    // Health probes timing out over a jittery (log-normal) link.
    ("heartbeats", include_str!("../examples/heartbeats.json")),
];

/// Long enough to pass every example's warm-up and fill several metric windows, short enough
/// for an unoptimised build in the browser.
const DURATION_S: f64 = 20.0;

/// 64-bit FNV-1a: a stable digest with no dependency, identical on every target.
fn fnv1a_64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn report_digest(name: &str, json: &str) -> String {
    let mut scenario = Scenario::from_json(json)
        .unwrap_or_else(|err| panic!("examples/{name}.json does not parse: {err}"));
    scenario.run.duration_s = DURATION_S;
    let mut sim = Simulation::new(&scenario)
        .unwrap_or_else(|problems| panic!("examples/{name}.json is invalid: {problems:?}"));
    sim.run_to_end();
    let report = serde_json::to_vec(&sim.report()).expect("a report serialises to JSON");
    format!("{name}={:016x}", fnv1a_64(&report))
}

/// `name=digest` for every example, space separated.
fn digests() -> String {
    EXAMPLES
        .iter()
        .map(|(name, json)| report_digest(name, json))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_example_gives_the_same_report_on_every_run_and_target() {
    let first = digests();
    assert_eq!(first, digests(), "two runs of the same scenarios differ");

    #[cfg(not(target_arch = "wasm32"))]
    if let Some(path) = std::env::var_os("ARCHSIM_DIGEST_OUT") {
        std::fs::write(&path, &first).expect("write the native digests");
    }

    #[cfg(target_arch = "wasm32")]
    if let Some(native) = option_env!("ARCHSIM_NATIVE_DIGESTS") {
        assert_eq!(first, native, "the browser run differs from the native run");
    }
}
