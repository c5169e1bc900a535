import { describe, expect, it } from 'vitest';
import { readingChart, shareBars } from './evidence';

describe('alert evidence', () => {
  it('draws readings as a band with the average, oldest first, over the whole window', () => {
    const window = { from: '2026-11-30T07:00:00Z', to: '2026-11-30T08:00:00Z' };
    const d = readingChart(
      [
        { ts: '2026-11-30T07:10:00Z', min: 2, max: 5, avg: 3 },
        { ts: '2026-11-30T07:05:00Z', min: 1, max: null, avg: 2 },
      ],
      window,
    );
    expect(d.kind).toBe('buckets');
    expect(d.line.map((p) => p[1])).toEqual([2, 3]);
    expect(d.spread.map((p) => p[1])).toEqual([null, 3]);
    expect(d.bucketSeconds).toBe(300);
    expect([d.from, d.to]).toEqual([Date.parse(window.from), Date.parse(window.to)]);
  });

  it('orders contributions by share and scales bars to the largest', () => {
    const bars = shareBars([
      { input: 'gas', label: 'Gas', value: 30, share: 0.25 },
      { input: 'hot_work', label: '', value: null, share: 0.5 },
    ]);
    expect(bars.map((b) => [b.label, b.width, b.percent])).toEqual([
      ['hot_work', 1, 50],
      ['Gas', 0.5, 25],
    ]);
    expect(shareBars([{ input: 'x', label: 'X', value: 1, share: 40 }])[0]!.percent).toBe(40);
  });
});
