//! Analysis: what queueing theory predicts of a design, beside what a run of it measures.
//!
//! [`analyze`] is a pure function of a [`Scenario`]: the offered load λ of every component
//! (client rates × routing shares × cache miss ratios), its servers c and service time,
//! its utilization ρ = λ/(cμ) and, where a textbook model applies, its mean time in system
//! W (Erlang C for M/M/c, Pollaczek–Khinchine for M/G/1 and M/D/1, Allen–Cunneen for
//! M/G/c); the bottleneck and how far the client rates can grow; the single points of
//! failure; the availability that MTBF/MTTR predict; and the monthly cost at list prices. [`Analysis::compare`] puts a
//! run's measurements beside the predictions, with 95 % confidence intervals by batch
//! means. Whatever cannot be predicted is said in a note rather than guessed.

mod compare;
mod cost;
mod hit_ratio;
mod load;
pub mod queueing;
mod resilience;
mod text;

pub use compare::{Comparison, Interval, LittleCheck, Simulated, t_quantile_975};
pub use cost::{ComponentCost, Cost, PRICES, Prices};
pub use hit_ratio::hit_ratio;
pub use resilience::{Availability, Spof, SpofScope, downtime_per_month_min, parallel, series};

use crate::kinds::params::*;
use crate::scenario::{Component, Kind, Params, Redundancy, Scenario};
use load::{Loads, offered_loads, target};
use queueing::{Model, Moments, wait_s};
use serde::Serialize;

/// Everything the analysis says about a scenario.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub scenario: String,
    pub components: Vec<ComponentAnalysis>,
    /// The component with the highest predicted ρ, if any ρ is known.
    pub bottleneck: Option<String>,
    /// The factor every client rate could be multiplied by before the bottleneck saturates
    /// (1 / its ρ).
    pub max_scale: Option<f64>,
    /// The open-loop clients' mean rates added up, and that sum times `max_scale`: the
    /// most the design sustains with the clients' mix unchanged.
    pub client_rps: f64,
    pub max_client_rps: Option<f64>,
    /// Components whose single failure leaves the clients without any successful answer.
    pub spofs: Vec<Spof>,
    /// The availability MTBF/MTTR predict for a request.
    pub availability: Option<Availability>,
    /// What the design costs a month at list prices, at the predicted loads.
    pub cost: Cost,
    /// What holds for the whole design (faults in the timeline, autoscaling, ...).
    pub notes: Vec<String>,
}

/// One component: its predicted load and queueing figures, and the simulated ones beside.
#[derive(Clone, Debug, Serialize)]
pub struct ComponentAnalysis {
    pub id: String,
    pub kind: Kind,
    /// Offered load: requests per second that reach it (`None`: not predictable).
    pub lambda_rps: Option<f64>,
    /// Workers, connections or consumers serving at once (`None`: unlimited, or none).
    pub servers: Option<u32>,
    /// Mean of one unit of its own work, and that work's squared coefficient of variation.
    pub service_ms: Option<f64>,
    pub service_scv: Option<f64>,
    /// How long a worker is held: its own work plus, for services and queue consumers,
    /// the time it waits for its dependencies (predicted).
    pub hold_ms: Option<f64>,
    /// Caches and CDNs: the predicted read hit ratio.
    pub hit_ratio: Option<f64>,
    /// The queueing model its figures come from.
    pub model: Option<Model>,
    /// Utilization of its busiest station, λ·hold / c (≥ 1: it cannot keep up).
    pub rho: Option<f64>,
    /// Utilization as the simulation measures it: busy workers / all workers, or for
    /// components without a pool the mean number of calls being worked on.
    pub utilization: Option<f64>,
    /// Mean wait for a worker and mean time in system W = Wq + service.
    pub wait_ms: Option<f64>,
    pub time_in_system_ms: Option<f64>,
    /// Why W (or λ, or ρ) is missing or approximate.
    pub notes: Vec<String>,
    /// λ follows from the graph exactly (routing shares, fixed hit ratios), with no
    /// approximation upstream.
    pub lambda_exact: bool,
    /// Every figure predicted is exact queueing theory for the long run (λ exact, and an
    /// M/M/c, M/G/1 or M/G/∞ station whose work ends inside it).
    pub exact: bool,
    /// The run's measurements, after [`Analysis::compare`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated: Option<Simulated>,
}

