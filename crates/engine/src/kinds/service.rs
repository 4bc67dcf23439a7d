//! The service: its parameters, what a user can set on it and what it does in the simulation
//! (its [`Runtime`](crate::sim::runtime::Runtime)).

use crate::autoscaler::Scaler;
use crate::fields::{Field, at, computed, count, dist, named, pick, real, share_from, switch};
use crate::limits::{MAX_CAPACITY, MAX_DURATION_S, MAX_POOL};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::sizes::{SIZE_OPTIONS, Size};
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
    /// Where it keeps the sessions of signed-in users.
    #[serde(default, skip_serializing_if = "Sessions::is_none")]
    pub sessions: Sessions,
    /// The machine each instance runs on: a named size sets its workers (instead of
    /// `workers`), a speed factor and a price; custom keeps `workers`.
    #[serde(default, skip_serializing_if = "Size::is_custom")]
    pub size: Size,
}

/// Where a service keeps the sessions of its clients' signed-in users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sessions {
    /// Not modelled: every request is served as if it carried all it needs.
    #[default]
    None,
    /// In the memory of the instance that served the user: only that instance can serve
    /// them (a load balancer must route them there: sticky sessions). A request that
    /// reaches another instance, or a crash of the instance, loses the session (the user
    /// is logged out), counted as a session lost.
    Memory,
    /// In a shared store, the service's first dependency (a cache or a database): any
    /// instance serves any user, at one extra call, reading the session from the store
    /// (keyed by user) before its usual calls, on every signed-in request. Nothing is lost
    /// when an instance crashes.
    Store,
}

impl Sessions {
    fn is_none(&self) -> bool {
        *self == Sessions::None
    }
}

named!(Sessions {
    None => "none",
    Memory => "memory",
    Store => "store",
});

