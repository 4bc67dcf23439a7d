//! What the app shows for each component kind: its icon, its blurb, its palette group and its
//! slug.

pub mod icons;
