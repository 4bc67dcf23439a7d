//! Database replication: a primary and read replicas inside one database component — log
//! positions, replication lag, stale reads, failover with lost writes, and CP/AP behaviour
//! during a partition. Pure bookkeeping; the simulation asks it where a query goes and tells
//! it when queries finish.
//!
//! # The model
//!
//! * Every write that the primary finishes gets the next *log position* (an LSN). A node
//!   applies the log in order: the primary at once, a replica after the lag (drawn per
//!   write, but never before the write before it: `apply = max(previous apply, now + lag)`).
//!   A node's state is therefore "everything up to position `applied`".
//! * A write is *committed* (answered) at once (async), when the first replica applied it
//!   (semi-sync) or when every replica did (sync). Per key the table keeps the position of
//!   the latest committed write; a read of key `k` at node `n` is **stale** when that write
//!   has not reached `n`. Keys are folded into a table of at most
//!   [`crate::limits::MAX_ZIPF_KEYS`] entries, so memory stays bounded.
//! * **Failover.** A crash takes down the primary only; replicated writes still on the wire
//!   never arrive. Writes fail (the component is down) until, after the detection delay,
//!   the most up-to-date live replica is promoted. Committed writes it had not received
//!   are **lost** (counted), and the other replicas re-sync from it at once. Reads on the
//!   replicas carry on meanwhile. The old primary comes back as a replica.
//! * **Partition** between the primary and its replicas, following the CAP notes:
//!   - **CP**: the primary, alone, is the minority: it refuses reads and writes
//!     (`NoQuorum`). Replicas serve only reads they can prove fresh (the key's latest
//!     committed write reached them) and refuse the rest (`NoQuorum`). With at least two
//!     replicas the replica side is a majority: after the detection delay it elects its
//!     most up-to-date member, which takes the writes (committed writes it lacked are
//!     lost, as in a crash). With one replica neither side has a majority and writes wait
//!     for the heal. At the heal the old primary rejoins as a replica.
//!   - **AP**: everybody keeps serving. Replicas answer from what they have (stale reads
//!     counted); after the detection delay the replica side, believing the primary dead,
//!     promotes one of its own (split brain) and writes land on either primary. When the
//!     partition heals, writes to a key that was written on both sides are counted as
//!     **conflicting writes**, and every node re-syncs to the merged state.
//!   - A write on a side with no replica in reach commits at once (sync and semi-sync
//!     cannot wait for a replica they cannot reach).
//!
//! Simplifications a student may notice: a re-sync (after a promotion, a recovery or a
//! heal) is instantaneous, and nodes other than the primary do not crash on their own.

use crate::limits::{MAX_REPLICAS, MAX_ZIPF_KEYS};
use crate::rng::{DistNs, Rng};
use crate::scenario::{PartitionMode, ReadBalance, Replication, ReplicationMode};
use crate::time::{self, SimTime};
use std::collections::VecDeque;

/// Most replicated writes one node may have on the wire; past it the oldest is applied at
/// once (bounds memory when the lag is long and the write rate high).
pub const MAX_PENDING: usize = 1 << 20;
/// The top bit of a key's latest position: that write was accepted on the replica side of
/// a partition.
const SIDE_B: u64 = 1 << 63;

/// Running totals since the start of the run (windows and the summary take differences).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub replica_reads: u64,
    pub stale_reads: u64,
    pub lost_writes: u64,
    pub conflicting_writes: u64,
    pub failovers: u64,
    pub lag_sum_ns: u128,
    pub lag_count: u64,
}

impl Counts {
    /// What happened between `earlier` and `self`.
    pub fn since(&self, earlier: &Counts) -> Counts {
        Counts {
            replica_reads: self.replica_reads - earlier.replica_reads,
            stale_reads: self.stale_reads - earlier.stale_reads,
            lost_writes: self.lost_writes - earlier.lost_writes,
            conflicting_writes: self.conflicting_writes - earlier.conflicting_writes,
            failovers: self.failovers - earlier.failovers,
            lag_sum_ns: self.lag_sum_ns - earlier.lag_sum_ns,
            lag_count: self.lag_count - earlier.lag_count,
        }
    }

