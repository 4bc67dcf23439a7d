//! The database, with its read replicas: its parameters, what a user can set on it and what it
//! does in the simulation (its [`Runtime`](crate::sim::runtime::Runtime)).

use crate::fields::{Field, at, computed, count, dist, named, pick, real, switch};
use crate::idempotency::AppliedWrites;
use crate::limits::{MAX_CAPACITY, MAX_MS, MAX_POOL, MAX_REPLICAS};
use crate::replication::Refusal;
use crate::replication::{Counts, Replicas};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::sizes::{SIZE_OPTIONS, Size};
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// A database with a connection pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct DatabaseParams {
    /// Queries served at once.
    pub connections: u32,
    pub read_time: Dist,
    pub write_time: Dist,
    /// Queries that may wait for a connection; the next one is rejected.
    pub queue_capacity: u32,
    /// A query that waited longer than this for a connection fails.
    pub max_wait_ms: f64,
    /// Read replicas beside the primary, and how writes reach them; none: a single node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication: Option<Replication>,
    /// The machine each node runs on: a named size sets its connections (instead of
    /// `connections`), a speed factor and a price; custom keeps `connections`.
    #[serde(default, skip_serializing_if = "Size::is_custom")]
    pub size: Size,
}

impl DatabaseParams {
    /// Connections per node: its size's, or its own for a custom size.
    pub fn connections(&self) -> u32 {
        self.size.workers_or(self.connections)
    }
}

/// A primary and read replicas inside one database: each node has the database's
/// connection pool, queue and read/write times. Writes always go to the primary; reads go
/// to the replicas when `split_reads` is on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Replication {
    /// Read replicas beside the primary.
    pub replicas: u32,
    /// When a write counts as committed.
    pub mode: ReplicationMode,
    /// Time from a write on the primary to its being applied on a replica.
    pub lag: Dist,
    /// Reads go to the replicas (writes always go to the primary).
    pub split_reads: bool,
    /// Which replica takes a read.
    pub balance: ReadBalance,
    /// How long until a dead or unreachable primary is noticed and a replica is promoted.
    pub detection_ms: f64,
    /// What the nodes do while a partition separates the primary from its replicas.
    pub partition_mode: PartitionMode,
}

impl Default for Replication {
    fn default() -> Self {
        Replication {
            replicas: 2,
            mode: ReplicationMode::Async,
            lag: Dist::Exponential { mean_ms: 50.0 },
            split_reads: true,
            balance: ReadBalance::RoundRobin,
            detection_ms: 5000.0,
            partition_mode: PartitionMode::Cp,
        }
    }
}

/// When a write on the primary is committed (answered).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum ReplicationMode {
    /// After every replica applied it: no stale reads, the slowest replica sets write latency.
    Sync,
    /// After the first replica acknowledged it.
    SemiSync,
    /// At once; each replica applies it after the lag. Fast, but replicas may be stale and
    /// a primary crash loses what had not reached them.
    #[default]
    Async,
}

/// How reads are spread over the replicas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum ReadBalance {
    #[default]
    RoundRobin,
    /// The replica with the fewest queries running or waiting.
    LeastLoaded,
}

/// The CAP choice of a replicated database during a partition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum PartitionMode {
    /// Consistency: the side without a majority refuses; reads that cannot be proved fresh
    /// are refused; the majority elects a primary after the detection delay.
    #[default]
    Cp,
    /// Availability: both sides keep serving (stale reads), both accept writes, and writes
    /// to the same key on both sides conflict when the partition heals.
    Ap,
}

impl Default for DatabaseParams {
    fn default() -> Self {
        DatabaseParams {
            connections: 20,
            read_time: Dist::Exponential { mean_ms: 5.0 },
            write_time: Dist::Exponential { mean_ms: 15.0 },
            queue_capacity: 500,
            max_wait_ms: 1000.0,
            replication: None,
            size: Size::Custom,
        }
    }
}

named!(ReplicationMode {
    Sync => "sync",
    SemiSync => "semi_sync",
    Async => "async",
});
named!(ReadBalance {
    RoundRobin => "round_robin",
    LeastLoaded => "least_loaded",
});
named!(PartitionMode { Cp => "cp", Ap => "ap" });

