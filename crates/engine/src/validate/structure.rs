//! The scenario's structure: its version and size, unique component ids, connections that
//! join existing components without duplicates or loops, gateway routes and the zones.

use super::*;
use crate::graph::find_cycle;
use crate::kinds::Calls;

impl Validator {
    /// The routes on a gateway's connections: texts like paths, no two the same, at most
    /// one default (a connection without a route).
    pub(crate) fn routes(&mut self, sc: &Scenario) {
        for g in &sc.components {
            let outs: Vec<&Connection> = sc.connections.iter().filter(|c| c.from == g.id).collect();
            let is_gateway = g.params.kind().routes_by_path();
            for (i, conn) in outs.iter().enumerate() {
                let s = Subject::Connection {
                    from: conn.from.clone(),
                    to: conn.to.clone(),
                };
                let arrow = format!("Connection '{}' → '{}'", conn.from, conn.to);
                let Some(route) = &conn.route else {
                    continue;
                };
                if !is_gateway {
                    self.err(
                        &s,
                        "route",
                        format!(
                            "{arrow}: only an API gateway routes by path; remove the route '{route}' or start the connection at a gateway"
                        ),
                    );
                } else if let Some(message) = route_text_problem(route) {
                    self.err(&s, "route", format!("{arrow}: the route {message}"));
                } else if outs[..i].iter().any(|c| c.route.as_ref() == Some(route)) {
                    self.err(
                        &s,
                        "route",
                        format!(
                            "{arrow}: {} already routes '{route}' over another connection",
                            name(g)
                        ),
                    );
                }
            }
            let defaults = outs.iter().filter(|c| c.route.is_none()).count();
            if is_gateway && defaults > 1 {
                self.err(
                    &Subject::Component { id: g.id.clone() },
                    "connections",
                    format!(
                        "{} has {defaults} connections without a route; only one can be the default route, give the others a path prefix",
                        name(g)
                    ),
                );
            }
        }
    }

    pub(crate) fn scenario(&mut self, sc: &Scenario) {
        let whole = Subject::Scenario;
        if sc.version == 0 || sc.version > SCENARIO_VERSION {
            self.err(
                &whole,
                "version",
                format!(
                    "This scenario is format version {}, but this archsim reads versions 1 to {SCENARIO_VERSION}",
                    sc.version
                ),
            );
        }
        if sc.components.is_empty() {
            self.err(
                &whole,
                "components",
                "The diagram is empty: add a client and something for it to call".to_string(),
            );
        }
        if sc.components.len() > MAX_COMPONENTS {
            self.err(
                &whole,
                "components",
                format!(
                    "The diagram has {} components; archsim simulates at most {MAX_COMPONENTS}",
                    sc.components.len()
                ),
            );
        }

        let users: u64 = sc
            .components
            .iter()
            .map(|c| match &c.params {
                Params::Client(p) => u64::from(p.signed_in_users),
                _ => 0,
            })
            .sum();
        if users > u64::from(MAX_USERS) {
            self.err(
                &whole,
                "signed_in_users",
                format!(
                    "The clients have {users} signed-in users in all; archsim follows at most {MAX_USERS}"
                ),
            );
        }

        let zipf_keys: u64 = sc
            .components
            .iter()
            .map(|c| match &c.params {
                Params::Client(p) if matches!(p.keys, KeyDist::Zipf { .. }) => {
                    u64::from(p.keys.count())
                }
                _ => 0,
            })
            .sum();
        if zipf_keys > MAX_ZIPF_KEYS_IN_ALL {
            self.err(
                &whole,
                "keys",
                format!(
                    "The clients' skewed (Zipf) keys add up to {}; archsim precomputes at most {} in all: give some clients fewer keys, or uniform ones",
                    crate::input::group_thousands(zipf_keys),
                    crate::input::group_thousands(MAX_ZIPF_KEYS_IN_ALL)
                ),
            );
        }

        // Ids: present and unique.
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, c) in sc.components.iter().enumerate() {
            let s = Subject::Component { id: c.id.clone() };
            if c.id.trim().is_empty() {
                self.err(
                    &s,
                    "id",
                    format!("Component number {} has an empty id", i + 1),
                );
            } else if ids.insert(&c.id, i).is_some() {
                self.err(
                    &s,
                    "id",
                    format!("Two components have the id '{}'; ids must be unique", c.id),
                );
            }
            if !c.pos.x.is_finite() || !c.pos.y.is_finite() {
                self.err(
                    &s,
                    "pos",
                    format!("{}: its position on the canvas is not a number", name(c)),
                );
            }
            self.component(c);
        }
        self.network(sc);

