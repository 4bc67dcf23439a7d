//! Undo and redo: a bounded history of the inverses of the edits applied
//! ([`crate::editor::edit::Edit`]), with gestures (a drag, typing into a field) folded into
//! one step.

use crate::editor::edit::{Edit, EditError};
use archsim_engine::Scenario;
use std::collections::VecDeque;

/// One undo step: the edit that reverts it and what the user did, for tooltips.
#[derive(Clone, Debug)]
struct Step {
    inverse: Edit,
    what: String,
}

/// Whether edits are being gathered into one step (a drag, typing into a field).
#[derive(Clone, Debug)]
enum Gesture {
    Idle,
    /// A gesture began but has not changed anything yet.
    Open,
    /// The top undo step belongs to the gesture; it started from this scenario.
    Recording(Box<Scenario>),
}

/// Undo and redo over a scenario, bounded to [`History::DEFAULT_LIMIT`] steps unless told
/// otherwise. Edits that change nothing are not recorded.
#[derive(Clone, Debug)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    limit: usize,
    gesture: Gesture,
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}

impl History {
    /// The inverse of the oldest step kept (for tests of how edits fold together).
    #[cfg(test)]
    pub(crate) fn oldest_inverse(&self) -> Option<&Edit> {
        self.undo.front().map(|step| &step.inverse)
    }

    /// How many steps a history keeps by default; older ones are forgotten.
    pub const DEFAULT_LIMIT: usize = 500;

    /// An empty history keeping [`History::DEFAULT_LIMIT`] steps.
    pub fn new() -> History {
        History::with_limit(History::DEFAULT_LIMIT)
    }

    /// An empty history keeping at most `limit` steps (at least one).
    pub fn with_limit(limit: usize) -> History {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            gesture: Gesture::Idle,
        }
    }

    /// Applies `edit` to `scenario` and records it as one undo step, or, inside a gesture,
    /// folds it into the gesture's step. A new step clears the redo stack. A refused edit
    /// changes neither the scenario nor the history.
    pub fn apply(&mut self, scenario: &mut Scenario, edit: Edit) -> Result<(), EditError> {
        if let Gesture::Recording(start) = &self.gesture
            && let Some(top) = self.undo.back_mut()
        {
            let inverse = edit.apply(scenario)?;
            let older = std::mem::replace(&mut top.inverse, Edit::Batch(Vec::new()));
            top.inverse = merge(inverse, older);
            if *scenario == **start {
                // Dragged back to where it started: nothing left to undo.
                self.undo.pop_back();
                self.gesture = Gesture::Open;
            }
            return Ok(());
        }
        let what = edit.describe(scenario);
        let before = scenario.clone();
        let inverse = edit.apply(scenario)?;
        if *scenario == before {
            return Ok(());
        }
        self.redo.clear();
        self.undo.push_back(Step { inverse, what });
        if !matches!(self.gesture, Gesture::Idle) {
            self.gesture = Gesture::Recording(Box::new(before));
        }
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Ok(())
    }

    /// Starts a gesture: every edit until [`History::end_gesture`] becomes one undo step
    /// (described by the first). Call it on pointer-down before a drag, or when a text field
    /// that edits on every keystroke gets focus. Starting a gesture ends any open one.
    pub fn begin_gesture(&mut self) {
        self.gesture = Gesture::Open;
    }

    /// Ends the gesture; the next edit is a step of its own. Harmless without a gesture.
    pub fn end_gesture(&mut self) {
        self.gesture = Gesture::Idle;
    }

    /// Reverts the latest step. `Ok(false)` if there was nothing to undo. Ends a gesture.
    ///
    /// An error means the scenario was changed behind the history's back (a file was loaded
    /// without [`History::clear`]); the history is then cleared, as its steps no longer fit.
    pub fn undo(&mut self, scenario: &mut Scenario) -> Result<bool, EditError> {
        self.gesture = Gesture::Idle;
        let Some(step) = self.undo.pop_back() else {
            return Ok(false);
        };
        match step.inverse.apply(scenario) {
            Ok(inverse) => {
                self.redo.push(Step {
                    inverse,
                    what: step.what,
                });
                Ok(true)
            }
            Err(error) => {
                self.clear();
                Err(error)
            }
        }
    }

    /// Re-applies the latest undone step. `Ok(false)` if there was nothing to redo. Errors
    /// as for [`History::undo`].
    pub fn redo(&mut self, scenario: &mut Scenario) -> Result<bool, EditError> {
        self.gesture = Gesture::Idle;
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match step.inverse.apply(scenario) {
            Ok(inverse) => {
                self.undo.push_back(Step {
                    inverse,
                    what: step.what,
                });
                while self.undo.len() > self.limit {
                    self.undo.pop_front();
                }
                Ok(true)
            }
            Err(error) => {
                self.clear();
                Err(error)
            }
        }
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The tooltip of the Undo button: "Undo: move 'API'", or `None` if there is nothing.
    pub fn undo_label(&self) -> Option<String> {
        self.undo.back().map(|step| format!("Undo: {}", step.what))
    }

    /// The tooltip of the Redo button: "Redo: move 'API'", or `None` if there is nothing.
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|step| format!("Redo: {}", step.what))
    }

    /// How many steps can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// How many steps can be redone.
    pub fn redo_depth(&self) -> usize {
        self.redo.len()
    }

    /// Forgets every step, e.g. when another scenario is loaded.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.gesture = Gesture::Idle;
    }
}

