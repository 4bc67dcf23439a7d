//! `archsim lesson check`: runs every lesson on its seed and evaluates its observations.

use super::{Lesson, Outcome, Verdict};
use crate::{Scenario, Simulation, WindowStats};
use std::fmt;
use std::path::Path;

/// One observation's verdict in a checked lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// 0-based step index.
    pub step: usize,
    pub claim: String,
    pub outcome: Outcome,
}

/// What checking one lesson found.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonCheck {
    /// The lesson's id (the file name when it could not be read).
    pub id: String,
    pub observations: Vec<Checked>,
    /// Problems that stopped the check or make the lesson wrong regardless of its run.
    pub errors: Vec<String>,
}

impl LessonCheck {
    /// Observations that hold.
    pub fn holding(&self) -> usize {
        self.observations
            .iter()
            .filter(|o| o.outcome.verdict == Verdict::Holds)
            .count()
    }

    /// Observations that do not.
    pub fn failing(&self) -> usize {
        self.observations.len() - self.holding()
    }

    /// Whether the lesson is sound: no error and every observation holds.
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.failing() == 0 && !self.observations.is_empty()
    }
}

/// Runs the lesson: for each step with observations, the step's scenario to its end (a run
/// shared by consecutive steps whose scenario is the same), then its observations.
/// `example(id)` returns the JSON text of an example.
pub fn check_lesson(lesson: &Lesson, example: &dyn Fn(&str) -> Option<String>) -> LessonCheck {
    let mut check = LessonCheck {
        id: lesson.id.clone(),
        observations: Vec::new(),
        errors: Vec::new(),
    };
    let base = match lesson.base_scenario(example) {
        Ok(s) => s,
        Err(e) => {
            check.errors.push(e);
            return check;
        }
    };
    check.errors = lesson.problems(&base);
    if !check.errors.is_empty() {
        return check;
    }
    let mut last: Option<(Scenario, Vec<WindowStats>)> = None;
    for (i, step) in lesson.steps.iter().enumerate() {
        if step.observations.is_empty() {
            continue;
        }
        let scenario = match lesson.step_scenario(&base, i) {
            Ok(s) => s,
            Err(e) => {
                check.errors.push(e);
                return check;
            }
        };
        let windows = match &last {
            Some((s, w)) if *s == scenario => w.clone(),
            _ => match run_windows(&scenario) {
                Ok(w) => w,
                Err(e) => {
                    check.errors.push(format!("step {}: {e}", i + 1));
                    return check;
                }
            },
        };
        for o in &step.observations {
            check.observations.push(Checked {
                step: i,
                claim: o.claim.clone(),
                outcome: o.evaluate(&scenario, &windows, true),
            });
        }
        last = Some((scenario, windows));
    }
    check
}

/// Runs a scenario to its end and returns its windows.
pub fn run_windows(scenario: &Scenario) -> Result<Vec<WindowStats>, String> {
    let mut sim = Simulation::new(scenario).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        format!("the scenario cannot run: {}", list.join("; "))
    })?;
    sim.run_to_end();
    Ok(sim.windows().to_vec())
}

/// The check of a whole lesson library.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LibraryCheck {
    pub lessons: Vec<LessonCheck>,
    /// Print every observation, not only the failing ones.
    pub verbose: bool,
}

impl LibraryCheck {
    /// Observations that hold, over every lesson.
    pub fn holding(&self) -> usize {
        self.lessons.iter().map(LessonCheck::holding).sum()
    }

    /// Observations that fail, over every lesson.
    pub fn failing(&self) -> usize {
        self.lessons.iter().map(LessonCheck::failing).sum()
    }

    /// Whether every lesson passed.
    pub fn passed(&self) -> bool {
        !self.lessons.is_empty() && self.lessons.iter().all(LessonCheck::passed)
    }
}

