//! Inspector form fields: a labelled number with unit and range, a list of numbers, a choice,
//! a switch and a latency distribution, each with its explanation and the engine's
//! validation messages.

use crate::engine::Dist;
use crate::format;
use leptos::prelude::*;

/// Parses what the user typed into a number field; the error says what was wrong.
pub fn parse_number(text: &str, integer: bool, min: f64) -> Result<f64, String> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Err("Enter a number".to_string());
    }
    let v: f64 = t
        .parse()
        .map_err(|_| format!("\"{}\" is not a number", text.trim()))?;
    if !v.is_finite() {
        return Err("Enter a finite number".to_string());
    }
    if integer && v.fract() != 0.0 {
        return Err("Enter a whole number".to_string());
    }
    if integer && v < 0.0 {
        return Err(format!("Must be at least {}", format::plain(min.max(0.0))));
    }
    Ok(v)
}

/// A number field.
#[component]
pub fn NumField(
    /// What the field is.
    label: &'static str,
    /// The unit shown after the input ("ms", "rps"); empty for none.
    #[prop(default = "")]
    unit: &'static str,
    /// One sentence on the concept and what changing it does.
    #[prop(default = "")]
    help: &'static str,
    #[prop(into)] value: Signal<f64>,
    on_set: Callback<f64>,
    #[prop(default = 0.0)] min: f64,
    #[prop(default = 1e9)] max: f64,
    #[prop(default = 1.0)] step: f64,
    #[prop(default = false)] integer: bool,
    /// The engine's messages about this field.
    #[prop(into)]
    errors: Signal<Vec<String>>,
    /// The `data-testid` of the input.
    testid: String,
) -> impl IntoView {
    let local_error = RwSignal::new(None::<String>);
    // Bumped to re-render the input's value after a refused entry.
    let nonce = RwSignal::new(0u32);
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match parse_number(&text, integer, min) {
            Ok(v) => {
                local_error.set(None);
                if v != value.get_untracked() {
                    on_set.run(v);
                }
            }
            Err(e) => {
                local_error.set(Some(e));
                nonce.update(|n| *n += 1);
            }
        }
    };
    let has_error = move || local_error.with(|e| e.is_some()) || errors.with(|e| !e.is_empty());
    view! {
        <div class="field" class:invalid=has_error>
            <label class="field-row">
                <span class="field-label">{label}</span>
                <span class="field-input">
                    <input
                        type="number"
                        data-testid=testid
                        min=min
                        max=max
                        step=step
                        prop:value=move || {
                            nonce.track();
                            format::plain(value.get())
                        }
                        on:change=on_change
                        aria-invalid=move || if has_error() { "true" } else { "false" }
                    />
                    <span class="field-unit">{unit}</span>
                </span>
            </label>
            <FieldNotes local_error=local_error errors=errors help=help />
        </div>
    }
}

/// Under a field: why what was typed was refused, the engine's messages about the field,
/// and its explanation.
#[component]
fn FieldNotes(
    local_error: RwSignal<Option<String>>,
    #[prop(into)] errors: Signal<Vec<String>>,
    help: &'static str,
) -> impl IntoView {
    view! {
        {move || local_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
        {move || {
            errors
                .get()
                .into_iter()
                .map(|e| view! { <p class="field-error" data-testid="field-error">{e}</p> })
                .collect_view()
        }}
        {(!help.is_empty()).then(|| view! { <p class="field-help">{help}</p> })}
    }
}

/// Parses a list of whole numbers separated by commas or spaces ("2500, 5000 7500"); an
/// empty text is the empty list.
pub fn parse_list(text: &str) -> Result<Vec<u32>, String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<u32>()
                .map_err(|_| format!("\"{t}\" is not a whole number"))
        })
        .collect()
}

