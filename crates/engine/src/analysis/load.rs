//! The offered load of every component, from the clients' rates through the graph: load
//! balancers and DNS split it, gateways route it by path, shard routers by key, services
//! call each dependency once per request, caches and CDNs pass their misses on.

use super::hit_ratio::{KeyGroup, hit_ratio, hit_ratio_of, key_probabilities};
use super::queueing::{departure_scv, split_scv};
use crate::gateway;
use crate::kinds::params::*;
use crate::scenario::{Component, Params, Scenario};
use crate::sharding::ShardMap;
use std::collections::BTreeMap;

/// Requests of one client for one path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Class {
    pub client: usize,
    pub path: Option<String>,
    pub is_static: bool,
    pub read_rps: f64,
    pub write_rps: f64,
}

/// What reaches a component or crosses a connection.
#[derive(Clone, Debug, Default)]
pub(crate) struct Flow {
    pub classes: Vec<Class>,
    /// Σ rate × SCV of the inter-arrival times, to average when flows merge.
    ca2_rate: f64,
    /// The key popularity of the requests, when all come from clients with the same one
    /// and nothing (a shard router) has picked a subset of the keys.
    pub keys: Option<KeyDist>,
    /// Part of the flow cannot be predicted (a closed-loop client, a loop in the graph).
    pub unknown: bool,
    /// Its rate rests on an approximation somewhere upstream (a hit ratio, an even split
    /// by key, a rate that changes over time, ...), not on exact routing shares.
    pub approx: bool,
}

impl Flow {
    pub fn rps(&self) -> f64 {
        self.reads() + self.writes()
    }
    pub fn reads(&self) -> f64 {
        self.classes.iter().map(|c| c.read_rps).sum()
    }
    pub fn writes(&self) -> f64 {
        self.classes.iter().map(|c| c.write_rps).sum()
    }
    /// The SCV of the inter-arrival times (1 for Poisson).
    pub fn ca2(&self) -> f64 {
        let r = self.rps();
        if r > 0.0 { self.ca2_rate / r } else { 1.0 }
    }

    /// The share `read` of the reads and `write` of the writes of each class, as a random
    /// split.
    fn part(&self, read: f64, write: f64) -> Flow {
        let classes: Vec<Class> = self
            .classes
            .iter()
            .map(|c| Class {
                read_rps: c.read_rps * read,
                write_rps: c.write_rps * write,
                ..c.clone()
            })
            .collect();
        let mut f = Flow {
            classes,
            ca2_rate: 0.0,
            keys: self.keys,
            unknown: self.unknown,
            approx: self.approx,
        };
        let total = self.rps();
        let p = if total > 0.0 { f.rps() / total } else { 0.0 };
        f.ca2_rate = f.rps() * split_scv(p, self.ca2());
        f
    }

    fn share(&self, p: f64) -> Flow {
        self.part(p, p)
    }

    /// Only the classes `keep` selects.
    fn only(&self, keep: impl Fn(&Class) -> bool) -> Flow {
        let all = self.rps();
        let classes: Vec<Class> = self.classes.iter().filter(|c| keep(c)).cloned().collect();
        let mut f = Flow {
            classes,
            ca2_rate: 0.0,
            keys: self.keys,
            unknown: self.unknown,
            approx: self.approx,
        };
        let p = if all > 0.0 { f.rps() / all } else { 0.0 };
        f.ca2_rate = f.rps() * split_scv(p, self.ca2());
        f
    }

    fn merge(&mut self, other: &Flow) {
        for c in &other.classes {
            match self
                .classes
                .iter_mut()
                .find(|m| m.client == c.client && m.path == c.path)
            {
                Some(m) => {
                    m.read_rps += c.read_rps;
                    m.write_rps += c.write_rps;
                }
                None => self.classes.push(c.clone()),
            }
        }
        self.keys = match (self.keys, other.keys) {
            (Some(a), Some(b)) if a == b => Some(a),
            _ => None,
        };
        self.ca2_rate += other.ca2_rate;
        self.unknown |= other.unknown;
        self.approx |= other.approx;
    }
}

