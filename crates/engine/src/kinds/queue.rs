//! The message queue: its parameters, what a user can set on it and what it does in the
//! simulation (its [`Runtime`](crate::sim::runtime::Runtime)).

use crate::fields::{Field, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// A message queue with a pool of consumers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct QueueParams {
    /// Messages held at most; a message arriving at a full queue is dropped.
    pub capacity: u32,
    /// Consumers working in parallel.
    pub consumers: u32,
    /// Time one consumer spends on one message (before calling downstream).
    pub consumer_time: Dist,
    /// Time to accept and acknowledge a message.
    pub ack_latency: Dist,
}

impl Default for QueueParams {
    fn default() -> Self {
        QueueParams {
            capacity: 10_000,
            consumers: 4,
            consumer_time: Dist::Exponential { mean_ms: 50.0 },
            ack_latency: Dist::Constant { ms: 1.0 },
        }
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "capacity",
        "Capacity",
        count(1, MAX_CAPACITY, at!(Queue, p => p.capacity)),
        "Messages the queue can hold. It absorbs bursts up to this size; a message arriving \
         at a full queue is dropped.",
    )
    .unit("messages"),
    Field::new(
        "consumers",
        "Consumers",
        count(1, MAX_POOL, at!(Queue, p => p.consumers)),
        "Consumers working in parallel. Add consumers to drain a backlog faster — if what \
         they call downstream can take it.",
    ),
    Field::new(
        "consumer_time",
        "Consumer time",
        dist(at!(Queue, p => p.consumer_time)),
        "Time one consumer spends on one message before calling downstream.",
    ),
    Field::new(
        "ack_latency",
        "Ack latency",
        dist(at!(Queue, p => p.ack_latency)),
        "Time to accept and acknowledge a message; the producer only waits this long, not for \
         the processing.",
    ),
];

// ----- In validation -----

impl Check for QueueParams {
    /// Its consumers carry on without an optional dependency.
    const OPTIONAL_DEPENDENCIES: bool = true;
}

// ----- In the simulation -----

/// A message queue during a run.
#[derive(Clone, Debug)]
pub(crate) struct QueueRt {
    /// A consumer's work on a message.
    pub(crate) work: DistNs,
    /// The acknowledgement the producer waits for.
    pub(crate) ack: DistNs,
}

impl Runtime for QueueParams {
    type State = QueueRt;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let rt = QueueRt {
            work: DistNs::new(&self.consumer_time),
            ack: DistNs::new(&self.ack_latency),
        };
        (rt, Station::new(self.consumers, self.capacity))
    }

    /// The message becomes a job for the consumers; the producer gets an acknowledgement.
    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        let now = sim.now;
        if sim.comps[comp as usize].station.queue_full() {
            sim.count(comp, |a| a.drops += 1);
            sim.finish(idx, Outcome::Fail(FailReason::Rejected));
            return;
        }
        let call = sim.calls[idx as usize];
        let job = sim.alloc_call(Call {
            parent: ROOT,
            via: NONE,
            step: 0,
            hit: false,
            holds_worker: false,
            job: true,
            inside: true,
            handed_to_job: false,
            degraded: false,
            breaker_epoch: NO_EPOCH,
            shard_from: NONE,
            deadline: SimTime::MAX,
            arrived: now,
            ..call
        });
        // The job takes over the message's place in the queue's count (L = λW).
        sim.calls[idx as usize].handed_to_job = true;
        sim.admit(job.idx, comp);
        let Behavior::Queue(QueueRt { ack, .. }) = sim.comps[comp as usize].behavior else {
            return;
        };
        let t = ack.sample(&mut sim.rng, 1.0);
        sim.work_at(idx, now.saturating_add(t));
    }

    /// A consumer finished its work on a message (on to the message's dependencies), or the
    /// producer's acknowledgement is done.
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        if call.job {
            sim.next_dependency(idx);
        } else {
            sim.finish(idx, Outcome::Ok);
        }
    }

    #[inline]
    fn work_time(state: &QueueRt, rng: &mut Rng, slow: f64, _read: bool) -> SimTime {
        state.work.sample(rng, slow)
    }
}
