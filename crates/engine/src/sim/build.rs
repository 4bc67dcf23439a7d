//! Building a simulation from a scenario: the runtime form of every component and
//! connection, and the events that start the run (first arrivals, the fault timeline,
//! window boundaries, health checks).

use super::*;

impl Simulation {
    /// Builds a simulation at time 0, or returns every error that stops the scenario running.
    pub fn new(scenario: &Scenario) -> Result<Simulation, Vec<Problem>> {
        let problems = errors(scenario);
        if !problems.is_empty() {
            return Err(problems);
        }
        let ids: Vec<String> = scenario.components.iter().map(|c| c.id.clone()).collect();
        let index_of = |id: &str| ids.iter().position(|x| x == id).map(|i| i as u32);
        let net = Net::new(&scenario.network);
        let zone_of: Vec<u32> = scenario
            .components
            .iter()
            .map(|c| {
                c.zone
                    .as_ref()
                    .and_then(|z| net.zone_names.iter().position(|n| n == z))
                    .map_or(NONE, |i| i as u32)
            })
            .collect();
        let kind_of = |i: u32| scenario.components[i as usize].params.kind();
        let mut conns = Vec::with_capacity(scenario.connections.len());
        let mut outs: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
        for (i, c) in scenario.connections.iter().enumerate() {
            let (Some(from), Some(to)) = (index_of(&c.from), index_of(&c.to)) else {
                unreachable!("validated");
            };
            outs[from as usize].push(i as u32);
            // A lookup is paid as the DNS's resolution latency, and only on a miss: the
            // hop into a DNS takes no time. The hop out of it is the client's path.
            let (latency, crossing) = if name_service(kind_of(to)) {
                (Dist::Constant { ms: 0.0 }, Crossing::None)
            } else if name_service(kind_of(from)) {
                (
                    c.latency,
                    Crossing::FromClient {
                        to_zone: zone_of[to as usize],
                    },
                )
            } else {
                (
                    c.latency,
                    net.crossing(zone_of[from as usize], zone_of[to as usize]),
                )
            };
            conns.push(Conn {
                to,
                latency: DistNs::new(&latency),
                mean_ns: latency.mean_ms() * 1e6,
                crossing,
                weight: c.weight,
                partitioned: false,
                optional: c.optional,
                breaker: c.breaker.as_ref().map(Breaker::new),
                win_open_ns: 0,
                run_open_ns: 0,
                win_refused: 0,
                run_refused: 0,
            });
        }
        // Every path name first, so that a gateway's route table covers all of them.
        let mut paths = PathTable::default();
        for c in &scenario.components {
            if let Params::Client(p) = &c.params {
                for rp in &p.paths {
                    paths.intern(&rp.path);
                }
            }
        }
        // A replicated database tracks a version per key the clients can touch.
        let keys = scenario
            .components
            .iter()
            .filter_map(|c| match &c.params {
                Params::Client(p) => Some(p.keys.count()),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        let mut comps = Vec::with_capacity(ids.len());
        let mut users = 0u32;
        for ((c, outs), zone) in scenario.components.iter().zip(outs).zip(zone_of) {
            let routes: Vec<Option<&str>> = outs
                .iter()
                .map(|&o| scenario.connections[o as usize].route.as_deref())
                .collect();
            let table = gateway::route_table(&paths, &routes);
            let mut comp = build_comp(c, outs, &mut paths, table, keys, users);
            comp.zone = zone;
            comp.pool_changes = scenario
                .faults
                .iter()
                .any(|f| matches!(&f.fault, Fault::Resize { component, .. } if *component == c.id));
            if let Params::Client(p) = &c.params {
                users = users.saturating_add(p.signed_in_users);
            }
            comps.push(comp);
        }
        let run = &scenario.run;
        let mut sim = Simulation {
            name: scenario.name.clone(),
            seed: run.seed,
            now: 0,
            end: time::from_s(run.duration_s).max(1),
            window: time::from_ms(run.window_ms).max(1),
            window_start: 0,
            warmup: time::from_s(run.warmup_s),
            measuring: false,
            slo_latency: time::from_ms(scenario.slo.latency_ms),
            slo_target: scenario.slo.success_target,
            rng: Rng::new(run.seed),
            events: EventQueue::new(),
            processed: 0,
            comps,
            ids,
            conns,
            conn_ids: scenario
                .connections
                .iter()
                .map(|c| (c.from.clone(), c.to.clone()))
                .collect(),
            lb_inflight: vec![0; scenario.connections.len()],
            session_home: vec![NONE; users as usize],
            actions: Vec::new(),
            requests: Vec::new(),
            free_requests: Vec::new(),
            live_requests: 0,
            next_request_id: 0,
            calls: Vec::new(),
            free_calls: Vec::new(),
            win: Tally::new(),
            run: Tally::new(),
            windows: Vec::new(),
            feed: Feed::new(0),
            mtbf_mttr: vec![None; scenario.components.len()],
            net,
            guard: crate::budget::Guard::new(scenario),
            compact_at: COMPACT_MIN,
        };
        sim.start(scenario);
        Ok(sim)
    }

    fn start(&mut self, scenario: &Scenario) {
        if scenario.run.chaos {
            for (i, c) in scenario.components.iter().enumerate() {
                if let Some(f) = c.failures {
                    self.mtbf_mttr[i] = Some((f.mtbf_s * NS_PER_S, f.mttr_s * NS_PER_S));
                    // A redundant component's nodes fail and are repaired independently.
                    match &self.comps[i].nodes {
                        Some(nodes) => {
                            for node in 0..nodes.count() {
                                self.node_chaos_next(i as u32, node, true);
                            }
                        }
                        None => self.chaos_next(i as u32, true),
                    }
                }
            }
        }
        if self.warmup == 0 {
            self.measuring = true;
        } else {
            self.events.push(self.warmup, Ev::WarmupEnd);
        }
        self.events.push(self.window.min(self.end), Ev::WindowEnd);
        let mut timeline: Vec<&FaultEntry> = scenario.faults.iter().collect();
        timeline.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
        for entry in timeline {
            let at = time::from_s(entry.at_s);
            self.schedule_fault(at, &entry.fault);
        }
        for i in 0..self.comps.len() {
            let i32_ = i as u32;
            self.start_component(i32_);
            if let Some(rt) = &self.comps[i].scaler
                && rt.scaler.interval <= self.end
            {
                self.events
                    .push(rt.scaler.interval, Ev::Scale { comp: i32_ });
            }
        }
    }
}

/// Times at which a rate profile changes (ramps are followed in 50 steps).
pub(crate) fn rate_breakpoints(profile: &RateProfile) -> Vec<SimTime> {
    match profile {
        RateProfile::Constant { .. } => Vec::new(),
        RateProfile::Steps { steps, .. } => steps.iter().map(|s| time::from_s(s.at_s)).collect(),
        RateProfile::Ramp { start_s, end_s, .. } => (0..=50)
            .map(|k| time::from_s(start_s + (end_s - start_s) * k as f64 / 50.0))
            .collect(),
        RateProfile::Spike {
            at_s, duration_s, ..
        } => vec![time::from_s(*at_s), time::from_s(at_s + duration_s)],
    }
}

/// The redundancy the simulation gives a component: none for a kind redundancy does not
/// apply to, and none for a database with replicas. Replication and redundancy are two
/// answers to the same question (what serves when the primary node dies), so validation
/// refuses a replicated database with redundancy (an error naming the database, so
/// `Simulation::new` does not run it); were one built anyway, its replicas would win and
/// the redundancy would be ignored.
fn sim_redundancy(c: &Component) -> Option<Redundancy> {
    match &c.params {
        Params::Database(DatabaseParams {
            replication: Some(_),
            ..
        }) => None,
        p if Redundancy::applies_to(p.kind()) => c.redundancy,
        _ => None,
    }
}

fn build_comp(
    c: &Component,
    outs: Vec<u32>,
    paths: &mut PathTable,
    routes: Vec<u32>,
    keys: u32,
    users_before: u32,
) -> Comp {
    let redundancy = sim_redundancy(c);
    let (behavior, station) = build_behavior(
        &c.params,
        &mut Build {
            outs: outs.len(),
            paths,
            routes,
            keys,
            users_before,
            redundancy,
        },
    );
    let (fixed_instances, scaler) = match &c.params {
        Params::Service(p) => match &p.autoscale {
            Some(a) => (
                0,
                Some(Box::new(ScaleRt {
                    scaler: Scaler::new(a, p.instances),
                    workers: p.workers(),
                    last: 0,
                    ready_area: 0,
                    warming_area: 0,
                    busy_total: 0,
                    instance_total: 0,
                    busy_mark: 0,
                    instance_mark: 0,
                })),
            ),
            None => (p.instances, None),
        },
        _ => (0, None),
    };
    let size = c.params.size();
    let speed = size.speed();
    let workers = match &c.params {
        Params::Service(p) => p.workers(),
        Params::Database(p) => p.connections(),
        _ => 0,
    };
    let node_servers = match (&c.params, redundancy) {
        (Params::Database(p), Some(Redundancy::ActiveActive { .. })) => p.connections(),
        _ => 0,
    };
    Comp {
        fixed_instances,
        scaler,
        nodes: redundancy.map(|r| Box::new(Nodes::new(&r))),
        node_servers,
        down_area: 0,
        down_last: 0,
        capacity_area: 0,
        capacity_last: 0,
        kind: c.params.kind(),
        zone: NONE,
        up: true,
        crash_mode: CrashMode::FailFast,
        slow: 1.0 / speed,
        slowdown: 1.0,
        speed,
        workers,
        pool_changes: false,
        outs,
        behavior,
        station,
        in_system: 0,
        sys_last: 0,
        sys_area: 0,
        win: Acc::default(),
        run: Acc::default(),
    }
}
