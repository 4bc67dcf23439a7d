//! Same scenario and seed, same bytes; another seed, another run. Also the CLI's contract:
//! exit codes, and errors that name what is wrong instead of panicking.

mod common;

use common::{examples, examples_dir, report};
use std::path::Path;
use std::process::{Command, Output};

/// Examples shortened so the whole file runs in about a second; determinism does not
/// depend on the length of the run.
fn short(mut sc: archsim_engine::Scenario) -> archsim_engine::Scenario {
    sc.run.duration_s = sc.run.duration_s.min(60.0);
    sc.run.warmup_s = sc.run.warmup_s.min(5.0);
    sc
}

fn json(sc: &archsim_engine::Scenario, seed: u64) -> String {
    serde_json::to_string_pretty(&report(sc, seed)).expect("reports serialise")
}

#[test]
fn the_same_seed_gives_byte_identical_reports_for_every_example() {
    let all = examples();
    assert!(all.len() >= 4, "the four examples of the issue at least");
    for (name, sc) in all {
        let sc = short(sc);
        let seed = sc.run.seed;
        let (a, b) = (json(&sc, seed), json(&sc, seed));
        assert!(a == b, "{name}: two runs with seed {seed} differ");
        let other = json(&sc, seed + 1);
        assert!(
            a != other,
            "{name}: seeds {seed} and {} gave the same report",
            seed + 1
        );
    }
}

#[test]
fn a_clone_and_a_fresh_build_agree() {
    // Building from the JSON text again (as the CLI and the app do) changes nothing.
    let (name, sc) = examples()
        .into_iter()
        .find(|(n, _)| n == "web-app.json")
        .expect("web-app example");
    let sc = short(sc);
    let text = sc.to_json_pretty();
    let again =
        archsim_engine::Scenario::from_json(&text).expect("a scenario round-trips through JSON");
    assert_eq!(again, sc, "{name} does not round-trip");
    assert_eq!(json(&sc, 9), json(&again, 9));
}

fn archsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archsim"))
        .args(args)
        .output()
        .expect("the archsim binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example_path(name: &str) -> String {
    examples_dir().join(name).to_string_lossy().into_owned()
}

/// A scratch file for one test, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("archsim-test-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("temp dir is writable");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn cli_json_is_the_same_for_the_same_seed_and_matches_the_library() {
    let path = example_path("mm1.json");
    let args = [
        "run",
        path.as_str(),
        "--duration",
        "30",
        "--seed",
        "5",
        "--json",
    ];
    let a = archsim(&args);
    let b = archsim(&args);
    assert!(a.status.success(), "run failed: {}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout, "two CLI runs with the same seed differ");
    let c = archsim(&[
        "run",
        path.as_str(),
        "--duration",
        "30",
        "--seed",
        "6",
        "--json",
    ]);
    assert_ne!(a.stdout, c.stdout, "seeds 5 and 6 printed the same report");
    // The CLI prints exactly the library's report.
    let mut sc = common::example("mm1.json");
    sc.run.duration_s = 30.0;
    let lib = serde_json::to_string_pretty(&report(&sc, 5)).unwrap();
    assert_eq!(text(&a.stdout).trim_end(), lib);
}

#[test]
fn cli_runs_and_checks_every_example() {
    for (name, _) in examples() {
        let path = example_path(&name);
        // Longer than every example's warm-up (a warm-up as long as the run is refused).
        let out = archsim(&["run", path.as_str(), "--duration", "20"]);
        assert!(
            out.status.success(),
            "{name}: exit {:?}: {}",
            out.status,
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains("requests"),
            "{name}: no summary printed"
        );
        let out = archsim(&["check", path.as_str()]);
        assert!(
            out.status.success(),
            "{name}: check failed: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn cli_check_names_the_broken_component() {
    let mut sc = common::example("web-app.json");
    for c in &mut sc.components {
        if c.id == "api-2"
            && let archsim_engine::Params::Service(p) = &mut c.params
        {
            p.workers = 0;
        }
    }
    let file = TempFile::new("broken.json", &sc.to_json_pretty());
    for command in ["check", "run"] {
        let out = archsim(&[command, file.path()]);
        let err = text(&out.stderr);
        assert!(
            !out.status.success(),
            "{command} accepted a service with 0 workers"
        );
        assert!(
            err.contains("API 2") && err.contains("workers"),
            "{command}: {err}"
        );
        assert!(!err.contains("panicked"), "{command} panicked: {err}");
    }
}

#[test]
fn cli_explains_malformed_and_missing_files() {
    // Each file gets the sentence for what is wrong with it, and the wrong value by name.
    let cases = [
        (
            "truncated.json",
            r#"{"components": [{"id": "a", "params": {"type": "client""#,
            "ends too early",
        ),
        (
            "not-json.json",
            "this is not a scenario",
            "This file is not JSON (it starts with \"this is not a scenar…\")",
        ),
        (
            "wrong-kind.json",
            r#"{"components": [{"id": "a", "params": {"type": "teapot"}}]}"#,
            "teapot",
        ),
    ];
    for (name, contents, says) in cases {
        let file = TempFile::new(name, contents);
        for command in ["check", "run"] {
            let out = archsim(&[command, file.path()]);
            let err = text(&out.stderr);
            assert!(!out.status.success(), "{command} {name} succeeded");
            assert!(err.contains(says), "{command} {name}: {err}");
            assert!(
                err.contains(file.path()),
                "{command} {name}: the message should name the file: {err}"
            );
            assert!(
                !err.contains("panicked"),
                "{command} {name} panicked: {err}"
            );
        }
    }
    let missing = Path::new("/nonexistent/archsim/scenario.json");
    let out = archsim(&["run", missing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
    let out = archsim(&["run"]);
    assert!(!out.status.success(), "no file given");
    assert!(text(&out.stderr).contains("usage"));
    let out = archsim(&["run", &example_path("mm1.json"), "--seed", "minus one"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--seed"));
}
