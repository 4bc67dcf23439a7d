//! archsim's simulation engine (crate docs are written with the event loop).

pub mod feed;
pub mod metrics;
pub mod scenario;

pub use feed::{Feed, Hop, HopDirection, HopOutcome};
pub use metrics::*;
pub use scenario::*;
