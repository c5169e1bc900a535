//! The review deadline clock: time left until the current level's deadline, or how long it is overdue.
//! Computed locally against a ticking clock, so the screen counts down between server updates. The
//! deadline itself is reached at zero: from that second on the alert is overdue.
import type { Translate } from '@/api/problem';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

export interface Remaining {
  overdue: boolean;
  /** Whole seconds left (positive) or past the deadline (zero or more when overdue). */
  seconds: number;
}

/** Null when there is no deadline (the alert is at an end: dismissed, actions open, closed). */
export function remaining(deadlineAt: string | null | undefined, nowMs: number): Remaining | null {
  if (!deadlineAt) return null;
  const at = Date.parse(deadlineAt);
  if (Number.isNaN(at)) return null;
  const diff = at - nowMs;
  // Left: round up, so "59 s" shows until the last second has passed. Overdue: round down.
  if (diff > 0) return { overdue: false, seconds: Math.ceil(diff / 1000) };
  return { overdue: true, seconds: Math.floor((nowMs - at) / 1000) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The largest two units of a span: days+hours, hours+minutes, minutes+seconds, or seconds alone. */
export function span(seconds: number, t: Translate): string {
  const d = Math.floor(seconds / DAY);
  const h = Math.floor((seconds % DAY) / HOUR);
  const m = Math.floor((seconds % HOUR) / MINUTE);
  const s = seconds % MINUTE;
  if (d > 0) return t('alerts.clock.daysHours', { d, h });
  if (h > 0) return t('alerts.clock.hoursMinutes', { h, m: pad(m) });
  if (m > 0) return t('alerts.clock.minutesSeconds', { m, s: pad(s) });
  return t('alerts.clock.seconds', { s });
}

/** Overdue time: whole minutes below an hour ("overdue by N min"), then hours and minutes, then days and hours. */
export function overdueSpan(seconds: number, t: Translate): string {
  if (seconds < HOUR) return t('alerts.clock.minutes', { m: Math.floor(seconds / MINUTE) });
  if (seconds < DAY) return t('alerts.clock.hoursMinutes', { h: Math.floor(seconds / HOUR), m: pad(Math.floor((seconds % HOUR) / MINUTE)) });
  return t('alerts.clock.daysHours', { d: Math.floor(seconds / DAY), h: Math.floor((seconds % DAY) / HOUR) });
}

export type ClockTone = 'none' | 'normal' | 'soon' | 'overdue';

/** Under this many seconds left the clock turns amber. */
export const SOON_SECONDS = 15 * MINUTE;

export interface Clock {
  tone: ClockTone;
  text: string;
}

/** What the deadline clock shows at `nowMs`. */
export function clock(deadlineAt: string | null | undefined, nowMs: number, t: Translate): Clock {
  const r = remaining(deadlineAt, nowMs);
  if (!r) return { tone: 'none', text: t('alerts.clock.none') };
  if (r.overdue) return { tone: 'overdue', text: t('alerts.clock.overdue', { span: overdueSpan(r.seconds, t) }) };
  return { tone: r.seconds <= SOON_SECONDS ? 'soon' : 'normal', text: t('alerts.clock.left', { span: span(r.seconds, t) }) };
}
