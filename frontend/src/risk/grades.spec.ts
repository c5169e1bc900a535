import { describe, expect, it } from 'vitest';
import { GRADES, SCALE, gradeColour, gradeKey, gradeOfValue, gradeRank, gradeTextColour, isAssessed, toGrade } from './grades';

describe('risk grades', () => {
  it('map the four national colours to four distinct colours', () => {
    const colours = ['red', 'orange', 'yellow', 'blue'].map(gradeColour);
    expect(new Set(colours).size).toBe(4);
  });

  it('never show an unknown or missing grade as a colour of the scale', () => {
    const scale = new Set(['red', 'orange', 'yellow', 'blue'].map(gradeColour));
    for (const odd of [null, undefined, '', 'purple', 'RED', 'unassessed']) {
      expect(toGrade(odd)).toBe('unassessed');
      expect(isAssessed(odd)).toBe(false);
      expect(scale.has(gradeColour(odd))).toBe(false);
      expect(gradeKey(odd)).toBe('grade.unassessed');
    }
    expect(gradeKey('orange')).toBe('grade.orange');
  });

  it('band zone values at 25, 50 and 75 like the server', () => {
    expect(gradeOfValue(0)).toBe('blue');
    expect(gradeOfValue(24.999)).toBe('blue');
    expect(gradeOfValue(25)).toBe('yellow');
    expect(gradeOfValue(49.9)).toBe('yellow');
    expect(gradeOfValue(50)).toBe('orange');
    expect(gradeOfValue(75)).toBe('red');
    expect(gradeOfValue(100)).toBe('red');
    expect(gradeOfValue(null)).toBe('unassessed');
    expect(gradeOfValue(Number.NaN)).toBe('unassessed');
  });

  it('rank the most severe first and unassessed last', () => {
    const sorted = ['blue', 'unassessed', 'red', 'yellow', 'orange'].sort((a, b) => gradeRank(a) - gradeRank(b));
    expect(sorted).toEqual([...GRADES]);
  });

  it('write dark text on yellow and on the grey unassessed fill, white on the others', () => {
    expect(SCALE.map(gradeTextColour)).toEqual(['#ffffff', '#ffffff', '#1d2129', '#ffffff']);
    expect(gradeTextColour('unassessed')).toBe('#1d2129');
    expect(gradeTextColour('purple')).toBe('#1d2129');
  });
});
