//! archsim's simulation engine (crate docs are written with the event loop).

pub mod cache;
pub mod events;
pub mod feed;
pub mod metrics;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod station;
pub mod time;
pub mod validate;

pub use feed::{Feed, Hop, HopDirection, HopOutcome};
pub use metrics::*;
pub use scenario::*;
pub use sim::{ComponentLive, Simulation, StepResult};
pub use time::SimTime;
pub use validate::{Problem, Severity, Subject, validate};
