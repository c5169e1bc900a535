//! The replay slider over the last 24 hours: slider positions in minutes from the start of the span (the
//! right end is "now", i.e. live), the instant a position stands for, and the strip above the slider that
//! colours each stretch of time by the worst zone value the site had then.
import type { components } from '@/api/schema';
import { gradeColour, gradeOfValue, type Grade } from './grades';

export type TimelinePoint = components['schemas']['TimelinePoint'];

export const SPAN_MINUTES = 24 * 60;

export interface Span {
  /** ms since epoch */
  from: number;
  to: number;
}

export function spanEnding(now: number, minutes = SPAN_MINUTES): Span {
  return { from: now - minutes * 60_000, to: now };
}

/** The instant a slider position (minutes from the span's start) stands for, as RFC 3339. */
export function instantAt(span: Span, minutes: number): string {
  const ms = Math.min(span.to, Math.max(span.from, span.from + Math.round(minutes) * 60_000));
  return new Date(ms).toISOString();
}

/** The slider position for an instant (clamped into the span). */
export function positionOf(span: Span, at: string | number): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const clamped = Math.min(span.to, Math.max(span.from, ms));
  return Math.round((clamped - span.from) / 60_000);
}

/** Whether a slider position means live (the right end of the span). */
export function isLivePosition(span: Span, minutes: number): boolean {
  return minutes >= positionOf(span, span.to);
}

export interface StripSegment {
  /** Percent of the strip's width. */
  left: number;
  width: number;
  grade: Grade;
  colour: string;
  at: string;
  maxValue: number;
}

/**
 * One segment per timeline point, from its start to the next point's (the last one a bucket wide), in
 * the colour of the bucket's worst value. Points outside the span are dropped; gaps stay empty, so a time
 * without cycles does not look like a calm one.
 */
export function strip(points: readonly TimelinePoint[], span: Span, bucketMs: number): StripSegment[] {
  const width = span.to - span.from;
  if (width <= 0) return [];
  const inside = points
    .map((p) => ({ p, t: Date.parse(p.at) }))
    .filter(({ t }) => Number.isFinite(t) && t >= span.from && t <= span.to)
    .sort((a, b) => a.t - b.t);
  return inside.map(({ p, t }, i) => {
    const next = inside[i + 1]?.t;
    const end = Math.min(span.to, next !== undefined && next - t <= bucketMs * 1.5 ? next : t + bucketMs);
    const grade = gradeOfValue(p.max_value);
    return {
      left: ((t - span.from) / width) * 100,
      width: Math.max(((end - t) / width) * 100, 0.05),
      grade,
      colour: gradeColour(grade),
      at: p.at,
      maxValue: p.max_value,
    };
  });
}

/** The bucket width the server uses for a span when none is asked for (heatmap.rs: span / 480, at least 15 s). */
export function defaultBucketSeconds(span: Span): number {
  return Math.max(15, Math.floor((span.to - span.from) / 1000 / 480));
}
