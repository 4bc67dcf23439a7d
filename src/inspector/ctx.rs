//! What every component field panel shares: the selected component's context (read a
//! parameter, write one as an undoable edit, find its problems) and the usual ranges.

use crate::editor::edit::Edit;
use crate::engine::fields::{Field, Value};
use crate::engine::{Dist, Kind, Params, Subject};
use crate::inspector::fields::{CheckField, DistField, ListField, NumField, SelectField};
use crate::inspector::help;
use crate::inspector::problems::problems_for;
use crate::state::AppState;
use leptos::prelude::*;

/// Messages about `subject` that no field shows (e.g. "not connected to anything"): neither
/// a field the engine describes nor one of `shown`, the keys of the app's own widgets.
pub(super) fn general_problems(
    state: AppState,
    subject: Subject,
    shown: &'static [&'static str],
) -> Signal<Vec<(bool, String)>> {
    Signal::derive(move || {
        state.problems.with(|ps| {
            ps.iter()
                .filter(|p| {
                    let shows = |f: &str| p.field == f || p.field.starts_with(&format!("{f}."));
                    p.subject == subject
                        && !shown.iter().any(|f| shows(f))
                        && !Kind::ALL
                            .iter()
                            .flat_map(|k| k.fields())
                            .any(|f| shows(f.key))
                })
                .map(|p| (p.is_error(), p.message.clone()))
                .collect()
        })
    })
}

/// What a component field panel needs: the state and the component's id.
#[derive(Clone)]
pub(super) struct Ctx {
    pub(super) state: AppState,
    pub(super) id: String,
}

impl Ctx {
    pub(super) fn subject(&self) -> Subject {
        Subject::Component {
            id: self.id.clone(),
        }
    }

    /// A value read from the component's parameters.
    pub(super) fn get<T: Clone + Send + Sync + 'static>(
        &self,
        default: T,
        f: impl Fn(&Params) -> Option<T> + Send + Sync + 'static,
    ) -> Signal<T> {
        let (state, id) = (self.state, self.id.clone());
        Signal::derive(move || {
            state
                .scenario
                .with(|s| s.component(&id).and_then(|c| f(&c.params)))
                .unwrap_or_else(|| default.clone())
        })
    }

    /// A callback that changes the component's parameters (one undoable edit).
    pub(super) fn set<T: 'static>(
        &self,
        f: impl Fn(&mut Params, T) + Send + Sync + 'static,
    ) -> Callback<T> {
        let (state, id) = (self.state, self.id.clone());
        Callback::new(move |v: T| {
            let params = state
                .scenario
                .with_untracked(|s| s.component(&id).map(|c| c.params.clone()));
            if let Some(mut p) = params {
                f(&mut p, v);
                state.apply(Edit::SetParams {
                    id: id.clone(),
                    params: p,
                });
            }
        })
    }

    pub(super) fn tid(&self, field: &str) -> String {
        format!("param-{field}")
    }

    /// A number parameter.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn num(
        &self,
        label: &'static str,
        unit: &'static str,
        help_key: &'static str,
        field: &'static str,
        (min, max, step, integer): (f64, f64, f64, bool),
        get: impl Fn(&Params) -> Option<f64> + Send + Sync + 'static,
        set: impl Fn(&mut Params, f64) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <NumField
                label=label
                unit=unit
                help=help::field(help_key)
                value=self.get(0.0, get)
                on_set=self.set(set)
                min=min
                max=max
                step=step
                integer=integer
                errors=problems_for(self.state, self.subject(), field)
                testid=self.tid(field)
            />
        }
        .into_any()
    }

    /// A latency distribution parameter.
    pub(super) fn dist(
        &self,
        label: &'static str,
        help_key: &'static str,
        field: &'static str,
        get: impl Fn(&Params) -> Option<Dist> + Send + Sync + 'static,
        set: impl Fn(&mut Params, Dist) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <DistField
                label=label
                help=help::field(help_key)
                value=self.get(Dist::Constant { ms: 0.0 }, get)
                on_set=self.set(set)
                errors=problems_for(self.state, self.subject(), field)
                testid=self.tid(field)
            />
        }
        .into_any()
    }

    /// A choice parameter.
    pub(super) fn choice(
        &self,
        label: &'static str,
        help_key: &'static str,
        field: &'static str,
        options: Vec<(&'static str, &'static str)>,
        get: impl Fn(&Params) -> Option<String> + Send + Sync + 'static,
        set: impl Fn(&mut Params, String) + Send + Sync + 'static,
    ) -> AnyView {
        view! {
            <SelectField
                label=label
                help=help::field(help_key)
                options=options
                value=self.get(String::new(), get)
                on_set=self.set(set)
                testid=self.tid(field)
            />
        }
        .into_any()
    }
}