/// A component's workers as queueing theory sees them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Station {
    /// `servers` workers behind one queue of `queue` places. `waits` when a worker stays
    /// busy through the component's calls downstream (services, queue consumers).
    Pool {
        servers: u32,
        service: Moments,
        queue: u32,
        waits: bool,
    },
    /// Every call is served at once, for `service` (caches, remotes, CDN edges, DNS).
    Unlimited { service: Moments },
    /// It only passes requests on (load balancers, rate limiters, routers, clients).
    Router,
}

/// The station of a component. `read_share` is the share of reads among its calls (a
/// database's reads and writes take different times). Each kind's servers and service
/// time are read in its own function below, and nowhere else.
pub(crate) fn station(comp: &Component, read_share: f64) -> Station {
    match &comp.params {
        Params::Service(p) => service_station(p),
        Params::Database(p) => {
            let nodes = match comp.redundancy {
                Some(Redundancy::ActiveActive { nodes }) => nodes.max(1),
                _ => 1,
            };
            database_station(p, nodes, read_share)
        }
        Params::Cache(p) => cache_station(p),
        Params::Queue(p) => Station::Pool {
            servers: p.consumers,
            service: Moments::of(&p.consumer_time),
            queue: p.capacity,
            waits: true,
        },
        Params::ApiGateway(p) if p.workers > 0 => Station::Pool {
            servers: p.workers,
            service: Moments::of(&p.overhead),
            queue: p.queue_capacity,
            waits: false,
        },
        Params::ApiGateway(p) => Station::Unlimited {
            service: Moments::of(&p.overhead),
        },
        Params::Cdn(p) => Station::Unlimited {
            service: Moments::of(&p.edge_latency),
        },
        Params::BlobStorage(p) | Params::ExternalApi(p) => Station::Unlimited {
            service: Moments::of(&p.latency),
        },
        Params::Client(_)
        | Params::LoadBalancer(_)
        | Params::RateLimiter(_)
        | Params::ShardRouter(_)
        | Params::Dns(_) => Station::Router,
    }
}

/// A service: instances × workers share one queue; a worker is held through the calls
/// the service makes.
fn service_station(p: &ServiceParams) -> Station {
    Station::Pool {
        servers: p.instances.saturating_mul(p.workers()),
        service: Moments::of(&p.service_time).faster(p.size.speed()),
        queue: p.queue_capacity,
        waits: true,
    }
}

/// A database node (or `nodes` active-active nodes sharing one queue): its connections,
/// serving reads and writes in the proportion `read_share`.
fn database_station(p: &DatabaseParams, nodes: u32, read_share: f64) -> Station {
    Station::Pool {
        servers: p.connections().saturating_mul(nodes),
        service: Moments::of(&p.read_time)
            .mix(read_share, Moments::of(&p.write_time))
            .faster(p.size.speed()),
        queue: p.queue_capacity,
        waits: false,
    }
}

/// A cache answers every lookup at once, after its latency.
fn cache_station(p: &CacheParams) -> Station {
    Station::Unlimited {
        service: Moments::of(&p.latency),
    }
}

/// A share of loss or timeouts above which a finite queue's W is not predicted.
const NOTICEABLE_LOSS: f64 = 0.01;

