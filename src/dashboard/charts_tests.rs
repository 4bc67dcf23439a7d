//! The charts drawn into SVG and read back: titles, legends, axes and marks a reader sees.

use super::*;
use crate::theme::{DARK, LIGHT, css};
use archsim_engine::metrics::Percentiles;

const W: u32 = 640;
const H: u32 = 300;

/// `n` one-second windows of a healthy service that fails for good from 20 s to 25 s.
fn run(n: usize) -> Vec<WindowStats> {
    (0..n)
        .map(|i| {
            let t = i as f64;
            let crashed = (20..25).contains(&i);
            let wobble = (t * 0.7).sin();
            let completed = if crashed {
                120
            } else {
                480 + (wobble * 30.0) as u64
            };
            let mut failed = archsim_engine::metrics::FailureCounts::default();
            failed.by_reason[0] = if crashed {
                360
            } else {
                (i % 7 == 0) as u64 * 3
            };
            let components = (0..3)
                .map(|c| ComponentWindow {
                    utilization: if crashed && c == 1 {
                        0.0
                    } else {
                        (0.45 + 0.1 * c as f64 + 0.1 * wobble).clamp(0.0, 1.0)
                    },
                    queue_len: if crashed { 0.0 } else { 2.0 + 1.5 * wobble },
                    up: !(crashed && c == 1),
                    ..Default::default()
                })
                .collect();
            WindowStats {
                start_s: t,
                end_s: t + 1.0,
                generated: 500,
                completed,
                failed,
                throughput_rps: completed as f64,
                latency: Percentiles {
                    p50_ms: 18.0 + 3.0 * wobble,
                    p95_ms: 55.0 + 10.0 * wobble + if crashed { 300.0 } else { 0.0 },
                    p99_ms: 120.0 + 25.0 * wobble + if crashed { 900.0 } else { 0.0 },
                    ..Default::default()
                },
                success_ratio: completed as f64 / 500.0,
                good_ratio: 0.99,
                up: !crashed,
                components,
                ..Default::default()
            }
        })
        .collect()
}

fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        if let Err(e) = draw(&root) {
            panic!("drawing failed: {e}");
        }
    }
    out
}

/// The text of every `<text>` element, in drawing order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            Some(
                t.split_once('>')?
                    .1
                    .split_once("</text>")?
                    .0
                    .trim()
                    .to_string(),
            )
        })
        .collect()
}

/// An attribute of an SVG element, e.g. `attr(r#"<rect x="3" .."#, "x")`.
fn attr<'s>(element: &'s str, name: &str) -> Option<&'s str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[start..].split('"').next()
}

/// Every `<rect>` as (x, y, width, height, fill).
fn rects(svg: &str) -> Vec<(i32, i32, i32, i32, String)> {
    svg.split("<rect")
        .skip(1)
        .filter_map(|r| {
            let num = |n| attr(r, n)?.parse::<i32>().ok();
            Some((
                num("x")?,
                num("y")?,
                num("width")?,
                num("height")?,
                attr(r, "fill")?.to_string(),
            ))
        })
        .collect()
}

fn hex(c: RGBColor) -> String {
    css(c).to_uppercase()
}

fn opts() -> ChartOptions<'static> {
    ChartOptions {
        slo_ms: Some(250.0),
        ..Default::default()
    }
}

#[test]
fn short_charts_use_short_axis_titles_that_fit() {
    // A 150-px-tall chart (a dashboard at 1280×720) has no room for "Latency (ms)"
    // written vertically; the unit alone still says what the axis is.
    let windows = run(20);
    let t = texts(&svg((420, 150), |root| {
        draw_latency(root, &windows, &opts())
    }));
    assert!(t.iter().any(|s| s == "ms"), "{t:?}");
    assert!(!t.iter().any(|s| s == "Latency (ms)"), "{t:?}");
    let t = texts(&svg((300, 150), |root| {
        draw_component(root, &windows, 0, "API", &opts())
    }));
    assert!(
        t.iter().any(|s| s == "%") && t.iter().any(|s| s == "queue"),
        "{t:?}"
    );
}