/// The inverse of "`older`'s edit, then `newer`'s edit": `newer` first, then `older`.
fn merge(newer: Edit, older: Edit) -> Edit {
    let (newer, older) = (unwrap_restore(newer), unwrap_restore(older));
    let merged = merge_tight(&newer, &older).unwrap_or_else(|| {
        let mut edits = flatten(newer);
        edits.extend(flatten(older));
        Edit::Batch(edits)
    });
    Edit::Restore(Box::new(merged))
}

fn unwrap_restore(edit: Edit) -> Edit {
    match edit {
        Edit::Restore(inner) => unwrap_restore(*inner),
        other => other,
    }
}

fn flatten(edit: Edit) -> Vec<Edit> {
    match edit {
        Edit::Batch(edits) => edits,
        other => vec![other],
    }
}

/// Two inverses of the same kind on the same target fold into one, so a drag of a thousand
/// pointer moves stays one small edit. Setters keep the older value: it is the one from
/// before the gesture.
fn merge_tight(newer: &Edit, older: &Edit) -> Option<Edit> {
    match (newer, older) {
        (Edit::MoveComponent { id: a, from, .. }, Edit::MoveComponent { id: b, to, .. })
            if a == b =>
        {
            Some(Edit::MoveComponent {
                id: a.clone(),
                from: *from,
                to: *to,
            })
        }
        (Edit::Rename { id: a, .. }, Edit::Rename { id: b, .. })
        | (Edit::SetParams { id: a, .. }, Edit::SetParams { id: b, .. })
        | (Edit::SetFailures { id: a, .. }, Edit::SetFailures { id: b, .. })
        | (Edit::SetZone { id: a, .. }, Edit::SetZone { id: b, .. })
        | (Edit::SetRedundancy { id: a, .. }, Edit::SetRedundancy { id: b, .. })
            if a == b =>
        {
            Some(older.clone())
        }
        (
            Edit::SetConnection { from: a, to: b, .. },
            Edit::SetConnection { from: c, to: d, .. },
        ) if a == c && b == d => Some(older.clone()),
        (Edit::SetRun(_), Edit::SetRun(_))
        | (Edit::SetSlo(_), Edit::SetSlo(_))
        | (Edit::SetNetwork(_), Edit::SetNetwork(_)) => Some(older.clone()),
        // Dragging a multi-selection: each move is the same batch over the same components.
        (Edit::Batch(n), Edit::Batch(o)) if n.len() == o.len() => n
            .iter()
            .zip(o)
            .map(|(n, o)| merge_tight(n, o))
            .collect::<Option<Vec<_>>>()
            .map(Edit::Batch),
        _ => None,
    }
}
