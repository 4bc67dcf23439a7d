//! Engine throughput in simulated events per second, natively (metrics are always on).
//!
//! `cargo bench -p archsim-engine` runs M/M/1 at rho = 0.8 and the client -> LB ->
//! 3 services -> cache -> DB graph at about 70 % utilization. The workloads are shared
//! with the `archsim-bench` binary, which also runs as WebAssembly.

#[path = "../src/bin/archsim-bench/workloads.rs"]
mod workloads;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    // One run is 20-150 ms; ten samples over a few seconds are plenty and keep
    // `cargo bench` well under two minutes on two cores.
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    for w in workloads::workloads() {
        // The seed is fixed, so every run processes the same number of events.
        let mut sim = w.simulation();
        sim.run_to_end();
        group.throughput(Throughput::Elements(sim.summary().events));
        group.bench_function(w.name, |b| {
            b.iter_batched(
                || w.simulation(),
                |mut sim| {
                    sim.run_to_end();
                    sim
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
