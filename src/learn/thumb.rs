//! A card's small picture of a diagram: components as dots where they sit on the canvas,
//! connections as lines, scaled to fit a 160 × 90 box.

use crate::engine::Scenario;
use leptos::prelude::*;

const W: f64 = 160.0;
const H: f64 = 90.0;
const PAD: f64 = 10.0;

/// The component positions scaled into the box, by component index.
pub fn layout(scenario: &Scenario) -> Vec<(f64, f64)> {
    let xs = scenario.components.iter().map(|c| c.pos.x);
    let ys = scenario.components.iter().map(|c| c.pos.y);
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let span = ((x1 - x0) / (W - 2.0 * PAD))
        .max((y1 - y0) / (H - 2.0 * PAD))
        .max(1e-9);
    // Centred in the box, the same scale on both axes.
    let (ox, oy) = ((W - (x1 - x0) / span) / 2.0, (H - (y1 - y0) / span) / 2.0);
    scenario
        .components
        .iter()
        .map(|c| {
            if c.pos.x.is_finite() && c.pos.y.is_finite() && x1 >= x0 {
                (ox + (c.pos.x - x0) / span, oy + (c.pos.y - y0) / span)
            } else {
                (W / 2.0, H / 2.0)
            }
        })
        .collect()
}

/// The thumbnail of a diagram.
#[component]
pub fn Thumb(scenario: Scenario) -> impl IntoView {
    let at = layout(&scenario);
    let index = |id: &str| scenario.components.iter().position(|c| c.id == id);
    let lines = scenario
        .connections
        .iter()
        .filter_map(|k| Some((at[index(&k.from)?], at[index(&k.to)?])))
        .map(|((x1, y1), (x2, y2))| {
            view! {
                <line
                    x1=format!("{x1:.1}")
                    y1=format!("{y1:.1}")
                    x2=format!("{x2:.1}")
                    y2=format!("{y2:.1}")
                ></line>
            }
        })
        .collect_view();
    let dots = scenario
        .components
        .iter()
        .zip(&at)
        .map(|(c, (x, y))| {
            let class = if c.params.kind().is_source() {
                "client"
            } else {
                "node"
            };
            view! { <circle class=class cx=format!("{x:.1}") cy=format!("{y:.1}") r="5"></circle> }
        })
        .collect_view();
    view! {
        <svg class="thumb" viewBox="0 0 160 90" aria-hidden="true">
            <g class="thumb-lines">{lines}</g>
            {dots}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::catalog::cards_from_disk;

    #[test]
    fn every_thumbnail_fits_its_box() {
        for card in cards_from_disk() {
            for (x, y) in layout(&card.scenario) {
                assert!(
                    (PAD - 1e-6..=W - PAD + 1e-6).contains(&x)
                        && (PAD - 1e-6..=H - PAD + 1e-6).contains(&y),
                    "{}: ({x}, {y})",
                    card.id
                );
            }
        }
    }
}
