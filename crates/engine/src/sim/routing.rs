//! How each routing kind chooses where a call goes: rate limiters, CDNs, API gateways,
//! shard routers, replicated databases, load balancers and DNS.

use super::*;

impl Simulation {
    // ----- rate limiters -----

    /// A rate limiter admits the call onward (now or after a wait in its queue) or answers 429.
    pub(crate) fn limit(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let r = &self.requests[call.req as usize];
        let client = if !call.job && r.live && r.generation == call.req_generation {
            Some(r.client as usize)
        } else {
            None
        };
        let n = self.comps.len();
        let c = &mut self.comps[comp as usize];
        let Behavior::RateLimiter(rt) = &mut c.behavior else {
            return;
        };
        let limiter = match (&mut rt.per_client, client) {
            (Some(per), Some(i)) => {
                per.resize(n, None);
                per[i].get_or_insert_with(|| Limiter::new(&rt.algorithm))
            }
            _ => &mut rt.global,
        };
        match limiter.decide(now) {
            Decision::Admit => {
                let conn = c.outs[0];
                self.call_child(idx, conn);
            }
            Decision::AdmitAt(at) => {
                self.work_at(idx, at);
            }
            Decision::Reject => {
                self.count(comp, |a| a.drops += 1);
                self.finish(idx, Outcome::Fail(FailReason::RateLimited));
            }
        }
    }

    // ----- CDNs -----

    /// The edge looked the request up: a fresh copy answers it; a miss, a dynamic request
    /// or a write goes to the origin.
    pub(crate) fn cdn_lookup(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.busy -= 1;
        self.calls[idx as usize].holds_worker = false;
        let Behavior::Cdn(edge) = &mut c.behavior else {
            return;
        };
        let mut purpose = cdn::PASS;
        if cdn::cacheable(call.read, call.path, call.is_static) {
            let key = cdn::object_key(call.path, call.key);
            if edge.lru.lookup(key, now) == Lookup::Fresh {
                self.count(comp, |a| a.hits += 1);
                self.finish(idx, Outcome::Hit);
                return;
            }
            self.count(comp, |a| a.misses += 1);
            purpose = cdn::FILL;
        }
        self.calls[idx as usize].step = purpose;
        self.count(comp, |a| a.origin += 1);
        let origin = self.comps[comp as usize].outs[0];
        self.call_child(idx, origin);
    }

