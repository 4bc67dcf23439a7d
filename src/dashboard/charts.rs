//! Charts of a run's metrics (latency, throughput, uptime, one component), drawn with plotters.
//!
//! Every `draw_*` function is generic over plotters' [`DrawingBackend`], so the same code paints
//! a `<canvas>` in the browser (plotters-canvas) and an SVG string in native tests. The functions
//! never panic on odd data: empty slices, a single window, zeros, NaN, infinities and absurdly
//! large values all render something sensible (missing points become gaps in a line).
//!
//! The x axis is simulated time and shows a sliding range ([`ChartOptions::range_s`]), so the
//! charts scroll as a run advances. Each chart has a header row with its title on the left and
//! its legend on the right, which keeps the legend from covering the data.
//!
//! In the browser, wrap the canvas backend in [`CachedText`] (measuring text is the costly part
//! of a redraw there) and pass `devicePixelRatio` as [`ChartOptions::scale`]:
//!
//! ```ignore
//! let backend = CanvasBackend::with_canvas_object(canvas).ok_or("canvas has no 2d context")?;
//! let root = charts::CachedText(backend).into_drawing_area();
//! let opts = ChartOptions { slo_ms: Some(250.0), scale: dpr, ..Default::default() };
//! charts::draw_latency(&root, &windows, &opts)?;
//! ```
//!
//! Natively, the same call renders SVG:
//!
//! ```
//! use archsim_web::dashboard::charts::{ChartOptions, draw_latency};
//! use plotters::prelude::*;
//!
//! let mut svg = String::new();
//! {
//!     let root = SVGBackend::with_string(&mut svg, (640, 300)).into_drawing_area();
//!     draw_latency(&root, &[], &ChartOptions::default())?;
//! }
//! assert!(svg.contains("Press Run to start"));
//! # Ok::<(), String>(())
//! ```

use crate::format;
use crate::theme::Palette;
use archsim_engine::metrics::{ComponentWindow, FailReason, Summary, WindowStats};
use archsim_engine::uptime::UptimeClaim;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use std::ops::Range;

/// Wraps a backend so that each distinct label is measured once, not on every redraw.
///
/// In the browser plotters measures text by adding a `<span>` to the page and reading its size,
/// which forces a layout; that is most of the cost of a chart redraw (measured in Chromium: four
/// charts took 13 ms with plain `CanvasBackend`, 4 ms with the measurements free). Chart labels
/// barely change between redraws, so the sizes are kept in a small per-thread cache.
///
/// ```ignore
/// let root = CachedText(CanvasBackend::with_canvas_object(canvas).ok_or("no canvas")?)
///     .into_drawing_area();
/// ```
pub struct CachedText<DB>(pub DB);

/// Forgets measured text sizes, e.g. once web fonts have loaded and labels got wider.
pub fn clear_text_cache() {
    TEXT_SIZES.with(|c| c.borrow_mut().clear());
}

/// Distinct labels are few (ticks, titles, legends); the bound only guards against a caller
/// that puts ever-changing numbers in titles.
const TEXT_CACHE_MAX: usize = 4096;

thread_local! {
    static TEXT_SIZES: std::cell::RefCell<std::collections::BTreeMap<String, (u32, u32)>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

impl<DB: DrawingBackend> DrawingBackend for CachedText<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        // Backends measure differently (the SVG backend estimates, the canvas asks the DOM).
        let key = format!(
            "{}|{}|{}|{}|{text}",
            std::any::type_name::<DB>(),
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        if let Some(size) = TEXT_SIZES.with(|c| c.borrow().get(&key).copied()) {
            return Ok(size);
        }
        let size = self.0.estimate_text_size(text, style)?;
        TEXT_SIZES.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= TEXT_CACHE_MAX {
                c.clear();
            }
            c.insert(key, size);
        });
        Ok(size)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
}

/// How a chart is drawn. `Default` shows the last 60 s, linear latency, no SLO line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartOptions<'a> {
    /// Seconds of simulated time on the x axis, ending at the newest window; `None` (or a
    /// non-positive or non-finite value) shows the whole run.
    pub range_s: Option<f64>,
    /// Shown in the middle of the chart while there is nothing to plot, e.g. "Press Run to start".
    pub empty_hint: &'a str,
    /// Latency chart: logarithmic y axis.
    pub log_y: bool,
    /// Latency chart: the SLO threshold to draw as a dashed line, in milliseconds.
    pub slo_ms: Option<f64>,
    /// Multiplies font sizes, line widths and margins: pass `devicePixelRatio` when the canvas
    /// has that many pixels per CSS pixel. Clamped to 0.5..=4.
    pub scale: f64,
    /// CSS font family list, e.g. `"Inter, system-ui, sans-serif"`.
    pub font_family: &'a str,
    /// Faults and events to mark on the latency and throughput charts.
    pub marks: &'a [Mark],
    /// The colours: the light or the dark theme's.
    pub palette: &'static Palette,
}

/// A moment to mark on a chart with a labelled vertical line: a fault, a failover.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// When it happened; for a run event, the latest time it can have happened.
    pub at_s: f64,
    /// The earliest time it can have happened: the app saw a run event some time after the
    /// previous look, and the chart shades that span rather than claim a moment. Equal to
    /// `at_s` for a fault, which happens when it was scheduled.
    pub from_s: f64,
    pub label: String,
    pub kind: MarkKind,
}

/// What a mark stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A fault of the timeline: what someone did to the design (a dashed grey line).
    Fault,
    /// What the run did by itself: down, back up, a failover, scaling (an accent line).
    Event,
}

