import { describe, expect, it } from 'vitest';
import { contributionBars, contributionLabel, explanationSum, formatPoints, type Contribution } from './contributions';

const catalogue: Record<string, string> = {
  'heatmap.input.incident_likelihood': 'Predicted incident likelihood',
  'heatmap.factor.cold_below_5c': 'Cold below 5 °C',
};
const lookup = (key: string) => catalogue[key] ?? null;

const c = (input: string, value: number, kind = 'signal', label = input): Contribution => ({ input, value, kind, label });

describe('contribution bars', () => {
  it('sort by magnitude, raising and lowering inputs together, and leave zero out', () => {
    const bars = contributionBars(
      [c('alarms_minor', 1.5), c('guard_fitted', -9, 'factor'), c('incident_likelihood', 4), c('deviation', 0)],
      lookup,
    );
    expect(bars.map((b) => [b.input, b.direction])).toEqual([
      ['guard_fitted', 'lower'],
      ['incident_likelihood', 'raise'],
      ['alarms_minor', 'raise'],
    ]);
    expect(bars[0]!.share).toBe(1);
    expect(bars[2]!.share).toBeCloseTo(1.5 / 9);
  });

  it('name inputs in the UI language, else by the tenant’s factor name, else by code', () => {
    expect(contributionLabel(c('incident_likelihood', 1), lookup)).toBe('Predicted incident likelihood');
    expect(contributionLabel(c('cold_below_5c', 1, 'factor', 'server name'), lookup)).toBe('Cold below 5 °C');
    expect(contributionLabel(c('night_crane', 1, 'factor', 'Crane at night'), lookup)).toBe('Crane at night');
    expect(contributionLabel(c('new_signal', 1, 'signal', ''), lookup)).toBe('new_signal');
  });

  it('keep equal magnitudes in a stable order', () => {
    const bars = contributionBars([c('b', 2), c('a', -2)], lookup);
    expect(bars.map((b) => b.input)).toEqual(['a', 'b']);
  });

  it('handle an empty or all-zero explanation', () => {
    expect(contributionBars([], lookup)).toEqual([]);
    expect(contributionBars([c('x', 0)], lookup)).toEqual([]);
  });

  it('format signed points and add up to the value', () => {
    expect(formatPoints(12.345)).toBe('+12.3');
    expect(formatPoints(-4)).toBe('\u22124.0');
    expect(formatPoints(0.01)).toBe('0.0');
    const { sum, remainder } = explanationSum(20, 57, [c('a', 30), c('b', 7.5)]);
    expect(sum).toBe(37.5);
    expect(remainder).toBeCloseTo(-0.5);
  });
});
