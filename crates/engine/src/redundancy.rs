//! The nodes of a redundant component (active-passive or active-active): which are up,
//! which one is active, and when the component serves — a pure state machine the
//! simulation drives with node failures, repairs and the end of a failover.

use crate::scenario::{Redundancy, Standby};
use crate::time::{self, SimTime};
use std::collections::VecDeque;

/// What a failure or repair changed, for the simulation to act on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// The node that went down or came back (None: nothing changed).
    pub node: Option<u32>,
    /// The component served before and does not now: fail what is inside.
    pub stopped: bool,
    /// The component did not serve and does now.
    pub started: bool,
    /// A failover began: call [`Nodes::failover_done`] with this token after the failover
    /// time.
    pub failover: Option<u32>,
}

/// The nodes of one redundant component.
#[derive(Clone, Debug)]
pub struct Nodes {
    /// Active-passive: (cold standby, failover time); None for active-active.
    passive: Option<(bool, SimTime)>,
    up: Vec<bool>,
    /// Active-passive: the node that serves (or, while failing over, the one that failed).
    pub active: u32,
    /// Active-passive: the standby is being promoted.
    pub failing_over: bool,
    /// Makes the end of an aborted failover recognisable.
    epoch: u32,
    /// Down nodes in the order they failed: a recover brings back the first.
    failed: VecDeque<u32>,
    /// Active-active: the next node a request is pinned to (round robin over up nodes).
    next: u32,
    /// Failovers completed (active-passive).
    pub failovers: u64,
}

impl Nodes {
    /// All nodes up; node 0 is the active one.
    pub fn new(r: &Redundancy) -> Nodes {
        let (passive, n) = match *r {
            Redundancy::ActivePassive {
                standby,
                failover_ms,
            } => (
                Some((standby == Standby::Cold, time::from_ms(failover_ms))),
                2,
            ),
            Redundancy::ActiveActive { nodes } => (None, nodes.max(1)),
        };
        Nodes {
            passive,
            up: vec![true; n as usize],
            active: 0,
            failing_over: false,
            epoch: 0,
            failed: VecDeque::new(),
            next: 0,
            failovers: 0,
        }
    }

    /// The number of nodes.
    pub fn count(&self) -> u32 {
        self.up.len() as u32
    }

    /// Nodes up now.
    pub fn up_count(&self) -> u32 {
        self.up.iter().filter(|&&u| u).count() as u32
    }

    /// Whether node `i` is up.
    pub fn is_up(&self, i: u32) -> bool {
        self.up.get(i as usize).copied().unwrap_or(false)
    }

    /// Whether the component answers requests now.
    pub fn serving(&self) -> bool {
        match self.passive {
            Some(_) => !self.failing_over && self.is_up(self.active),
            None => self.up_count() > 0,
        }
    }

    /// Active-passive: the failover time; active-active: None.
    pub fn failover_time(&self) -> Option<SimTime> {
        self.passive.map(|(_, t)| t)
    }

    /// Whether a promoted standby starts with empty state.
    pub fn cold(&self) -> bool {
        matches!(self.passive, Some((true, _)))
    }

    /// The node a crash fault takes down: the active one (or, while failing over, the
    /// standby being promoted); active-active: the first node up.
    pub fn crash_target(&self) -> Option<u32> {
        match self.passive {
            Some(_) if self.failing_over => Some(1 - self.active),
            Some(_) => self.is_up(self.active).then_some(self.active),
            None => self.up.iter().position(|&u| u).map(|i| i as u32),
        }
    }

    /// The node a recover brings back: the one that failed first.
    pub fn repair_target(&self) -> Option<u32> {
        self.failed.front().copied()
    }

    /// Node `i` fails.
    pub fn fail(&mut self, i: u32) -> Change {
        if !self.is_up(i) {
            return Change::default();
        }
        let was = self.serving();
        self.up[i as usize] = false;
        self.failed.push_back(i);
        let mut change = Change {
            node: Some(i),
            ..Change::default()
        };
        if self.passive.is_some() {
            if self.failing_over {
                // The standby died while being promoted. If the node that failed first is
                // back by now, it is promoted instead (a failover again); else nobody is left.
                self.epoch = self.epoch.wrapping_add(1);
                if self.is_up(self.active) {
                    self.active = i;
                    change.failover = Some(self.epoch);
                } else {
                    self.failing_over = false;
                }
            } else if i == self.active && self.is_up(1 - i) {
                self.failing_over = true;
                self.epoch = self.epoch.wrapping_add(1);
                change.failover = Some(self.epoch);
            }
        }
        change.stopped = was && !self.serving();
        change
    }