impl Mark {
    /// A fault at `at_s`.
    pub fn fault(at_s: f64, label: impl Into<String>) -> Mark {
        Mark {
            at_s,
            from_s: at_s,
            label: label.into(),
            kind: MarkKind::Fault,
        }
    }
}

/// Label rows above a chart: a label that would overlap the one before it moves down a row,
/// and past the last row it is left out (its line stays).
const MARK_LABEL_ROWS: usize = 3;

impl Default for ChartOptions<'static> {
    fn default() -> Self {
        ChartOptions {
            range_s: Some(60.0),
            empty_hint: "Press Run to start",
            log_y: false,
            slo_ms: None,
            scale: 1.0,
            font_family: "sans-serif",
            marks: &[],
            palette: &crate::theme::LIGHT,
        }
    }
}

/// Font sizes in CSS pixels at scale 1; the canvas draws text at exactly this size.
const TICK_PX: f64 = 14.0;
const TITLE_PX: f64 = 16.0;
/// Values beyond this are drawn at this value: far beyond anything a scenario means, and
/// small enough that tick arithmetic stays exact.
const VALUE_MAX: f64 = 1e12;
/// Alpha of the filled areas under lines.
const AREA_ALPHA: f64 = 0.14;

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Axis, Axis>>;

/// A linear axis whose ticks are chosen here (round numbers, or decades on a log axis) rather
/// than by plotters, and whose mapping cannot overflow on wild values.
#[derive(Clone, Debug, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    fn new((lo, hi, ticks): (f64, f64, Vec<f64>)) -> Self {
        Axis { lo, hi, ticks }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        // Off-scale values land just outside the plot (and are then clipped to its edge).
        let t = if t.is_nan() { 0.0 } else { t.clamp(-1.0, 2.0) };
        let px = f64::from(limit.0) + f64::from(limit.1 - limit.0) * t;
        px.round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Bold points carry the labels and grid lines; there are no light ones.
        if hint.weight().allow_light_points() {
            vec![]
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// Sizes derived from the options, in device pixels.
struct Style<'a> {
    scale: f64,
    family: &'a str,
    pal: &'static Palette,
}

impl<'a> Style<'a> {
    fn new(opts: &ChartOptions<'a>) -> Self {
        let scale = if opts.scale.is_finite() {
            opts.scale.clamp(0.5, 4.0)
        } else {
            1.0
        };
        let family = if opts.font_family.trim().is_empty() {
            "sans-serif"
        } else {
            opts.font_family
        };
        Style {
            scale,
            family,
            pal: opts.palette,
        }
    }

    fn px(&self, css_px: f64) -> u32 {
        (css_px * self.scale).round().max(1.0) as u32
    }

    fn font(&self, css_px: f64, color: &'static RGBColor) -> TextStyle<'a> {
        (self.family, css_px * self.scale).into_font().color(color)
    }

    fn bold(&self, css_px: f64, color: &'static RGBColor) -> TextStyle<'a> {
        (self.family, css_px * self.scale)
            .into_font()
            .style(FontStyle::Bold)
            .color(color)
    }

    fn line(&self, color: RGBColor, css_px: f64) -> ShapeStyle {
        Color::stroke_width(&color, self.px(css_px))
    }
}

fn fail<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    format!("chart drawing failed: {e}")
}

/// A value for a chart, or `None` (a gap) when it is NaN or infinite.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then(|| v.clamp(-VALUE_MAX, VALUE_MAX))
}

/// A short label for a tick: "0", "0.25", "12.5", "250", "12k", "3.5M".
fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e12 {
        (v / 1e12, "T")
    } else if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let sa = scaled.abs();
    let text = if sa >= 100.0 || sa == 0.0 {
        format!("{scaled:.0}")
    } else if sa >= 10.0 {
        format!("{scaled:.1}")
    } else if sa >= 0.01 {
        format!("{scaled:.2}")
    } else {
        format!("{scaled:.0e}")
    };
    let text = if text.contains('.') && !text.contains('e') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let text = if text == "-0" { "0".to_string() } else { text };
    format!("{text}{suffix}")
}

/// Ticks at 1, 2, 2.5 or 5 times a power of ten, about `target` of them, covering lo..=hi.
fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mult = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    mult * mag
}

fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![];
    }
    let step = nice_step(span, target);
    if !(step.is_finite() && step > 0.0) {
        return vec![];
    }
    let first = (lo / step).ceil() * step;
    (0..64)
        .map(|i| first + i as f64 * step)
        .take_while(|t| *t <= hi + step * 1e-9)
        // Snap -0.0 and float noise so labels read "0.3", not "0.30000000000000004".
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        .collect()
}

/// A linear axis from 0 to a round number above `max`, with its ticks.
fn zero_based(max: f64, floor: f64, target: usize) -> (f64, f64, Vec<f64>) {
    let max = if max.is_finite() {
        max.max(floor)
    } else {
        floor
    };
    let top = (max * 1.08).min(VALUE_MAX * 1.1);
    let step = nice_step(top, target);
    let hi = if step > 0.0 && step.is_finite() {
        (top / step).ceil() * step
    } else {
        top
    };
    (0.0, hi, ticks(0.0, hi, target))
}

