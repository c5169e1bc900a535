//! Zone polygons on a site plan: validation (simple, non-degenerate, inside the plan) and area.
//!
//! Coordinates are site-plan pixels, origin top-left, x to the right, y down; the site's scale turns
//! pixel areas into square metres.

use serde::{Deserialize, Serialize};

pub const MAX_VERTICES: usize = 500;
pub const MIN_VERTICES: usize = 3;

/// Why a polygon was refused. Each maps to a stable error code the API reports on the `polygon` field.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PolygonError {
    #[error("a polygon needs at least {MIN_VERTICES} vertices, got {count}")]
    TooFewVertices { count: usize },
    #[error("a polygon may have at most {MAX_VERTICES} vertices, got {count}")]
    TooManyVertices { count: usize },
    #[error("vertex {index} is not a finite number")]
    NotFinite { index: usize },
    #[error("vertex {index} lies outside the site plan ({width} x {height})")]
    OutsidePlan { index: usize, width: f64, height: f64 },
    #[error("vertex {index} repeats the vertex before it")]
    RepeatedVertex { index: usize },
    #[error("edges {first} and {second} cross each other")]
    SelfIntersecting { first: usize, second: usize },
    #[error("the polygon encloses no area")]
    ZeroArea,
}

impl PolygonError {
    pub fn code(&self) -> &'static str {
        match self {
            PolygonError::TooFewVertices { .. } => "too_few_vertices",
            PolygonError::TooManyVertices { .. } => "too_many_vertices",
            PolygonError::NotFinite { .. } => "not_finite",
            PolygonError::OutsidePlan { .. } => "outside_plan",
            PolygonError::RepeatedVertex { .. } => "repeated_vertex",
            PolygonError::SelfIntersecting { .. } => "self_intersecting",
            PolygonError::ZeroArea => "zero_area",
        }
    }
}

pub type Point = [f64; 2];

/// Checks a ring of vertices and returns it normalised (an explicit closing vertex equal to the
/// first is dropped, since clients differ on whether they send it).
pub fn validate_polygon(points: &[Point], plan_size: Option<(f64, f64)>) -> Result<Vec<Point>, PolygonError> {
    let mut ring: Vec<Point> = points.to_vec();
    if ring.len() > MIN_VERTICES && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < MIN_VERTICES {
        return Err(PolygonError::TooFewVertices { count: ring.len() });
    }
    if ring.len() > MAX_VERTICES {
        return Err(PolygonError::TooManyVertices { count: ring.len() });
    }
    for (index, p) in ring.iter().enumerate() {
        if !p[0].is_finite() || !p[1].is_finite() {
            return Err(PolygonError::NotFinite { index });
        }
        if let Some((width, height)) = plan_size {
            if p[0] < 0.0 || p[1] < 0.0 || p[0] > width || p[1] > height {
                return Err(PolygonError::OutsidePlan { index, width, height });
            }
        }
    }
    for index in 0..ring.len() {
        let prev = ring[(index + ring.len() - 1) % ring.len()];
        if ring[index] == prev {
            return Err(PolygonError::RepeatedVertex { index });
        }
    }
    check_simple(&ring)?;
    if area(&ring) <= f64::EPSILON {
        return Err(PolygonError::ZeroArea);
    }
    Ok(ring)
}

/// Area by the shoelace formula, independent of orientation.
pub fn area(ring: &[Point]) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    twice.abs() / 2.0
}

/// Whether a point lies inside the ring (even-odd rule); used to place devices and people in zones.
pub fn contains(ring: &[Point], p: Point) -> bool {
    let n = ring.len();
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0] {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// O(n²) pairwise edge test; zones have at most a few hundred vertices so this stays well under a
/// millisecond, and it is exact, unlike a sweep line with floating-point event ordering.
fn check_simple(ring: &[Point]) -> Result<(), PolygonError> {
    let n = ring.len();
    for i in 0..n {
        let (a1, a2) = (ring[i], ring[(i + 1) % n]);
        for j in (i + 1)..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            let (b1, b2) = (ring[j], ring[(j + 1) % n]);
            if adjacent {
                // Neighbours share a vertex; they only overlap if they fold back onto each other.
                if collinear_overlap(a1, a2, b1, b2) {
                    return Err(PolygonError::SelfIntersecting { first: i, second: j });
                }
                continue;
            }
            if segments_intersect(a1, a2, b1, b2) {
                return Err(PolygonError::SelfIntersecting { first: i, second: j });
            }
        }
    }
    Ok(())
}

fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

fn on_segment(a: Point, b: Point, p: Point) -> bool {
    p[0] >= a[0].min(b[0]) && p[0] <= a[0].max(b[0]) && p[1] >= a[1].min(b[1]) && p[1] <= a[1].max(b[1])
}

fn segments_intersect(a1: Point, a2: Point, b1: Point, b2: Point) -> bool {
    let (d1, d2) = (orient(b1, b2, a1), orient(b1, b2, a2));
    let (d3, d4) = (orient(a1, a2, b1), orient(a1, a2, b2));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0)) {
        return true;
    }
    (d1 == 0.0 && on_segment(b1, b2, a1))
        || (d2 == 0.0 && on_segment(b1, b2, a2))
        || (d3 == 0.0 && on_segment(a1, a2, b1))
        || (d4 == 0.0 && on_segment(a1, a2, b2))
}

