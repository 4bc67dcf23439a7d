//! What a user can set on a component, described once per kind (in `kinds/`): the app's
//! inspector draws its fields from these descriptors (label, unit, range, help) and
//! validation checks the same ranges, so a range is never typed twice and a new parameter
//! needs no code in the app unless it needs a widget of its own.

use crate::scenario::{Dist, Params};

/// Reads a field from a component's parameters: `None` when it does not apply to them
/// (another kind, or another mode of this one), and the inspector then leaves it out.
pub type Get<T> = fn(&Params) -> Option<T>;
/// Writes a field into a component's parameters (a no-op where it does not apply).
pub type Set<T> = fn(&mut Params, T);

/// One parameter of a kind, as the inspector shows it and validation checks it.
#[derive(Clone, Copy)]
pub struct Field {
    /// Its path in the scenario's JSON ("workers", "health_check.interval_ms"). Validation's
    /// messages carry it, the inspector shows them under the field with this key, and it
    /// names the field's input in the app's tests (`param-<key>`).
    pub key: &'static str,
    /// What the inspector calls it ("Workers").
    pub label: &'static str,
    /// The unit after the input ("ms", "per instance"); empty for none.
    pub unit: &'static str,
    /// One sentence: what it is and what changing it does.
    pub help: &'static str,
    /// A heading the inspector puts above it, for the first field of a section.
    pub section: Option<&'static str>,
    /// How it is read, written and bounded.
    pub value: Value,
}

/// The kinds of value a field holds.
#[derive(Clone, Copy)]
pub enum Value {
    Number(Number),
    /// A latency distribution (its parameters are checked like every other latency).
    Dist(Get<Dist>, Set<Dist>),
    /// On or off.
    Switch(Get<bool>, Set<bool>),
    /// One of a few named options, as (value, label) pairs; setting one may reshape the
    /// parameters (e.g. a cache switched to a fixed hit ratio starts at 80 %).
    Choice(
        &'static [(&'static str, &'static str)],
        Get<&'static str>,
        Set<&'static str>,
    ),
    /// A list of whole numbers (e.g. the boundaries of range sharding); its rules are the
    /// kind's own.
    List(Get<Vec<u32>>, Set<Vec<u32>>),
}

/// A number and its bounds, in the units the scenario stores.
#[derive(Clone, Copy)]
pub struct Number {
    pub get: Get<f64>,
    pub set: Set<f64>,
    pub min: f64,
    pub max: f64,
    /// The step of the input's arrows.
    pub step: f64,
    /// Whole numbers only.
    pub integer: bool,
    /// Stored as a share from 0 to 1 and shown as a percentage.
    pub percent: bool,
}

/// A whole number from `min` to `max`.
pub const fn count(min: u32, max: u32, (get, set): (Get<f64>, Set<f64>)) -> Value {
    Value::Number(Number {
        get,
        set,
        min: min as f64,
        max: max as f64,
        step: 1.0,
        integer: true,
        percent: false,
    })
}

/// A number from `min` to `max`, stepped by `step`.
pub const fn real(min: f64, max: f64, step: f64, (get, set): (Get<f64>, Set<f64>)) -> Value {
    Value::Number(Number {
        get,
        set,
        min,
        max,
        step,
        integer: false,
        percent: false,
    })
}

/// A share from 0 to 1, shown as a percentage stepped by `step` points.
pub const fn share(step: f64, get_set: (Get<f64>, Set<f64>)) -> Value {
    share_up_to(1.0, step, get_set)
}

/// A share from `min` to 1, shown as a percentage stepped by `step` points.
pub const fn share_from(min: f64, step: f64, get_set: (Get<f64>, Set<f64>)) -> Value {
    match share(step, get_set) {
        Value::Number(n) => Value::Number(Number { min, ..n }),
        other => other,
    }
}

/// A share from 0 to `max` (a retry budget may allow 2 retries per request: 200 %), shown
/// as a percentage stepped by `step` points.
pub const fn share_up_to(max: f64, step: f64, (get, set): (Get<f64>, Set<f64>)) -> Value {
    Value::Number(Number {
        get,
        set,
        min: 0.0,
        max,
        step,
        integer: false,
        percent: true,
    })
}

/// One of `options`, as (value, label) pairs.
pub const fn pick(
    options: &'static [(&'static str, &'static str)],
    (get, set): (Get<&'static str>, Set<&'static str>),
) -> Value {
    Value::Choice(options, get, set)
}

/// A latency distribution.
pub const fn dist((get, set): (Get<Dist>, Set<Dist>)) -> Value {
    Value::Dist(get, set)
}

/// A list of whole numbers.
pub const fn list((get, set): (Get<Vec<u32>>, Set<Vec<u32>>)) -> Value {
    Value::List(get, set)
}

/// On or off.
pub const fn switch((get, set): (Get<bool>, Set<bool>)) -> Value {
    Value::Switch(get, set)
}

impl Field {
    /// A field with no unit and no section; set them with [`Field::unit`] and
    /// [`Field::section`].
    pub const fn new(
        key: &'static str,
        label: &'static str,
        value: Value,
        help: &'static str,
    ) -> Field {
        Field {
            key,
            label,
            unit: "",
            help,
            section: None,
            value,
        }
    }