/// A log10 axis (values are log10 of the data) from the decade below `min` to a little above
/// `max`, ticked at 1-2-5 when it spans few decades and at decades otherwise.
fn log_axis(min: f64, max: f64) -> (f64, f64, Vec<f64>) {
    let lo = min.clamp(1e-3, VALUE_MAX).log10().floor();
    let hi = (max.clamp(1e-3, VALUE_MAX) * 1.4).log10();
    let hi = if hi > lo + 1.0 { hi } else { lo + 1.0 };
    let mults: &[f64] = if hi - lo <= 2.5 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let every = ((hi - lo) / 6.0).floor().max(0.0) as i32 + 1;
    let mut t = Vec::new();
    for d in (lo as i32..=hi.ceil() as i32).filter(|d| (d - lo as i32) % every == 0) {
        for m in mults {
            let v = f64::from(d) + m.log10();
            if v <= hi + 1e-9 {
                t.push(v);
            }
        }
    }
    (lo, hi, t)
}

/// The visible slice of simulated time.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TimeRange {
    lo: f64,
    hi: f64,
}

impl TimeRange {
    fn of(windows: &[WindowStats], range_s: Option<f64>) -> Self {
        let range = range_s.filter(|r| r.is_finite() && *r > 0.0);
        let mut first = f64::INFINITY;
        let mut last = f64::NEG_INFINITY;
        for w in windows {
            if w.start_s.is_finite() && w.end_s.is_finite() {
                first = first.min(w.start_s.min(w.end_s));
                last = last.max(w.end_s.max(w.start_s));
            }
        }
        let (lo, hi) = if !first.is_finite() {
            (0.0, range.unwrap_or(60.0))
        } else if let Some(r) = range {
            // Fill the chart from the left at the start of a run, then scroll.
            let hi = last.max(first + r);
            (hi - r, hi)
        } else {
            (first, last)
        };
        // Absurd times (1e300 s) would make a zero-width axis; widen it so the maths holds.
        let min_span = (hi.abs().max(lo.abs()) * 1e-9).max(1e-6);
        if hi - lo >= min_span && (hi - lo).is_finite() {
            TimeRange { lo, hi }
        } else if (hi + min_span).is_finite() {
            TimeRange {
                lo: hi - min_span,
                hi: hi + min_span,
            }
        } else {
            TimeRange { lo: 0.0, hi: 60.0 }
        }
    }

    /// The windows that overlap the range and have sane times, including the one that ends
    /// where the range begins, so lines reach the left edge.
    fn visible<'w>(&self, windows: &'w [WindowStats]) -> Vec<&'w WindowStats> {
        windows
            .iter()
            .filter(|w| {
                w.start_s.is_finite()
                    && w.end_s.is_finite()
                    && w.end_s >= self.lo
                    && w.start_s < self.hi
            })
            .collect()
    }

    /// Where a window's value is plotted: its end, the moment it was measured.
    /// The visible windows that have component `index`, with its figures.
    fn component<'w>(
        &self,
        windows: &'w [WindowStats],
        index: usize,
    ) -> Vec<(&'w WindowStats, &'w ComponentWindow)> {
        self.visible(windows)
            .into_iter()
            .filter_map(|w| Some((w, w.components.get(index)?)))
            .collect()
    }

    fn x_of(&self, w: &WindowStats) -> f64 {
        w.end_s.clamp(self.lo, self.hi)
    }
}

/// A series is a sequence of points with gaps; each run of points is drawn as one line.
fn runs(points: &[Option<(f64, f64)>]) -> Vec<Vec<(f64, f64)>> {
    points
        .split(|p| p.is_none())
        .filter(|run| !run.is_empty())
        .map(|run| run.iter().flatten().copied().collect())
        .collect()
}

/// How a legend entry shows its series.
#[derive(Clone, Copy)]
enum Swatch {
    Line,
    Dashed,
    Block,
}

struct LegendItem {
    label: String,
    color: RGBColor,
    swatch: Swatch,
}

impl LegendItem {
    fn new(label: impl Into<String>, color: RGBColor, swatch: Swatch) -> Self {
        LegendItem {
            label: label.into(),
            color,
            swatch,
        }
    }
}

/// Fills the background, draws the title and legend in a header row (two rows when they do not
/// fit side by side) and returns the area left for the plot.
fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    st: &Style,
    title: &str,
    legend: &[LegendItem],
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&st.pal.background).map_err(fail)?;
    let (width, height) = root.dim_in_pixel();
    let pad = st.px(12.0) as i32;
    let row = st.px(TITLE_PX * 1.9);
    let title_style = st.bold(TITLE_PX, &st.pal.text);
    let legend_style = st.font(TICK_PX, &st.pal.text);
    let swatch_w = st.px(22.0) as i32;
    let gap = st.px(6.0) as i32;
    let item_gap = st.px(16.0) as i32;

    let title_w = root
        .estimate_text_size(title, &title_style)
        .map_err(fail)?
        .0 as i32;
    let mut widths = Vec::with_capacity(legend.len());
    for item in legend {
        let w = root
            .estimate_text_size(&item.label, &legend_style)
            .map_err(fail)?
            .0 as i32;
        widths.push(w);
    }
    let legend_w: i32 = widths.iter().map(|w| swatch_w + gap + w).sum::<i32>()
        + item_gap * (legend.len() as i32 - 1).max(0);
    let one_row = title_w + item_gap * 2 + legend_w + 2 * pad <= width as i32;
    let rows = if legend.is_empty() || one_row { 1 } else { 2 };
    let header_h = (row * rows).min(height / 2);

    let mid = row as i32 / 2;
    root.draw_text(
        title,
        &title_style.pos(Pos::new(HPos::Left, VPos::Center)),
        (pad, mid),
    )
    .map_err(fail)?;

    // One row: legend flush right beside the title. Two rows: legend left-aligned underneath.
    let (mut x, y) = if rows == 1 {
        (width as i32 - pad - legend_w, mid)
    } else {
        (pad, row as i32 + mid)
    };
    for (item, text_w) in legend.iter().zip(widths) {
        let color = item.color;
        match item.swatch {
            Swatch::Line => root
                .draw(&PathElement::new(
                    vec![(x, y), (x + swatch_w, y)],
                    st.line(color, 2.5),
                ))
                .map_err(fail)?,
            Swatch::Dashed => {
                let dash = swatch_w / 4;
                for i in [0, 2] {
                    let x0 = x + i * dash + dash / 2;
                    root.draw(&PathElement::new(
                        vec![(x0, y), (x0 + dash, y)],
                        st.line(color, 2.0),
                    ))
                    .map_err(fail)?;
                }
            }
            Swatch::Block => {
                let half = st.px(6.0) as i32;
                let cx = x + swatch_w / 2;
                root.draw(&Rectangle::new(
                    [(cx - half, y - half), (cx + half, y + half)],
                    color.filled(),
                ))
                .map_err(fail)?;
            }
        }
        root.draw_text(
            &item.label,
            &legend_style.pos(Pos::new(HPos::Left, VPos::Center)),
            (x + swatch_w + gap, y),
        )
        .map_err(fail)?;
        x += swatch_w + gap + text_w + item_gap;
    }
    Ok(root.margin(header_h, 0, 0, 0))
}

