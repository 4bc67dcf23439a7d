//! DNS: which target a name resolves to (round robin, weighted, failover, geo), what the DNS
//! knows of its targets' health, and the clients' TTL caches of its answers.
//!
//! Pure state machines: the simulation feeds them the time, the probes and the client, and
//! they answer with an index into the DNS's targets (its outgoing connections, in order).

use crate::rng::Rng;
use crate::scenario::DnsPolicy;
use crate::time::{self, SimTime};

/// The health a DNS has seen of its targets: a target seen down by a check stays in
/// answers until it has been seen down for the detection delay, then is left out until a
/// check sees it up again.
#[derive(Clone, Debug)]
pub struct Health {
    /// Time between checks.
    pub interval: SimTime,
    detection: SimTime,
    /// When a check first saw each target down (`None` while it is seen up).
    down_since: Vec<Option<SimTime>>,
    excluded: Vec<bool>,
}

impl Health {
    /// Every one of `targets` healthy.
    pub fn new(targets: usize, interval: SimTime, detection: SimTime) -> Health {
        Health {
            interval: interval.max(1),
            detection,
            down_since: vec![None; targets],
            excluded: vec![false; targets],
        }
    }

    /// A check at `now` saw target `i` up or down.
    pub fn observe(&mut self, i: usize, up: bool, now: SimTime) {
        let (Some(since), Some(excluded)) = (self.down_since.get_mut(i), self.excluded.get_mut(i))
        else {
            return;
        };
        if up {
            *since = None;
            *excluded = false;
        } else {
            let first = *since.get_or_insert(now);
            if now - first >= self.detection {
                *excluded = true;
            }
        }
    }

    /// Whether target `i` is in answers.
    pub fn healthy(&self, i: usize) -> bool {
        !self.excluded.get(i).copied().unwrap_or(true)
    }
}

/// What a resolver knows about one target, and how far it is from the client asking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// The connection's weight (weighted policy).
    pub weight: u32,
    /// Whether the target is in the asking client's region (geo policy).
    pub same_region: bool,
    /// Mean one-way latency from the asking client to the target, ns (geo policy).
    pub latency_ns: f64,
}

/// The answering side of a DNS: its policy, the round-robin turn and the health it has seen.
#[derive(Clone, Debug)]
pub struct Resolver {
    policy: DnsPolicy,
    turn: usize,
    /// The health checks of a health-aware policy (failover, geo).
    pub health: Option<Health>,
}

impl Resolver {
    /// A resolver over `targets` targets, all healthy.
    pub fn new(policy: DnsPolicy, targets: usize) -> Resolver {
        let health = policy.health_check_ms().map(|(interval_ms, detection_ms)| {
            Health::new(
                targets,
                time::from_ms(interval_ms),
                time::from_ms(detection_ms),
            )
        });
        Resolver {
            policy,
            turn: 0,
            health,
        }
    }

    fn healthy(&self, i: usize) -> bool {
        self.health.as_ref().is_none_or(|h| h.healthy(i))
    }

    /// The index of the target this answer names. `targets` must not be empty. When a
    /// health-aware policy sees no healthy target it answers as if all were healthy (as
    /// DNS services "fail open"): a name that resolves to nothing helps nobody.
    pub fn answer(&mut self, targets: &[Target], rng: &mut Rng) -> usize {
        let n = targets.len();
        if n == 0 {
            return 0;
        }
        match self.policy {
            DnsPolicy::RoundRobin => {
                let i = self.turn % n;
                self.turn = (i + 1) % n;
                i
            }
            DnsPolicy::Weighted => {
                let total: u64 = targets.iter().map(|t| u64::from(t.weight)).sum();
                if total == 0 {
                    return rng.below(n as u32) as usize;
                }
                let mut x = (rng.unit() * total as f64) as u64;
                for (i, t) in targets.iter().enumerate() {
                    let w = u64::from(t.weight);
                    if x < w {
                        return i;
                    }
                    x -= w;
                }
                n - 1
            }
            DnsPolicy::Failover { .. } => (0..n).find(|&i| self.healthy(i)).unwrap_or(0),
            DnsPolicy::Geo { .. } => {
                let all_down = !(0..n).any(|i| self.healthy(i));
                let usable = |i: usize| all_down || self.healthy(i);
                let nearest = |local: bool| {
                    (0..n)
                        .filter(|&i| usable(i) && (!local || targets[i].same_region))
                        .min_by(|&a, &b| targets[a].latency_ns.total_cmp(&targets[b].latency_ns))
                };
                nearest(true).or_else(|| nearest(false)).unwrap_or(0)
            }
        }
    }
}

/// The answers clients hold: per client, the target they were told and until when.
#[derive(Clone, Debug, Default)]
pub struct ClientCache {
    ttl: SimTime,
    entries: Vec<Option<(u32, SimTime)>>,
}

impl ClientCache {
    /// Caches that keep an answer for `ttl`.
    pub fn new(ttl: SimTime) -> ClientCache {
        ClientCache {
            ttl,
            entries: Vec::new(),
        }
    }

    /// The target client `client` holds at `now`, if its answer has not expired.
    pub fn get(&self, client: usize, now: SimTime) -> Option<u32> {
        match self.entries.get(client) {
            Some(Some((target, expires))) if now < *expires => Some(*target),
            _ => None,
        }
    }