    /// Node `i` is repaired.
    pub fn repair(&mut self, i: u32) -> Change {
        if self.is_up(i) || i as usize >= self.up.len() {
            return Change::default();
        }
        let was = self.serving();
        self.up[i as usize] = true;
        self.failed.retain(|&k| k != i);
        if self.passive.is_some() && !self.failing_over && !self.is_up(self.active) {
            // Nothing served: the repaired node takes over at once (a restart, no failover).
            self.active = i;
        }
        Change {
            node: Some(i),
            stopped: false,
            started: !was && self.serving(),
            failover: None,
        }
    }

    /// The failover with token `token` is over: the standby serves.
    pub fn failover_done(&mut self, token: u32) -> Change {
        if !(self.failing_over && token == self.epoch) {
            return Change::default();
        }
        self.failing_over = false;
        self.active = 1 - self.active;
        self.failovers += 1;
        Change {
            node: Some(self.active),
            stopped: false,
            started: self.serving(),
            failover: None,
        }
    }

    /// Active-active: the node the next request is pinned to (round robin over up nodes).
    pub fn pin(&mut self) -> u32 {
        let n = self.count();
        for k in 0..n {
            let i = (self.next + k) % n;
            if self.is_up(i) {
                self.next = (i + 1) % n;
                return i;
            }
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ap(standby: Standby) -> Nodes {
        Nodes::new(&Redundancy::ActivePassive {
            standby,
            failover_ms: 2000.0,
        })
    }

    #[test]
    fn the_standby_takes_over_after_the_failover() {
        let mut n = ap(Standby::Hot);
        assert!(n.serving());
        let c = n.fail(n.crash_target().unwrap());
        assert_eq!(c.node, Some(0));
        assert!(c.stopped);
        let token = c.failover.expect("a failover starts");
        assert!(!n.serving(), "down while failing over");
        let c = n.failover_done(token);
        assert!(c.started && n.serving());
        assert_eq!(n.active, 1);
        assert_eq!(n.failovers, 1);
        // The old active comes back as the standby; no fail-back.
        let c = n.repair(n.repair_target().unwrap());
        assert_eq!(c.node, Some(0));
        assert!(!c.started);
        assert_eq!(n.active, 1);
    }

    #[test]
    fn losing_the_standby_during_a_failover_leaves_nothing() {
        let mut n = ap(Standby::Cold);
        assert!(n.cold());
        let token = n.fail(0).failover.unwrap();
        assert_eq!(n.crash_target(), Some(1));
        let c = n.fail(1);
        assert!(c.failover.is_none() && !c.stopped, "already down");
        assert_eq!(n.failover_done(token), Change::default(), "stale");
        assert!(!n.serving());
        // The first to fail is repaired first and serves at once.
        let c = n.repair(n.repair_target().unwrap());
        assert_eq!(c.node, Some(0));
        assert!(c.started);
        assert_eq!(n.active, 0);
    }

    #[test]
    fn a_promoted_standby_that_dies_hands_over_to_the_repaired_node() {
        let mut n = ap(Standby::Hot);
        let first = n.fail(0).failover.unwrap();
        assert!(!n.repair(0).started, "still failing over to node 1");
        let c = n.fail(1);
        let second = c.failover.expect("a new failover, to node 0");
        assert!(!n.serving());
        assert_eq!(n.failover_done(first), Change::default(), "stale");
        assert!(n.failover_done(second).started);
        assert_eq!(n.active, 0);
    }

    #[test]
    fn a_failed_standby_costs_nothing_until_the_active_fails() {
        let mut n = ap(Standby::Hot);
        let c = n.fail(1);
        assert!(!c.stopped && c.failover.is_none() && n.serving());
        let c = n.fail(0);
        assert!(
            c.stopped && c.failover.is_none(),
            "no standby to fail over to"
        );
    }

    #[test]
    fn active_active_is_down_only_when_every_node_is() {
        let mut n = Nodes::new(&Redundancy::ActiveActive { nodes: 3 });
        assert_eq!((n.pin(), n.pin(), n.pin(), n.pin()), (0, 1, 2, 0));
        assert!(!n.fail(1).stopped);
        assert_eq!((n.pin(), n.pin(), n.pin()), (2, 0, 2));
        assert!(!n.fail(0).stopped);
        assert_eq!(n.up_count(), 1);
        assert!(n.fail(2).stopped);
        assert!(!n.serving());
        assert!(n.repair(1).started);
        assert_eq!(n.repair(1), Change::default(), "already up");
        assert_eq!(n.repair_target(), Some(0));
    }
}