        // Connections: endpoints exist, make sense, no duplicates.
        let mut seen: BTreeMap<(&str, &str), ()> = BTreeMap::new();
        let mut out_degree: BTreeMap<&str, usize> = BTreeMap::new();
        let mut in_degree: BTreeMap<&str, usize> = BTreeMap::new();
        for conn in &sc.connections {
            let s = Subject::Connection {
                from: conn.from.clone(),
                to: conn.to.clone(),
            };
            let arrow = format!("Connection '{}' → '{}'", conn.from, conn.to);
            let from = sc.component(&conn.from);
            let to = sc.component(&conn.to);
            if from.is_none() {
                self.err(
                    &s,
                    "from",
                    format!("{arrow}: there is no component '{}'", conn.from),
                );
            }
            if to.is_none() {
                self.err(
                    &s,
                    "to",
                    format!("{arrow}: there is no component '{}'", conn.to),
                );
            }
            if conn.from == conn.to {
                self.err(&s, "to", format!("{arrow}: a component cannot call itself"));
            }
            if seen.insert((&conn.from, &conn.to), ()).is_some() {
                self.err(&s, "", format!("{arrow} appears twice; keep one"));
            }
            if let Some(t) = to
                && t.params.kind().is_source()
            {
                self.err(
                    &s,
                    "to",
                    format!(
                        "{arrow}: a client only sends requests; nothing can connect into {}",
                        name(t)
                    ),
                );
            }
            if let Some(f) = from
                && f.params.kind() == Kind::Database
            {
                self.err(
                    &s,
                    "from",
                    format!(
                        "{arrow}: {} answers queries itself and cannot call other components",
                        name(f)
                    ),
                );
            }
            self.dist(&s, &arrow, "latency", &conn.latency);
            if conn.weight > 1000 {
                self.err(
                    &s,
                    "weight",
                    format!("{arrow}: weight must be at most 1000, got {}", conn.weight),
                );
            }
            if let Some(b) = &conn.breaker {
                self.breaker(&s, &arrow, b);
            }
            if conn.optional
                && let Some(f) = from
                && !f.params.kind().optional_dependencies()
            {
                self.push(
                    Severity::Warning,
                    s.clone(),
                    "optional",
                    format!(
                        "{arrow}: only a service or a message queue's consumers carry on without an optional dependency; {} still fails when this call fails",
                        name(f)
                    ),
                );
            }
            *out_degree.entry(&conn.from).or_default() += 1;
            *in_degree.entry(&conn.to).or_default() += 1;
        }

        // Topology: who has to call what.
        for c in &sc.components {
            let s = Subject::Component { id: c.id.clone() };
            let outs = out_degree.get(c.id.as_str()).copied().unwrap_or(0);
            let ins = in_degree.get(c.id.as_str()).copied().unwrap_or(0);
            let who = name(c);
            match c.params.kind().calls() {
                Calls::AtLeastOne(what) if outs == 0 => {
                    self.err(&s, "connections", format!("{who} {what}"))
                }
                Calls::ExactlyOne(what) if outs != 1 => self.err(
                    &s,
                    "connections",
                    format!("{who} must {what}, but it connects to {outs}"),
                ),
                Calls::Nothing if outs > 0 => self.err(
                    &s,
                    "connections",
                    format!(
                        "{who} answers requests itself and calls nothing; remove its {outs} outgoing connection(s)"
                    ),
                ),
                _ => {}
            }
            c.params.check_connections(self, &s, &who, outs);
            if !c.params.kind().is_source() && ins == 0 {
                self.push(
                    Severity::Warning,
                    s.clone(),
                    "connections",
                    format!(
                        "{} receives no requests: nothing is connected into it",
                        name(c)
                    ),
                );
            }
        }
        if !sc.components.is_empty() && !sc.components.iter().any(|c| c.params.kind().is_source()) {
            self.err(
                &whole,
                "components",
                "There is no client, so no request is ever sent: add a Client and connect it"
                    .to_string(),
            );
        }
        if let Some(cycle) = find_cycle(sc) {
            self.err(
                &whole,
                "connections",
                format!(
                    "The connections form a loop ({}); requests would circle forever. Remove one of these connections",
                    cycle.join(" → ")
                ),
            );
        }

        self.routes(sc);
        self.faults(sc);
        self.run(&sc.run);
        self.slo(&sc.slo);
    }

    /// The zones (named, unique, each in a region), the crossing latencies, and that every
    /// component's zone is one of them.
    pub(crate) fn network(&mut self, sc: &Scenario) {
        let s = Subject::Scenario;
        let net = &sc.network;
        if net.zones.len() > MAX_ZONES {
            self.err(
                &s,
                "network.zones",
                format!(
                    "The scenario has {} zones; archsim allows at most {MAX_ZONES}",
                    net.zones.len()
                ),
            );
        }
        let mut names: BTreeMap<&str, ()> = BTreeMap::new();
        for (i, z) in net.zones.iter().enumerate() {
            let field = format!("network.zones[{i}]");
            if z.name.trim().is_empty() {
                self.err(
                    &s,
                    &format!("{field}.name"),
                    format!("Zone {}: its name is empty", i + 1),
                );
            } else if names.insert(&z.name, ()).is_some() {
                self.err(
                    &s,
                    &format!("{field}.name"),
                    format!(
                        "Two zones are called '{}'; zone names must be unique",
                        z.name
                    ),
                );
            }
            if z.region.trim().is_empty() {
                self.err(
                    &s,
                    &format!("{field}.region"),
                    format!(
                        "Zone '{}': its region is empty; say which region it is in",
                        z.name
                    ),
                );
            }
        }
        let who = "Network";
        self.dist(&s, who, "cross_zone_latency", &net.cross_zone_latency);
        self.dist(&s, who, "cross_region_latency", &net.cross_region_latency);
        for c in &sc.components {
            let Some(zone) = &c.zone else { continue };
            if net.zone(zone).is_none() {
                let known: Vec<&str> = net.zones.iter().map(|z| z.name.as_str()).collect();
                let listed = if known.is_empty() {
                    "the scenario declares no zones".to_string()
                } else {
                    format!("the zones are {}", known.join(", "))
                };
                self.err(
                    &Subject::Component { id: c.id.clone() },
                    "zone",
                    format!("{}: zone '{zone}' does not exist ({listed})", name(c)),
                );
            }
        }
    }
}
