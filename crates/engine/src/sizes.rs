//! Machine sizes: vertical scaling. A service or a database can run on a named size instead
//! of a worker count of its own: the size sets its workers (a database's connections) per
//! instance, a speed factor that divides its service times, and a price per instance-hour.
//! `xlarge` is the ceiling: there is no bigger machine to move to, so beyond it only more
//! instances (horizontal scaling) add capacity.
//!
//! The prices double with each size and so do the workers, while the two larger sizes also
//! run on faster cores (the speed factor) at a premium per worker: every size buys the same
//! capacity per dollar (40 requests-worth of workers × speed per dollar-hour), so growing a
//! machine costs what adding instances would, and only makes each request faster. They are
//! round figures in the range of general-purpose cloud instances (2 to 16 vCPUs) in late
//! 2026, for comparing designs, not a quote.

use crate::fields::{Stored, Value};
use crate::scenario::{Component, Params, Scenario};
use serde::{Deserialize, Serialize};

/// The machine a service or a database runs on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    /// Its own worker count, at speed 1 and no price: how every design was modelled before
    /// sizes existed.
    #[default]
    Custom,
    Small,
    Medium,
    Large,
    Xlarge,
}

/// What a size gives: workers per instance, how much faster each works, what it costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Machine {
    /// Workers (a database's connections) per instance.
    pub workers: u32,
    /// Service times are divided by it.
    pub speed: f64,
    /// US dollars per instance-hour.
    pub usd_per_hour: f64,
}

impl Size {
    /// Every named size, smallest first.
    pub const NAMED: [Size; 4] = [Size::Small, Size::Medium, Size::Large, Size::Xlarge];

    /// The largest machine there is: the ceiling of vertical scaling.
    pub const LARGEST: Size = Size::Xlarge;

    /// Its machine; `None` for a custom worker count.
    pub const fn machine(self) -> Option<Machine> {
        let (workers, speed, usd_per_hour) = match self {
            Size::Custom => return None,
            Size::Small => (4, 1.0, 0.10),
            Size::Medium => (8, 1.0, 0.20),
            Size::Large => (16, 1.2, 0.48),
            Size::Xlarge => (32, 1.5, 1.20),
        };
        Some(Machine {
            workers,
            speed,
            usd_per_hour,
        })
    }

    pub fn is_custom(&self) -> bool {
        *self == Size::Custom
    }

    /// Workers per instance: the size's, or `custom` for a custom size.
    pub fn workers_or(self, custom: u32) -> u32 {
        self.machine().map_or(custom, |m| m.workers)
    }

    /// The factor its service times are divided by (1 for a custom size).
    pub fn speed(self) -> f64 {
        self.machine().map_or(1.0, |m| m.speed)
    }

    /// Its name in files and links ("xlarge").
    pub fn name(self) -> &'static str {
        crate::fields::Stored::<&'static str>::load(&self)
    }
}

crate::fields::named!(Size {
    Custom => "custom",
    Small => "small",
    Medium => "medium",
    Large => "large",
    Xlarge => "xlarge",
});

/// The choices of a size field, as the inspector lists them.
pub const SIZE_OPTIONS: &[(&str, &str)] = &[
    ("custom", "Custom"),
    ("small", "Small, $0.10/h"),
    ("medium", "Medium, $0.20/h"),
    ("large", "Large, $0.48/h"),
    ("xlarge", "XLarge, $1.20/h"),
];

/// Seconds a resized machine takes to restart when a resize does not say.
pub const DEFAULT_RESTART_S: f64 = 30.0;

impl Params {
    /// The machine size it runs on, from its kind's field `size` (custom for kinds without
    /// one).
    pub fn size(&self) -> Size {
        let named = self.kind().fields().iter().find_map(|f| match f.value {
            Value::Choice(_, get, _) if f.key == "size" => get(self),
            _ => None,
        });
        let mut size = Size::Custom;
        if let Some(name) = named {
            size.store(name);
        }
        size
    }

    /// Whether its kind runs on a machine size.
    pub fn sized(&self) -> bool {
        self.kind().fields().iter().any(|f| f.key == "size")
    }
}

