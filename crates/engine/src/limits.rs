//! The limits on what a scenario may ask for: validation refuses anything beyond them, and
//! the app's inspector reads the same constants for its input ranges, so no range is typed
//! twice. They keep every run bounded in memory and time, whatever a file or link says.

/// Largest request rate a client may ask for, per second.
pub const MAX_RPS: f64 = 1_000_000.0;
/// Longest simulated run, in seconds (one day).
pub const MAX_DURATION_S: f64 = 86_400.0;
/// Most metrics windows a run may have.
pub const MAX_WINDOWS: f64 = 100_000.0;
/// Most components in a scenario.
pub const MAX_COMPONENTS: usize = 500;
/// Most keys of a Zipf distribution (its table is precomputed).
pub const MAX_ZIPF_KEYS: u32 = 1_000_000;
/// Largest count for workers, connections, consumers, instances, users.
pub const MAX_POOL: u32 = 100_000;
/// Largest queue or cache capacity.
pub const MAX_CAPACITY: u32 = 10_000_000;
/// Longest time a user may type anywhere, in milliseconds (one day).
pub const MAX_MS: f64 = 86_400_000.0;
/// Most nodes of an active-active component.
pub const MAX_NODES: u32 = 16;
/// A sliding-log limiter keeps one timestamp per admitted request in its window.
pub const MAX_LOG_LIMIT: u32 = 100_000;
/// Most request classes (paths) of one client.
pub const MAX_PATHS: usize = 64;
/// Longest path or route text, in characters.
pub const MAX_PATH_LEN: usize = 200;
/// Largest weight of a path.
pub const MAX_PATH_WEIGHT: f64 = 1_000_000.0;
/// Largest key space of a shard router (a reshard measures what it moves key by key).
pub const MAX_KEY_SPACE: u32 = 1_000_000;
/// Most virtual nodes per shard on a consistent-hash ring.
pub const MAX_VNODES: u32 = 1000;
/// Most availability zones in a scenario.
pub const MAX_ZONES: usize = 64;
/// Most replicas a database may have.
pub const MAX_REPLICAS: u32 = 16;
/// The largest rolling window of a circuit breaker, in calls: its outcomes are a ring of bits.
pub const MAX_BREAKER_WINDOW: u32 = 1000;
