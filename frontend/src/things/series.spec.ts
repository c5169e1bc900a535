import { describe, expect, it } from 'vitest';
import type { Series } from '@/api/types';
import { MAX_BUCKETS, RAW_LIMIT, bucketSecondsFor, chartData, chooseResolution, rawWasCut } from './series';

const HOUR = 3600;
const DAY = 86400;

describe('raw or buckets', () => {
  it('shows every reading up to an hour and buckets beyond', () => {
    expect(chooseResolution(HOUR)).toEqual({ kind: 'raw', limit: RAW_LIMIT });
    expect(chooseResolution(HOUR + 1)).toEqual({ kind: 'buckets', bucketSeconds: 30 });
    expect(chooseResolution(6 * HOUR)).toEqual({ kind: 'buckets', bucketSeconds: 120 });
    expect(chooseResolution(DAY)).toEqual({ kind: 'buckets', bucketSeconds: 600 });
    expect(chooseResolution(7 * DAY)).toEqual({ kind: 'buckets', bucketSeconds: 3600 });
    expect(chooseResolution(30 * DAY)).toEqual({ kind: 'buckets', bucketSeconds: 10800 });
  });

  it('buckets a short window too when its raw answer was cut at the limit', () => {
    expect(chooseResolution(HOUR, true)).toEqual({ kind: 'buckets', bucketSeconds: 15 });
    const full = Array.from({ length: RAW_LIMIT }, (_, i) => ({ ts: `${i}`, source_ts: `${i}`, value: i }));
    expect(rawWasCut(full, RAW_LIMIT)).toBe(true);
    expect(rawWasCut(full.slice(1), RAW_LIMIT)).toBe(false);
    expect(rawWasCut(null, RAW_LIMIT)).toBe(false);
  });

  it('picks readable widths and never asks for more buckets than the server allows', () => {
    for (const window of [60, HOUR, 5 * HOUR, DAY, 90 * DAY, 400 * DAY]) {
      const b = bucketSecondsFor(window);
      expect(window / b).toBeLessThanOrEqual(MAX_BUCKETS);
      expect(window / b).toBeLessThanOrEqual(240);
    }
    expect(bucketSecondsFor(400 * DAY)).toBe(2 * DAY);
    expect(bucketSecondsFor(400 * DAY, 1e9)).toBe(Math.ceil((400 * DAY) / MAX_BUCKETS));
    expect(bucketSecondsFor(10)).toBe(1);
  });
});

describe('chart data', () => {
  const base: Omit<Series, 'points' | 'buckets'> = {
    device_id: 'd',
    property: 'p',
    from: '2026-01-01T00:00:00Z',
    to: '2026-01-01T01:00:00Z',
  };

  it('draws raw points as one line', () => {
    const d = chartData(
      { ...base, points: [{ ts: '2026-01-01T00:00:00Z', source_ts: '2026-01-01T00:00:00Z', value: 1.5 }, { ts: '2026-01-01T00:00:10Z', source_ts: '2026-01-01T00:00:09Z', value: null, text_value: 'x' }] },
      null,
    );
    expect(d.kind).toBe('raw');
    expect(d.line).toEqual([
      [Date.parse('2026-01-01T00:00:00Z'), 1.5],
      [Date.parse('2026-01-01T00:00:10Z'), null],
    ]);
    expect(d.low).toEqual([]);
  });

  it('stacks a min–max band under the average and breaks at empty buckets', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const at = (m: number) => new Date(t0 + m * 60_000).toISOString();
    const d = chartData(
      {
        ...base,
        buckets: [
          { bucket_start: at(0), min: 1, max: 3, avg: 2, count: 5 },
          { bucket_start: at(1), min: 2, max: 6, avg: 4, count: 5 },
          // Minutes 2 and 3 had no readings.
          { bucket_start: at(4), min: 0, max: 1, avg: 0.5, count: 2 },
        ],
      },
      60,
    );
    expect(d.kind).toBe('buckets');
    expect(d.line.map((p) => p[1])).toEqual([2, 4, null, 0.5]);
    expect(d.line[2]![0]).toBe(t0 + 2 * 60_000);
    expect(d.low.map((p) => p[1])).toEqual([1, 2, null, 0]);
    expect(d.spread.map((p) => p[1])).toEqual([2, 4, null, 1]);
    expect(d.high.map((p) => p[1])).toEqual([3, 6, null, 1]);
    expect(d.bucketSeconds).toBe(60);
    expect([d.from, d.to]).toEqual([Date.parse(base.from), Date.parse(base.to)]);
  });

  it('uses the bucket width the server answered with, so a widened bucket is not drawn as a gap', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const at = (m: number) => new Date(t0 + m * 60_000).toISOString();
    const d = chartData(
      {
        ...base,
        bucket_seconds: 120,
        buckets: [
          { bucket_start: at(0), min: 1, max: 3, avg: 2, count: 5 },
          { bucket_start: at(2), min: 2, max: 6, avg: 4, count: 5 },
        ],
      },
      90,
    );
    expect(d.bucketSeconds).toBe(120);
    expect(d.line.map((p) => p[1])).toEqual([2, 4]);
  });
});