/// Analyses `scenario` (it need not have been run; it should be valid).
pub fn analyze(scenario: &Scenario) -> Analysis {
    let loads = offered_loads(scenario);
    let n = scenario.components.len();
    let mut comps: Vec<ComponentAnalysis> = scenario
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| ComponentAnalysis {
            id: c.id.clone(),
            kind: c.params.kind(),
            lambda_rps: None,
            servers: None,
            service_ms: None,
            service_scv: None,
            hold_ms: None,
            hit_ratio: loads.hit_ratio[i],
            model: None,
            rho: None,
            utilization: None,
            wait_ms: None,
            time_in_system_ms: None,
            notes: loads.notes[i].clone(),
            lambda_exact: false,
            exact: false,
            simulated: None,
        })
        .collect();
    // What a call to each component costs its caller, callees first.
    let mut response_ms: Vec<Option<f64>> = vec![None; n];
    for &i in loads.order.iter().rev() {
        response_ms[i] = predict(scenario, i, &loads, &response_ms, &mut comps[i]);
        if let Params::Queue(q) = &scenario.components[i].params
            && loads.inflow[i].is_some()
        {
            // The producer's answer is the acknowledgement; consumers work afterwards.
            response_ms[i] = Some(q.ack_latency.mean_ms());
        }
    }
    let (bottleneck, max_scale) = match comps
        .iter()
        .filter_map(|c| c.rho.map(|r| (c, r)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        Some((c, rho)) if rho > 0.0 => (Some(c.id.clone()), Some(1.0 / rho)),
        _ => (None, None),
    };
    let client_rps: f64 = scenario
        .components
        .iter()
        .filter_map(|c| match &c.params {
            Params::Client(ClientParams {
                traffic: Traffic::Open { rate, .. },
                ..
            }) => Some(load::client_rate(scenario, rate).0),
            _ => None,
        })
        .sum();
    let mut notes = design_notes(scenario);
    let nonlinear = scenario.components.iter().any(|c| match &c.params {
        Params::Cache(p) => matches!(p.mode, CacheMode::Lru { .. }),
        Params::Cdn(_) | Params::RateLimiter(_) => true,
        Params::ApiGateway(p) => p.rate_limit.is_some(),
        Params::Service(p) => p.autoscale.is_some(),
        _ => false,
    });
    if nonlinear && max_scale.is_some() {
        notes.push(
            "the headroom scales today's loads linearly: hit ratios, rate limits and autoscaling change with the rate, so it is approximate"
                .into(),
        );
    }
    Analysis {
        scenario: scenario.name.clone(),
        components: comps,
        bottleneck,
        max_scale,
        client_rps,
        max_client_rps: max_scale.map(|k| k * client_rps),
        spofs: resilience::spofs(scenario, &loads),
        availability: resilience::availability(scenario, &loads),
        cost: cost::cost(scenario, &loads),
        notes,
    }
}

/// What the analysis cannot account for in the whole design.
fn design_notes(s: &Scenario) -> Vec<String> {
    let mut notes = Vec::new();
    if !s.faults.is_empty() {
        notes.push(format!(
            "{} fault(s) in the timeline: predictions are for the design without them, so the run may disagree while they last",
            s.faults.len()
        ));
    }
    if s.run.chaos {
        notes.push("random failures are on: predictions assume every component up".into());
    }
    if !s.network.zones.is_empty() {
        notes.push("zone and region crossings are left out of the response times".into());
    }
    notes
}

/// The mean round trip of connection `k`.
fn round_trip_ms(s: &Scenario, k: usize) -> f64 {
    2.0 * s.connections[k].latency.mean_ms()
}

