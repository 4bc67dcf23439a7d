//! Canvas geometry: the world↔screen transform (pan and zoom), node boxes, edge endpoints,
//! hit-testing and fit-to-view. Pure functions, unit-tested natively.

use archsim_engine::{Pos, Scenario};

/// Width of a node box in world units.
pub const NODE_W: f64 = 152.0;
/// Height of a node box in world units.
pub const NODE_H: f64 = 72.0;
/// Smallest zoom factor the buttons and the wheel allow.
pub const MIN_ZOOM: f64 = 0.25;
/// Largest zoom factor.
pub const MAX_ZOOM: f64 = 3.0;

/// A point in some coordinate space (the name of the variable says which).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pt {
    /// Horizontal, growing to the right.
    pub x: f64,
    /// Vertical, growing downwards.
    pub y: f64,
}

impl Pt {
    /// A point.
    pub const fn new(x: f64, y: f64) -> Pt {
        Pt { x, y }
    }

    /// Linear interpolation: `self` at `t = 0`, `other` at `t = 1`.
    pub fn lerp(self, other: Pt, t: f64) -> Pt {
        Pt::new(
            self.x + (other.x - self.x) * t,
            self.y + (other.y - self.y) * t,
        )
    }

    /// Euclidean distance.
    pub fn dist(self, other: Pt) -> f64 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

impl From<Pos> for Pt {
    fn from(p: Pos) -> Pt {
        Pt::new(p.x, p.y)
    }
}

/// The view transform: `screen = world × zoom + pan`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Screen position (CSS pixels, relative to the canvas) of the world origin.
    pub pan: Pt,
    /// Screen pixels per world unit.
    pub zoom: f64,
}

impl Default for View {
    fn default() -> View {
        View {
            pan: Pt::new(0.0, 0.0),
            zoom: 1.0,
        }
    }
}

impl View {
    /// Where a world point appears on screen.
    pub fn screen_from_world(&self, p_world: Pt) -> Pt {
        Pt::new(
            p_world.x * self.zoom + self.pan.x,
            p_world.y * self.zoom + self.pan.y,
        )
    }

    /// Which world point is under a screen point.
    pub fn world_from_screen(&self, p_screen: Pt) -> Pt {
        Pt::new(
            (p_screen.x - self.pan.x) / self.zoom,
            (p_screen.y - self.pan.y) / self.zoom,
        )
    }

    /// Zooms by `factor`, keeping the world point under `anchor_screen` where it is.
    pub fn zoomed_at(&self, anchor_screen: Pt, factor: f64) -> View {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let anchor_world = self.world_from_screen(anchor_screen);
        View {
            zoom,
            pan: Pt::new(
                anchor_screen.x - anchor_world.x * zoom,
                anchor_screen.y - anchor_world.y * zoom,
            ),
        }
    }

    /// Follows two fingers from `(a0, b0)` to `(a1, b1)` (screen points): zooms by the change
    /// of their distance and keeps the world point under their midpoint under it.
    pub fn pinched(&self, (a0, b0): (Pt, Pt), (a1, b1): (Pt, Pt)) -> View {
        let factor = a1.dist(b1) / a0.dist(b0).max(1.0);
        let (m0, m1) = (a0.lerp(b0, 0.5), a1.lerp(b1, 0.5));
        let anchor_world = self.world_from_screen(m0);
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        View {
            zoom,
            pan: Pt::new(m1.x - anchor_world.x * zoom, m1.y - anchor_world.y * zoom),
        }
    }

    /// Moves the view by a screen delta.
    pub fn panned(&self, dx_screen: f64, dy_screen: f64) -> View {
        View {
            pan: Pt::new(self.pan.x + dx_screen, self.pan.y + dy_screen),
            zoom: self.zoom,
        }
    }

    /// The SVG `transform` attribute of the world group.
    pub fn svg_transform(&self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.pan.x, self.pan.y, self.zoom
        )
    }
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub min: Pt,
    /// Bottom-right corner.
    pub max: Pt,
}

impl Rect {
    /// The box of a node centred on `center_world`.
    pub fn node(center_world: Pt) -> Rect {
        Rect {
            min: Pt::new(center_world.x - NODE_W / 2.0, center_world.y - NODE_H / 2.0),
            max: Pt::new(center_world.x + NODE_W / 2.0, center_world.y + NODE_H / 2.0),
        }
    }

    /// Whether `p` is inside (borders included).
    pub fn contains(&self, p: Pt) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// Width.
    pub fn width(&self) -> f64 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(&self) -> f64 {
        self.max.y - self.min.y
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            min: Pt::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Pt::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }
}

/// The bounding box of every node, or `None` for an empty diagram.
pub fn diagram_bounds(scenario: &Scenario) -> Option<Rect> {
    scenario
        .components
        .iter()
        .map(|c| Rect::node(c.pos.into()))
        .reduce(|a, b| a.union(&b))
}

/// The view that shows `bounds` centred in a `width × height` viewport with `margin` pixels
/// around it, never zooming in past 1.25× (a tiny diagram should not look blown up).
pub fn fit_view(bounds: Rect, width: f64, height: f64, margin: f64) -> View {
    let avail_w = (width - 2.0 * margin).max(1.0);
    let avail_h = (height - 2.0 * margin).max(1.0);
    let zoom = (avail_w / bounds.width().max(1.0))
        .min(avail_h / bounds.height().max(1.0))
        .clamp(MIN_ZOOM, 1.25);
    let center = bounds.min.lerp(bounds.max, 0.5);
    View {
        zoom,
        pan: Pt::new(
            width / 2.0 - center.x * zoom,
            height / 2.0 - center.y * zoom,
        ),
    }
}

