//! The life of a call: it travels a connection, arrives, waits for and holds a worker,
//! makes its child calls one after another and answers its parent back over the same
//! connection, or is failed by a timeout, a full queue or a crash.

use super::*;

/// The event that delivers `outcome` to the caller of `call`: its parent call, or the client.
fn answer(call: &Call, outcome: Outcome, via: u32, epoch: u32) -> Ev {
    if call.parent == ROOT {
        Ev::ClientReply {
            req: call.req,
            generation: call.req_generation,
            attempt: call.attempt,
            outcome,
        }
    } else {
        Ev::Reply {
            to: call.parent,
            outcome,
            via,
            epoch,
        }
    }
}

impl Simulation {
    pub(crate) fn alloc_call(&mut self, call: Call) -> CallRef {
        match self.free_calls.pop() {
            Some(i) => {
                let generation = self.calls[i as usize].generation.wrapping_add(1);
                self.calls[i as usize] = Call {
                    generation,
                    live: true,
                    ..call
                };
                CallRef { idx: i, generation }
            }
            None => {
                self.calls.push(Call {
                    generation: 0,
                    live: true,
                    ..call
                });
                CallRef {
                    idx: (self.calls.len() - 1) as u32,
                    generation: 0,
                }
            }
        }
    }

    pub(crate) fn free_call(&mut self, idx: u32) {
        self.calls[idx as usize].live = false;
        self.free_calls.push(idx);
    }

    /// Sends the request of `call` over `conn` to the connection's target, unless the
    /// connection's breaker is open: then the call fails at once, without being sent.
    pub(crate) fn send(&mut self, mut call: Call, conn: u32) {
        let now = self.now;
        let epoch = match &mut self.conns[conn as usize].breaker {
            Some(b) => match b.admit(now) {
                Some(epoch) => epoch,
                None => {
                    self.short_circuit(&call, conn);
                    return;
                }
            },
            None => NO_EPOCH,
        };
        if call.parent == ROOT {
            let r = &mut self.requests[call.req as usize];
            r.conn = conn;
            r.breaker_epoch = epoch;
        }
        call.breaker_epoch = epoch;
        call.comp = self.conns[conn as usize].to;
        call.via = conn;
        let delay = self.link_delay(conn, &call);
        let at = self.now.saturating_add(delay.ns);
        if self.conns[conn as usize].partitioned {
            self.hop(
                call.req_id,
                conn,
                HopDirection::Request,
                HopOutcome::Lost,
                at,
            );
            self.lost(call.parent, call.deadline, conn, epoch);
            return;
        }
        self.hop(call.req_id, conn, HopDirection::Request, HopOutcome::Ok, at);
        call.arrived = at;
        call.inside = false;
        let r = self.alloc_call(call);
        self.schedule(delay, Ev::Arrive { call: r });
    }

    /// The zone of the client whose request `call` carries (NONE for queue jobs, whose
    /// producer is gone, and clients without a zone).
    pub(crate) fn client_zone(&self, call: &Call) -> u32 {
        let r = &self.requests[call.req as usize];
        if !call.job && r.live && r.generation == call.req_generation {
            self.comps[r.client as usize].zone
        } else {
            NONE
        }
    }

    /// How long a message of `call` takes over `conn`, one way: the link's own latency and
    /// any zone or region crossing. Most links have a constant latency and cross nothing,
    /// which is decided here inline.
    #[inline(always)]
    fn link_delay(&mut self, conn: u32, call: &Call) -> Delay {
        let c = &self.conns[conn as usize];
        let latency = Delay::draw(&c.latency, &mut self.rng, 1.0);
        if c.crossing == Crossing::None {
            return latency;
        }
        Delay {
            ns: latency.ns.saturating_add(self.crossing_delay(conn, call)),
            fixed: false,
        }
    }

    /// The zone or region crossing a message of `call` over `conn` pays, one way.
    fn crossing_delay(&mut self, conn: u32, call: &Call) -> SimTime {
        let crossing = match self.conns[conn as usize].crossing {
            Crossing::None => return 0,
            Crossing::FromClient { to_zone } => self.net.crossing(self.client_zone(call), to_zone),
            c => c,
        };
        match crossing {
            Crossing::Zone => self.net.cross_zone.sample(&mut self.rng, 1.0),
            Crossing::Region => self.net.cross_region.sample(&mut self.rng, 1.0),
            Crossing::None | Crossing::FromClient { .. } => 0,
        }
    }

