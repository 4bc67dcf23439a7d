//! The CDN: its parameters and what a user can set on it.

use crate::cache::Lru;
use crate::cdn::CdnRt;
use crate::fields::{Field, at, count, dist, real, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use serde::{Deserialize, Serialize};

/// A CDN: an edge cache of static content in front of an origin (its one outgoing
/// connection). Static reads are looked up at the edge; hits are answered there, misses
/// and every dynamic request or write go to the origin. A request's object is its path
/// plus its key (think `/static/img/<key>.png`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct CdnParams {
    /// Objects the edge holds at most; the least recently used is evicted first.
    pub capacity: u32,
    /// How long a copy stays fresh after it was fetched.
    pub ttl_ms: f64,
    /// Time for the edge to answer or to decide to go to the origin.
    pub edge_latency: Dist,
    /// When the origin fails, answer with the copy still held, even an expired one.
    pub serve_stale: bool,
}

impl Default for CdnParams {
    fn default() -> Self {
        CdnParams {
            capacity: 10_000,
            ttl_ms: 300_000.0,
            edge_latency: Dist::Constant { ms: 5.0 },
            serve_stale: false,
        }
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "capacity",
        "Capacity",
        count(0, MAX_CAPACITY, at!(Cdn, p => p.capacity)),
        "Objects the edge keeps (an object is a path plus a key); the least recently used \
         is evicted first. The hit ratio grows with capacity until the hot set fits.",
    )
    .unit("objects"),
    Field::new(
        "ttl_ms",
        "TTL",
        real(0.0, MAX_MS * 365.0, 1000.0, at!(Cdn, p => p.ttl_ms)),
        "How long a copy stays fresh after the edge fetched it. Longer TTLs offload more \
         from the origin but serve older content.",
    )
    .unit("ms"),
    Field::new(
        "edge_latency",
        "Edge latency",
        dist(at!(Cdn, p => p.edge_latency)),
        "Time for the edge to answer a hit, or to decide to go to the origin: small, because \
         the edge is close to the user.",
    ),
    Field::new(
        "serve_stale",
        "Serve stale when the origin fails",
        switch(at!(Cdn, p => p.serve_stale)),
        "When the origin fails, answer static reads with the copy the edge still holds even \
         if it expired — stale content instead of an error.",
    ),
];

impl Runtime for CdnParams {
    type State = Box<CdnRt>;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let rt = CdnRt {
            lru: Lru::new(self.capacity, time::from_ms(self.ttl_ms)),
            latency: DistNs::new(&self.edge_latency),
            serve_stale: self.serve_stale,
        };
        (Box::new(rt), Station::new(u32::MAX, 0))
    }

    /// The edge's latency, then the lookup.
    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        let c = &sim.comps[comp as usize];
        let Behavior::Cdn(edge) = &c.behavior else {
            return;
        };
        let t = Delay::draw(&edge.latency, &mut sim.rng, c.slow);
        sim.hold(idx, comp, t);
    }

    fn work_done(sim: &mut Simulation, idx: u32, _call: Call) {
        sim.cdn_lookup(idx);
    }

    fn replied(sim: &mut Simulation, idx: u32, _call: Call, outcome: Outcome, _via: u32) {
        sim.cdn_origin_replied(idx, outcome);
    }

    fn unlimited(_state: &Self::State) -> bool {
        true
    }

    fn util_in_calls(_state: &Self::State) -> bool {
        true
    }
}
