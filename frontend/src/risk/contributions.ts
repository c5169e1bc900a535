//! "Why is this zone orange": a zone value's Shapley contributions as bars, largest first, each named in
//! the UI language (our catalogue for the engine's signals and the seed's factors, else the tenant's
//! own factor name, else the input's code).
import type { components } from '@/api/schema';

export type Contribution = components['schemas']['Contribution'];

/** The engine's signal inputs (foresight-engine assess.rs); their names come from the catalogue. */
export const SIGNALS = [
  'alarms_critical',
  'alarms_major',
  'alarms_minor',
  'deviation',
  'incident_likelihood',
  'risk_paths_open',
] as const;
/** The seed's factor library (the demo plant's factors); a tenant's own factors keep their own names. */
export const KNOWN_FACTORS = ['cold_below_5c', 'humid_night', 'agv_traffic_surge', 'gas_trend_rising'] as const;

export interface Bar {
  input: string;
  label: string;
  kind: 'factor' | 'signal';
  /** Points of the 0..100 zone value; negative lowers the risk (a control measure). */
  value: number;
  direction: 'raise' | 'lower';
  /** Bar length as a share (0..1] of the largest magnitude in the chart. */
  share: number;
}

/** A message lookup that answers null for keys the catalogue does not have. */
export type Lookup = (key: string) => string | null;

export function inputKey(input: string, kind: string): string {
  return kind === 'signal' ? `heatmap.input.${input}` : `heatmap.factor.${input}`;
}

export function contributionLabel(c: Pick<Contribution, 'input' | 'label' | 'kind'>, lookup: Lookup): string {
  return lookup(inputKey(c.input, c.kind)) ?? (c.label || c.input);
}

/** Bars sorted by magnitude (largest first; equal magnitudes keep a stable order by input name); zero contributions are left out. */
export function contributionBars(list: readonly Contribution[], lookup: Lookup): Bar[] {
  const moving = list.filter((c) => Number.isFinite(c.value) && c.value !== 0);
  const largest = Math.max(0, ...moving.map((c) => Math.abs(c.value)));
  return [...moving]
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.input.localeCompare(b.input))
    .map((c) => ({
      input: c.input,
      label: contributionLabel(c, lookup),
      kind: c.kind === 'signal' ? 'signal' : 'factor',
      value: c.value,
      direction: c.value > 0 ? 'raise' : 'lower',
      share: largest > 0 ? Math.abs(c.value) / largest : 0,
    }));
}

/** Signed points with one decimal, e.g. "+12.3" / "−4.0" (a true minus sign, so the column aligns). */
export function formatPoints(value: number): string {
  const text = Math.abs(value).toFixed(1);
  if (text === '0.0') return '0.0';
  return `${value > 0 ? '+' : '\u2212'}${text}`;
}

/**
 * The explanation's arithmetic, shown beside the bars: baseline + the contributions = value. The server's
 * contributions are rounded, so a small remainder is reported rather than hidden.
 */
export function explanationSum(baseline: number, value: number, list: readonly Contribution[]): { sum: number; remainder: number } {
  const sum = list.reduce((acc, c) => acc + (Number.isFinite(c.value) ? c.value : 0), 0);
  return { sum, remainder: value - baseline - sum };
}
