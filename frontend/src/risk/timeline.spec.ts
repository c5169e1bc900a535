import { describe, expect, it } from 'vitest';
import { defaultBucketSeconds, instantAt, isLivePosition, positionOf, spanEnding, strip, type TimelinePoint } from './timeline';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const span = spanEnding(NOW);

const point = (at: string, max_value: number): TimelinePoint => ({ at, max_value, red: 0, orange: 0, yellow: 0, blue: 0, unassessed: 0 });

describe('replay slider', () => {
  it('maps positions to instants over the last 24 hours and back', () => {
    expect(instantAt(span, 0)).toBe('2026-11-30T12:00:00.000Z');
    expect(instantAt(span, 1440)).toBe('2026-12-01T12:00:00.000Z');
    expect(instantAt(span, 90)).toBe('2026-11-30T13:30:00.000Z');
    expect(instantAt(span, 99999)).toBe('2026-12-01T12:00:00.000Z');
    expect(positionOf(span, '2026-11-30T13:30:00Z')).toBe(90);
    expect(positionOf(span, '2020-01-01T00:00:00Z')).toBe(0);
  });

  it('treats the right end as live and anything before it as replay', () => {
    expect(isLivePosition(span, 1440)).toBe(true);
    expect(isLivePosition(span, 1439)).toBe(false);
  });

  it('colours the strip by each bucket’s worst value and leaves gaps empty', () => {
    const bucket = 180_000;
    const segments = strip(
      [point('2026-12-01T11:57:00Z', 80), point('2026-12-01T11:00:00Z', 10), point('2026-12-01T11:03:00Z', 60), point('2020-01-01T00:00:00Z', 99)],
      span,
      bucket,
    );
    expect(segments.map((s) => s.grade)).toEqual(['blue', 'orange', 'red']);
    // 11:00 runs to 11:03 (the next point), 11:03 only one bucket wide (the next point is far away).
    expect(segments[0]!.width).toBeCloseTo((bucket / (span.to - span.from)) * 100);
    expect(segments[1]!.left + segments[1]!.width).toBeLessThan(segments[2]!.left);
  });

  it('knows the server’s default bucket width', () => {
    expect(defaultBucketSeconds(span)).toBe(180);
    expect(defaultBucketSeconds({ from: 0, to: 60_000 })).toBe(15);
  });
});
