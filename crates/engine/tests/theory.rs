//! The engine against queueing theory: M/M/1, M/M/c (Erlang C), M/D/1 (Pollaczek–Khinchine),
//! Little's law per component, and what a cache sends to its database.
//!
//! Every figure is the mean of independent replications (one seed each). Their spread gives
//! the standard error of the estimate, and each check asserts both the tolerance and that
//! the tolerance is at least 3 standard errors (see `common::assert_close`): a test that
//! passes because the noise is bigger than the tolerance would prove nothing.
//!
//! By default M/M/1 at ρ = 0.5 and 0.8 and M/D/1 are checked to the issue's precision (1 %
//! on the mean, 2 % on the p99) and ρ = 0.9 (M/M/1 and M/M/4) to 3 % / 5 %, about 40 M
//! simulated requests, ~20 CPU-seconds. The runs that reach 1 % / 2 % at ρ = 0.9 need 50 M
//! requests each (~1–2 minutes on two cores) and are opt-in:
//!
//! ```text
//! cargo test -p archsim-engine --release --test theory -- --ignored
//! ```

mod common;

use archsim_engine::{Kind, Summary};
use common::{
    Estimate, assert_close, assert_rel, erlang_c, mmc_mean, queue_model, replicate, scenario,
};
use serde_json::json;

/// Mean service time of every queueing model here: μ = 100 requests per second per worker.
const SERVICE_MS: f64 = 10.0;
const MU: f64 = 1000.0 / SERVICE_MS;

/// Independent replications per figure: the standard error comes from their spread, and
/// with 20 of them it is itself known to about ±16 %.
const REPLICATIONS: u64 = 20;

/// Runs an M/G/c model (`workers` workers, service time `service`) once per seed, with
/// `customers` customers in all after warm-up, and returns each run's summary.
fn summaries(rps: f64, workers: u32, service: serde_json::Value, customers: f64) -> Vec<Summary> {
    // The slowest model here (ρ = 0.9) forgets its empty start in a few relaxation times
    // 1/(μ(1-√ρ)²) ≈ 4 s; 50 s of warm-up leaves no trace of it.
    let warmup_s = 50.0;
    let measured_s = (customers / REPLICATIONS as f64 / rps).round();
    let model = queue_model(rps, workers, service, warmup_s + measured_s, warmup_s);
    let seeds: Vec<u64> = (1..=REPLICATIONS).collect();
    let runs = replicate(&seeds, |seed| common::run(&model, seed).summary());
    for s in &runs {
        assert_eq!(s.failed.total(), 0, "nobody may time out or be rejected");
    }
    let served: u64 = runs.iter().map(|s| s.completed).sum();
    eprintln!(
        "{rps} req/s, {workers} worker(s): {served} customers in {REPLICATIONS} runs of {measured_s} s"
    );
    runs
}

fn estimate(xs: &[Summary], f: impl Fn(&Summary) -> f64) -> Estimate {
    Estimate::of(&xs.iter().map(f).collect::<Vec<_>>())
}

/// M/M/1 at utilization `rho`: the time in system is exponential with rate μ − λ, so its
/// mean is 1/(μ − λ) and its p99 is ln(100)/(μ − λ).
fn check_mm1(rho: f64, customers: f64, mean_tol: f64, p99_tol: f64) {
    let lambda = rho * MU;
    let service = json!({"dist": "exponential", "mean_ms": SERVICE_MS});
    let runs = summaries(lambda, 1, service, customers);
    let mean_ms = 1000.0 / (MU - lambda);
    let p99_ms = 1000.0 * 100f64.ln() / (MU - lambda);
    assert_close(
        &format!("M/M/1 ρ={rho} utilization"),
        estimate(&runs, |s| s.components[1].utilization),
        rho,
        mean_tol,
    );
    assert_close(
        &format!("M/M/1 ρ={rho} mean time in system (ms)"),
        estimate(&runs, |s| s.latency.mean_ms),
        mean_ms,
        mean_tol,
    );
    assert_close(
        &format!("M/M/1 ρ={rho} p99 (ms)"),
        estimate(&runs, |s| s.latency.p99_ms),
        p99_ms,
        p99_tol,
    );
}