/// The space around every plot: the same on all charts, so stacked charts line up.
fn build<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    st: &Style,
    x: (f64, f64, Vec<f64>),
    y: (f64, f64, Vec<f64>),
    right_axis: bool,
) -> Result<Chart<'a, DB>, String> {
    let mut builder = ChartBuilder::on(body);
    builder
        .margin_top(st.px(8.0))
        .margin_left(st.px(8.0))
        .x_label_area_size(st.px(TICK_PX * 3.0))
        .y_label_area_size(st.px(TICK_PX * 4.2));
    if right_axis {
        builder.right_y_label_area_size(st.px(TICK_PX * 4.2));
    } else {
        builder.margin_right(st.px(TICK_PX * 1.5));
    }
    builder
        .build_cartesian_2d(Axis::new(x), Axis::new(y))
        .map_err(fail)
}

/// The axis title that fits beside a plot `height_px` tall: the long one ("Latency (ms)")
/// when it does, else the short one ("ms"), so a short chart's vertical title never runs up
/// into the legend row.
fn fit_desc<'s>(st: &Style, height_px: u32, long: &'s str, short: &'s str) -> &'s str {
    // Average glyph advance of a sans-serif face is about 0.55 em.
    let long_px = long.chars().count() as f64 * TICK_PX * 0.55 * st.scale;
    if long_px <= height_px as f64 {
        long
    } else {
        short
    }
}

fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    st: &Style,
    y_desc: (&str, &str),
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<(), String> {
    let x_fmt = |v: &f64| fmt_num(*v);
    let height_px = chart.plotting_area().dim_in_pixel().1;
    let y_desc = fit_desc(st, height_px, y_desc.0, y_desc.1);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .bold_line_style(st.line(st.pal.grid, 1.0))
        .light_line_style(TRANSPARENT)
        .axis_style(st.line(st.pal.axis, 1.0))
        .set_all_tick_mark_size(st.px(4.0))
        .label_style(st.font(TICK_PX, &st.pal.label))
        .axis_desc_style(st.font(TICK_PX, &st.pal.text))
        .x_desc("Simulated time (s)")
        .x_label_formatter(&x_fmt)
        .y_label_formatter(y_fmt);
    if !y_desc.is_empty() {
        mesh.y_desc(y_desc);
    } else {
        mesh.disable_y_axis();
    }
    mesh.draw().map_err(fail)
}

/// The "Press Run to start" text in the middle of the plot.
fn draw_hint<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    st: &Style,
    hint: &str,
) -> Result<(), String> {
    if hint.is_empty() {
        return Ok(());
    }
    let x = chart.x_range();
    let y = chart.y_range();
    let at = ((x.start + x.end) / 2.0, (y.start + y.end) / 2.0);
    let style = st
        .font(TITLE_PX, &st.pal.muted)
        .pos(Pos::new(HPos::Center, VPos::Center));
    chart
        .draw_series(std::iter::once(
            EmptyElement::at(at) + Text::new(hint.to_string(), (0, 0), style),
        ))
        .map_err(fail)?;
    Ok(())
}

