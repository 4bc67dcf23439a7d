//! Number formatting for people: counts, percentages, durations, the simulated clock and
//! the speed control's steps.

use archsim_engine::uptime::UptimeClaim;

/// The speeds the toolbar offers (simulated seconds per real second).
pub const SPEEDS: [f64; 13] = [
    0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
];

/// The speed a new session starts with.
pub const DEFAULT_SPEED: f64 = 1.0;

/// The speed a run actually reached, when it is well below the chosen one (the machine
/// cannot keep up): "≈340×", "≈7.5×". `None` while it keeps up.
pub fn speed_behind(chosen: f64, reached: f64) -> Option<String> {
    if !(reached.is_finite() && reached >= 0.0) || reached >= 0.8 * chosen {
        return None;
    }
    Some(if reached >= 10.0 {
        format!("≈{reached:.0}×")
    } else {
        format!("≈{reached:.1}×")
    })
}

/// "0.25×", "1×", "100×".
pub fn speed_label(speed: f64) -> String {
    if speed.fract() == 0.0 {
        format!("{speed:.0}×")
    } else {
        format!("{speed}×")
    }
}

/// The index in [`SPEEDS`] closest to `speed`.
pub fn speed_index(speed: f64) -> usize {
    SPEEDS
        .iter()
        .enumerate()
        .min_by(|a, b| {
            (a.1 - speed)
                .abs()
                .partial_cmp(&(b.1 - speed).abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|(i, _)| i)
        .unwrap_or(2)
}

/// Dollars per hour, to the cent: "$2.04/h".
pub fn usd_per_hour(usd: f64) -> String {
    format!("${usd:.2}/h")
}

/// Whole dollars, with a thousands suffix as [`count`] has: "$73", "$1.5k".
pub fn usd(usd: f64) -> String {
    format!("${}", count(usd.round().max(0.0) as u64))
}

/// A count with a thousands suffix: 999, "1.2k", "34.5k", "1.20M".
pub fn count(n: u64) -> String {
    let x = n as f64;
    if n < 1_000 {
        n.to_string()
    } else if n < 100_000 {
        format!("{:.1}k", x / 1e3)
    } else if n < 1_000_000 {
        format!("{:.0}k", x / 1e3)
    } else {
        format!("{:.2}M", x / 1e6)
    }
}

/// A simulation speed to two significant figures: "8.1 M events/s", "640 k events/s".
pub fn events_per_s(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.1} M events/s", rate / 1e6)
    } else {
        format!("{:.0} k events/s", rate / 1e3)
    }
}

/// A ratio (0..=1) as a percentage with enough digits to tell 99.9 from 100.
pub fn pct(ratio: f64) -> String {
    percent(ratio * 100.0)
}

/// A percentage (0..=100): "100 %", "99.95 %", "87.3 %".
pub fn percent(p: f64) -> String {
    if !p.is_finite() {
        return "–".to_string();
    }
    if p >= 100.0 {
        "100 %".to_string()
    } else if p >= 99.0 {
        // Never round 99.996 up to "100": a single failure should be visible.
        let t = (p * 100.0).floor() / 100.0;
        format!("{t:.2} %")
    } else {
        format!("{p:.1} %")
    }
}

/// A duration in milliseconds: "0.42 ms", "12.3 ms", "245 ms", "1.25 s".
pub fn ms(v: f64) -> String {
    if !v.is_finite() || v < 0.0 {
        "–".to_string()
    } else if v < 1.0 {
        format!("{v:.2} ms")
    } else if v < 100.0 {
        format!("{v:.1} ms")
    } else if v < 1000.0 {
        format!("{v:.0} ms")
    } else {
        format!("{:.2} s", v / 1000.0)
    }
}

/// The simulated clock: "0.0 s", "42.7 s", "2:05.3".
pub fn clock(t_s: f64) -> String {
    let t = t_s.max(0.0);
    if t < 60.0 {
        format!("{t:.1} s")
    } else {
        let minutes = (t / 60.0).floor();
        let seconds = t - minutes * 60.0;
        format!("{minutes:.0}:{seconds:04.1}")
    }
}

/// A number for an input field without trailing zeros: 20, 0.5, 1000.
pub fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The uptime a run measured, in a few words: "no miss in 115 windows" while every window
/// met the SLO (a run of N windows cannot show more than log10(N) nines, so it claims none),
/// else its nines, floored ("2.96 nines" is not yet 3).
pub fn uptime_note(claim: UptimeClaim) -> String {
    match claim {
        UptimeClaim::NoWindow => String::new(),
        UptimeClaim::NoMiss { windows, .. } => format!(
            "no miss in {windows} window{}",
            if windows == 1 { "" } else { "s" }
        ),
        UptimeClaim::Measured { nines, .. } => {
            format!("{:.1} nines", (nines * 10.0).floor() / 10.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_suffixes() {
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234), "1.2k");
        assert_eq!(count(345_600), "346k");
        assert_eq!(count(2_500_000), "2.50M");
    }

    #[test]
    fn percentages_never_round_a_failure_away() {
        assert_eq!(pct(1.0), "100 %");
        assert_eq!(pct(0.99996), "99.99 %");
        assert_eq!(pct(0.873), "87.3 %");
        assert_eq!(percent(f64::NAN), "–");
    }

    #[test]
    fn durations_pick_a_unit() {
        assert_eq!(ms(0.42), "0.42 ms");
        assert_eq!(ms(12.34), "12.3 ms");
        assert_eq!(ms(245.0), "245 ms");
        assert_eq!(ms(1250.0), "1.25 s");
    }

    #[test]
    fn clock_switches_to_minutes() {
        assert_eq!(clock(0.0), "0.0 s");
        assert_eq!(clock(42.74), "42.7 s");
        assert_eq!(clock(125.3), "2:05.3");
    }

    #[test]
    fn speeds_round_trip() {
        for (i, s) in SPEEDS.iter().enumerate() {
            assert_eq!(speed_index(*s), i);
        }
        assert_eq!(speed_label(0.25), "0.25×");
        assert_eq!(speed_label(100.0), "100×");
        assert_eq!(speed_label(1000.0), "1000×");
        assert_eq!(speed_index(7.0), 4);
    }

    #[test]
    fn a_speed_the_machine_cannot_keep_up_with_is_told() {
        assert_eq!(speed_behind(1000.0, 340.4), Some("≈340×".to_string()));
        assert_eq!(speed_behind(10.0, 7.46), Some("≈7.5×".to_string()));
        assert_eq!(speed_behind(100.0, 95.0), None, "close enough");
        assert_eq!(speed_behind(100.0, f64::NAN), None);
    }

    #[test]
    fn plain_numbers_drop_zeros() {
        assert_eq!(plain(20.0), "20");
        assert_eq!(plain(0.5), "0.5");
        assert_eq!(plain(1.25), "1.25");
    }
}
