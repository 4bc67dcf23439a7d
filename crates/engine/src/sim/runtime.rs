//! What each kind of component does in the simulation.
//!
//! Each kind's parameters type implements [`Runtime`] in the kind's file in `kinds/`, beside
//! its parameters and fields. The one list of kinds (`with_kinds!` in `kinds/mod.rs`)
//! generates here the [`Behavior`] enum (a variant per kind, holding that kind's
//! [`Runtime::State`]) and the dispatch from a component's kind to its implementation:
//! `match`es over the kinds, so static dispatch that the compiler inlines, with no virtual
//! call on the hot path.

pub(crate) use super::components::{Comp, DbReplicas};
pub(crate) use super::{Call, CallRef, Delay, Ev, NO_EPOCH, NONE, Outcome, ROOT, Simulation};
pub(crate) use crate::kinds::with_kinds;
pub(crate) use crate::metrics::FailReason;
pub(crate) use crate::paths::PathTable;
pub(crate) use crate::rng::{DistNs, Rng};
pub(crate) use crate::scenario::*;
pub(crate) use crate::station::Station;
pub(crate) use crate::time::{self, NS_PER_S, SimTime};

/// What a new component's runtime is built from, besides its parameters.
pub(crate) struct Build<'a> {
    /// Its outgoing connections, in order.
    pub(crate) outs: usize,
    /// Every request path's name, interned.
    pub(crate) paths: &'a mut PathTable,
    /// A gateway's route table: the connection each path takes.
    pub(crate) routes: Vec<u32>,
    /// The keys the clients can touch (a replicated database tracks a version for each).
    pub(crate) keys: u32,
    /// The signed-in users of the clients before it (a client's users follow theirs).
    pub(crate) users_before: u32,
    /// The redundancy the simulation gives the component.
    pub(crate) redundancy: Option<Redundancy>,
}

/// What a kind of component does with the calls that reach it. Every method but `build`
/// and `arrive` has the behaviour of most kinds as its default.
pub(crate) trait Runtime {
    /// The kind's state during a run.
    type State: Clone + std::fmt::Debug;

    /// Whether its busy count measures its utilization (false for kinds that only pass
    /// calls on, without workers of their own).
    const UTILIZED: bool = true;

    /// Whether it is a name service: it answers where to go, and the request then goes
    /// there from its client. A hop into it takes no time, a hop out of it follows the
    /// client's path, and a crash fails only the lookups in progress.
    const NAME_SERVICE: bool = false;

    /// The state and the station (worker pool and queue) of a new component.
    fn build(&self, b: &mut Build) -> (Self::State, Station<CallRef>);

    /// Schedules what the component does of its own accord from the start (arrivals,
    /// health checks).
    fn start(_sim: &mut Simulation, _comp: u32) {}

    /// Call `idx` reaches component `comp`, which is up.
    fn arrive(sim: &mut Simulation, idx: u32, comp: u32);

    /// Call `idx` reaches component `comp`, which is down: it fails at once or vanishes,
    /// as the crash says.
    fn arrive_down(sim: &mut Simulation, idx: u32, comp: u32) {
        sim.refuse_down(idx, comp);
    }

    /// The work of `call` (its value when the work ended) is done.
    fn work_done(_sim: &mut Simulation, _idx: u32, _call: Call) {}

    /// A child of `call` answered, over connection `via`: by default, on to the next
    /// dependency (or done without an optional one that failed).
    fn replied(sim: &mut Simulation, idx: u32, call: Call, outcome: Outcome, via: u32) {
        sim.dependency_replied(idx, call, outcome, via);
    }

    /// A caller read `key` from the store after this component (a cache-aside cache) missed
    /// it, and gives it the value.
    fn fill(_sim: &mut Simulation, _comp: u32, _key: u32) {}

    /// The component crashed. `lose_state`: what it held in memory is gone (a hot standby
    /// taking over keeps it).
    fn crashed(_sim: &mut Simulation, _comp: u32, _lose_state: bool) {}

    /// A timer the component set ([`Simulation::set_timer`]) went off, with its tag.
    fn timer(_sim: &mut Simulation, _comp: u32, _tag: u64) {}

    /// How long a worker takes over a call (kinds with a worker pool).
    #[inline]
    fn work_time(_state: &Self::State, _rng: &mut Rng, _slow: f64, _read: bool) -> SimTime {
        0
    }

    /// Whether it serves every call at once (no worker pool): its busy count is then a
    /// number of calls in progress, not of workers.
    fn unlimited(_state: &Self::State) -> bool {
        false
    }

    /// Whether its utilization is the mean number of calls in progress rather than busy
    /// workers over all workers.
    fn util_in_calls(_state: &Self::State) -> bool {
        false
    }
}

