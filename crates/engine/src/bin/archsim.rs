//! The headless command line: `archsim run SCENARIO.json`, `archsim check SCENARIO.json`,
//! `archsim analyze SCENARIO.json` and `archsim lesson check LESSONS/`.

use archsim_engine::analysis;
use archsim_engine::input::{
    MAX_SCENARIO_BYTES, Strictness, escape_control, first_problems, human_bytes, read_scenario,
};
use archsim_engine::limits::MAX_DURATION_S;
use archsim_engine::uptime::UptimeClaim;
use archsim_engine::{
    DatabaseParams, FailReason, Kind, Params, Report, Scenario, Severity, Simulation, Summary,
    validate,
};
use std::io::Read as _;
use std::process::ExitCode;

const USAGE: &str = "usage:
  archsim run SCENARIO.json [--seed N] [--duration S] [--json]
  archsim check SCENARIO.json
  archsim analyze SCENARIO.json [--seed N] [--duration S] [--no-run] [--json]
  archsim lesson check LESSONS_DIR_OR_FILE [--examples DIR] [--verbose]
  archsim challenge check CHALLENGES_DIR_OR_FILE [--examples DIR] [--verbose]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("archsim: {}", escape_control(&message));
            ExitCode::from(2)
        }
    }
}

struct Options {
    path: String,
    seed: Option<u64>,
    duration_s: Option<f64>,
    json: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut path = None;
    let mut seed = None;
    let mut duration_s = None;
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--seed" => {
                let v = it.next().ok_or("--seed needs a number")?;
                seed = Some(
                    v.parse()
                        .map_err(|_| format!("--seed must be a whole number ≥ 0, got '{v}'"))?,
                );
            }
            "--duration" => {
                let v = it.next().ok_or("--duration needs a number of seconds")?;
                let d: f64 = v
                    .parse()
                    .map_err(|_| format!("--duration must be a number of seconds, got '{v}'"))?;
                // Said here, with the text as typed: 1e308 would print as 309 digits.
                if !(d > 0.0 && d <= MAX_DURATION_S) {
                    return Err(format!(
                        "--duration must be more than 0 and at most {MAX_DURATION_S} seconds \
                         (one day), got '{v}'"
                    ));
                }
                duration_s = Some(d);
            }
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'\n{USAGE}")),
            s if path.is_none() => path = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{s}'\n{USAGE}")),
        }
    }
    Ok(Options {
        path: path.ok_or_else(|| format!("no scenario file given\n{USAGE}"))?,
        seed,
        duration_s,
        json,
    })
}

/// The scenario of `opts` (its seed and duration as given) and its simulation, or the
/// first problems printed and why it cannot `what` ("run", "be analysed").
fn prepare(opts: &Options, what: &str) -> Result<(Scenario, Simulation), String> {
    let mut scenario = load(&opts.path)?;
    if let Some(seed) = opts.seed {
        scenario.run.seed = seed;
    }
    if let Some(d) = opts.duration_s {
        scenario.run.duration_s = d;
    }
    match Simulation::new(&scenario) {
        Ok(sim) => Ok((scenario, sim)),
        Err(problems) => {
            for line in first_problems(&problems) {
                eprintln!("error: {line}");
            }
            Err(format!(
                "{}: {} error(s); the scenario cannot {what}",
                opts.path,
                problems.len()
            ))
        }
    }
}

