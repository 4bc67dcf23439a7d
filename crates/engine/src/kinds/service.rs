//! The service: its parameters, what a user can set on it and what it does in the simulation
//! (its [`Runtime`](crate::sim::runtime::Runtime)).

use crate::autoscaler::Scaler;
use crate::fields::{Field, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::validate::kinds::{Check, Subject, Validator};
use serde::{Deserialize, Serialize};

/// A stateless application server: instances × workers threads share one queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct ServiceParams {
    pub instances: u32,
    /// Worker threads per instance; a worker is busy while it computes and while it waits
    /// for the downstream calls it makes.
    pub workers: u32,
    /// Compute time of one request.
    pub service_time: Dist,
    /// Requests that may wait for a worker; the next one is rejected.
    pub queue_capacity: u32,
    /// Adds and removes instances to hold a target utilization; `instances` is then the
    /// count it starts with (clamped to its minimum and maximum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoscale: Option<Autoscale>,
}

impl Default for ServiceParams {
    fn default() -> Self {
        ServiceParams {
            instances: 1,
            workers: 8,
            service_time: Dist::Exponential { mean_ms: 20.0 },
            queue_capacity: 200,
            autoscale: None,
        }
    }
}

/// A horizontal autoscaler of a service's instances (the Kubernetes HPA rule; see
/// [`crate::autoscaler`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Autoscale {
    pub min_instances: u32,
    pub max_instances: u32,
    /// The busy share of the workers it aims for, 0..=1.
    pub target_utilization: f64,
    /// Time between two evaluations; each measures the utilization of the last interval.
    pub interval_s: f64,
    /// No scaling action until this long after the last one.
    pub cooldown_s: f64,
    /// A new instance takes work only this long after it was asked for (boot, health).
    pub warmup_s: f64,
}

impl Default for Autoscale {
    fn default() -> Self {
        Autoscale {
            min_instances: 1,
            max_instances: 10,
            target_utilization: 0.6,
            interval_s: 15.0,
            cooldown_s: 30.0,
            warmup_s: 10.0,
        }
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "instances",
        "Instances",
        count(1, MAX_POOL, at!(Service, p => p.instances)),
        "Horizontal scaling: more identical instances behind the same queue add capacity \
         without making any single request faster. An autoscaler starts from this many.",
    ),
    Field::new(
        "workers",
        "Workers",
        count(1, MAX_POOL, at!(Service, p => p.workers)),
        "Threads per instance. A worker stays busy while it waits for downstream calls, so \
         slow dependencies use up workers.",
    )
    .unit("per instance"),
    Field::new(
        "service_time",
        "Service time",
        dist(at!(Service, p => p.service_time)),
        "Compute time per request. Capacity ≈ instances × workers ÷ service time; halving it \
         doubles what the service can take.",
    ),
    Field::new(
        "queue_capacity",
        "Queue capacity",
        count(0, MAX_CAPACITY, at!(Service, p => p.queue_capacity)),
        "Requests that may wait for a worker. A longer queue absorbs bursts but adds waiting \
         time; when full, requests are rejected.",
    )
    .unit("requests"),
];

// ----- In validation -----

impl Check for ServiceParams {
    const OPTIONAL_DEPENDENCIES: bool = true;

    /// Its whole pool, and its autoscaling.
    fn fields(&self, v: &mut Validator, s: &Subject, who: &str) {
        let pool = self.instances as u64 * self.workers as u64;
        if pool > MAX_POOL as u64 {
            v.err(
                s,
                "workers",
                format!("{who}: instances × workers must be at most {MAX_POOL}, got {pool}"),
            );
        }
        if let Some(a) = &self.autoscale {
            v.autoscale(s, who, a, self.workers);
        }
    }
}

// ----- In the simulation -----

/// A service during a run.
#[derive(Clone, Debug)]
pub(crate) struct ServiceRt {
    pub(crate) time: DistNs,
}

impl Runtime for ServiceParams {
    type State = ServiceRt;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let instances = match &self.autoscale {
            Some(a) => Scaler::new(a, self.instances).ready,
            None => self.instances,
        };
        let rt = ServiceRt {
            time: DistNs::new(&self.service_time),
        };
        (
            rt,
            Station::new(instances * self.workers, self.queue_capacity),
        )
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.admit(idx, comp);
    }

    fn work_done(sim: &mut Simulation, idx: u32, _call: Call) {
        sim.next_dependency(idx);
    }

    #[inline]
    fn work_time(state: &ServiceRt, rng: &mut Rng, slow: f64, _read: bool) -> SimTime {
        state.time.sample(rng, slow)
    }
}
