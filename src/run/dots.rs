//! Request dots: turns the engine's hop feed into moving dots, samples them so at most
//! [`MAX_DOTS`] are alive, interpolates their positions at the current simulated time and
//! batches them into one SVG-path string per colour (one canvas call per colour per frame).

use crate::editor::geom::Pt;
use crate::theme::Palette;
use archsim_engine::{Hop, HopDirection, HopOutcome};
use plotters::style::RGBColor;
use std::fmt::Write as _;

/// The most dots alive (and drawn) at once.
pub const MAX_DOTS: usize = 10_000;
/// A dot stays on screen at least this long in real seconds, so that millisecond hops are
/// visible at any speed (their timing is stretched, their order is not).
pub const MIN_VISIBLE_REAL_S: f64 = 0.45;

/// What a dot shows, which decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DotClass {
    /// A request on its way downstream.
    Request,
    /// A successful response.
    Success,
    /// A response served from a cache.
    CacheHit,
    /// An error or timeout.
    Error,
    /// Refused because a queue was full.
    Rejected,
    /// Lost on a partition or in a black hole: fades out.
    Lost,
}

impl DotClass {
    /// Every class, in drawing order (lost first, so live dots are drawn over them).
    pub const ALL: [DotClass; 6] = [
        DotClass::Lost,
        DotClass::Request,
        DotClass::Success,
        DotClass::CacheHit,
        DotClass::Rejected,
        DotClass::Error,
    ];

    /// Every class, in the order the legend lists them.
    pub const LEGEND: [DotClass; 6] = [
        DotClass::Request,
        DotClass::Success,
        DotClass::CacheHit,
        DotClass::Rejected,
        DotClass::Error,
        DotClass::Lost,
    ];

    /// The class of a hop.
    pub fn of(hop: &Hop) -> DotClass {
        match (hop.outcome, hop.direction) {
            (HopOutcome::Lost, _) => DotClass::Lost,
            (HopOutcome::Error, _) => DotClass::Error,
            (HopOutcome::Rejected, _) => DotClass::Rejected,
            (HopOutcome::CacheHit, _) => DotClass::CacheHit,
            (HopOutcome::Ok, HopDirection::Request) => DotClass::Request,
            (HopOutcome::Ok, HopDirection::Response) => DotClass::Success,
        }
    }

    /// The colour of the class in a theme.
    pub fn color(self, pal: &Palette) -> RGBColor {
        match self {
            DotClass::Request => pal.accent,
            DotClass::Success => pal.success,
            DotClass::CacheHit => pal.cache_hit,
            DotClass::Error => pal.error,
            DotClass::Rejected => pal.rejected(),
            DotClass::Lost => pal.lost(),
        }
    }

    /// Words for the legend.
    pub fn label(self) -> &'static str {
        match self {
            DotClass::Request => "request",
            DotClass::Success => "success",
            DotClass::CacheHit => "cache hit",
            DotClass::Error => "error / timeout",
            DotClass::Rejected => "rejected",
            DotClass::Lost => "lost",
        }
    }

    fn index(self) -> usize {
        match self {
            DotClass::Lost => 0,
            DotClass::Request => 1,
            DotClass::Success => 2,
            DotClass::CacheHit => 3,
            DotClass::Rejected => 4,
            DotClass::Error => 5,
        }
    }
}

/// One moving dot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    /// Index of the connection it travels along.
    pub connection: u32,
    /// Responses travel from the connection's `to` back to its `from`.
    pub reverse: bool,
    /// What it shows (its colour).
    pub class: DotClass,
    /// Simulated time it leaves.
    pub depart_s: f64,
    /// Simulated time it is drawn arriving (at least [`MIN_VISIBLE_REAL_S`] × speed later).
    pub end_s: f64,
}

impl Dot {
    /// Progress along the connection at `now_s`: 0 at departure, 1 on arrival; `None` before
    /// it leaves or after it arrived.
    pub fn progress(&self, now_s: f64) -> Option<f64> {
        if now_s < self.depart_s || now_s > self.end_s {
            return None;
        }
        let span = self.end_s - self.depart_s;
        Some(if span <= 0.0 {
            1.0
        } else {
            (now_s - self.depart_s) / span
        })
    }

    /// Where the dot is, given the connection's visible segment (`from` end, `to` end).
    pub fn position(&self, now_s: f64, from: Pt, to: Pt) -> Option<Pt> {
        let t = self.progress(now_s)?;
        Some(if self.reverse {
            to.lerp(from, t)
        } else {
            from.lerp(to, t)
        })
    }
}