    pub const fn unit(self, unit: &'static str) -> Field {
        Field { unit, ..self }
    }

    pub const fn section(self, title: &'static str) -> Field {
        Field {
            section: Some(title),
            ..self
        }
    }

    /// Whether the field applies to these parameters.
    pub fn applies(&self, params: &Params) -> bool {
        match self.value {
            Value::Number(n) => (n.get)(params).is_some(),
            Value::Dist(get, _) => get(params).is_some(),
            Value::Switch(get, _) => get(params).is_some(),
            Value::Choice(_, get, _) => get(params).is_some(),
            Value::List(get, _) => get(params).is_some(),
        }
    }
}

/// How a stored value converts to and from what a field edits: a count is stored as `u32`
/// and edited as `f64`; everything else as itself.
pub trait Stored<T> {
    fn load(&self) -> T;
    fn store(&mut self, value: T);
}

impl<T: Clone> Stored<T> for T {
    fn load(&self) -> T {
        self.clone()
    }
    fn store(&mut self, value: T) {
        *self = value;
    }
}

impl Stored<f64> for u32 {
    fn load(&self) -> f64 {
        f64::from(*self)
    }
    fn store(&mut self, value: f64) {
        // The inspector only passes whole numbers; validation reports the range.
        *self = value as u32;
    }
}

/// The getter and setter of one place in one or more kinds' parameters:
/// - `at!(Service, p => p.workers)`: a field of the parameters;
/// - `at!(Cache, p => p.mode, CacheMode::Lru { ttl_ms, .. } => ttl_ms)`: a field inside
///   one variant of an enum; elsewhere the field does not apply;
/// - `at!(Cache, p if p.reads == Reads::Through => p.writes)`: a field that applies only
///   while the condition holds (another field picks a mode it belongs to).
macro_rules! at {
    ($($kind:ident)|+, $p:ident => $place:expr) => {
        (
            |params: &$crate::Params| match params {
                $($crate::Params::$kind($p))|+ => Some($crate::fields::Stored::load(&$place)),
                _ => None,
            },
            |params: &mut $crate::Params, v| {
                if let $($crate::Params::$kind($p))|+ = params {
                    $crate::fields::Stored::store(&mut $place, v);
                }
            },
        )
    };
    ($($kind:ident)|+, $p:ident => $scrutinee:expr, $pat:pat => $x:ident) => {
        (
            |params: &$crate::Params| match params {
                $($crate::Params::$kind($p))|+ => match &$scrutinee {
                    $pat => Some($crate::fields::Stored::load($x)),
                    #[allow(unreachable_patterns)]
                    _ => None,
                },
                _ => None,
            },
            |params: &mut $crate::Params, v| {
                if let $($crate::Params::$kind($p))|+ = params {
                    #[allow(irrefutable_let_patterns)]
                    if let $pat = &mut $scrutinee {
                        $crate::fields::Stored::store($x, v);
                    }
                }
            },
        )
    };    ($($kind:ident)|+, $p:ident if $cond:expr => $place:expr) => {
        (
            |params: &$crate::Params| match params {
                $($crate::Params::$kind($p))|+ if $cond => {
                    Some($crate::fields::Stored::load(&$place))
                }
                _ => None,
            },
            |params: &mut $crate::Params, v| {
                if let $($crate::Params::$kind($p))|+ = params {
                    $crate::fields::Stored::store(&mut $place, v);
                }
            },
        )
    };
}
pub(crate) use at;

/// A getter and setter computed from one kind's parameters:
/// `computed!(Cache, p => name_of(p.mode), v => p.mode = mode_named(v))`.
macro_rules! computed {
    ($kind:ident, $p:ident => $get:expr, $v:ident => $set:expr) => {
        (
            |params: &$crate::Params| match params {
                $crate::Params::$kind($p) => Some($get),
                _ => None,
            },
            |params: &mut $crate::Params, $v| {
                if let $crate::Params::$kind($p) = params {
                    $set;
                }
            },
        )
    };
}
pub(crate) use computed;