/// The marks in view as thin vertical lines, each labelled at the top: faults dashed grey,
/// run events in the accent colour over a light band that spans when they can have happened.
/// Labels stack in up to [`MARK_LABEL_ROWS`] rows so that none covers another.
fn draw_marks<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    st: &Style,
    marks: &[Mark],
    range: &TimeRange,
) -> Result<(), String> {
    let y = chart.y_range();
    let mut in_view: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.at_s.is_finite() && m.at_s >= range.lo && m.at_s <= range.hi)
        .collect();
    in_view.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
    // The right end, in pixels, of the last label in each row.
    let mut row_end = [i32::MIN; MARK_LABEL_ROWS];
    let row_px = st.px(TICK_PX * 1.3) as i32;
    for m in in_view {
        let color = match m.kind {
            MarkKind::Fault => st.pal.muted,
            MarkKind::Event => st.pal.accent,
        };
        let from = if m.from_s.is_finite() {
            m.from_s.clamp(range.lo, m.at_s)
        } else {
            m.at_s
        };
        if m.kind == MarkKind::Event && m.at_s > from {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(from, y.start), (m.at_s, y.end)],
                    color.mix(0.12).filled(),
                )))
                .map_err(fail)?;
        }
        let line = [(m.at_s, y.start), (m.at_s, y.end)];
        match m.kind {
            MarkKind::Fault => chart
                .draw_series(DashedLineSeries::new(
                    line,
                    st.px(3.0),
                    st.px(3.0),
                    st.line(color, 1.0),
                ))
                .map(|_| ()),
            MarkKind::Event => chart
                .draw_series(LineSeries::new(line, st.line(color, 1.0)))
                .map(|_| ()),
        }
        .map_err(fail)?;
        // The label goes right of its line, or left of it near the right edge, shortened
        // with "…" if neither side has room; about 0.6 em per character.
        let x = chart.backend_coord(&(m.at_s, y.end)).0;
        let (left, right) = (
            chart.backend_coord(&(range.lo, y.end)).0,
            chart.backend_coord(&(range.hi, y.end)).0,
        );
        let gap = st.px(3.0) as i32;
        let char_px = TICK_PX * 0.6 * st.scale;
        let fits = |px: i32| (f64::from(px.max(0)) / char_px) as usize;
        let (room_right, room_left) = (right - x - gap, x - left - gap);
        let mut label = m.label.clone();
        let n = label.chars().count();
        let on_left = n > fits(room_right) && room_left > room_right;
        let room = fits(if on_left { room_left } else { room_right });
        if n > room {
            if room < 4 {
                continue;
            }
            label = label.chars().take(room - 1).collect::<String>() + "…";
        }
        let width = (label.chars().count() as f64 * char_px) as i32;
        let start = if on_left { x - gap - width } else { x };
        let Some(row) = row_end.iter().position(|end| *end < start) else {
            continue;
        };
        row_end[row] = start + width + gap + st.px(6.0) as i32;
        let color = if m.kind == MarkKind::Fault {
            &st.pal.muted
        } else {
            &st.pal.accent
        };
        let (anchor, dx) = if on_left {
            (HPos::Right, -gap)
        } else {
            (HPos::Left, gap)
        };
        let style = st.font(TICK_PX, color).pos(Pos::new(anchor, VPos::Top));
        // On a light backing, like the SLO label, so that a line under it does not hide it.
        let top = row as i32 * row_px;
        let x0 = if on_left { dx - width } else { dx };
        let backing = Rectangle::new(
            [(x0 - gap, top), (x0 + width + gap, top + row_px)],
            st.pal.background.mix(0.85).filled(),
        );
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((m.at_s, y.end)) + backing + Text::new(label, (dx, top), style),
            ))
            .map_err(fail)?;
    }
    Ok(())
}

/// Draws a series as lines, with a dot where a point has no neighbours (a single window).
fn draw_lines<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    st: &Style,
    points: &[Option<(f64, f64)>],
    color: RGBColor,
    width_css_px: f64,
) -> Result<(), String> {
    for run in runs(points) {
        if let [only] = run.as_slice() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    *only,
                    st.px(width_css_px + 1.0),
                    color.filled(),
                )))
                .map_err(fail)?;
        } else {
            chart
                .draw_series(LineSeries::new(run, st.line(color, width_css_px)))
                .map_err(fail)?;
        }
    }
    Ok(())
}

/// Draws a series as a lightly filled area down to zero, outlined by its line.
fn draw_area<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    st: &Style,
    points: &[Option<(f64, f64)>],
    color: RGBColor,
) -> Result<(), String> {
    let y0 = chart.y_range().start;
    for run in runs(points) {
        if run.len() > 1 {
            chart
                .draw_series(AreaSeries::new(run, y0, color.mix(AREA_ALPHA).filled()))
                .map_err(fail)?;
        }
    }
    draw_lines(chart, st, points, color, 2.0)
}

