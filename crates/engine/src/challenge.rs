//! Challenges: a starting design with its traffic, its fault script and goals to meet. A
//! student changes the design; [`Challenge::grade`] runs it under the challenge's script
//! (its clients, faults, run settings and SLO, whatever the student did to them) and checks
//! every goal, an observation of the lesson format ([`crate::lesson::observe`]), plus an
//! optional monthly budget at list prices ([`crate::analysis::Cost`]). Each challenge
//! carries a reference solution: `archsim challenge check` runs both, and a challenge is
//! sound when its starting design fails a goal and its solution meets them all.

use crate::analysis::analyze;
use crate::lesson::check::{examples_in, json_files, run_windows};
use crate::lesson::{ConnectionRef, Observation, Outcome, Verdict};
use crate::lesson::{Level, ScenarioSource, Topic, id_problem, parse_versioned, set_field};
use crate::scenario::{Params, Scenario};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// The version of the challenge format this crate reads.
pub const CHALLENGE_FORMAT: u32 = 1;

/// A challenge file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    /// Always [`CHALLENGE_FORMAT`].
    pub format: u32,
    /// Stable id: the file name `<id>.json`.
    pub id: String,
    pub title: String,
    /// The task, in the lesson markup.
    pub brief: String,
    pub level: Level,
    pub topic: Topic,
    /// The starting design, with the traffic, faults and run settings every submission is
    /// graded under.
    pub scenario: ScenarioSource,
    /// What the run of a submission must show.
    pub goals: Vec<Observation>,
    /// The most the design may cost a month at list prices, if the challenge says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_monthly_usd: Option<f64>,
    /// A reference solution.
    pub solution: Solution,
}

/// A reference solution: changes to the starting design, or a whole design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Solution {
    Changes(Vec<Change>),
    Inline(Box<Scenario>),
}

/// One field of the starting design changed, as a lesson's `set` action does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnectionRef>,
    pub field: String,
    pub value: Value,
}

/// One goal and how a run did.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalResult {
    pub claim: String,
    pub outcome: Outcome,
}

/// A submission's grade.
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub goals: Vec<GoalResult>,
    /// (its monthly cost, the budget), when the challenge has a budget.
    pub cost: Option<(f64, f64)>,
}

impl Grade {
    pub fn met(&self) -> usize {
        self.goals
            .iter()
            .filter(|g| g.outcome.verdict == Verdict::Holds)
            .count()
            + usize::from(self.cost.is_some_and(|(usd, max)| usd <= max))
    }

    pub fn total(&self) -> usize {
        self.goals.len() + usize::from(self.cost.is_some())
    }

    /// Whether every goal is met.
    pub fn passed(&self) -> bool {
        self.met() == self.total()
    }
}

impl Challenge {
    /// Parses a challenge, naming the field that is wrong or unknown.
    pub fn from_json(text: &str) -> Result<Challenge, String> {
        parse_versioned(
            text,
            "challenge",
            |c: &Challenge| c.format,
            CHALLENGE_FORMAT,
        )
    }

    /// The starting design, looking up an example with `example(id)` (its JSON text).
    pub fn start(&self, example: &dyn Fn(&str) -> Option<String>) -> Result<Scenario, String> {
        self.scenario.resolve(example)
    }

    /// The reference solution as a design.
    pub fn solution(&self, start: &Scenario) -> Result<Scenario, String> {
        match &self.solution {
            Solution::Inline(s) => Ok((**s).clone()),
            Solution::Changes(changes) => changes.iter().try_fold(start.clone(), |s, c| {
                set_field(
                    &s,
                    c.component.as_deref(),
                    c.connection.as_ref(),
                    &c.field,
                    &c.value,
                )
                .map_err(|e| format!("solution: {e}"))
            }),
        }
    }

