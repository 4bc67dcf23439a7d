//! Helpers shared by the engine's integration tests: scenario builders, independent
//! replications run on all cores, and the statistics that justify each tolerance.

#![allow(dead_code)] // each test file uses a different subset

use archsim_engine::{Report, Scenario, Simulation};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The repository's `examples/` folder.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Every example scenario, by file name, in name order.
pub fn examples() -> Vec<(String, Scenario)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable example");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, scenario)
        })
        .collect()
}

/// One example scenario by file name (`"web-app.json"`).
pub fn example(name: &str) -> Scenario {
    let path = examples_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A scenario from a `json!` value (panics with the serde message if the shape is wrong).
pub fn scenario(v: Value) -> Scenario {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("test scenario does not parse: {e}"))
}

/// An open Poisson client at `rps` over a 0 ms connection to one service with `workers`
/// workers, service time `service`, and a queue too long to ever fill: exactly M/G/c.
pub fn queue_model(
    rps: f64,
    workers: u32,
    service: Value,
    duration_s: f64,
    warmup_s: f64,
) -> Scenario {
    scenario(json!({
        "name": "M/G/c",
        "components": [
            {"id": "clients", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
                "read_ratio": 1.0, "keys": {"dist": "uniform", "count": 1000},
                // Nobody times out: P(T > 10 s) < e^-100 for every model here. Not longer,
                // though: each pending timeout waits in the event heap until it fires, and
                // a longer one would keep ~λ·timeout of them there (twice the run time).
                "timeout_ms": 10_000.0}},
            {"id": "server", "params": {"type": "service", "instances": 1, "workers": workers,
                "service_time": service, "queue_capacity": 10_000_000}}
        ],
        "connections": [
            {"from": "clients", "to": "server", "latency": {"dist": "constant", "ms": 0}}
        ],
        // Long windows: the window tallies are not what these tests look at.
        "run": {"seed": 1, "duration_s": duration_s, "warmup_s": warmup_s, "window_ms": 60_000},
        "slo": {"latency_ms": 1000, "success_target": 0.9}
    }))
}

/// Runs `scenario` to the end with `seed`.
pub fn run(scenario: &Scenario, seed: u64) -> Simulation {
    let mut s = scenario.clone();
    s.run.seed = seed;
    let mut sim = Simulation::new(&s).unwrap_or_else(|p| panic!("invalid test scenario: {p:?}"));
    sim.run_to_end();
    sim
}

/// The report of `scenario` run to the end with `seed`.
pub fn report(scenario: &Scenario, seed: u64) -> Report {
    run(scenario, seed).report()
}

/// `f(seed)` for every seed, spread over all cores; results in seed order.
pub fn replicate<T: Send>(seeds: &[u64], f: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut out: Vec<Option<T>> = (0..seeds.len()).map(|_| None).collect();
    let chunk = seeds.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (seeds, slots) in seeds.chunks(chunk).zip(out.chunks_mut(chunk)) {
            let f = &f;
            scope.spawn(move || {
                for (seed, slot) in seeds.iter().zip(slots) {
                    *slot = Some(f(*seed));
                }
            });
        }
    });
    out.into_iter()
        .map(|x| x.expect("every replication ran"))
        .collect()
}

/// The mean of independent replications and its standard error (sample sd / √n).
#[derive(Clone, Copy, Debug)]
pub struct Estimate {
    pub mean: f64,
    pub se: f64,
    pub n: usize,
}

impl Estimate {
    pub fn of(xs: &[f64]) -> Estimate {
        let n = xs.len();
        assert!(n >= 2, "a standard error needs two replications");
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        Estimate {
            mean,
            se: (var / n as f64).sqrt(),
            n,
        }
    }
}

/// Asserts that `est` is within `rel_tol` of `theory`, and that the test means something:
/// the tolerance must be at least 3 standard errors of the estimate, so that a correct
/// engine fails it less than ~0.3 % of the time by chance (normal batch means), while an
/// error of the size of the tolerance cannot hide in the noise.
pub fn assert_close(what: &str, est: Estimate, theory: f64, rel_tol: f64) {
    let err = (est.mean - theory) / theory;
    let se_rel = est.se / theory.abs();
    eprintln!(
        "{what}: measured {:.4} theory {:.4} error {:+.3} % (±{:.3} % s.e., tolerance {} %, {} replications)",
        est.mean,
        theory,
        err * 100.0,
        se_rel * 100.0,
        rel_tol * 100.0,
        est.n
    );
    assert!(
        err.abs() <= rel_tol,
        "{what}: measured {} but theory says {theory} (error {:+.3} %, tolerance {} %)",
        est.mean,
        err * 100.0,
        rel_tol * 100.0
    );
    assert!(
        3.0 * se_rel <= rel_tol,
        "{what}: the standard error ({:.3} %) is too large for a {} % tolerance to mean anything; run longer",
        se_rel * 100.0,
        rel_tol * 100.0
    );
}

/// Asserts `|measured - expected| <= rel_tol * expected` with a readable message.
pub fn assert_rel(what: &str, measured: f64, expected: f64, rel_tol: f64) {
    let err = (measured - expected) / expected;
    eprintln!(
        "{what}: measured {measured:.4} expected {expected:.4} error {:+.3} %",
        err * 100.0
    );
    assert!(
        err.abs() <= rel_tol,
        "{what}: measured {measured}, expected {expected} (error {:+.3} %, tolerance {} %)",
        err * 100.0,
        rel_tol * 100.0
    );
}

/// Erlang C: the probability that an arrival at an M/M/c queue with offered load
/// `a` = λ/μ has to wait.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let rho = a / c as f64;
    let mut term = 1.0; // a^k / k!
    let mut below = 0.0; // Σ_{k<c} a^k / k!
    for k in 0..c {
        below += term;
        term *= a / (k + 1) as f64;
    }
    let top = term / (1.0 - rho);
    top / (below + top)
}

/// The mean time in an M/M/c system: service plus the Erlang C wait.
pub fn mmc_mean(lambda: f64, mu: f64, c: u32) -> f64 {
    1.0 / mu + erlang_c(c, lambda / mu) / (c as f64 * mu - lambda)
}
