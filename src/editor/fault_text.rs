//! A fault in words, for the timeline, toasts and undo titles.

use crate::engine::{CrashMode, Fault, Scenario};
use crate::format;

fn name(s: &Scenario, id: &str) -> String {
    s.component(id)
        .map(|c| c.display_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

/// A fault in words, naming components by label: "Crash 'API 1' (fail fast)".
pub fn describe(s: &Scenario, fault: &Fault) -> String {
    let dur = |d: &Option<f64>| {
        d.map(|d| format!(" for {}", format::clock(d)))
            .unwrap_or_default()
    };
    match fault {
        Fault::Crash {
            component,
            duration_s,
            mode,
        } => format!(
            "Crash '{}' ({}){}",
            name(s, component),
            match mode {
                CrashMode::FailFast => "fail fast",
                CrashMode::Blackhole => "black hole",
            },
            dur(duration_s)
        ),
        Fault::Recover { component } => format!("Recover '{}'", name(s, component)),
        Fault::Slow {
            component,
            factor,
            duration_s,
        } => {
            if *factor <= 1.0 {
                format!("Restore speed of '{}'", name(s, component))
            } else {
                format!(
                    "Slow '{}' ×{}{}",
                    name(s, component),
                    format::plain(*factor),
                    dur(duration_s)
                )
            }
        }
        Fault::Partition {
            from,
            to,
            duration_s,
        } => format!(
            "Partition '{}' → '{}'{}",
            name(s, from),
            name(s, to),
            dur(duration_s)
        ),
        Fault::Heal { from, to } => format!("Heal '{}' → '{}'", name(s, from), name(s, to)),
        Fault::TrafficSpike {
            client,
            factor,
            duration_s,
        } => format!(
            "Traffic ×{} from {} for {}",
            format::plain(*factor),
            client
                .as_ref()
                .map(|c| format!("'{}'", name(s, c)))
                .unwrap_or_else(|| "all clients".to_string()),
            format::clock(*duration_s)
        ),
        Fault::Reshard { component, shards } => {
            format!("Reshard '{}' to {shards} shards", name(s, component))
        }
        Fault::Resize {
            component,
            size,
            restart_s,
        } => format!(
            "Resize '{}' to {} ({} s restart)",
            name(s, component),
            size.name(),
            format::plain(*restart_s)
        ),
        Fault::PartitionReplicas {
            component,
            duration_s,
        } => format!(
            "Partition the replicas of '{}' from their primary{}",
            name(s, component),
            dur(duration_s)
        ),
        Fault::ZoneOutage { zone, duration_s } => {
            format!("Outage of zone '{zone}'{}", dur(duration_s))
        }
        Fault::ZoneRestore { zone } => format!("Restore zone '{zone}'"),
    }
}