#[test]
fn latency_chart_names_its_lines_axes_and_slo() {
    let windows = run(45);
    let out = svg((W, H), |root| draw_latency(root, &windows, &opts()));
    let t = texts(&out);
    for name in [
        "Latency",
        "p50",
        "p95",
        "p99",
        "Latency (ms)",
        "Simulated time (s)",
    ] {
        assert!(t.iter().any(|s| s == name), "missing {name:?} in {t:?}");
    }
    // In the legend and on the line itself.
    assert_eq!(t.iter().filter(|s| *s == "SLO 250 ms").count(), 2, "{t:?}");
    // Three lines, in their colours, each one unbroken across 45 windows (plus the
    // legend's swatch).
    for c in [LIGHT.p50, LIGHT.p95, LIGHT.p99] {
        let stroke = format!("stroke=\"{}\"", hex(c));
        let paths = out
            .split("<polyline")
            .filter(|p| p.contains(&stroke))
            .count();
        assert_eq!(paths, 2, "one line and one swatch in {}", hex(c));
    }
    assert!(!t.iter().any(|s| s == "Press Run to start"));
}

/// In the dark theme a chart is drawn in the dark palette only: a dark panel, light text,
/// and not one colour of the light theme left over (a white rectangle on a dark page).
#[test]
fn a_dark_chart_uses_only_dark_colours() {
    let windows = run(45);
    let o = ChartOptions {
        palette: &DARK,
        ..opts()
    };
    for latency in [true, false] {
        let out = svg((W, H), |root| {
            if latency {
                draw_latency(root, &windows, &o)
            } else {
                draw_throughput(root, &windows, &o)
            }
        });
        assert!(
            out.contains(&format!("fill=\"{}\"", hex(DARK.background))),
            "no dark background"
        );
        assert!(out.contains(&hex(DARK.text)), "no dark-theme text colour");
        // Colours the two themes share (light text is the dark panel) cannot tell.
        let dark = [
            DARK.background,
            DARK.text,
            DARK.label,
            DARK.muted,
            DARK.axis,
            DARK.grid,
        ];
        for c in [
            LIGHT.background,
            LIGHT.text,
            LIGHT.label,
            LIGHT.grid,
            LIGHT.p95,
            LIGHT.p99,
        ]
        .into_iter()
        .filter(|c| !dark.contains(c))
        {
            assert!(
                !out.contains(&hex(c)),
                "light colour {} in a dark chart",
                hex(c)
            );
        }
    }
}

#[test]
fn log_latency_labels_decades() {
    let windows = run(45);
    let o = ChartOptions {
        log_y: true,
        ..opts()
    };
    let t = texts(&svg((W, H), |root| draw_latency(root, &windows, &o)));
    assert!(t.iter().any(|s| s == "Latency (ms, log)"), "{t:?}");
    // p50 ≈ 18 ms .. p99 ≈ 1 s: the decades 10, 100, 1000 (as "1000") are labelled.
    for label in ["10", "100", "1000"] {
        assert!(
            t.iter().any(|s| s == label),
            "missing tick {label} in {t:?}"
        );
    }
}

#[test]
fn throughput_chart_shows_successes_and_failures() {
    let windows = run(45);
    let out = svg((W, H), |root| draw_throughput(root, &windows, &opts()));
    let t = texts(&out);
    for name in ["Throughput", "successful", "failed", "Requests (req/s)"] {
        assert!(t.iter().any(|s| s == name), "missing {name:?} in {t:?}");
    }
    assert!(out.contains(&format!("stroke=\"{}\"", hex(LIGHT.success))));
    assert!(out.contains(&format!("stroke=\"{}\"", hex(LIGHT.error))));
}

#[test]
fn throughput_chart_draws_429s_apart_from_failures() {
    let mut windows = run(45);
    let plain = svg((W, H), |root| draw_throughput(root, &windows, &opts()));
    assert!(
        !texts(&plain).iter().any(|s| s == "429"),
        "no 429s, no legend entry"
    );
    assert!(!plain.contains(&format!("stroke=\"{}\"", hex(LIGHT.warning))));
    for w in windows.iter_mut().skip(10).take(5) {
        w.failed.by_reason[FailReason::RateLimited.index()] = 40;
    }
    let out = svg((W, H), |root| draw_throughput(root, &windows, &opts()));
    assert!(texts(&out).iter().any(|s| s == "429"), "{:?}", texts(&out));
    assert!(out.contains(&format!("stroke=\"{}\"", hex(LIGHT.warning))));
}