/// `archsim analyze`: the predictions of queueing theory, and (unless `--no-run`) a run's
/// measurements beside them.
fn analyze(args: &[String]) -> Result<ExitCode, String> {
    let no_run = args.iter().any(|a| a == "--no-run");
    let rest: Vec<String> = args.iter().filter(|a| *a != "--no-run").cloned().collect();
    let opts = parse(&rest)?;
    let (scenario, mut sim) = prepare(&opts, "be analysed")?;
    let mut analysis = analysis::analyze(&scenario);
    if !no_run {
        sim.run_to_end();
        if let Some(halt) = sim.halted() {
            return Err(format!("{}: {halt}", opts.path));
        }
        analysis.compare(&scenario, &sim.report());
    }
    if opts.json {
        let text = serde_json::to_string_pretty(&analysis)
            .map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", escape_control(&analysis.to_text()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads at most [`MAX_SCENARIO_BYTES`] (and one more, to tell a bigger file), so
/// `/dev/zero` or a 200 MB file is refused without being read whole.
fn load(path: &str) -> Result<Scenario, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read '{path}': {e}"))?;
    if bytes.len() > MAX_SCENARIO_BYTES {
        return Err(format!(
            "{path}: this file is larger than {}, the most a scenario file may be",
            human_bytes(MAX_SCENARIO_BYTES as u64)
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: this file is not UTF-8 text (byte {} is not), so it is not a scenario file",
            e.utf8_error().valid_up_to()
        )
    })?;
    read_scenario(&text, Strictness::Strict)
        .map(|read| read.scenario)
        .map_err(|e| format!("{path}: {e}"))
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err(USAGE.to_string());
    };
    match command.as_str() {
        "check" => {
            let opts = parse(rest)?;
            let scenario = load(&opts.path)?;
            let problems = validate(&scenario);
            let tagged: Vec<String> = problems
                .iter()
                .map(|p| {
                    let tag = match p.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    format!("{tag}: {p}")
                })
                .collect();
            for line in first_problems(&tagged) {
                eprintln!("{line}");
            }
            let errors = problems.iter().filter(|p| p.is_error()).count();
            if errors > 0 {
                eprintln!(
                    "{}: {errors} error(s); the scenario cannot run",
                    escape_control(&opts.path)
                );
                Ok(ExitCode::FAILURE)
            } else {
                println!(
                    "{}: ok ({} components, {} connections, {} warning(s))",
                    escape_control(&opts.path),
                    scenario.components.len(),
                    scenario.connections.len(),
                    problems.len()
                );
                Ok(ExitCode::SUCCESS)
            }
        }
        "run" => {
            let opts = parse(rest)?;
            let (scenario, mut sim) = prepare(&opts, "run")?;
            sim.run_to_end();
            if let Some(halt) = sim.halted() {
                return Err(format!("{}: {halt}", opts.path));
            }
            let report = sim.report();
            if opts.json {
                let text = serde_json::to_string_pretty(&report)
                    .map_err(|e| format!("cannot write JSON: {e}"))?;
                println!("{text}");
            } else {
                print!("{}", escape_control(&human(&report, &scenario)));
            }
            Ok(ExitCode::SUCCESS)
        }
        "analyze" => analyze(rest),
        "lesson" => lesson(rest),
        "challenge" => challenge(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}

/// The arguments of `lesson check` and `challenge check`: the file or folder, the examples
/// folder (`--examples DIR`, by default `examples/` beside the folder of the files) and
/// `--verbose`.
fn check_args(
    args: &[String],
    what: &str,
) -> Result<(std::path::PathBuf, std::path::PathBuf, bool), String> {
    let Some(("check", rest)) = args.split_first().map(|(c, r)| (c.as_str(), r)) else {
        return Err(format!("unknown {what} command\n{USAGE}"));
    };
    let mut path = None;
    let mut examples = None;
    let mut verbose = false;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--examples" => examples = Some(it.next().ok_or("--examples needs a folder")?),
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'\n{USAGE}")),
            s if path.is_none() => path = Some(s),
            s => return Err(format!("unexpected argument '{s}'\n{USAGE}")),
        }
    }
    let path = std::path::PathBuf::from(path.ok_or_else(|| format!("no {what}s given\n{USAGE}"))?);
    let examples = match examples {
        Some(dir) => std::path::PathBuf::from(dir),
        None => {
            let folder = if path.is_dir() {
                path.as_path()
            } else {
                path.parent().unwrap_or(std::path::Path::new("."))
            };
            folder.join("..").join("examples")
        }
    };
    Ok((path, examples, verbose))
}

