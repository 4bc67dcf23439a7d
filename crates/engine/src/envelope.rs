//! Back-of-the-envelope estimation, as a design review starts: from the users and their
//! habits to requests per second, storage, bandwidth and servers. The conventions are the
//! interview's: decimal units (1 KB = 1,000 bytes), a day of 86,400 s, traffic spread evenly
//! over the day and a peak a fixed factor above that average.

use serde::{Deserialize, Serialize};

/// Seconds in a day: what turns daily counts into rates.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// What the estimate starts from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Envelope {
    /// Users active on a given day.
    pub daily_active_users: f64,
    /// Requests each of them makes in a day.
    pub requests_per_user: f64,
    /// The share of requests that read (the rest write), 0 to 1.
    pub read_share: f64,
    /// The size of what a request reads or writes, in KB.
    pub object_kb: f64,
    /// How long written data is kept, in days.
    pub retention_days: f64,
    /// The busiest moment's rate over the day's average (2 is the usual guess).
    pub peak_factor: f64,
    /// Requests per second one server handles.
    pub server_rps: f64,
}

impl Default for Envelope {
    fn default() -> Self {
        Envelope {
            daily_active_users: 1_000_000.0,
            requests_per_user: 20.0,
            read_share: 0.9,
            object_kb: 10.0,
            retention_days: 365.0,
            peak_factor: 2.0,
            server_rps: 500.0,
        }
    }
}

/// What the estimate finds. Rates are per second, sizes in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Requests per second over the day.
    pub average_rps: f64,
    /// Requests per second at the peak.
    pub peak_rps: f64,
    /// The average's reads and writes.
    pub read_rps: f64,
    pub write_rps: f64,
    /// New data a day, and all that is kept over the retention.
    pub storage_per_day: f64,
    pub storage: f64,
    /// Bytes per second out (reads) and in (writes), on average, and out at the peak.
    pub egress: f64,
    pub ingress: f64,
    pub peak_egress: f64,
    /// Servers that carry the peak at `server_rps` each, with no headroom.
    pub servers: u64,
}

impl Envelope {
    /// The estimate, or the first input that makes none (named as the app's form names it).
    pub fn estimate(&self) -> Result<Estimate, String> {
        let checks = [
            ("Daily active users", self.daily_active_users, 0.0, 1e12),
            ("Requests per user", self.requests_per_user, 0.0, 1e9),
            ("Object size", self.object_kb, 0.0, 1e12),
            ("Kept for", self.retention_days, 0.0, 1e6),
            ("Peak / average", self.peak_factor, 1.0, 1e3),
        ];
        for (name, value, min, max) in checks {
            if !(min..=max).contains(&value) {
                return Err(format!("{name} must be from {min} to {max}, not {value}"));
            }
        }
        if !(0.0..=1.0).contains(&self.read_share) {
            return Err(format!(
                "Reads must be from 0 % to 100 %, not {} %",
                self.read_share * 100.0
            ));
        }
        if !(self.server_rps > 0.0 && self.server_rps <= 1e9) {
            return Err(format!(
                "One server handles more than 0 and at most 1e9 req/s, not {}",
                self.server_rps
            ));
        }
        let per_day = self.daily_active_users * self.requests_per_user;
        let average_rps = per_day / SECONDS_PER_DAY;
        let peak_rps = average_rps * self.peak_factor;
        let bytes = self.object_kb * 1000.0;
        let writes_per_day = per_day * (1.0 - self.read_share);
        let storage_per_day = writes_per_day * bytes;
        let read_rps = average_rps * self.read_share;
        let write_rps = average_rps - read_rps;
        Ok(Estimate {
            average_rps,
            peak_rps,
            read_rps,
            write_rps,
            storage_per_day,
            storage: storage_per_day * self.retention_days,
            egress: read_rps * bytes,
            ingress: write_rps * bytes,
            peak_egress: read_rps * self.peak_factor * bytes,
            servers: (peak_rps / self.server_rps).ceil() as u64,
        })
    }
}