impl Default for ServiceParams {
    fn default() -> Self {
        ServiceParams {
            instances: 1,
            workers: 8,
            service_time: Dist::Exponential { mean_ms: 20.0 },
            queue_capacity: 200,
            autoscale: None,
            sessions: Sessions::None,
            size: Size::Custom,
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

impl Autoscale {
    /// The autoscaler a service gets when it is switched on: from its instance count up to
    /// five times as many (at least 10), within the pool limit for `workers` per instance.
    pub fn starting_at(instances: u32, workers: u32) -> Autoscale {
        let min = instances.max(1);
        let cap = (MAX_POOL / workers.max(1)).max(min);
        Autoscale {
            min_instances: min,
            max_instances: (min * 5).max(10).min(cap),
            ..Autoscale::default()
        }
    }
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
        "size",
        "Machine size",
        pick(SIZE_OPTIONS, at!(Service, p => p.size)),
        "Vertical scaling. Workers per instance: small 4, medium 8, large 16 (1.2× faster \
         cores), xlarge 32 (1.5×), the largest there is. A resize restarts the instances.",
    ),
    Field::new(
        "workers",
        "Workers",
        count(
            1,
            MAX_POOL,
            at!(Service, p if p.size.is_custom() => p.workers),
        ),
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
    Field::new(
        "sessions",
        "Sessions",
        pick(
            &[
                ("none", "Not modelled"),
                ("memory", "In memory"),
                ("store", "In a shared store"),
            ],
            at!(Service, p => p.sessions),
        ),
        "Where signed-in users' sessions live: in memory, only the instance that logged a \
         user in can serve them (sticky routing); in a shared store (its first dependency), \
         any can.",
    ),
    Field::new(
        "autoscale.enabled",
        "Scales automatically",
        switch(computed!(Service, p => p.autoscale.is_some(),
            on => p.autoscale = on.then(|| Autoscale::starting_at(p.instances, p.workers())))),
        "Adds servers when busy, removes them when idle (Kubernetes' rule: instances × \
         utilization ÷ target, rounded up).",
    )
    .section("Autoscaling"),
    Field::new(
        "autoscale.min_instances",
        "Min instances",
        count(
            1,
            MAX_POOL,
            at!(Service, p => p.autoscale,
            Some(Autoscale { min_instances, .. }) => min_instances),
        ),
        "Never fewer instances than this, however quiet: headroom for the next burst.",
    ),
    Field::new(
        "autoscale.max_instances",
        "Max instances",
        count(
            1,
            MAX_POOL,
            at!(Service, p => p.autoscale,
            Some(Autoscale { max_instances, .. }) => max_instances),
        ),
        "Never more than this: a cost cap. At the cap, extra load queues as without scaling.",
    ),
    Field::new(
        "autoscale.target_utilization",
        "Target utilization",
        share_from(
            0.01,
            5.0,
            at!(Service, p => p.autoscale,
            Some(Autoscale { target_utilization, .. }) => target_utilization),
        ),
        "The busy share of workers it aims for. Lower leaves headroom for bursts and costs \
         more servers.",
    )
    .unit("%"),
    Field::new(
        "autoscale.interval_s",
        "Evaluate every",
        real(
            0.1,
            MAX_DURATION_S,
            1.0,
            at!(Service, p => p.autoscale,
            Some(Autoscale { interval_s, .. }) => interval_s),
        ),
        "How often it measures the last interval's utilization and decides.",
    )
    .unit("s"),
    Field::new(
        "autoscale.cooldown_s",
        "Cooldown",
        real(
            0.0,
            MAX_DURATION_S,
            1.0,
            at!(Service, p => p.autoscale,
            Some(Autoscale { cooldown_s, .. }) => cooldown_s),
        ),
        "After scaling, no further action for this long, so it does not flap on noise.",
    )
    .unit("s"),
    Field::new(
        "autoscale.warmup_s",
        "Warm-up",
        real(
            0.0,
            MAX_DURATION_S,
            1.0,
            at!(Service, p => p.autoscale,
            Some(Autoscale { warmup_s, .. }) => warmup_s),
        ),
        "Time a new instance needs to boot before it takes work: the lag behind a spike.",
    )
    .unit("s"),
];

impl ServiceParams {
    /// Workers per instance: its size's, or its own for a custom size.
    pub fn workers(&self) -> u32 {
        self.size.workers_or(self.workers)
    }
}

// ----- In validation -----

impl Check for ServiceParams {
    const OPTIONAL_DEPENDENCIES: bool = true;

    /// Its whole pool, and its autoscaling.
    fn fields(&self, v: &mut Validator, s: &Subject, who: &str) {
        let workers = self.workers();
        let pool = self.instances as u64 * workers as u64;
        if pool > MAX_POOL as u64 {
            v.err(
                s,
                if self.size.is_custom() {
                    "workers"
                } else {
                    "size"
                },
                format!("{who}: instances × workers must be at most {MAX_POOL}, got {pool}"),
            );
        }
        if let Some(a) = &self.autoscale {
            v.autoscale(s, who, a, workers);
        }
    }

    /// Its instances restart one by one; an autoscaler's would each need the new size.
    fn not_resizable(&self) -> Option<&'static str> {
        self.autoscale
            .is_some()
            .then_some("is autoscaled; resizing autoscaled instances is not modelled yet")
    }

    /// A shared session store is its first dependency.
    fn connections(&self, v: &mut Validator, s: &Subject, who: &str, outs: usize) {
        if self.sessions == Sessions::Store && outs == 0 {
            v.err(
                s,
                "connections",
                format!(
                    "{who} keeps sessions in a shared store, its first dependency, but calls nothing: connect it to a cache or a database"
                ),
            );
        }
    }
}

// ----- In the simulation -----

/// A service during a run.
#[derive(Clone, Debug)]
pub(crate) struct ServiceRt {
    pub(crate) time: DistNs,
    pub(crate) sessions: Sessions,
}

/// The key a session is stored under in a shared store: far above every data key (keys are
/// at most [`MAX_ZIPF_KEYS`](crate::limits::MAX_ZIPF_KEYS)), one per user.
const SESSION_KEYS: u32 = 1 << 31;

impl Runtime for ServiceParams {
    type State = ServiceRt;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let instances = match &self.autoscale {
            Some(a) => Scaler::new(a, self.instances).ready,
            None => self.instances,
        };
        let rt = ServiceRt {
            time: DistNs::new(&self.service_time),
            sessions: self.sessions,
        };
        (
            rt,
            Station::new(instances * self.workers(), self.queue_capacity),
        )
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        if let Behavior::Service(ServiceRt {
            sessions: Sessions::Memory,
            ..
        }) = sim.comps[comp as usize].behavior
        {
            find_session(sim, idx, comp);
        }
        sim.admit(idx, comp);
    }

    /// On to its dependencies, after reading a signed-in user's session from the store
    /// (its answer moves the call on to the first dependency, as any answer does).
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        if let Behavior::Service(ServiceRt {
            sessions: Sessions::Store,
            ..
        }) = sim.comps[call.comp as usize].behavior
            && let Some(&store) = sim.comps[call.comp as usize].outs.first()
            && let user = sim.requests[call.req as usize].user
            && user != NONE
        {
            sim.call_child_keyed(idx, store, true, SESSION_KEYS | user);
            return;
        }
        sim.next_dependency(idx);
    }

    /// Sessions kept in its memory are gone: their users are logged out.
    fn crashed(sim: &mut Simulation, comp: u32, lose_state: bool) {
        if !lose_state
            || !matches!(
                sim.comps[comp as usize].behavior,
                Behavior::Service(ServiceRt {
                    sessions: Sessions::Memory,
                    ..
                })
            )
        {
            return;
        }
        let mut lost = 0;
        for home in &mut sim.session_home {
            if *home == comp {
                *home = NONE;
                lost += 1;
            }
        }
        sim.count(comp, |a| a.sessions_lost += lost);
    }

    #[inline]
    fn work_time(state: &ServiceRt, rng: &mut Rng, slow: f64, _read: bool) -> SimTime {
        state.time.sample(rng, slow)
    }
}

/// A signed-in user's request reached `comp`, which keeps sessions in memory: their session
/// is here, or they log in here (their first request), or it is elsewhere and lost to them.
fn find_session(sim: &mut Simulation, idx: u32, comp: u32) {
    let user = sim.requests[sim.calls[idx as usize].req as usize].user;
    let Some(home) = sim.session_home.get_mut(user as usize) else {
        return;
    };
    let elsewhere = *home != NONE && *home != comp;
    *home = comp;
    if elsewhere {
        sim.count(comp, |a| a.sessions_lost += 1);
    }
}