impl fmt::Display for LibraryCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.lessons.iter().map(|l| l.id.len()).max().unwrap_or(0);
        for l in &self.lessons {
            let status = if l.passed() { "ok  " } else { "FAIL" };
            let n = l.observations.len();
            let what = if !l.errors.is_empty() {
                format!("{} problem(s)", l.errors.len())
            } else if l.failing() == 0 {
                format!("{n} observation{} hold", if n == 1 { "" } else { "s" })
            } else {
                format!("{} of {n} observations fail", l.failing())
            };
            writeln!(f, "{status} {:<width$}  {what}", l.id)?;
            for e in &l.errors {
                writeln!(f, "       error: {e}")?;
            }
            for o in &l.observations {
                let holds = o.outcome.verdict == Verdict::Holds;
                if self.verbose || !holds {
                    writeln!(
                        f,
                        "       {} step {}: {}: {}",
                        if holds { "✓" } else { "✗" },
                        o.step + 1,
                        o.claim,
                        o.outcome.detail
                    )?;
                }
            }
        }
        write!(
            f,
            "{} lessons, {} observations hold, {} fail",
            self.lessons.len(),
            self.holding(),
            self.failing()
        )?;
        let broken = self.lessons.iter().filter(|l| !l.errors.is_empty()).count();
        if broken > 0 {
            write!(f, "; {broken} lesson(s) could not be checked")?;
        }
        writeln!(f)
    }
}

/// Checks every `*.json` lesson in `path` (a folder, or one lesson file), with examples
/// read from `examples_dir/<id>.json`. Besides each lesson's own check, a lesson's id must
/// be its file name, ids must be unique, and links must name lessons of the library.
pub fn check_path(path: &Path, examples_dir: &Path) -> Result<LibraryCheck, String> {
    let files = json_files(path, "lesson")?;
    let example = examples_in(examples_dir);
    let lessons: Vec<(String, Result<Lesson, String>)> = files
        .iter()
        .map(|file| {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let parsed = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read '{}': {e}", file.display()))
                .and_then(|text| Lesson::from_json(&text));
            (stem, parsed)
        })
        .collect();
    let ids: Vec<&str> = lessons
        .iter()
        .filter_map(|(_, l)| l.as_ref().ok().map(|l| l.id.as_str()))
        .collect();
    let mut out = LibraryCheck::default();
    for (stem, lesson) in &lessons {
        let lesson = match lesson {
            Ok(lesson) => lesson,
            Err(e) => {
                out.lessons.push(LessonCheck {
                    id: stem.clone(),
                    observations: Vec::new(),
                    errors: vec![e.clone()],
                });
                continue;
            }
        };
        let mut check = check_lesson(lesson, &example);
        if lesson.id != *stem {
            check.errors.push(format!(
                "the id '{}' differs from the file name '{stem}.json'",
                lesson.id
            ));
        }
        if ids.iter().filter(|id| **id == lesson.id).count() > 1 {
            check
                .errors
                .push(format!("another lesson has the id '{}'", lesson.id));
        }
        for link in lesson.links() {
            if !ids.contains(&link.as_str()) {
                check.errors.push(format!(
                    "links to the lesson '{link}', which does not exist"
                ));
            }
        }
        out.lessons.push(check);
    }
    Ok(out)
}

/// `path` itself, or the `.json` files of the folder `path` sorted by name (at least one):
/// the files a checker reads. `what` names them in messages.
pub(crate) fn json_files(path: &Path, what: &str) -> Result<Vec<std::path::PathBuf>, String> {
    if !path.exists() {
        return Err(format!("'{}' does not exist", path.display()));
    }
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read '{}': {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no {what} (*.json) in '{}'", path.display()));
    }
    Ok(files)
}

/// Reads the example `<id>.json` of `dir`; an id that would leave the folder reads nothing.
pub(crate) fn examples_in(dir: &Path) -> impl Fn(&str) -> Option<String> + '_ {
    move |id: &str| {
        if id.contains('/') || id.contains('\\') || id.contains("..") {
            return None;
        }
        std::fs::read_to_string(dir.join(format!("{id}.json"))).ok()
    }
}
