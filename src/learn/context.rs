//! The gallery's and the player's state, shared by both as context.

use crate::engine::Scenario;
use crate::engine::challenge::Challenge;
use crate::engine::lesson::Lesson;
use crate::learn::catalog::Card;
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

/// The challenge being attempted.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub id: &'static str,
    pub challenge: Arc<Challenge>,
    /// Its starting design: the faults, run settings and traffic every run is held to.
    pub start: Arc<Scenario>,
}

/// The gallery's cards: their files are fetched the first time the gallery opens.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Shelf {
    #[default]
    Empty,
    Loading,
    Loaded {
        cards: Arc<Vec<Card>>,
        /// A line for each file that did not arrive or did not open.
        failed: Vec<String>,
    },
}

/// Provided as context by `learn::install`.
#[derive(Clone, Copy)]
pub struct Learn {
    /// Whether the gallery is open.
    pub open: RwSignal<bool>,
    /// The lesson being played, if any.
    pub playing: RwSignal<Option<Playing>>,
    /// The challenge being attempted, if any.
    pub attempt: RwSignal<Option<Attempt>>,
    /// The gallery's cards.
    pub shelf: RwSignal<Shelf>,
    /// Counts the requests to open something; a lesson or example whose files arrive after
    /// a later request was made is not opened (the later one wins).
    pub requests: StoredValue<u64>,
}

impl Learn {
    /// A new [`Learn`], nothing open or loaded.
    pub fn new() -> Learn {
        Learn {
            open: RwSignal::new(false),
            playing: RwSignal::new(None),
            attempt: RwSignal::new(None),
            shelf: RwSignal::new(Shelf::Empty),
            requests: StoredValue::new(0),
        }
    }

    /// Registers a request to open something; `is_latest` with the number returned says
    /// whether it is still the last one.
    pub fn request(&self) -> u64 {
        let n = self.requests.get_value() + 1;
        self.requests.set_value(n);
        n
    }

    /// Whether request `n` is the last one made.
    pub fn is_latest(&self, n: u64) -> bool {
        self.requests.get_value() == n
    }
}

impl Default for Learn {
    fn default() -> Learn {
        Learn::new()
    }
}
