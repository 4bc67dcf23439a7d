//! Clients and requests: arrivals, attempts with timeouts and retries, and the success or
//! failure each request ends with.

use super::*;

impl Simulation {
    pub(crate) fn schedule_arrival(&mut self, client: u32) {
        let now_s = time::to_s(self.now);
        let Behavior::Client(c) = &self.comps[client as usize].behavior else {
            return;
        };
        let Some((poisson, profile)) = &c.open else {
            return;
        };
        // A step's time was rounded to the nearest ns, possibly just below the step: look
        // half a nanosecond ahead, so the clock standing on a step sees the step's rate.
        let at_s = match profile {
            RateProfile::Steps { .. } | RateProfile::Spike { .. } => now_s + 0.5e-9,
            _ => now_s,
        };
        let rate = profile.rps_at(at_s) * c.spike;
        if !(rate > 0.0 && rate.is_finite()) {
            return;
        }
        let mean_gap = NS_PER_S / rate;
        let gap = if *poisson {
            self.rng.exp(mean_gap)
        } else {
            mean_gap
        };
        let epoch = c.epoch;
        let at = self.now.saturating_add((gap + 0.5) as SimTime);
        if at <= self.end {
            self.events.push(at, Ev::Arrival { client, epoch });
        }
    }

    pub(crate) fn new_request(&mut self, client: u32) {
        let Behavior::Client(c) = &self.comps[client as usize].behavior else {
            return;
        };
        let key = c.keys.sample(&mut self.rng);
        let read = c.read_ratio >= 1.0 || self.rng.unit() < c.read_ratio;
        // Drawn last, and only with paths: a client without them draws what it always did.
        let (path, is_static) = match &c.paths {
            Some(p) => p.sample(&mut self.rng),
            None => (UNNAMED, false),
        };
        // Drawn after the path, and only with signed-in users, for the same reason.
        let user = match c.signed_in {
            0 => NONE,
            n => c.first_user + self.rng.below(n),
        };
        let id = self.next_request_id;
        self.next_request_id += 1;
        let r = Request {
            generation: 0,
            live: true,
            id,
            client,
            birth: self.now,
            attempt: 0,
            attempt_start: self.now,
            key,
            read,
            conn: NONE,
            breaker_epoch: NO_EPOCH,
            path,
            is_static,
            user,
        };
        let now = self.now;
        if let Behavior::Client(c) = &mut self.comps[client as usize].behavior
            && let Some(budget) = &mut c.budget
        {
            budget.first_attempt(now);
        }
        let idx = match self.free_requests.pop() {
            Some(i) => {
                let generation = self.requests[i as usize].generation.wrapping_add(1);
                self.requests[i as usize] = Request { generation, ..r };
                i
            }
            None => {
                self.requests.push(r);
                (self.requests.len() - 1) as u32
            }
        };
        self.live_requests += 1;
        self.win.generated += 1;
        if self.measuring {
            self.run.generated += 1;
        }
        self.start_attempt(idx);
    }

    pub(crate) fn start_attempt(&mut self, req: u32) {
        let now = self.now;
        let r = &mut self.requests[req as usize];
        r.attempt_start = now;
        let r = *r;
        let Behavior::Client(c) = &self.comps[r.client as usize].behavior else {
            return;
        };
        let deadline = now.saturating_add(c.timeout);
        let idempotent = c.idempotent;
        // A client's deadlines are `now + timeout`, in time order: a FIFO lane takes them.
        self.events.push_ordered(
            r.client as usize,
            deadline,
            Ev::Timeout {
                req,
                generation: r.generation,
                attempt: r.attempt,
            },
        );
        self.compact_timeouts();
        let conn = self.pick_client_conn(r.client);
        let call = Call {
            generation: 0,
            live: true,
            comp: NONE,
            parent: ROOT,
            via: conn,
            req,
            req_generation: r.generation,
            attempt: r.attempt,
            req_id: r.id,
            arrived: now,
            deadline,
            key: r.key,
            read: r.read,
            path: r.path,
            is_static: r.is_static,
            step: 0,
            hit: false,
            holds_worker: false,
            job: false,
            inside: false,
            handed_to_job: false,
            birth: r.birth,
            degraded: false,
            breaker_epoch: NO_EPOCH,
            idempotent,
            shard_from: NONE,
            node: 0,
            lsn: 0,
            red_node: NONE,
            aside: NONE,
        };
        self.send(call, conn);
    }