/// Bytes in decimal units, to three significant figures: "54.8 PB", "2.08 MB".
pub fn bytes(n: f64) -> String {
    const UNITS: [&str; 7] = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let digits = if unit == 0 || value >= 99.95 {
        0
    } else if value >= 9.995 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(what: &str, got: f64, want: f64) {
        assert!(
            (got - want).abs() <= want.abs() * 1e-9,
            "{what}: {got}, expected {want}"
        );
    }

    /// The textbook estimate of a Twitter-like service: 300 M monthly users, half of them
    /// daily, 2 tweets each a day, 10 % with 1 MB of media (100 KB a tweet on average),
    /// kept 5 years: about 3,500 tweets/s, 7,000 at the peak, 30 TB a day, 55 PB in all.
    #[test]
    fn the_textbook_twitter_estimate() {
        let e = Envelope {
            daily_active_users: 150e6,
            requests_per_user: 2.0,
            read_share: 0.0,
            object_kb: 100.0,
            retention_days: 5.0 * 365.0,
            peak_factor: 2.0,
            server_rps: 1000.0,
        }
        .estimate()
        .unwrap();
        close("average", e.average_rps, 300e6 / 86_400.0);
        assert_eq!(e.average_rps.round(), 3472.0);
        assert_eq!(e.peak_rps.round(), 6944.0);
        close("storage a day", e.storage_per_day, 30e12);
        close("storage", e.storage, 54.75e15);
        assert_eq!(bytes(e.storage_per_day), "30.0 TB");
        assert_eq!(bytes(e.storage), "54.8 PB");
        assert_eq!(e.servers, 7);
    }

    /// Reads make the traffic out, writes the traffic in, each at the object's size.
    #[test]
    fn bandwidth_is_rate_times_size() {
        let e = Envelope::default().estimate().unwrap();
        // 1 M users × 20 requests / 86,400 s = 231.5 req/s, 90 % reads of 10 KB.
        close("reads", e.read_rps, 20e6 * 0.9 / 86_400.0);
        close("egress", e.egress, e.read_rps * 10_000.0);
        close("ingress", e.ingress, e.write_rps * 10_000.0);
        close("peak egress", e.peak_egress, 2.0 * e.egress);
        assert_eq!(bytes(e.egress), "2.08 MB");
        // 2 M writes a day of 10 KB: 20 GB a day, 7.3 TB over a year.
        close("storage a day", e.storage_per_day, 20e9);
        assert_eq!(bytes(e.storage), "7.30 TB");
        // 463 req/s at the peak: one 500 req/s server.
        assert_eq!(e.servers, 1);
    }

    #[test]
    fn an_impossible_input_is_named() {
        let bad = |e: Envelope| e.estimate().unwrap_err();
        assert_eq!(
            bad(Envelope {
                read_share: 1.5,
                ..Default::default()
            }),
            "Reads must be from 0 % to 100 %, not 150 %"
        );
        assert!(
            bad(Envelope {
                peak_factor: 0.5,
                ..Default::default()
            })
            .starts_with("Peak / average")
        );
        assert!(
            bad(Envelope {
                server_rps: 0.0,
                ..Default::default()
            })
            .starts_with("One server handles")
        );
        assert!(
            bad(Envelope {
                daily_active_users: f64::NAN,
                ..Default::default()
            })
            .starts_with("Daily active users")
        );
    }

    #[test]
    fn bytes_read_as_people_write_them() {
        assert_eq!(bytes(0.0), "0 B");
        assert_eq!(bytes(999.0), "999 B");
        assert_eq!(bytes(1000.0), "1.00 KB");
        assert_eq!(bytes(12_345.0), "12.3 KB");
        assert_eq!(bytes(999_600.0), "1.00 MB");
        assert_eq!(bytes(250e9), "250 GB");
    }
}
