//! Single points of failure, and the availability that MTBF/MTTR predict, composed along
//! the graph: in series where a request needs every part, in parallel where one of several
//! redundant parts is enough.
//!
//! Both follow what a request needs to succeed, per kind: a load balancer needs one healthy
//! backend, a service every dependency that is not optional, a read-through cache either a
//! hit or its store, a database with read replicas only a replica for reads, a queue only
//! itself (its consumers work after the producer has its answer).

use super::load::{Loads, target};
use crate::kinds::params::*;
use crate::metrics::nines;
use crate::scenario::{Component, Params, Redundancy, Scenario};
use serde::Serialize;
use std::cell::RefCell;

/// A component whose single failure leaves the clients without any successful answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spof {
    pub id: String,
    pub scope: SpofScope,
    pub reason: String,
}

/// Which requests a SPOF cuts off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpofScope {
    /// Reads and writes.
    All,
    Reads,
    Writes,
}

/// Predicted availability of a request: the share of time a request can succeed, with
/// every component failing and being repaired independently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Availability {
    pub availability: f64,
    pub reads: Option<f64>,
    pub writes: Option<f64>,
    pub nines: f64,
    pub downtime_min_per_month: f64,
    pub downtime_h_per_year: f64,
    /// Components with MTBF/MTTR set; the others are taken as never failing.
    pub components_that_fail: usize,
    /// The run's SLO uptime and its share of requests that succeeded, after
    /// [`super::Analysis::compare`] (with random failures on, the success ratio is what
    /// `availability` predicts).
    pub simulated_uptime_pct: Option<f64>,
    pub simulated_success_ratio: Option<f64>,
}

impl Availability {
    fn new(reads: Option<f64>, writes: Option<f64>, read_share: f64, failing: usize) -> Self {
        let availability = match (reads, writes) {
            (Some(r), Some(w)) => read_share * r + (1.0 - read_share) * w,
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => 1.0,
        };
        Availability {
            availability,
            reads,
            writes,
            nines: nines(availability),
            downtime_min_per_month: downtime_per_month_min(availability),
            downtime_h_per_year: (1.0 - availability) * 365.0 * 24.0,
            components_that_fail: failing,
            simulated_uptime_pct: None,
            simulated_success_ratio: None,
        }
    }

    /// One line for the terminal.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "Predicted availability: {:.5} % ({:.2} nines): {:.1} min down a month, {:.2} h a year",
            self.availability * 100.0,
            self.nines,
            self.downtime_min_per_month,
            self.downtime_h_per_year
        );
        if let (Some(r), Some(w)) = (self.reads, self.writes) {
            s += &format!(" (reads {:.5} %, writes {:.5} %)", r * 100.0, w * 100.0);
        }
        if self.components_that_fail == 0 {
            s += "; no component has an MTBF/MTTR set";
        }
        if let (Some(u), Some(ok)) = (self.simulated_uptime_pct, self.simulated_success_ratio) {
            s += &format!(
                "; the run: {:.3} % of requests succeeded, SLO uptime {u:.2} %",
                ok * 100.0
            );
        }
        s
    }
}

/// Series composition: every part must be up.
pub fn series(parts: &[f64]) -> f64 {
    parts.iter().product()
}

/// Parallel composition: one part up is enough.
pub fn parallel(parts: &[f64]) -> f64 {
    1.0 - parts.iter().map(|a| 1.0 - a).product::<f64>()
}

/// Minutes down in a 30-day month at availability `a`.
pub fn downtime_per_month_min(a: f64) -> f64 {
    (1.0 - a) * 30.0 * 24.0 * 60.0
}

/// How many nodes of a component can serve when one fails: its redundant nodes. A
/// service's instances are not counted: in archsim a component fails as one (a crash, or
/// random failures, take every instance down at once), as a bad deploy would; separate
/// service components behind a load balancer are the alternative routes that survive it.
fn nodes(comp: &Component) -> u32 {
    match comp.redundancy {
        Some(r) if Redundancy::applies_to(comp.params.kind()) => r.nodes(),
        _ => 1,
    }
}