/// `archsim lesson check PATH`: runs every lesson and checks its claims.
fn lesson(args: &[String]) -> Result<ExitCode, String> {
    let (path, examples, verbose) = check_args(args, "lesson")?;
    let mut check = archsim_engine::lesson::check::check_path(&path, &examples)?;
    check.verbose = verbose;
    print!("{check}");
    Ok(if check.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `archsim challenge check PATH`: grades every challenge's starting design (it must miss a
/// goal) and its reference solution (it must meet them all).
fn challenge(args: &[String]) -> Result<ExitCode, String> {
    use archsim_engine::challenge::{Grade, check_path};
    let (path, examples, verbose) = check_args(args, "challenge")?;
    let checks = check_path(&path, &examples)?;
    let describe = |g: &Grade| {
        let mut lines = Vec::new();
        for goal in &g.goals {
            let mark = match goal.outcome.verdict {
                archsim_engine::lesson::Verdict::Holds => "✓",
                _ => "✗",
            };
            lines.push(format!(
                "      {mark} {}: {}",
                goal.claim, goal.outcome.detail
            ));
        }
        if let Some((usd, max)) = g.cost {
            let mark = if usd <= max { "✓" } else { "✗" };
            lines.push(format!(
                "      {mark} cost ${usd:.0} a month (at most ${max:.0})"
            ));
        }
        lines.join("\n")
    };
    let mut sound = 0;
    for c in &checks {
        let ok = c.passed();
        sound += usize::from(ok);
        let grade = |g: &Option<Grade>| {
            g.as_ref()
                .map_or("-".to_string(), |g| format!("{} of {}", g.met(), g.total()))
        };
        println!(
            "{} {}: the start meets {} goals, the solution {}",
            if ok { "ok  " } else { "FAIL" },
            c.id,
            grade(&c.start),
            grade(&c.solution)
        );
        for e in &c.errors {
            println!("    error: {e}");
        }
        if verbose || !ok {
            for (who, g) in [("start", &c.start), ("solution", &c.solution)] {
                if let Some(g) = g {
                    println!("    {who}:\n{}", describe(g));
                }
            }
        }
    }
    println!(
        "{} challenges, {sound} sound, {} not",
        checks.len(),
        checks.len() - sound
    );
    Ok(if sound == checks.len() && !checks.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn human(report: &Report, scenario: &Scenario) -> String {
    let s: &Summary = &report.summary;
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(format!(
        "{} (seed {}, {:.1} s simulated, {:.1} s measured after warm-up)",
        report.scenario, report.seed, report.now_s, s.measured_s
    ));
    // Requests born during warm-up may finish after it: "finished" can exceed "generated".
    line(format!(
        "requests   {} generated after warm-up; finished after warm-up (whenever born): {} completed, {} failed; {} in flight at the end, {} retries",
        s.generated,
        s.completed,
        s.failed.total(),
        s.in_flight,
        s.retries
    ));
    line(format!(
        "throughput {:.1} req/s   success {:.3} %",
        s.throughput_rps,
        s.success_ratio * 100.0
    ));
    line(format!(
        "latency    mean {:.2} ms   p50 {:.2}   p95 {:.2}   p99 {:.2}   p99.9 {:.2}   max {:.2} ms",
        s.latency.mean_ms,
        s.latency.p50_ms,
        s.latency.p95_ms,
        s.latency.p99_ms,
        s.latency.p999_ms,
        s.latency.max_ms
    ));
    line(format!(
        "uptime     {}",
        UptimeClaim::new(s.windows_up, s.windows_total).describe()
    ));
    if let Some(usd) = archsim_engine::sizes::hourly_usd(scenario) {
        line(format!(
            "machines   ${usd:.2} an hour as configured (${:.0} a month)",
            usd * archsim_engine::sizes::HOURS_PER_MONTH
        ));
    }
    for r in FailReason::ALL {
        let n = s.failed.get(r);
        if n > 0 {
            line(format!("  failed: {n} {}", r.describe()));
        }
    }
    if s.async_completed + s.async_failed > 0 {
        line(format!(
            "async      {} done, {} failed; done after mean {:.1} ms, p99 {:.1} ms",
            s.async_completed, s.async_failed, s.async_latency.mean_ms, s.async_latency.p99_ms
        ));
    }
    if s.duplicate_writes + s.degraded + s.retries_denied > 0 {
        line(format!(
            "resilience {} duplicate writes, {} degraded answers, {} retries refused by the budget",
            s.duplicate_writes, s.degraded, s.retries_denied
        ));
    }
    for (c, comp) in s.components.iter().zip(&scenario.components) {
        let counts = [
            (
                "sessions  ",
                c.sessions_lost,
                "signed-in users logged out (their session was in its memory)",
            ),
            (
                "heartbeat ",
                c.false_suspicions,
                "backends taken out while up (probes timed out)",
            ),
        ];
        for (topic, n, what) in counts.into_iter().filter(|(_, n, _)| *n > 0) {
            line(format!("{topic} {}: {n} {what}", comp.display_name()));
        }
    }
    for c in s.connections.iter().filter(|c| c.breaker_trips > 0) {
        line(format!(
            "breaker    {} → {}: tripped {} times, open {:.1} % of the time, {} calls refused",
            c.from,
            c.to,
            c.breaker_trips,
            c.breaker_open_share * 100.0,
            c.short_circuited
        ));
    }

    for (c, comp) in s.components.iter().zip(&scenario.components) {
        let r = &c.replication;
        if let Params::Database(DatabaseParams {
            replication: Some(_),
            ..
        }) = &comp.params
        {
            line(format!(
                "replicas   {}: {} stale of {} replica reads ({:.2} %), {} lost writes, {} conflicting, {} failovers, lag {:.1} ms, primary {}",
                comp.display_name(),
                r.stale_reads,
                r.replica_reads,
                r.stale_share() * 100.0,
                r.lost_writes,
                r.conflicting_writes,
                r.failovers,
                r.lag_ms_mean,
                r.primary
                    .map_or("none (failing over)".to_string(), |p| format!("node {p}"))
            ));
        }
    }
    line(
        "component                 util    queue   in sys   arr/s    W ms     drops   hit%".into(),
    );
    for (c, comp) in s.components.iter().zip(&scenario.components) {
        line(format!(
            "{:<24} {:>6.1}% {:>7.2} {:>8.2} {:>7.1} {:>8.2} {:>8} {:>6}",
            truncate(comp.display_name(), 24),
            c.utilization * 100.0,
            c.queue_len,
            c.mean_in_system,
            c.arrival_rps,
            c.mean_time_in_system_ms,
            c.drops,
            if c.hits + c.misses > 0 {
                format!("{:.1}", c.hit_ratio * 100.0)
            } else {
                "-".into()
            }
        ));
    }
    // The edge: what each CDN kept from its origin, and where each gateway sent requests.
    for (c, comp) in s.components.iter().zip(&scenario.components) {
        match comp.params.kind() {
            Kind::Cdn => line(format!(
                "  {}: {} to the origin of {} requests (offload {:.1} %), {} stale serves",
                comp.display_name(),
                c.edge.origin,
                c.arrivals,
                c.offload() * 100.0,
                c.edge.stale
            )),
            Kind::ApiGateway => {
                let routes: Vec<String> = scenario
                    .connections
                    .iter()
                    .filter(|k| k.from == comp.id)
                    .zip(&c.edge.routed)
                    .map(|(k, n)| {
                        format!(
                            "{} → {}: {n}",
                            k.route.as_deref().unwrap_or("default"),
                            k.to
                        )
                    })
                    .collect();
                line(format!(
                    "  {}: {}; {} without a route (404)",
                    comp.display_name(),
                    routes.join(", "),
                    c.edge.no_route
                ));
            }
            _ => {}
        }
    }
    for (c, comp) in s.components.iter().zip(&scenario.components) {
        if c.shard_requests.is_empty() {
            continue;
        }
        let total: u64 = c.shard_requests.iter().sum::<u64>().max(1);
        let shares: Vec<String> = c
            .shard_requests
            .iter()
            .map(|&n| format!("{:.1}%", n as f64 * 100.0 / total as f64))
            .collect();
        line(format!(
            "shards     {}: {} (hot shard {:.1} %), {} moved-key misses",
            comp.display_name(),
            shares.join(" "),
            c.hot_shard_share * 100.0,
            c.moved_key_misses
        ));
        for r in &c.reshards {
            line(format!(
                "  reshard at {:.1} s: {} -> {} shards, {:.2} % of the keys moved",
                r.at_s,
                r.from_shards,
                r.to_shards,
                r.moved_share * 100.0
            ));
        }
    }
    for (c, comp) in s.components.iter().zip(&scenario.components) {
        let autoscaled = matches!(&comp.params, Params::Service(p) if p.autoscale.is_some());
        if autoscaled {
            line(format!(
                "{}: autoscaled, mean {:.2} instances, {} scaling actions",
                comp.display_name(),
                c.mean_instances,
                c.scaling_actions
            ));
        }
        if comp.redundancy.is_some() {
            line(format!(
                "{}: redundant, available {:.4} %, {} failovers",
                comp.display_name(),
                c.availability * 100.0,
                c.failovers
            ));
        }
    }
    line(format!("{} events", s.events));
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