    /// `design` under the challenge's script: the run settings, SLO and fault timeline of
    /// `start`, and the workload of its clients as it is there (their traffic, read share,
    /// keys, paths, signed-in users and zone). How a client treats failures (its timeout,
    /// retries, retry budget, idempotency keys) is the design's to change. A client of the
    /// challenge the design has lost is an error naming it.
    pub fn scripted(&self, start: &Scenario, design: &Scenario) -> Result<Scenario, String> {
        let mut s = design.clone();
        s.run = start.run;
        s.slo = start.slo;
        s.faults = start.faults.clone();
        for client in start
            .components
            .iter()
            .filter(|c| matches!(c.params, Params::Client(_)))
        {
            let Some(mine) = s.components.iter_mut().find(|c| c.id == client.id) else {
                return Err(format!(
                    "the challenge's client '{}' is missing: its traffic is part of the challenge",
                    client.id
                ));
            };
            let (Params::Client(theirs), Params::Client(ours)) = (&client.params, &mut mine.params)
            else {
                return Err(format!(
                    "'{}' must stay a client: its traffic is part of the challenge",
                    client.id
                ));
            };
            ours.traffic = theirs.traffic.clone();
            ours.read_ratio = theirs.read_ratio;
            ours.keys = theirs.keys;
            ours.paths = theirs.paths.clone();
            ours.signed_in_users = theirs.signed_in_users;
            mine.zone = client.zone.clone();
        }
        Ok(s)
    }

    /// Runs `design` under the challenge's script and checks every goal.
    pub fn grade(&self, start: &Scenario, design: &Scenario) -> Result<Grade, String> {
        let s = self.scripted(start, design)?;
        let windows = run_windows(&s)?;
        let goals = self
            .goals
            .iter()
            .map(|g| GoalResult {
                claim: g.claim.clone(),
                outcome: g.evaluate(&s, &windows, true),
            })
            .collect();
        let cost = self
            .max_monthly_usd
            .map(|max| (analyze(&s).cost.monthly_usd, max));
        Ok(Grade { goals, cost })
    }

    /// Problems of the challenge itself, before anything runs.
    pub fn problems(&self, start: &Scenario) -> Vec<String> {
        let mut out: Vec<String> = id_problem(&self.id).into_iter().collect();
        if self.goals.is_empty() {
            out.push("the challenge has no goal".into());
        }
        for g in &self.goals {
            for p in g.problems(start) {
                out.push(format!("goal '{}': {p}", g.claim));
            }
        }
        out
    }
}

/// What `archsim challenge check` found for one challenge.
#[derive(Clone, Debug, PartialEq)]
pub struct ChallengeCheck {
    pub id: String,
    pub start: Option<Grade>,
    pub solution: Option<Grade>,
    pub errors: Vec<String>,
}

impl ChallengeCheck {
    /// Sound: the starting design misses a goal and the solution meets them all.
    pub fn passed(&self) -> bool {
        self.errors.is_empty()
            && self.start.as_ref().is_some_and(|g| !g.passed())
            && self.solution.as_ref().is_some_and(Grade::passed)
    }
}

/// Grades a challenge's starting design and its reference solution.
pub fn check_challenge(c: &Challenge, example: &dyn Fn(&str) -> Option<String>) -> ChallengeCheck {
    let mut check = ChallengeCheck {
        id: c.id.clone(),
        start: None,
        solution: None,
        errors: Vec::new(),
    };
    let start = match c.start(example) {
        Ok(s) => s,
        Err(e) => {
            check.errors.push(e);
            return check;
        }
    };
    check.errors = c.problems(&start);
    if !check.errors.is_empty() {
        return check;
    }
    match c.grade(&start, &start) {
        Ok(g) => check.start = Some(g),
        Err(e) => check.errors.push(format!("the starting design: {e}")),
    }
    match c.solution(&start).and_then(|s| c.grade(&start, &s)) {
        Ok(g) => check.solution = Some(g),
        Err(e) => check.errors.push(format!("the solution: {e}")),
    }
    check
}

/// Checks one challenge file or every `.json` file of a folder (sorted by name); examples
/// are read from `examples_dir`.
pub fn check_path(path: &Path, examples_dir: &Path) -> Result<Vec<ChallengeCheck>, String> {
    let example = examples_in(examples_dir);
    Ok(json_files(path, "challenge")?
        .iter()
        .map(|f| {
            let text = match std::fs::read_to_string(f) {
                Ok(t) => t,
                Err(e) => return failed(f, format!("{e}")),
            };
            match Challenge::from_json(&text) {
                Ok(c) => check_challenge(&c, &example),
                Err(e) => failed(f, e),
            }
        })
        .collect())
}

fn failed(path: &Path, error: String) -> ChallengeCheck {
    ChallengeCheck {
        id: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        start: None,
        solution: None,
        errors: vec![error],
    }
}
