//! Plane geometry for zones drawn on a site plan, in plan-image pixel coordinates. Pure functions; the
//! server validates polygons too, this lets the editor say what is wrong before a round trip.
export interface Pt {
  x: number;
  y: number;
}

export type PolygonProblem = 'too_few_points' | 'self_intersecting' | 'zero_area';

const EPS = 1e-9;

export function distance(a: Pt, b: Pt): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Ray casting; a point exactly on an edge counts as inside. */
export function pointInPolygon(p: Pt, polygon: readonly Pt[]): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (onSegment(a, b, p)) return true;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

function cross(o: Pt, a: Pt, b: Pt): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

function sign(v: number): number {
  return Math.abs(v) < EPS ? 0 : v > 0 ? 1 : -1;
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return (
    sign(cross(a, b, p)) === 0 &&
    Math.min(a.x, b.x) - EPS <= p.x &&
    p.x <= Math.max(a.x, b.x) + EPS &&
    Math.min(a.y, b.y) - EPS <= p.y &&
    p.y <= Math.max(a.y, b.y) + EPS
  );
}

/** Whether segments ab and cd share at least one point (touching and collinear overlap included). */
export function segmentsIntersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = sign(cross(c, d, a));
  const d2 = sign(cross(c, d, b));
  const d3 = sign(cross(a, b, c));
  const d4 = sign(cross(a, b, d));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && onSegment(c, d, a)) ||
    (d2 === 0 && onSegment(c, d, b)) ||
    (d3 === 0 && onSegment(a, b, c)) ||
    (d4 === 0 && onSegment(a, b, d))
  );
}

/**
 * Whether the closed ring crosses or touches itself: any two edges that are not neighbours meet, or two
 * neighbours fold back onto each other.
 */
export function isSelfIntersecting(polygon: readonly Pt[]): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % n]!;
    if (distance(a, b) < EPS) return true;
    for (let j = i + 1; j < n; j++) {
      const c = polygon[j]!;
      const d = polygon[(j + 1) % n]!;
      const neighbours = j === i + 1 || (i === 0 && j === n - 1);
      if (neighbours) {
        // Neighbours share one vertex; they intersect improperly only when they overlap along a line.
        const shared = j === i + 1 ? b : a;
        const other1 = j === i + 1 ? a : b;
        const other2 = j === i + 1 ? d : c;
        if (sign(cross(shared, other1, other2)) === 0 && dot(shared, other1, other2) > 0) return true;
        continue;
      }
      if (segmentsIntersect(a, b, c, d)) return true;
    }
  }
  return false;
}

function dot(o: Pt, a: Pt, b: Pt): number {
  return (a.x - o.x) * (b.x - o.x) + (a.y - o.y) * (b.y - o.y);
}

/** Unsigned area by the shoelace formula. */
export function polygonArea(polygon: readonly Pt[]): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** The first reason the ring cannot be a zone, or null when it can. */
export function polygonProblem(polygon: readonly Pt[]): PolygonProblem | null {
  if (polygon.length < 3) return 'too_few_points';
  if (isSelfIntersecting(polygon)) return 'self_intersecting';
  if (polygonArea(polygon) < 1) return 'zero_area';
  return null;
}

/** Metres per pixel from two points on the plan and the real distance between them; null when unusable. */
export function metresPerPixel(a: Pt, b: Pt, metres: number): number | null {
  const px = distance(a, b);
  if (!(px >= 1) || !(metres > 0) || !Number.isFinite(metres)) return null;
  return metres / px;
}

/** Area-weighted centre, for placing a zone's label; falls back to the vertex mean for degenerate rings. */
export function centroid(polygon: readonly Pt[]): Pt {
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i]!;
    const q = polygon[(i + 1) % polygon.length]!;
    const f = p.x * q.y - q.x * p.y;
    a2 += f;
    cx += (p.x + q.x) * f;
    cy += (p.y + q.y) * f;
  }
  if (Math.abs(a2) < EPS) {
    const n = Math.max(polygon.length, 1);
    return {
      x: polygon.reduce((s, p) => s + p.x, 0) / n,
      y: polygon.reduce((s, p) => s + p.y, 0) / n,
    };
  }
  return { x: cx / (3 * a2), y: cy / (3 * a2) };
}

/** Midpoint of each edge i → i+1 (closed ring), where the editor offers to insert a vertex. */
export function edgeMidpoints(polygon: readonly Pt[]): Pt[] {
  return polygon.map((p, i) => {
    const q = polygon[(i + 1) % polygon.length]!;
    return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
  });
}

export function moveVertex(polygon: readonly Pt[], index: number, to: Pt): Pt[] {
  return polygon.map((p, i) => (i === index ? { x: to.x, y: to.y } : p));
}

/** Inserts `p` after vertex `index`. */
export function insertVertex(polygon: readonly Pt[], index: number, p: Pt): Pt[] {
  return [...polygon.slice(0, index + 1), { x: p.x, y: p.y }, ...polygon.slice(index + 1)];
}

/** Removes vertex `index` unless that would leave fewer than three. */
export function removeVertex(polygon: readonly Pt[], index: number): Pt[] {
  if (polygon.length <= 3) return [...polygon];
  return polygon.filter((_, i) => i !== index);
}

export function clampToBounds(p: Pt, width: number, height: number): Pt {
  return { x: Math.min(Math.max(p.x, 0), width), y: Math.min(Math.max(p.y, 0), height) };
}

/** Rounds to 0.1 px: sub-pixel noise from the pointer carries no meaning on a plan. */
export function roundPoint(p: Pt): Pt {
  return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
}

export function toSvgPoints(polygon: readonly Pt[]): string {
  return polygon.map((p) => `${p.x},${p.y}`).join(' ');
}

/** The API's `[x, y]` vertex pairs as points. */
export function fromPairs(pairs: readonly (readonly number[])[]): Pt[] {
  return pairs.map((p) => ({ x: p[0] ?? 0, y: p[1] ?? 0 }));
}

/** Points as the API's `[x, y]` vertex pairs. */
export function toPairs(points: readonly Pt[]): number[][] {
  return points.map((p) => [p.x, p.y]);
}
