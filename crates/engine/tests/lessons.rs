//! The lesson library: every lesson in `lessons/` runs on its seed and every observation it
//! makes holds (what `archsim lesson check lessons/` prints), and a lesson whose claim is
//! moved past what its run measured fails.

use archsim_engine::Simulation;
use archsim_engine::codec::{
    LINK_WARN_CHARS, Shared, SharedLesson, decode_link, decode_shared, encode_lesson_link,
};
use archsim_engine::lesson::check::{check_lesson, check_path};
use archsim_engine::lesson::{Compare, Lesson, ScenarioSource, Verdict};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(id: &str) -> Option<String> {
    std::fs::read_to_string(repo().join("examples").join(format!("{id}.json"))).ok()
}

#[test]
fn every_lesson_holds_on_its_seed() {
    let check = check_path(&repo().join("lessons"), &repo().join("examples")).unwrap();
    print!("{check}");
    assert!(check.passed(), "{check}");
    assert!(check.lessons.len() >= 28, "{} lessons", check.lessons.len());
    assert_eq!(check.failing(), 0);
}

/// Every lesson of the library survives a share link: it opens to the same lesson and
/// scenario, and, run on the scenario the link carries, every observation still holds.
#[test]
fn every_lesson_survives_a_share_link_and_still_holds() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("lessons"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 28, "{} lessons", files.len());
    let mut lengths = Vec::new();
    for path in files {
        let lesson = Lesson::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let base = lesson.base_scenario(&example).unwrap();
        let link = encode_lesson_link(&lesson, &base);
        assert!(link.starts_with("v2."), "{}", lesson.id);
        assert!(
            link.len() < LINK_WARN_CHARS,
            "{}: {}",
            lesson.id,
            link.len()
        );
        lengths.push((link.len(), lesson.id.clone()));
        let Ok(Shared::Lesson(opened)) = decode_shared(&link) else {
            panic!("{}: {:?}", lesson.id, decode_shared(&link));
        };
        let SharedLesson {
            lesson: opened,
            scenario,
        } = opened;
        assert_eq!(opened, lesson);
        assert_eq!(scenario, base, "{}", lesson.id);
        assert_eq!(decode_link(&link), Ok(base), "{}", lesson.id);
        // Run on the link's own scenario, not on the example file.
        let played = Lesson {
            scenario: ScenarioSource::Inline(Box::new(scenario)),
            ..opened
        };
        let check = check_lesson(&played, &|_| None);
        assert!(check.passed(), "{}: {check:?}", lesson.id);
    }
    lengths.sort();
    let total: usize = lengths.iter().map(|(n, _)| n).sum();
    println!(
        "lesson link lengths (characters): shortest {:?}, longest {:?}, mean {}",
        lengths.first(),
        lengths.last(),
        total / lengths.len()
    );
    for (n, id) in &lengths {
        println!("  {n:5}  {id}");
    }
}

#[test]
fn moving_a_bound_past_the_measured_value_fails_the_lesson() {
    let text = std::fs::read_to_string(repo().join("lessons/latency-vs-throughput.json")).unwrap();
    let mut lesson = Lesson::from_json(&text).unwrap();
    let before = check_lesson(&lesson, &example);
    assert!(before.passed(), "{:?}", before);
    // "mean latency rose more than 5×" (theory: 1/(μ − λ) goes from 20 to 200 ms, 10×):
    // claim 20× instead, more than the run measured, and the lesson must fail.
    let (step, k) = lesson
        .steps
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.observations
                .iter()
                .enumerate()
                .map(move |(k, o)| (i, k, o))
        })
        .find(|(_, _, o)| o.relative_to.is_some() && o.compare == Compare::Above)
        .map(|(i, k, _)| (i, k))
        .unwrap();
    let measured = before
        .observations
        .iter()
        .filter(|o| o.step == step)
        .nth(k)
        .and_then(|o| o.outcome.value)
        .unwrap();
    lesson.steps[step].observations[k].value = measured * 1.5;
    let after = check_lesson(&lesson, &example);
    assert!(!after.passed());
    assert_eq!(after.failing(), 1);
    let failed = after
        .observations
        .iter()
        .find(|o| o.outcome.verdict == Verdict::Fails)
        .unwrap();
    assert!(
        failed.outcome.detail.contains("not >"),
        "{}",
        failed.outcome.detail
    );
}

#[test]
fn a_broken_lesson_is_reported_not_panicked() {
    let dir = std::env::temp_dir().join(format!("archsim-lessons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("bad.json"),
        r#"{"format": 1, "id": "bad", "titel": "x"}"#,
    )
    .unwrap();
    let check = check_path(&dir, &repo().join("examples")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(!check.passed());
    let text = check.to_string();
    assert!(text.contains("unknown field `titel`"), "{text}");
    assert!(
        text.ends_with(
            "1 lessons, 0 observations hold, 0 fail; 1 lesson(s) could not be checked\n"
        ),
        "{text}"
    );
}

/// The app evaluates observations on a live run, stepped in slices: each is pending until the
/// run passes its window, and from then on says what the checker says, value for value.
#[test]
fn a_live_run_in_slices_reaches_the_checker_verdicts() {
    let text = std::fs::read_to_string(repo().join("lessons/cache-crash-stampede.json")).unwrap();
    let lesson = Lesson::from_json(&text).unwrap();
    let base = lesson.base_scenario(&example).unwrap();
    let check = check_lesson(&lesson, &example);
    assert!(check.passed(), "{check:?}");
    let mut finals = check.observations.iter();
    for (i, step) in lesson.steps.iter().enumerate() {
        if step.observations.is_empty() {
            continue;
        }
        let scenario = lesson.step_scenario(&base, i).unwrap();
        let expected: Vec<_> = finals.by_ref().take(step.observations.len()).collect();
        let mut sim = Simulation::new(&scenario).unwrap();
        let mut settled_early = 0;
        let mut t_s = 0.0;
        while !sim.finished() {
            t_s += 1.7;
            sim.run_until_s(t_s, u64::MAX);
            for (o, want) in step.observations.iter().zip(&expected) {
                let live = o.evaluate(&scenario, sim.windows(), sim.finished());
                if live.verdict == Verdict::Pending {
                    assert!(
                        sim.now_s() < o.to_s + 1.0,
                        "{}: pending at {} s",
                        o.claim,
                        sim.now_s()
                    );
                    // A run still going has not "ended": the player shows this line.
                    assert!(
                        live.detail.starts_with("waits for"),
                        "{}: {}",
                        o.claim,
                        live.detail
                    );
                } else {
                    assert_eq!(live, want.outcome, "{} at {} s", o.claim, sim.now_s());
                    if !sim.finished() {
                        settled_early += 1;
                    }
                }
            }
        }
        assert!(
            settled_early > 0,
            "step {}: no observation settled before the end",
            i + 1
        );
    }
}
