//! A CDN edge: which requests it may answer from its cache, and under which key.
//!
//! Reads of static paths are cacheable; so is every read of a client without paths (the
//! one unnamed class counts as static, the way a cache kind treats every read). Writes and
//! dynamic paths always go to the origin and leave the edge's copies alone (purges are not
//! modelled). An object is a path plus a key, so `/static/app.js` key 3 and
//! `/static/logo.png` key 3 are different copies.

use crate::cache::Lru;
use crate::paths::UNNAMED;
use crate::rng::DistNs;

/// Whether the edge may answer a request from its cache.
pub fn cacheable(read: bool, path: u32, is_static: bool) -> bool {
    read && (path == UNNAMED || is_static)
}

/// The cache key of a request's object: its path and its key.
pub fn object_key(path: u32, key: u32) -> u64 {
    let path_part = if path == UNNAMED {
        0
    } else {
        u64::from(path) + 1
    };
    path_part << 32 | u64::from(key)
}

/// What a call to the origin is for (kept in the call while it waits).
pub(crate) const PASS: u32 = 0;
/// A cacheable miss: store the answer, or serve the held copy if the origin fails.
pub(crate) const FILL: u32 = 1;

/// The running state of one CDN.
#[derive(Clone, Debug)]
pub(crate) struct CdnRt {
    pub(crate) lru: Lru,
    pub(crate) latency: DistNs,
    pub(crate) serve_stale: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_static_reads_are_cacheable() {
        assert!(cacheable(true, 0, true));
        assert!(!cacheable(true, 0, false), "a dynamic path");
        assert!(!cacheable(false, 0, true), "a write");
        assert!(
            cacheable(true, UNNAMED, false),
            "no paths: every read is static"
        );
        assert!(!cacheable(false, UNNAMED, false));
    }

    #[test]
    fn objects_of_different_paths_differ() {
        assert_ne!(object_key(0, 3), object_key(1, 3));
        assert_ne!(object_key(UNNAMED, 3), object_key(0, 3));
        assert_eq!(object_key(UNNAMED, 3), 3);
        assert_ne!(object_key(2, u32::MAX), object_key(3, 0));
    }
}
