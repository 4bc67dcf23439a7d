//! Editing the architecture: the edit commands (each with its exact inverse, so undo and redo
//! fall out), canvas geometry, the diagram itself and the palette of kinds to drag onto it.

pub mod diagram;
pub mod edit;
pub mod fault_text;
pub mod geom;
pub mod history;
pub mod palette;
pub mod zones;
