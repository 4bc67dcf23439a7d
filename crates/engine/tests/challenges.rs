//! The challenges: every one in `challenges/` is sound (its starting design misses a goal
//! and its reference solution meets them all, what `archsim challenge check challenges/`
//! prints), and grading holds a submission to the challenge's script: deleting the fault,
//! turning down the traffic or dropping a client does not pass.

use archsim_engine::challenge::{Challenge, Solution, check_challenge, check_path};
use archsim_engine::lesson::Verdict;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(id: &str) -> Option<String> {
    std::fs::read_to_string(repo().join("examples").join(format!("{id}.json"))).ok()
}

fn challenge(id: &str) -> Challenge {
    let path = repo().join("challenges").join(format!("{id}.json"));
    Challenge::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_challenge_is_failed_by_its_start_and_passed_by_its_solution() {
    let checks = check_path(&repo().join("challenges"), &repo().join("examples")).unwrap();
    assert!(checks.len() >= 10, "{} challenges", checks.len());
    for c in &checks {
        assert!(c.errors.is_empty(), "{}: {:?}", c.id, c.errors);
        let start = c.start.as_ref().unwrap();
        let solution = c.solution.as_ref().unwrap();
        assert!(
            !start.passed(),
            "{}: the starting design already passes",
            c.id
        );
        assert!(
            solution.passed(),
            "{}: the solution misses {:?}",
            c.id,
            solution
                .goals
                .iter()
                .filter(|g| g.outcome.verdict != Verdict::Holds)
                .map(|g| (&g.claim, &g.outcome.detail))
                .collect::<Vec<_>>()
        );
        assert!(c.passed());
    }
}

#[test]
fn the_script_is_the_challenges_whatever_the_submission_says() {
    let c = challenge("survive-a-database-crash");
    let start = c.start(&example).unwrap();
    // Deleting the crash from the timeline does not make it go away.
    let mut no_crash = start.clone();
    no_crash.faults.clear();
    assert!(!c.grade(&start, &no_crash).unwrap().passed());
    // Nor does a quieter client: its traffic is the challenge's.
    let mut quiet = c.solution(&start).unwrap();
    let quiet_before = c.grade(&start, &quiet).unwrap();
    if let archsim_engine::Params::Client(p) = &mut quiet.components[0].params {
        p.traffic = archsim_engine::Traffic::Open {
            process: archsim_engine::ArrivalProcess::Poisson,
            rate: archsim_engine::RateProfile::Constant { rps: 1.0 },
        };
    }
    let scripted = c.scripted(&start, &quiet).unwrap();
    assert_eq!(scripted.components[0].params, start.components[0].params);
    assert_eq!(c.grade(&start, &quiet).unwrap(), quiet_before);
    // A design without the challenge's client is refused, by name.
    let mut lost = start.clone();
    let client = lost.components.remove(0).id;
    lost.connections.retain(|k| k.from != client);
    assert!(
        c.grade(&start, &lost)
            .unwrap_err()
            .contains(&format!("the challenge's client '{client}' is missing")),
    );
}

#[test]
fn how_a_client_handles_failures_is_the_designs_to_change() {
    // The retry storm is solved at the client: a retry budget is not part of the traffic.
    let c = challenge("stop-a-retry-storm");
    let start = c.start(&example).unwrap();
    let solved = c.solution(&start).unwrap();
    let scripted = c.scripted(&start, &solved).unwrap();
    let budget = |s: &archsim_engine::Scenario| match &s.components[0].params {
        archsim_engine::Params::Client(p) => p.retry_budget.is_some(),
        _ => false,
    };
    assert!(!budget(&start) && budget(&scripted));
}

#[test]
fn a_budget_is_a_goal_the_cost_must_meet() {
    // Forty workers meet the latency goal and blow the $40 budget.
    let c = challenge("meet-a-latency-slo-on-a-budget");
    let start = c.start(&example).unwrap();
    let mut lavish = start.clone();
    if let archsim_engine::Params::Service(p) = &mut lavish.components[1].params {
        p.workers = 40;
    }
    let grade = c.grade(&start, &lavish).unwrap();
    assert!(
        grade
            .goals
            .iter()
            .all(|g| g.outcome.verdict == Verdict::Holds)
    );
    let (usd, max) = grade.cost.unwrap();
    assert!((usd - 40.0 * 0.025 * 730.5).abs() < 1e-9 && max == 40.0);
    assert!(!grade.passed());
}

#[test]
fn a_challenge_its_start_already_passes_is_not_sound() {
    let mut c = challenge("meet-a-latency-slo-on-a-budget");
    c.goals[0].value = 10_000.0;
    let check = check_challenge(&c, &example);
    assert!(check.start.as_ref().unwrap().passed());
    assert!(!check.passed());
    // And one whose solution does nothing is not sound either.
    let mut c = challenge("meet-a-latency-slo-on-a-budget");
    c.solution = Solution::Changes(Vec::new());
    assert!(!check_challenge(&c, &example).passed());
}

#[test]
fn a_misspelt_field_is_named() {
    let text = std::fs::read_to_string(repo().join("challenges/degrade-gracefully.json"))
        .unwrap()
        .replace("\"brief\"", "\"breif\"");
    let e = Challenge::from_json(&text).unwrap_err();
    assert!(e.contains("unknown field `breif`"), "{e}");
}
