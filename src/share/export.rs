//! Exports of what the app shows: the diagram as a standalone SVG or a PNG, the charts as one
//! PNG, and the run's metrics as CSV (one row per window; [`metrics_csv`] is pure and tested).

use crate::engine::{FailReason, WindowStats};
use crate::share::download::{download_text, download_url, file_name, js_error};
use crate::state::{AppState, ToastKind};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The CSV column for failures of `reason`.
fn reason_column(reason: FailReason) -> &'static str {
    match reason {
        FailReason::Timeout => "failed_timeout",
        FailReason::Rejected => "failed_rejected",
        FailReason::PoolTimeout => "failed_pool_timeout",
        FailReason::ComponentDown => "failed_component_down",
        FailReason::NoBackend => "failed_no_backend",
        FailReason::RateLimited => "failed_rate_limited",
        FailReason::DependencyError => "failed_dependency_error",
        FailReason::NoQuorum => "failed_no_quorum",
        FailReason::NoRoute => "failed_no_route",
        FailReason::CircuitOpen => "failed_circuit_open",
    }
}

/// The run's metrics as CSV: a header, then one row per window with its bounds, counts,
/// failures by reason, latency percentiles (ms), throughput, success ratio, whether it met
/// the SLO (`1`/`0`), the replication counts, and the resilience counts (duplicate writes,
/// degraded answers, retries the budget refused); with shard routers, also the busiest
/// shard's share (the highest over the routers) and the moved-key misses. Numbers are
/// written exactly (shortest round-trip form).
pub fn metrics_csv(windows: &[WindowStats]) -> String {
    let sharded = windows
        .iter()
        .any(|w| w.components.iter().any(|c| !c.shard_requests.is_empty()));
    let mut header = vec!["start_s", "end_s", "generated", "completed", "failed"];
    header.extend(FailReason::ALL.iter().map(|r| reason_column(*r)));
    header.extend([
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "p999_ms",
        "throughput_rps",
        "success_ratio",
        "up",
        "stale_reads",
        "lost_writes",
        "conflicting_writes",
        "failovers",
        "replication_lag_ms",
        "duplicate_writes",
        "degraded",
        "retries_denied",
    ]);
    if sharded {
        header.extend(["hot_shard_share", "moved_key_misses"]);
    }
    let mut out = header.join(",");
    out.push('\n');
    for w in windows {
        let mut row = vec![
            w.start_s.to_string(),
            w.end_s.to_string(),
            w.generated.to_string(),
            w.completed.to_string(),
            w.failed.total().to_string(),
        ];
        row.extend(FailReason::ALL.iter().map(|r| w.failed.get(*r).to_string()));
        row.extend([
            w.latency.p50_ms.to_string(),
            w.latency.p95_ms.to_string(),
            w.latency.p99_ms.to_string(),
            w.latency.p999_ms.to_string(),
            w.throughput_rps.to_string(),
            w.success_ratio.to_string(),
            u8::from(w.up).to_string(),
            w.replication.stale_reads.to_string(),
            w.replication.lost_writes.to_string(),
            w.replication.conflicting_writes.to_string(),
            w.replication.failovers.to_string(),
            w.replication.lag_ms_mean.to_string(),
            w.duplicate_writes.to_string(),
            w.degraded.to_string(),
            w.retries_denied.to_string(),
        ]);
        if sharded {
            let routers = || w.components.iter().filter(|c| !c.shard_requests.is_empty());
            row.push(
                routers()
                    .map(|c| c.hot_shard_share)
                    .fold(0.0, f64::max)
                    .to_string(),
            );
            row.push(
                routers()
                    .map(|c| c.moved_key_misses)
                    .sum::<u64>()
                    .to_string(),
            );
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// SVG presentation properties copied from the computed style onto each element, so the file
/// looks the same without the app's stylesheet.
const INLINED: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "color",
    "display",
    "visibility",
];

/// The colour the page shows behind `el` now, in the light or the dark theme.
fn background_of(el: &web_sys::Element) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .filter(|v| !v.is_empty() && v != "rgba(0, 0, 0, 0)")
        .unwrap_or_else(|| "#ffffff".to_string())
}

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "there is no document".to_string())
}