#[test]
fn uptime_strip_is_red_exactly_where_windows_were_down() {
    let mut windows = run(40);
    windows[3].up = false;
    let out = svg((W, 160), |root| draw_uptime(root, &windows, None, &opts()));
    let (green, red) = (hex(LIGHT.success), hex(LIGHT.error));
    let bars_h = rects(&out)
        .iter()
        .filter(|r| r.4 == green || r.4 == red)
        .map(|r| r.3)
        .max()
        .unwrap_or(0);
    // The legend's swatches are small squares; the bars are the tall ones.
    let mut bars: Vec<_> = rects(&out)
        .into_iter()
        .filter(|r| (r.4 == green || r.4 == red) && r.3 == bars_h)
        .collect();
    bars.sort_by_key(|r| r.0);
    let drawn: Vec<bool> = bars.iter().map(|r| r.4 == green).collect();
    let expected: Vec<bool> = windows.iter().map(|w| w.up).collect();
    assert_eq!(drawn, expected);
    assert_eq!(bars.iter().filter(|r| r.4 == red).count(), 6);
    // 34 of 40 windows up.
    let t = texts(&out);
    assert!(t.iter().any(|s| s == "Uptime 85.00 % · 0.8 nines"), "{t:?}");
    assert!(t.iter().any(|s| s == "missed SLO"));
}

#[test]
fn faults_in_view_are_marked_with_their_label() {
    let windows = run(40);
    let marks = [
        Mark::fault(20.0, "Crash Cache"),
        Mark::fault(500.0, "after the run"),
    ];
    let o = ChartOptions {
        marks: &marks,
        ..opts()
    };
    for t in [
        texts(&svg((W, 160), |root| draw_latency(root, &windows, &o))),
        texts(&svg((W, 160), |root| draw_throughput(root, &windows, &o))),
    ] {
        assert!(t.iter().any(|s| s == "Crash Cache"), "{t:?}");
        assert!(
            !t.iter().any(|s| s == "after the run"),
            "out of view: {t:?}"
        );
    }
}

/// Marks close together stack their labels in rows instead of writing over each other, and a
/// run event seen between two looks shades the span it can have happened in.
#[test]
fn close_marks_stack_their_labels_and_events_shade_their_span() {
    let windows = run(40);
    let marks = [
        Mark::fault(20.0, "Crash Cache"),
        Mark {
            at_s: 21.0,
            from_s: 18.0,
            label: "Database failed over".to_string(),
            kind: MarkKind::Event,
        },
        Mark::fault(22.0, "Slow API"),
        Mark::fault(23.0, "Partition"),
    ];
    let o = ChartOptions {
        marks: &marks,
        ..opts()
    };
    let out = svg((W, 200), |root| draw_latency(root, &windows, &o));
    // Each label's position: the first three each get a row of their own, the fourth finds
    // none.
    let label_at = |label: &str, name: &str| -> Option<i32> {
        out.split("<text")
            .skip(1)
            .find(|t| {
                t.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</text>"))
                    .is_some_and(|(text, _)| text.trim() == label)
            })
            .and_then(|t| attr(t, name)?.parse().ok())
    };
    let ys: Vec<Option<i32>> = ["Crash Cache", "Database failed over", "Slow API"]
        .iter()
        .map(|l| label_at(l, "y"))
        .collect();
    assert!(ys.iter().all(Option::is_some), "{ys:?}");
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "three rows: {ys:?}");
    assert_eq!(label_at("Partition", "y"), None, "no fourth row");
    // The event's line is in the accent colour, over a band from 18 s to 21 s: its width is
    // 3 s at the scale of the faults' labels, 2 s apart.
    assert!(out.contains(&format!("stroke=\"{}\"", hex(LIGHT.accent))));
    let px_per_s =
        f64::from(label_at("Slow API", "x").unwrap() - label_at("Crash Cache", "x").unwrap()) / 2.0;
    let band = rects(&out)
        .into_iter()
        .find(|r| r.4 == hex(LIGHT.accent) && r.2 > 1)
        .expect("a band for the event");
    assert!(
        (f64::from(band.2) - 3.0 * px_per_s).abs() <= 2.0,
        "{band:?}, {px_per_s} px/s"
    );
}