// How many customers a tolerance needs. Neighbours' waits are correlated, so the mean of n
// sojourn times varies much more than σ²/n: the time-average number in an M/M/1 system has
// asymptotic variance 2ρ(1+ρ)/(1−ρ)⁴ (Whitt 1989, per unit time, μ = 1), which through
// L = λW makes the relative variance of the mean sojourn time about v/n with
// v = 2(1+ρ)/(1−ρ)²: 12, 90 and 380 at ρ = 0.5, 0.8, 0.9 (the spread across our
// replications agrees). The p99 is noisier: v ≈ 80, 220 and 1300, measured the same way.
// A tolerance ε at k standard errors needs n ≈ v·(k/ε)² customers; with k ≈ 3.5 (so the
// "tolerance ≥ 3 s.e." check has margin for the ±16 % uncertainty of the s.e. itself):
//   ρ = 0.5, 1 % / 2 %:  mean 1.5 M, p99 2.5 M      -> 3.2 M customers
//   ρ = 0.8, 1 % / 2 %:  mean 11 M,  p99 6.7 M      -> 11 M
//   ρ = 0.9, 3 % / 5 %:  mean 5.2 M, p99 6.4 M      -> 7.2 M   (default run)
//   ρ = 0.9, 1 % / 2 %:  mean 47 M,  p99 40 M       -> 50 M    (opt-in, `--ignored`)

#[test]
fn mm1_at_utilization_0_5_matches_closed_forms() {
    check_mm1(0.5, 3.2e6, 0.01, 0.02);
}

#[test]
fn mm1_at_utilization_0_8_matches_closed_forms() {
    check_mm1(0.8, 11e6, 0.01, 0.02);
}

#[test]
fn mm1_at_utilization_0_9_matches_closed_forms_roughly() {
    check_mm1(0.9, 7.2e6, 0.03, 0.05);
}

#[test]
#[ignore = "long (50 M customers): cargo test -p archsim-engine --release --test theory -- --ignored"]
fn mm1_at_utilization_0_9_matches_closed_forms_precisely() {
    check_mm1(0.9, 50e6, 0.01, 0.02);
}

/// M/M/c sojourn time T = S + Wq with S ~ Exp(μ) and Wq = 0 with probability 1 − C,
/// else Exp(θ = cμ − λ): P(T > t) = (1 − C)e^{−μt} + C(θe^{−μt} − μe^{−θt})/(θ − μ).
fn mmc_tail(t: f64, lambda: f64, mu: f64, c: u32) -> f64 {
    let pw = erlang_c(c, lambda / mu);
    let theta = c as f64 * mu - lambda;
    let s = (-mu * t).exp();
    (1.0 - pw) * s + pw * (theta * s - mu * (-theta * t).exp()) / (theta - mu)
}

