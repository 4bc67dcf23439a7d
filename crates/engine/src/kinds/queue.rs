//! The message queue's fields.

use crate::fields::{Field, at, count, dist};
use crate::limits::{MAX_CAPACITY, MAX_POOL};

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
