//! `archsim-bench`: simulates the benchmark workloads and prints events per second.
//!
//! The same program runs natively and as WebAssembly (wasm32-wasip1 under Node's
//! `node:wasi`, see `scripts/run-wasi.mjs`), so the two figures are directly comparable.
//! Criterion (`cargo bench -p archsim-engine`) measures the same workloads natively.
//!
//! ```text
//! archsim-bench [--reps N] [--only WORKLOAD]
//! ```

mod workloads;

use archsim_engine::Kind;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: archsim-bench [--reps N] [--only WORKLOAD]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (reps, only) = match parse(&args) {
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
        if only.as_ref().is_some_and(|name| name != w.name) {
            continue;
        }
        let mut rates = Vec::with_capacity(reps);
        let mut events = 0;
        let mut utilization = Vec::new();
        for _ in 0..reps {
            let mut sim = w.simulation();
            let start = Instant::now();
            run(&mut sim);
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

/// The timed work, kept out of `main` so that the optimizer treats it like any caller's.
#[inline(never)]
fn run(sim: &mut archsim_engine::Simulation) {
    sim.run_to_end();
}

fn parse(args: &[String]) -> Result<(usize, Option<String>), String> {
    let mut reps = 5;
    let mut only = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--reps" => {
                let n = it.next().ok_or("--reps needs a number")?;
                reps = match n.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => return Err(format!("--reps must be a whole number ≥ 1, got '{n}'")),
                };
            }
            "--only" => {
                let name = it.next().ok_or("--only needs a workload name")?;
                if !workloads::workloads().iter().any(|w| w.name == name) {
                    return Err(format!("there is no workload '{name}'"));
                }
                only = Some(name.clone());
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok((reps, only))
}