fn mmc_quantile(q: f64, lambda: f64, mu: f64, c: u32) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    while mmc_tail(hi, lambda, mu, c) > 1.0 - q {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if mmc_tail(mid, lambda, mu, c) > 1.0 - q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

#[test]
fn erlang_c_formulas_reproduce_the_textbook_figures() {
    // The issue's figures for λ = 3.6, μ = 1, c = 4 (5 significant digits). The chance of
    // waiting follows from the mean: C = (W − 1/μ)(cμ − λ) = 1.9694 × 0.4 = 0.7878.
    let (l, m, c) = (3.6, 1.0, 4);
    assert!((erlang_c(c, l / m) - 0.78775).abs() < 5e-5);
    assert!((mmc_mean(l, m, c) - 2.9694).abs() < 5e-5);
    assert!((mmc_quantile(0.50, l, m, c) - 2.2545).abs() < 5e-5);
    assert!((mmc_quantile(0.95, l, m, c) - 8.1655).abs() < 5e-5);
    assert!((mmc_quantile(0.99, l, m, c) - 12.193).abs() < 5e-4);
    // One worker: Erlang C is ρ and the formulas fall back to M/M/1.
    assert!((erlang_c(1, 0.8) - 0.8).abs() < 1e-12);
    assert!((mmc_mean(80.0, 100.0, 1) - 0.05).abs() < 1e-12);
}

/// A quantile, its name, and where a summary reports it.
type Quantile = (f64, &'static str, fn(&Summary) -> f64);

/// M/M/4 at ρ = 0.9 (λ = 3.6, μ = 1 scaled ×100 in rate: 360 req/s, 10 ms service, as in
/// examples/mmc.json) against Erlang C: the mean and the p50, p95 and p99 of the time in
/// system.
fn check_mm4(customers: f64, mean_tol: f64, quantile_tol: f64) {
    let (c, lambda) = (4, 360.0);
    let service = json!({"dist": "exponential", "mean_ms": SERVICE_MS});
    let runs = summaries(lambda, c, service, customers);
    let ms = |x: f64| x * 1000.0;
    assert_close(
        "M/M/4 ρ=0.9 mean (ms)",
        estimate(&runs, |s| s.latency.mean_ms),
        ms(mmc_mean(lambda, MU, c)),
        mean_tol,
    );
    let quantiles: [Quantile; 3] = [
        (0.50, "p50", |s| s.latency.p50_ms),
        (0.95, "p95", |s| s.latency.p95_ms),
        (0.99, "p99", |s| s.latency.p99_ms),
    ];
    for (q, name, f) in quantiles {
        assert_close(
            &format!("M/M/4 ρ=0.9 {name} (ms)"),
            estimate(&runs, f),
            ms(mmc_quantile(q, lambda, MU, c)),
            quantile_tol,
        );
    }
}

// The M/M/4 mean at ρ = 0.9 has v ≈ 350 and its p99 v ≈ 1500–2500 (measured across
// replications; the p50 and p95 are quieter). 3 % / 5 % at 3.5 s.e. needs ≈ 12 M
// customers, 1 % / 2 % ≈ 50 M.

#[test]
fn mm4_at_utilization_0_9_matches_erlang_c_roughly() {
    check_mm4(12e6, 0.03, 0.05);
}

#[test]
#[ignore = "long (50 M customers): cargo test -p archsim-engine --release --test theory -- --ignored"]
fn mm4_at_utilization_0_9_matches_erlang_c_precisely() {
    check_mm4(50e6, 0.01, 0.02);
}

#[test]
fn md1_mean_wait_matches_pollaczek_khinchine() {
    // Constant 10 ms service at ρ = 0.8: P–K gives Wq = ρ/(2μ(1−ρ)) = 20 ms, W = 30 ms.
    // The wait's v ≈ 60 (measured), so 1 % at 3.5 s.e. needs ≈ 7.5 M customers.
    let rho = 0.8;
    let service = json!({"dist": "constant", "ms": SERVICE_MS});
    let runs = summaries(rho * MU, 1, service, 8e6);
    let wq_ms = 1000.0 * rho / (2.0 * MU * (1.0 - rho));
    assert_close(
        "M/D/1 ρ=0.8 mean wait (ms)",
        estimate(&runs, |s| s.latency.mean_ms - SERVICE_MS),
        wq_ms,
        0.01,
    );
    // Every request is served for exactly 10 ms, so nothing is faster than that.
    for s in &runs {
        assert!(s.latency.p50_ms >= SERVICE_MS * 0.999);
    }
}

/// Runs `replications` copies of an M/M/c model whose queue holds `queue` requests and
/// returns the share of arrivals each run rejected.
fn rejected_shares(rps: f64, workers: u32, queue: u32, customers: f64) -> Estimate {
    let warmup_s = 10.0;
    let measured_s = (customers / REPLICATIONS as f64 / rps).round();
    let mut model = queue_model(
        rps,
        workers,
        json!({"dist": "exponential", "mean_ms": SERVICE_MS}),
        warmup_s + measured_s,
        warmup_s,
    );
    for c in &mut model.components {
        if let archsim_engine::Params::Service(p) = &mut c.params {
            p.queue_capacity = queue;
        }
    }
    let seeds: Vec<u64> = (1..=REPLICATIONS).collect();
    let shares = replicate(&seeds, |seed| {
        let s = common::run(&model, seed).summary();
        let server = &s.components[1];
        assert_eq!(
            server.drops,
            s.failed.get(archsim_engine::FailReason::Rejected)
        );
        server.drops as f64 / server.arrivals as f64
    });
    Estimate::of(&shares)
}

#[test]
fn a_full_queue_rejects_the_share_that_m_m_1_k_predicts() {
    // One worker and 9 places in the queue: M/M/1/K with K = 10. An arrival finds the
    // system full with probability P_K = (1−ρ)ρ^K / (1 − ρ^(K+1)) ≈ 5.1 % at ρ = 0.9.
    let (rho, k) = (0.9f64, 10);
    let p_full = (1.0 - rho) * rho.powi(k) / (1.0 - rho.powi(k + 1));
    // 2 M arrivals: the share's s.e. comes out near 1 % of it (rejections come in bursts
    // while the queue is full, ~3× the binomial s.e.); 4 % is ~4 s.e.
    let est = rejected_shares(rho * MU, 1, (k - 1) as u32, 2e6);
    assert_close("M/M/1/10 ρ=0.9 share rejected", est, p_full, 0.04);
}

#[test]
fn a_pool_without_a_queue_rejects_the_erlang_b_share() {
    // Four workers and no queue at offered load a = λ/μ = 3: Erlang B,
    // B(c, a) = (a^c/c!) / Σ_{k≤c} a^k/k! = 3.375 / 16.375 ≈ 20.6 % of arrivals rejected
    // (whatever the service-time distribution).
    let (c, a) = (4, 3.0f64);
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=c {
        term *= a / k as f64;
        sum += term;
    }
    let erlang_b = term / sum;
    // 2 M arrivals: s.e. ≈ 0.3 % of the share (2× binomial); 2 % is ~7 s.e.
    let est = rejected_shares(a * MU, c, 0, 2e6);
    assert_close("M/M/4/4 a=3 share rejected (Erlang B)", est, erlang_b, 0.02);
}

#[test]
fn littles_law_holds_for_every_component_of_the_web_app() {
    // L = λW is a sample-path identity: on a long run it holds for any component, whatever
    // its internals, up to the requests inside at the two ends of the measured interval
    // (a relative error of about W/T ≈ 30 ms / 300 s here). 2 % leaves room for that and
    // for nothing else, so a component whose L, λ and W disagree fails.
    let mut sc = common::example("web-app.json");
    sc.run.duration_s = 305.0;
    let s = common::run(&sc, 42).summary();
    let mut checked = 0;
    for c in &s.components {
        if c.kind == Kind::Client {
            continue; // a client has no arrivals: it only sends
        }
        assert!(c.arrivals > 10_000, "{}: too few arrivals to check", c.id);
        let lambda_w = c.arrival_rps * c.mean_time_in_system_ms / 1000.0;
        assert_rel(
            &format!("Little's law at {} (L vs λW)", c.id),
            c.mean_in_system,
            lambda_w,
            0.02,
        );
        checked += 1;
    }
    assert_eq!(checked, 6, "the LB, three services, the cache and the DB");
}

#[test]
fn littles_law_holds_for_a_message_queue() {
    // A queue answers the producer at once and keeps the message until a consumer is done
    // with it: L counts the messages held, λ the messages that arrived, W their stay.
    let s = common::run(&common::example("queue-workers.json"), 7).summary();
    let queue = s
        .components
        .iter()
        .find(|c| c.kind == Kind::Queue)
        .expect("a queue");
    let lambda_w = queue.arrival_rps * queue.mean_time_in_system_ms / 1000.0;
    assert_rel(
        "Little's law at the queue (L vs λW)",
        queue.mean_in_system,
        lambda_w,
        0.02,
    );
}

/// Users → API → cache with a fixed hit ratio → DB, with ample capacity everywhere.
fn cache_model(hit_ratio: f64, read_ratio: f64, rps: f64) -> archsim_engine::Scenario {
    scenario(json!({
        "components": [
            {"id": "users", "params": {"type": "client",
                "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": rps}},
                "read_ratio": read_ratio, "keys": {"dist": "uniform", "count": 1000}, "timeout_ms": 10_000}},
            {"id": "api", "params": {"type": "service", "instances": 1, "workers": 64,
                "service_time": {"dist": "exponential", "mean_ms": 1}, "queue_capacity": 100_000}},
            {"id": "cache", "params": {"type": "cache",
                "mode": {"policy": "fixed_hit_ratio", "hit_ratio": hit_ratio},
                "latency": {"dist": "constant", "ms": 0.5}}},
            {"id": "db", "params": {"type": "database", "connections": 64,
                "read_time": {"dist": "exponential", "mean_ms": 2},
                "write_time": {"dist": "exponential", "mean_ms": 4},
                "queue_capacity": 100_000, "max_wait_ms": 10_000}}
        ],
        "connections": [
            {"from": "users", "to": "api"},
            {"from": "api", "to": "cache"},
            {"from": "cache", "to": "db"}
        ],
        "run": {"seed": 1, "duration_s": 205, "warmup_s": 5, "window_ms": 1000}
    }))
}