impl Ctx {
    /// The fields the engine describes for these parameters' kind ([`Kind::fields`]), those
    /// that apply to them, in order: label, unit, range, help and validation messages all
    /// come from the description.
    pub(super) fn described(&self, params: &Params) -> Vec<AnyView> {
        let mut views = Vec::new();
        for field in params.kind().fields().iter().filter(|f| f.applies(params)) {
            if let Some(title) = field.section {
                views.push(view! { <h3 class="section-title">{title}</h3> }.into_any());
            }
            views.push(self.described_field(field));
        }
        views
    }

    fn described_field(&self, field: &'static Field) -> AnyView {
        let (label, unit, help, key) = (field.label, field.unit, field.help, field.key);
        let errors = problems_for(self.state, self.subject(), key);
        let testid = self.tid(key);
        match field.value {
            Value::Number(n) => {
                // A share is edited as a percentage, to a hundredth of a point.
                let shown = if n.percent { 100.0 } else { 1.0 };
                view! {
                    <NumField
                        label=label
                        unit=unit
                        help=help
                        value=self.get(0.0, move |p| {
                            (n.get)(p).map(|x| (x * shown * 100.0).round() / 100.0)
                        })
                        on_set=self.set(move |p, x: f64| (n.set)(p, x / shown))
                        min=n.min * shown
                        max=n.max * shown
                        step=n.step
                        integer=n.integer
                        errors=errors
                        testid=testid
                    />
                }
                .into_any()
            }
            Value::Dist(get, set) => view! {
                <DistField
                    label=label
                    help=help
                    value=self.get(Dist::Constant { ms: 0.0 }, get)
                    on_set=self.set(set)
                    errors=errors
                    testid=testid
                />
            }
            .into_any(),
            Value::Switch(get, set) => view! {
                <CheckField
                    label=label
                    help=help
                    value=self.get(false, get)
                    on_set=self.set(set)
                    testid=testid
                />
            }
            .into_any(),
            Value::Choice(options, get, set) => view! {
                <SelectField
                    label=label
                    help=help
                    options=options.to_vec()
                    value=self.get(String::new(), move |p| get(p).map(str::to_string))
                    on_set=self.set(move |p, name: String| {
                        if let Some(&(name, _)) = options.iter().find(|(v, _)| *v == name) {
                            set(p, name);
                        }
                    })
                    testid=testid
                />
            }
            .into_any(),
            Value::List(get, set) => view! {
                <ListField
                    label=label
                    unit=unit
                    help=help
                    value=self.get(Vec::new(), get)
                    on_set=self.set(set)
                    errors=errors
                    testid=testid
                />
            }
            .into_any(),
        }
    }
}

pub(super) const COUNT: (f64, f64, f64, bool) = (1.0, 100_000.0, 1.0, true);
pub(super) const RPS: (f64, f64, f64, bool) = (0.0, 1_000_000.0, 10.0, false);
pub(super) const SECONDS: (f64, f64, f64, bool) = (0.0, 86_400.0, 1.0, false);

macro_rules! p {
    ($variant:ident, $p:ident => $e:expr) => {
        |params: &Params| match params {
            Params::$variant($p) => Some($e),
            _ => None,
        }
    };
}
macro_rules! s {
    ($variant:ident, $p:ident, $v:ident => $e:expr) => {
        |params: &mut Params, $v| {
            if let Params::$variant($p) = params {
                $e;
            }
        }
    };
}
pub(super) use {p, s};