/// Latency p50/p95/p99 in ms over simulated time, with the SLO threshold as a dashed line.
///
/// Windows in which nothing completed have no latency and leave a gap. With
/// [`ChartOptions::log_y`] the y axis is logarithmic, from a whole decade below the lowest
/// value (or the SLO) to a little above the highest.
pub fn draw_latency<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    windows: &[WindowStats],
    opts: &ChartOptions,
) -> Result<(), String> {
    let st = Style::new(opts);
    let range = TimeRange::of(windows, opts.range_s);
    let visible = range.visible(windows);
    let slo = opts.slo_ms.and_then(finite).filter(|s| *s > 0.0);

    type Pick = fn(&WindowStats) -> f64;
    let series: [(&str, RGBColor, Pick); 3] = [
        ("p50", st.pal.p50, |w| w.latency.p50_ms),
        ("p95", st.pal.p95, |w| w.latency.p95_ms),
        ("p99", st.pal.p99, |w| w.latency.p99_ms),
    ];
    // In ms; windows in which nothing completed measured no latency and leave a gap.
    let lines_ms: Vec<Vec<Option<(f64, f64)>>> = series
        .iter()
        .map(|(_, _, get)| {
            visible
                .iter()
                .map(|w| {
                    let v = finite(get(w)).filter(|_| w.completed > 0)?;
                    Some((range.x_of(w), v.max(0.0)))
                })
                .collect()
        })
        .collect();
    let values = || lines_ms.iter().flatten().flatten().map(|p| p.1);
    let has_data = values().next().is_some();
    let max = values().chain(slo.map(|s| s * 1.1)).fold(0.0, f64::max);
    let min_positive = values()
        .chain(slo)
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    // Zero latency cannot sit on a log axis: it becomes a gap rather than a lie.
    let lines: Vec<Vec<Option<(f64, f64)>>> = if opts.log_y {
        lines_ms
            .iter()
            .map(|l| {
                l.iter()
                    .map(|p| p.filter(|(_, v)| *v > 0.0).map(|(x, v)| (x, v.log10())))
                    .collect()
            })
            .collect()
    } else {
        lines_ms
    };

    let mut legend: Vec<LegendItem> = series
        .iter()
        .map(|(name, color, _)| LegendItem::new(*name, *color, Swatch::Line))
        .collect();
    if let Some(s) = slo {
        legend.push(LegendItem::new(
            format!("SLO {} ms", fmt_num(s)),
            st.pal.warning,
            Swatch::Dashed,
        ));
    }
    let body = header(root, &st, "Latency", &legend)?;
    let x_target = x_tick_target(&body, &st);
    let y_axis = if opts.log_y {
        let min = if min_positive.is_finite() {
            min_positive
        } else {
            1.0
        };
        log_axis(min, if max > 0.0 { max } else { 100.0 })
    } else {
        zero_based(max, 10.0, y_tick_target(&body, &st))
    };
    let mut chart = build(
        &body,
        &st,
        (range.lo, range.hi, ticks(range.lo, range.hi, x_target)),
        y_axis,
        false,
    )?;
    let log_y = opts.log_y;
    let y_fmt = move |v: &f64| {
        if log_y {
            fmt_num(10f64.powf(*v))
        } else {
            fmt_num(*v)
        }
    };
    let y_desc = if log_y {
        ("Latency (ms, log)", "ms, log")
    } else {
        ("Latency (ms)", "ms")
    };
    draw_mesh(&mut chart, &st, y_desc, &y_fmt)?;

    let slo_y = slo.map(|s| if log_y { s.log10() } else { s });
    if let Some(y) = slo_y {
        chart
            .draw_series(DashedLineSeries::new(
                [(range.lo, y), (range.hi, y)],
                st.px(7.0),
                st.px(5.0),
                st.line(st.pal.warning, 1.5),
            ))
            .map_err(fail)?;
    }
    for ((_, color, _), line) in series.iter().zip(&lines) {
        draw_lines(&mut chart, &st, line, *color, 2.0)?;
    }
    draw_marks(&mut chart, &st, opts.marks, &range)?;
    if let (Some(s), Some(y)) = (slo, slo_y) {
        // On a light backing so that it stays legible where a line runs through it.
        let text = format!("SLO {} ms", fmt_num(s));
        let style = st
            .font(TICK_PX, &st.pal.warning)
            .pos(Pos::new(HPos::Left, VPos::Bottom));
        let (w, h) = root.estimate_text_size(&text, &style).map_err(fail)?;
        let (w, h) = (w as i32, h as i32);
        let pad = st.px(6.0) as i32;
        let lift = st.px(3.0) as i32;
        let backing = Rectangle::new(
            [(pad - lift, -lift - h - 1), (pad + w + lift, -lift + 1)],
            st.pal.background.mix(0.85).filled(),
        );
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((range.lo, y)) + backing + Text::new(text, (pad, -lift), style),
            ))
            .map_err(fail)?;
    }
    if !has_data {
        draw_hint(&mut chart, &st, opts.empty_hint)?;
    }
    root.present().map_err(fail)
}

/// About one x tick per 90 CSS px.
fn x_tick_target<DB: DrawingBackend>(body: &DrawingArea<DB, Shift>, st: &Style) -> usize {
    ((body.dim_in_pixel().0 as f64 / (90.0 * st.scale)) as usize).clamp(2, 12)
}

fn y_tick_target<DB: DrawingBackend>(body: &DrawingArea<DB, Shift>, st: &Style) -> usize {
    ((body.dim_in_pixel().1 as f64 / (TICK_PX * st.scale * 3.0)) as usize).clamp(2, 8)
}

/// Per-second rate of a count over a window, or `None` for a window of no length.
fn per_second(count: u64, w: &WindowStats) -> Option<f64> {
    let len = w.end_s - w.start_s;
    (len.is_finite() && len > 0.0)
        .then(|| count as f64 / len)
        .and_then(finite)
}

