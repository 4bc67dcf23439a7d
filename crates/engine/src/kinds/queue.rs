//! The message queue: its parameters and what a user can set on it.

use crate::fields::{Field, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};
use crate::scenario::Dist;
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