/// The loads of a whole scenario.
pub(crate) struct Loads {
    /// Components in an order where every caller comes before what it calls; components
    /// on a loop are left out.
    pub order: Vec<usize>,
    /// What reaches each component (`None`: nothing does, or it is on a loop).
    pub inflow: Vec<Option<Flow>>,
    /// What crosses each connection.
    pub edge: Vec<Option<Flow>>,
    /// The outgoing connections of each component, in the order of the connections.
    pub outs: Vec<Vec<usize>>,
    /// Caches and CDNs: the predicted read hit ratio.
    pub hit_ratio: Vec<Option<f64>>,
    /// What could not be predicted exactly, per component.
    pub notes: Vec<Vec<String>>,
    /// Keys the analysis may still weigh one by one (see [`KEY_BUDGET`]).
    pub key_budget: u64,
}

/// The most keys the analysis weighs one by one over the whole design (for hit ratios and
/// shard placement): about a fifth of a second of work in the browser. A design of many
/// caches with a million keys each gets its first predictions and a note for the rest,
/// rather than minutes of work.
pub(crate) const KEY_BUDGET: u64 = 4_000_000;

/// Takes `keys` from `budget`, or says why a prediction is left out and returns false.
/// Uniform keys `alone` (one client's) have a closed form and cost nothing.
fn spend(budget: &mut u64, keys: &KeyDist, alone: bool, notes: &mut Vec<String>) -> bool {
    let n = match keys {
        KeyDist::Uniform { .. } if alone => 0,
        _ => u64::from(keys.count()),
    };
    if n > *budget {
        notes.push(format!(
            "not predicted: the design's caches and shard routers have more than {} million keys in all to weigh",
            KEY_BUDGET / 1_000_000
        ));
        return false;
    }
    *budget -= n;
    true
}

/// The connections out of each component (the order the simulation calls them in).
pub(crate) fn outgoing(s: &Scenario) -> Vec<Vec<usize>> {
    let index = |id: &str| s.components.iter().position(|c| c.id == id);
    let mut outs = vec![Vec::new(); s.components.len()];
    for (k, conn) in s.connections.iter().enumerate() {
        if let (Some(f), Some(t)) = (index(&conn.from), index(&conn.to))
            && f != t
        {
            outs[f].push(k);
        }
    }
    outs
}

/// The target component of connection `k`.
pub(crate) fn target(s: &Scenario, k: usize) -> usize {
    s.components
        .iter()
        .position(|c| c.id == s.connections[k].to)
        .unwrap_or(0)
}

/// Callers before callees (Kahn's algorithm, ties in component order).
fn topological(s: &Scenario, outs: &[Vec<usize>]) -> Vec<usize> {
    let n = s.components.len();
    let mut indegree = vec![0usize; n];
    for ks in outs {
        for &k in ks {
            indegree[target(s, k)] += 1;
        }
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &k in &outs[i] {
            let t = target(s, k);
            indegree[t] -= 1;
            if indegree[t] == 0 {
                ready.insert(t);
            }
        }
    }
    order
}

/// A client's mean rate over the measured part of the run, and whether it changes.
pub(crate) fn client_rate(s: &Scenario, rate: &RateProfile) -> (f64, bool) {
    let rates = rate.rates();
    let varies = rates.iter().any(|&r| (r - rates[0]).abs() > 1e-9);
    if !varies {
        return (rates[0], false);
    }
    let (from, to) = (s.run.warmup_s, s.run.duration_s.max(s.run.warmup_s + 1e-9));
    let steps = 4000;
    let dt = (to - from) / steps as f64;
    let mean = (0..steps)
        .map(|i| rate.rps_at(from + (i as f64 + 0.5) * dt))
        .sum::<f64>()
        / steps as f64;
    (mean, true)
}

