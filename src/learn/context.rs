//! The gallery's and the player's state, shared by both as context.

use crate::engine::Scenario;
use crate::engine::lesson::Lesson;
use leptos::prelude::*;
use std::sync::Arc;

/// The lesson being played and where in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Playing {
    /// A lesson of the library, or one opened from a link.
    pub lesson: Arc<Lesson>,
    /// The scenario the lesson starts from (for a lesson from a link, the one the link
    /// carries).
    pub base: Scenario,
    pub step: usize,
    /// The simulated time of a `pause` action of this step not yet reached.
    pub pause_at: Option<f64>,
}

/// Provided as context by `learn::install`.
#[derive(Clone, Copy)]
pub struct Learn {
    /// Whether the gallery is open.
    pub open: RwSignal<bool>,
    /// The lesson being played, if any.
    pub playing: RwSignal<Option<Playing>>,
}
