//! Shaping a zone's drill-down (GET /zones/{zone_id}/risk) for the drawer: the trend as chart data, the
//! active factors and fired rules read from the cycle's recorded inputs, hazards with both grades.
import type { components } from '@/api/schema';
import type { ChartData } from '@/things/series';
import { gradeRank } from './grades';

export type ZoneRiskDetail = components['schemas']['ZoneRiskDetail'];
export type DynamicHazard = components['schemas']['DynamicHazard'];

/** Trend windows the drawer offers, in minutes (the API allows 1 to 10080). */
export const TREND_WINDOWS = [60, 360, 1440] as const;
export type TrendWindow = (typeof TREND_WINDOWS)[number];

export function trendData(detail: Pick<ZoneRiskDetail, 'trend'>, windowMinutes: number, endMs: number): ChartData {
  const line = detail.trend.map((p) => [Date.parse(p.at), p.value] as [number, number | null]);
  return { kind: 'raw', line, low: [], spread: [], high: [], bucketSeconds: null, from: endMs - windowMinutes * 60_000, to: endMs };
}

export interface ActiveFactor {
  id: string;
  name: string;
  intensity: number;
  /** Multipliers on L and E (1 = unchanged). */
  l: number;
  e: number;
}

/** The factors recorded in the latest cycle; entries that do not have the recorded shape are skipped. */
export function activeFactors(detail: Pick<ZoneRiskDetail, 'active_factors'>): ActiveFactor[] {
  const out: ActiveFactor[] = [];
  for (const raw of detail.active_factors as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const f = raw as Record<string, unknown>;
    if (typeof f.id !== 'string') continue;
    const effect = (f.effect ?? {}) as Record<string, unknown>;
    out.push({
      id: f.id,
      name: typeof f.name === 'string' ? f.name : f.id,
      intensity: typeof f.intensity === 'number' ? f.intensity : 1,
      l: typeof effect.l === 'number' ? effect.l : 1,
      e: typeof effect.e === 'number' ? effect.e : 1,
    });
  }
  return out;
}

/** Ids of the expert rules that fired in the latest cycle. */
export function firedRules(detail: Pick<ZoneRiskDetail, 'latest'>): string[] {
  const inputs = detail.latest?.inputs as Record<string, unknown> | undefined;
  const rules = inputs?.rules;
  return Array.isArray(rules) ? rules.filter((r): r is string => typeof r === 'string') : [];
}

/** Hazards with the one the current conditions raise most first, then by dynamic grade, then by code. */
export function sortedHazards(hazards: readonly DynamicHazard[]): DynamicHazard[] {
  const raised = (h: DynamicHazard) => gradeRank(h.static_grade) - gradeRank(h.dynamic_grade);
  return [...hazards].sort(
    (a, b) => gradeRank(a.dynamic_grade) - gradeRank(b.dynamic_grade) || raised(b) - raised(a) || a.code.localeCompare(b.code),
  );
}

/** Whether the current conditions move a hazard to a more severe grade than the register's. */
export function isRaised(staticGrade: string, dynamicGrade: string): boolean {
  return gradeRank(dynamicGrade) < gradeRank(staticGrade);
}

/** A number as people read it: at most two decimals, no float noise. */
export function formatNumber(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '';
  return String(Math.round(value * 100) / 100);
}
