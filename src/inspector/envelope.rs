//! The back-of-the-envelope calculator in a client's inspector: from daily active users,
//! their requests, the read share, the object size and the retention to requests per
//! second, storage, bandwidth and servers ([`crate::engine::envelope`]); one click puts
//! the average or the peak rate and the read share into the client, as one undoable edit.

use crate::editor::edit::Edit;
use crate::engine::envelope::{Envelope, Estimate, bytes};
use crate::engine::input::group_thousands;
use crate::engine::limits::MAX_RPS;
use crate::engine::{ArrivalProcess, Params, RateProfile, Traffic};
use crate::inspector::fields::NumField;
use crate::state::AppState;
use leptos::prelude::*;

/// A rate to three significant figures, as an estimate deserves: "3,470 req/s", "23.1 req/s".
pub fn rate(rps: f64) -> String {
    let rounded = significant(rps, 3);
    let text = if rounded >= 100.0 {
        group_thousands(rounded as u64)
    } else if rounded >= 10.0 {
        format!("{rounded:.1}")
    } else {
        format!("{rounded:.2}")
    };
    format!("{text} req/s")
}

fn significant(x: f64, digits: i32) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 0.0;
    }
    let scale = 10f64.powi(digits - 1 - x.log10().floor() as i32);
    (x * scale).round() / scale
}

/// Bytes per second as bits, the way links are sold: "16.7 Mbit/s".
fn bandwidth(bytes_per_s: f64) -> String {
    let bits = bytes(bytes_per_s * 8.0);
    format!("{}bit/s", bits.trim_end_matches('B'))
}

/// The lines of the estimate: (label, value, test id).
pub fn lines(e: &Estimate) -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("Average", rate(e.average_rps), "envelope-average"),
        ("Peak", rate(e.peak_rps), "envelope-peak"),
        (
            "Reads / writes",
            format!("{} / {}", rate(e.read_rps), rate(e.write_rps)),
            "envelope-split",
        ),
        (
            "Storage",
            format!(
                "{} a day, {} kept",
                bytes(e.storage_per_day),
                bytes(e.storage)
            ),
            "envelope-storage",
        ),
        (
            "Bandwidth out",
            format!(
                "{}, {} at the peak",
                bandwidth(e.egress),
                bandwidth(e.peak_egress)
            ),
            "envelope-egress",
        ),
        ("Bandwidth in", bandwidth(e.ingress), "envelope-ingress"),
        (
            "Servers at the peak",
            format!("{} (no headroom)", e.servers),
            "envelope-servers",
        ),
    ]
}

/// Puts `rps` and the read share into client `id`: open Poisson traffic at a constant rate.
fn use_rate(state: AppState, id: &str, rps: f64, read_share: f64) -> Result<(), String> {
    if rps > MAX_RPS {
        return Err(format!(
            "{} is more than a client can send here ({}); scale the estimate down, e.g. per region or per shard",
            rate(rps),
            rate(MAX_RPS)
        ));
    }
    let params = state
        .scenario
        .with_untracked(|s| s.component(id).map(|c| c.params.clone()));
    let Some(Params::Client(mut p)) = params else {
        return Err("Select a client first".to_string());
    };
    p.traffic = Traffic::Open {
        process: ArrivalProcess::Poisson,
        rate: RateProfile::Constant {
            rps: significant(rps, 3),
        },
    };
    p.read_ratio = read_share;
    state.apply(Edit::SetParams {
        id: id.to_string(),
        params: Params::Client(p),
    });
    Ok(())
}