    /// An open breaker refuses a call: its caller hears `CircuitOpen` at once (as an
    /// event, so the caller's state is never changed under it).
    fn short_circuit(&mut self, call: &Call, conn: u32) {
        let c = &mut self.conns[conn as usize];
        c.win_refused += 1;
        if self.measuring {
            c.run_refused += 1;
        }
        if call.parent == ROOT {
            // The refusal is no outcome of this connection's calls: its breaker must not
            // count it.
            let r = &mut self.requests[call.req as usize];
            r.conn = conn;
            r.breaker_epoch = NO_EPOCH;
        }
        let outcome = Outcome::Fail(FailReason::CircuitOpen);
        self.events
            .push(self.now, answer(call, outcome, conn, NO_EPOCH));
    }

    /// The breaker of `conn` learns the outcome of a call it admitted in `epoch`.
    pub(crate) fn breaker_learns(&mut self, conn: u32, epoch: u32, failed: bool) {
        if epoch == NO_EPOCH {
            return;
        }
        let now = self.now;
        if let Some(b) = self
            .conns
            .get_mut(conn as usize)
            .and_then(|c| c.breaker.as_mut())
        {
            b.record(now, epoch, failed);
        }
    }

    /// A message to or from a call over `via` was lost: the waiting parent gives up at the
    /// deadline (and the breaker of `via` counts a failure then).
    fn lost(&mut self, parent: CallRef, deadline: SimTime, via: u32, epoch: u32) {
        if parent != ROOT {
            let at = deadline.max(self.now);
            self.events.push(
                at,
                Ev::Reply {
                    to: parent,
                    outcome: Outcome::Fail(FailReason::Timeout),
                    via,
                    epoch,
                },
            );
        }
        // A lost root message needs nothing: the client's own timeout fires.
    }

    #[inline]
    pub(crate) fn hop(
        &mut self,
        request: u64,
        conn: u32,
        dir: HopDirection,
        outcome: HopOutcome,
        at: SimTime,
    ) {
        if self.feed.enabled() {
            self.feed.push(Hop {
                request,
                connection: conn,
                direction: dir,
                outcome,
                depart_s: time::to_s(self.now),
                arrive_s: time::to_s(at),
            });
        }
    }

    pub(crate) fn count(&mut self, comp: u32, f: impl Fn(&mut Acc)) {
        let c = &mut self.comps[comp as usize];
        f(&mut c.win);
        if self.measuring {
            f(&mut c.run);
        }
    }

    pub(crate) fn arrive(&mut self, idx: u32) {
        let now = self.now;
        let comp = self.calls[idx as usize].comp;
        {
            let c = &mut self.comps[comp as usize];
            c.advance_sys(now);
            c.in_system += 1;
        }
        self.calls[idx as usize].arrived = now;
        self.calls[idx as usize].inside = true;
        self.count(comp, |a| a.arrivals += 1);
        if let Some(nodes) = &mut self.comps[comp as usize].nodes
            && nodes.failover_time().is_none()
            && nodes.serving()
        {
            self.calls[idx as usize].red_node = nodes.pin();
        }
        self.arrive_at(idx, comp);
    }

    /// Sets a timer of component `comp`: its kind's [`Runtime::timer`] is called with `tag`
    /// `after` from now.
    pub(crate) fn set_timer(&mut self, comp: u32, after: SimTime, tag: u64) {
        let at = self.now.saturating_add(after);
        self.events.push(at, Ev::Timer { comp, tag });
    }

    /// A call reaches a component that is down: it fails at once or vanishes, as the crash
    /// says.
    pub(crate) fn refuse_down(&mut self, idx: u32, comp: u32) {
        match self.comps[comp as usize].crash_mode {
            CrashMode::FailFast => self.finish(idx, Outcome::Fail(FailReason::ComponentDown)),
            CrashMode::Blackhole => self.vanish(idx),
        }
    }

    /// A worker-pool component takes a call: serve now, queue, or reject.
    pub(crate) fn admit(&mut self, idx: u32, comp: u32) {
        let node = self.calls[idx as usize].node;
        let st = station_of(&mut self.comps[comp as usize], node);
        if st.has_free_server() {
            self.start_work(idx, comp);
        } else if !st.queue_full() {
            st.advance(self.now);
            let generation = self.calls[idx as usize].generation;
            st.queue.push_back(CallRef { idx, generation });
        } else {
            self.count(comp, |a| a.drops += 1);
            let job = self.calls[idx as usize].job;
            if job {
                self.job_done(idx, false);
            } else {
                self.finish(idx, Outcome::Fail(FailReason::Rejected));
            }
        }
    }

    fn start_work(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let read = self.calls[idx as usize].read;
        let node = self.calls[idx as usize].node;
        let c = &mut self.comps[comp as usize];
        let st = station_of(c, node);
        st.advance(now);
        st.busy += 1;
        let t = c.behavior.work_time(&mut self.rng, c.slow, read);
        let call = &mut self.calls[idx as usize];
        call.holds_worker = true;
        if call.job {
            call.deadline = now.saturating_add(ASYNC_DEADLINE);
        }
        self.work_at(idx, now.saturating_add(t));
    }