/// The offered load of every component of `s`.
pub(crate) fn offered_loads(s: &Scenario) -> Loads {
    let n = s.components.len();
    let outs = outgoing(s);
    let order = topological(s, &outs);
    let mut loads = Loads {
        inflow: vec![None; n],
        edge: vec![None; s.connections.len()],
        hit_ratio: vec![None; n],
        notes: vec![Vec::new(); n],
        order: order.clone(),
        outs,
        key_budget: KEY_BUDGET,
    };
    for i in 0..n {
        if !order.contains(&i) {
            loads.notes[i].push("on a loop of connections: its load cannot be followed".into());
        }
    }
    for &i in &order {
        let comp = &s.components[i];
        let inflow = match &comp.params {
            Params::Client(p) => Some(client_flow(s, i, p, &mut loads.notes[i])),
            _ => loads.inflow[i].clone(),
        };
        let Some(inflow) = inflow else { continue };
        let sent = route(s, i, comp, &inflow, &mut loads);
        for (k, flow) in sent {
            let t = target(s, k);
            match &mut loads.inflow[t] {
                Some(f) => f.merge(&flow),
                slot @ None => *slot = Some(flow.clone()),
            }
            match &mut loads.edge[k] {
                Some(f) => f.merge(&flow),
                slot @ None => *slot = Some(flow),
            }
        }
        if !matches!(comp.params, Params::Client(_)) {
            loads.inflow[i] = Some(inflow);
        }
    }
    loads
}

fn client_flow(s: &Scenario, i: usize, p: &ClientParams, notes: &mut Vec<String>) -> Flow {
    let mut approx = p.retry.max_retries > 0;
    let (rps, ca2, unknown) = match &p.traffic {
        Traffic::Open { process, rate } => {
            let (rps, varies) = client_rate(s, rate);
            if varies {
                approx = true;
                let peak = rate.rates().into_iter().fold(0.0, f64::max);
                notes.push(format!(
                    "its rate changes over the run (up to {peak:.0} req/s): λ is the mean over the measured time"
                ));
            }
            let ca2 = match process {
                ArrivalProcess::Poisson => 1.0,
                ArrivalProcess::Uniform => 0.0,
            };
            (rps, ca2, false)
        }
        Traffic::Closed { users, .. } => {
            notes.push(format!(
                "closed loop ({users} users): its rate depends on the response time, so nothing downstream of it is predicted"
            ));
            (0.0, 1.0, true)
        }
    };
    if p.retry.max_retries > 0 {
        notes.push(format!(
            "retries up to {} times: λ counts first attempts only, failures add more",
            p.retry.max_retries
        ));
    }
    let read = p.read_ratio.clamp(0.0, 1.0);
    let classes = if p.paths.is_empty() {
        vec![Class {
            client: i,
            path: None,
            is_static: true,
            read_rps: rps * read,
            write_rps: rps * (1.0 - read),
        }]
    } else {
        let total: f64 = p.paths.iter().map(|q| q.weight.max(0.0)).sum();
        p.paths
            .iter()
            .map(|q| {
                let share = if total > 0.0 {
                    q.weight.max(0.0) / total
                } else {
                    1.0 / p.paths.len() as f64
                };
                Class {
                    client: i,
                    path: Some(q.path.clone()),
                    is_static: q.is_static,
                    read_rps: rps * share * read,
                    write_rps: rps * share * (1.0 - read),
                }
            })
            .collect()
    };
    Flow {
        classes,
        ca2_rate: rps * ca2,
        keys: Some(p.keys),
        unknown,
        approx,
    }
}

/// Shares by connection weight.
fn by_weight(s: &Scenario, outs: &[usize]) -> Vec<f64> {
    let total: f64 = outs.iter().map(|&k| s.connections[k].weight as f64).sum();
    outs.iter()
        .map(|&k| {
            if total > 0.0 {
                s.connections[k].weight as f64 / total
            } else {
                1.0 / outs.len() as f64
            }
        })
        .collect()
}

fn equal(outs: &[usize]) -> Vec<f64> {
    vec![1.0 / outs.len().max(1) as f64; outs.len()]
}