/// A list of whole numbers in one text input.
#[component]
pub fn ListField(
    label: &'static str,
    #[prop(default = "")] unit: &'static str,
    #[prop(default = "")] help: &'static str,
    #[prop(default = "")] placeholder: &'static str,
    #[prop(into)] value: Signal<Vec<u32>>,
    on_set: Callback<Vec<u32>>,
    #[prop(into)] errors: Signal<Vec<String>>,
    testid: String,
) -> impl IntoView {
    let local_error = RwSignal::new(None::<String>);
    let nonce = RwSignal::new(0u32);
    let on_change = move |ev: leptos::ev::Event| match parse_list(&event_target_value(&ev)) {
        Ok(v) => {
            local_error.set(None);
            if v != value.get_untracked() {
                on_set.run(v);
            }
        }
        Err(e) => {
            local_error.set(Some(e));
            nonce.update(|n| *n += 1);
        }
    };
    let has_error = move || local_error.with(|e| e.is_some()) || errors.with(|e| !e.is_empty());
    view! {
        <div class="field" class:invalid=has_error>
            <label class="field-row">
                <span class="field-label">{label}</span>
                <span class="field-input">
                    <input
                        type="text"
                        inputmode="numeric"
                        data-testid=testid
                        placeholder=placeholder
                        prop:value=move || {
                            nonce.track();
                            value
                                .get()
                                .iter()
                                .map(|x| x.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                        on:change=on_change
                        aria-invalid=move || if has_error() { "true" } else { "false" }
                    />
                    <span class="field-unit">{unit}</span>
                </span>
            </label>
            <FieldNotes local_error=local_error errors=errors help=help />
        </div>
    }
}

/// A choice among a few options.
#[component]
pub fn SelectField(
    label: &'static str,
    #[prop(default = "")] help: &'static str,
    /// `(value, text)` pairs.
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] value: Signal<String>,
    on_set: Callback<String>,
    testid: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field-row">
                <span class="field-label">{label}</span>
                <span class="field-input">
                    <select
                        data-testid=testid
                        prop:value=move || value.get()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if v != value.get_untracked() {
                                on_set.run(v);
                            }
                        }
                    >
                        {options
                            .into_iter()
                            .map(|(v, t)| {
                                view! {
                                    <option value=v selected=move || value.get() == v>
                                        {t}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </span>
            </label>
            {(!help.is_empty()).then(|| view! { <p class="field-help">{help}</p> })}
        </div>
    }
}

/// An on/off switch.
#[component]
pub fn CheckField(
    label: &'static str,
    #[prop(default = "")] help: &'static str,
    #[prop(into)] value: Signal<bool>,
    on_set: Callback<bool>,
    testid: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field-row check">
                <span class="field-label">{label}</span>
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=move || value.get()
                    on:change=move |ev| on_set.run(event_target_checked(&ev))
                />
            </label>
            {(!help.is_empty()).then(|| view! { <p class="field-help">{help}</p> })}
        </div>
    }
}

/// The name of a distribution's variant, as the select uses it.
pub fn dist_kind(d: &Dist) -> &'static str {
    match d {
        Dist::Constant { .. } => "constant",
        Dist::Exponential { .. } => "exponential",
        Dist::Uniform { .. } => "uniform",
        Dist::LogNormal { .. } => "log_normal",
    }
}

/// `d` turned into another kind of distribution with about the same mean.
pub fn convert_dist(d: &Dist, kind: &str) -> Dist {
    let mean = d.mean_ms().max(0.0);
    match kind {
        "constant" => Dist::Constant { ms: mean },
        "exponential" => Dist::Exponential { mean_ms: mean },
        "uniform" => Dist::Uniform {
            min_ms: mean * 0.5,
            max_ms: mean * 1.5,
        },
        "log_normal" => Dist::LogNormal {
            median_ms: mean / (0.5f64 * 0.5 / 2.0).exp(),
            sigma: 0.5,
        },
        _ => *d,
    }
}

/// A latency distribution: its shape and its one or two parameters.
#[component]
pub fn DistField(
    label: &'static str,
    #[prop(default = "")] help: &'static str,
    #[prop(into)] value: Signal<Dist>,
    on_set: Callback<Dist>,
    #[prop(into)] errors: Signal<Vec<String>>,
    testid: String,
) -> impl IntoView {
    let set_num = move |which: u8, v: f64| {
        let d = value.get_untracked();
        let next = match (d, which) {
            (Dist::Constant { .. }, _) => Dist::Constant { ms: v },
            (Dist::Exponential { .. }, _) => Dist::Exponential { mean_ms: v },
            (Dist::Uniform { max_ms, .. }, 0) => Dist::Uniform { min_ms: v, max_ms },
            (Dist::Uniform { min_ms, .. }, _) => Dist::Uniform { min_ms, max_ms: v },
            (Dist::LogNormal { sigma, .. }, 0) => Dist::LogNormal {
                median_ms: v,
                sigma,
            },
            (Dist::LogNormal { median_ms, .. }, _) => Dist::LogNormal {
                median_ms,
                sigma: v,
            },
        };
        if next != d {
            on_set.run(next);
        }
    };
    let first = move || match value.get() {
        Dist::Constant { ms } => ("value", ms),
        Dist::Exponential { mean_ms } => ("mean", mean_ms),
        Dist::Uniform { min_ms, .. } => ("min", min_ms),
        Dist::LogNormal { median_ms, .. } => ("median", median_ms),
    };
    let second = move || match value.get() {
        Dist::Uniform { max_ms, .. } => Some(("max", max_ms, "ms", 1.0)),
        Dist::LogNormal { sigma, .. } => Some(("σ", sigma, "", 0.1)),
        _ => None,
    };
    let tid = testid.clone();
    let local_error = RwSignal::new(None::<String>);
    let nonce = RwSignal::new(0u32);
    let handle = move |which: u8, text: String| match parse_number(&text, false, 0.0) {
        Ok(v) => {
            local_error.set(None);
            set_num(which, v);
        }
        Err(e) => {
            local_error.set(Some(e));
            nonce.update(|n| *n += 1);
        }
    };
    let has_error = move || local_error.with(|e| e.is_some()) || errors.with(|e| !e.is_empty());
    view! {
        <div class="field dist" class:invalid=has_error>
            <div class="field-row">
                <span class="field-label">{label}</span>
                <span class="field-input">
                    <select
                        data-testid=format!("{tid}-dist")
                        aria-label=format!("{label}: distribution")
                        prop:value=move || dist_kind(&value.get())
                        on:change=move |ev| {
                            let k = event_target_value(&ev);
                            let d = value.get_untracked();
                            if k != dist_kind(&d) {
                                on_set.run(convert_dist(&d, &k));
                            }
                        }
                    >
                        <option value="constant">"Constant"</option>
                        <option value="exponential">"Exponential"</option>
                        <option value="uniform">"Uniform"</option>
                        <option value="log_normal">"Log-normal"</option>
                    </select>
                </span>
            </div>
            <div class="dist-params">
                <label class="mini">
                    <span>{move || first().0}</span>
                    <input
                        type="number"
                        min="0"
                        step="any"
                        data-testid=format!("{testid}-a")
                        prop:value=move || {
                            nonce.track();
                            format::plain(first().1)
                        }
                        on:change=move |ev| handle(0, event_target_value(&ev))
                    />
                    <span class="field-unit">"ms"</span>
                </label>
                {move || {
                    second()
                        .map(|(name, v, unit, step)| {
                            view! {
                                <label class="mini">
                                    <span>{name}</span>
                                    <input
                                        type="number"
                                        min="0"
                                        step=step
                                        prop:value=move || {
                                            nonce.track();
                                            format::plain(v)
                                        }
                                        on:change=move |ev| handle(1, event_target_value(&ev))
                                    />
                                    <span class="field-unit">{unit}</span>
                                </label>
                            }
                        })
                }}
            </div>
            <FieldNotes local_error=local_error errors=errors help=help />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_parsed_with_messages() {
        assert_eq!(parse_number("12", true, 1.0), Ok(12.0));
        assert_eq!(parse_number(" 0,5 ", false, 0.0), Ok(0.5));
        assert!(parse_number("1.5", true, 0.0).is_err());
        assert!(parse_number("abc", false, 0.0).is_err());
        assert!(parse_number("", false, 0.0).is_err());
        assert!(parse_number("-3", true, 1.0).is_err());
    }

    #[test]
    fn lists_are_parsed_with_messages() {
        assert_eq!(parse_list("2500, 5000 7500"), Ok(vec![2500, 5000, 7500]));
        assert_eq!(parse_list("  "), Ok(vec![]));
        assert!(parse_list("10, x").is_err());
        assert!(parse_list("-1").is_err());
    }

    #[test]
    fn converting_a_distribution_keeps_its_mean() {
        let d = Dist::Exponential { mean_ms: 20.0 };
        for k in ["constant", "exponential", "uniform", "log_normal"] {
            let c = convert_dist(&d, k);
            assert_eq!(dist_kind(&c), k);
            assert!((c.mean_ms() - 20.0).abs() < 1e-9, "{k}: {}", c.mean_ms());
        }
    }
}
