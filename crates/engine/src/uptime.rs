//! What a run can honestly say about its uptime. A run of N windows measures availability
//! in steps of 1/N: with no SLO miss it shows only that misses are rarer than about 1 in N,
//! not "9 nines". So the claim is "no SLO miss in N windows" and the most nines such a run
//! could ever show, log10(N).

/// The uptime a run measured, in words a reader can trust.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum UptimeClaim {
    /// No window after warm-up yet.
    #[default]
    NoWindow,
    /// Every one of `windows` met the SLO. `max_nines` = log10(windows): the most a run
    /// this long can measure.
    NoMiss { windows: u64, max_nines: f64 },
    /// Some windows missed: the share up and its nines, both measured.
    Measured {
        up: u64,
        windows: u64,
        uptime_pct: f64,
        nines: f64,
    },
}

impl UptimeClaim {
    /// The claim for `up` windows meeting the SLO out of `windows`.
    pub fn new(up: u64, windows: u64) -> UptimeClaim {
        if windows == 0 {
            UptimeClaim::NoWindow
        } else if up >= windows {
            UptimeClaim::NoMiss {
                windows,
                max_nines: libm::log10(windows as f64),
            }
        } else {
            let uptime = up as f64 / windows as f64;
            UptimeClaim::Measured {
                up,
                windows,
                uptime_pct: uptime * 100.0,
                nines: crate::metrics::nines(uptime),
            }
        }
    }

    /// One line: "no SLO miss in 115 windows (a run this long cannot show more than 2.06
    /// nines)" or "92.222 % (83/90 windows met the SLO, 1.11 nines)".
    pub fn describe(&self) -> String {
        match *self {
            UptimeClaim::NoWindow => "no complete window after warm-up yet".into(),
            UptimeClaim::NoMiss { windows, max_nines } => format!(
                "no SLO miss in {windows} window{} (a run this long cannot show more than {max_nines:.2} nines)",
                if windows == 1 { "" } else { "s" }
            ),
            UptimeClaim::Measured {
                up,
                windows,
                uptime_pct,
                nines,
            } => {
                format!("{uptime_pct:.3} % ({up}/{windows} windows met the SLO, {nines:.2} nines)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_miss_never_claims_more_nines_than_the_windows_measure() {
        let claim = UptimeClaim::new(115, 115);
        assert_eq!(
            claim.describe(),
            "no SLO miss in 115 windows (a run this long cannot show more than 2.06 nines)"
        );
        // 1000 windows without a miss: at most 3 nines, the resolution of the run.
        let UptimeClaim::NoMiss { max_nines, .. } = UptimeClaim::new(1000, 1000) else {
            panic!("no miss");
        };
        assert!((max_nines - 3.0).abs() < 1e-12);
    }

    #[test]
    fn misses_give_measured_nines() {
        // 1 miss in 1000 windows: 99.9 %, 3 nines.
        assert_eq!(
            UptimeClaim::new(999, 1000).describe(),
            "99.900 % (999/1000 windows met the SLO, 3.00 nines)"
        );
        assert_eq!(UptimeClaim::new(0, 0), UptimeClaim::NoWindow);
    }
}
