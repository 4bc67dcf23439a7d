//! The database's fields, with its read replicas.

use crate::fields::{Field, at, computed, count, dist, named, pick, real, switch};
use crate::limits::{MAX_CAPACITY, MAX_MS, MAX_POOL, MAX_REPLICAS};
use crate::scenario::{PartitionMode, ReadBalance, Replication, ReplicationMode};

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
        "connections",
        "Connections",
        count(1, MAX_POOL, at!(Database, p => p.connections)),
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
