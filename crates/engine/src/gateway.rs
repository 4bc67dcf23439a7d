//! API gateway routing: the outgoing connection that serves a path is the one whose route
//! is the longest prefix of it, matched segment by segment ("/api" takes "/api" and
//! "/api/orders", not "/apiary"); the connection without a route is the default, and a
//! path no route takes is answered "404 Not Found".

use crate::paths::{PathTable, UNNAMED};
use crate::ratelimit::Limiter;
use crate::rng::DistNs;

/// "No route": the value of a route table entry for an unmatched path.
pub const NO_ROUTE: u32 = u32::MAX;

/// Whether the route `prefix` takes `path`.
pub fn prefix_matches(prefix: &str, path: &str) -> bool {
    match path.strip_prefix(prefix) {
        None => false,
        Some(rest) => rest.is_empty() || prefix.ends_with('/') || rest.starts_with('/'),
    }
}

/// The index of the route that takes `path` (`None`: a request without a path), given the
/// routes of the outgoing connections in order; `None` when nothing takes it.
pub fn route(path: Option<&str>, routes: &[Option<&str>]) -> Option<usize> {
    let default = routes.iter().position(|r| r.is_none());
    let Some(path) = path else {
        return default;
    };
    let mut best: Option<(usize, usize)> = None;
    for (i, r) in routes.iter().enumerate() {
        if let Some(prefix) = r
            && prefix_matches(prefix, path)
            && best.is_none_or(|(_, len)| prefix.len() > len)
        {
            best = Some((i, prefix.len()));
        }
    }
    best.map(|(i, _)| i).or(default)
}

/// Where each path of a scenario goes: the index of an outgoing connection, or
/// [`NO_ROUTE`]; the last entry is for requests without a path.
pub fn route_table(paths: &PathTable, routes: &[Option<&str>]) -> Vec<u32> {
    let pick = |p: Option<&str>| route(p, routes).map_or(NO_ROUTE, |i| i as u32);
    paths
        .names()
        .iter()
        .map(|n| pick(Some(n)))
        .chain(std::iter::once(pick(None)))
        .collect()
}

/// What the gateway is doing with a call (kept in the call).
pub(crate) const QUEUED: u32 = 0;
pub(crate) const CHECKING: u32 = 1;

/// The running state of one gateway.
#[derive(Clone, Debug)]
pub(crate) struct GatewayRt {
    pub(crate) overhead: DistNs,
    /// Checks run on a pool of workers (else: as many at once as arrive).
    pub(crate) pooled: bool,
    pub(crate) limiter: Option<Limiter>,
    /// By path id, then one entry for requests without a path.
    pub(crate) table: Vec<u32>,
    /// Requests sent over each outgoing connection, this window and over the run.
    pub(crate) routed_win: Vec<u64>,
    pub(crate) routed_run: Vec<u64>,
}

impl GatewayRt {
    /// The outgoing connection (by index) for a request's path id, or [`NO_ROUTE`].
    pub(crate) fn route_of(&self, path: u32) -> u32 {
        let i = if path == UNNAMED {
            self.table.len() - 1
        } else {
            path as usize
        };
        self.table.get(i).copied().unwrap_or(NO_ROUTE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_segments() {
        assert!(prefix_matches("/api", "/api"));
        assert!(prefix_matches("/api", "/api/orders"));
        assert!(!prefix_matches("/api", "/apiary"));
        assert!(prefix_matches("/api/", "/api/orders"));
        assert!(prefix_matches("/", "/anything"));
        assert!(!prefix_matches("/api/orders", "/api"));
    }

    #[test]
    fn longest_prefix_wins_then_the_default() {
        let routes = [Some("/api"), None, Some("/api/pay"), Some("/static")];
        assert_eq!(route(Some("/api/pay/7"), &routes), Some(2));
        assert_eq!(route(Some("/api/orders"), &routes), Some(0));
        assert_eq!(route(Some("/static/app.js"), &routes), Some(3));
        assert_eq!(route(Some("/login"), &routes), Some(1), "the default");
        assert_eq!(route(None, &routes), Some(1));
        let no_default = [Some("/api")];
        assert_eq!(route(Some("/login"), &no_default), None);
        assert_eq!(route(None, &no_default), None);
    }

    #[test]
    fn the_table_covers_every_path_and_the_unnamed_class() {
        let mut paths = PathTable::default();
        paths.intern("/api/x");
        paths.intern("/other");
        let t = route_table(&paths, &[Some("/api")]);
        assert_eq!(t, vec![0, NO_ROUTE, NO_ROUTE]);
    }
}