macro_rules! declare_runtime {
    ($( $(#[$attr:meta])* $kind:ident($params:ty) = $name:literal, slug $slug:literal, id $prefix:literal,
        calls $calls:expr, fields $fields:expr, default $default:expr; )*) => {
        /// A component's state during a run: its kind's [`Runtime::State`].
        #[derive(Clone, Debug)]
        pub(crate) enum Behavior {
            $($kind(<$params as Runtime>::State),)*
        }

        impl Behavior {
            /// See [`Runtime::unlimited`].
            #[inline]
            pub(crate) fn unlimited(&self) -> bool {
                match self {
                    $(Behavior::$kind(s) => <$params as Runtime>::unlimited(s),)*
                }
            }

            /// See [`Runtime::util_in_calls`].
            pub(crate) fn util_in_calls(&self) -> bool {
                match self {
                    $(Behavior::$kind(s) => <$params as Runtime>::util_in_calls(s),)*
                }
            }

            /// See [`Runtime::work_time`].
            #[inline]
            pub(crate) fn work_time(&self, rng: &mut Rng, slow: f64, read: bool) -> SimTime {
                match self {
                    $(Behavior::$kind(s) => <$params as Runtime>::work_time(s, rng, slow, read),)*
                }
            }
        }

        /// Whether a kind's busy count measures its utilization ([`Runtime::UTILIZED`]).
        pub(crate) fn utilized(kind: Kind) -> bool {
            match kind {
                $(Kind::$kind => <$params as Runtime>::UTILIZED,)*
            }
        }

        /// Whether a kind is a name service ([`Runtime::NAME_SERVICE`]).
        pub(crate) fn name_service(kind: Kind) -> bool {
            match kind {
                $(Kind::$kind => <$params as Runtime>::NAME_SERVICE,)*
            }
        }

        /// The runtime state and station of a component with `params`.
        pub(crate) fn build_behavior(params: &Params, b: &mut Build) -> (Behavior, Station<CallRef>) {
            match params {
                $(Params::$kind(p) => {
                    let (state, station) = Runtime::build(p, b);
                    (Behavior::$kind(state), station)
                })*
            }
        }

        impl Simulation {
            /// See [`Runtime::start`].
            pub(crate) fn start_component(&mut self, comp: u32) {
                match self.comps[comp as usize].kind {
                    $(Kind::$kind => <$params as Runtime>::start(self, comp),)*
                }
            }

            /// See [`Runtime::arrive`] and [`Runtime::arrive_down`].
            #[inline]
            pub(crate) fn arrive_at(&mut self, idx: u32, comp: u32) {
                let c = &self.comps[comp as usize];
                if c.up {
                    match c.kind {
                        $(Kind::$kind => <$params as Runtime>::arrive(self, idx, comp),)*
                    }
                } else {
                    match c.kind {
                        $(Kind::$kind => <$params as Runtime>::arrive_down(self, idx, comp),)*
                    }
                }
            }

            /// See [`Runtime::fill`]: fills the component at the end of connection `conn`.
            pub(crate) fn fill_aside(&mut self, conn: u32, key: u32) {
                let comp = self.conns[conn as usize].to;
                match self.comps[comp as usize].kind {
                    $(Kind::$kind => <$params as Runtime>::fill(self, comp, key),)*
                }
            }

            /// See [`Runtime::crashed`].
            pub(crate) fn crashed_component(&mut self, comp: u32, lose_state: bool) {
                match self.comps[comp as usize].kind {
                    $(Kind::$kind => <$params as Runtime>::crashed(self, comp, lose_state),)*
                }
            }

            /// See [`Runtime::timer`].
            pub(crate) fn timer_fired(&mut self, comp: u32, tag: u64) {
                match self.comps[comp as usize].kind {
                    $(Kind::$kind => <$params as Runtime>::timer(self, comp, tag),)*
                }
            }

            /// See [`Runtime::work_done`].
            #[inline]
            pub(crate) fn work_done(&mut self, idx: u32) {
                let call = self.calls[idx as usize];
                match self.comps[call.comp as usize].kind {
                    $(Kind::$kind => <$params as Runtime>::work_done(self, idx, call),)*
                }
            }

            /// See [`Runtime::replied`].
            #[inline]
            pub(crate) fn child_replied(&mut self, idx: u32, outcome: Outcome, via: u32) {
                let call = self.calls[idx as usize];
                match self.comps[call.comp as usize].kind {
                    $(Kind::$kind => <$params as Runtime>::replied(self, idx, call, outcome, via),)*
                }
            }
        }
    };
}

with_kinds!(declare_runtime);