    /// Frees the worker a call held on `node` and gives it to the next waiting call.
    pub(crate) fn release_worker(&mut self, comp: u32, node: u32) {
        let now = self.now;
        let st = station_of(&mut self.comps[comp as usize], node);
        st.advance(now);
        st.busy -= 1;
        self.serve_queue(comp, node);
    }

    /// Gives free workers of a worker-pool component (of its station for `node`: a
    /// replicated database has one per node, everything else only node 0) to the calls
    /// waiting in its queue.
    #[inline]
    pub(crate) fn serve_queue(&mut self, comp: u32, node: u32) {
        let now = self.now;
        let max_wait = match self.comps[comp as usize].behavior {
            Behavior::Database(DbRt { max_wait, .. }) => Some(max_wait),
            _ => None,
        };
        while station_of(&mut self.comps[comp as usize], node).has_free_server() {
            let Some(next) = station_of(&mut self.comps[comp as usize], node)
                .queue
                .pop_front()
            else {
                break;
            };
            if !self.call_is(next) {
                continue;
            }
            if let Some(max_wait) = max_wait
                && now - self.calls[next.idx as usize].arrived > max_wait
            {
                self.count(comp, |a| a.drops += 1);
                self.finish(next.idx, Outcome::Fail(FailReason::PoolTimeout));
                continue;
            }
            self.start_work(next.idx, comp);
        }
    }

    /// The work of call `idx` (as it is now) ends at `at`.
    pub(crate) fn work_at(&mut self, idx: u32, at: SimTime) {
        let generation = self.calls[idx as usize].generation;
        self.events.push(
            at,
            Ev::Work {
                call: CallRef { idx, generation },
            },
        );
    }

