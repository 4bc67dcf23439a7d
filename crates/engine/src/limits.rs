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
/// Most Zipf keys over all the clients of a scenario: each client's table is built when the
/// run starts (8 bytes a key, and a power per key), so four tables of the largest size, 32
/// MB and a fraction of a second.
pub const MAX_ZIPF_KEYS_IN_ALL: u64 = 4_000_000;
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
/// Most signed-in users of a scenario, over all its clients (a sticky load balancer pins
/// each, and the run tracks where each one's session is).
pub const MAX_USERS: u32 = 100_000;
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

// What a run may cost; `budget` checks them before and while it runs.

/// The most connections a diagram may have: ten per component on average.
pub const MAX_CONNECTIONS: usize = 10 * MAX_COMPONENTS;

/// The most faults a timeline may hold.
pub const MAX_FAULTS: usize = 10_000;

/// The most events one run may process: about a minute natively, a few in the browser.
pub const MAX_EVENTS_PER_RUN: u64 = 250_000_000;

/// The most calls one request may make down the graph (a service calls every dependency).
pub const MAX_CALLS_PER_REQUEST: f64 = 10_000.0;

/// The most memory the per-window metrics may take.
pub const MAX_WINDOW_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// An upper bound on the memory of one component's or connection's figures in one window
/// (checked against the real sizes in a test), and of a window's own figures.
pub const BYTES_PER_WINDOW_ENTRY: f64 = 256.0;
pub const BYTES_PER_WINDOW: f64 = 1024.0;

/// The most events that may happen at one simulated instant. A burst at one instant is
/// normal (a fan-out over 0 ms links); this many means time no longer advances.
pub const MAX_EVENTS_PER_INSTANT: u64 = 2_000_000;

/// The most events that may wait at once: about 130 bytes each with the state of their
/// requests and calls, so at most about 270 MB, within a browser tab's means.
pub const MAX_PENDING_EVENTS: usize = 2_000_000;