/// The graph as a request sees it: what each kind needs downstream.
struct Graph<'a> {
    s: &'a Scenario,
    loads: &'a Loads,
    /// What [`Graph::ok`] found for each component, reads and writes, in one evaluation
    /// (a component is visited once however many paths lead to it).
    memo: RefCell<Vec<[Option<f64>; 2]>>,
}

/// What a component's own part of the answer is: its probability of being up, or, for
/// the SPOF search, whether it is up (1) or down (0).
trait Up {
    fn up(&self, i: usize, read: bool) -> f64;
}

/// Every component up but one failed node of `down`.
struct OneDown<'a> {
    s: &'a Scenario,
    down: usize,
}

impl Up for OneDown<'_> {
    fn up(&self, i: usize, read: bool) -> f64 {
        if i != self.down {
            return 1.0;
        }
        let comp = &self.s.components[i];
        if let Params::Database(p) = &comp.params
            && p.replication.as_ref().is_some_and(|r| r.replicas > 0)
        {
            // The replicas keep serving reads; writes wait for a promotion.
            return if read { 1.0 } else { 0.0 };
        }
        if nodes(comp) > 1 { 1.0 } else { 0.0 }
    }
}

/// Every component up with its MTBF / (MTBF + MTTR), nodes in parallel.
struct Steady<'a> {
    s: &'a Scenario,
}

fn node_availability(comp: &Component) -> f64 {
    comp.failures.map_or(1.0, |f| f.availability())
}

impl Up for Steady<'_> {
    fn up(&self, i: usize, read: bool) -> f64 {
        let comp = &self.s.components[i];
        let a = node_availability(comp);
        if let Params::Database(p) = &comp.params
            && let Some(r) = &p.replication
            && read
        {
            return parallel(&vec![a; 1 + r.replicas as usize]);
        }
        match comp.redundancy {
            Some(r) if Redundancy::applies_to(comp.params.kind()) => {
                parallel(&vec![a; r.nodes() as usize])
            }
            // A service's random failures take all its instances down at once.
            _ => a,
        }
    }
}

impl<'a> Graph<'a> {
    fn new(s: &'a Scenario, loads: &'a Loads) -> Self {
        Graph {
            s,
            loads,
            memo: RefCell::new(vec![[None; 2]; s.components.len()]),
        }
    }

    /// [`Graph::ok_uncached`], once per component and class; a component met again on a
    /// loop counts as failing.
    fn ok(&self, up: &dyn Up, i: usize, read: bool, depth: usize) -> f64 {
        let slot = usize::from(read);
        if let Some(p) = self.memo.borrow()[i][slot] {
            return p;
        }
        self.memo.borrow_mut()[i][slot] = Some(0.0);
        let p = self.ok_uncached(up, i, read, depth);
        self.memo.borrow_mut()[i][slot] = Some(p);
        p
    }