    /// A call occupies one of a component's unlimited servers for `t` (caches, remotes).
    #[inline]
    pub(crate) fn hold(&mut self, idx: u32, comp: u32, t: Delay) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.busy += 1;
        let call = &mut self.calls[idx as usize];
        call.holds_worker = true;
        let generation = call.generation;
        self.schedule(
            t,
            Ev::Work {
                call: CallRef { idx, generation },
            },
        );
    }

    /// The hold of call `idx` on component `comp` ([`Simulation::hold`]) is over.
    #[inline]
    pub(crate) fn end_hold(&mut self, idx: u32, comp: u32) {
        let now = self.now;
        let c = &mut self.comps[comp as usize];
        c.station.advance(now);
        c.station.busy -= 1;
        self.calls[idx as usize].holds_worker = false;
    }

    /// Calls the next dependency of a service or consumer, or answers when all are done.
    pub(crate) fn next_dependency(&mut self, idx: u32) {
        let call = self.calls[idx as usize];
        let outs = &self.comps[call.comp as usize].outs;
        if (call.step as usize) < outs.len() {
            let conn = outs[call.step as usize];
            self.calls[idx as usize].step += 1;
            self.call_child(idx, conn);
        } else if call.job {
            self.job_done(idx, true);
        } else {
            let outcome = if call.degraded {
                Outcome::Degraded
            } else if call.hit {
                Outcome::Hit
            } else {
                Outcome::Ok
            };
            self.finish(idx, outcome);
        }
    }

    pub(crate) fn call_child(&mut self, parent: u32, conn: u32) {
        let read = self.calls[parent as usize].read;
        self.call_child_as(parent, conn, read);
    }

    /// Calls over `conn` on behalf of `parent`, as a read or a write.
    #[inline]
    pub(crate) fn call_child_as(&mut self, parent: u32, conn: u32, read: bool) {
        let child = self.child_of(parent, read);
        self.send(child, conn);
    }

    /// Calls over `conn` on behalf of `parent` for another key than the request's (a
    /// service reading a user's session).
    pub(crate) fn call_child_keyed(&mut self, parent: u32, conn: u32, read: bool, key: u32) {
        let child = Call {
            key,
            ..self.child_of(parent, read)
        };
        self.send(child, conn);
    }

    /// A new call of `parent`'s request, made by `parent`.
    #[inline]
    fn child_of(&self, parent: u32, read: bool) -> Call {
        let p = self.calls[parent as usize];
        Call {
            parent: CallRef {
                idx: parent,
                generation: p.generation,
            },
            step: 0,
            hit: false,
            holds_worker: false,
            job: false,
            handed_to_job: false,
            degraded: false,
            shard_from: NONE,
            read,
            node: 0,
            lsn: 0,
            red_node: NONE,
            aside: NONE,
            ..p
        }
    }

    /// A database applied the write of `call`: a second application for the same request
    /// (a retry of a write whose answer was lost or came too late) is a duplicate, unless
    /// the request carries an idempotency key, with which the database recognises the retry
    /// and answers without applying it again.
    pub(crate) fn write_applied(&mut self, call: &Call) {
        let now = self.now;
        let Behavior::Database(DbRt { applied, .. }) = &mut self.comps[call.comp as usize].behavior
        else {
            return;
        };
        if !applied.apply(now, call.req_id) && !call.idempotent {
            self.tally(|t| t.duplicate_writes += 1);
        }
    }

    /// A dependency of a service, database, queue consumer or client answered: on to the
    /// next one (or done without an optional one that failed).
    pub(crate) fn dependency_replied(&mut self, idx: u32, call: Call, outcome: Outcome, via: u32) {
        match outcome {
            Outcome::Fail(_) if self.conns.get(via as usize).is_some_and(|c| c.optional) => {
                // Done without: carry on with the next dependency.
                self.calls[idx as usize].degraded = true;
                self.next_dependency(idx);
            }
            Outcome::Fail(reason) => {
                if call.job {
                    self.job_done(idx, false);
                } else {
                    self.finish(idx, Outcome::Fail(reason));
                }
            }
            o => {
                let c = &mut self.calls[idx as usize];
                c.hit = matches!(o, Outcome::Hit | Outcome::AsideHit);
                c.degraded |= o == Outcome::Degraded;
                match o {
                    // The cache-aside cache had it: the store after it is not read.
                    Outcome::AsideHit => c.step += 1,
                    // It did not: the store next, then fill the cache.
                    Outcome::AsideMiss => c.aside = via,
                    _ if c.aside != NONE => {
                        let (conn, key) = (c.aside, c.key);
                        c.aside = NONE;
                        self.fill_aside(conn, key);
                    }
                    _ => {}
                }
                self.next_dependency(idx);
            }
        }
    }

    /// Takes a call out of its component (statistics and worker).
    fn leave(&mut self, idx: u32) {
        let now = self.now;
        let call = self.calls[idx as usize];
        let comp = call.comp;
        let c = &mut self.comps[comp as usize];
        if !call.handed_to_job {
            c.advance_sys(now);
            c.in_system -= 1;
            let stay = (now - call.arrived) as u128;
            c.win.departures += 1;
            c.win.sys_time += stay;
            if self.measuring {
                c.run.departures += 1;
                c.run.sys_time += stay;
            }
        }
        if call.holds_worker {
            self.calls[idx as usize].holds_worker = false;
            if !self.comps[comp as usize].behavior.unlimited() {
                self.release_worker(comp, call.node);
            } else {
                let c = &mut self.comps[comp as usize];
                c.station.advance(now);
                c.station.busy -= 1;
            }
        }
    }

    /// A call answers its caller over the connection it came in on.
    pub(crate) fn finish(&mut self, idx: u32, outcome: Outcome) {
        self.leave(idx);
        let call = self.calls[idx as usize];
        self.free_call(idx);
        let delay = self.link_delay(call.via, &call);
        let at = self.now.saturating_add(delay.ns);
        if self.conns[call.via as usize].partitioned {
            self.hop(
                call.req_id,
                call.via,
                HopDirection::Response,
                HopOutcome::Lost,
                at,
            );
            self.lost(call.parent, call.deadline, call.via, call.breaker_epoch);
            return;
        }
        self.hop(
            call.req_id,
            call.via,
            HopDirection::Response,
            outcome.hop(),
            at,
        );
        self.schedule(delay, answer(&call, outcome, call.via, call.breaker_epoch));
    }

    /// A call disappears without an answer (a black-holed component).
    pub(crate) fn vanish(&mut self, idx: u32) {
        self.leave(idx);
        let call = self.calls[idx as usize];
        self.free_call(idx);
        if call.job {
            self.async_failed();
        } else {
            self.lost(call.parent, call.deadline, call.via, call.breaker_epoch);
        }
    }

    /// A queue consumer finished a message, with or without success.
    fn job_done(&mut self, idx: u32, ok: bool) {
        self.leave(idx);
        let call = self.calls[idx as usize];
        self.free_call(idx);
        if ok {
            if call.degraded {
                self.tally(|t| t.degraded += 1);
            }
            let latency = self.now - call.birth;
            for t in [&mut self.win, &mut self.run] {
                t.async_completed += 1;
                t.async_sum_ns += latency as u128;
                t.async_latency.record(us(latency));
                if !self.measuring {
                    break;
                }
            }
        } else {
            self.async_failed();
        }
    }

    pub(crate) fn async_failed(&mut self) {
        self.win.async_failed += 1;
        if self.measuring {
            self.run.async_failed += 1;
        }
    }
}
