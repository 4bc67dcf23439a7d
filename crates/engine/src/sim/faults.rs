//! Faults: compiling the fault timeline into actions, and applying them — crashes,
//! slow-downs, partitions, spikes, zone outages, redundant nodes failing and recovering,
//! database failovers and random failures.

use super::*;

impl Simulation {
    // ----- replicated databases -----

    /// The primary of a replicated database crashes; the replicas carry on.
    fn crash_primary(&mut self, comp: u32, mode: CrashMode) {
        let now = self.now;
        let Some(r) = self.replicas(comp) else {
            return;
        };
        let Some(primary) = r.set.primary() else {
            return;
        };
        let promote = r.set.crash_primary(now);
        let (epoch, delay) = (r.set.epoch(), r.set.detection());
        self.comps[comp as usize].crash_mode = mode;
        let st = station_of(&mut self.comps[comp as usize], primary as u32);
        st.advance(now);
        st.busy = 0;
        st.queue.clear();
        let inside: Vec<u32> = (0..self.calls.len() as u32)
            .filter(|&i| {
                let call = &self.calls[i as usize];
                call.live && call.comp == comp && call.inside && call.node == primary as u32
            })
            .collect();
        for i in inside {
            self.calls[i as usize].holds_worker = false;
            if mode == CrashMode::Blackhole {
                self.vanish(i);
            } else {
                self.finish(i, Outcome::Fail(FailReason::ComponentDown));
            }
        }
        if promote {
            self.schedule_failover(comp, epoch, delay);
        }
    }

    fn schedule_failover(&mut self, comp: u32, epoch: u32, delay: SimTime) {
        let at = self.now.saturating_add(delay);
        if at <= self.end {
            self.events.push(at, Ev::Failover { comp, epoch });
        }
    }

    fn split_replicas(&mut self, comp: u32, heal: bool) {
        let now = self.now;
        let Some(r) = self.replicas(comp) else {
            return;
        };
        if heal {
            r.set.heal(now);
        } else if r.set.partition(now) {
            let (epoch, delay) = (r.set.epoch(), r.set.detection());
            self.schedule_failover(comp, epoch, delay);
        }
    }

    // ----- faults -----

    pub(crate) fn index_of(&self, id: &str) -> Option<u32> {
        self.ids.iter().position(|x| x == id).map(|i| i as u32)
    }

    fn conn_of(&self, from: &str, to: &str) -> Option<u32> {
        self.conn_ids
            .iter()
            .position(|(f, t)| f == from && t == to)
            .map(|i| i as u32)
    }

