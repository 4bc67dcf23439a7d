//! Blob storage and an external API (both `RemoteParams`): their parameters and fields.

use crate::fields::{Field, at, dist, share};
use crate::scenario::Dist;
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
