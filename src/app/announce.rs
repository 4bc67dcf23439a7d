//! A live region that tells screen-reader users what happens in a run without their asking:
//! a component going down or coming back, a failover, a node lost, a service scaling. Toasts
//! already speak for what the user did (a crash they pressed); this speaks for the run.

use crate::engine::{BreakerState, ComponentLive, Scenario};
use crate::run::event::RunEvent;
use crate::state::AppState;
use leptos::prelude::*;

/// At most this many sentences at once; more are counted ("and 4 more changes").
const MAX_SPOKEN: usize = 3;

/// The event log keeps this many of the latest events.
const MAX_LOGGED: usize = 200;

/// What changed between two snapshots of the components, as they are spoken: at most
/// [`MAX_SPOKEN`] sentences and a count of the rest.
pub fn changes(
    scenario: &Scenario,
    before: &[ComponentLive],
    after: &[ComponentLive],
) -> Vec<String> {
    spoken(sentences(component_changes(scenario, before, after)))
}

/// A change as a chart labels it ("Cache down") and as it is spoken ("Cache is down.").
pub type Change = (String, String);

fn sentences(changes: Vec<Change>) -> Vec<String> {
    changes.into_iter().map(|(_, sentence)| sentence).collect()
}

/// What changed between two snapshots of the components. Nothing when the snapshots are not
/// of the same components (a new run, another scenario).
fn component_changes(
    scenario: &Scenario,
    before: &[ComponentLive],
    after: &[ComponentLive],
) -> Vec<Change> {
    if before.len() != after.len() || after.len() != scenario.components.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for ((c, b), a) in scenario.components.iter().zip(before).zip(after) {
        let name = c.display_name();
        if b.up && !a.up {
            out.push((format!("{name} down"), format!("{name} is down.")));
        } else if !b.up && a.up {
            out.push((format!("{name} up"), format!("{name} is back up.")));
        }
        if !b.failing_over && a.failing_over {
            out.push((
                format!("{name} failing over"),
                format!("{name} is failing over to its standby."),
            ));
        } else if a.active_node != b.active_node && !a.failing_over {
            out.push((
                format!("{name} failed over"),
                format!("{name} failed over: node {} serves.", a.active_node + 1),
            ));
        }
        if a.nodes > 0 && a.nodes_up < b.nodes_up {
            out.push((
                format!("{name} {}/{} up", a.nodes_up, a.nodes),
                format!("{name} lost a node: {} of {} up.", a.nodes_up, a.nodes),
            ));
        }
        if b.instances > 0 && a.instances > b.instances {
            out.push((
                format!("{name} ×{}", a.instances),
                format!("{name} scaled up to {} instances.", a.instances),
            ));
        } else if a.instances > 0 && a.instances < b.instances {
            out.push((
                format!("{name} ×{}", a.instances),
                format!("{name} scaled down to {} instances.", a.instances),
            ));
        }
    }
    out
}

/// Circuit breakers that opened, or closed again, between two snapshots of the connections.
/// (Half-open, a breaker's trial, is not news.)
pub fn breaker_changes(
    scenario: &Scenario,
    before: &[Option<BreakerState>],
    after: &[Option<BreakerState>],
) -> Vec<Change> {
    if before.len() != after.len() || after.len() != scenario.connections.len() {
        return Vec::new();
    }
    let name = |id: &str| -> String {
        scenario
            .components
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.display_name())
            .to_string()
    };
    let mut out = Vec::new();
    for ((c, b), a) in scenario.connections.iter().zip(before).zip(after) {
        let (Some(b), Some(a)) = (b, a) else {
            continue;
        };
        let (short, what) = match (b, a) {
            (BreakerState::Closed | BreakerState::HalfOpen, BreakerState::Open) => {
                ("open", "opened")
            }
            (BreakerState::Open | BreakerState::HalfOpen, BreakerState::Closed) => {
                ("closed", "closed again")
            }
            _ => continue,
        };
        let (from, to) = (name(&c.from), name(&c.to));
        out.push((
            format!("breaker to {to} {short}"),
            format!("The breaker from {from} to {to} {what}."),
        ));
    }
    out
}

/// At most [`MAX_SPOKEN`] of the sentences, then a count of the rest.
fn spoken(mut out: Vec<String>) -> Vec<String> {
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
    let last = StoredValue::new((Vec::<ComponentLive>::new(), Vec::new(), 0.0));
    Effect::new(move || {
        let after = state.live.get();
        let breakers = state.breakers.get_untracked();
        let now = state.clock_s.get_untracked();
        let (before, breakers_before, then) = last.get_value();
        let news = state.scenario.with_untracked(|s| {
            let mut news = component_changes(s, &before, &after);
            news.extend(breaker_changes(s, &breakers_before, &breakers));
            news
        });
        last.set_value((after, breakers, now));
        if !news.is_empty() {
            said.set(spoken(sentences(news.clone())).join(" "));
            state.events.update(|log| {
                log.extend(news.into_iter().map(|(label, text)| RunEvent {
                    from_s: then.min(now),
                    to_s: now,
                    label,
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
            label: String::new(),
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

    #[test]
    fn a_breaker_opening_and_closing_again_is_spoken_by_its_ends() {
        let scenario = crate::default_scenario();
        let n = scenario.connections.len();
        let i = scenario
            .connections
            .iter()
            .position(|c| c.to == "cache")
            .expect("something calls the cache");
        let from = scenario.connections[i].from.clone();
        let from_name = scenario
            .components
            .iter()
            .find(|c| c.id == from)
            .unwrap()
            .display_name()
            .to_string();
        let mut closed = vec![None; n];
        closed[i] = Some(BreakerState::Closed);
        let mut open = closed.clone();
        open[i] = Some(BreakerState::Open);
        let mut trial = closed.clone();
        trial[i] = Some(BreakerState::HalfOpen);
        assert_eq!(
            breaker_changes(&scenario, &closed, &open),
            [(
                "breaker to Cache open".to_string(),
                format!("The breaker from {from_name} to Cache opened.")
            )]
        );
        assert!(
            breaker_changes(&scenario, &open, &trial).is_empty(),
            "a trial is not news"
        );
        assert_eq!(
            sentences(breaker_changes(&scenario, &trial, &closed)),
            [format!(
                "The breaker from {from_name} to Cache closed again."
            )]
        );
        assert!(
            breaker_changes(&scenario, &[], &open).is_empty(),
            "another run"
        );
    }
}
