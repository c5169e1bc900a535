//! The evidence of an alert turned into what the detail screen draws: reading series as the trend chart's
//! min–max band with the average line, and the zone risk contributions as bars.
import type { ChartData } from '@/things/series';
import type { Evidence, ReadingPoint } from './types';

type Pair = [number, number | null];

/** The trend chart's data for one device property over the evidence window (already bucketed by the server). */
export function readingChart(points: readonly ReadingPoint[], window: Evidence['window']): ChartData {
  const sorted = [...points].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  const line: Pair[] = [];
  const low: Pair[] = [];
  const spread: Pair[] = [];
  const high: Pair[] = [];
  for (const p of sorted) {
    const t = Date.parse(p.ts);
    line.push([t, p.avg]);
    low.push([t, p.min]);
    high.push([t, p.max]);
    spread.push([t, p.min != null && p.max != null ? p.max - p.min : null]);
  }
  const steps = sorted.slice(1).map((p, i) => (Date.parse(p.ts) - Date.parse(sorted[i]!.ts)) / 1000);
  const bucketSeconds = steps.length ? Math.min(...steps) : null;
  return { kind: 'buckets', line, low, spread, high, bucketSeconds, from: Date.parse(window.from), to: Date.parse(window.to) };
}

export interface ShareBar {
  input: string;
  label: string;
  value: number | null;
  /** 0..1 of the widest bar's length. */
  width: number;
  /** 0..100, as the server's share says. */
  percent: number;
}

/**
 * Contributions largest share first; bar lengths relative to the largest so small inputs stay visible.
 * A share is taken as a fraction (0..1) of the zone value; shares above 1 are read as percentages.
 */
export function shareBars(contributions: Evidence['contributions']): ShareBar[] {
  const asFraction = (s: number) => (Number.isFinite(s) ? (Math.abs(s) > 1 ? s / 100 : s) : 0);
  const sorted = [...contributions].sort((a, b) => Math.abs(asFraction(b.share)) - Math.abs(asFraction(a.share)));
  const max = Math.max(0, ...sorted.map((c) => Math.abs(asFraction(c.share))));
  return sorted.map((c) => {
    const f = asFraction(c.share);
    return { input: c.input, label: c.label || c.input, value: c.value, width: max > 0 ? Math.abs(f) / max : 0, percent: Math.round(f * 1000) / 10 };
  });
}

/** Whether there is anything at all to show. */
export function hasEvidence(e: Evidence): boolean {
  return (
    e.readings.length + e.contributions.length + e.factors.length + e.rules.length + e.device_events.length + e.work_items.length >
    0
  );
}