pub const FIELDS: &[Field] = &[
    Field::new(
        "size",
        "Machine size",
        pick(SIZE_OPTIONS, at!(Database, p => p.size)),
        "Vertical scaling. Connections: small 4, medium 8, large 16 (1.2× faster cores), \
         xlarge 32 (1.5×), the largest there is. A resize restarts the database.",
    ),
    Field::new(
        "connections",
        "Connections",
        count(
            1,
            MAX_POOL,
            at!(Database, p if p.size.is_custom() => p.connections),
        ),
        "Queries served at once (the connection pool). Too few and queries queue; more than \
         the database can run in parallel only adds contention.",
    )
    .unit("pool"),
    Field::new(
        "read_time",
        "Read time",
        dist(at!(Database, p => p.read_time)),
        "Time of one read query. Reads are what caches and read replicas take off the \
         database.",
    ),
    Field::new(
        "write_time",
        "Write time",
        dist(at!(Database, p => p.write_time)),
        "Time of one write query. Writes must reach the primary, so they decide how far a \
         single database scales.",
    ),
    Field::new(
        "queue_capacity",
        "Queue capacity",
        count(0, MAX_CAPACITY, at!(Database, p => p.queue_capacity)),
        "Queries that may wait for a free connection; the next one is rejected.",
    )
    .unit("queries"),
    Field::new(
        "max_wait_ms",
        "Max wait",
        real(0.0, MAX_MS, 10.0, at!(Database, p => p.max_wait_ms)),
        "A query that waited longer than this for a connection fails — failing fast instead \
         of piling up.",
    )
    .unit("ms"),
    Field::new(
        "replication.enabled",
        "Read replicas",
        switch(computed!(Database, p => p.replication.is_some(),
            on => p.replication = on.then(Replication::default))),
        "A primary takes the writes and copies them to read replicas, which take the reads \
         off it. Each node has this pool and these query times.",
    )
    .section("Replication"),
    Field::new(
        "replication.replicas",
        "Replicas",
        count(
            1,
            MAX_REPLICAS,
            at!(Database, p => p.replication,
            Some(Replication { replicas, .. }) => replicas),
        ),
        "Read replicas beside the primary; read capacity grows with them.",
    ),
    Field::new(
        "replication.mode",
        "Mode",
        pick(
            &[
                ("sync", "Synchronous"),
                ("semi_sync", "Semi-synchronous"),
                ("async", "Asynchronous"),
            ],
            at!(Database, p => p.replication, Some(Replication { mode, .. }) => mode),
        ),
        "Sync: a write answers after every replica has it. Semi-sync: after one has. Async: \
         at once — fast, but replicas lag.",
    ),
    Field::new(
        "replication.lag",
        "Replication lag",
        dist(at!(Database, p => p.replication, Some(Replication { lag, .. }) => lag)),
        "Time for a write to reach a replica, which applies writes in order. A read of a key \
         written within it is stale; a crash loses what had not arrived.",
    ),
    Field::new(
        "replication.split_reads",
        "Reads go to replicas",
        switch(at!(Database, p => p.replication,
            Some(Replication { split_reads, .. }) => split_reads)),
        "Reads go to the replicas, writes always to the primary.",
    ),
    Field::new(
        "replication.balance",
        "Read balancing",
        pick(
            &[
                ("round_robin", "Round robin"),
                ("least_loaded", "Least loaded"),
            ],
            at!(Database, p => p.replication, Some(Replication { balance, .. }) => balance),
        ),
        "Which replica takes a read: in turn, or the one with the fewest queries.",
    ),
    Field::new(
        "replication.detection_ms",
        "Failover detection",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(Database, p => p.replication,
            Some(Replication { detection_ms, .. }) => detection_ms),
        ),
        "How long until a dead or unreachable primary is noticed and the most up-to-date \
         replica is promoted. Writes fail meanwhile.",
    )
    .unit("ms"),
    Field::new(
        "replication.partition_mode",
        "Under a partition",
        pick(
            &[("cp", "CP: consistent"), ("ap", "AP: available")],
            at!(Database, p => p.replication,
                Some(Replication { partition_mode, .. }) => partition_mode),
        ),
        "CAP: CP refuses what it cannot prove fresh (errors, no conflicts); AP keeps serving \
         (stale reads, conflicting writes).",
    ),
];

// ----- In validation -----

impl Check for DatabaseParams {
    const REDUNDANCY: bool = true;

    /// One machine restarts; the nodes of a replicated database would restart in turn.
    fn not_resizable(&self) -> Option<&'static str> {
        self.replication
            .is_some()
            .then_some("has replicas; resizing them one by one is not modelled yet")
    }
}

// ----- In the simulation -----

