//! Which readings a trend chart asks for: raw points for a short window, min/max/avg buckets for a long
//! one (GET /devices/{id}/readings), and the chart's data built from the answer.
import type { Bucket, RawPoint, Series } from '@/api/types';

export const WINDOWS = [
  { key: '1h', seconds: 3600 },
  { key: '6h', seconds: 6 * 3600 },
  { key: '24h', seconds: 24 * 3600 },
  { key: '7d', seconds: 7 * 86400 },
  { key: '30d', seconds: 30 * 86400 },
] as const;
export type WindowKey = (typeof WINDOWS)[number]['key'];

/** Up to this window the chart shows every reading. */
export const RAW_MAX_WINDOW_SECONDS = 3600;
/** Raw points asked for at most (the server's default; it allows up to 10,000). */
export const RAW_LIMIT = 2000;
/** About this many buckets across the chart: a few pixels each at the drawer's width. */
export const TARGET_BUCKETS = 240;
/** The server's bound on buckets per request. */
export const MAX_BUCKETS = 10_000;
/** Bucket widths that read well on a time axis, in seconds. */
export const BUCKET_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
] as const;

export type Resolution = { kind: 'raw'; limit: number } | { kind: 'buckets'; bucketSeconds: number };

/** The smallest readable bucket width giving at most `target` buckets over the window. */
export function bucketSecondsFor(windowSeconds: number, target = TARGET_BUCKETS): number {
  const wanted = Math.max(1, windowSeconds / target);
  const step = BUCKET_STEPS.find((s) => s >= wanted);
  // Windows beyond the table (a year and more) get whole days.
  const seconds = step ?? Math.ceil(wanted / 86400) * 86400;
  return Math.max(seconds, Math.ceil(windowSeconds / MAX_BUCKETS));
}

/** Raw for short windows, buckets for long ones (or when `forceBuckets`, after a raw answer was cut short). */
export function chooseResolution(windowSeconds: number, forceBuckets = false): Resolution {
  if (!forceBuckets && windowSeconds <= RAW_MAX_WINDOW_SECONDS) return { kind: 'raw', limit: RAW_LIMIT };
  return { kind: 'buckets', bucketSeconds: bucketSecondsFor(windowSeconds) };
}

/** The server returns at most `limit` raw points, oldest first: a full answer misses the newest ones. */
export function rawWasCut(points: readonly RawPoint[] | null | undefined, limit: number): boolean {
  return (points?.length ?? 0) >= limit;
}

type Pair = [number, number | null];

export interface ChartData {
  kind: 'raw' | 'buckets';
  /** Raw values, or the average of each bucket. */
  line: Pair[];
  /** Bucket minimum (the band's lower edge). */
  low: Pair[];
  /** Bucket maximum minus minimum (stacked on `low`, it fills the band). */
  spread: Pair[];
  /** Bucket maximum, for the tooltip. */
  high: Pair[];
  bucketSeconds: number | null;
  /** The window asked for, so the axis spans it even where there are no readings. */
  from: number;
  to: number;
}

/**
 * Chart series from an answer. Buckets with no readings are left out by the server; a null is put in
 * their place so the line breaks at a gap instead of bridging it.
 */
export function chartData(series: Series, askedBucketSeconds: number | null): ChartData {
  // The server may widen a bucket (to whole minutes); its answer says the width it used.
  const bucketSeconds = askedBucketSeconds ? (series.bucket_seconds ?? askedBucketSeconds) : null;
  if (series.buckets && bucketSeconds) {
    const line: Pair[] = [];
    const low: Pair[] = [];
    const spread: Pair[] = [];
    const high: Pair[] = [];
    let previous: number | null = null;
    const stepMs = bucketSeconds * 1000;
    for (const b of series.buckets as Bucket[]) {
      const t = Date.parse(b.bucket_start);
      if (previous !== null && t - previous > stepMs) {
        const gap = previous + stepMs;
        for (const list of [line, low, spread, high]) list.push([gap, null]);
      }
      line.push([t, b.avg ?? null]);
      low.push([t, b.min ?? null]);
      high.push([t, b.max ?? null]);
      spread.push([t, b.min != null && b.max != null ? b.max - b.min : null]);
      previous = t;
    }
    return { kind: 'buckets', line, low, spread, high, bucketSeconds, from: Date.parse(series.from), to: Date.parse(series.to) };
  }
  const line: Pair[] = (series.points ?? []).map((p) => [Date.parse(p.ts), p.value ?? null]);
  return { kind: 'raw', line, low: [], spread: [], high: [], bucketSeconds: null, from: Date.parse(series.from), to: Date.parse(series.to) };
}
