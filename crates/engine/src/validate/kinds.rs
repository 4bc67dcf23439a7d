//! What validation checks of each kind beyond the ranges of its described fields.
//!
//! Each kind's parameters type implements [`Check`] in the kind's file in `kinds/`; the one
//! list of kinds (`with_kinds!`) generates the dispatch here.

pub(crate) use super::{Severity, Subject, Validator};
pub(crate) use crate::kinds::with_kinds;
pub(crate) use crate::scenario::*;

/// The rules of a kind that its fields' descriptions cannot say. Every item has the answer
/// of most kinds as its default.
pub(crate) trait Check {
    /// Whether it routes by path, so that a route on its connections means something.
    const ROUTES_BY_PATH: bool = false;

    /// Whether it carries on without an optional dependency that failed (the others fail
    /// when any call fails).
    const OPTIONAL_DEPENDENCIES: bool = false;

    /// Whether requests are born at it (a client): nothing may call it, and it stands for
    /// users, so it does not crash, fail at random or go down with its zone.
    const SOURCE: bool = false;

    /// Whether it can be made redundant ([`Redundancy`]): spare or parallel nodes of one
    /// component.
    const REDUNDANCY: bool = false;

    /// The rules between its fields. `s` and `who` name the component in messages.
    fn fields(&self, _v: &mut Validator, _s: &Subject, _who: &str) {}

    /// The rules on its `outs` outgoing connections beyond what its kind declares it must
    /// call ([`crate::kinds::Calls`]).
    fn connections(&self, _v: &mut Validator, _s: &Subject, _who: &str, _outs: usize) {}

    /// Why a resize (a move to another machine size) cannot apply to it, or `None` when it
    /// can. Only kinds with a `size` field are asked.
    fn not_resizable(&self) -> Option<&'static str> {
        Some("has no machine size")
    }
}

macro_rules! declare_checks {
    ($( $(#[$attr:meta])* $kind:ident($params:ty) = $name:literal, slug $slug:literal, id $prefix:literal,
        calls $calls:expr, fields $fields:expr, default $default:expr; )*) => {
        impl Params {
            /// See [`Check::fields`].
            pub(crate) fn check_fields(&self, v: &mut Validator, s: &Subject, who: &str) {
                match self {
                    $(Params::$kind(p) => Check::fields(p, v, s, who),)*
                }
            }

            /// See [`Check::not_resizable`].
            pub(crate) fn not_resizable(&self) -> Option<&'static str> {
                match self {
                    $(Params::$kind(p) => Check::not_resizable(p),)*
                }
            }

            /// See [`Check::connections`].
            pub(crate) fn check_connections(
                &self,
                v: &mut Validator,
                s: &Subject,
                who: &str,
                outs: usize,
            ) {
                match self {
                    $(Params::$kind(p) => Check::connections(p, v, s, who, outs),)*
                }
            }
        }

        impl Kind {
            /// See [`Check::ROUTES_BY_PATH`].
            pub(crate) fn routes_by_path(self) -> bool {
                match self {
                    $(Kind::$kind => <$params as Check>::ROUTES_BY_PATH,)*
                }
            }

            /// Whether requests are born at this kind (a client): see [`Check::SOURCE`].
            pub fn is_source(self) -> bool {
                match self {
                    $(Kind::$kind => <$params as Check>::SOURCE,)*
                }
            }

            /// See [`Check::REDUNDANCY`].
            pub(crate) fn takes_redundancy(self) -> bool {
                match self {
                    $(Kind::$kind => <$params as Check>::REDUNDANCY,)*
                }
            }

            /// See [`Check::OPTIONAL_DEPENDENCIES`].
            pub(crate) fn optional_dependencies(self) -> bool {
                match self {
                    $(Kind::$kind => <$params as Check>::OPTIONAL_DEPENDENCIES,)*
                }
            }
        }
    };
}

with_kinds!(declare_checks);
