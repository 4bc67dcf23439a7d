//! The fault timeline: every fault names components, connections and zones that exist, at
//! times within the run.

use super::*;

impl Validator {
    pub(crate) fn faults(&mut self, sc: &Scenario) {
        // Instances restarted one by one by all the resizes: each is a step queued when the
        // run is built, so their total is bounded.
        let mut rolled: u64 = 0;
        for (index, entry) in sc.faults.iter().enumerate() {
            let s = Subject::Fault { index };
            let who = format!("Fault {} ({})", index + 1, fault_name(&entry.fault));
            self.range(&s, &who, "at_s", entry.at_s, 0.0, MAX_DURATION_S);
            let component = |v: &mut Validator, id: &str| {
                if sc.component(id).is_none() {
                    v.err(
                        &s,
                        "component",
                        format!("{who}: there is no component '{id}'"),
                    );
                }
            };
            let connection = |v: &mut Validator, from: &str, to: &str| {
                if !sc.connections.iter().any(|c| c.from == from && c.to == to) {
                    v.err(
                        &s,
                        "connection",
                        format!("{who}: there is no connection '{from}' → '{to}'"),
                    );
                }
            };
            let duration = |v: &mut Validator, d: Option<f64>| {
                if let Some(d) = d {
                    v.range(&s, &who, "duration_s", d, 0.0, MAX_DURATION_S);
                }
            };
            match &entry.fault {
                Fault::Crash {
                    component: id,
                    duration_s,
                    ..
                } => {
                    component(self, id);
                    duration(self, *duration_s);
                }
                Fault::Recover { component: id } => component(self, id),
                Fault::Slow {
                    component: id,
                    factor,
                    duration_s,
                } => {
                    component(self, id);
                    self.range(&s, &who, "factor", *factor, 0.01, 1000.0);
                    duration(self, *duration_s);
                }
                Fault::Partition {
                    from,
                    to,
                    duration_s,
                } => {
                    connection(self, from, to);
                    duration(self, *duration_s);
                }
                Fault::Heal { from, to } => connection(self, from, to),
                Fault::TrafficSpike {
                    client,
                    factor,
                    duration_s,
                } => {
                    if let Some(id) = client {
                        match sc.component(id) {
                            None => component(self, id),
                            Some(c) if !c.params.kind().is_source() => self.err(
                                &s,
                                "client",
                                format!(
                                    "{who}: '{id}' is a {}, not a client",
                                    c.params.kind().name()
                                ),
                            ),
                            Some(_) => {}
                        }
                    }
                    self.range(&s, &who, "factor", *factor, 0.0, 1000.0);
                    self.range(&s, &who, "duration_s", *duration_s, 0.0, MAX_DURATION_S);
                }
                Fault::Reshard {
                    component: id,
                    shards,
                } => match sc.component(id) {
                    None => component(self, id),
                    Some(c) if c.params.kind() != Kind::ShardRouter => self.err(
                        &s,
                        "component",
                        format!(
                            "{who}: '{id}' is a {}, not a shard router",
                            c.params.kind().name()
                        ),
                    ),
                    Some(_) => {
                        let connected = sc.connections.iter().filter(|c| c.from == *id).count();
                        self.count(&s, &who, "shards", *shards, 1, connected.max(1) as u32);
                    }
                },

                Fault::PartitionReplicas {
                    component: id,
                    duration_s,
                } => {
                    match sc.component(id).map(|c| &c.params) {
                        None => component(self, id),
                        Some(Params::Database(DatabaseParams {
                            replication: Some(_),
                            ..
                        })) => {}
                        Some(_) => self.err(
                            &s,
                            "component",
                            format!(
                                "{who}: '{id}' is not a database with replicas; turn on its replication first"
                            ),
                        ),
                    }
                    duration(self, *duration_s);
                }
                Fault::Resize {
                    component: id,
                    size,
                    restart_s,
                } => {
                    match sc.component(id) {
                        None => component(self, id),
                        Some(c) => {
                            if let Some(why) = crate::sizes::not_resizable(c) {
                                self.err(&s, "component", format!("{who}: '{id}' {why}"));
                            }
                            rolled += u64::from(crate::sizes::machines(c));
                            if rolled > MAX_ROLLED_INSTANCES {
                                self.err(
                                    &s,
                                    "component",
                                    format!(
                                        "{who}: the resizes restart more than {MAX_ROLLED_INSTANCES} instances in all; resize fewer or smaller services"
                                    ),
                                );
                            }
                        }
                    }
                    if size.is_custom() {
                        self.err(
                            &s,
                            "size",
                            format!("{who}: a resize needs a size: small, medium, large or xlarge"),
                        );
                    }
                    self.range(&s, &who, "restart_s", *restart_s, 0.0, MAX_DURATION_S);
                }
                Fault::ZoneOutage { zone, duration_s } => {
                    self.fault_zone(sc, &s, &who, zone);
                    duration(self, *duration_s);
                }
                Fault::ZoneRestore { zone } => self.fault_zone(sc, &s, &who, zone),
            }
        }
    }

    pub(crate) fn fault_zone(&mut self, sc: &Scenario, s: &Subject, who: &str, zone: &str) {
        if sc.network.zone(zone).is_none() {
            self.err(s, "zone", format!("{who}: there is no zone '{zone}'"));
        }
    }
}

/// The most instances all the resizes of a timeline may restart one by one.
pub const MAX_ROLLED_INSTANCES: u64 = 100_000;

/// A short name for a fault, for messages and lists.
pub fn fault_name(f: &Fault) -> String {
    match f {
        Fault::Crash { component, .. } => format!("crash '{component}'"),
        Fault::Recover { component } => format!("recover '{component}'"),
        Fault::Slow {
            component, factor, ..
        } => format!("slow '{component}' ×{factor}"),
        Fault::Partition { from, to, .. } => format!("partition '{from}' → '{to}'"),
        Fault::Heal { from, to } => format!("heal '{from}' → '{to}'"),
        Fault::TrafficSpike { client, factor, .. } => match client {
            Some(c) => format!("traffic ×{factor} from '{c}'"),
            None => format!("traffic ×{factor}"),
        },
        Fault::Reshard { component, shards } => {
            format!("reshard '{component}' to {shards} shards")
        }

        Fault::PartitionReplicas { component, .. } => {
            format!("partition the replicas of '{component}'")
        }
        Fault::Resize {
            component, size, ..
        } => format!("resize '{component}' to {}", size.name()),
        Fault::ZoneOutage { zone, .. } => format!("zone outage '{zone}'"),
        Fault::ZoneRestore { zone } => format!("zone restore '{zone}'"),
    }
}
