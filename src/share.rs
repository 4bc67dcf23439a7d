//! Getting work in and out: share links, JSON files, exports (SVG, PNG, CSV) and the
//! autosave in localStorage.

pub mod download;
pub mod export;
pub mod files;
pub mod link;
pub mod menu;
pub mod storage;