/// Where the segment from the centre of a node box towards `toward` leaves the box.
pub fn box_exit(center: Pt, toward: Pt) -> Pt {
    let dx = toward.x - center.x;
    let dy = toward.y - center.y;
    if dx == 0.0 && dy == 0.0 {
        return center;
    }
    let sx = if dx != 0.0 {
        (NODE_W / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let sy = if dy != 0.0 {
        (NODE_H / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy).min(1.0);
    Pt::new(center.x + dx * s, center.y + dy * s)
}

/// The visible segment of an edge between two node centres: from the border of the first
/// box to the border of the second (so arrowheads and dots do not hide under the boxes).
pub fn edge_segment(from_center: Pt, to_center: Pt) -> (Pt, Pt) {
    (
        box_exit(from_center, to_center),
        box_exit(to_center, from_center),
    )
}

/// The index of the topmost node whose box contains `p_world` (later nodes are drawn on top).
pub fn node_at(scenario: &Scenario, p_world: Pt) -> Option<usize> {
    scenario
        .components
        .iter()
        .rposition(|c| Rect::node(c.pos.into()).contains(p_world))
}

/// The world position of a node's output port (the handle you drag to connect).
pub fn port_pos(center: Pt) -> Pt {
    Pt::new(center.x + NODE_W / 2.0, center.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinch_zooms_by_the_fingers_and_keeps_their_midpoint() {
        let v = View {
            pan: Pt::new(10.0, 20.0),
            zoom: 1.0,
        };
        let mid_world = v.world_from_screen(Pt::new(150.0, 100.0));
        // Fingers twice as far apart, and both moved 30 px right.
        let after = v.pinched(
            (Pt::new(100.0, 100.0), Pt::new(200.0, 100.0)),
            (Pt::new(80.0, 100.0), Pt::new(280.0, 100.0)),
        );
        assert!((after.zoom - 2.0).abs() < 1e-12);
        let moved = after.screen_from_world(mid_world);
        assert!(moved.dist(Pt::new(180.0, 100.0)) < 1e-9, "{moved:?}");
    }

    fn close(a: Pt, b: Pt) -> bool {
        a.dist(b) < 1e-9
    }

    #[test]
    fn screen_and_world_are_inverse() {
        let v = View {
            pan: Pt::new(33.0, -12.0),
            zoom: 1.7,
        };
        let p = Pt::new(120.0, 45.5);
        assert!(close(v.world_from_screen(v.screen_from_world(p)), p));
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = View {
            pan: Pt::new(10.0, 20.0),
            zoom: 1.0,
        };
        let cursor = Pt::new(300.0, 200.0);
        let before = v.world_from_screen(cursor);
        let z = v.zoomed_at(cursor, 1.5);
        assert!((z.zoom - 1.5).abs() < 1e-12);
        assert!(close(z.world_from_screen(cursor), before));
    }

    #[test]
    fn zoom_is_clamped() {
        let v = View::default().zoomed_at(Pt::new(0.0, 0.0), 100.0);
        assert_eq!(v.zoom, MAX_ZOOM);
        let v = View::default().zoomed_at(Pt::new(0.0, 0.0), 0.001);
        assert_eq!(v.zoom, MIN_ZOOM);
    }

    #[test]
    fn fit_centres_the_diagram() {
        let b = Rect {
            min: Pt::new(0.0, 0.0),
            max: Pt::new(1000.0, 400.0),
        };
        let v = fit_view(b, 800.0, 600.0, 40.0);
        let c = v.screen_from_world(Pt::new(500.0, 200.0));
        assert!(close(c, Pt::new(400.0, 300.0)));
        // The whole box is inside the viewport, margins included.
        let tl = v.screen_from_world(b.min);
        let br = v.screen_from_world(b.max);
        assert!(tl.x >= 39.999 && br.x <= 760.001);
        assert!(tl.y >= 0.0 && br.y <= 600.0);
    }

    #[test]
    fn edge_leaves_the_box_at_its_border() {
        let (a, b) = edge_segment(Pt::new(0.0, 0.0), Pt::new(400.0, 0.0));
        assert!(close(a, Pt::new(NODE_W / 2.0, 0.0)));
        assert!(close(b, Pt::new(400.0 - NODE_W / 2.0, 0.0)));
        // Steep edges leave through the top or bottom.
        let (a, _) = edge_segment(Pt::new(0.0, 0.0), Pt::new(10.0, 400.0));
        assert!((a.y - NODE_H / 2.0).abs() < 1e-9);
    }

    #[test]
    fn hit_test_prefers_the_topmost_node() {
        let s = Scenario::from_json(include_str!("../../examples/web-app.json")).unwrap();
        let lb = s.component("lb").unwrap().pos;
        let i = node_at(&s, Pt::new(lb.x + 10.0, lb.y - 5.0)).unwrap();
        assert_eq!(s.components[i].id, "lb");
        assert_eq!(node_at(&s, Pt::new(-500.0, -500.0)), None);
    }
}