/// The diagram as standalone SVG text (what the canvas shows now, styles inlined) and its
/// size in CSS pixels.
pub fn diagram_svg() -> Result<(String, f64, f64), String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let svg = document()?
        .query_selector("svg.diagram")
        .ok()
        .flatten()
        .ok_or("the diagram is not on the page")?;
    let rect = svg.get_bounding_client_rect();
    let (w, h) = (
        rect.width().round().max(1.0),
        rect.height().round().max(1.0),
    );
    let copy = svg
        .clone_node_with_deep(true)
        .map_err(|e| js_error("could not copy the diagram", &e))?
        .dyn_into::<web_sys::Element>()
        .map_err(|_| "could not copy the diagram".to_string())?;
    let originals = svg.get_elements_by_tag_name("*");
    let copies = copy.get_elements_by_tag_name("*");
    for i in 0..originals.length().min(copies.length()) {
        let (Some(from), Some(to)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        let Ok(Some(style)) = window.get_computed_style(&from) else {
            continue;
        };
        let inline: String = INLINED
            .iter()
            .filter_map(|p| {
                let v = style.get_property_value(p).ok()?;
                (!v.is_empty()).then(|| format!("{p}:{v};"))
            })
            .collect();
        let _ = to.set_attribute("style", &inline);
        let _ = to.remove_attribute("class");
    }
    // No `xmlns` attribute here: the serializer writes the SVG namespace itself, and a
    // second one would make the file invalid XML.
    let _ = copy.set_attribute("width", &w.to_string());
    let _ = copy.set_attribute("height", &h.to_string());
    let _ = copy.set_attribute("viewBox", &format!("0 0 {w} {h}"));
    let behind = svg
        .parent_element()
        .map_or_else(|| "#f8fafc".to_string(), |host| background_of(&host));
    let _ = copy.set_attribute("style", &format!("background:{behind}"));
    let text = web_sys::XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&copy))
        .map_err(|e| js_error("could not write the SVG", &e))?;
    Ok((
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
            xml_safe(&text)
        ),
        w,
        h,
    ))
}

/// `text` without the control characters XML forbids (the app keeps a separator character
/// in some `data-` attributes; a browser refuses the whole file over one of them).
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn scenario_file(state: &AppState, suffix: &str, extension: &str) -> String {
    state
        .scenario
        .with_untracked(|s| file_name(&format!("{} {suffix}", s.name), extension))
}

fn report(state: &AppState, name: &str, result: Result<(), String>) {
    match result {
        Ok(()) => state.toast(ToastKind::Info, format!("Saved {name}")),
        Err(e) => state.toast(ToastKind::Error, format!("Export failed: {e}")),
    }
}

/// Downloads the diagram as `<name>-diagram.svg`.
pub fn export_diagram_svg(state: &AppState) {
    let name = scenario_file(state, "diagram", "svg");
    let result = diagram_svg().and_then(|(svg, _, _)| download_text(&name, "image/svg+xml", &svg));
    report(state, &name, result);
}

/// Downloads the diagram as `<name>-diagram.png` (the SVG drawn at twice the size).
pub fn export_diagram_png(state: &AppState) {
    let name = scenario_file(state, "diagram", "png");
    let state = *state;
    leptos::task::spawn_local(async move {
        let result = diagram_png(&name).await;
        report(&state, &name, result);
    });
}

async fn diagram_png(name: &str) -> Result<(), String> {
    let (svg, w, h) = diagram_svg()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| js_error("could not make the image", &e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| js_error("could not make the image", &e))?;
    let img = web_sys::HtmlImageElement::new().map_err(|e| js_error("no image", &e))?;
    img.set_src(&url);
    let decoded = wasm_bindgen_futures::JsFuture::from(img.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(|e| js_error("could not draw the diagram", &e))?;
    let scale = 2.0;
    let behind = document()?
        .query_selector(".canvas-host")
        .ok()
        .flatten()
        .map_or_else(|| "#f8fafc".to_string(), |host| background_of(&host));
    let (canvas, ctx) = canvas((w * scale) as u32, (h * scale) as u32, &behind)?;
    ctx.scale(scale, scale)
        .map_err(|e| js_error("could not draw", &e))?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w, h)
        .map_err(|e| js_error("could not draw the diagram", &e))?;
    let data = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| js_error("could not encode the PNG", &e))?;
    download_url(name, &data)
}

fn canvas(
    w: u32,
    h: u32,
    background: &str,
) -> Result<
    (
        web_sys::HtmlCanvasElement,
        web_sys::CanvasRenderingContext2d,
    ),
    String,
> {
    let canvas = document()?
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or("could not make a canvas")?;
    canvas.set_width(w.max(1));
    canvas.set_height(h.max(1));
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or("could not draw on a canvas")?;
    ctx.set_fill_style_str(background);
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    Ok((canvas, ctx))
}

/// Downloads the latency, throughput and uptime charts, one under the other, as
/// `<name>-charts.png` (at the canvases' own resolution).
pub fn export_charts_png(state: &AppState) {
    let name = scenario_file(state, "charts", "png");
    let result = charts_png().and_then(|data| download_url(&name, &data));
    report(state, &name, result);
}