    /// Turns a fault into actions with delays (the end of a fault with a duration).
    pub(crate) fn compile_fault(&self, fault: &Fault) -> Result<Vec<(SimTime, Action)>, Problem> {
        let problem = |field: &str, message: String| Problem {
            severity: Severity::Error,
            subject: Subject::Scenario,
            field: field.to_string(),
            message,
        };
        let comp = |id: &str| {
            self.index_of(id)
                .ok_or_else(|| problem("component", format!("There is no component '{id}'")))
        };
        let conn = |from: &str, to: &str| {
            self.conn_of(from, to).ok_or_else(|| {
                problem(
                    "connection",
                    format!("There is no connection '{from}' → '{to}'"),
                )
            })
        };
        let dur = |d: Option<f64>| d.filter(|d| d.is_finite() && *d > 0.0).map(time::from_s);
        let zone = |name: &str| {
            let z = self
                .net
                .zone_names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| problem("zone", format!("There is no zone '{name}'")))?;
            Ok::<Vec<u32>, Problem>(
                (0..self.comps.len() as u32)
                    // Clients are users, not machines in the zone: they stay.
                    .filter(|&i| {
                        let c = &self.comps[i as usize];
                        c.zone == z as u32 && !c.kind.is_source()
                    })
                    .collect(),
            )
        };
        let mut out = Vec::new();
        match fault {
            Fault::Crash {
                component,
                duration_s,
                mode,
            } => {
                let c = comp(component)?;
                out.push((
                    0,
                    Action::Crash {
                        comp: c,
                        mode: *mode,
                    },
                ));
                if let Some(d) = dur(*duration_s) {
                    out.push((d, Action::Recover { comp: c }));
                }
            }
            Fault::Recover { component } => out.push((
                0,
                Action::Recover {
                    comp: comp(component)?,
                },
            )),
            Fault::Slow {
                component,
                factor,
                duration_s,
            } => {
                let c = comp(component)?;
                if !(factor.is_finite() && *factor > 0.0) {
                    return Err(problem(
                        "factor",
                        format!("A slow-down factor must be a positive number, got {factor}"),
                    ));
                }
                out.push((
                    0,
                    Action::Slow {
                        comp: c,
                        factor: *factor,
                    },
                ));
                if let Some(d) = dur(*duration_s) {
                    out.push((
                        d,
                        Action::Slow {
                            comp: c,
                            factor: 1.0,
                        },
                    ));
                }
            }
            Fault::Partition {
                from,
                to,
                duration_s,
            } => {
                let k = conn(from, to)?;
                out.push((0, Action::Partition { conn: k }));
                if let Some(d) = dur(*duration_s) {
                    out.push((d, Action::Heal { conn: k }));
                }
            }
            Fault::Heal { from, to } => out.push((
                0,
                Action::Heal {
                    conn: conn(from, to)?,
                },
            )),
            Fault::TrafficSpike {
                client,
                factor,
                duration_s,
            } => {
                let c = match client {
                    Some(id) => comp(id)?,
                    None => NONE,
                };
                if !(factor.is_finite() && *factor > 0.0) {
                    return Err(problem(
                        "factor",
                        format!("A traffic spike factor must be a positive number, got {factor}"),
                    ));
                }
                out.push((
                    0,
                    Action::Spike {
                        client: c,
                        factor: *factor,
                        end: false,
                    },
                ));
                if let Some(d) = dur(Some(*duration_s)) {
                    out.push((
                        d,
                        Action::Spike {
                            client: c,
                            factor: *factor,
                            end: true,
                        },
                    ));
                }
            }
            Fault::Resize {
                component,
                size,
                restart_s,
            } => {
                let c = comp(component)?;
                if size.is_custom() || !(restart_s.is_finite() && *restart_s >= 0.0) {
                    return Err(problem(
                        "size",
                        format!(
                            "A resize needs a named size and a restart time, got {size:?} and {restart_s} s"
                        ),
                    ));
                }
                let restart = time::from_s(*restart_s);
                let (comp_ref, size) = (c, *size);
                match self.comps[c as usize].fixed_instances {
                    // One machine: down while it restarts on the new size.
                    0 | 1 => {
                        out.push((
                            0,
                            Action::Crash {
                                comp: comp_ref,
                                mode: CrashMode::FailFast,
                            },
                        ));
                        out.push((
                            0,
                            Action::Resize {
                                comp: comp_ref,
                                size,
                            },
                        ));
                        out.push((restart, Action::Recover { comp: comp_ref }));
                    }
                    // A rolling restart: one instance at a time, drained first.
                    n => {
                        for done in 0..n {
                            out.push((
                                restart.saturating_mul(done as u64),
                                Action::Roll {
                                    comp: comp_ref,
                                    size,
                                    done,
                                },
                            ));
                        }
                        out.push((
                            restart.saturating_mul(n as u64),
                            Action::Resize {
                                comp: comp_ref,
                                size,
                            },
                        ));
                    }
                }
            }
            Fault::Reshard { component, shards } => {
                let c = comp(component)?;
                let connected = self.comps[c as usize].outs.len() as u32;
                if !matches!(self.comps[c as usize].behavior, Behavior::ShardRouter(_)) {
                    return Err(problem(
                        "component",
                        format!("Only a shard router can be resharded; '{component}' is not one"),
                    ));
                }
                if *shards < 1 || *shards > connected {
                    return Err(problem(
                        "shards",
                        format!(
                            "A reshard of '{component}' needs 1 to {connected} shards (its connections), got {shards}"
                        ),
                    ));
                }
                out.push((
                    0,
                    Action::Reshard {
                        comp: c,
                        shards: *shards,
                    },
                ));
            }
            Fault::PartitionReplicas {
                component,
                duration_s,
            } => {
                let c = comp(component)?;
                if !matches!(
                    self.comps[c as usize].behavior,
                    Behavior::Database(DbRt { repl: Some(_), .. })
                ) {
                    return Err(problem(
                        "component",
                        format!("'{component}' is not a database with replicas"),
                    ));
                }
                out.push((
                    0,
                    Action::SplitReplicas {
                        comp: c,
                        heal: false,
                    },
                ));
                if let Some(d) = dur(*duration_s) {
                    out.push((
                        d,
                        Action::SplitReplicas {
                            comp: c,
                            heal: true,
                        },
                    ));
                }
            }
            Fault::ZoneOutage {
                zone: name,
                duration_s,
            } => {
                let members = zone(name)?;
                for &c in &members {
                    out.push((
                        0,
                        Action::Crash {
                            comp: c,
                            mode: CrashMode::FailFast,
                        },
                    ));
                }
                if let Some(d) = dur(*duration_s) {
                    out.extend(members.iter().map(|&c| (d, Action::Recover { comp: c })));
                }
            }
            Fault::ZoneRestore { zone: name } => {
                out.extend(
                    zone(name)?
                        .into_iter()
                        .map(|c| (0, Action::Recover { comp: c })),
                );
            }
        }
        Ok(out)
    }

    pub(crate) fn schedule_fault(&mut self, at: SimTime, fault: &Fault) {
        if let Ok(actions) = self.compile_fault(fault) {
            for (delay, action) in actions {
                self.push_action(at.saturating_add(delay), action);
            }
        }
    }

    pub(crate) fn push_action(&mut self, at: SimTime, action: Action) {
        if at > self.end {
            return;
        }
        self.actions.push(action);
        let index = (self.actions.len() - 1) as u32;
        self.events.push(at, Ev::Action { index });
    }

    pub(crate) fn apply(&mut self, action: Action) {
        let now = self.now;
        match action {
            Action::Crash { comp, mode } if self.replicas(comp).is_some() => {
                self.crash_primary(comp, mode)
            }
            Action::Recover { comp } if self.replicas(comp).is_some() => {
                if let Some(r) = self.replicas(comp) {
                    r.set.recover(now);
                }
            }
            Action::SplitReplicas { comp, heal } => self.split_replicas(comp, heal),
            Action::Crash { comp, mode } => match &self.comps[comp as usize].nodes {
                Some(nodes) => {
                    if let Some(node) = nodes.crash_target() {
                        self.node_down(comp, node, mode);
                    }
                }
                None => self.crash(comp, mode, true),
            },
            Action::Recover { comp } => match &self.comps[comp as usize].nodes {
                Some(nodes) => {
                    if let Some(node) = nodes.repair_target() {
                        self.node_up(comp, node);
                    }
                }
                None => self.comps[comp as usize].set_up(now, true),
            },
            Action::Slow { comp, factor } => {
                let c = &mut self.comps[comp as usize];
                c.slowdown = factor;
                c.slow = factor / c.speed;
            }
            Action::Roll { comp, size, done } => {
                let c = &mut self.comps[comp as usize];
                let n = c.fixed_instances;
                let servers = done * size.workers_or(c.workers) + (n - 1 - done) * c.workers;
                let up = c.up;
                c.set_servers(now, servers);
                if up {
                    self.serve_queue(comp, 0);
                }
            }
            Action::Resize { comp, size } => {
                let c = &mut self.comps[comp as usize];
                c.workers = size.workers_or(c.workers);
                c.speed = size.speed();
                c.slow = c.slowdown / c.speed;
                let servers = c.workers * c.fixed_instances.max(1);
                // A database with replicas is not resized (validation says so): one station.
                c.set_servers(now, servers);
                if c.up {
                    self.serve_queue(comp, 0);
                }
            }
            Action::Reshard { comp, shards } => {
                let at_s = time::to_s(now);
                if let Behavior::ShardRouter(rt) = &mut self.comps[comp as usize].behavior {
                    let from_shards = rt.map.shards();
                    let moved_share = rt.map.reshard(shards);
                    rt.reshards.push(ReshardRecord {
                        at_s,
                        from_shards,
                        to_shards: rt.map.shards(),
                        moved_share,
                    });
                    rt.migrate_epoch = rt.migrate_epoch.wrapping_add(1);
                    let epoch = rt.migrate_epoch;
                    if let Some(gap) = rt.migrate_gap
                        && rt.map.backlog_len() > 0
                    {
                        let at = now.saturating_add(gap);
                        if at <= self.end {
                            self.events.push(at, Ev::Migrate { comp, epoch });
                        }
                    }
                }
            }
            Action::Partition { conn } => self.conns[conn as usize].partitioned = true,
            Action::Heal { conn } => self.conns[conn as usize].partitioned = false,
            Action::Spike {
                client,
                factor,
                end,
            } => {
                for i in 0..self.comps.len() as u32 {
                    if client != NONE && client != i {
                        continue;
                    }
                    if let Behavior::Client(c) = &mut self.comps[i as usize].behavior
                        && c.open.is_some()
                    {
                        if end {
                            c.spike /= factor;
                        } else {
                            c.spike *= factor;
                        }
                        c.epoch = c.epoch.wrapping_add(1);
                        self.schedule_arrival(i);
                    }
                }
            }
        }
    }

    /// Background migration of one moved key, and the next one after the gap.
    pub(crate) fn migrate(&mut self, comp: u32, epoch: u32) {
        let Behavior::ShardRouter(rt) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        if rt.migrate_epoch != epoch {
            return;
        }
        let Some(gap) = rt.migrate_gap else {
            return;
        };
        if rt.map.migrate_next().is_some() && rt.map.backlog_len() > 0 {
            let at = self.now.saturating_add(gap);
            if at <= self.end {
                self.events.push(at, Ev::Migrate { comp, epoch });
            }
        }
    }

    /// The component stops serving: every call inside fails (or, black-holed, is never
    /// answered); `lose_state` empties a cache (a hot standby taking over keeps it).
    fn crash(&mut self, comp: u32, mode: CrashMode, lose_state: bool) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        c.set_up(now, false);
        c.crash_mode = mode;
        c.station.advance(now);
        c.station.busy = 0;
        c.station.queue.clear();
        self.crashed_component(comp, lose_state);
        let inside: Vec<u32> = (0..self.calls.len() as u32)
            .filter(|&i| {
                let call = &self.calls[i as usize];
                // A DNS only holds lookups; requests it already sent on went with the
                // client's answer and do not depend on it any more.
                call.live
                    && call.comp == comp
                    && call.inside
                    && (!name_service(self.comps[comp as usize].kind) || call.holds_worker)
            })
            .collect();
        for i in inside {
            self.calls[i as usize].holds_worker = false;
            self.fail_inside(i, mode);
        }
    }

    /// A call inside a component that (or whose node) crashed fails.
    fn fail_inside(&mut self, idx: u32, mode: CrashMode) {
        if self.calls[idx as usize].job || mode == CrashMode::Blackhole {
            self.vanish(idx);
        } else {
            self.finish(idx, Outcome::Fail(FailReason::ComponentDown));
        }
    }

    // ----- redundancy -----

    /// Node `node` of a redundant component fails.
    fn node_down(&mut self, comp: u32, node: u32, mode: CrashMode) {
        let now = self.now;
        let Some(nodes) = self.comps[comp as usize].nodes.as_deref_mut() else {
            return;
        };
        let change = nodes.fail(node);
        if change.node.is_none() {
            return;
        }
        let (failover, cold, up) = (nodes.failover_time(), nodes.cold(), nodes.up_count());
        let c = &mut self.comps[comp as usize];
        if failover.is_none() && c.node_servers > 0 {
            c.set_servers(now, c.node_servers * up);
        }
        if change.stopped {
            self.crash(comp, mode, change.failover.is_none() || cold);
        }
        match (failover, change.failover) {
            (Some(t), Some(token)) => {
                let at = now.saturating_add(t);
                if at <= self.end {
                    self.events.push(at, Ev::NodeFailover { comp, token });
                }
            }
            (None, _) if !change.stopped => self.lose_node(comp, node, mode),
            _ => {}
        }
    }

    /// An active-active node failed and others carry on: its pinned calls fail and its
    /// share of the pool goes.
    fn lose_node(&mut self, comp: u32, node: u32, mode: CrashMode) {
        let now = self.now;
        let pinned: Vec<u32> = (0..self.calls.len() as u32)
            .filter(|&i| {
                let call = &self.calls[i as usize];
                call.live && call.comp == comp && call.inside && call.red_node == node
            })
            .collect();
        // Waiting calls first, so that the workers the others free are not given to them.
        for &i in &pinned {
            if !self.calls[i as usize].holds_worker {
                self.fail_inside(i, mode);
            }
        }
        let calls = &self.calls;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.queue.retain(|r| {
            let call = &calls[r.idx as usize];
            call.live && call.generation == r.generation
        });
        for &i in &pinned {
            if self.call_is(CallRef {
                idx: i,
                generation: self.calls[i as usize].generation,
            }) {
                self.fail_inside(i, mode);
            }
        }
    }

    /// Node `node` of a redundant component is repaired.
    fn node_up(&mut self, comp: u32, node: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        let Some(nodes) = c.nodes.as_deref_mut() else {
            return;
        };
        let change = nodes.repair(node);
        if change.node.is_none() {
            return;
        }
        let (up, active_active) = (nodes.up_count(), nodes.failover_time().is_none());
        if change.started {
            c.set_up(now, true);
        }
        if c.node_servers > 0 && active_active {
            c.set_servers(now, c.node_servers * up);
            self.serve_queue(comp, 0);
        }
    }

    pub(crate) fn failover_done(&mut self, comp: u32, token: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        let Some(nodes) = c.nodes.as_deref_mut() else {
            return;
        };
        if nodes.failover_done(token).started {
            c.set_up(now, true);
            self.count(comp, |a| a.failovers += 1);
        }
    }

    pub(crate) fn node_chaos(&mut self, comp: u32, node: u32, fail: bool) {
        if fail {
            self.node_down(comp, node, CrashMode::FailFast);
        } else {
            self.node_up(comp, node);
        }
        self.node_chaos_next(comp, node, !fail);
    }

    /// Draws when node `node` next fails (`fail`) or is repaired.
    pub(crate) fn node_chaos_next(&mut self, comp: u32, node: u32, fail: bool) {
        let Some((mtbf, mttr)) = self.mtbf_mttr[comp as usize] else {
            return;
        };
        let gap = self.rng.exp(if fail { mtbf } else { mttr });
        let at = self.now.saturating_add((gap + 0.5) as SimTime);
        if at <= self.end {
            self.events.push(at, Ev::NodeChaos { comp, node, fail });
        }
    }

    // ----- random failures -----

    /// Draws when the component next fails (`fail`) or is repaired.
    pub(crate) fn chaos_next(&mut self, comp: u32, fail: bool) {
        let Some((mtbf, mttr)) = self.mtbf_mttr[comp as usize] else {
            return;
        };
        let gap = self.rng.exp(if fail { mtbf } else { mttr });
        let at = self.now.saturating_add((gap + 0.5) as SimTime);
        if at <= self.end {
            self.events.push(at, Ev::Chaos { comp, fail });
        }
    }

    pub(crate) fn chaos(&mut self, comp: u32, fail: bool) {
        if fail {
            if self.comps[comp as usize].up {
                self.apply(Action::Crash {
                    comp,
                    mode: CrashMode::FailFast,
                });
            }
        } else {
            self.apply(Action::Recover { comp });
        }
        self.chaos_next(comp, !fail);
    }
}
