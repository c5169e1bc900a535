//! The hazard form's data: categories, the five kinds of control measures (one measure per line), and
//! where the server's field errors go (`assessment.l` on the L select, `engineering_controls[2]` on its list).
import { topLevelField } from '@/api/problem';

/** The server's HazardCategory values. */
export const CATEGORIES = [
  'mechanical',
  'fire_explosion',
  'toxic',
  'electrical',
  'fall',
  'confined_space',
  'lifting',
  'hot_work',
  'vehicle',
  'chemical_burn',
  'scald',
  'other',
] as const;

export const CONTROL_KINDS = ['engineering_controls', 'management_controls', 'training_controls', 'ppe_controls', 'emergency_controls'] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** One measure per non-blank line, trimmed. */
export function controlsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function controlsToText(list: readonly string[]): string {
  return list.join('\n');
}

/** The form item of a server field path: the assessment's values each have their own select. */
export function hazardErrorKey(field: string): string {
  const f = field.replace(/^[/$.]+/, '').replace(/\//g, '.');
  if (/^assessment\.[lecs]$/.test(f)) return f;
  return topLevelField(field);
}