    fn pick_client_conn(&mut self, client: u32) -> u32 {
        let outs = &self.comps[client as usize].outs;
        if outs.len() == 1 {
            return outs[0];
        }
        let total: u64 = outs
            .iter()
            .map(|&o| self.conns[o as usize].weight as u64)
            .sum();
        if total == 0 {
            let i = self.rng.below(outs.len() as u32);
            return outs[i as usize];
        }
        let mut x = (self.rng.unit() * total as f64) as u64;
        for &o in outs {
            let w = self.conns[o as usize].weight as u64;
            if x < w {
                return o;
            }
            x -= w;
        }
        outs[outs.len() - 1]
    }

    #[inline]
    pub(crate) fn request_succeeded(&mut self, req: u32, degraded: bool) {
        let r = self.requests[req as usize];
        let latency = self.now - r.birth;
        let good = latency <= self.slo_latency;
        record_success(&mut self.win, latency, good);
        if self.measuring {
            record_success(&mut self.run, latency, good);
        }
        if degraded {
            self.tally(|t| t.degraded += 1);
        }
        self.end_request(req);
    }

    /// Counts in this window's tally and, after warm-up, the run's.
    pub(crate) fn tally(&mut self, f: impl Fn(&mut Tally)) {
        f(&mut self.win);
        if self.measuring {
            f(&mut self.run);
        }
    }

    pub(crate) fn attempt_failed(&mut self, req: u32, reason: FailReason) {
        let now = self.now;
        let r = self.requests[req as usize];
        let Behavior::Client(c) = &mut self.comps[r.client as usize].behavior else {
            return;
        };
        let mut retry = r.attempt < c.max_retries;
        if retry && let Some(budget) = &mut c.budget {
            retry = budget.try_retry(now);
            if !retry {
                self.tally(|t| t.retries_denied += 1);
            }
        }
        let Behavior::Client(c) = &self.comps[r.client as usize].behavior else {
            return;
        };
        if retry {
            let n = r.attempt; // retries already made
            let backoff = (c.backoff_base * libm::pow(2.0, n as f64)).min(c.backoff_max);
            let wait = match c.jitter {
                Jitter::None => backoff,
                Jitter::Full => backoff * self.rng.unit(),
                Jitter::Equal => backoff / 2.0 + backoff / 2.0 * self.rng.unit(),
            };
            let rq = &mut self.requests[req as usize];
            rq.attempt += 1;
            let generation = rq.generation;
            self.win.retries += 1;
            if self.measuring {
                self.run.retries += 1;
            }
            let at = self.now.saturating_add((wait * 1e6 + 0.5) as SimTime);
            self.events.push(at, Ev::Retry { req, generation });
            return;
        }
        self.win.failed.add(reason);
        if self.measuring {
            self.run.failed.add(reason);
        }
        self.end_request(req);
    }

    fn end_request(&mut self, req: u32) {
        let r = &mut self.requests[req as usize];
        r.live = false;
        let client = r.client;
        self.free_requests.push(req);
        self.live_requests -= 1;
        if let Behavior::Client(c) = &self.comps[client as usize].behavior
            && c.open.is_none()
        {
            let think = c.think.sample(&mut self.rng, 1.0);
            self.events
                .push(self.now.saturating_add(think), Ev::UserWake { client });
        }
    }
}
