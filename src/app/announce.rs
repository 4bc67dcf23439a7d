//! A live region that tells screen-reader users what happens in a run without their asking:
//! a component going down or coming back, a failover, a node lost, a service scaling. Toasts
//! already speak for what the user did (a crash they pressed); this speaks for the run.

use crate::engine::{ComponentLive, Scenario};
use crate::run::event::RunEvent;
use crate::state::AppState;
use leptos::prelude::*;

/// At most this many sentences at once; more are counted ("and 4 more changes").
const MAX_SPOKEN: usize = 3;

/// The event log keeps this many of the latest events.
const MAX_LOGGED: usize = 200;

/// What changed between two snapshots of the components, in sentences. Nothing when the
/// snapshots are not of the same components (a new run, another scenario).
pub fn changes(
    scenario: &Scenario,
    before: &[ComponentLive],
    after: &[ComponentLive],
) -> Vec<String> {
    if before.len() != after.len() || after.len() != scenario.components.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for ((c, b), a) in scenario.components.iter().zip(before).zip(after) {
        let name = c.display_name();
        if b.up && !a.up {
            out.push(format!("{name} is down."));
        } else if !b.up && a.up {
            out.push(format!("{name} is back up."));
        }
        if !b.failing_over && a.failing_over {
            out.push(format!("{name} is failing over to its standby."));
        } else if a.active_node != b.active_node && !a.failing_over {
            out.push(format!(
                "{name} failed over: node {} serves.",
                a.active_node + 1
            ));
        }
        if a.nodes > 0 && a.nodes_up < b.nodes_up {
            out.push(format!(
                "{name} lost a node: {} of {} up.",
                a.nodes_up, a.nodes
            ));
        }
        if b.instances > 0 && a.instances > b.instances {
            out.push(format!("{name} scaled up to {} instances.", a.instances));
        } else if a.instances > 0 && a.instances < b.instances {
            out.push(format!("{name} scaled down to {} instances.", a.instances));
        }
    }
    if out.len() > MAX_SPOKEN {
        let more = out.len() - MAX_SPOKEN;
        out.truncate(MAX_SPOKEN);
        out.push(format!(
            "And {more} more change{}.",
            if more == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The visually hidden live region.
#[component]
pub fn Announcer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let said = RwSignal::new(String::new());
    let last = StoredValue::new((Vec::<ComponentLive>::new(), 0.0));
    Effect::new(move || {
        let after = state.live.get();
        let now = state.clock_s.get_untracked();
        let (before, then) = last.get_value();
        let news = state
            .scenario
            .with_untracked(|s| changes(s, &before, &after));
        last.set_value((after, now));
        if !news.is_empty() {
            said.set(news.join(" "));
            state.events.update(|log| {
                log.extend(news.into_iter().map(|text| RunEvent {
                    from_s: then.min(now),
                    to_s: now,
                    text,
                }));
                let extra = log.len().saturating_sub(MAX_LOGGED);
                log.drain(..extra);
            });
        }
    });
    view! {
        <div class="visually-hidden" aria-live="assertive" role="status" data-testid="announcer">
            {move || said.get()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(up: bool) -> ComponentLive {
        ComponentLive {
            up,
            ..Default::default()
        }
    }

    #[test]
    fn an_event_says_when_to_the_precision_it_was_seen() {
        let at = |from_s, to_s| RunEvent {
            from_s,
            to_s,
            text: String::new(),
        };
        assert_eq!(at(42.0, 42.1).when(), crate::format::clock(42.1));
        assert_eq!(
            at(32.0, 42.0).when(),
            format!(
                "{} – {}",
                crate::format::clock(32.0),
                crate::format::clock(42.0)
            )
        );
    }

    #[test]
    fn a_crash_a_recovery_and_a_failover_are_spoken_by_name() {
        let scenario = crate::default_scenario();
        let n = scenario.components.len();
        let i = scenario
            .components
            .iter()
            .position(|c| c.id == "cache")
            .expect("the web app has a cache");
        let all_up = vec![live(true); n];
        let mut cache_down = all_up.clone();
        cache_down[i].up = false;
        assert_eq!(changes(&scenario, &all_up, &cache_down), ["Cache is down."]);
        assert_eq!(
            changes(&scenario, &cache_down, &all_up),
            ["Cache is back up."]
        );
        let mut failing = all_up.clone();
        failing[i].failing_over = true;
        assert_eq!(
            changes(&scenario, &all_up, &failing),
            ["Cache is failing over to its standby."]
        );
        // Nothing changed, or another run: silence.
        assert!(changes(&scenario, &all_up, &all_up).is_empty());
        assert!(changes(&scenario, &[], &all_up).is_empty());
        // Everything down at once: three sentences and a count.
        let none_up = vec![live(false); n];
        let said = changes(&scenario, &all_up, &none_up);
        assert_eq!(said.len(), 4);
        assert_eq!(said[3], format!("And {} more changes.", n - 3));
    }
}
