//! The animation feed: a bounded record of hops (a request or response crossing a
//! connection) that the UI samples to draw moving dots. It costs nothing when disabled.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Which way a hop goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HopDirection {
    Request,
    Response,
}

/// How the hop ends, for colouring the dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HopOutcome {
    /// A request on its way, or a successful response.
    Ok,
    /// A response served from a cache.
    CacheHit,
    /// An error response (component down, no backend, pool timeout).
    Error,
    /// A response saying a queue was full.
    Rejected,
    /// Lost on a partitioned connection, or sent into a black hole: it never arrives.
    Lost,
}

/// One message crossing one connection.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    /// The logical request it belongs to.
    pub request: u64,
    /// Index of the connection in the scenario's `connections`.
    pub connection: u32,
    pub direction: HopDirection,
    pub outcome: HopOutcome,
    /// Simulated time it leaves and arrives, in seconds.
    pub depart_s: f64,
    pub arrive_s: f64,
}

/// A ring of the most recent hops; older ones are dropped when it is full.
#[derive(Clone, Debug, Default)]
pub struct Feed {
    capacity: usize,
    hops: VecDeque<Hop>,
    dropped: u64,
}

impl Feed {
    /// A feed keeping at most `capacity` hops (0 disables it).
    pub fn new(capacity: usize) -> Feed {
        Feed {
            capacity,
            hops: VecDeque::with_capacity(capacity.min(1 << 16)),
            dropped: 0,
        }
    }

    /// Whether anybody listens.
    #[inline]
    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    #[inline]
    pub(crate) fn push(&mut self, hop: Hop) {
        if self.hops.len() == self.capacity {
            self.hops.pop_front();
            self.dropped += 1;
        }
        self.hops.push_back(hop);
    }

    /// Moves every recorded hop into `out`, oldest first.
    pub fn drain_into(&mut self, out: &mut Vec<Hop>) {
        out.extend(self.hops.drain(..));
    }

    /// Hops discarded because the feed was full since it was created.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}
