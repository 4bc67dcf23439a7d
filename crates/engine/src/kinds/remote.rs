//! Blob storage and an external API (both `RemoteParams`): their parameters, what a user can
//! set on them and what they do in the simulation (their [`Runtime`](crate::sim::runtime::Runtime)).

use crate::fields::{Field, at, dist, share};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// A component outside our control that answers after a latency and sometimes fails:
/// blob storage (S3-like) or a third-party API. It has no queue: requests are served in
/// parallel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct RemoteParams {
    pub latency: Dist,
    /// Share of requests answered with an error, 0..=1.
    pub error_rate: f64,
}

impl RemoteParams {
    /// Object storage: tens of milliseconds, rarely an error.
    pub fn blob_storage() -> RemoteParams {
        RemoteParams {
            latency: Dist::LogNormal {
                median_ms: 25.0,
                sigma: 0.5,
            },
            error_rate: 0.0,
        }
    }

    /// A third-party API: slower, long-tailed, with some errors.
    pub fn external_api() -> RemoteParams {
        RemoteParams {
            latency: Dist::LogNormal {
                median_ms: 80.0,
                sigma: 0.8,
            },
            error_rate: 0.01,
        }
    }
}

impl Default for RemoteParams {
    fn default() -> Self {
        RemoteParams::external_api()
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "latency",
        "Latency",
        dist(at!(BlobStorage | ExternalApi, p => p.latency)),
        "Time to answer, network included. Requests are served in parallel: there is no \
         queue, only this delay.",
    ),
    Field::new(
        "error_rate",
        "Error rate",
        share(0.1, at!(BlobStorage | ExternalApi, p => p.error_rate)),
        "Share of requests answered with an error; each fails the request that needed it \
         (a dependency error) unless the client retries.",
    )
    .unit("%"),
];

// ----- In validation -----

/// Its fields' descriptions say all there is to check.
impl Check for RemoteParams {}

// ----- In the simulation -----

/// Blob storage or an external API during a run: a latency and an error rate, no queue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RemoteRt {
    pub(crate) latency: DistNs,
    pub(crate) error_rate: f64,
}

/// The state of a blob storage or external API component.
fn remote(c: &Comp) -> Option<RemoteRt> {
    match c.behavior {
        Behavior::BlobStorage(r) | Behavior::ExternalApi(r) => Some(r),
        _ => None,
    }
}

impl Runtime for RemoteParams {
    type State = RemoteRt;

    fn build(&self, _b: &mut Build) -> (Self::State, Station<CallRef>) {
        let rt = RemoteRt {
            latency: DistNs::new(&self.latency),
            error_rate: self.error_rate,
        };
        (rt, Station::new(u32::MAX, 0))
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        let c = &sim.comps[comp as usize];
        let Some(r) = remote(c) else {
            return;
        };
        let t = Delay::draw(&r.latency, &mut sim.rng, c.slow);
        sim.hold(idx, comp, t);
    }

    /// The answer, or one of the errors at its error rate.
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        let comp = call.comp;
        sim.end_hold(idx, comp);
        let Some(RemoteRt { error_rate, .. }) = remote(&sim.comps[comp as usize]) else {
            return;
        };
        if error_rate > 0.0 && sim.rng.unit() < error_rate {
            sim.count(comp, |a| a.drops += 1);
            sim.finish(idx, Outcome::Fail(FailReason::DependencyError));
        } else {
            sim.finish(idx, Outcome::Ok);
        }
    }

    fn unlimited(_state: &Self::State) -> bool {
        true
    }
}