/// Successful requests per second (green area) and failed requests per second (red area) over
/// simulated time.
pub fn draw_throughput<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    windows: &[WindowStats],
    opts: &ChartOptions,
) -> Result<(), String> {
    let st = Style::new(opts);
    let range = TimeRange::of(windows, opts.range_s);
    let visible = range.visible(windows);
    let ok: Vec<_> = visible
        .iter()
        .map(|w| {
            let rps = finite(w.throughput_rps).or_else(|| per_second(w.completed, w))?;
            Some((range.x_of(w), rps.max(0.0)))
        })
        .collect();
    // 429s are the system protecting itself, not breaking: their own (amber) series, shown
    // only when a run has any, and left out of the red "failed" one.
    let limited_of = |w: &WindowStats| w.failed.get(FailReason::RateLimited);
    let failed: Vec<_> = visible
        .iter()
        .map(|w| {
            let n = w.failed.total().saturating_sub(limited_of(w));
            Some((range.x_of(w), per_second(n, w)?))
        })
        .collect();
    let any_limited = visible.iter().any(|w| limited_of(w) > 0);
    let limited: Vec<_> = if any_limited {
        visible
            .iter()
            .map(|w| Some((range.x_of(w), per_second(limited_of(w), w)?)))
            .collect()
    } else {
        Vec::new()
    };
    let max = ok
        .iter()
        .chain(&failed)
        .chain(&limited)
        .flatten()
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let has_data = ok.iter().chain(&failed).any(Option::is_some);

    let mut legend = vec![
        LegendItem::new("successful", st.pal.success, Swatch::Line),
        LegendItem::new("failed", st.pal.error, Swatch::Line),
    ];
    if any_limited {
        legend.push(LegendItem::new("429", st.pal.warning, Swatch::Line));
    }
    let body = header(root, &st, "Throughput", &legend)?;
    let mut chart = build(
        &body,
        &st,
        (
            range.lo,
            range.hi,
            ticks(range.lo, range.hi, x_tick_target(&body, &st)),
        ),
        zero_based(max, 5.0, y_tick_target(&body, &st)),
        false,
    )?;
    draw_mesh(&mut chart, &st, ("Requests (req/s)", "req/s"), &|v| {
        fmt_num(*v)
    })?;
    draw_area(&mut chart, &st, &ok, st.pal.success)?;
    draw_area(&mut chart, &st, &failed, st.pal.error)?;
    if any_limited {
        draw_area(&mut chart, &st, &limited, st.pal.warning)?;
    }
    draw_marks(&mut chart, &st, opts.marks, &range)?;
    if !has_data {
        draw_hint(&mut chart, &st, opts.empty_hint)?;
    }
    root.present().map_err(fail)
}

/// Overall uptime: from the run's summary when it has counted windows, else from `windows`.
fn uptime_claim(windows: &[WindowStats], summary: Option<&Summary>) -> UptimeClaim {
    match summary {
        Some(s) if s.windows_total > 0 => {
            UptimeClaim::new(s.windows_up.min(s.windows_total), s.windows_total)
        }
        _ => UptimeClaim::new(
            windows.iter().filter(|w| w.up).count() as u64,
            windows.len() as u64,
        ),
    }
}

/// The uptime chart's title: "Uptime 99.50 % · 2.3 nines", or, while no window has missed
/// the SLO, "Uptime 100 % · no miss in 115 windows" (such a run measures no nines).
pub fn uptime_title(claim: UptimeClaim) -> String {
    match claim {
        UptimeClaim::NoWindow => "Uptime".to_string(),
        UptimeClaim::NoMiss { .. } => format!("Uptime 100 % · {}", format::uptime_note(claim)),
        UptimeClaim::Measured { uptime_pct, .. } => format!(
            // Never round 99.996 up to "100.00": that would claim no downtime.
            "Uptime {:.2} % · {}",
            (uptime_pct * 100.0).floor() / 100.0,
            format::uptime_note(claim)
        ),
    }
}

/// A strip with one bar per window, green where the window met the SLO and red where it did
/// not, under a title with the overall uptime and its number of nines.
///
/// The overall figure comes from `summary` (which leaves out the warm-up) when it has counted
/// any windows; otherwise it is computed from all of `windows`, not just the visible ones.
pub fn draw_uptime<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    windows: &[WindowStats],
    summary: Option<&Summary>,
    opts: &ChartOptions,
) -> Result<(), String> {
    let st = Style::new(opts);
    let range = TimeRange::of(windows, opts.range_s);
    let visible = range.visible(windows);
    let legend = [
        LegendItem::new("met SLO", st.pal.success, Swatch::Block),
        LegendItem::new("missed SLO", st.pal.error, Swatch::Block),
    ];
    let title = uptime_title(uptime_claim(windows, summary));
    let body = header(root, &st, &title, &legend)?;
    let mut chart = build(
        &body,
        &st,
        (
            range.lo,
            range.hi,
            ticks(range.lo, range.hi, x_tick_target(&body, &st)),
        ),
        (0.0, 1.0, vec![]),
        false,
    )?;
    draw_mesh(&mut chart, &st, ("", ""), &|v| fmt_num(*v))?;

    // A one-pixel gap between bars, when bars are wide enough to spare it, so that a run of
    // down windows still reads as separate windows.
    let plot_w = chart.plotting_area().dim_in_pixel().0.max(1) as f64;
    let s_per_px = (range.hi - range.lo) / plot_w;
    let bars = visible.iter().filter_map(|w| {
        let (x0, x1) = (w.start_s.max(range.lo), w.end_s.min(range.hi));
        if x1 <= x0 {
            return None;
        }
        let gap = if (x1 - x0) / s_per_px >= 4.0 {
            s_per_px * 0.5
        } else {
            0.0
        };
        let color = if w.up { st.pal.success } else { st.pal.error };
        Some(Rectangle::new(
            [(x0 + gap, 0.92), (x1 - gap, 0.0)],
            color.filled(),
        ))
    });
    chart.draw_series(bars).map_err(fail)?;
    if visible.is_empty() {
        draw_hint(&mut chart, &st, opts.empty_hint)?;
    }
    root.present().map_err(fail)
}