/// The share of reads in a flow (1 for an empty one).
fn read_share(flow: &Flow) -> f64 {
    let rps = flow.rps();
    if rps > 0.0 { flow.reads() / rps } else { 1.0 }
}

/// What component `i` sends over each of its connections.
fn route(
    s: &Scenario,
    i: usize,
    comp: &Component,
    inflow: &Flow,
    loads: &mut Loads,
) -> Vec<(usize, Flow)> {
    let before = loads.notes[i].len();
    let mut sent = split_flow(s, i, comp, inflow, loads);
    // A pool's calls downstream leave when its own work is done: their spacing is that of
    // its departures, not of its arrivals.
    if let super::Station::Pool {
        servers, service, ..
    } = super::station(comp, read_share(inflow))
    {
        let rho = (inflow.rps() * service.mean_ms / 1000.0 / servers.max(1) as f64).min(1.0);
        let cd2 = departure_scv(rho, servers, inflow.ca2(), service.scv);
        for (_, f) in &mut sent {
            let p = f.rps() / inflow.rps().max(1e-300);
            f.ca2_rate = f.rps() * split_scv(p.min(1.0), cd2);
        }
    }
    // Anything said about how it splits is an approximation the callees inherit.
    if loads.notes[i].len() > before {
        for (_, f) in &mut sent {
            f.approx = true;
        }
    }
    sent
}