/// A fast, well-mixed hash of a request id to [0, 1): whether a request is drawn depends
/// only on its id, so a sampled request is drawn along its whole path.
pub fn unit_hash(request: u64) -> f64 {
    // splitmix64 finaliser
    let mut z = request.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The live dots and the sampling rate that keeps them under [`MAX_DOTS`].
#[derive(Clone, Debug)]
pub struct Dots {
    dots: Vec<Dot>,
    /// Share of requests drawn (1 = all).
    keep_fraction: f64,
    /// How many dots the sampler aims for (at most [`MAX_DOTS`]).
    target: usize,
}

impl Default for Dots {
    fn default() -> Dots {
        Dots {
            dots: Vec::with_capacity(MAX_DOTS),
            keep_fraction: 1.0,
            target: MAX_DOTS * 85 / 100,
        }
    }
}

/// Failures are rarer and matter more: they are sampled this many times more often.
const FAILURE_BOOST: f64 = 4.0;

/// How many dots keep the connections readable as separate dots: about one per
/// `spacing_px` of connection on screen, within `[min, MAX_DOTS]`.
pub fn density_target(total_edge_px: f64, spacing_px: f64, min: usize) -> usize {
    let n = (total_edge_px / spacing_px.max(1.0)).max(0.0) as usize;
    n.clamp(min.min(MAX_DOTS), MAX_DOTS)
}

impl Dots {
    /// Forgets every dot (on reset).
    pub fn clear(&mut self) {
        self.dots.clear();
        self.keep_fraction = 1.0;
    }

    /// Live dots.
    pub fn len(&self) -> usize {
        self.dots.len()
    }

    /// Whether no dot is alive.
    pub fn is_empty(&self) -> bool {
        self.dots.is_empty()
    }

    /// Sets how many dots the sampler aims for (capped at 95 % of [`MAX_DOTS`] so bursts fit).
    pub fn set_target(&mut self, dots: usize) {
        self.target = dots.clamp(1, MAX_DOTS * 95 / 100);
    }

    /// Share of requests currently drawn.
    pub fn keep_fraction(&self) -> f64 {
        self.keep_fraction
    }

    /// Adds the sampled share of `hops` (recorded at `speed`), drops dots that arrived
    /// before `now_s` and adapts the sampling rate.
    pub fn ingest(&mut self, hops: &[Hop], now_s: f64, speed: f64) {
        self.dots.retain(|d| d.end_s >= now_s);
        let min_span_s = MIN_VISIBLE_REAL_S * speed.max(0.01);
        let mut offered = 0usize;
        for hop in hops {
            let end_s = hop.arrive_s.max(hop.depart_s + min_span_s);
            if end_s < now_s {
                continue;
            }
            offered += 1;
            let class = DotClass::of(hop);
            let keep = match class {
                DotClass::Request | DotClass::Success | DotClass::CacheHit => self.keep_fraction,
                _ => (self.keep_fraction * FAILURE_BOOST).min(1.0),
            };
            if unit_hash(hop.request) >= keep || self.dots.len() >= MAX_DOTS {
                continue;
            }
            self.dots.push(Dot {
                connection: hop.connection,
                reverse: hop.direction == HopDirection::Response,
                class,
                depart_s: hop.depart_s,
                end_s,
            });
        }
        // Recover slowly when traffic calms; cut at once when over the target.
        let target = self.target as f64;
        let alive = self.dots.len() as f64;
        if alive > target {
            self.keep_fraction = (self.keep_fraction * target / alive).max(0.002);
        } else if alive < target * 0.6 && offered > 0 {
            self.keep_fraction = (self.keep_fraction * 1.05).min(1.0);
        }
    }

    /// Builds the frame: one path string per colour (and three alpha steps for fading lost
    /// dots), each a run of `M x y h0` segments that a round-capped stroke turns into discs.
    /// `segment(connection)` gives the screen segment of a connection, or `None` to skip it.
    pub fn batches(&self, now_s: f64, segment: impl Fn(u32) -> Option<(Pt, Pt)>) -> Batches {
        let mut out = Batches::default();
        self.batches_into(now_s, segment, &mut out);
        out
    }

    /// [`Dots::batches`] into `out`, reusing its strings: once they have grown to the
    /// frame's size, a frame allocates nothing.
    pub fn batches_into(
        &self,
        now_s: f64,
        segment: impl Fn(u32) -> Option<(Pt, Pt)>,
        out: &mut Batches,
    ) {
        for path in &mut out.paths {
            path.clear();
        }
        out.drawn = 0;
        for dot in &self.dots {
            let Some((from, to)) = segment(dot.connection) else {
                continue;
            };
            let Some(t) = dot.progress(now_s) else {
                continue;
            };
            let p = if dot.reverse {
                to.lerp(from, t)
            } else {
                from.lerp(to, t)
            };
            let slot = if dot.class == DotClass::Lost {
                // Fade out in three steps as the lost message travels into nowhere.
                ((t * 3.0) as usize).min(2)
            } else {
                2 + dot.class.index()
            };
            let path = &mut out.paths[slot];
            let _ = write!(path, "M{:.1} {:.1}h0", p.x, p.y);
            out.drawn += 1;
        }
    }
}

/// One frame of dots, ready for the canvas.
#[derive(Clone, Debug, Default)]
pub struct Batches {
    /// Slots 0..3: lost dots at alpha 0.8, 0.5, 0.2; then one slot per other class.
    pub paths: [String; 8],
    /// Dots in the frame.
    pub drawn: usize,
}

impl Batches {
    /// Each non-empty path with its class and alpha, in drawing order.
    pub fn strokes(&self) -> impl Iterator<Item = (DotClass, f64, &str)> {
        const LOST_ALPHA: [f64; 3] = [0.8, 0.5, 0.2];
        self.paths
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_empty())
            .map(|(i, p)| {
                if i < 3 {
                    (DotClass::Lost, LOST_ALPHA[i], p.as_str())
                } else {
                    (DotClass::ALL[i - 2], 1.0, p.as_str())
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(request: u64, outcome: HopOutcome, direction: HopDirection, d: f64, a: f64) -> Hop {
        Hop {
            request,
            connection: 0,
            direction,
            outcome,
            depart_s: d,
            arrive_s: a,
        }
    }

    #[test]
    fn a_dot_moves_from_start_to_end() {
        let d = Dot {
            connection: 0,
            reverse: false,
            class: DotClass::Request,
            depart_s: 1.0,
            end_s: 3.0,
        };
        let (a, b) = (Pt::new(0.0, 0.0), Pt::new(100.0, 0.0));
        assert_eq!(d.position(0.5, a, b), None);
        assert_eq!(d.position(2.0, a, b), Some(Pt::new(50.0, 0.0)));
        assert_eq!(d.position(3.0, a, b), Some(Pt::new(100.0, 0.0)));
        assert_eq!(d.position(3.1, a, b), None);
        let back = Dot { reverse: true, ..d };
        assert_eq!(back.position(1.5, a, b), Some(Pt::new(75.0, 0.0)));
    }

    #[test]
    fn short_hops_stay_visible() {
        let mut dots = Dots::default();
        // A 1 ms hop at 1× speed is drawn for MIN_VISIBLE_REAL_S.
        dots.ingest(
            &[hop(1, HopOutcome::Ok, HopDirection::Request, 0.0, 0.001)],
            0.0,
            1.0,
        );
        assert_eq!(dots.len(), 1);
        assert!(dots.dots[0].end_s >= MIN_VISIBLE_REAL_S - 1e-12);
        dots.ingest(&[], MIN_VISIBLE_REAL_S + 0.01, 1.0);
        assert!(dots.is_empty());
    }

    #[test]
    fn sampling_keeps_dots_under_the_cap() {
        let mut dots = Dots::default();
        let mut id = 0;
        for frame in 0..200 {
            let now = frame as f64 * 0.016;
            let hops: Vec<Hop> = (0..400)
                .map(|_| {
                    id += 1;
                    hop(id, HopOutcome::Ok, HopDirection::Request, now, now + 0.5)
                })
                .collect();
            dots.ingest(&hops, now, 1.0);
            assert!(dots.len() <= MAX_DOTS);
        }
        assert!(dots.keep_fraction() < 1.0);
        assert!(dots.len() > MAX_DOTS / 3, "{}", dots.len());
    }

    #[test]
    fn a_lower_target_samples_harder() {
        let mut dots = Dots::default();
        dots.set_target(100);
        let mut id = 0;
        for frame in 0..200 {
            let now = frame as f64 * 0.016;
            let hops: Vec<Hop> = (0..50)
                .map(|_| {
                    id += 1;
                    hop(id, HopOutcome::Ok, HopDirection::Request, now, now + 0.5)
                })
                .collect();
            dots.ingest(&hops, now, 1.0);
        }
        assert!(dots.len() < 200, "{}", dots.len());
        assert_eq!(density_target(1200.0, 10.0, 150), 150);
        assert_eq!(density_target(6000.0, 10.0, 150), 600);
        assert_eq!(density_target(1e9, 10.0, 150), MAX_DOTS);
    }

    #[test]
    fn hash_is_roughly_uniform() {
        let below = (0..10_000u64).filter(|i| unit_hash(*i) < 0.25).count();
        assert!((2_200..2_800).contains(&below), "{below}");
    }

    #[test]
    fn one_path_per_colour() {
        let mut dots = Dots::default();
        dots.ingest(
            &[
                hop(1, HopOutcome::Ok, HopDirection::Request, 0.0, 1.0),
                hop(2, HopOutcome::Ok, HopDirection::Request, 0.0, 1.0),
                hop(3, HopOutcome::Error, HopDirection::Response, 0.0, 1.0),
                hop(4, HopOutcome::Lost, HopDirection::Request, 0.0, 1.0),
            ],
            0.0,
            1.0,
        );
        let b = dots.batches(0.5, |_| Some((Pt::new(0.0, 0.0), Pt::new(10.0, 0.0))));
        assert_eq!(b.drawn, 4);
        let strokes: Vec<_> = b.strokes().collect();
        assert_eq!(strokes.len(), 3);
        let blue = strokes.iter().find(|s| s.0 == DotClass::Request).unwrap();
        assert_eq!(blue.2, "M5.0 0.0h0M5.0 0.0h0");
        let red = strokes.iter().find(|s| s.0 == DotClass::Error).unwrap();
        assert_eq!(red.2, "M5.0 0.0h0");
        // The lost dot is half way: it is in the middle alpha step.
        let grey = strokes.iter().find(|s| s.0 == DotClass::Lost).unwrap();
        assert_eq!(grey.1, 0.5);
    }
}