/// The calculator, folded away until opened.
#[component]
pub fn EnvelopeSection(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let input = RwSignal::new(Envelope::default());
    let note = RwSignal::new(None::<Result<String, String>>);
    let estimate = Memo::new(move |_| input.get().estimate());
    let none = Signal::derive(Vec::new);
    let field = move |label: &'static str,
                      unit: &'static str,
                      testid: &'static str,
                      get: fn(&Envelope) -> f64,
                      set: fn(&mut Envelope, f64)| {
        view! {
            <NumField
                label=label
                unit=unit
                value=Signal::derive(move || get(&input.get()))
                on_set=Callback::new(move |v| input.update(|e| set(e, v)))
                max=1e12
                errors=none
                testid=testid.to_string()
            />
        }
    };
    let id = StoredValue::new(id);
    let apply = move |peak: bool| {
        let Ok(e) = estimate.get_untracked() else {
            return;
        };
        let rps = if peak { e.peak_rps } else { e.average_rps };
        let share = input.get_untracked().read_share;
        note.set(Some(use_rate(state, &id.get_value(), rps, share).map(
            |()| {
                format!(
                    "This client now sends {} ({} % reads).",
                    rate(significant(rps, 3)),
                    crate::format::plain(share * 100.0)
                )
            },
        )));
    };
    view! {
        <details class="insp-section envelope" data-testid="envelope">
            <summary class="section-title">"Estimate from users"</summary>
            <p class="field-help">
                "Back of the envelope: a day's requests spread over 86,400 s, a peak a few times \
                 the average, decimal units. Rough on purpose: three significant figures."
            </p>
            {field("Daily active users", "users", "envelope-dau", |e| e.daily_active_users, |e, v| e.daily_active_users = v)}
            {field("Requests per user", "a day", "envelope-requests", |e| e.requests_per_user, |e, v| e.requests_per_user = v)}
            {field("Reads", "%", "envelope-reads", |e| e.read_share * 100.0, |e, v| e.read_share = v / 100.0)}
            {field("Object size", "KB", "envelope-object", |e| e.object_kb, |e, v| e.object_kb = v)}
            {field("Kept for", "days", "envelope-retention", |e| e.retention_days, |e, v| e.retention_days = v)}
            {field("Peak / average", "×", "envelope-peak-factor", |e| e.peak_factor, |e, v| e.peak_factor = v)}
            {field("One server handles", "req/s", "envelope-server", |e| e.server_rps, |e, v| e.server_rps = v)}
            {move || match estimate.get() {
                Ok(e) => view! {
                    <dl class="envelope-out">
                        {lines(&e)
                            .into_iter()
                            .map(|(label, value, testid)| view! {
                                <dt>{label}</dt>
                                <dd data-testid=testid>{value}</dd>
                            })
                            .collect_view()}
                    </dl>
                    <div class="envelope-actions">
                        <button class="btn small" data-testid="envelope-use-average" on:click=move |_| apply(false)>
                            "Use the average"
                        </button>
                        <button class="btn small" data-testid="envelope-use-peak" on:click=move |_| apply(true)>
                            "Use the peak"
                        </button>
                    </div>
                }
                    .into_any(),
                Err(message) => view! {
                    <p class="field-error" data-testid="envelope-error">{message}</p>
                }
                    .into_any(),
            }}
            {move || note.get().map(|n| match n {
                Ok(text) => view! { <p class="field-help" data-testid="envelope-note">{text}</p> }.into_any(),
                Err(text) => view! { <p class="field-error" data-testid="envelope-note">{text}</p> }.into_any(),
            })}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_keep_three_significant_figures() {
        assert_eq!(rate(3472.2), "3,470 req/s");
        assert_eq!(rate(231.48), "231 req/s");
        assert_eq!(rate(23.148), "23.1 req/s");
        assert_eq!(rate(1_000_000.0), "1,000,000 req/s");
        assert_eq!(rate(0.0), "0.00 req/s");
    }

    #[test]
    fn links_are_sold_in_bits() {
        // 2.08 MB/s of reads is 16.7 Mbit/s.
        assert_eq!(bandwidth(2_083_333.0), "16.7 Mbit/s");
        assert_eq!(bandwidth(100.0), "800 bit/s");
    }
}
