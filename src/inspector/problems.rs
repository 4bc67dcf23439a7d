//! The engine's validation problems, picked out for the field that shows them.

use crate::engine::Subject;
use crate::state::AppState;
use leptos::prelude::*;

/// Messages of the engine's problems about `subject` and `field` (or a sub-field of it).
pub fn problems_for(state: AppState, subject: Subject, field: &'static str) -> Signal<Vec<String>> {
    Signal::derive(move || {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| {
                    p.subject == subject
                        && (p.field == field
                            || (p.field.starts_with(field)
                                && p.field.as_bytes().get(field.len()) == Some(&b'.')))
                })
                .map(|p| p.message.clone())
                .collect()
        })
    })
}