/// Utilization (0–100 %, left axis) and mean queue length (requests, right axis) of the
/// component at `index` over simulated time, with the windows in which it was down shaded red.
///
/// `name` titles the chart. Windows that do not have the component (an index past the end of
/// `components`) leave a gap.
pub fn draw_component<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    windows: &[WindowStats],
    index: usize,
    name: &str,
    opts: &ChartOptions,
) -> Result<(), String> {
    let st = Style::new(opts);
    let range = TimeRange::of(windows, opts.range_s);
    let visible = range.component(windows, index);
    let util: Vec<_> = visible
        .iter()
        .map(|(w, c)| {
            Some((
                range.x_of(w),
                finite(c.utilization)?.clamp(0.0, 1.0) * 100.0,
            ))
        })
        .collect();
    let queue: Vec<_> = visible
        .iter()
        .map(|(w, c)| Some((range.x_of(w), finite(c.queue_len)?.max(0.0))))
        .collect();
    let queue_max = queue.iter().flatten().map(|p| p.1).fold(0.0, f64::max);
    let any_down = visible.iter().any(|(_, c)| !c.up);

    let mut legend = vec![
        LegendItem::new("utilization", st.pal.accent, Swatch::Line),
        LegendItem::new("queue", st.pal.queue, Swatch::Line),
    ];
    if any_down {
        legend.push(LegendItem::new("down", st.pal.down_tint, Swatch::Block));
    }
    let title = if name.is_empty() {
        "Component".to_string()
    } else {
        name.to_string()
    };
    let body = header(root, &st, &title, &legend)?;
    let y_target = y_tick_target(&body, &st);
    let x = (
        range.lo,
        range.hi,
        ticks(range.lo, range.hi, x_tick_target(&body, &st)),
    );
    let chart = build(
        &body,
        &st,
        x.clone(),
        (0.0, 100.0, ticks(0.0, 100.0, y_target.min(5))),
        true,
    )?;
    let (q_lo, q_hi, q_ticks) = zero_based(queue_max, 1.0, y_target.min(5));
    let mut chart = chart.set_secondary_coord(Axis::new(x), Axis::new((q_lo, q_hi, q_ticks)));
    draw_mesh(&mut chart, &st, ("Utilization (%)", "%"), &|v| fmt_num(*v))?;
    let height_px = chart.plotting_area().dim_in_pixel().1;
    chart
        .configure_secondary_axes()
        .axis_style(st.line(st.pal.axis, 1.0))
        .set_all_tick_mark_size(st.px(4.0))
        .label_style(st.font(TICK_PX, &st.pal.label))
        .axis_desc_style(st.font(TICK_PX, &st.pal.text))
        .y_desc(fit_desc(&st, height_px, "Queue (requests)", "queue"))
        .y_label_formatter(&|v| fmt_num(*v))
        .draw()
        .map_err(fail)?;

    let down = visible.iter().filter(|(_, c)| !c.up).map(|(w, _)| {
        Rectangle::new(
            [
                (w.start_s.max(range.lo), 100.0),
                (w.end_s.min(range.hi), 0.0),
            ],
            st.pal.down_tint.filled(),
        )
    });
    chart.draw_series(down).map_err(fail)?;
    draw_area(&mut chart, &st, &util, st.pal.accent)?;
    for run in runs(&queue) {
        if let [only] = run.as_slice() {
            chart
                .draw_secondary_series(std::iter::once(Circle::new(
                    *only,
                    st.px(3.0),
                    st.pal.queue.filled(),
                )))
                .map_err(fail)?;
        } else {
            chart
                .draw_secondary_series(LineSeries::new(run, st.line(st.pal.queue, 2.0)))
                .map_err(fail)?;
        }
    }
    if visible.is_empty() {
        draw_hint(&mut chart, &st, opts.empty_hint)?;
    }
    root.present().map_err(fail)
}

/// Instances of the (autoscaled) service at `index` over simulated time: those taking work
/// as a filled area, and ready plus warming as a line above it, so the warm-up after each
/// scale-up shows as the gap between the two.
pub fn draw_instances<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    windows: &[WindowStats],
    index: usize,
    name: &str,
    opts: &ChartOptions,
) -> Result<(), String> {
    let st = Style::new(opts);
    let range = TimeRange::of(windows, opts.range_s);
    let visible = range.component(windows, index);
    let ready: Vec<_> = visible
        .iter()
        .map(|(w, c)| Some((range.x_of(w), finite(c.instances)?.max(0.0))))
        .collect();
    let asked: Vec<_> = visible
        .iter()
        .map(|(w, c)| {
            Some((
                range.x_of(w),
                (finite(c.instances)? + finite(c.instances_warming)?).max(0.0),
            ))
        })
        .collect();
    let max = asked.iter().flatten().map(|p| p.1).fold(0.0, f64::max);
    let legend = [
        LegendItem::new("ready", st.pal.success, Swatch::Line),
        LegendItem::new("+ warming", st.pal.warning, Swatch::Line),
    ];
    let title = if name.is_empty() {
        "Instances".to_string()
    } else {
        format!("{name}: instances")
    };
    let body = header(root, &st, &title, &legend)?;
    let mut chart = build(
        &body,
        &st,
        (
            range.lo,
            range.hi,
            ticks(range.lo, range.hi, x_tick_target(&body, &st)),
        ),
        zero_based(max, 2.0, y_tick_target(&body, &st).min(5)),
        false,
    )?;
    draw_mesh(&mut chart, &st, ("Instances", "inst."), &|v| fmt_num(*v))?;
    draw_lines(&mut chart, &st, &asked, st.pal.warning, 2.0)?;
    draw_area(&mut chart, &st, &ready, st.pal.success)?;
    if visible.is_empty() {
        draw_hint(&mut chart, &st, opts.empty_hint)?;
    }
    root.present().map_err(fail)
}

#[cfg(test)]
#[path = "charts_tests.rs"]
mod tests;
