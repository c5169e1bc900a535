import { describe, expect, it } from 'vitest';
import {
  centroid,
  clampToBounds,
  edgeMidpoints,
  fromPairs,
  toPairs,
  insertVertex,
  isSelfIntersecting,
  metresPerPixel,
  moveVertex,
  pointInPolygon,
  polygonArea,
  polygonProblem,
  removeVertex,
  segmentsIntersect,
  type Pt,
} from './polygon';

const pts = (...xy: number[]): Pt[] => {
  const out: Pt[] = [];
  for (let i = 0; i < xy.length; i += 2) out.push({ x: xy[i]!, y: xy[i + 1]! });
  return out;
};
const square = pts(0, 0, 10, 0, 10, 10, 0, 10);
const bowtie = pts(0, 0, 10, 10, 10, 0, 0, 10);
const concaveL = pts(0, 0, 10, 0, 10, 4, 4, 4, 4, 10, 0, 10);

describe('pointInPolygon', () => {
  it('finds points inside and outside a square', () => {
    expect(pointInPolygon({ x: 5, y: 5 }, square)).toBe(true);
    expect(pointInPolygon({ x: 15, y: 5 }, square)).toBe(false);
    expect(pointInPolygon({ x: -0.1, y: 5 }, square)).toBe(false);
  });
  it('counts the boundary and vertices as inside', () => {
    expect(pointInPolygon({ x: 10, y: 5 }, square)).toBe(true);
    expect(pointInPolygon({ x: 0, y: 0 }, square)).toBe(true);
  });
  it('respects the notch of a concave polygon', () => {
    expect(pointInPolygon({ x: 2, y: 8 }, concaveL)).toBe(true);
    expect(pointInPolygon({ x: 8, y: 8 }, concaveL)).toBe(false);
  });
  it('treats fewer than three points as no area', () => {
    expect(pointInPolygon({ x: 0, y: 0 }, pts(0, 0, 1, 1))).toBe(false);
  });
});

describe('segmentsIntersect', () => {
  it('detects a proper crossing', () => {
    expect(segmentsIntersect({ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 10, y: 0 })).toBe(true);
  });
  it('detects touching at an end point', () => {
    expect(segmentsIntersect({ x: 0, y: 0 }, { x: 5, y: 5 }, { x: 5, y: 5 }, { x: 9, y: 0 })).toBe(true);
  });
  it('detects collinear overlap but not collinear gaps', () => {
    expect(segmentsIntersect({ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 3, y: 0 }, { x: 8, y: 0 })).toBe(true);
    expect(segmentsIntersect({ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 3, y: 0 }, { x: 8, y: 0 })).toBe(false);
  });
  it('rejects parallel and far-apart segments', () => {
    expect(segmentsIntersect({ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 0, y: 1 }, { x: 5, y: 1 })).toBe(false);
    expect(segmentsIntersect({ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 5, y: 0 }, { x: 6, y: -3 })).toBe(false);
  });
});

describe('isSelfIntersecting', () => {
  it('accepts simple convex and concave rings', () => {
    expect(isSelfIntersecting(square)).toBe(false);
    expect(isSelfIntersecting(concaveL)).toBe(false);
    expect(isSelfIntersecting(pts(0, 0, 10, 0, 5, 8))).toBe(false);
  });
  it('rejects a bow tie', () => {
    expect(isSelfIntersecting(bowtie)).toBe(true);
  });
  it('rejects a ring whose closing edge crosses another edge', () => {
    expect(isSelfIntersecting(pts(0, 0, 10, 0, 10, 10, 5, -5))).toBe(true);
  });
  it('rejects a vertex that touches a non-adjacent edge', () => {
    expect(isSelfIntersecting(pts(0, 0, 10, 0, 10, 10, 5, 0, 0, 10))).toBe(true);
  });
  it('rejects repeated consecutive points and spikes that fold back', () => {
    expect(isSelfIntersecting(pts(0, 0, 10, 0, 10, 0, 0, 10))).toBe(true);
    expect(isSelfIntersecting(pts(0, 0, 10, 0, 5, 0, 0, 10))).toBe(true);
  });
  it('is unchanged by the choice of starting vertex', () => {
    for (let s = 0; s < bowtie.length; s++) {
      const rotated = [...bowtie.slice(s), ...bowtie.slice(0, s)];
      expect(isSelfIntersecting(rotated)).toBe(true);
    }
  });
});

describe('polygonProblem', () => {
  it('names the first problem', () => {
    expect(polygonProblem(pts(0, 0, 1, 1))).toBe('too_few_points');
    expect(polygonProblem(bowtie)).toBe('self_intersecting');
    expect(polygonProblem(pts(0, 0, 5, 0, 10, 0))).not.toBeNull();
    expect(polygonProblem(square)).toBeNull();
  });
});

describe('measures', () => {
  it('computes area regardless of winding', () => {
    expect(polygonArea(square)).toBe(100);
    expect(polygonArea([...square].reverse())).toBe(100);
    expect(polygonArea(concaveL)).toBe(64);
  });
  it('derives metres per pixel from two clicks and a distance', () => {
    expect(metresPerPixel({ x: 0, y: 0 }, { x: 300, y: 400 }, 50)).toBeCloseTo(0.1);
    expect(metresPerPixel({ x: 0, y: 0 }, { x: 0, y: 0 }, 50)).toBeNull();
    expect(metresPerPixel({ x: 0, y: 0 }, { x: 10, y: 0 }, 0)).toBeNull();
    expect(metresPerPixel({ x: 0, y: 0 }, { x: 10, y: 0 }, Number.NaN)).toBeNull();
  });
  it('places the centroid inside a square', () => {
    expect(centroid(square)).toEqual({ x: 5, y: 5 });
  });
});

describe('editing', () => {
  it('moves, inserts and removes vertices without mutating the input', () => {
    const original = square.map((p) => ({ ...p }));
    expect(moveVertex(square, 1, { x: 12, y: 0 })[1]).toEqual({ x: 12, y: 0 });
    const inserted = insertVertex(square, 0, { x: 5, y: -2 });
    expect(inserted).toHaveLength(5);
    expect(inserted[1]).toEqual({ x: 5, y: -2 });
    expect(removeVertex(inserted, 1)).toEqual(square);
    expect(removeVertex(pts(0, 0, 1, 0, 0, 1), 0)).toHaveLength(3);
    expect(square).toEqual(original);
  });
  it('offers a midpoint on every edge including the closing one', () => {
    expect(edgeMidpoints(square)).toEqual(pts(5, 0, 10, 5, 5, 10, 0, 5));
  });
  it('keeps points on the plan', () => {
    expect(clampToBounds({ x: -3, y: 120 }, 100, 100)).toEqual({ x: 0, y: 100 });
  });
});

describe('API vertex pairs', () => {
  it('round-trips points through [x, y] pairs', () => {
    expect(toPairs(square)).toEqual([[0, 0], [10, 0], [10, 10], [0, 10]]);
    expect(fromPairs(toPairs(concaveL))).toEqual(concaveL);
  });
});
