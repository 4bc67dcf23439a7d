//! Running the simulation in the browser: the runner that steps the engine within a frame's
//! event budget, the animation-frame loop, the sampled request dots it draws, and the engine benchmark
//! hook that measures the shipped wasm.

pub mod bench;
pub mod clock;
pub mod dots;
pub mod event;
pub mod frame_budget;
pub mod run_loop;
pub mod runner;
