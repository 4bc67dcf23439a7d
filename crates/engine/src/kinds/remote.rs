//! The fields of blob storage and an external API (both `RemoteParams`).

use crate::fields::{Field, at, dist, share};

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