/// Near the right edge a label goes to the left of its line; with no room either side it is
/// shortened with "…", never cut off by the canvas.
#[test]
fn a_mark_label_stays_inside_the_chart() {
    let windows = run(40);
    let long = "Crash Payments API (fail fast) for 20 s and then some more words";
    let marks = [Mark::fault(58.0, "Cache down"), Mark::fault(30.0, long)];
    let o = ChartOptions {
        marks: &marks,
        ..opts()
    };
    let out = svg((320, 200), |root| draw_latency(root, &windows, &o));
    let text = |label: &str| {
        out.split("<text")
            .skip(1)
            .find(|t| t.contains(label))
            .map(str::to_string)
    };
    let near_edge = text(">Cache down<")
        .or_else(|| text("Cache down"))
        .expect("label drawn");
    assert!(near_edge.contains("text-anchor=\"end\""), "{near_edge}");
    let t = texts(&out);
    let short = t
        .iter()
        .find(|s| s.starts_with("Crash Pay"))
        .expect("shortened label");
    assert!(short.ends_with('…') && short.len() < long.len(), "{short}");
}

#[test]
fn uptime_title_prefers_the_summary() {
    let windows = run(40);
    let summary = Summary {
        uptime_pct: 99.95,
        windows_up: 1999,
        windows_total: 2000,
        ..Default::default()
    };
    let t = texts(&svg((W, 160), |root| {
        draw_uptime(root, &windows, Some(&summary), &opts())
    }));
    assert!(t.iter().any(|s| s == "Uptime 99.95 % · 3.3 nines"), "{t:?}");
    // 115 windows without a miss measure no nines: 9 nines would need a billion windows.
    assert_eq!(
        uptime_title(UptimeClaim::new(115, 115)),
        "Uptime 100 % · no miss in 115 windows"
    );
    // 99.996 % is not 100 %: truncate, don't round.
    assert_eq!(
        uptime_title(UptimeClaim::new(24_999, 25_000)),
        "Uptime 99.99 % · 4.3 nines"
    );
    assert_eq!(uptime_title(UptimeClaim::new(0, 0)), "Uptime");
}

#[test]
fn component_chart_has_two_axes_and_shades_downtime() {
    let windows = run(45);
    let out = svg((W, H), |root| {
        draw_component(root, &windows, 1, "api", &opts())
    });
    let t = texts(&out);
    for name in [
        "api",
        "utilization",
        "queue",
        "down",
        "Utilization (%)",
        "Queue (requests)",
    ] {
        assert!(t.iter().any(|s| s == name), "missing {name:?} in {t:?}");
    }
    let tint = hex(LIGHT.down_tint);
    // Five shaded windows plus the legend swatch.
    assert_eq!(rects(&out).iter().filter(|r| r.4 == tint).count(), 6);
    // Component 0 was never down: no shading, no "down" legend.
    let t = texts(&svg((W, H), |root| {
        draw_component(root, &windows, 0, "lb", &opts())
    }));
    assert!(!t.iter().any(|s| s == "down"), "{t:?}");
}

#[test]
fn instances_chart_names_ready_and_warming() {
    let mut windows = run(30);
    for (i, w) in windows.iter_mut().enumerate() {
        w.components[1].instances = 2.0 + (i / 10) as f64 * 3.0;
        w.components[1].instances_warming = if i % 10 < 3 { 3.0 } else { 0.0 };
    }
    let t = texts(&svg((W, H), |root| {
        draw_instances(root, &windows, 1, "api", &opts())
    }));
    for name in ["api: instances", "ready", "+ warming", "Instances"] {
        assert!(t.iter().any(|s| s == name), "missing {name:?} in {t:?}");
    }
    // The axis reaches the highest ready + warming count (8 + 3 = 11).
    assert!(
        t.iter().any(|s| s.parse::<f64>().is_ok_and(|v| v >= 11.0)),
        "{t:?}"
    );
}

#[test]
fn empty_charts_draw_axes_and_the_hint() {
    let o = ChartOptions {
        empty_hint: "Press Run to start",
        ..opts()
    };
    for name in ["latency", "throughput", "uptime", "component"] {
        let t = texts(&svg((W, H), |r| match name {
            "latency" => draw_latency(r, &[], &o),
            "throughput" => draw_throughput(r, &[], &o),
            "uptime" => draw_uptime(r, &[], None, &o),
            _ => draw_component(r, &[], 0, "db", &o),
        }));
        assert!(t.iter().any(|s| s == "Press Run to start"), "{name}: {t:?}");
        assert!(t.iter().any(|s| s == "Simulated time (s)"), "{name}: {t:?}");
        // An empty run shows the first minute.
        assert!(t.iter().any(|s| s == "60"), "{name}: {t:?}");
    }
    // A component index no window has is as good as no data.
    let t = texts(&svg((W, H), |r| draw_component(r, &run(10), 9, "db", &o)));
    assert!(t.iter().any(|s| s == "Press Run to start"), "{t:?}");
}