    /// The probability (or, with [`OneDown`], whether) a call of the given class to
    /// component `i` succeeds. `depth` bounds the walk on graphs with loops.
    fn ok_uncached(&self, up: &dyn Up, i: usize, read: bool, depth: usize) -> f64 {
        if depth > self.s.components.len() {
            return 0.0;
        }
        let comp = &self.s.components[i];
        let outs = &self.loads.outs[i];
        let child = |k: usize| self.ok(up, target(self.s, k), read, depth + 1);
        let weights = |ks: &[usize]| -> Vec<f64> {
            let total: f64 = ks
                .iter()
                .map(|&k| self.s.connections[k].weight as f64)
                .sum();
            ks.iter()
                .map(|&k| self.s.connections[k].weight as f64 / total.max(1e-12))
                .collect()
        };
        let average = |ks: &[usize], shares: Vec<f64>| -> f64 {
            ks.iter().zip(shares).map(|(&k, p)| p * child(k)).sum()
        };
        let any = |ks: &[usize]| parallel(&ks.iter().map(|&k| child(k)).collect::<Vec<_>>());
        let me = up.up(i, read);
        let rest = match &comp.params {
            Params::Client(_) => average(outs, weights(outs)),
            Params::LoadBalancer(p) => {
                if p.health_check.enabled {
                    any(outs)
                } else {
                    average(outs, vec![1.0 / outs.len().max(1) as f64; outs.len()])
                }
            }
            Params::Dns(p) => match p.policy {
                DnsPolicy::Failover { .. } | DnsPolicy::Geo { .. } => any(outs),
                DnsPolicy::Weighted => average(outs, weights(outs)),
                DnsPolicy::RoundRobin => {
                    average(outs, vec![1.0 / outs.len().max(1) as f64; outs.len()])
                }
            },
            Params::RateLimiter(_) => series(&outs.iter().map(|&k| child(k)).collect::<Vec<_>>()),
            Params::ApiGateway(_) | Params::ShardRouter(_) => {
                // Each request needs the one route or shard it is sent to.
                let total: f64 = outs
                    .iter()
                    .filter_map(|&k| self.loads.edge[k].as_ref().map(|f| f.rps()))
                    .sum();
                if total > 0.0 {
                    let shares = outs
                        .iter()
                        .map(|&k| self.loads.edge[k].as_ref().map_or(0.0, |f| f.rps()) / total)
                        .collect();
                    average(outs, shares)
                } else {
                    average(outs, vec![1.0 / outs.len().max(1) as f64; outs.len()])
                }
            }
            Params::Service(_) => self.service_deps(up, i, read, depth),
            Params::Cache(c) => {
                let store = outs.first().map_or(1.0, |&k| child(k));
                let h = self.loads.hit_ratio[i].unwrap_or(0.0);
                let through = c.reads == Reads::Through;
                let needs_store = if !through {
                    0.0
                } else if read {
                    1.0 - h
                } else if c.writes == Writes::Back {
                    0.0
                } else {
                    1.0
                };
                let served = (1.0 - needs_store) + needs_store * store;
                if c.fallback_when_down && through {
                    // Down, its callers read the store directly.
                    return me * served + (1.0 - me) * store;
                }
                served
            }
            Params::Cdn(_) => {
                let origin = outs.first().map_or(1.0, |&k| child(k));
                let h = self.loads.hit_ratio[i].unwrap_or(0.0);
                if read { h + (1.0 - h) * origin } else { origin }
            }
            Params::Database(_)
            | Params::BlobStorage(_)
            | Params::ExternalApi(_)
            | Params::Queue(_) => 1.0,
        };
        me * rest
    }

    /// A service calls each dependency in turn; an optional one may fail, and a
    /// cache-aside hit spares the store after it.
    fn service_deps(&self, up: &dyn Up, i: usize, read: bool, depth: usize) -> f64 {
        let outs = &self.loads.outs[i];
        let mut total = 1.0;
        let mut skip_share = 0.0;
        for &k in outs {
            let t = target(self.s, k);
            let optional = self.s.connections[k].optional;
            let p = self.ok(up, t, read, depth + 1);
            let needed = 1.0 - skip_share;
            skip_share = 0.0;
            if let Params::Cache(c) = &self.s.components[t].params
                && c.reads == Reads::Aside
            {
                let h = self.loads.hit_ratio[t].unwrap_or(0.0);
                if read {
                    skip_share = h * p;
                }
                if c.fallback_when_down {
                    continue;
                }
            }
            if !optional {
                total *= (1.0 - needed) + needed * p;
            }
        }
        total
    }

    /// Whether clients reading (or writing) succeed with some probability > 0.
    fn clients_served(&self, up: &dyn Up, read: bool) -> bool {
        self.clients(read)
            .iter()
            .any(|&c| self.ok(up, c, read, 0) > 0.0)
    }