    /// Client `client` asked at `now` and was told `target`. The answer counts from the
    /// moment the client asks, so a client asking every `1/r` keeps a cycle of one lookup
    /// and then every request within the TTL: 1 + r·TTL requests per lookup.
    pub fn put(&mut self, client: usize, target: u32, now: SimTime) {
        if self.ttl == 0 {
            return;
        }
        if self.entries.len() <= client {
            self.entries.resize(client + 1, None);
        }
        self.entries[client] = Some((target, now.saturating_add(self.ttl)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: SimTime = 1_000_000;

    fn targets(weights: &[u32]) -> Vec<Target> {
        weights
            .iter()
            .map(|&weight| Target {
                weight,
                same_region: false,
                latency_ns: 0.0,
            })
            .collect()
    }

    fn failover() -> DnsPolicy {
        DnsPolicy::Failover {
            check_interval_ms: 1000.0,
            detection_ms: 2000.0,
        }
    }

    #[test]
    fn round_robin_takes_turns() {
        let mut r = Resolver::new(DnsPolicy::RoundRobin, 3);
        let mut rng = Rng::new(1);
        let t = targets(&[1, 1, 1]);
        let picks: Vec<usize> = (0..7).map(|_| r.answer(&t, &mut rng)).collect();
        assert_eq!(picks, vec![0, 1, 2, 0, 1, 2, 0]);
    }

    #[test]
    fn weighted_follows_the_weights_and_skips_weight_zero() {
        let mut r = Resolver::new(DnsPolicy::Weighted, 3);
        let mut rng = Rng::new(7);
        let t = targets(&[3, 1, 0]);
        let mut count = [0u32; 3];
        for _ in 0..40_000 {
            count[r.answer(&t, &mut rng)] += 1;
        }
        assert_eq!(count[2], 0);
        // Binomial(40 000, 3/4): sd ≈ 87; 4 sd is 350.
        assert!((i64::from(count[0]) - 30_000).abs() < 350, "{count:?}");
    }

    #[test]
    fn health_leaves_a_target_out_after_the_detection_delay_only() {
        let mut h = Health::new(2, 1000 * MS, 2000 * MS);
        h.observe(0, false, 1000 * MS);
        assert!(h.healthy(0), "seen down once");
        h.observe(0, false, 2000 * MS);
        assert!(h.healthy(0), "down for 1 s of 2");
        h.observe(0, false, 3000 * MS);
        assert!(!h.healthy(0), "down for the whole 2 s");
        assert!(h.healthy(1));
        h.observe(0, true, 4000 * MS);
        assert!(h.healthy(0), "back at the first good check");
        assert!(!h.healthy(5), "no such target");
    }

    #[test]
    fn failover_answers_the_primary_then_the_next_then_fails_open() {
        let mut r = Resolver::new(failover(), 3);
        let mut rng = Rng::new(1);
        let t = targets(&[1, 1, 1]);
        assert_eq!(r.answer(&t, &mut rng), 0);
        let h = r.health.as_mut().unwrap();
        h.observe(0, false, 0);
        h.observe(0, false, 2000 * MS);
        assert_eq!(r.answer(&t, &mut rng), 1);
        let h = r.health.as_mut().unwrap();
        for i in 1..3 {
            h.observe(i, false, 0);
            h.observe(i, false, 2000 * MS);
        }
        assert_eq!(r.answer(&t, &mut rng), 0, "nothing healthy: the primary");
    }

    #[test]
    fn geo_prefers_the_clients_region_then_the_nearest_healthy() {
        let policy = DnsPolicy::Geo {
            check_interval_ms: 1000.0,
            detection_ms: 0.0,
        };
        let mut r = Resolver::new(policy, 3);
        let mut rng = Rng::new(1);
        let t = [
            Target {
                weight: 1,
                same_region: false,
                latency_ns: 5.0,
            },
            Target {
                weight: 1,
                same_region: true,
                latency_ns: 50.0,
            },
            Target {
                weight: 1,
                same_region: false,
                latency_ns: 30.0,
            },
        ];
        assert_eq!(r.answer(&t, &mut rng), 1, "in region, though farther");
        r.health.as_mut().unwrap().observe(1, false, 0);
        assert_eq!(r.answer(&t, &mut rng), 0, "the nearest of the others");
        r.health.as_mut().unwrap().observe(0, false, 0);
        assert_eq!(r.answer(&t, &mut rng), 2);
    }

    #[test]
    fn a_cached_answer_lasts_exactly_the_ttl() {
        let mut c = ClientCache::new(30 * MS);
        assert_eq!(c.get(4, 0), None);
        c.put(4, 2, 10 * MS);
        assert_eq!(c.get(4, 10 * MS), Some(2));
        assert_eq!(c.get(4, 40 * MS - 1), Some(2));
        assert_eq!(c.get(4, 40 * MS), None);
        assert_eq!(c.get(3, 20 * MS), None, "another client asks for itself");
        let mut none = ClientCache::new(0);
        none.put(0, 1, 0);
        assert_eq!(none.get(0, 0), None, "TTL 0 caches nothing");
    }
}
