//! The four national risk colours (四色: 重大 red, 较大 orange, 一般 yellow, 低 blue) and 未评估 unassessed,
//! which is never drawn as a colour of the scale: a zone or hazard nobody assessed must not read as low risk.
//! The one place for grade order, colours and names: the heat map, the hazard register and any other screen
//! showing a grade use this module and GradeBadge.vue, so a grade looks and reads the same everywhere.

export const GRADES = ['red', 'orange', 'yellow', 'blue', 'unassessed'] as const;
export type Grade = (typeof GRADES)[number];
/** The assessed grades, most severe first. */
export const SCALE = ['red', 'orange', 'yellow', 'blue'] as const satisfies readonly Grade[];

/** Fill colours on the plan, in badges and in charts. */
const COLOURS: Record<Grade, string> = {
  red: '#e02020',
  orange: '#f07d0a',
  yellow: '#f5c400',
  blue: '#1e6fd9',
  unassessed: '#909399',
};

/** Lower edges of the 0..100 zone value bands (blue 0–25, yellow 25–50, orange 50–75, red 75–100). */
const VALUE_BANDS: readonly [number, Grade][] = [
  [75, 'red'],
  [50, 'orange'],
  [25, 'yellow'],
  [0, 'blue'],
];
/** The band boundaries drawn as lines on a zone's trend. */
export const BAND_LINES: readonly { value: number; grade: Grade }[] = [
  { value: 25, grade: 'yellow' },
  { value: 50, grade: 'orange' },
  { value: 75, grade: 'red' },
];

/**
 * A grade from the server, or unassessed for anything else (null, missing, a grade a newer server
 * invents): an unknown state must never fall through to a colour of the scale.
 */
export function toGrade(value: string | null | undefined): Grade {
  return (GRADES as readonly string[]).includes(value ?? '') ? (value as Grade) : 'unassessed';
}

export function isAssessed(value: string | null | undefined): boolean {
  return toGrade(value) !== 'unassessed';
}

export function gradeColour(value: string | null | undefined): string {
  return COLOURS[toGrade(value)];
}

/** Message key of a grade's name (`grade.red`). */
export function gradeKey(value: string | null | undefined): string {
  return `grade.${toGrade(value)}`;
}

/** The colour band of a 0..100 value (the timeline's worst value per step). */
export function gradeOfValue(value: number | null | undefined): Grade {
  if (value == null || !Number.isFinite(value)) return 'unassessed';
  return VALUE_BANDS.find(([edge]) => value >= edge)?.[1] ?? 'blue';
}

/** Sort rank: most severe first, unassessed after the scale (it is listed, not hidden). */
export function gradeRank(value: string | null | undefined): number {
  return GRADES.indexOf(toGrade(value));
}

/** Text colour on a grade-filled badge: yellow and grey need dark text for contrast, the others white. */
export function gradeTextColour(value: string | null | undefined): string {
  const g = toGrade(value);
  return g === 'yellow' || g === 'unassessed' ? '#1d2129' : '#ffffff';
}
