//! What a run did by itself, as the app noticed it ([`crate::app::announce`] finds them;
//! the inspector's event log lists them).

/// Something the run did by itself, noticed between two looks at it: it happened after
/// `from_s` and by `to_s` (simulated seconds). The app looks several times a second, so at
/// high speeds that is a span of seconds, and the log says so.
#[derive(Clone, Debug, PartialEq)]
pub struct RunEvent {
    pub from_s: f64,
    pub to_s: f64,
    /// A few words for a chart mark: "Cache down".
    pub label: String,
    /// The sentence the log shows and the live region speaks: "Cache is down."
    pub text: String,
}

impl RunEvent {
    /// When it happened, to the precision it was seen: "42.1 s", or "32.0 s – 42.0 s".
    pub fn when(&self) -> String {
        if self.to_s - self.from_s < 0.2 {
            crate::format::clock(self.to_s)
        } else {
            format!(
                "{} – {}",
                crate::format::clock(self.from_s),
                crate::format::clock(self.to_s)
            )
        }
    }
}