/// Names the variants of a field-less enum for a choice field, by the names its JSON uses:
/// `named!(ReadBalance { RoundRobin => "round_robin", LeastLoaded => "least_loaded" })`.
macro_rules! named {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $crate::fields::Stored<&'static str> for $ty {
            fn load(&self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
            fn store(&mut self, name: &'static str) {
                match name {
                    $($name => *self = Self::$variant,)+
                    _ => {}
                }
            }
        }
    };
}
pub(crate) use named;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Component, Kind, Scenario};
    use crate::validate::validate;
    use std::collections::BTreeSet;

    /// A kind's default parameters and those of its other modes (each option of a choice,
    /// each switch flipped), so every field applies to at least one of them.
    fn variants(kind: Kind) -> Vec<Params> {
        let mut all = vec![kind.default_params()];
        // Two rounds, so a field behind two switches (a client's retry budget needs retries
        // and the budget on) is reached too.
        for _ in 0..2 {
            let mut next = all.clone();
            for params in &all {
                for field in kind.fields() {
                    let mut changed = Vec::new();
                    match field.value {
                        Value::Choice(options, _, set) => {
                            for &(name, _) in options {
                                let mut p = params.clone();
                                set(&mut p, name);
                                changed.push(p);
                            }
                        }
                        Value::Switch(get, set) => {
                            if let Some(on) = get(params) {
                                let mut p = params.clone();
                                set(&mut p, !on);
                                changed.push(p);
                            }
                        }
                        // A count at 0 may turn off the fields that follow it (a gateway's
                        // workers, a client's retries).
                        Value::Number(n) if (n.get)(params) == Some(0.0) => {
                            let mut p = params.clone();
                            (n.set)(&mut p, 1.0);
                            changed.push(p);
                        }
                        _ => {}
                    }
                    next.extend(changed);
                }
            }
            all.clear();
            for p in next {
                if !all.contains(&p) {
                    all.push(p);
                }
            }
        }
        all
    }

    fn problems_of(params: &Params) -> Vec<(String, String)> {
        let sc: Scenario = serde_json::from_value(serde_json::json!({ "components": [] }))
            .expect("an empty scenario");
        let mut sc = sc;
        sc.components.push(Component {
            id: "it".into(),
            label: "It".into(),
            pos: Default::default(),
            params: params.clone(),
            failures: None,
            zone: None,
            redundancy: None,
        });
        // Only what is about the fields: a lone component also has no connections.
        let keys: Vec<&str> = params.kind().fields().iter().map(|f| f.key).collect();
        validate(&sc)
            .into_iter()
            .filter(|p| {
                p.is_error()
                    && keys
                        .iter()
                        .any(|k| p.field == *k || p.field.starts_with(&format!("{k}.")))
            })
            .map(|p| (p.field.clone(), p.message.clone()))
            .collect()
    }

    #[test]
    fn every_field_is_described_once_and_applies_to_its_kind_only() {
        for kind in Kind::ALL {
            let variants = variants(kind);
            // A key may be described twice (a rate limiter's limit, whose range depends on
            // its algorithm), but never twice for the same parameters.
            for params in &variants {
                let applying: Vec<&str> = kind
                    .fields()
                    .iter()
                    .filter(|f| f.applies(params))
                    .map(|f| f.key)
                    .collect();
                let keys: BTreeSet<&str> = applying.iter().copied().collect();
                assert_eq!(keys.len(), applying.len(), "{kind:?}: {applying:?}");
            }
            for field in kind.fields() {
                assert!(!field.label.is_empty(), "{kind:?}.{}", field.key);
                assert!(
                    (20..200).contains(&field.help.len()),
                    "{kind:?}.{}: the help is one short sentence",
                    field.key
                );
                assert!(
                    variants.iter().any(|p| field.applies(p)),
                    "{kind:?}.{} applies to none of its modes",
                    field.key
                );
                for other in Kind::ALL
                    .into_iter()
                    .filter(|&k| k != kind && !matches!(k, Kind::BlobStorage | Kind::ExternalApi))
                {
                    assert!(
                        !field.applies(&other.default_params()),
                        "{kind:?}.{} applies to {other:?}",
                        field.key
                    );
                }
            }
        }
    }

    #[test]
    fn a_number_reads_back_what_was_written_and_defaults_are_in_range() {
        for kind in Kind::ALL {
            for params in variants(kind) {
                for field in kind.fields() {
                    let Value::Number(n) = field.value else {
                        continue;
                    };
                    let Some(x) = (n.get)(&params) else { continue };
                    assert!(
                        (n.min..=n.max).contains(&x),
                        "{kind:?}.{}: default {x} outside {}..={}",
                        field.key,
                        n.min,
                        n.max
                    );
                    let mut p = params.clone();
                    let y = if n.integer {
                        n.min + 1.0
                    } else {
                        (n.min + n.max) / 2.0
                    };
                    (n.set)(&mut p, y);
                    assert_eq!((n.get)(&p), Some(y), "{kind:?}.{}", field.key);
                }
            }
        }
    }

    #[test]
    fn validation_refuses_a_value_beyond_each_range_under_the_fields_key() {
        for kind in Kind::ALL {
            for params in variants(kind) {
                assert_eq!(
                    problems_of(&params),
                    vec![],
                    "{kind:?} defaults: {params:?}"
                );
                for field in kind.fields() {
                    let Value::Number(n) = field.value else {
                        continue;
                    };
                    if (n.get)(&params).is_none() || n.max >= f64::from(u32::MAX) {
                        continue;
                    }
                    let mut p = params.clone();
                    let over = if n.integer { n.max + 1.0 } else { n.max * 2.0 };
                    (n.set)(&mut p, over);
                    let problems = problems_of(&p);
                    assert!(
                        problems.iter().any(|(key, message)| key == field.key
                            && message.contains(&format!("must be at most {}", n.max))),
                        "{kind:?}.{} = {over}: {problems:?}",
                        field.key
                    );
                }
            }
        }
    }
}