fn charts_png() -> Result<String, String> {
    let doc = document()?;
    let charts: Vec<web_sys::HtmlCanvasElement> = ["latency", "throughput", "uptime"]
        .iter()
        .filter_map(|id| {
            doc.query_selector(&format!("[data-testid=\"chart-{id}\"]"))
                .ok()
                .flatten()?
                .dyn_into::<web_sys::HtmlCanvasElement>()
                .ok()
        })
        .filter(|c| c.width() > 0 && c.height() > 0)
        .collect();
    if charts.is_empty() {
        return Err("the charts are not on the page".into());
    }
    let w = charts.iter().map(|c| c.width()).max().unwrap_or(1);
    let h: u32 = charts.iter().map(|c| c.height()).sum();
    let (out, ctx) = canvas(w, h, &background_of(&charts[0]))?;
    let mut y = 0.0;
    for c in &charts {
        ctx.draw_image_with_html_canvas_element(c, 0.0, y)
            .map_err(|e| js_error("could not draw the charts", &e))?;
        y += f64::from(c.height());
    }
    out.to_data_url_with_type("image/png")
        .map_err(|e| js_error("could not encode the PNG", &e))
}

/// Downloads the run's metrics windows as `<name>-metrics.csv`.
pub fn export_metrics_csv(state: &AppState) {
    let windows = state
        .runner
        .with_value(|r| r.sim.as_ref().map(|s| s.windows().to_vec()))
        .unwrap_or_default();
    if windows.is_empty() {
        state.toast(
            ToastKind::Error,
            "No metrics yet: run or step the simulation for at least one window first",
        );
        return;
    }
    let name = scenario_file(state, "metrics", "csv");
    let result = download_text(&name, "text/csv", &metrics_csv(&windows));
    report(state, &name, result);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_window_with_every_column() {
        let mut w = WindowStats {
            start_s: 0.0,
            end_s: 1.0,
            generated: 10,
            completed: 8,
            throughput_rps: 8.0,
            success_ratio: 0.8,
            up: true,
            ..Default::default()
        };
        w.failed.by_reason[FailReason::Timeout.index()] = 2;
        w.latency.p50_ms = 12.5;
        w.latency.p999_ms = 250.0;
        let mut second = w.clone();
        second.start_s = 1.0;
        second.end_s = 2.0;
        second.up = false;
        let csv = metrics_csv(&[w, second]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "start_s,end_s,generated,completed,failed,failed_timeout,failed_rejected,\
             failed_pool_timeout,failed_component_down,failed_no_backend,failed_rate_limited,\
             failed_dependency_error,failed_circuit_open,failed_no_route,failed_no_quorum,p50_ms,\
             p95_ms,p99_ms,p999_ms,throughput_rps,success_ratio,up,stale_reads,lost_writes,\
             conflicting_writes,failovers,replication_lag_ms,duplicate_writes,degraded,retries_denied"
        );
        assert_eq!(
            lines[1],
            "0,1,10,8,2,2,0,0,0,0,0,0,0,0,0,12.5,0,0,250,8,0.8,1,0,0,0,0,0,0,0,0"
        );
        assert!(lines[2].starts_with("1,2,10,"));
        assert!(lines[2].ends_with(",0.8,0,0,0,0,0,0,0,0,0"));
        let columns = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == columns));
    }

    #[test]
    fn shard_routers_add_the_hot_shard_and_moved_keys() {
        let router = |share: f64, moved: u64| crate::engine::ComponentWindow {
            shard_requests: vec![1, 2],
            hot_shard_share: share,
            moved_key_misses: moved,
            ..Default::default()
        };
        let w = WindowStats {
            components: vec![router(0.25, 3), router(0.5, 4), Default::default()],
            ..Default::default()
        };
        let csv = metrics_csv(&[w]);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(
            lines[0].ends_with(",retries_denied,hot_shard_share,moved_key_misses"),
            "{}",
            lines[0]
        );
        assert!(lines[1].ends_with(",0.5,7"), "{}", lines[1]);
    }

    #[test]
    fn svg_text_is_valid_xml_text() {
        assert_eq!(xml_safe("a\u{1f}b\u{0}c\td\ne"), "a b c\td\ne");
        assert_eq!(
            xml_safe("<g data-edge=\"x\">é</g>"),
            "<g data-edge=\"x\">é</g>"
        );
    }

    #[test]
    fn no_windows_is_just_the_header() {
        assert_eq!(metrics_csv(&[]).lines().count(), 1);
    }

    #[test]
    fn a_real_run_exports_its_windows() {
        let s = crate::default_scenario();
        let mut sim = crate::engine::Simulation::new(&s).unwrap_or_else(|p| panic!("{p:?}"));
        sim.run_until_s(5.0, 10_000_000);
        let csv = metrics_csv(sim.windows());
        assert_eq!(csv.lines().count(), 1 + sim.windows().len());
        assert!(sim.windows().len() >= 4);
    }
}