/// Two edges sharing an endpoint overlap when they are collinear and point the same way from it.
fn collinear_overlap(a1: Point, a2: Point, b1: Point, b2: Point) -> bool {
    let shared = if a2 == b1 {
        Some((a2, a1, b2))
    } else if a1 == b2 {
        Some((a1, a2, b1))
    } else {
        None
    };
    match shared {
        Some((s, p, q)) => {
            orient(s, p, q) == 0.0 && (p[0] - s[0]) * (q[0] - s[0]) + (p[1] - s[1]) * (q[1] - s[1]) > 0.0
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SQUARE: [Point; 4] = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];

    #[test]
    fn a_square_is_valid_and_has_its_area() {
        let ring = validate_polygon(&SQUARE, Some((100.0, 100.0))).unwrap();
        assert_eq!(area(&ring), 100.0);
    }

    #[test]
    fn an_explicit_closing_vertex_is_dropped() {
        let mut closed = SQUARE.to_vec();
        closed.push(SQUARE[0]);
        assert_eq!(validate_polygon(&closed, None).unwrap().len(), 4);
    }

    #[test]
    fn a_bow_tie_is_self_intersecting() {
        let bow_tie = [[0.0, 0.0], [10.0, 10.0], [10.0, 0.0], [0.0, 10.0]];
        assert!(matches!(validate_polygon(&bow_tie, None), Err(PolygonError::SelfIntersecting { .. })));
    }

    #[test]
    fn collinear_points_enclose_no_area() {
        let line = [[0.0, 0.0], [5.0, 0.0], [10.0, 0.0]];
        let err = validate_polygon(&line, None).unwrap_err();
        assert!(matches!(err, PolygonError::SelfIntersecting { .. } | PolygonError::ZeroArea), "{err:?}");
    }

    #[test]
    fn a_spike_folding_back_is_refused() {
        let spike = [[0.0, 0.0], [10.0, 0.0], [5.0, 0.0], [5.0, 5.0]];
        assert!(validate_polygon(&spike, None).is_err());
    }

    #[test]
    fn vertices_outside_the_plan_are_named() {
        let err = validate_polygon(&SQUARE, Some((5.0, 50.0))).unwrap_err();
        assert_eq!(err, PolygonError::OutsidePlan { index: 1, width: 5.0, height: 50.0 });
    }

    #[test]
    fn non_finite_and_repeated_and_counts() {
        assert_eq!(
            validate_polygon(&[[0.0, 0.0], [f64::NAN, 1.0], [1.0, 1.0]], None),
            Err(PolygonError::NotFinite { index: 1 })
        );
        assert_eq!(
            validate_polygon(&[[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 0.0]], None),
            Err(PolygonError::RepeatedVertex { index: 1 })
        );
        assert_eq!(validate_polygon(&[[0.0, 0.0], [1.0, 1.0]], None), Err(PolygonError::TooFewVertices { count: 2 }));
        let many: Vec<Point> = (0..=MAX_VERTICES).map(|i| [i as f64, (i % 2) as f64]).collect();
        assert!(matches!(validate_polygon(&many, None), Err(PolygonError::TooManyVertices { .. })));
    }

    #[test]
    fn containment() {
        assert!(contains(&SQUARE, [5.0, 5.0]));
        assert!(!contains(&SQUARE, [15.0, 5.0]));
    }

    proptest! {
        /// Regular polygons (convex, hence simple) of any size and position are always accepted,
        /// and their area matches the closed form.
        #[test]
        fn regular_polygons_are_accepted(n in 3usize..60, r in 1.0f64..500.0, cx in 500.0f64..1000.0, cy in 500.0f64..1000.0) {
            let ring: Vec<Point> = (0..n)
                .map(|k| {
                    let t = std::f64::consts::TAU * k as f64 / n as f64;
                    [cx + r * t.cos(), cy + r * t.sin()]
                })
                .collect();
            let valid = validate_polygon(&ring, Some((2000.0, 2000.0))).unwrap();
            let expected = 0.5 * n as f64 * r * r * (std::f64::consts::TAU / n as f64).sin();
            prop_assert!((area(&valid) - expected).abs() < 1e-6 * expected.max(1.0));
        }

        /// Swapping two non-adjacent vertices of a convex polygon always makes edges cross.
        #[test]
        fn swapped_vertices_of_a_convex_polygon_cross(n in 5usize..40, pick in 0usize..1000) {
            let mut ring: Vec<Point> = (0..n)
                .map(|k| {
                    let t = std::f64::consts::TAU * k as f64 / n as f64;
                    [1000.0 + 300.0 * t.cos(), 1000.0 + 300.0 * t.sin()]
                })
                .collect();
            let i = pick % n;
            let j = (i + 2) % n;
            ring.swap(i, j);
            prop_assert!(validate_polygon(&ring, None).is_err());
        }
    }
}
