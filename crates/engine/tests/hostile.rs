//! Hostile and extreme scenarios, and hostile lesson links: each gets its clear message, and
//! none freezes, floods or eats memory. The small cases are files in `tests/hostile/`; the
//! huge ones are built here. Time and memory are bounded by the engine's budgets, not by
//! timing the test.

mod common;

use archsim_engine::budget::{MAX_CONNECTIONS, MAX_EVENTS_PER_RUN, MAX_PENDING_EVENTS};
use archsim_engine::codec::{
    LinkError, MAX_INFLATED_BYTES, MAX_LESSON_ACTIONS, MAX_LESSON_STEPS, Shared, decode_link,
    decode_shared, encode_lesson_link, encode_link,
};
use archsim_engine::input::{MAX_JSON_DEPTH, MAX_SCENARIO_BYTES, Strictness, read_scenario};
use archsim_engine::lesson::{Action, Lesson};
use archsim_engine::{
    ArrivalProcess, Component, Connection, Params, RateProfile, Scenario, Simulation, Traffic,
    validate,
};
use std::path::PathBuf;
use std::process::Command;

fn hostile(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(hostile(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The error reading `text` as a file gives.
fn read_error(text: &str) -> String {
    match read_scenario(text, Strictness::Strict) {
        Ok(_) => panic!("read without error"),
        Err(e) => e,
    }
}

/// The errors validation finds, as one text.
fn errors(sc: &Scenario) -> String {
    validate(sc)
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn file_scenario(name: &str) -> Scenario {
    match read_scenario(&text(name), Strictness::Strict) {
        Ok(read) => read.scenario,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// Runs the CLI; returns (exit code, stdout, stderr).
fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_archsim"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("archsim: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// A chain: one client calling service 0, each service calling the next.
fn chain(components: usize) -> Scenario {
    let mut sc = common::example("mm1.json");
    let client = sc.components[0].clone();
    let service = sc.components[1].clone();
    let link = sc.connections[0].clone();
    sc.components = vec![client];
    sc.connections.clear();
    for i in 0..components - 1 {
        sc.components.push(Component {
            id: format!("s{i}"),
            ..service.clone()
        });
        let from = if i == 0 {
            "clients".to_string()
        } else {
            format!("s{}", i - 1)
        };
        sc.connections.push(Connection {
            from,
            to: format!("s{i}"),
            ..link.clone()
        });
    }
    sc
}

#[test]
fn a_typo_in_a_field_names_the_field_it_meant() {
    let e = read_error(&text("typo-wrokers.json"));
    assert_eq!(
        e,
        "`wrokers` is not a field of a service (at components[1].params); did you mean `workers`?"
    );
    let e = read_error(&text("typo-duraton.json"));
    assert_eq!(
        e,
        "`duraton_s` is not a field of the run settings (at run); did you mean `duration_s`?"
    );
}

#[test]
fn every_unknown_field_is_listed_and_text_archsim_wrote_still_opens() {
    let web = std::fs::read_to_string(common::examples_dir().join("web-app.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let typos = web.replace("\"label\"", "\"lable\"");
    let e = read_error(&typos);
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 7, "{e}");
    assert!(
        lines.iter().all(|l| l.ends_with("did you mean `label`?")),
        "{e}"
    );
    // The autosave reads leniently: the unknown fields are dropped and reported.
    let read = read_scenario(&typos, Strictness::Lenient).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.unknown.len(), 7);
    assert!(read.scenario.components.iter().all(|c| c.label.is_empty()));
}

#[test]
fn a_list_where_an_object_belongs_says_so() {
    let e = read_error(&text("run-is-a-list.json"));
    assert_contains(
        &e,
        "`run` is a list ([…]) where an object ({ … }) or a value belongs",
    );
    let e = read_error(&text("top-level-array.json"));
    assert_contains(&e, "This holds a list ([…]) where a scenario belongs");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = read_error(&nested);
    assert_contains(
        &e,
        &format!("nests deeper than {MAX_JSON_DEPTH} levels (at line 1, column 33)"),
    );
    let nested_in_a_field = format!(
        "{{\"components\": [], \"name\": {}1{}}}",
        "[".repeat(40),
        "]".repeat(40)
    );
    assert_contains(&read_error(&nested_in_a_field), "nests deeper than");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let sc = file_scenario("bom.json");
    assert_eq!(sc.components.len(), 2);
}

#[test]
fn text_past_the_size_cap_is_refused_by_its_size() {
    let mut big = " ".repeat(MAX_SCENARIO_BYTES + 1);
    big.push_str("{}");
    assert_contains(&read_error(&big), "a scenario file is at most 4.0 MiB");
}

#[test]
fn a_graph_past_the_limits_is_refused_without_quadratic_work() {
    let sc = chain(100_000);
    let problems = validate(&sc);
    // Only the size problems: the 99,998 connections are not looked at one by one.
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_contains(
        &problems[0].message,
        "The diagram has 100,000 components; archsim simulates at most 500 components",
    );

    let mut sc = chain(400);
    let link = sc.connections[0].clone();
    sc.connections = (0..1_000_000)
        .map(|i| Connection {
            from: format!("s{}", i % 398),
            to: format!("s{}", i % 398 + 1),
            ..link.clone()
        })
        .collect();
    assert_eq!(
        errors(&sc),
        format!(
            "The diagram has 1,000,000 connections; archsim simulates at most {} connections. \
             Split it into smaller scenarios.",
            "5,000"
        )
    );
    assert_eq!(MAX_CONNECTIONS, 5_000);
}

#[test]
fn skewed_keys_past_what_the_run_precomputes_are_refused_in_all() {
    // Five clients of a million Zipf keys each: 40 MB of tables and five million powers
    // before the first request. Four are the most a run builds.
    let mut sc = common::example("mm1.json");
    let client = sc.components[0].clone();
    let link = sc.connections[0].clone();
    for i in 0..5 {
        let mut c = Component {
            id: format!("c{i}"),
            ..client.clone()
        };
        if let archsim_engine::Params::Client(p) = &mut c.params {
            p.keys = archsim_engine::KeyDist::Zipf {
                count: 1_000_000,
                s: 0.9,
            };
        }
        sc.components.push(c);
        sc.connections.push(Connection {
            from: format!("c{i}"),
            ..link.clone()
        });
    }
    assert_eq!(
        errors(&sc),
        "The clients' skewed (Zipf) keys add up to 5,000,000; archsim precomputes at most \
         4,000,000 in all: give some clients fewer keys, or uniform ones"
    );
    sc.components.pop();
    sc.connections.pop();
    assert_eq!(errors(&sc), "");
}

#[test]
fn tiny_windows_over_a_big_graph_are_refused_with_the_window_that_fits() {
    let sc = file_scenario("tiny-windows.json");
    assert_contains(
        &errors(&sc),
        "Run settings: 100,000 windows of 10 ms × (500 components + 499 connections) would \
         keep about 23.9 GiB of metrics; archsim keeps at most 256.0 MiB. Use windows of 957 \
         ms or more",
    );
    // And the fix it names is enough.
    let mut fixed = sc.clone();
    fixed.run.window_ms = 957.0;
    assert_eq!(errors(&fixed), "");
}

#[test]
fn a_fan_out_over_many_layers_is_refused_before_it_runs() {
    let sc = file_scenario("fan-out-depth-8.json");
    assert_contains(
        &errors(&sc),
        "One request from Client 'Clients' makes about 11.1 million calls (a service calls \
         every one of its dependencies, and each of them theirs: Service 's0_0' alone calls 10)",
    );
}

#[test]
fn the_most_traffic_for_two_minutes_is_refused_with_the_duration_that_fits() {
    let sc = file_scenario("max-rate-long-timeout.json");
    let e = errors(&sc);
    assert_contains(&e, "this run would take about 480 million events");
    assert_contains(&e, "Shorten the run to 62 s or less");
    let mut fixed = sc.clone();
    fixed.run.duration_s = 62.0;
    assert_eq!(errors(&fixed), "");
    assert!(4_000_000.0 * 62.0 <= MAX_EVENTS_PER_RUN as f64);
}

#[test]
fn the_cli_escapes_terminal_control_characters() {
    let path = hostile("ansi-escapes.json");
    let (code, out, err) = cli(&["run", path.to_str().unwrap_or(""), "--duration", "20"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert_contains(&out, "\\u{1b}[2J\\u{1b}[31mPWNED");
    assert_contains(&out, "\\u{1b}]0;title\\u{7}evil");
}

#[test]
fn the_cli_says_an_absurd_duration_briefly() {
    let path = hostile("typo-duraton.json");
    let (code, _, err) = cli(&["run", path.to_str().unwrap_or(""), "--duration", "1e308"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "archsim: --duration must be more than 0 and at most 86400 seconds (one day), got '1e308'"
    );
}

#[test]
fn the_cli_refuses_an_endless_file_after_reading_its_cap() {
    let (code, _, err) = cli(&["check", "/dev/zero"]);
    assert_eq!(code, 2);
    assert_contains(
        &err,
        "/dev/zero: this file is larger than 4.0 MiB, the most a scenario file may be",
    );
}

#[test]
fn the_cli_lists_fifty_problems_and_counts_the_rest() {
    let mut sc = chain(300);
    for c in &mut sc.components {
        if let Params::Service(p) = &mut c.params {
            p.workers = 0;
        }
    }
    let dir = std::env::temp_dir().join(format!("archsim-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("flood.json");
    std::fs::write(&path, sc.to_json_pretty()).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = cli(&["check", path.to_str().unwrap_or("")]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 52, "{err}");
    assert_eq!(lines[50], "… and 249 more");
    assert!(lines[51].ends_with("299 error(s); the scenario cannot run"));
}

#[test]
fn time_standing_still_stops_the_run_and_names_the_zero_chain() {
    let sc = file_scenario("time-stands-still.json");
    assert_eq!(
        errors(&sc),
        "",
        "it is valid; only running shows the problem"
    );
    let mut sim = Simulation::new(&sc).unwrap_or_else(|p| panic!("{p:?}"));
    sim.run_to_end();
    assert!(sim.finished());
    assert_eq!(sim.now_s(), 0.0);
    let halt = sim.halted().map(ToString::to_string).unwrap_or_default();
    assert_eq!(
        halt,
        "The run stopped at 0.000 s: simulated time stands still (2,000,000 events at the same \
         instant). Clients → Server take 0 ms; give the think time, link or service a duration."
    );
    // The budget is counted per run, not per slice: slicing it stops it at the same event.
    let mut sliced = Simulation::new(&sc).unwrap_or_else(|p| panic!("{p:?}"));
    while !sliced.finished() {
        sliced.run_until_s(60.0, 1000);
    }
    assert_eq!(sliced.events_processed(), sim.events_processed());
}

#[test]
fn requests_piling_up_stop_the_run_before_memory_runs_out() {
    let sc = file_scenario("day-long-link.json");
    let mut sim = Simulation::new(&sc).unwrap_or_else(|p| panic!("{p:?}"));
    sim.run_to_end();
    let halt = sim.halted().map(ToString::to_string).unwrap_or_default();
    assert_contains(
        &halt,
        "events were waiting at once (at most 2,000,000 fit in memory)",
    );
    assert!(sim.pending_events() <= MAX_PENDING_EVENTS + 4096);
}

#[test]
fn timeouts_of_finished_requests_do_not_pile_up() {
    // 3,000 req/s answered in about 10 ms, each with a 1,000 s timeout: kept until their
    // deadline, the timeouts alone would be 3,000 × t waiting events (300,000 at 100 s).
    let mut sc = common::example("mm1.json");
    if let Params::Client(c) = &mut sc.components[0].params {
        c.traffic = Traffic::Open {
            process: ArrivalProcess::Poisson,
            rate: RateProfile::Constant { rps: 3000.0 },
        };
    }
    if let Params::Service(s) = &mut sc.components[1].params {
        s.workers = 64;
    }
    sc.run.duration_s = 100.0;
    let mut sim = Simulation::new(&sc).unwrap_or_else(|p| panic!("{p:?}"));
    let mut most = 0;
    for t in 1..=100 {
        sim.run_until_s(f64::from(t), u64::MAX);
        most = most.max(sim.pending_events());
    }
    assert!(most < 140_000, "{most} events waiting");
    let s = sim.summary();
    assert_eq!(s.failed.total(), 0);
    // 3,000/s over the 90 s after the warm-up.
    assert!(s.completed > 265_000, "{}", s.completed);
}

#[test]
fn a_file_with_an_absurd_duration_is_told_it_briefly() {
    let (code, _, err) = cli(&[
        "check",
        hostile("duration-1e308.json").to_str().unwrap_or(""),
    ]);
    assert_ne!(code, 0, "{err}");
    assert_contains(&err, "1e308");
    assert!(
        err.lines().all(|l| l.chars().count() < 300),
        "a line of the message is as long as the number: {err}"
    );
}

// --- Hostile lesson links (link format v2) -----------------------------------------------------
//
// A v2 link's body is a content byte, the length and bytes of a v1 scenario body, then the
// lesson as JSON (`codec/v2.rs`). These links are crafted with a correct checksum, so what
// refuses them is the decoder's reading, not the checksum.

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

/// A link of format `version` around `body`, with a correct checksum.
fn crafted(version: u32, body: &[u8]) -> String {
    use base64::Engine as _;
    let mut bytes = crc32(body).to_le_bytes().to_vec();
    bytes.extend(miniz_oxide::deflate::compress_to_vec(body, 6));
    format!("v{version}.{}", b64().encode(bytes))
}

/// The body inside a link the encoder wrote.
fn body_of(link: &str) -> Vec<u8> {
    use base64::Engine as _;
    let (_, payload) = link.split_once('.').unwrap_or_default();
    let bytes = b64().decode(payload.trim()).unwrap_or_default();
    bytes
        .get(4..)
        .and_then(|d| miniz_oxide::inflate::decompress_to_vec(d).ok())
        .unwrap_or_default()
}

/// A v2 body: content byte, the scenario's v1 bytes with their length, then `json`.
fn lesson_body(content: u8, scenario: &Scenario, json: &[u8]) -> Vec<u8> {
    let v1 = body_of(&encode_link(scenario));
    let mut body = vec![content];
    let mut n = v1.len();
    while n >= 0x80 {
        body.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    body.push(n as u8);
    body.extend(v1);
    body.extend_from_slice(json);
    body
}

/// The library lesson `spof-and-redundancy` (its own scenario inline) as (lesson, scenario).
fn shared_lesson() -> (Lesson, Scenario) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons/spof-and-redundancy.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let lesson = Lesson::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    let scenario = lesson
        .base_scenario(&|_| None)
        .unwrap_or_else(|e| panic!("{e}"));
    (lesson, scenario)
}

/// The JSON a v2 link holds for `lesson` (the body after its scenario).
fn lesson_json(lesson: &Lesson, scenario: &Scenario) -> String {
    let body = body_of(&encode_lesson_link(lesson, scenario));
    let v1 = body_of(&encode_link(scenario));
    let at = body
        .windows(v1.len())
        .position(|w| w == v1.as_slice())
        .unwrap_or_else(|| panic!("the scenario is in the body"));
    String::from_utf8_lossy(&body[at + v1.len()..]).into_owned()
}

fn shared_error(link: &str) -> LinkError {
    match decode_shared(link) {
        Ok(opened) => panic!("opened {opened:?}"),
        Err(e) => e,
    }
}

#[test]
fn the_crafted_lesson_link_agrees_with_the_encoder() {
    let (lesson, scenario) = shared_lesson();
    let json = lesson_json(&lesson, &scenario);
    let link = crafted(2, &lesson_body(1, &scenario, json.as_bytes()));
    assert!(matches!(decode_shared(&link), Ok(Shared::Lesson(l)) if l.lesson == lesson));
}

#[test]
fn a_cut_or_changed_lesson_link_says_so() {
    let (lesson, scenario) = shared_lesson();
    let link = encode_lesson_link(&lesson, &scenario);
    for keep in [3, 4, 10, link.len() / 2, link.len() - 1] {
        let cut = &link[..keep];
        let e = shared_error(cut);
        assert!(
            matches!(e, LinkError::Truncated | LinkError::Damaged(_)),
            "cut at {keep}: {e:?}"
        );
        assert!(decode_link(cut).is_err(), "cut at {keep}");
    }
    assert_eq!(shared_error(&link[..link.len() - 10]), LinkError::Truncated);
    let mut changed = link.into_bytes();
    let i = changed.len() / 2;
    changed[i] = if changed[i] == b'A' { b'B' } else { b'A' };
    let changed = String::from_utf8_lossy(&changed).into_owned();
    assert_eq!(
        shared_error(&changed),
        LinkError::Damaged("some of its characters were changed on the way".into())
    );
}

#[test]
fn an_unknown_content_byte_is_a_newer_archsims() {
    let (lesson, scenario) = shared_lesson();
    let json = lesson_json(&lesson, &scenario);
    for content in [0, 2, 7, 127] {
        let link = crafted(2, &lesson_body(content, &scenario, json.as_bytes()));
        let e = shared_error(&link);
        assert_eq!(
            e,
            LinkError::NewerContent {
                content: u64::from(content)
            }
        );
        assert_contains(&e.to_string(), "newer archsim");
        assert_eq!(decode_link(&link), Err(e));
    }
    // An empty body has no content byte at all.
    assert!(matches!(
        shared_error(&crafted(2, &[])),
        LinkError::Damaged(_)
    ));
}

#[test]
fn a_lesson_link_that_would_unpack_past_the_cap_is_refused_unpacked() {
    let started = std::time::Instant::now();
    let (_, scenario) = shared_lesson();
    let mut body = lesson_body(1, &scenario, b"{\"format\": 1, \"id\": \"");
    body.resize(2 * MAX_INFLATED_BYTES, b' ');
    let bomb = crafted(2, &body);
    assert!(bomb.len() < 8192, "{}", bomb.len());
    assert_eq!(shared_error(&bomb), LinkError::TooBig);
    assert_eq!(decode_link(&bomb), Err(LinkError::TooBig));
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn a_scenario_length_past_the_end_is_refused() {
    let (_, scenario) = shared_lesson();
    let mut body = lesson_body(1, &scenario, b"");
    // A length of 2^35: far more than the body holds.
    body.splice(1..2, [0x80, 0x80, 0x80, 0x80, 0x01]);
    body.truncate(40);
    let e = shared_error(&crafted(2, &body));
    assert!(
        matches!(&e, LinkError::Damaged(d) if d.contains("it is not a lesson archsim can read")),
        "{e:?}"
    );
}

#[test]
fn json_that_is_not_a_lesson_is_named() {
    let (lesson, scenario) = shared_lesson();
    let json = lesson_json(&lesson, &scenario);
    for (text, says) in [
        ("", "not a lesson"),
        ("[1, 2, 3]", "not a lesson"),
        ("{\"format\": 1}", "missing field"),
        ("\u{FEFF}{}", "not a lesson"),
        ("null", "not a lesson"),
        ("{\"format\": 1, \"id\": \"x\"", "not a lesson"),
        (
            &json.replacen("\"title\"", "\"titel\"", 1),
            "unknown field `titel`",
        ),
        (
            &json.replacen("\"steps\"", "\"scenario\": {\"inline\": {}}, \"steps\"", 1),
            "unknown field `scenario`",
        ),
        (
            &json.replacen("\"format\":1", "\"format\":2", 1),
            "lesson format 2",
        ),
    ] {
        let link = crafted(2, &lesson_body(1, &scenario, text.as_bytes()));
        let e = shared_error(&link);
        assert!(
            matches!(&e, LinkError::Lesson(d) if d.contains(says)),
            "{text}: {e:?}"
        );
        assert_contains(&e.to_string(), "holds a lesson that cannot be opened");
        // What takes only scenarios still opens the scenario, which is intact.
        assert_eq!(decode_link(&link), Ok(scenario.clone()));
    }
    let bytes = lesson_body(1, &scenario, &[0xFF, 0xFE, b'{', 0x80]);
    assert!(matches!(
        shared_error(&crafted(2, &bytes)),
        LinkError::Lesson(_)
    ));
}

#[test]
fn a_lesson_that_does_not_play_says_what_is_wrong() {
    let (lesson, scenario) = shared_lesson();
    let mut broken = lesson.clone();
    broken.steps[0].actions.push(Action::Highlight {
        components: vec!["ghost".into()],
    });
    broken.title = " ".into();
    let e = shared_error(&encode_lesson_link(&broken, &scenario));
    let LinkError::Lesson(detail) = &e else {
        panic!("{e:?}");
    };
    assert_contains(detail, "the title is empty");
    assert_contains(detail, "step 1: highlight: there is no component 'ghost'");
    // Many problems: the first few, and how many more.
    let mut many = lesson.clone();
    for step in &mut many.steps {
        step.narration = String::new();
    }
    many.id = "Not An Id".into();
    let e = shared_error(&encode_lesson_link(&many, &scenario)).to_string();
    assert_contains(&e, "the id 'Not An Id' must be lowercase");
    assert_contains(&e, "more");
    // A set action naming what the scenario lacks.
    let mut bad_set = lesson;
    bad_set.steps[1].actions.push(Action::Set {
        component: Some("nowhere".into()),
        connection: None,
        field: "params.workers".into(),
        value: serde_json::json!(3),
    });
    let e = shared_error(&encode_lesson_link(&bad_set, &scenario)).to_string();
    assert_contains(&e, "step 2: set: there is no component 'nowhere'");
}

#[test]
fn a_lesson_past_the_link_limits_is_refused_quickly() {
    let started = std::time::Instant::now();
    let (lesson, scenario) = shared_lesson();
    let mut long = lesson.clone();
    long.steps = vec![lesson.steps[0].clone(); MAX_LESSON_STEPS + 1];
    let e = shared_error(&encode_lesson_link(&long, &scenario));
    assert!(
        matches!(&e, LinkError::Lesson(d) if d.contains(&format!("may have {MAX_LESSON_STEPS} steps"))),
        "{e:?}"
    );
    let mut crowded = lesson.clone();
    crowded.steps[0].actions = vec![Action::Pause { at_s: 1.0 }; MAX_LESSON_ACTIONS + 1];
    let e = shared_error(&encode_lesson_link(&crowded, &scenario));
    assert!(
        matches!(&e, LinkError::Lesson(d) if d.contains(&format!("{MAX_LESSON_ACTIONS} actions"))),
        "{e:?}"
    );
    // The most a link may hold, every action a parameter change: checked in one pass.
    let service = scenario
        .components
        .iter()
        .find(|c| matches!(c.params, Params::Service(_)))
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let mut busy = lesson.clone();
    let per_step = MAX_LESSON_ACTIONS / MAX_LESSON_STEPS;
    busy.steps = vec![lesson.steps[0].clone(); MAX_LESSON_STEPS];
    for (i, step) in busy.steps.iter_mut().enumerate() {
        step.observations.clear();
        step.actions = (0..per_step)
            .map(|k| Action::Set {
                component: Some(service.clone()),
                connection: None,
                field: "params.workers".into(),
                value: serde_json::json!(1 + (i + k) % 8),
            })
            .collect();
    }
    busy.steps[0].observations = lesson.steps[0].observations.clone();
    let kept = per_step - busy.steps[0].observations.len();
    busy.steps[0].actions.truncate(kept);
    let link = encode_lesson_link(&busy, &scenario);
    assert!(
        matches!(decode_shared(&link), Ok(Shared::Lesson(_))),
        "{:?}",
        decode_shared(&link).err()
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