#[test]
fn the_x_axis_scrolls_to_show_the_last_minute() {
    let windows = run(200);
    let r = TimeRange::of(&windows, Some(60.0));
    assert_eq!((r.lo, r.hi), (140.0, 200.0));
    // The last 60 windows, and the one ending at 140 s so that lines start at the edge.
    assert_eq!(r.visible(&windows).len(), 61);
    // Early in a run the range starts at zero and fills from the left.
    let r = TimeRange::of(&windows[..10], Some(60.0));
    assert_eq!((r.lo, r.hi), (0.0, 60.0));
    // No range: everything.
    let r = TimeRange::of(&windows, None);
    assert_eq!((r.lo, r.hi), (0.0, 200.0));
}

#[test]
fn a_single_window_is_a_dot_not_nothing() {
    let windows = run(1);
    let out = svg((W, H), |root| draw_latency(root, &windows, &opts()));
    assert_eq!(out.matches("<circle").count(), 3, "one dot per percentile");
}

/// Every chart, on every kind of bad data, at every size, linear and log: no panic, no error.
#[test]
fn hostile_data_never_panics() {
    let nasty = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -5.0,
        0.0,
        1e300,
        f64::MAX,
    ];
    let mut sets: Vec<Vec<WindowStats>> = vec![vec![], run(1), run(3)];
    for v in nasty {
        let mut ws = run(8);
        for w in &mut ws {
            w.latency.p50_ms = v;
            w.latency.p95_ms = v;
            w.latency.p99_ms = v;
            w.throughput_rps = v;
            for c in &mut w.components {
                c.utilization = v;
                c.queue_len = v;
            }
        }
        ws[2].start_s = v;
        ws[4].end_s = v;
        sets.push(ws);
        // Times that are all the same, absurd, or running backwards.
        let mut ws = run(5);
        for w in &mut ws {
            w.start_s = v;
            w.end_s = v;
        }
        sets.push(ws);
    }
    let mut zeros = run(10);
    for w in &mut zeros {
        *w = WindowStats {
            start_s: w.start_s,
            end_s: w.end_s,
            ..Default::default()
        };
    }
    sets.push(zeros);
    let mut backwards = run(10);
    backwards.reverse();
    sets.push(backwards);
    let mut huge_counts = run(4);
    huge_counts[1].failed.by_reason = [u64::MAX / 16; archsim_engine::FailReason::ALL.len()];
    sets.push(huge_counts);

    for ws in &sets {
        for log_y in [false, true] {
            for slo in [None, Some(250.0), Some(f64::NAN), Some(-1.0), Some(1e300)] {
                for range_s in [Some(60.0), None, Some(0.0), Some(f64::NAN), Some(1e-9)] {
                    let o = ChartOptions {
                        log_y,
                        slo_ms: slo,
                        range_s,
                        scale: if log_y { f64::NAN } else { 2.0 },
                        ..Default::default()
                    };
                    for size in [(W, H), (120, 60), (1, 1), (0, 0)] {
                        svg(size, |r| draw_latency(r, ws, &o));
                        svg(size, |r| draw_throughput(r, ws, &o));
                        svg(size, |r| draw_uptime(r, ws, None, &o));
                        svg(size, |r| draw_component(r, ws, 2, "db", &o));
                    }
                }
            }
        }
    }
}

/// Counts text measurements; draws nothing.
struct Counting(std::rc::Rc<std::cell::Cell<u32>>);