/// Fills in component `i`'s predictions and returns the mean time a call to it takes,
/// everything downstream included (`None`: unknown).
fn predict(
    s: &Scenario,
    i: usize,
    loads: &Loads,
    response_ms: &[Option<f64>],
    out: &mut ComponentAnalysis,
) -> Option<f64> {
    let comp = &s.components[i];
    let flow = loads.inflow[i].as_ref()?;
    if flow.unknown {
        out.notes
            .push("part of its load is not predictable (see upstream)".into());
        return None;
    }
    let lambda = flow.rps();
    if !matches!(comp.params, Params::Client(_)) {
        out.lambda_rps = Some(lambda);
    }
    out.lambda_exact = !flow.approx;
    // Set again below where a station's model is exact.
    out.exact = false;
    let read_share = if lambda > 0.0 {
        flow.reads() / lambda
    } else {
        1.0
    };
    // The time spent downstream per call: each connection's share of the calls × (its
    // round trip + the callee's response time).
    let mut downstream_ms = Some(0.0);
    for &k in &loads.outs[i] {
        let Some(edge) = &loads.edge[k] else { continue };
        let q = if lambda > 0.0 {
            edge.rps() / lambda
        } else {
            0.0
        };
        if q == 0.0 {
            continue;
        }
        downstream_ms = match (downstream_ms, response_ms[target(s, k)]) {
            (Some(d), Some(r)) => Some(d + q * (round_trip_ms(s, k) + r)),
            _ => None,
        };
    }
    if let Some((p, a)) = autoscaled(comp) {
        out.notes.push(format!(
            "autoscaled between {} and {} instances: ρ is for the {} it starts with",
            a.min_instances, a.max_instances, p.instances
        ));
    }
    if let Params::Database(p) = &comp.params
        && let Some(r) = &p.replication
    {
        return replicated_db(s, comp, p, r, flow.reads(), flow.writes(), out);
    }
    match station(comp, read_share) {
        Station::Router => {
            if let Params::Client(_) = comp.params {
                return None;
            }
            out.exact = out.lambda_exact;
            downstream_ms
        }
        Station::Unlimited { service } => {
            out.service_ms = Some(service.mean_ms);
            out.service_scv = Some(service.scv);
            out.hold_ms = Some(service.mean_ms);
            out.model = Some(Model::Infinite);
            // M/G/∞: the mean number of calls in progress is λ·E[S].
            out.utilization = Some(lambda * service.mean_ms / 1000.0);
            out.exact = out.lambda_exact;
            out.wait_ms = Some(0.0);
            if loads.outs[i].is_empty() || matches!(comp.params, Params::ApiGateway(_)) {
                out.time_in_system_ms = Some(service.mean_ms);
            } else {
                out.notes.push(
                    "its time in system includes what it calls; its own work is the lookup".into(),
                );
            }
            if let Params::ApiGateway(_) = comp.params {
                out.notes
                    .push("W is its own check; the routed call comes after".into());
            }
            Some(service.mean_ms + downstream_ms?)
        }
        Station::Pool {
            servers,
            service,
            queue,
            waits,
        } => {
            out.servers = Some(servers);
            out.service_ms = Some(service.mean_ms);
            out.service_scv = Some(service.scv);
            let calls_out = waits && !loads.outs[i].is_empty();
            let hold_ms = if calls_out {
                let Some(downstream_ms) = downstream_ms else {
                    out.notes.push(
                        "what it calls has no predicted response time, so neither has its workers' hold"
                            .into(),
                    );
                    return None;
                };
                service.mean_ms + downstream_ms
            } else {
                service.mean_ms
            };
            out.hold_ms = Some(hold_ms);
            let rho = lambda * hold_ms / 1000.0 / servers.max(1) as f64;
            out.rho = Some(rho);
            out.utilization = Some(rho.min(1.0));
            let ca2 = flow.ca2();
            if calls_out {
                // Its workers' holding time is not a service-time distribution we know:
                // only ρ is predicted, and the caller's estimate assumes exponential holds.
                out.notes.push(format!(
                    "its workers wait for what it calls: W includes their time (hold ≈ {hold_ms:.1} ms), so only its ρ is predicted"
                ));
                let held = Moments {
                    mean_ms: hold_ms,
                    scv: 1.0,
                };
                let wq = wait_s(lambda, Some(servers), held, ca2)? * 1000.0;
                return Some(hold_ms + wq);
            }
            let model = Model::of(Some(servers), ca2, service);
            out.model = Some(model);
            if rho >= 1.0 {
                out.notes.push(format!(
                    "saturated (ρ = {rho:.2}): its queue grows until it rejects or times out"
                ));
                return None;
            }
            let wq_ms = wait_s(lambda, Some(servers), service, ca2)? * 1000.0;
            // For M/M/c, P(at least K waiting) = C·ρ^K: a full queue rejects that share.
            let a = lambda * service.mean_ms / 1000.0;
            let full = queueing::erlang_c(servers, a).unwrap_or(1.0) * rho.powf(queue as f64);
            if full > NOTICEABLE_LOSS {
                out.notes.push(format!(
                    "its queue of {queue} fills about {:.1} % of the time: the infinite-queue model does not apply",
                    full * 100.0
                ));
                return None;
            }
            if let Params::Database(p) = &comp.params {
                // M/M/c: P(Wq > t) = C·e^{−(cμ − λ)t}.
                let mu = 1000.0 / service.mean_ms;
                let late = queueing::erlang_c(servers, a).unwrap_or(1.0)
                    * (-(servers as f64 * mu - lambda) * p.max_wait_ms / 1000.0).exp();
                if late > NOTICEABLE_LOSS {
                    out.notes.push(format!(
                        "about {:.1} % of queries would wait longer than {} ms and time out",
                        late * 100.0,
                        p.max_wait_ms
                    ));
                    return None;
                }
            }
            if model == Model::Mgc || model == Model::Ggc {
                out.notes
                    .push("Allen–Cunneen is an approximation beyond M/M/c and M/G/1".into());
            }
            out.exact = out.lambda_exact
                && matches!(model, Model::Mmc | Model::Mg1 | Model::Md1)
                && autoscaled(comp).is_none();
            out.wait_ms = Some(wq_ms);
            out.time_in_system_ms = Some(service.mean_ms + wq_ms);
            Some(service.mean_ms + wq_ms)
        }
    }
}