fn split_flow(
    s: &Scenario,
    i: usize,
    comp: &Component,
    inflow: &Flow,
    loads: &mut Loads,
) -> Vec<(usize, Flow)> {
    let outs = loads.outs[i].clone();
    let notes = &mut loads.notes[i];
    let split = |shares: Vec<f64>| -> Vec<(usize, Flow)> {
        outs.iter()
            .zip(shares)
            .map(|(&k, p)| (k, inflow.share(p)))
            .collect()
    };
    let every = || -> Vec<(usize, Flow)> { outs.iter().map(|&k| (k, inflow.clone())).collect() };
    match &comp.params {
        Params::Client(_) => split(by_weight(s, &outs)),
        Params::LoadBalancer(p) => match p.strategy {
            LbStrategy::WeightedRoundRobin => split(by_weight(s, &outs)),
            LbStrategy::HashKey | LbStrategy::Sticky => {
                notes.push("splits by key or user: taken as even".into());
                split(equal(&outs))
            }
            LbStrategy::LeastConnections => {
                let share = read_share(inflow);
                let first = outs
                    .first()
                    .map(|&k| super::station(&s.components[target(s, k)], share));
                if outs
                    .iter()
                    .any(|&k| Some(super::station(&s.components[target(s, k)], share)) != first)
                {
                    notes.push(
                        "least connections over unlike backends: taken as even, the faster get more"
                            .into(),
                    );
                }
                split(equal(&outs))
            }
            _ => split(equal(&outs)),
        },
        Params::Dns(p) => match p.policy {
            DnsPolicy::RoundRobin | DnsPolicy::Weighted => {
                notes.push(
                    "clients keep an answer for its TTL: shares taken as the policy's".into(),
                );
                match p.policy {
                    DnsPolicy::Weighted => split(by_weight(s, &outs)),
                    _ => split(equal(&outs)),
                }
            }
            DnsPolicy::Failover { .. } => {
                let mut shares = vec![0.0; outs.len()];
                if let Some(first) = shares.first_mut() {
                    *first = 1.0;
                }
                split(shares)
            }
            DnsPolicy::Geo { .. } => geo(s, &outs, inflow, notes),
        },
        Params::RateLimiter(p) => {
            let limit = limit_rps(&p.algorithm);
            let rps = inflow.rps();
            if p.scope == LimitScope::PerClient {
                notes.push("limits each client: taken on the total".into());
            }
            let pass = admitted_share(s, inflow, limit);
            if pass < 1.0 {
                notes.push(format!(
                    "admits about {:.0} of {rps:.0} req/s (limit {limit:.0}); the rest get 429",
                    pass * rps
                ));
            }
            split(vec![pass; outs.len()])
        }
        Params::ApiGateway(p) => {
            let mut flow = inflow.clone();
            if let Some(limit) = p.rate_limit.as_ref().map(limit_rps) {
                let pass = admitted_share(s, &flow, limit);
                if pass < 1.0 {
                    notes.push(format!(
                        "its rate limit admits about {:.0} of {:.0} req/s",
                        pass * flow.rps(),
                        flow.rps()
                    ));
                    flow = flow.share(pass);
                }
            }
            let routes: Vec<Option<&str>> = outs
                .iter()
                .map(|&k| s.connections[k].route.as_deref())
                .collect();
            let routed: Vec<(usize, Flow)> = outs
                .iter()
                .enumerate()
                .map(|(j, &k)| {
                    let f = flow.only(|c| gateway::route(c.path.as_deref(), &routes) == Some(j));
                    (k, f)
                })
                .collect();
            let lost = flow.only(|c| gateway::route(c.path.as_deref(), &routes).is_none());
            if lost.rps() > 0.0 {
                notes.push(format!("{:.0} req/s match no route (404)", lost.rps()));
            }
            routed
        }
        Params::Service(p) => {
            if p.sessions == Sessions::Store {
                notes.push(
                    "reads signed-in users' sessions from its first dependency: not counted".into(),
                );
            }
            // A cache-aside cache that hits spares the store called after it.
            let mut sent = Vec::with_capacity(outs.len());
            let mut read_pass = 1.0;
            for &k in &outs {
                let t = target(s, k);
                let mut f = inflow.part(read_pass, 1.0);
                f.approx |= read_pass < 1.0;
                sent.push((k, f));
                read_pass = 1.0;
                if let Params::Cache(c) = &s.components[t].params
                    && c.reads == Reads::Aside
                {
                    let reads = inflow.reads();
                    let h = cache_hit(c, inflow, reads, &mut loads.notes[t], &mut loads.key_budget);
                    loads.hit_ratio[t] = h;
                    match h {
                        Some(h) => read_pass = 1.0 - h,
                        None => loads.notes[i].push(
                            "the hit ratio of its cache-aside cache is unknown: the store after it is taken as read every time"
                                .into(),
                        ),
                    }
                }
            }
            sent
        }
        Params::Queue(_) => every(),
        Params::Cache(c) => {
            if c.reads == Reads::Aside {
                return Vec::new();
            }
            let h = cache_hit(c, inflow, inflow.reads(), notes, &mut loads.key_budget);
            loads.hit_ratio[i] = h;
            let miss = match h {
                Some(h) => 1.0 - h,
                None => {
                    notes.push("hit ratio unknown: misses taken as every read".into());
                    1.0
                }
            };
            if c.writes == Writes::Back && inflow.writes() > 0.0 {
                notes.push(
                    "write-back: the store gets each written entry once per flush, taken as every write"
                        .into(),
                );
            }
            outs.iter()
                .take(1)
                .map(|&k| (k, inflow.part(miss, 1.0)))
                .collect()
        }
        Params::Cdn(p) => {
            // Static reads may hit the edge; everything else goes to the origin.
            // An object is a path and a key: each static path has keys of its own.
            let groups: Option<Vec<KeyGroup>> = inflow
                .classes
                .iter()
                .filter(|c| c.is_static && c.read_rps > 0.0)
                .map(|c| {
                    let keys = client_keys(s, c.client)?;
                    Some(KeyGroup {
                        keys,
                        reads_rps: c.read_rps,
                        invalidations_rps: 0.0,
                    })
                })
                .collect();
            let h = groups
                .filter(|g| {
                    let alone = g.len() == 1;
                    g.iter()
                        .all(|g| spend(&mut loads.key_budget, &g.keys, alone, notes))
                })
                .and_then(|g| hit_ratio_of(&g, p.capacity, p.ttl_ms / 1000.0, Eviction::Lru));
            if h.is_some() {
                notes.push("hit ratio by Che's approximation (LRU with a TTL)".into());
            }
            loads.hit_ratio[i] = h;
            let miss = h.map_or_else(
                || {
                    notes.push("hit ratio unknown: every request taken to the origin".into());
                    1.0
                },
                |h| 1.0 - h,
            );
            let origin = Flow {
                classes: inflow
                    .classes
                    .iter()
                    .map(|c| Class {
                        read_rps: if c.is_static {
                            c.read_rps * miss
                        } else {
                            c.read_rps
                        },
                        ..c.clone()
                    })
                    .collect(),
                ..inflow.clone()
            };
            let p = if inflow.rps() > 0.0 {
                origin.rps() / inflow.rps()
            } else {
                1.0
            };
            let origin = Flow {
                ca2_rate: origin.rps() * split_scv(p, inflow.ca2()),
                ..origin
            };
            outs.iter().take(1).map(|&k| (k, origin.clone())).collect()
        }
        Params::ShardRouter(p) => shards(p, &outs, inflow, notes, &mut loads.key_budget),
        Params::Database(_) | Params::BlobStorage(_) | Params::ExternalApi(_) => Vec::new(),
    }
}

