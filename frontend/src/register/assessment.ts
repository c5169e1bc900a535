//! The hazard register's static assessments (docs/RISK.md, DOMAIN.md §2): the LEC and LS scales the form's
//! selects offer, and the score, band and grade it previews while a person chooses, by the same rules and
//! tenant settings (GET /risk-settings) as the server, which grades again on save. Grade order, colours and
//! names are not here but in risk/grades.ts, shared with the heat map.

import type { Grade } from '@/risk/grades';

/** Likelihood L of LEC, highest first. */
export const LEC_L = [10, 6, 3, 1, 0.5, 0.2, 0.1] as const;
/** Exposure frequency E of LEC. */
export const LEC_E = [10, 6, 3, 2, 1, 0.5] as const;
/** Consequence C of LEC. */
export const LEC_C = [100, 40, 15, 7, 3, 1] as const;
/** L and S of the LS matrix. */
export const LS_SCALE = [5, 4, 3, 2, 1] as const;

export const METHODS = ['lec', 'ls'] as const;
export type Method = (typeof METHODS)[number];

/** The five Graham–Kinney bands; upper bounds inclusive (D = 70 is still "general"). */
export const LEC_BANDS = ['acceptable', 'general', 'notable', 'high', 'extreme'] as const;
export type LecBand = (typeof LEC_BANDS)[number];

/** The tenant's grading policy (the server's RiskSettings). */
export interface GradeSettings {
  lec_mapping: string;
  ls_red_min: number;
  ls_orange_min: number;
  ls_yellow_min: number;
}

export const DEFAULT_SETTINGS: GradeSettings = { lec_mapping: 'default', ls_red_min: 20, ls_orange_min: 15, ls_yellow_min: 9 };

/** D = L × E × C, rounded to remove float noise (0.1 × 0.5 × 1 is 0.05, not 0.05000000000000001). */
export function lecScore(l: number, e: number, c: number): number {
  return Math.round(l * e * c * 1e6) / 1e6;
}

export function lecBand(d: number): LecBand {
  // An unreadable score must never look safe.
  if (Number.isNaN(d) || d > 320) return 'extreme';
  if (d > 160) return 'high';
  if (d > 70) return 'notable';
  if (d > 20) return 'general';
  return 'acceptable';
}

export function lecGrade(d: number, settings: GradeSettings = DEFAULT_SETTINGS): Exclude<Grade, 'unassessed'> {
  switch (lecBand(d)) {
    case 'extreme':
      return 'red';
    case 'high':
      return settings.lec_mapping === 'high_bands_red' ? 'red' : 'orange';
    case 'notable':
      return 'yellow';
    default:
      return 'blue';
  }
}

export function lsGrade(r: number, settings: GradeSettings = DEFAULT_SETTINGS): Exclude<Grade, 'unassessed'> {
  if (r >= settings.ls_red_min) return 'red';
  if (r >= settings.ls_orange_min) return 'orange';
  if (r >= settings.ls_yellow_min) return 'yellow';
  return 'blue';
}

/** What the form holds: null where nothing is chosen yet. */
export interface AssessmentForm {
  method: Method | null;
  l: number | null;
  e: number | null;
  c: number | null;
  s: number | null;
}

export interface Preview {
  method: Method;
  score: number;
  grade: Exclude<Grade, 'unassessed'>;
  /** LEC only. */
  band?: LecBand;
}

/** The score and grade the chosen values give, or null while a value is missing (the hazard stays unassessed). */
export function preview(form: AssessmentForm, settings: GradeSettings = DEFAULT_SETTINGS): Preview | null {
  if (form.method === 'lec') {
    if (form.l == null || form.e == null || form.c == null) return null;
    const score = lecScore(form.l, form.e, form.c);
    return { method: 'lec', score, grade: lecGrade(score, settings), band: lecBand(score) };
  }
  if (form.method === 'ls') {
    if (form.l == null || form.s == null) return null;
    const score = form.l * form.s;
    return { method: 'ls', score, grade: lsGrade(score, settings) };
  }
  return null;
}

/** The request body's `assessment`: only the values the method uses (the server refuses the others). */
export function toAssessmentBody(form: AssessmentForm):
  | { method: 'lec'; l: number; e: number; c: number }
  | { method: 'ls'; l: number; s: number }
  | null {
  if (form.method === 'lec' && form.l != null && form.e != null && form.c != null) return { method: 'lec', l: form.l, e: form.e, c: form.c };
  if (form.method === 'ls' && form.l != null && form.s != null) return { method: 'ls', l: form.l, s: form.s };
  return null;
}

/** The form of a stored hazard. */
export function fromHazard(h: {
  method?: string | null;
  likelihood?: number | null;
  exposure?: number | null;
  consequence?: number | null;
  severity?: number | null;
}): AssessmentForm {
  const method = h.method === 'lec' || h.method === 'ls' ? h.method : null;
  return { method, l: h.likelihood ?? null, e: h.exposure ?? null, c: h.consequence ?? null, s: h.severity ?? null };
}

/** A scale value as a message key suffix (`0.5` → `v0_5`): catalogue keys cannot hold dots. */
export function scaleKey(value: number): string {
  return `v${String(value).replace('.', '_')}`;
}

/** A score as people write it: integers plain, fractions without float noise. */
export function formatScore(score: number | null | undefined): string {
  if (score == null) return '';
  return String(Math.round(score * 1000) / 1000);
}
