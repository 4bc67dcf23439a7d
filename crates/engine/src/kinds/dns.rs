//! The DNS: its parameters, what a user can set on it and what it does in the simulation (its
//! [`Runtime`](crate::sim::runtime::Runtime)).

use crate::dns::{ClientCache, Resolver, Target};
use crate::fields::{Field, Stored, at, dist, pick, real};
use crate::limits::{MAX_DURATION_S, MAX_MS};
use crate::scenario::Dist;
use crate::sim::runtime::*;
use crate::validate::kinds::Check;
use serde::{Deserialize, Serialize};

/// A DNS name: it sits between clients and the entry points it resolves to (its outgoing
/// connections). A client asks it only when its cached answer has expired, and then keeps
/// going to the answered target for `ttl_s`, even if that target has died meanwhile.
///
/// A connection into a DNS takes no time (the lookup costs `resolution`, and only on a
/// miss); the latency of a DNS → target connection stands for the network path from the
/// client to the target, zone and region crossings counted from the client's zone.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct DnsParams {
    pub policy: DnsPolicy,
    /// How long a client keeps an answer, in seconds (0: it asks every time).
    pub ttl_s: f64,
    /// Time to resolve the name when the client's answer has expired.
    pub resolution: Dist,
}

impl Default for DnsParams {
    fn default() -> Self {
        DnsParams {
            policy: DnsPolicy::RoundRobin,
            ttl_s: 30.0,
            resolution: Dist::Exponential { mean_ms: 20.0 },
        }
    }
}

/// How a DNS picks the target of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum DnsPolicy {
    /// Each answer names the next target in turn; health is not checked.
    RoundRobin,
    /// Each answer names a target at random, in proportion to its connection's weight;
    /// health is not checked.
    Weighted,
    /// The first healthy target in connection order (the primary, then the next). The DNS
    /// checks its targets every `check_interval_ms`; one seen down for `detection_ms` is
    /// left out of answers until a check sees it up again.
    Failover {
        check_interval_ms: f64,
        detection_ms: f64,
    },
    /// A healthy target in the client's region (the nearest if several), else the healthy
    /// target with the lowest latency from the client; health checked as for failover.
    Geo {
        check_interval_ms: f64,
        detection_ms: f64,
    },
}

impl DnsPolicy {
    /// The health checks of a health-aware policy: (interval, detection delay) in ms.
    pub fn health_check_ms(&self) -> Option<(f64, f64)> {
        match *self {
            DnsPolicy::RoundRobin | DnsPolicy::Weighted => None,
            DnsPolicy::Failover {
                check_interval_ms,
                detection_ms,
            }
            | DnsPolicy::Geo {
                check_interval_ms,
                detection_ms,
            } => Some((check_interval_ms, detection_ms)),
        }
    }
}

/// A policy by the name its JSON uses; switching keeps the health checks (or starts with a
/// check every second and 3 s to detect a dead target).
impl Stored<&'static str> for DnsPolicy {
    fn load(&self) -> &'static str {
        match self {
            DnsPolicy::RoundRobin => "round_robin",
            DnsPolicy::Weighted => "weighted",
            DnsPolicy::Failover { .. } => "failover",
            DnsPolicy::Geo { .. } => "geo",
        }
    }
    fn store(&mut self, name: &'static str) {
        let (check_interval_ms, detection_ms) = self.health_check_ms().unwrap_or((1000.0, 3000.0));
        *self = match name {
            "weighted" => DnsPolicy::Weighted,
            "failover" => DnsPolicy::Failover {
                check_interval_ms,
                detection_ms,
            },
            "geo" => DnsPolicy::Geo {
                check_interval_ms,
                detection_ms,
            },
            _ => DnsPolicy::RoundRobin,
        };
    }
}

pub const FIELDS: &[Field] = &[
    Field::new(
        "policy",
        "Policy",
        pick(
            &[
                ("round_robin", "Round robin"),
                ("weighted", "Weighted"),
                ("failover", "Failover"),
                ("geo", "Geo / nearest"),
            ],
            at!(Dns, p => p.policy),
        ),
        "Round robin and weighted answer without looking at health; failover answers the \
         first healthy target; geo the healthy one in the client's region, else the nearest.",
    ),
    Field::new(
        "ttl_s",
        "TTL",
        real(0.0, MAX_DURATION_S, 1.0, at!(Dns, p => p.ttl_s)),
        "How long a client keeps an answer. Longer means fewer lookups, but slower failover: \
         a client keeps using a dead target until its answer expires.",
    )
    .unit("s"),
    Field::new(
        "resolution",
        "Lookup time",
        dist(at!(Dns, p => p.resolution)),
        "Time a lookup takes. Only requests whose client's answer has expired pay it.",
    ),
    Field::new(
        "check_interval_ms",
        "Check every",
        real(
            10.0,
            MAX_MS,
            100.0,
            at!(Dns, p => p.policy,
            DnsPolicy::Failover { check_interval_ms, .. }
            | DnsPolicy::Geo { check_interval_ms, .. } => check_interval_ms),
        ),
        "Time between the DNS's health checks of its targets.",
    )
    .unit("ms"),
    Field::new(
        "detection_ms",
        "Detection",
        real(
            0.0,
            MAX_MS,
            10.0,
            at!(Dns, p => p.policy,
            DnsPolicy::Failover { detection_ms, .. }
            | DnsPolicy::Geo { detection_ms, .. } => detection_ms),
        ),
        "How long a target must be seen down before the DNS leaves it out of its answers.",
    )
    .unit("ms"),
];

