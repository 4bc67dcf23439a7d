//! The lesson library: every lesson in `lessons/` runs on its seed and every observation it
//! makes holds (what `archsim lesson check lessons/` prints), and a lesson whose claim is
//! moved past what its run measured fails.

use archsim_engine::lesson::check::{check_lesson, check_path};
use archsim_engine::lesson::{Compare, Lesson, Verdict};
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
