//! Each component's parameters: ranges from [`crate::limits`], and the rules between them
//! (autoscaling, redundancy, circuit breakers, a shard router's topology).

use super::*;
use crate::fields::Value;

impl Validator {
    pub(crate) fn component(&mut self, c: &Component) {
        let s = Subject::Component { id: c.id.clone() };
        let who = name(c);
        self.fields(&s, &who, &c.params);
        // The rules between fields, and the fields that need widgets of their own.
        c.params.check_fields(self, &s, &who);
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

    /// The rules between an autoscaler's fields (their ranges are in its description).
    pub(crate) fn autoscale(&mut self, s: &Subject, who: &str, a: &Autoscale, workers: u32) {
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
    }

    /// Redundancy of a load balancer, cache or database. A database with replicas refuses
    /// it: replication already decides what serves when the primary dies (a replica is
    /// promoted after the detection delay), and the two would fight over the same failure,
    /// so a replicated database has no redundancy (the simulation ignores it).
    pub(crate) fn redundancy(&mut self, s: &Subject, who: &str, params: &Params, r: &Redundancy) {
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
    pub(crate) fn breaker(&mut self, s: &Subject, who: &str, b: &CircuitBreaker) {
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

    pub(crate) fn rate_times(&mut self, s: &Subject, who: &str, rate: &RateProfile) {
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