/// The key popularity of a client's requests.
fn client_keys(s: &Scenario, client: usize) -> Option<KeyDist> {
    match &s.components[client].params {
        Params::Client(p) => Some(p.keys),
        _ => None,
    }
}

/// The share of `flow` a limit of `limit` req/s lets through over the measured time: the
/// mean of min(λ(t), limit) over the mean of λ(t), each client's share of the flow
/// following its rate profile. Bursts the bucket absorbs are left out.
fn admitted_share(s: &Scenario, flow: &Flow, limit: f64) -> f64 {
    let mean = flow.rps();
    if mean <= 0.0 {
        return 1.0;
    }
    // The flow of each client (its classes added up), with its rate profile and mean rate
    // worked out once.
    let mut by_client: BTreeMap<usize, f64> = BTreeMap::new();
    for c in &flow.classes {
        *by_client.entry(c.client).or_default() += c.read_rps + c.write_rps;
    }
    let profiles: Vec<(f64, Option<(&RateProfile, f64)>)> = by_client
        .into_iter()
        .map(|(client, rps)| {
            let profile = match &s.components[client].params {
                Params::Client(ClientParams {
                    traffic: Traffic::Open { rate, .. },
                    ..
                }) => Some((rate, client_rate(s, rate).0)),
                _ => None,
            };
            (rps, profile)
        })
        .collect();
    let shape = |profile: Option<(&RateProfile, f64)>, t: f64| match profile {
        Some((rate, avg)) if avg > 0.0 => rate.rps_at(t) / avg,
        Some(_) => 0.0,
        None => 1.0,
    };
    let (from, to) = (s.run.warmup_s, s.run.duration_s.max(s.run.warmup_s + 1e-9));
    let steps = 2000;
    let dt = (to - from) / steps as f64;
    let admitted = (0..steps)
        .map(|j| {
            let t = from + (j as f64 + 0.5) * dt;
            let rate: f64 = profiles
                .iter()
                .map(|&(rps, profile)| rps * shape(profile, t))
                .sum();
            rate.min(limit)
        })
        .sum::<f64>()
        / steps as f64;
    (admitted / mean).min(1.0)
}

/// The rate a limit lets through in the long run.
fn limit_rps(limit: &RateLimit) -> f64 {
    match *limit {
        RateLimit::TokenBucket { rate_rps, .. } | RateLimit::LeakyBucket { rate_rps, .. } => {
            rate_rps
        }
        RateLimit::FixedWindow { limit, window_ms }
        | RateLimit::SlidingLog { limit, window_ms }
        | RateLimit::SlidingCounter { limit, window_ms } => limit as f64 * 1000.0 / window_ms,
    }
}