#[test]
fn fixed_hit_ratio_sends_the_misses_and_the_writes_to_the_database() {
    // λ = 1000 req/s for 200 s: 200 000 requests per run. Writes and missed reads are
    // independent thinnings of a Poisson stream, so the DB's count is Poisson too: relative
    // s.d. 1/√n, 0.5 % for the smallest stream here (h = 0.9, 90 % reads: 190 req/s,
    // 38 000 calls). 2 % is ~4 s.d.
    let lambda = 1000.0;
    for (h, reads) in [(0.0, 1.0), (0.5, 0.8), (0.9, 0.9), (1.0, 0.7)] {
        let s = common::run(&cache_model(h, reads, lambda), 7).summary();
        let by_id = |id: &str| s.components.iter().find(|c| c.id == id).unwrap();
        assert_rel(
            "requests reaching the cache",
            by_id("cache").arrival_rps,
            lambda,
            0.02,
        );
        let expected = (1.0 - h) * reads * lambda + (1.0 - reads) * lambda;
        assert_rel(
            &format!("DB load with hit ratio {h} and {reads} reads"),
            by_id("db").arrival_rps,
            expected,
            0.02,
        );
        assert!(
            (by_id("cache").hit_ratio - h).abs() < 0.01,
            "cache hit ratio"
        );
    }
}

