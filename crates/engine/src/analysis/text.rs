//! The analysis as a plain-text table for the terminal.

use super::{Analysis, Comparison};
use std::fmt::Write;

fn num(x: Option<f64>, digits: usize) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:.digits$}"),
        _ => "-".to_string(),
    }
}

/// "0.80 [0.78, 0.81]" (and a mark where the prediction falls outside).
fn sim(c: &Option<Comparison>, digits: usize) -> String {
    match c {
        Some(c) => format!(
            "{:.digits$} [{:.digits$}, {:.digits$}]{}",
            c.simulated.mean,
            c.simulated.low,
            c.simulated.high,
            if c.agrees { "" } else { " ✗" }
        ),
        None => "-".to_string(),
    }
}

pub(crate) fn render(a: &Analysis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Analysis of \"{}\"\n", a.scenario);
    let _ = writeln!(
        out,
        "λ offered load, c servers, S own work, hold = S + time waiting downstream, ρ = λ·hold/c,\n\
         util = busy servers (M/G/∞: calls in progress), W mean time in system; ✗ marks a\n\
         prediction outside the run's 95 % interval (batch means)\n"
    );
    let simulated = a.components.iter().any(|c| c.simulated.is_some());
    let mut rows: Vec<Vec<String>> = vec![
        [
            "component",
            "kind",
            "λ req/s",
            "c",
            "S ms",
            "hold ms",
            "ρ",
            "util",
            "model",
            "W ms",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    if simulated {
        rows[0].extend(
            [
                "sim λ [95 % CI]",
                "sim util [95 % CI]",
                "sim W ms [95 % CI]",
                "Little",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
    }
    for c in &a.components {
        let mut row = vec![
            c.id.clone(),
            c.kind.slug().to_string(),
            num(c.lambda_rps, 1),
            c.servers.map_or("-".into(), |s| s.to_string()),
            num(c.service_ms, 1),
            num(c.hold_ms, 1),
            num(c.rho, 3),
            num(c.utilization, 3),
            c.model.map_or("-".into(), |m| m.name().to_string()),
            num(c.time_in_system_ms, 2),
        ];
        if simulated {
            match &c.simulated {
                Some(s) => row.extend([
                    sim(&s.lambda_rps, 1),
                    sim(&s.utilization, 3),
                    sim(&s.time_in_system_ms, 2),
                    s.little.map_or("-".into(), |l| {
                        format!(
                            "L {:.2} λW {:.2}{}",
                            l.l,
                            l.lambda_w,
                            if l.holds { "" } else { " ✗" }
                        )
                    }),
                ]),
                None => row.extend(std::iter::repeat_n("-".to_string(), 4)),
            }
        }
        rows.push(row);
    }
    debug_assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|j| rows.iter().map(|r| r[j].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    let _ = writeln!(out);
    for c in &a.components {
        for note in &c.notes {
            let _ = writeln!(out, "  {}: {note}", c.id);
        }
        if let Some(h) = c.hit_ratio {
            let measured = c
                .simulated
                .as_ref()
                .and_then(|s| s.hit_ratio)
                .map_or(String::new(), |m| format!(", simulated {:.1} %", m * 100.0));
            let _ = writeln!(
                out,
                "  {}: predicted hit ratio {:.1} %{measured}",
                c.id,
                h * 100.0
            );
        }
    }
    for note in &a.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    let _ = writeln!(out);
    match (&a.bottleneck, a.max_scale) {
        (Some(b), Some(scale)) => {
            let _ = writeln!(
                out,
                "Bottleneck: {b}. The client rates can grow ×{scale:.2} ({:.0} → {:.0} req/s in all) before it saturates.",
                a.client_rps,
                a.client_rps * scale
            );
        }
        _ => {
            let _ = writeln!(out, "Bottleneck: not predicted (no utilization is known).");
        }
    }
    if a.spofs.is_empty() {
        let _ = writeln!(out, "Single points of failure: none.");
    } else {
        let _ = writeln!(out, "Single points of failure:");
        for s in &a.spofs {
            let _ = writeln!(out, "  {} ({:?}): {}", s.id, s.scope, s.reason);
        }
    }
    if let Some(av) = &a.availability {
        let _ = writeln!(out, "{}", av.describe());
    }
    let c = &a.cost;
    let _ = writeln!(
        out,
        "Cost at list prices: ${:.0} a month (machines ${:.0}, requests ${:.0})",
        c.monthly_usd, c.machines_usd, c.requests_usd
    );
    for part in &c.components {
        let _ = writeln!(
            out,
            "  {}: ${:.0} ({})",
            part.id, part.monthly_usd, part.basis
        );
    }
    for note in &c.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;

    #[test]
    fn every_row_has_a_cell_under_every_heading() {
        let scenario =
            crate::Scenario::from_json(include_str!("../../../../examples/web-app.json"))
                .expect("example");
        let text = analyze(&scenario).to_text();
        let table: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("component"))
            .take_while(|l| !l.is_empty())
            .collect();
        // Cells are separated by at least two spaces and hold none themselves.
        let cells = |line: &str| -> Vec<String> {
            line.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        };
        let heading = cells(table[0]);
        for row in &table {
            assert_eq!(cells(row).len(), heading.len(), "{row}");
        }
        // The cache's utilization (0.300) sits under "util", its ρ is "-".
        let util = heading
            .iter()
            .position(|h| h == "util")
            .expect("a util column");
        let cache = cells(
            table
                .iter()
                .find(|l| l.starts_with("cache"))
                .expect("cache row"),
        );
        assert_eq!(cache[util], "0.300", "{text}");
        assert_eq!(cache[util - 1], "-", "{text}");
        assert!(table.len() == 8, "{text}");
    }
}
