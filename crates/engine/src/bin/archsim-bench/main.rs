//! `archsim-bench`: simulates the benchmark workloads and prints events per second.
//!
//! The same program runs natively and as WebAssembly (wasm32-wasip1 under Node's
//! `node:wasi`, see `scripts/run-wasi.mjs`), so the two figures are directly comparable.
//! Criterion (`cargo bench -p archsim-engine`) measures the same workloads natively.
//!
//! ```text
//! archsim-bench [--reps N]
//! ```

mod workloads;

use archsim_engine::Kind;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: archsim-bench [--reps N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reps = match parse_reps(&args) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("archsim-bench: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let target = if cfg!(target_family = "wasm") {
        "wasm"
    } else {
        "native"
    };
    println!(
        "archsim-bench ({target}, {reps} runs per workload; events/s = events / wall time of run_to_end)"
    );
    for w in workloads::workloads() {
        let mut rates = Vec::with_capacity(reps);
        let mut events = 0;
        let mut utilization = Vec::new();
        for _ in 0..reps {
            let mut sim = w.simulation();
            let start = Instant::now();
            sim.run_to_end();
            let secs = start.elapsed().as_secs_f64();
            events = sim.events_processed();
            rates.push(events as f64 / secs.max(1e-9));
            utilization = sim
                .summary()
                .components
                .iter()
                .filter(|c| matches!(c.kind, Kind::Service | Kind::Database))
                .map(|c| format!("{} {:.1} %", c.id, c.utilization * 100.0))
                .collect();
        }
        rates.sort_by(f64::total_cmp);
        let best = rates[rates.len() - 1];
        let median = rates[rates.len() / 2];
        println!(
            "{:<14} events {:>9}  best {:>6.2} M events/s  median {:>6.2} M events/s  ({})",
            w.name,
            events,
            best / 1e6,
            median / 1e6,
            utilization.join(", ")
        );
    }
    ExitCode::SUCCESS
}

fn parse_reps(args: &[String]) -> Result<usize, String> {
    match args {
        [] => Ok(5),
        [flag, n] if flag == "--reps" => match n.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("--reps must be a whole number ≥ 1, got '{n}'")),
        },
        _ => Err(format!("unexpected arguments {args:?}")),
    }
}
