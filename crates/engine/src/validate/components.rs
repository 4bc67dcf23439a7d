//! Each component's parameters: ranges from [`crate::limits`], and the rules between them
//! (autoscaling, redundancy, circuit breakers, a shard router's topology).

use super::*;
use crate::fields::Value;

impl Validator {
    pub(super) fn component(&mut self, c: &Component) {
        let s = Subject::Component { id: c.id.clone() };
        let who = name(c);
        self.fields(&s, &who, &c.params);
        // The rules between fields, and the kinds whose fields need widgets of their own.
        match &c.params {
            Params::Client(p) => {
                match &p.traffic {
                    Traffic::Open { rate, .. } => {
                        for rps in rate.rates() {
                            self.range(&s, &who, "rate", rps, 0.0, MAX_RPS);
                        }
                        self.rate_times(&s, &who, rate);
                    }
                    Traffic::Closed { users, think_time } => {
                        self.count(&s, &who, "users", *users, 1, MAX_POOL);
                        self.dist(&s, &who, "think_time", think_time);
                    }
                }
                if p.retry_budget.is_some() && p.retry.max_retries == 0 {
                    self.push(
                        Severity::Warning,
                        s.clone(),
                        "retry_budget",
                        format!(
                            "{who}: a retry budget has nothing to limit while max retries is 0"
                        ),
                    );
                }
                self.paths(&s, &who, &p.paths);
            }
            Params::Service(p) => {
                if p.instances as u64 * p.workers as u64 > MAX_POOL as u64 {
                    self.err(
                        &s,
                        "workers",
                        format!(
                            "{who}: instances × workers must be at most {MAX_POOL}, got {}",
                            p.instances as u64 * p.workers as u64
                        ),
                    );
                }
                if let Some(a) = &p.autoscale {
                    self.autoscale(&s, &who, a, p.workers);
                }
            }
            Params::ShardRouter(p) => match &p.strategy {
                ShardStrategy::Range { boundaries } => {
                    for (i, pair) in boundaries.windows(2).enumerate() {
                        if pair[1] <= pair[0] {
                            self.err(
                                    &s,
                                    "boundaries",
                                    format!(
                                        "{who}: range boundaries must increase, but boundary {} ({}) is not above boundary {} ({})",
                                        i + 2,
                                        pair[1],
                                        i + 1,
                                        pair[0]
                                    ),
                                );
                        }
                    }
                    if let Some(&b) = boundaries.iter().find(|&&b| b == 0 || b >= p.key_space) {
                        self.err(
                                &s,
                                "boundaries",
                                format!(
                                    "{who}: every range boundary must be between 1 and {} (inside the key space), got {b}",
                                    p.key_space.saturating_sub(1)
                                ),
                            );
                    }
                }
                ShardStrategy::HashMod
                | ShardStrategy::Directory { .. }
                | ShardStrategy::ConsistentHash { .. } => {}
            },
            // Every other kind's fields are checked from their descriptions alone.
            _ => {}
        }
        if let Some(f) = &c.failures {
            self.range(
                &s,
                &who,
                "failures.mtbf_s",
                f.mtbf_s,
                0.001,
                MAX_DURATION_S * 1000.0,
            );
            self.range(&s, &who, "failures.mttr_s", f.mttr_s, 0.001, MAX_DURATION_S);
        }
        if let Some(r) = &c.redundancy {
            self.redundancy(&s, &who, &c.params, r);
        }
    }

    /// The ranges of the kind's fields ([`crate::fields`]) that apply to these parameters.
    fn fields(&mut self, s: &Subject, who: &str, params: &Params) {
        for field in params.kind().fields() {
            match field.value {
                Value::Number(n) => {
                    if let Some(x) = (n.get)(params) {
                        self.range(s, who, field.key, x, n.min, n.max);
                    }
                }
                Value::Dist(get, _) => {
                    if let Some(d) = get(params) {
                        self.dist(s, who, field.key, &d);
                    }
                }
                Value::Switch(..) | Value::Choice(..) | Value::List(..) => {}
            }
        }
    }

    pub(super) fn autoscale(&mut self, s: &Subject, who: &str, a: &Autoscale, workers: u32) {
        self.count(
            s,
            who,
            "autoscale.min_instances",
            a.min_instances,
            1,
            MAX_POOL,
        );
        self.count(
            s,
            who,
            "autoscale.max_instances",
            a.max_instances,
            1,
            MAX_POOL,
        );
        if a.max_instances < a.min_instances {
            self.err(
                s,
                "autoscale.max_instances",
                format!(
                    "{who}: autoscale.max_instances must be at least autoscale.min_instances ({}), got {}",
                    a.min_instances, a.max_instances
                ),
            );
        }
        if a.max_instances as u64 * workers as u64 > MAX_POOL as u64 {
            self.err(
                s,
                "autoscale.max_instances",
                format!(
                    "{who}: autoscale.max_instances × workers must be at most {MAX_POOL}, got {}",
                    a.max_instances as u64 * workers as u64
                ),
            );
        }
        self.range(
            s,
            who,
            "autoscale.target_utilization",
            a.target_utilization,
            0.01,
            1.0,
        );
        self.range(
            s,
            who,
            "autoscale.interval_s",
            a.interval_s,
            0.1,
            MAX_DURATION_S,
        );
        self.range(
            s,
            who,
            "autoscale.cooldown_s",
            a.cooldown_s,
            0.0,
            MAX_DURATION_S,
        );
        self.range(
            s,
            who,
            "autoscale.warmup_s",
            a.warmup_s,
            0.0,
            MAX_DURATION_S,
        );
    }