/// What a scenario's sized machines cost per hour, as configured (an autoscaled service
/// counts the instances it starts with): `None` when nothing runs on a named size.
pub fn hourly_usd(sc: &Scenario) -> Option<f64> {
    let priced: Vec<f64> = sc
        .components
        .iter()
        .filter_map(|c| {
            let m = c.params.size().machine()?;
            Some(m.usd_per_hour * f64::from(machines(c)))
        })
        .collect();
    (!priced.is_empty()).then(|| priced.iter().sum())
}

/// The machines a component runs on: a service's instances, a database's primary and
/// replicas, each times its redundant nodes.
pub fn machines(c: &Component) -> u32 {
    let own = match &c.params {
        Params::Service(p) => p.instances,
        Params::Database(p) => 1 + p.replication.map_or(0, |r| r.replicas),
        _ => 1,
    };
    own.saturating_mul(c.redundancy.map_or(1, |r| r.nodes()))
}

/// Hours in an average month (365.25 × 24 / 12), for monthly prices.
pub const HOURS_PER_MONTH: f64 = 730.5;

/// Why a resize cannot apply to `c`, or `None` when it can: it must run on a machine size,
/// as one machine or as fixed instances, without redundancy.
pub fn not_resizable(c: &Component) -> Option<String> {
    let kind = c.params.kind().name().to_lowercase();
    if !c.params.sized() {
        return Some(format!("is a {kind}, which has no machine size"));
    }
    if c.redundancy.is_some() {
        return Some(format!(
            "is a redundant {kind}; resizing its nodes one by one is not modelled yet"
        ));
    }
    c.params.not_resizable().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Stored;

    #[test]
    fn every_size_buys_the_same_capacity_per_dollar() {
        for size in Size::NAMED {
            let m = size.machine().unwrap();
            let per_dollar = f64::from(m.workers) * m.speed / m.usd_per_hour;
            assert!((per_dollar - 40.0).abs() < 1e-9, "{size:?}: {per_dollar}");
        }
    }

    #[test]
    fn the_size_fields_help_states_the_table() {
        let helps: Vec<&str> = crate::scenario::Kind::ALL
            .iter()
            .flat_map(|k| k.fields())
            .filter(|f| f.key == "size")
            .map(|f| f.help)
            .collect();
        assert_eq!(helps.len(), 2, "services and databases have a size");
        for help in helps {
            for size in Size::NAMED {
                let m = size.machine().unwrap();
                let mut said = format!("{} {}", size.name(), m.workers);
                if m.speed != 1.0 {
                    said.push_str(&format!(" ({}×", m.speed));
                }
                assert!(help.contains(&said), "{help:?} should say {said:?}");
            }
        }
    }

    #[test]
    fn the_hourly_price_counts_every_machine() {
        let mut sc: Scenario = serde_json::from_value(serde_json::json!({
            "components": [
                {"id": "api", "params": {"type": "service", "instances": 3, "size": "large"}},
                {"id": "db", "params": {"type": "database", "size": "medium",
                    "replication": {"replicas": 2}}},
                {"id": "cache", "params": {"type": "cache"}}
            ]
        }))
        .unwrap();
        // 3 × $0.48 + (1 + 2) × $0.20.
        assert!((hourly_usd(&sc).unwrap() - 2.04).abs() < 1e-9);
        for c in &mut sc.components {
            if let Params::Service(p) = &mut c.params {
                p.size = Size::Custom;
            }
            if let Params::Database(p) = &mut c.params {
                p.size = Size::Custom;
            }
        }
        assert_eq!(hourly_usd(&sc), None);
    }

    #[test]
    fn sizes_grow_to_a_ceiling_and_the_options_name_them_all() {
        let workers: Vec<u32> = Size::NAMED.map(|s| s.workers_or(0)).to_vec();
        assert!(workers.windows(2).all(|w| w[0] < w[1]), "{workers:?}");
        assert_eq!(Size::LARGEST, *Size::NAMED.last().unwrap());
        assert_eq!(Size::Custom.workers_or(7), 7);
        assert_eq!(Size::Custom.speed(), 1.0);
        for (i, (name, label)) in SIZE_OPTIONS.iter().enumerate() {
            let mut s = Size::Custom;
            s.store(*name);
            assert_eq!(s.name(), *name);
            if let Some(m) = s.machine() {
                assert_eq!(Size::NAMED[i - 1], s);
                assert!(
                    label.contains(&format!("${:.2}/h", m.usd_per_hour)),
                    "{label}"
                );
            }
        }
    }
}
