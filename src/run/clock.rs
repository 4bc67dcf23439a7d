//! Wall-clock readings for measuring the app's own work (never the simulation's time):
//! `performance.now()` and the slowest chart paint and publish since the last report.

/// `performance.now()`: milliseconds since navigation start.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

thread_local! {
    /// The slowest chart paint since the last performance report, in ms.
    pub static CHART_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

thread_local! {
    /// The slowest publish (summary, live state, DOM updates) since the last report, in ms.
    pub static PUBLISH_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

pub fn note_publish_ms(ms: f64) {
    PUBLISH_MS.with(|c| c.set(c.get().max(ms)));
}

/// Records how long one chart paint took (reported as `chartMaxMs`).
pub fn note_chart_ms(ms: f64) {
    CHART_MS.with(|c| c.set(c.get().max(ms)));
}