/// The predicted read hit ratio of a cache.
fn cache_hit(
    c: &CacheParams,
    inflow: &Flow,
    reads: f64,
    notes: &mut Vec<String>,
    budget: &mut u64,
) -> Option<f64> {
    match c.mode {
        CacheMode::FixedHitRatio { hit_ratio } => Some(hit_ratio),
        CacheMode::Lru { capacity, ttl_ms } => {
            let keys = inflow.keys.as_ref()?;
            if !spend(budget, keys, true, notes) {
                return None;
            }
            // Writes around the cache (and every write to a cache-aside one) drop the copy.
            let invalidations = match (c.reads, c.writes) {
                (Reads::Aside, _) | (_, Writes::Around) => inflow.writes(),
                _ => 0.0,
            };
            let h = hit_ratio(
                keys,
                reads,
                invalidations,
                capacity,
                ttl_ms / 1000.0,
                c.eviction,
            )?;
            let (policy, method) = match c.eviction {
                Eviction::Lru => ("LRU", "Che's approximation"),
                Eviction::Lfu => ("LFU", "the most popular keys held"),
                Eviction::Fifo => ("FIFO", "Martina et al.'s approximation"),
                Eviction::Random => ("random", "Martina et al.'s approximation"),
            };
            notes.push(format!(
                "hit ratio {:.1} % by {method} ({policy} eviction, with TTL and invalidations)",
                h * 100.0
            ));
            Some(h)
        }
    }
}

/// A geo DNS sends each client to a target in its region (the first such), else to its
/// first target.
fn geo(s: &Scenario, outs: &[usize], inflow: &Flow, notes: &mut Vec<String>) -> Vec<(usize, Flow)> {
    let region = |comp: &Component| {
        comp.zone
            .as_ref()
            .and_then(|z| s.network.zone(z))
            .map(|z| z.region.clone())
    };
    let target_regions: Vec<Option<String>> = outs
        .iter()
        .map(|&k| region(&s.components[target(s, k)]))
        .collect();
    let pick = |client: usize| {
        let r = region(&s.components[client]);
        target_regions
            .iter()
            .position(|t| r.is_some() && *t == r)
            .unwrap_or(0)
    };
    if inflow
        .classes
        .iter()
        .any(|c| region(&s.components[c.client]).is_none())
    {
        notes.push("clients without a zone: taken to its first target".into());
    }
    outs.iter()
        .enumerate()
        .map(|(j, &k)| (k, inflow.only(|c| pick(c.client) == j)))
        .collect()
}

/// A shard router sends each key to the shard that owns it.
fn shards(
    p: &ShardRouterParams,
    outs: &[usize],
    inflow: &Flow,
    notes: &mut Vec<String>,
    budget: &mut u64,
) -> Vec<(usize, Flow)> {
    let live = p.live_shards(outs.len()) as usize;
    let mut shares = vec![0.0; outs.len()];
    let probabilities = match (&p.strategy, &inflow.keys) {
        (ShardStrategy::Directory { .. }, _) | (_, None) => None,
        (_, Some(keys)) => spend(budget, keys, false, notes)
            .then(|| key_probabilities(keys))
            .flatten(),
    };
    match (&p.strategy, probabilities) {
        (ShardStrategy::Directory { .. }, _) | (_, None) => {
            notes.push("key placement not predicted: shards taken as even".into());
            for share in shares.iter_mut().take(live) {
                *share = 1.0 / live.max(1) as f64;
            }
        }
        (strategy, Some(probs)) => {
            let mut map = ShardMap::new(strategy, live as u32, outs.len() as u32, p.key_space);
            for (key, pk) in probs.iter().enumerate() {
                let shard = map.owner(key as u32) as usize;
                if let Some(share) = shares.get_mut(shard) {
                    *share += pk;
                }
            }
        }
    }
    outs.iter()
        .zip(shares)
        .map(|(&k, share)| {
            let mut f = inflow.share(share);
            // Each shard sees a subset of the keys.
            f.keys = None;
            (k, f)
        })
        .collect()
}