    fn clients(&self, read: bool) -> Vec<usize> {
        self.s
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| match &c.params {
                Params::Client(p) => {
                    if read {
                        p.read_ratio > 0.0
                    } else {
                        p.read_ratio < 1.0
                    }
                }
                _ => false,
            })
            .map(|(i, _)| i)
            .collect()
    }
}

pub(crate) fn spofs(s: &Scenario, loads: &Loads) -> Vec<Spof> {
    let g = Graph::new(s, loads);
    let all_up = OneDown {
        s,
        down: usize::MAX,
    };
    let reads_before = g.clients_served(&all_up, true);
    let writes_before = g.clients_served(&all_up, false);
    let mut found = Vec::new();
    for (i, comp) in s.components.iter().enumerate() {
        if matches!(comp.params, Params::Client(_)) {
            continue;
        }
        let down = OneDown { s, down: i };
        let reads_cut = reads_before && !Graph::new(s, loads).clients_served(&down, true);
        let writes_cut = writes_before && !Graph::new(s, loads).clients_served(&down, false);
        let scope = match (reads_cut, writes_cut) {
            (true, true) => SpofScope::All,
            (true, false) if !writes_before => SpofScope::All,
            (false, true) if !reads_before => SpofScope::All,
            (true, false) => SpofScope::Reads,
            (false, true) => SpofScope::Writes,
            (false, false) => continue,
        };
        let reason = match (&comp.params, scope) {
            (Params::Database(p), SpofScope::Writes) if p.replication.is_some() => {
                "its replicas keep serving reads, but no write succeeds until a replica is promoted"
                    .to_string()
            }
            (_, SpofScope::Writes) => {
                "reads are still answered (from a cache), writes are not".to_string()
            }
            (_, SpofScope::Reads) => "writes are still answered, reads are not".to_string(),
            (Params::Service(p), _) if p.instances > 1 || p.autoscale.is_some() => {
                "every client's requests pass through it, and its instances fail together (one component): spread them over several services behind a load balancer".to_string()
            }
            _ => "one node, and every client's requests pass through it".to_string(),
        };
        found.push(Spof {
            id: comp.id.clone(),
            scope,
            reason,
        });
    }
    found
}

pub(crate) fn availability(s: &Scenario, loads: &Loads) -> Option<Availability> {
    let g = Graph::new(s, loads);
    let steady = Steady { s };
    let (mut read_rps, mut write_rps) = (0.0, 0.0);
    let (mut reads, mut writes) = (0.0, 0.0);
    for (i, comp) in s.components.iter().enumerate() {
        let Params::Client(p) = &comp.params else {
            continue;
        };
        let rps = match &p.traffic {
            Traffic::Open { rate, .. } => super::load::client_rate(s, rate).0,
            // Closed-loop users weigh as one unit each.
            Traffic::Closed { users, .. } => *users as f64,
        };
        let (r, w) = (rps * p.read_ratio, rps * (1.0 - p.read_ratio));
        read_rps += r;
        write_rps += w;
        if r > 0.0 {
            reads += r * g.ok(&steady, i, true, 0);
        }
        if w > 0.0 {
            writes += w * g.ok(&steady, i, false, 0);
        }
    }
    if read_rps + write_rps <= 0.0 {
        return None;
    }
    let failing = s.components.iter().filter(|c| c.failures.is_some()).count();
    Some(Availability::new(
        (read_rps > 0.0).then(|| reads / read_rps),
        (write_rps > 0.0).then(|| writes / write_rps),
        read_rps / (read_rps + write_rps),
        failing,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositions_match_their_closed_forms() {
        assert!((series(&[0.99, 0.98]) - 0.9702).abs() < 1e-12);
        assert!((parallel(&[0.9, 0.9]) - 0.99).abs() < 1e-12);
        assert!((downtime_per_month_min(0.999) - 43.2).abs() < 1e-9);
    }
}