    /// Adds `other` to these totals.
    pub fn add(&mut self, other: &Counts) {
        self.replica_reads += other.replica_reads;
        self.stale_reads += other.stale_reads;
        self.lost_writes += other.lost_writes;
        self.conflicting_writes += other.conflicting_writes;
        self.failovers += other.failovers;
        self.lag_sum_ns += other.lag_sum_ns;
        self.lag_count += other.lag_count;
    }

    /// Mean replication lag in milliseconds (0 without replicated writes).
    pub fn lag_ms_mean(&self) -> f64 {
        if self.lag_count > 0 {
            self.lag_sum_ns as f64 / self.lag_count as f64 / 1e6
        } else {
            0.0
        }
    }
}

/// Why a query cannot be served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No primary (it crashed and no replica was promoted yet).
    Down,
    /// CP during a partition: no majority, or a read that cannot be proved fresh.
    NoQuorum,
}

#[derive(Clone, Debug)]
struct Node {
    up: bool,
    /// On the replicas' side of a partition.
    side_b: bool,
    /// Everything up to this log position is applied.
    applied: u64,
    /// During a partition, on side B: the old log is applied up to here (frozen).
    pre: u64,
    /// Replicated writes on the wire: (apply time, position), in order.
    pending: VecDeque<(SimTime, u64)>,
    last_apply: SimTime,
}

#[derive(Clone, Debug)]
struct Split {
    /// The last log position before the partition.
    start: u64,
    /// The replica side's own primary, once elected.
    primary_b: Option<usize>,
    /// Writes per key accepted on each side (AP only; empty under CP).
    writes_a: Vec<u32>,
    writes_b: Vec<u32>,
}

/// The replication state of one database.
#[derive(Clone, Debug)]
pub struct Replicas {
    mode: ReplicationMode,
    lag: DistNs,
    split_reads: bool,
    balance: ReadBalance,
    detection: SimTime,
    ap: bool,
    nodes: Vec<Node>,
    /// The node that takes writes (side A's during a partition).
    primary: usize,
    /// No node takes writes: the primary crashed and nobody was promoted yet.
    failing_over: bool,
    /// Bumped whenever a scheduled promotion stops being wanted.
    epoch: u32,
    latest: Vec<u64>,
    next_lsn: u64,
    /// Committed positions some live replica may lack (for counting lost writes).
    committed: VecDeque<u64>,
    rr: usize,
    split: Option<Split>,
    counts: Counts,
}

impl Replicas {
    /// A primary (node 0) and `r.replicas` replicas, tracking `keys` keys (folded into at
    /// most [`MAX_ZIPF_KEYS`]).
    pub fn new(r: &Replication, keys: u32) -> Replicas {
        let n = r.replicas.clamp(1, MAX_REPLICAS) as usize + 1;
        let node = Node {
            up: true,
            side_b: false,
            applied: 0,
            pre: 0,
            pending: VecDeque::new(),
            last_apply: 0,
        };
        Replicas {
            mode: r.mode,
            lag: DistNs::new(&r.lag),
            split_reads: r.split_reads,
            balance: r.balance,
            detection: time::from_ms(r.detection_ms),
            ap: r.partition_mode == PartitionMode::Ap,
            nodes: vec![node; n],
            primary: 0,
            failing_over: false,
            epoch: 0,
            latest: vec![0; keys.clamp(1, MAX_ZIPF_KEYS) as usize],
            next_lsn: 1,
            committed: VecDeque::new(),
            rr: 0,
            split: None,
            counts: Counts::default(),
        }
    }

    /// Nodes, primary and replicas.
    pub fn nodes(&self) -> usize {
        self.nodes.len()
    }

    /// The node taking writes now; none while failing over.
    pub fn primary(&self) -> Option<usize> {
        (!self.failing_over && self.nodes[self.primary].up).then_some(self.primary)
    }

    /// Nodes crashed now (waiting for a recovery).
    pub fn nodes_down(&self) -> usize {
        self.nodes.iter().filter(|n| !n.up).count()
    }

    /// Whether a partition separates the primary from its replicas now.
    pub fn partitioned(&self) -> bool {
        self.split.is_some()
    }

    /// The running totals.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// The detection delay, after which a promotion is due.
    pub fn detection(&self) -> SimTime {
        self.detection
    }