#[test]
fn lru_hit_ratio_rises_with_capacity_under_zipf_keys() {
    // Zipf(1.0) over 10 000 keys: the k hottest keys get H(k)/H(10 000) of the reads, an
    // upper bound for an LRU of k entries (≈ 0.30, 0.53, 0.76 for 10, 100, 1000); LRU gets
    // somewhat less because cold keys evict hot ones. The ratio must rise with capacity
    // and stay below that bound.
    let harmonic = |n: u32| (1..=n).map(|k| 1.0 / k as f64).sum::<f64>();
    let mut previous = 0.0;
    for capacity in [10, 100, 1000] {
        let sc = scenario(json!({
            "components": [
                {"id": "users", "params": {"type": "client",
                    "traffic": {"model": "open", "process": "poisson", "rate": {"shape": "constant", "rps": 2000}},
                    "read_ratio": 1.0, "keys": {"dist": "zipf", "count": 10_000, "s": 1.0}, "timeout_ms": 10_000}},
                {"id": "cache", "params": {"type": "cache",
                    "mode": {"policy": "lru", "capacity": capacity, "ttl_ms": 1.0e9},
                    "latency": {"dist": "constant", "ms": 0.2}}},
                {"id": "db", "params": {"type": "database", "connections": 100,
                    "read_time": {"dist": "exponential", "mean_ms": 1},
                    "queue_capacity": 100_000, "max_wait_ms": 10_000}}
            ],
            "connections": [{"from": "users", "to": "cache"}, {"from": "cache", "to": "db"}],
            "run": {"seed": 3, "duration_s": 60, "warmup_s": 10, "window_ms": 1000}
        }));
        let s = common::run(&sc, 3).summary();
        let cache = &s.components[1];
        let bound = harmonic(capacity) / harmonic(10_000);
        eprintln!(
            "LRU capacity {capacity}: hit ratio {:.4} (bound {bound:.4}) over {} lookups",
            cache.hit_ratio,
            cache.hits + cache.misses
        );
        assert!(cache.hits + cache.misses > 90_000);
        // 100 000 lookups: a ratio's s.d. is < 0.2 %; steps of 0.02 are far above noise.
        assert!(
            cache.hit_ratio > previous + 0.02,
            "capacity {capacity}: hit ratio {} did not rise above {previous}",
            cache.hit_ratio
        );
        assert!(cache.hit_ratio <= bound + 0.01, "above the optimal bound");
        previous = cache.hit_ratio;
    }
}