    /// Redundancy of a load balancer, cache or database. A database with replicas refuses
    /// it: replication already decides what serves when the primary dies (a replica is
    /// promoted after the detection delay), and the two would fight over the same failure,
    /// so a replicated database has no redundancy (the simulation ignores it).
    pub(super) fn redundancy(&mut self, s: &Subject, who: &str, params: &Params, r: &Redundancy) {
        if let Params::Database(DatabaseParams {
            replication: Some(_),
            ..
        }) = params
        {
            self.err(
                s,
                "redundancy",
                format!(
                    "{who}: a database with replicas cannot also have redundancy (its replicas already fail over); turn off one of them"
                ),
            );
            return;
        }
        if !Redundancy::applies_to(params.kind()) {
            self.err(
                s,
                "redundancy",
                format!(
                    "{who}: redundancy is for load balancers, caches and databases (a service scales with instances)"
                ),
            );
            return;
        }
        match *r {
            Redundancy::ActivePassive { failover_ms, .. } => {
                self.range(s, who, "redundancy.failover_ms", failover_ms, 0.0, MAX_MS)
            }
            Redundancy::ActiveActive { nodes } => {
                self.count(s, who, "redundancy.nodes", nodes, 2, MAX_NODES)
            }
        }
    }

    /// A connection's circuit breaker: window in calls, thresholds, open time, probes.
    pub(super) fn breaker(&mut self, s: &Subject, who: &str, b: &CircuitBreaker) {
        let max = MAX_BREAKER_WINDOW;
        self.count(s, who, "breaker.window", b.window, 1, max);
        self.count(
            s,
            who,
            "breaker.min_calls",
            b.min_calls,
            1,
            b.window.clamp(1, max),
        );
        if b.failure_threshold.is_finite() && b.failure_threshold <= 0.0 {
            self.err(
                s,
                "breaker.failure_threshold",
                format!(
                    "{who}: breaker.failure_threshold must be above 0 (a share of failed calls, 0 to 1), got {}",
                    fmt_num(b.failure_threshold)
                ),
            );
        } else {
            self.range(
                s,
                who,
                "breaker.failure_threshold",
                b.failure_threshold,
                0.0,
                1.0,
            );
        }
        self.range(s, who, "breaker.open_ms", b.open_ms, 1.0, MAX_MS);
        self.count(
            s,
            who,
            "breaker.half_open_probes",
            b.half_open_probes,
            1,
            100,
        );
    }

    /// A shard router's live shards and range boundaries against its connections.
    pub(super) fn shard_topology(&mut self, c: &Component, s: &Subject, outs: usize) {
        let Params::ShardRouter(p) = &c.params else {
            return;
        };
        let who = name(c);
        if outs == 0 {
            self.err(
                s,
                "connections",
                format!(
                    "{who} has no shards: connect it to the databases or caches that hold its keys"
                ),
            );
            return;
        }
        if p.active_shards as usize > outs {
            self.err(
                s,
                "active_shards",
                format!(
                    "{who}: live shards must be at most its {outs} connection(s), got {}",
                    p.active_shards
                ),
            );
            return;
        }
        let live = p.live_shards(outs) as usize;
        if let ShardStrategy::Range { boundaries } = &p.strategy
            && !boundaries.is_empty()
            && boundaries.len() + 1 != live
        {
            self.err(
                s,
                "boundaries",
                format!(
                    "{who}: {live} live shards need {} range boundaries, got {} (or leave them empty to split the key space evenly)",
                    live - 1,
                    boundaries.len()
                ),
            );
        }
    }

    pub(super) fn rate_times(&mut self, s: &Subject, who: &str, rate: &RateProfile) {
        match rate {
            RateProfile::Constant { .. } => {}
            RateProfile::Steps { steps, .. } => {
                for (i, step) in steps.iter().enumerate() {
                    self.range(
                        s,
                        who,
                        &format!("rate.steps[{i}].at_s"),
                        step.at_s,
                        0.0,
                        MAX_DURATION_S,
                    );
                }
                if steps.len() > 1000 {
                    self.err(
                        s,
                        "rate.steps",
                        format!("{who}: at most 1000 rate steps, got {}", steps.len()),
                    );
                }
            }
            RateProfile::Ramp { start_s, end_s, .. } => {
                self.range(s, who, "rate.start_s", *start_s, 0.0, MAX_DURATION_S);
                self.range(s, who, "rate.end_s", *end_s, 0.0, MAX_DURATION_S);
                if start_s.is_finite() && end_s.is_finite() && end_s <= start_s {
                    self.err(
                        s,
                        "rate.end_s",
                        format!(
                            "{who}: the ramp must end after it starts (start {start_s} s, end {end_s} s)"
                        ),
                    );
                }
            }
            RateProfile::Spike {
                at_s, duration_s, ..
            } => {
                self.range(s, who, "rate.at_s", *at_s, 0.0, MAX_DURATION_S);
                self.range(s, who, "rate.duration_s", *duration_s, 0.0, MAX_DURATION_S);
            }
        }
    }
}