// ----- In validation -----

/// Its fields' descriptions say all there is to check.
impl Check for DnsParams {}

// ----- In the simulation -----

#[derive(Clone, Debug)]
pub(crate) struct DnsRt {
    pub(crate) resolver: Resolver,
    /// The answers clients hold, by client component index.
    pub(crate) cache: ClientCache,
    pub(crate) resolution: DistNs,
}

impl Runtime for DnsParams {
    type State = Box<DnsRt>;
    const UTILIZED: bool = false;
    const NAME_SERVICE: bool = true;

    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>) {
        let rt = DnsRt {
            resolver: Resolver::new(self.policy, b.outs),
            cache: ClientCache::new(time::from_s(self.ttl_s)),
            resolution: DistNs::new(&self.resolution),
        };
        (Box::new(rt), Station::new(u32::MAX, 0))
    }

    /// The first health check of its targets.
    fn start(sim: &mut Simulation, comp: u32) {
        if let Behavior::Dns(dns) = &sim.comps[comp as usize].behavior
            && let Some(h) = &dns.resolver.health
        {
            sim.events.push(h.interval, Ev::DnsCheck { dns: comp });
        }
    }

    fn arrive(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.resolve(idx, comp);
    }

    /// The client's cache answers without the DNS, even while the DNS is down.
    fn arrive_down(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.resolve(idx, comp);
    }

    /// The lookup is done: on to the answered target.
    fn work_done(sim: &mut Simulation, idx: u32, call: Call) {
        sim.end_hold(idx, call.comp);
        sim.call_child(idx, call.step);
    }

    fn replied(sim: &mut Simulation, idx: u32, _call: Call, outcome: Outcome, _via: u32) {
        sim.finish(idx, outcome);
    }

    fn unlimited(_state: &Self::State) -> bool {
        true
    }

    fn util_in_calls(_state: &Self::State) -> bool {
        true
    }
}

impl Simulation {
    /// A request reaches a DNS: the client's cached answer sends it on at once; else the
    /// DNS answers (if it is up) after its resolution latency, and the client caches that.
    pub(crate) fn resolve(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let r = &self.requests[call.req as usize];
        let client = (!call.job && r.live && r.generation == call.req_generation)
            .then_some(r.client as usize);
        let client_zone = self.client_zone(&call);
        let Behavior::Dns(dns) = &self.comps[comp as usize].behavior else {
            return;
        };
        if let Some(target) = client.and_then(|k| dns.cache.get(k, now)) {
            self.count(comp, |a| a.hits += 1);
            let conn = self.comps[comp as usize].outs[target as usize];
            self.call_child(idx, conn);
            return;
        }
        self.count(comp, |a| a.misses += 1);
        let c = &self.comps[comp as usize];
        if !c.up {
            match c.crash_mode {
                CrashMode::FailFast => self.finish(idx, Outcome::Fail(FailReason::ComponentDown)),
                CrashMode::Blackhole => self.vanish(idx),
            }
            return;
        }
        let (net, conns, comps) = (&self.net, &self.conns, &self.comps);
        let targets: Vec<Target> = comps[comp as usize]
            .outs
            .iter()
            .map(|&o| {
                let conn = &conns[o as usize];
                let to_zone = comps[conn.to as usize].zone;
                Target {
                    weight: conn.weight,
                    same_region: net.same_region(client_zone, to_zone),
                    latency_ns: conn.mean_ns + net.mean_ns(net.crossing(client_zone, to_zone)),
                }
            })
            .collect();
        let c = &mut self.comps[comp as usize];
        let Behavior::Dns(dns) = &mut c.behavior else {
            return;
        };
        let target = dns.resolver.answer(&targets, &mut self.rng);
        if let Some(k) = client {
            dns.cache.put(k, target as u32, now);
        }
        let t = Delay::draw(&dns.resolution, &mut self.rng, c.slow);
        self.calls[idx as usize].step = c.outs[target];
        self.hold(idx, comp, t);
    }

    pub(crate) fn dns_check(&mut self, dns: u32) {
        let now = self.now;
        let probe = self.probe_targets(dns);
        let Behavior::Dns(rt) = &mut self.comps[dns as usize].behavior else {
            return;
        };
        let Some(health) = &mut rt.resolver.health else {
            return;
        };
        for (i, up) in probe.into_iter().enumerate() {
            health.observe(i, up, now);
        }
        let at = now.saturating_add(health.interval);
        if at <= self.end {
            self.events.push(at, Ev::DnsCheck { dns });
        }
    }
}