    /// The token a promotion scheduled now must present (see [`Replicas::promote`]).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    fn slot(&self, key: u32) -> usize {
        key as usize % self.latest.len()
    }

    /// Applies what has reached `node` by `now`.
    fn advance(&mut self, node: usize, now: SimTime) {
        let n = &mut self.nodes[node];
        while let Some(&(at, lsn)) = n.pending.front() {
            if at > now {
                break;
            }
            n.applied = n.applied.max(lsn);
            n.pending.pop_front();
        }
    }

    fn advance_all(&mut self, now: SimTime) {
        for i in 0..self.nodes.len() {
            self.advance(i, now);
        }
    }

    /// Whether `node` has the write at position `tagged` (with its side bit).
    fn has(&self, node: usize, tagged: u64) -> bool {
        let lsn = tagged & !SIDE_B;
        let from_b = tagged & SIDE_B != 0;
        let n = &self.nodes[node];
        match &self.split {
            None => lsn <= n.applied,
            Some(_) if !n.side_b => !from_b && lsn <= n.applied,
            Some(s) => {
                if from_b {
                    lsn <= n.applied
                } else {
                    lsn <= s.start && lsn <= n.pre
                }
            }
        }
    }

    fn is_primary(&self, node: usize) -> bool {
        node == self.primary || self.split.as_ref().and_then(|s| s.primary_b) == Some(node)
    }

    /// Where a write goes: a primary, or why not. In an AP split brain either primary
    /// takes it (clients reach both).
    pub fn route_write(&mut self, rng: &mut Rng) -> Result<usize, Refusal> {
        if self.failing_over || !self.nodes[self.primary].up {
            return Err(Refusal::Down);
        }
        let Some(s) = &self.split else {
            return Ok(self.primary);
        };
        if !self.ap {
            // CP: only a primary elected by the majority side takes writes.
            return if self.nodes[self.primary].side_b {
                Ok(self.primary)
            } else {
                Err(Refusal::NoQuorum)
            };
        }
        match s.primary_b {
            Some(b) if rng.unit() < 0.5 => Ok(b),
            _ => Ok(self.primary),
        }
    }

    /// Where a read of `key` goes, given each node's load (queries running or waiting).
    pub fn route_read(&mut self, key: u32, load: &[u32], now: SimTime) -> Result<usize, Refusal> {
        let n = self.nodes.len();
        let mut pick = None;
        if self.split_reads {
            let mut best: Option<(usize, u32)> = None;
            for k in 0..n {
                let i = (self.rr + k) % n;
                if !self.serves_replica_reads(i) {
                    continue;
                }
                let l = load.get(i).copied().unwrap_or(0);
                let better = match self.balance {
                    ReadBalance::RoundRobin => best.is_none(),
                    ReadBalance::LeastLoaded => best.is_none_or(|(_, b)| l < b),
                };
                if better {
                    best = Some((i, l));
                }
            }
            if let Some((i, _)) = best {
                self.rr = (i + 1) % n;
                pick = Some(i);
            }
        }
        let node = match pick {
            Some(i) => i,
            None => {
                if self.failing_over || !self.nodes[self.primary].up {
                    return Err(Refusal::Down);
                }
                if self.split.is_some() && !self.ap && !self.nodes[self.primary].side_b {
                    return Err(Refusal::NoQuorum);
                }
                self.primary
            }
        };
        if self.split.is_some() && !self.ap {
            // CP: only a read that can be proved fresh is answered.
            self.advance(node, now);
            let tagged = self.latest[self.slot(key)];
            if !self.has(node, tagged) {
                return Err(Refusal::NoQuorum);
            }
        }
        Ok(node)
    }

    /// Whether node `i` takes reads as a replica now.
    fn serves_replica_reads(&self, i: usize) -> bool {
        let node = &self.nodes[i];
        if !node.up || self.is_primary(i) {
            return false;
        }
        // Under CP the deposed primary, alone on its side, serves nothing.
        !(self.split.is_some() && !self.ap && !node.side_b)
    }

    /// A read of `key` at `node` finished: counts it, and whether it was stale.
    pub fn read_done(&mut self, node: usize, key: u32, now: SimTime) -> bool {
        self.advance(node, now);
        let tagged = self.latest[self.slot(key)];
        let stale = !self.has(node, tagged);
        if !self.is_primary(node) {
            self.counts.replica_reads += 1;
        }
        if stale {
            self.counts.stale_reads += 1;
        }
        stale
    }

    /// A write of `key` finished on primary `node`: ships it to the replicas in reach and
    /// returns its log position and how long until it commits (0: committed now), or why
    /// it cannot commit.
    pub fn write_done(
        &mut self,
        node: usize,
        key: u32,
        now: SimTime,
        rng: &mut Rng,
    ) -> Result<(u64, SimTime), Refusal> {
        let lsn = self.next_lsn;
        self.next_lsn += 1;
        let side_b = self.nodes[node].side_b && self.split.is_some();
        self.nodes[node].applied = lsn;
        let mut first = SimTime::MAX;
        let mut last = 0;
        for i in 0..self.nodes.len() {
            if i == node || !self.nodes[i].up || self.nodes[i].side_b != side_b {
                continue;
            }
            if self.split.is_some() && self.is_primary(i) {
                continue;
            }
            let lag = self.lag.sample(rng, 1.0);
            let n = &mut self.nodes[i];
            let at = now.saturating_add(lag).max(n.last_apply);
            n.last_apply = at;
            if n.pending.len() >= MAX_PENDING
                && let Some((_, oldest)) = n.pending.pop_front()
            {
                n.applied = n.applied.max(oldest);
            }
            n.pending.push_back((at, lsn));
            self.counts.lag_sum_ns += (at - now) as u128;
            self.counts.lag_count += 1;
            first = first.min(at);
            last = last.max(at);
        }
        let wait = match self.mode {
            _ if last == 0 => 0,
            ReplicationMode::Async => 0,
            ReplicationMode::SemiSync => first - now,
            ReplicationMode::Sync => last - now,
        };
        if wait == 0 && !self.commit(node, lsn, key, now) {
            return Err(Refusal::NoQuorum);
        }
        Ok((lsn, wait))
    }

    /// The write at `lsn` to `key`, made on `node`, is committed (answered to the caller).
    /// False when it cannot be: under CP, a primary cut off from its replicas by a
    /// partition never gets the acknowledgements a sync or semi-sync write waits for.
    pub fn commit(&mut self, node: usize, lsn: u64, key: u32, now: SimTime) -> bool {
        let slot = self.slot(key);
        let side_b = self.nodes[node].side_b && self.split.is_some();
        if self.split.is_some() && !self.ap && !side_b && self.mode != ReplicationMode::Async {
            return false;
        }
        self.latest[slot] = if side_b { lsn | SIDE_B } else { lsn };
        if let Some(s) = &mut self.split {
            let side = if side_b {
                &mut s.writes_b
            } else {
                &mut s.writes_a
            };
            if let Some(c) = side.get_mut(slot) {
                *c = c.saturating_add(1);
            }
        }
        if self.split.is_none() {
            self.committed.push_back(lsn);
            self.prune_committed(now);
        }
        true
    }

    /// Drops committed positions every live replica has applied.
    fn prune_committed(&mut self, now: SimTime) {
        self.advance_all(now);
        let floor = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| n.up && *i != self.primary)
            .map(|(_, n)| n.applied)
            .min()
            .unwrap_or(u64::MAX);
        while self.committed.front().is_some_and(|&l| l <= floor)
            || self.committed.len() > MAX_PENDING
        {
            self.committed.pop_front();
        }
    }

    /// The primary crashes: writes on the wire to the replicas never arrive. Returns
    /// whether a promotion should be scheduled (after [`Replicas::detection`]).
    pub fn crash_primary(&mut self, now: SimTime) -> bool {
        let p = self.primary;
        if !self.nodes[p].up {
            return false;
        }
        self.advance_all(now);
        self.nodes[p].up = false;
        for n in &mut self.nodes {
            n.pending.clear();
            n.last_apply = now;
        }
        self.failing_over = true;
        self.epoch = self.epoch.wrapping_add(1);
        self.nodes.iter().any(|n| n.up)
    }

    /// The nodes that were down come back as replicas, re-synced from the primary. If the
    /// primary comes back before anybody was promoted, it simply is the primary again.
    pub fn recover(&mut self, now: SimTime) {
        self.advance_all(now);
        if self.failing_over {
            self.failing_over = false;
            self.epoch = self.epoch.wrapping_add(1);
        }
        let p = self.primary;
        if !self.nodes[p].up {
            self.nodes[p].up = true;
            self.nodes[p].last_apply = now;
        }
        let source = self.nodes[p].applied;
        let side_b = self.nodes[p].side_b;
        for (i, n) in self.nodes.iter_mut().enumerate() {
            // The returning nodes, and the replicas whose log the crash cut, catch up.
            if i != p && (!n.up || n.side_b == side_b) {
                n.up = true;
                n.applied = source;
                n.pre = source;
                n.side_b = side_b;
                n.pending.clear();
                n.last_apply = now;
            }
        }
    }

    /// A partition separates the primary from its replicas. Returns whether a promotion
    /// should be scheduled on the replica side.
    pub fn partition(&mut self, now: SimTime) -> bool {
        if self.split.is_some() {
            return false;
        }
        self.advance_all(now);
        let keys = if self.ap { self.latest.len() } else { 0 };
        self.split = Some(Split {
            start: self.next_lsn - 1,
            primary_b: None,
            writes_a: vec![0; keys],
            writes_b: vec![0; keys],
        });
        let p = self.primary;
        for (i, n) in self.nodes.iter_mut().enumerate() {
            n.side_b = i != p;
            if n.side_b {
                n.pending.clear();
                n.last_apply = now;
                n.pre = n.applied;
            }
        }
        self.epoch = self.epoch.wrapping_add(1);
        let replicas_up = self.nodes.iter().filter(|n| n.up && n.side_b).count();
        // CP elects only with a majority of all nodes; AP promotes any live replica.
        if self.ap {
            replicas_up > 0
        } else {
            2 * replicas_up > self.nodes.len()
        }
    }

    /// The promotion scheduled with token `epoch` is due: the most up-to-date live replica
    /// (on the replica side during a partition) becomes primary. Returns it, if any.
    pub fn promote(&mut self, epoch: u32, now: SimTime) -> Option<usize> {
        if epoch != self.epoch {
            return None;
        }
        self.advance_all(now);
        let in_split = self.split.is_some();
        let candidate = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| n.up && *i != self.primary && (!in_split || n.side_b))
            .max_by(|(i, a), (j, b)| a.applied.cmp(&b.applied).then(j.cmp(i)))
            .map(|(i, _)| i)?;
        let have = self.nodes[candidate].applied;
        if !(in_split && self.ap) {
            // Committed writes the new primary never received are gone.
            let lost = self.committed.iter().filter(|&&l| l > have).count() as u64;
            self.counts.lost_writes += lost;
            self.committed.clear();
            if !in_split {
                for l in &mut self.latest {
                    *l = (*l).min(have);
                }
            } else if let Some(s) = &self.split {
                let start = s.start;
                for l in &mut self.latest {
                    if *l & SIDE_B == 0 && *l <= start {
                        *l = (*l).min(have);
                    }
                }
            }
        }
        for (i, n) in self.nodes.iter_mut().enumerate() {
            if n.up && (!in_split || n.side_b) && i != candidate {
                n.applied = have;
                n.pre = have;
                n.pending.clear();
                n.last_apply = now;
            }
        }
        self.counts.failovers += 1;
        match &mut self.split {
            Some(s) if self.ap => s.primary_b = Some(candidate),
            _ => {
                self.primary = candidate;
                self.failing_over = false;
            }
        }
        Some(candidate)
    }

    /// The partition heals: AP counts the conflicting writes; every node re-syncs from the
    /// primary (AP: to the merged state).
    pub fn heal(&mut self, now: SimTime) {
        let Some(s) = self.split.take() else {
            return;
        };
        self.advance_all(now);
        if self.ap {
            let conflicts: u64 = s
                .writes_a
                .iter()
                .zip(&s.writes_b)
                .filter(|(a, b)| **a > 0 && **b > 0)
                .map(|(a, b)| u64::from(*a) + u64::from(*b))
                .sum();
            self.counts.conflicting_writes += conflicts;
        }
        let everything = self.next_lsn - 1;
        for l in &mut self.latest {
            *l &= !SIDE_B;
        }
        for n in &mut self.nodes {
            n.side_b = false;
            if n.up {
                n.applied = everything;
                n.pre = everything;
                n.pending.clear();
                n.last_apply = now;
            }
        }
        self.committed.clear();
        self.epoch = self.epoch.wrapping_add(1);
        if !self.nodes[self.primary].up
            && let Some(b) = s.primary_b
        {
            self.primary = b;
            self.failing_over = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Dist;

    fn set(mode: ReplicationMode, lag_ms: f64, replicas: u32, ap: bool) -> Replicas {
        Replicas::new(
            &Replication {
                replicas,
                mode,
                lag: Dist::Constant { ms: lag_ms },
                split_reads: true,
                balance: ReadBalance::RoundRobin,
                detection_ms: 1000.0,
                partition_mode: if ap {
                    PartitionMode::Ap
                } else {
                    PartitionMode::Cp
                },
            },
            100,
        )
    }

    const MS: SimTime = 1_000_000;

    #[test]
    fn an_async_replica_is_stale_until_the_lag_has_passed() {
        let mut r = set(ReplicationMode::Async, 10.0, 1, false);
        let mut rng = Rng::new(1);
        assert_eq!(r.write_done(0, 7, 0, &mut rng), Ok((1, 0)));
        assert!(r.read_done(1, 7, 9 * MS), "9 ms after the write, 10 ms lag");
        assert!(!r.read_done(1, 7, 10 * MS));
        assert!(!r.read_done(1, 8, 0), "another key is fresh");
        assert_eq!(r.counts().stale_reads, 1);
        assert_eq!(r.counts().replica_reads, 3);
    }

    #[test]
    fn sync_waits_for_the_slowest_replica_and_semi_sync_for_the_first() {
        let mut rng = Rng::new(1);
        let mut s = set(ReplicationMode::Sync, 10.0, 2, false);
        assert_eq!(s.write_done(0, 1, 0, &mut rng), Ok((1, 10 * MS)));
        let mut semi = set(ReplicationMode::SemiSync, 10.0, 2, false);
        assert_eq!(semi.write_done(0, 1, 0, &mut rng), Ok((1, 10 * MS)));
        // Nothing is stale before the commit: the key's latest committed write is older.
        assert!(!s.read_done(1, 1, 5 * MS));
        assert!(s.commit(0, 1, 1, 10 * MS));
        assert!(!s.read_done(2, 1, 10 * MS));
    }

    #[test]
    fn applies_keep_log_order() {
        let mut r = set(ReplicationMode::Async, 10.0, 1, false);
        let mut rng = Rng::new(1);
        r.write_done(0, 1, 0, &mut rng).unwrap();
        // A lag shorter than the previous write's cannot overtake it.
        r.lag = DistNs::Constant(MS);
        r.write_done(0, 2, MS, &mut rng).unwrap();
        assert!(r.read_done(1, 2, 5 * MS));
        assert!(!r.read_done(1, 2, 10 * MS));
    }

    #[test]
    fn a_crash_loses_the_writes_the_promoted_replica_lacked() {
        let mut r = set(ReplicationMode::Async, 100.0, 2, false);
        let mut rng = Rng::new(1);
        for t in 0..10 {
            r.write_done(0, t, t as SimTime * 20 * MS, &mut rng)
                .unwrap();
        }
        // At 190 ms the writes of 100..180 ms (5 of them) have not arrived.
        assert!(r.crash_primary(190 * MS));
        assert_eq!(r.route_write(&mut rng), Err(Refusal::Down));
        assert!(r.route_read(3, &[0, 0, 0], 0).is_ok(), "reads carry on");
        let epoch = r.epoch();
        assert_eq!(r.promote(epoch, 1190 * MS), Some(1));
        assert_eq!(r.counts().lost_writes, 5);
        assert_eq!(r.counts().failovers, 1);
        assert_eq!(r.route_write(&mut rng), Ok(1));
        // The lost keys are no longer "newer elsewhere": nobody reads them stale.
        assert!(!r.read_done(2, 9, 1200 * MS));
        r.recover(1300 * MS);
        assert_eq!(r.primary(), Some(1));
    }

    #[test]
    fn sync_and_semi_sync_lose_nothing() {
        for mode in [ReplicationMode::Sync, ReplicationMode::SemiSync] {
            let mut r = set(mode, 100.0, 2, false);
            let mut rng = Rng::new(1);
            for t in 0..10u32 {
                let now = t as SimTime * 20 * MS;
                let (lsn, wait) = r.write_done(0, t, now, &mut rng).unwrap();
                assert!(wait > 0);
                if now + wait <= 190 * MS {
                    assert!(r.commit(0, lsn, t, now + wait));
                }
            }
            r.crash_primary(190 * MS);
            let epoch = r.epoch();
            r.promote(epoch, 1190 * MS);
            assert_eq!(r.counts().lost_writes, 0, "{mode:?}");
        }
    }

    #[test]
    fn a_recovery_before_the_detection_cancels_the_promotion() {
        let mut r = set(ReplicationMode::Async, 10.0, 1, false);
        assert!(r.crash_primary(0));
        let epoch = r.epoch();
        r.recover(MS);
        assert_eq!(r.promote(epoch, 1000 * MS), None);
        assert_eq!(r.primary(), Some(0));
    }

    #[test]
    fn cp_refuses_the_minority_and_unproven_reads() {
        let mut r = set(ReplicationMode::Async, 10.0, 2, false);
        let mut rng = Rng::new(1);
        r.write_done(0, 1, 0, &mut rng).unwrap();
        assert!(r.partition(MS), "two replicas are a majority of three");
        assert_eq!(r.route_write(&mut rng), Err(Refusal::NoQuorum));
        assert_eq!(r.route_read(1, &[0, 0, 0], 0), Err(Refusal::NoQuorum));
        assert!(
            r.route_read(2, &[0, 0, 0], 0).is_ok(),
            "never written: fresh"
        );
        let epoch = r.epoch();
        let p = r.promote(epoch, 1000 * MS);
        assert_eq!(p, Some(1));
        assert_eq!(r.counts().lost_writes, 1);
        assert_eq!(r.route_write(&mut rng), Ok(1));
        r.heal(2000 * MS);
        assert_eq!(r.counts().conflicting_writes, 0);
        assert_eq!(r.primary(), Some(1));
    }

    #[test]
    fn cp_with_one_replica_has_no_majority() {
        let mut r = set(ReplicationMode::Async, 10.0, 1, false);
        assert!(!r.partition(0));
    }

    #[test]
    fn ap_serves_both_sides_and_counts_conflicts_at_the_heal() {
        let mut r = set(ReplicationMode::Async, 1.0, 2, true);
        let mut rng = Rng::new(1);
        assert!(r.partition(0));
        assert_eq!(r.route_write(&mut rng), Ok(0), "before the promotion");
        r.write_done(0, 5, MS, &mut rng).unwrap();
        assert!(r.read_done(1, 5, 100 * MS), "the replicas never got it");
        let epoch = r.epoch();
        assert_eq!(r.promote(epoch, 1000 * MS), Some(1));
        assert_eq!(r.counts().lost_writes, 0);
        r.write_done(1, 5, 1001 * MS, &mut rng).unwrap();
        r.write_done(1, 6, 1002 * MS, &mut rng).unwrap();
        assert!(
            r.read_done(0, 5, 1100 * MS),
            "the old primary lacks side B's write"
        );
        assert!(!r.read_done(2, 5, 1100 * MS), "side B's replica has it");
        r.heal(2000 * MS);
        // Key 5 was written once on each side; key 6 only on side B.
        assert_eq!(r.counts().conflicting_writes, 2);
        assert!(!r.read_done(2, 5, 2000 * MS));
        assert_eq!(r.primary(), Some(0));
    }

    #[test]
    fn least_loaded_picks_the_idlest_replica() {
        let mut r = set(ReplicationMode::Async, 1.0, 3, false);
        r.balance = ReadBalance::LeastLoaded;
        assert_eq!(r.route_read(0, &[0, 5, 1, 3], 0), Ok(2));
        r.split_reads = false;
        assert_eq!(r.route_read(0, &[0, 5, 1, 3], 0), Ok(0));
    }
}