impl DrawingBackend for Counting {
    type ErrorType = std::io::Error;
    fn get_size(&self) -> (u32, u32) {
        (W, H)
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<std::io::Error>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<std::io::Error>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        _: BackendCoord,
        _: BackendColor,
    ) -> Result<(), DrawingErrorKind<std::io::Error>> {
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        _: &str,
        _: &S,
        _: BackendCoord,
    ) -> Result<(), DrawingErrorKind<std::io::Error>> {
        Ok(())
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<std::io::Error>> {
        self.0.set(self.0.get() + 1);
        Ok((
            (text.len() as f64 * style.size() * 0.55) as u32,
            style.size() as u32,
        ))
    }
}

#[test]
fn a_redraw_measures_no_text_twice() {
    let windows = run(45);
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let draw = || {
        let root = CachedText(Counting(calls.clone())).into_drawing_area();
        draw_latency(&root, &windows, &opts())?;
        draw_component(&root, &windows, 1, "api", &opts())
    };
    clear_text_cache();
    assert_eq!(draw(), Ok(()));
    let first = calls.get();
    assert!(first > 0);
    assert_eq!(draw(), Ok(()));
    assert_eq!(calls.get(), first, "the second redraw measured text again");
    // Wrapping changes nothing in the picture.
    let plain = svg((W, H), |r| draw_latency(r, &windows, &opts()));
    let mut cached = String::new();
    {
        let root = CachedText(SVGBackend::with_string(&mut cached, (W, H))).into_drawing_area();
        assert_eq!(draw_latency(&root, &windows, &opts()), Ok(()));
    }
    assert!(plain == cached, "CachedText changed the drawing");
}

#[test]
fn tick_labels_are_short() {
    assert_eq!(fmt_num(0.0), "0");
    assert_eq!(fmt_num(-0.0), "0");
    assert_eq!(fmt_num(0.25), "0.25");
    assert_eq!(fmt_num(2.5), "2.5");
    assert_eq!(fmt_num(12.5), "12.5");
    assert_eq!(fmt_num(250.0), "250");
    assert_eq!(fmt_num(2000.0), "2000");
    assert_eq!(fmt_num(12_000.0), "12k");
    assert_eq!(fmt_num(3_500_000.0), "3.5M");
    assert_eq!(fmt_num(f64::NAN), "–");
    assert_eq!(
        ticks(0.0, 60.0, 6),
        [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    );
    assert_eq!(ticks(0.0, 1.0, 4), [0.0, 0.25, 0.5, 0.75, 1.0]);
    assert!(ticks(0.0, f64::NAN, 4).is_empty());
}

/// Renders every chart to `$TMPDIR/archsim-charts/*.svg` for a human to look at:
/// `cargo test -p archsim-web --lib charts::tests::gallery -- --ignored`.
///
/// plotters' SVG backend writes text at 1/1.24 of the size the canvas backend uses, so the
/// gallery draws at scale 1.24 on a canvas 1.24 times as large: text then has the size and
/// the estimated width it has in the browser, and the picture is the browser's, enlarged.
#[test]
#[ignore]
fn gallery() {
    let dir = std::env::temp_dir().join("archsim-charts");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    const K: f64 = 1.24;
    let size = |w: u32, h: u32| ((w as f64 * K) as u32, (h as f64 * K) as u32);
    let windows = run(75);
    let o = ChartOptions { scale: K, ..opts() };
    let log = ChartOptions {
        log_y: true,
        ..o.clone()
    };
    let long = run(600);
    let all = ChartOptions {
        range_s: None,
        ..o.clone()
    };
    let mut outage = run(30);
    for w in &mut outage[10..] {
        w.completed = 0;
        w.throughput_rps = 0.0;
        w.failed.by_reason[3] = 500;
        w.up = false;
    }
    let pages: [(&str, String); 11] = [
        (
            "latency",
            svg(size(W, H), |r| draw_latency(r, &windows, &o)),
        ),
        (
            "latency_log",
            svg(size(W, H), |r| draw_latency(r, &windows, &log)),
        ),
        (
            "throughput",
            svg(size(W, H), |r| draw_throughput(r, &windows, &o)),
        ),
        (
            "uptime",
            svg(size(W, 150), |r| draw_uptime(r, &windows, None, &o)),
        ),
        (
            "component",
            svg(size(W, H), |r| {
                draw_component(r, &windows[..44], 1, "api (service)", &o)
            }),
        ),
        ("empty", svg(size(W, H), |r| draw_latency(r, &[], &o))),
        (
            "narrow",
            svg(size(360, 220), |r| {
                draw_component(r, &windows, 1, "api", &o)
            }),
        ),
        (
            "one",
            svg(size(W, H), |r| draw_throughput(r, &windows[..1], &o)),
        ),
        (
            "long_uptime",
            svg(size(W, 150), |r| draw_uptime(r, &long, None, &all)),
        ),
        (
            "outage_latency",
            svg(size(W, H), |r| draw_latency(r, &outage, &o)),
        ),
        (
            "outage_throughput",
            svg(size(W, H), |r| draw_throughput(r, &outage, &o)),
        ),
    ];
    for (name, body) in pages {
        if let Err(e) = std::fs::write(dir.join(format!("{name}.svg")), body) {
            panic!("cannot write {name}: {e}");
        }
    }
}