/// A service's parameters and autoscaler, if it has one.
fn autoscaled(comp: &Component) -> Option<(&ServiceParams, &Autoscale)> {
    match &comp.params {
        Params::Service(p) => p.autoscale.as_ref().map(|a| (p, a)),
        _ => None,
    }
}

/// A database with read replicas: writes on the primary, reads spread over the replicas
/// (or on the primary when reads are not split). Each node has its own connections.
fn replicated_db(
    s: &Scenario,
    comp: &Component,
    p: &DatabaseParams,
    r: &Replication,
    reads: f64,
    writes: f64,
    out: &mut ComponentAnalysis,
) -> Option<f64> {
    let _ = (s, comp);
    let node = |read_share| match database_station(p, 1, read_share) {
        Station::Pool {
            servers, service, ..
        } => (servers, service),
        _ => (
            1,
            Moments {
                mean_ms: 0.0,
                scv: 0.0,
            },
        ),
    };
    let ((servers, read), (_, write)) = (node(1.0), node(0.0));
    let c = servers.max(1) as f64;
    let replicas = r.replicas.max(1) as f64;
    let (primary_reads, replica_reads) = if r.split_reads {
        (0.0, reads / replicas)
    } else {
        (reads, 0.0)
    };
    let primary_busy = (primary_reads * read.mean_ms + writes * write.mean_ms) / 1000.0;
    let replica_busy = replica_reads * read.mean_ms / 1000.0;
    let rho = (primary_busy / c).max(replica_busy / c);
    out.servers = Some(servers);
    out.rho = Some(rho);
    out.utilization =
        Some(((primary_busy + replica_busy * replicas) / (c * (1.0 + replicas))).min(1.0));
    out.notes.push(format!(
        "replicated: primary ρ = {:.2}, each replica ρ = {:.2}; W is not predicted per node",
        primary_busy / c,
        replica_busy / c
    ));
    if r.mode != ReplicationMode::Async {
        out.notes
            .push("writes also wait for replicas to acknowledge: not in ρ".into());
    }
    let lambda = reads + writes;
    if lambda > 0.0 {
        out.service_ms = Some((reads * read.mean_ms + writes * write.mean_ms) / lambda);
    }
    out.service_ms
}

impl Analysis {
    /// The analysis as a readable table.
    pub fn to_text(&self) -> String {
        text::render(self)
    }
}
