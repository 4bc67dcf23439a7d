//! The CDN: its parameters, what a user can set on it and what it does in the simulation (its
//! [`Runtime`](crate::sim::runtime::Runtime)).

use crate::cache::Lookup;
use crate::cache::Lru;
use crate::cdn;
use crate::cdn::CdnRt;
use crate::fields::{Field, at, count, dist, real, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
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

// ----- In validation -----

/// Its fields' descriptions say all there is to check.
impl Check for CdnParams {}

// ----- In the simulation -----

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

    /// A crash that loses its memory empties the edge.
    fn crashed(sim: &mut Simulation, comp: u32, lose_state: bool) {
        if lose_state && let Behavior::Cdn(edge) = &mut sim.comps[comp as usize].behavior {
            edge.lru.clear();
        }
    }

    fn unlimited(_state: &Self::State) -> bool {
        true
    }

    fn util_in_calls(_state: &Self::State) -> bool {
        true
    }
}

impl Simulation {
    /// The edge looked the request up: a fresh copy answers it; a miss, a dynamic request
    /// or a write goes to the origin.
    pub(crate) fn cdn_lookup(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.busy -= 1;
        self.calls[idx as usize].holds_worker = false;
        let Behavior::Cdn(edge) = &mut c.behavior else {
            return;
        };
        let mut purpose = cdn::PASS;
        if cdn::cacheable(call.read, call.path, call.is_static) {
            let key = cdn::object_key(call.path, call.key);
            if edge.lru.lookup(key, now) == Lookup::Fresh {
                self.count(comp, |a| a.hits += 1);
                self.finish(idx, Outcome::Hit);
                return;
            }
            self.count(comp, |a| a.misses += 1);
            purpose = cdn::FILL;
        }
        self.calls[idx as usize].step = purpose;
        self.count(comp, |a| a.origin += 1);
        let origin = self.comps[comp as usize].outs[0];
        self.call_child(idx, origin);
    }

    /// The origin answered: keep a copy of a cacheable answer; when it failed, serve the
    /// copy still held if the CDN serves stale.
    pub(crate) fn cdn_origin_replied(&mut self, idx: u32, outcome: Outcome) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let Behavior::Cdn(edge) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        let key = cdn::object_key(call.path, call.key);
        let fill = call.step == cdn::FILL;
        match outcome {
            Outcome::Fail(reason) => {
                if fill && edge.serve_stale && edge.lru.holds(key) {
                    self.count(comp, |a| a.stale += 1);
                    self.finish(idx, Outcome::Hit);
                } else {
                    self.finish(idx, Outcome::Fail(reason));
                }
            }
            _ => {
                if fill {
                    edge.lru.insert(key, now);
                }
                self.finish(idx, Outcome::Ok);
            }
        }
    }
}
