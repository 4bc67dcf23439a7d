//! The gallery's and the player's state, shared by both as context.

use crate::engine::Scenario;
use crate::engine::lesson::Lesson;
use leptos::prelude::*;

/// The lesson being played and where in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Playing {
    pub lesson: &'static Lesson,
    /// The scenario the lesson starts from.
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
