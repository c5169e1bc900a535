import { describe, expect, it } from 'vitest';
import { activeFactors, firedRules, formatNumber, isRaised, sortedHazards, trendData, type DynamicHazard, type ZoneRiskDetail } from './drill';

const hazard = (code: string, static_grade: string, dynamic_grade: string): DynamicHazard => ({
  hazard_id: code,
  code,
  name: code,
  category: 'mechanical',
  static_grade,
  dynamic_grade,
  applied_factors: [],
});

describe('zone drill-down', () => {
  it('charts the trend over the whole window, ending at the replayed instant', () => {
    const end = Date.parse('2026-12-01T10:00:00Z');
    const d = trendData({ trend: [{ at: '2026-12-01T09:59:45Z', value: 42, grade: 'yellow' }] }, 60, end);
    expect(d.line).toEqual([[end - 15_000, 42]]);
    expect(d.from).toBe(end - 3_600_000);
    expect(d.to).toBe(end);
    expect(d.kind).toBe('raw');
  });

  it('reads the active factors and fired rules the cycle recorded, skipping malformed entries', () => {
    const detail = {
      active_factors: [
        { id: 'humid_night', name: 'n', intensity: 1, effect: { l: 2 } },
        { id: 'agv_traffic_surge', name: 'a', intensity: 1.5, effect: { l: 1.5, e: 1.5 } },
        { name: 'no id' },
        'junk',
      ],
      latest: { inputs: { rules: ['nh3_agv_conflict', 7] } },
    } as unknown as ZoneRiskDetail;
    expect(activeFactors(detail)).toEqual([
      { id: 'humid_night', name: 'n', intensity: 1, l: 2, e: 1 },
      { id: 'agv_traffic_surge', name: 'a', intensity: 1.5, l: 1.5, e: 1.5 },
    ]);
    expect(firedRules(detail)).toEqual(['nh3_agv_conflict']);
    expect(firedRules({ latest: null })).toEqual([]);
  });

  it('lists hazards by current grade, those the conditions raised first within a grade', () => {
    const sorted = sortedHazards([
      hazard('C', 'blue', 'blue'),
      hazard('B', 'red', 'red'),
      hazard('A', 'unassessed', 'unassessed'),
      hazard('D', 'yellow', 'red'),
    ]);
    expect(sorted.map((h) => h.code)).toEqual(['D', 'B', 'C', 'A']);
    expect(isRaised('yellow', 'red')).toBe(true);
    expect(isRaised('red', 'red')).toBe(false);
    expect(isRaised('unassessed', 'unassessed')).toBe(false);
  });

  it('formats numbers without float noise', () => {
    expect(formatNumber(12.000000001)).toBe('12');
    expect(formatNumber(0.125)).toBe('0.13');
    expect(formatNumber(null)).toBe('');
  });
});