/// A database during a run.
#[derive(Clone, Debug)]
pub(crate) struct DbRt {
    pub(crate) read: DistNs,
    pub(crate) write: DistNs,
    /// How long a call may wait for a connection before it fails.
    pub(crate) max_wait: SimTime,
    pub(crate) applied: Box<AppliedWrites>,
    pub(crate) repl: Option<Box<DbReplicas>>,
}

impl Runtime for DatabaseParams {
    type State = DbRt;

    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>) {
        let rt = DbRt {
            read: DistNs::new(&self.read_time),
            write: DistNs::new(&self.write_time),
            max_wait: time::from_ms(self.max_wait_ms),
            applied: Box::default(),
            repl: self.replication.as_ref().map(|r| {
                let set = Replicas::new(r, b.keys);
                Box::new(DbReplicas {
                    stations: (1..set.nodes())
                        .map(|_| Station::new(self.connections(), self.queue_capacity))
                        .collect(),
                    set,
                    at_window: Counts::default(),
                    at_warmup: Counts::default(),
                })
            }),
        };
        // Active-active nodes each bring their pool of connections.
        let connections = match b.redundancy {
            Some(Redundancy::ActiveActive { nodes }) => self.connections() * nodes,
            _ => self.connections(),
        };
        (rt, Station::new(connections, self.queue_capacity))
    }

    /// To the node replication picks, then a connection.
    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        if sim.route_db(idx, comp) {
            sim.admit(idx, comp);
        }
    }

    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        // A write is applied once, when the database first finishes it (a replicated write
        // then only waits for its commit).
        if !call.read && call.step == 0 {
            sim.write_applied(&call);
        }
        sim.db_done(idx);
    }

    #[inline]
    fn work_time(state: &DbRt, rng: &mut Rng, slow: f64, read: bool) -> SimTime {
        if read {
            state.read.sample(rng, slow)
        } else {
            state.write.sample(rng, slow)
        }
    }
}

impl Simulation {
    /// Picks the node of a replicated database for a query; false if it was refused.
    pub(crate) fn route_db(&mut self, idx: u32, comp: u32) -> bool {
        let call = self.calls[idx as usize];
        let c = &mut self.comps[comp as usize];
        let Behavior::Database(DbRt { repl: Some(r), .. }) = &mut c.behavior else {
            return true;
        };
        let routed = if call.read {
            let mut load = Vec::with_capacity(r.stations.len() + 1);
            load.push(c.station.busy + c.station.queue.len() as u32);
            load.extend(r.stations.iter().map(|s| s.busy + s.queue.len() as u32));
            r.set.route_read(call.key, &load, self.now)
        } else {
            r.set.route_write(&mut self.rng)
        };
        match routed {
            Ok(node) => {
                self.calls[idx as usize].node = node as u32;
                true
            }
            Err(Refusal::Down) if c.crash_mode == CrashMode::Blackhole => {
                self.vanish(idx);
                false
            }
            Err(refusal) => {
                self.count(comp, |a| a.drops += 1);
                let reason = match refusal {
                    Refusal::Down => FailReason::ComponentDown,
                    Refusal::NoQuorum => FailReason::NoQuorum,
                };
                self.finish(idx, Outcome::Fail(reason));
                false
            }
        }
    }

    /// A query's work on a database is done: a replicated write ships to the replicas and
    /// answers when it commits (at once, or after the replicas acknowledged it).
    pub(crate) fn db_done(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let Behavior::Database(DbRt { repl: Some(r), .. }) =
            &mut self.comps[call.comp as usize].behavior
        else {
            self.finish(idx, Outcome::Ok);
            return;
        };
        let node = call.node as usize;
        if call.read {
            r.set.read_done(node, call.key, now);
        } else if call.step == 0 {
            match r.set.write_done(node, call.key, now, &mut self.rng) {
                Ok((_, 0)) => {}
                Ok((lsn, wait)) => {
                    let c = &mut self.calls[idx as usize];
                    c.step = 1;
                    c.lsn = lsn;
                    self.work_at(idx, now.saturating_add(wait));
                    return;
                }
                Err(_) => {
                    self.finish(idx, Outcome::Fail(FailReason::NoQuorum));
                    return;
                }
            }
        } else if !r.set.commit(node, call.lsn, call.key, now) {
            self.finish(idx, Outcome::Fail(FailReason::NoQuorum));
            return;
        }
        self.finish(idx, Outcome::Ok);
    }
}