    /// The origin answered: keep a copy of a cacheable answer; when it failed, serve the
    /// copy still held if the CDN serves stale.
    pub(crate) fn cdn_origin_replied(&mut self, idx: u32, outcome: Outcome) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let Behavior::Cdn(edge) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        let key = cdn::object_key(call.path, call.key);
        let fill = call.step == cdn::FILL;
        match outcome {
            Outcome::Fail(reason) => {
                if fill && edge.serve_stale && edge.lru.holds(key) {
                    self.count(comp, |a| a.stale += 1);
                    self.finish(idx, Outcome::Hit);
                } else {
                    self.finish(idx, Outcome::Fail(reason));
                }
            }
            _ => {
                if fill {
                    edge.lru.insert(key, now);
                }
                self.finish(idx, Outcome::Ok);
            }
        }
    }

    // ----- API gateways -----

    /// A request reaches a gateway: its rate limit first (a 429 costs no check), then the
    /// authentication and validation check.
    pub(crate) fn gateway_arrive(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let Behavior::ApiGateway(g) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        if let Some(limiter) = &mut g.limiter {
            match limiter.decide(now) {
                Decision::Admit => {}
                Decision::AdmitAt(at) => {
                    self.calls[idx as usize].step = gateway::QUEUED;
                    self.work_at(idx, at);
                    return;
                }
                Decision::Reject => {
                    self.count(comp, |a| a.drops += 1);
                    self.finish(idx, Outcome::Fail(FailReason::RateLimited));
                    return;
                }
            }
        }
        self.gateway_check(idx, comp);
    }

    fn gateway_check(&mut self, idx: u32, comp: u32) {
        self.calls[idx as usize].step = gateway::CHECKING;
        let c = &self.comps[comp as usize];
        let Behavior::ApiGateway(g) = &c.behavior else {
            return;
        };
        if g.pooled {
            self.admit(idx, comp);
        } else {
            let t = Delay::draw(&g.overhead, &mut self.rng, c.slow);
            self.hold(idx, comp, t);
        }
    }

    /// A gateway's limiter let a queued request go, or its check is done: free the worker
    /// (a gateway does not hold one while the backend works) and route by path.
    pub(crate) fn gateway_work_done(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        let comp = call.comp;
        if call.step == gateway::QUEUED {
            self.gateway_check(idx, comp);
            return;
        }
        self.calls[idx as usize].holds_worker = false;
        if self.comps[comp as usize].behavior.unlimited() {
            let c = &mut self.comps[comp as usize];
            c.station.advance(self.now);
            c.station.busy -= 1;
        } else {
            self.release_worker(comp, 0);
        }
        let measuring = self.measuring;
        let Behavior::ApiGateway(g) = &mut self.comps[comp as usize].behavior else {
            return;
        };
        let out = g.route_of(call.path);
        if out == NO_ROUTE {
            self.count(comp, |a| a.no_route += 1);
            self.finish(idx, Outcome::Fail(FailReason::NoRoute));
            return;
        }
        g.routed_win[out as usize] += 1;
        if measuring {
            g.routed_run[out as usize] += 1;
        }
        let conn = self.comps[comp as usize].outs[out as usize];
        self.call_child(idx, conn);
    }

    // ----- shard routers -----

    /// A shard router picks the shard that owns the request's key and counts a moved-key
    /// miss when a reshard moved the key and it was not migrated yet.
    pub(crate) fn route_shard(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let key = self.calls[idx as usize].key;
        let measuring = self.measuring;
        let c = &mut self.comps[comp as usize];
        let Behavior::ShardRouter(rt) = &mut c.behavior else {
            return;
        };
        let route = rt.map.route(key);
        let shard = route.shard as usize;
        rt.win_routed[shard] += 1;
        if measuring {
            rt.run_routed[shard] += 1;
        }
        let mut delay = rt.lookup;
        let mut from = NONE;
        if let Some(old) = route.moved_from {
            rt.win_moved += 1;
            if measuring {
                rt.run_moved += 1;
            }
            match rt.penalty {
                Some(p) => delay = delay.saturating_add(p),
                None => from = c.outs[old as usize],
            }
        }
        let call = &mut self.calls[idx as usize];
        call.step = c.outs[shard];
        call.shard_from = from;
        if delay > 0 {
            self.work_at(idx, now.saturating_add(delay));
        } else {
            self.shard_dispatch(idx);
        }
    }

    /// Sends a routed request on: to the old shard first when its key must be fetched.
    pub(crate) fn shard_dispatch(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        if call.shard_from == NONE {
            self.call_child(idx, call.step);
        } else {
            self.call_child_as(idx, call.shard_from, true);
        }
    }

    // ----- replicated databases (the logic is in `replication.rs`) -----

    pub(crate) fn replicas(&mut self, comp: u32) -> Option<&mut DbReplicas> {
        match &mut self.comps[comp as usize].behavior {
            Behavior::Database(DbRt { repl: Some(r), .. }) => Some(r),
            _ => None,
        }
    }

    /// Picks the node of a replicated database for a query; false if it was refused.
    pub(crate) fn route_db(&mut self, idx: u32, comp: u32) -> bool {
        let call = self.calls[idx as usize];
        let c = &mut self.comps[comp as usize];
        let Behavior::Database(DbRt { repl: Some(r), .. }) = &mut c.behavior else {
            return true;
        };
        let routed = if call.read {
            let mut load = Vec::with_capacity(r.stations.len() + 1);
            load.push(c.station.busy + c.station.queue.len() as u32);
            load.extend(r.stations.iter().map(|s| s.busy + s.queue.len() as u32));
            r.set.route_read(call.key, &load, self.now)
        } else {
            r.set.route_write(&mut self.rng)
        };
        match routed {
            Ok(node) => {
                self.calls[idx as usize].node = node as u32;
                true
            }
            Err(Refusal::Down) if c.crash_mode == CrashMode::Blackhole => {
                self.vanish(idx);
                false
            }
            Err(refusal) => {
                self.count(comp, |a| a.drops += 1);
                let reason = match refusal {
                    Refusal::Down => FailReason::ComponentDown,
                    Refusal::NoQuorum => FailReason::NoQuorum,
                };
                self.finish(idx, Outcome::Fail(reason));
                false
            }
        }
    }

    /// A query's work on a database is done: a replicated write ships to the replicas and
    /// answers when it commits (at once, or after the replicas acknowledged it).
    pub(crate) fn db_done(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let Behavior::Database(DbRt { repl: Some(r), .. }) =
            &mut self.comps[call.comp as usize].behavior
        else {
            self.finish(idx, Outcome::Ok);
            return;
        };
        let node = call.node as usize;
        if call.read {
            r.set.read_done(node, call.key, now);
        } else if call.step == 0 {
            match r.set.write_done(node, call.key, now, &mut self.rng) {
                Ok((_, 0)) => {}
                Ok((lsn, wait)) => {
                    let c = &mut self.calls[idx as usize];
                    c.step = 1;
                    c.lsn = lsn;
                    self.work_at(idx, now.saturating_add(wait));
                    return;
                }
                Err(_) => {
                    self.finish(idx, Outcome::Fail(FailReason::NoQuorum));
                    return;
                }
            }
        } else if !r.set.commit(node, call.lsn, call.key, now) {
            self.finish(idx, Outcome::Fail(FailReason::NoQuorum));
            return;
        }
        self.finish(idx, Outcome::Ok);
    }

    // ----- load balancers -----

    pub(crate) fn pick_backend(&mut self, lb: u32, idx: u32) -> Option<u32> {
        let key = self.calls[idx as usize].key;
        let comp = &mut self.comps[lb as usize];
        let outs = &comp.outs;
        let Behavior::LoadBalancer(state) = &mut comp.behavior else {
            return None;
        };
        let n = outs.len() as u32;
        let count = state.healthy.iter().filter(|&&h| h).count() as u32;
        if count == 0 {
            return None;
        }
        let chosen = match state.strategy {
            LbStrategy::RoundRobin => {
                let mut pick = 0;
                for k in 0..n {
                    let i = (state.rr + k) % n;
                    if state.healthy[i as usize] {
                        pick = i;
                        break;
                    }
                }
                state.rr = (pick + 1) % n;
                pick
            }
            LbStrategy::WeightedRoundRobin => {
                // Smooth weighted round robin (as in nginx): even spacing, exact shares.
                let mut total = 0i64;
                let mut best: Option<u32> = None;
                for i in 0..n {
                    if !state.healthy[i as usize] {
                        continue;
                    }
                    let w = self.conns[outs[i as usize] as usize].weight as i64;
                    state.wrr_current[i as usize] += w;
                    total += w;
                    if best.is_none_or(|b| {
                        state.wrr_current[i as usize] > state.wrr_current[b as usize]
                    }) {
                        best = Some(i);
                    }
                }
                let b = best?;
                state.wrr_current[b as usize] -= total;
                b
            }
            LbStrategy::LeastConnections => {
                let mut best: Option<(u32, u32)> = None;
                for k in 0..n {
                    let i = (state.rr + k) % n;
                    if !state.healthy[i as usize] {
                        continue;
                    }
                    let load = self.lb_inflight[outs[i as usize] as usize];
                    if best.is_none_or(|(_, l)| load < l) {
                        best = Some((i, load));
                    }
                }
                state.rr = (state.rr + 1) % n;
                best?.0
            }
            LbStrategy::Random => {
                let mut r = self.rng.below(count);
                let mut pick = 0;
                for i in 0..n {
                    if state.healthy[i as usize] {
                        if r == 0 {
                            pick = i;
                            break;
                        }
                        r -= 1;
                    }
                }
                pick
            }
            LbStrategy::HashKey => {
                let mut r = (mix(key as u64) % count as u64) as u32;
                let mut pick = 0;
                for i in 0..n {
                    if state.healthy[i as usize] {
                        if r == 0 {
                            pick = i;
                            break;
                        }
                        r -= 1;
                    }
                }
                pick
            }
        };
        Some(outs[chosen as usize])
    }

    /// What a health check of `comp`'s targets sees: each one up and reachable.
    fn probe_targets(&self, comp: u32) -> Vec<bool> {
        self.comps[comp as usize]
            .outs
            .iter()
            .map(|&o| {
                let conn = &self.conns[o as usize];
                !conn.partitioned && self.comps[conn.to as usize].up
            })
            .collect()
    }

    pub(crate) fn health_check(&mut self, lb: u32) {
        let probe = self.probe_targets(lb);
        let Behavior::LoadBalancer(state) = &mut self.comps[lb as usize].behavior else {
            return;
        };
        let Some((interval, unhealthy_after, healthy_after)) = state.check else {
            return;
        };
        for (i, ok) in probe.into_iter().enumerate() {
            if ok {
                state.fail_streak[i] = 0;
                state.ok_streak[i] += 1;
                if !state.healthy[i] && state.ok_streak[i] >= healthy_after {
                    state.healthy[i] = true;
                }
            } else {
                state.ok_streak[i] = 0;
                state.fail_streak[i] += 1;
                if state.healthy[i] && state.fail_streak[i] >= unhealthy_after {
                    state.healthy[i] = false;
                }
            }
        }
        let at = self.now.saturating_add(interval);
        if at <= self.end {
            self.events.push(at, Ev::HealthCheck { lb });
        }
    }

    // ----- DNS -----

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
