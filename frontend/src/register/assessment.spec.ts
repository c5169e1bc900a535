import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  LEC_C,
  LEC_E,
  LEC_L,
  fromHazard,
  lecBand,
  lecGrade,
  lsGrade,
  preview,
  scaleKey,
  toAssessmentBody,
} from './assessment';

const highBandsRed = { ...DEFAULT_SETTINGS, lec_mapping: 'high_bands_red' };

describe('LEC preview (DOMAIN.md §2)', () => {
  it('offers exactly the Graham–Kinney scales', () => {
    expect(LEC_L).toEqual([10, 6, 3, 1, 0.5, 0.2, 0.1]);
    expect(LEC_E).toEqual([10, 6, 3, 2, 1, 0.5]);
    expect(LEC_C).toEqual([100, 40, 15, 7, 3, 1]);
  });

  it.each([
    [20, 'acceptable', 'blue'],
    [20.5, 'general', 'blue'],
    [70, 'general', 'blue'],
    [70.5, 'notable', 'yellow'],
    [160, 'notable', 'yellow'],
    [160.5, 'high', 'orange'],
    [320, 'high', 'orange'],
    [320.5, 'extreme', 'red'],
  ])('D = %s is %s and %s by default (upper bounds inclusive)', (d, band, grade) => {
    expect(lecBand(d)).toBe(band);
    expect(lecGrade(d)).toBe(grade);
  });

  it('the other mapping makes both bands above 160 red and leaves the rest', () => {
    expect(lecGrade(160, highBandsRed)).toBe('yellow');
    expect(lecGrade(160.5, highBandsRed)).toBe('red');
    expect(lecGrade(320, highBandsRed)).toBe('red');
    expect(lecGrade(70, highBandsRed)).toBe('blue');
  });

  it('an unreadable score is never shown as safe', () => {
    expect(lecGrade(Number.NaN)).toBe('red');
  });

  it('previews D from scale values, at real boundary combinations', () => {
    // 1 × 2 × 10 does not exist; real combinations that land exactly on the bounds:
    expect(preview({ method: 'lec', l: 1, e: 2, c: 7, s: null })).toMatchObject({ score: 14, grade: 'blue', band: 'acceptable' });
    expect(preview({ method: 'lec', l: 1, e: 6, c: 3, s: null })).toMatchObject({ score: 18, band: 'acceptable' });
    expect(preview({ method: 'lec', l: 1, e: 10, c: 7, s: null })).toMatchObject({ score: 70, grade: 'blue', band: 'general' });
    expect(preview({ method: 'lec', l: 6, e: 2, c: 7, s: null })).toMatchObject({ score: 84, grade: 'yellow' });
    expect(preview({ method: 'lec', l: 1, e: 6, c: 15, s: null })).toMatchObject({ score: 90, grade: 'yellow' });
    expect(preview({ method: 'lec', l: 1, e: 10, c: 15, s: null })).toMatchObject({ score: 150, grade: 'yellow' });
    expect(preview({ method: 'lec', l: 3, e: 6, c: 15, s: null })).toMatchObject({ score: 270, grade: 'orange', band: 'high' });
    expect(preview({ method: 'lec', l: 1, e: 6, c: 40, s: null }, highBandsRed)).toMatchObject({ score: 240, grade: 'red' });
    expect(preview({ method: 'lec', l: 6, e: 6, c: 15, s: null })).toMatchObject({ score: 540, grade: 'red', band: 'extreme' });
    expect(preview({ method: 'lec', l: 0.1, e: 0.5, c: 1, s: null })).toMatchObject({ score: 0.05, grade: 'blue' });
  });

  it('every combination of the scales grades by its band', () => {
    for (const l of LEC_L)
      for (const e of LEC_E)
        for (const c of LEC_C) {
          const p = preview({ method: 'lec', l, e, c, s: null })!;
          const d = l * e * c;
          const expected = d > 320 ? 'red' : d > 160 ? 'orange' : d > 70 ? 'yellow' : 'blue';
          expect(p.grade, `${l}×${e}×${c}`).toBe(expected);
        }
  });

  it('shows nothing until L, E and C are all chosen', () => {
    expect(preview({ method: 'lec', l: 3, e: 6, c: null, s: null })).toBeNull();
    expect(preview({ method: null, l: 3, e: 6, c: 15, s: null })).toBeNull();
  });
});

describe('LS preview', () => {
  it.each([
    [25, 'red'],
    [20, 'red'],
    [16, 'orange'],
    [15, 'orange'],
    [12, 'yellow'],
    [9, 'yellow'],
    [8, 'blue'],
    [1, 'blue'],
  ])('R = %s is %s with the default bands', (r, grade) => {
    expect(lsGrade(r)).toBe(grade);
  });

  it('previews R = L × S with the tenant bands', () => {
    expect(preview({ method: 'ls', l: 4, s: 5, e: null, c: null })).toMatchObject({ score: 20, grade: 'red' });
    expect(preview({ method: 'ls', l: 4, s: 4, e: null, c: null })).toMatchObject({ score: 16, grade: 'orange' });
    expect(preview({ method: 'ls', l: 2, s: 4, e: null, c: null })).toMatchObject({ score: 8, grade: 'blue' });
    const strict = { ...DEFAULT_SETTINGS, ls_red_min: 25, ls_orange_min: 20, ls_yellow_min: 10 };
    expect(preview({ method: 'ls', l: 4, s: 5, e: null, c: null }, strict)).toMatchObject({ grade: 'orange' });
    expect(preview({ method: 'ls', l: 3, s: 3, e: null, c: null }, strict)).toMatchObject({ grade: 'blue' });
  });
});

describe('assessment body', () => {
  it('sends only the values the method uses', () => {
    expect(toAssessmentBody({ method: 'lec', l: 3, e: 6, c: 15, s: 4 })).toEqual({ method: 'lec', l: 3, e: 6, c: 15 });
    expect(toAssessmentBody({ method: 'ls', l: 3, e: 6, c: 15, s: 4 })).toEqual({ method: 'ls', l: 3, s: 4 });
    expect(toAssessmentBody({ method: 'ls', l: 3, e: null, c: null, s: null })).toBeNull();
    expect(toAssessmentBody({ method: null, l: 3, e: 6, c: 15, s: null })).toBeNull();
  });

  it('reads a stored hazard back into the form', () => {
    expect(fromHazard({ method: 'lec', likelihood: 0.5, exposure: 6, consequence: 7, severity: null })).toEqual({
      method: 'lec',
      l: 0.5,
      e: 6,
      c: 7,
      s: null,
    });
    expect(fromHazard({ method: null })).toEqual({ method: null, l: null, e: null, c: null, s: null });
  });

  it('names scale values as catalogue keys without dots', () => {
    expect(scaleKey(0.5)).toBe('v0_5');
    expect(scaleKey(100)).toBe('v100');
  });
});
