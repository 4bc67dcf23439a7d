//! archsim's simulation engine: a deterministic discrete-event simulator of system designs.
//!
//! A [`Scenario`] is plain data — components, the connections between them, traffic,
//! a fault timeline, run settings and an SLO — that the app edits and shares and the CLI
//! reads from JSON. [`validate`] explains everything wrong with one; a valid one becomes a
//! [`Simulation`], which moves every request individually through the graph:
//!
//! ```text
//!  Client ──request──▶ Load balancer ──▶ Service ──▶ Cache ──miss──▶ Database
//!    ▲                     │                │           │                │
//!    └──────response───────┴────────────────┴───────────┴────────────────┘
//!         (back over the same connections; latency measured at the client)
//! ```
//!
//! * Time is an integer number of nanoseconds ([`SimTime`]); events at equal times run in
//!   the order they were scheduled; all randomness comes from one generator seeded by the
//!   scenario; floating-point functions come from `libm`. The same scenario and seed give
//!   byte-identical results natively and in WebAssembly.
//! * Each visit of a request to a component is a *call*: a load balancer forwards it to one
//!   healthy backend, a service computes and then calls each of its dependencies in turn
//!   (its worker stays busy meanwhile), a cache answers hits and reads through on misses,
//!   a database serves it on a pooled connection, a queue acknowledges it at once and hands
//!   it to a consumer, a shard router sends it to the shard that owns its key. Bounded
//!   queues reject; clients time out and retry with backoff.
//! * A client's requests may belong to request classes (paths such as `/api/orders`, static
//!   or dynamic); a CDN answers static reads from its edge cache and sends the rest to its
//!   origin, and an API gateway checks every request and routes it by path.
//! * A client's requests may come from signed-in users: a service keeps their sessions in
//!   memory (a sticky load balancer sends each user back to it; a crash logs them out) or
//!   in a shared store it reads on every request.
//! * Components may sit in availability zones of regions; a connection between zones or
//!   regions pays the scenario's cross-zone or cross-region latency on top of its own. A DNS
//!   answers clients whose cached answer (kept for its TTL) has expired ([`dns`]).
//! * Faults — crash, slow down, partition, traffic spike, zone outage — come from the timeline or are
//!   applied "now" with [`Simulation::apply_fault`].
//! * A service may autoscale its instances ([`autoscaler`], the Kubernetes HPA rule); a load
//!   balancer, cache or database may be redundant ([`Redundancy`]: a hot or cold standby
//!   with a failover time, or active-active nodes), each node failing on its own.
//! * Metrics are kept per window ([`WindowStats`]) and for the whole run after warm-up
//!   ([`Summary`]): percentiles from HdrHistogram, failures by reason, SLO uptime and nines,
//!   and per-component utilization, queue length, hit ratio and Little's-law figures.
//! * The UI steps the run in bounded slices ([`Simulation::run_until_s`]) and samples a
//!   bounded feed of hops for animation ([`Simulation::drain_feed`]).
//!
//! ```
//! use archsim_engine::{Scenario, Simulation};
//!
//! let json = include_str!("../../../examples/mm1.json");
//! let mut scenario = Scenario::from_json(json).unwrap();
//! scenario.run.duration_s = 100.0;
//! let mut sim = Simulation::new(&scenario).unwrap();
//! sim.run_to_end();
//! let summary = sim.summary();
//! // M/M/1 with λ = 80/s and μ = 100/s: the mean time in system is 1/(μ−λ) = 50 ms.
//! assert!((summary.latency.mean_ms - 50.0).abs() < 10.0);
//! ```

pub mod analysis;
pub mod autoscaler;
pub mod budget;
pub mod cache;
pub mod cdn;
pub mod challenge;
pub mod circuit_breaker;
pub mod codec;
pub mod dns;
pub mod envelope;
pub mod events;
pub mod feed;
pub mod fields;
pub mod gateway;
pub mod graph;
pub mod idempotency;
pub mod input;
mod kinds;
pub mod latencies;
pub mod lesson;
pub mod limits;
pub mod metrics;
pub mod paths;
pub mod ratelimit;
pub mod redundancy;
pub mod replication;
pub mod retry_budget;
pub mod rng;
pub mod scenario;
pub mod sharding;
pub mod sim;
pub mod sizes;
pub mod station;
pub mod time;
pub mod uptime;
pub mod validate;

pub use circuit_breaker::BreakerState;
pub use feed::{Feed, Hop, HopDirection, HopOutcome};
pub use kinds::Calls;
pub use metrics::*;
pub use scenario::*;
pub use sim::{ComponentLive, ReplicationLive, Simulation, StepResult};
pub use time::SimTime;
pub use validate::{Problem, Severity, Subject, validate};
