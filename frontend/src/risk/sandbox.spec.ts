import { describe, expect, it } from 'vitest';
import {
  MAX_STEPS,
  buildRequest,
  compareZones,
  fieldKey,
  formKeys,
  isFinished,
  newHazardEdit,
  newItem,
  polyline,
  scenarioFactorCodes,
  splitDuration,
  stepFor,
  windowOf,
  type Preset,
} from './sandbox';

const typhoon: Preset = {
  kind: 'typhoon',
  label_zh: '台风',
  label_en: 'Typhoon',
  description_zh: '',
  description_en: '',
  params: [
    { name: 'wind_speed_m_s', type: 'number', label_zh: '', label_en: '', unit: 'm/s', required: false, default: 35 as never, min: 0, max: 100, options: [] },
    { name: 'zone_ids', type: 'uuid[]', label_zh: '', label_en: '', unit: '', required: false, default: null, options: [] },
  ],
};

describe('sandbox window', () => {
  it('keeps every offered window within the server step limit', () => {
    for (const secs of [3600, 6 * 3600, 24 * 3600]) {
      const step = stepFor(secs);
      expect(step).toBeGreaterThanOrEqual(15);
      expect(Math.floor(secs / step) + 1).toBeLessThanOrEqual(MAX_STEPS);
    }
    expect(stepFor(3600)).toBe(15);
  });

  it('ends the window before now, never in the future', () => {
    const now = new Date('2026-01-01T10:00:00.700Z');
    const w = windowOf('h1', now);
    expect(new Date(w.to).getTime()).toBeLessThan(now.getTime());
    expect(new Date(w.to).getTime() - new Date(w.from).getTime()).toBe(3600_000);
  });
});

describe('sandbox scenario', () => {
  it('starts an item with the catalogue defaults and lists as empty', () => {
    expect(newItem(typhoon)).toEqual({ kind: 'typhoon', values: { wind_speed_m_s: 35, zone_ids: [] } });
  });

  it('builds the request, leaving out empty values and unpicked hazards', () => {
    const item = newItem(typhoon);
    item.values.wind_speed_m_s = null;
    const edit = { ...newHazardEdit(), hazard_id: 'h1', likelihood: 1 };
    const req = buildRequest(' ', { from: 'a', to: 'b', step_secs: 15 }, [item], 'guard', [edit, newHazardEdit()], ['x']);
    expect(req.name).toBeNull();
    expect(req.scenario).toEqual([{ kind: 'typhoon', zone_ids: [] }]);
    expect(req.measure).toEqual({ name: 'guard', hazards: [{ hazard_id: 'h1', likelihood: 1 }], factors_off: ['x'] });
  });

  it('names the factors scenario items add, by index', () => {
    expect(scenarioFactorCodes([newItem(typhoon), { kind: 'set_property', values: {} }, { kind: 'typhoon', values: {} }])).toEqual([
      'sandbox.typhoon_wind.0',
      'sandbox.typhoon_wind.2',
    ]);
  });
});

describe('sandbox field errors', () => {
  it('puts each server field on the input that edits it', () => {
    expect(fieldKey('scenario[0].wind_speed_m_s')).toBe('scenario.0.wind_speed_m_s');
    expect(fieldKey('measure.hazards[1].likelihood')).toBe('measure.hazards.1.likelihood');
    expect(fieldKey('to')).toBe('window');
    expect(fieldKey('step_secs')).toBe('window');
    expect(fieldKey('measure')).toBe('measure');
    expect(fieldKey('measure.factors_off[0]')).toBe('measure.factors_off');
  });

  it('lists the keys the form shows', () => {
    const keys = formKeys([newItem(typhoon)], 1);
    expect(keys).toContain('scenario.0.wind_speed_m_s');
    expect(keys).toContain('measure.hazards.0.consequence');
    expect(keys).toContain(fieldKey('from'));
  });
});

describe('sandbox result', () => {
  const result = {
    zones: [
      { zone_id: 'z1', code: 'A', name: 'Low', scenario: { values: [10, 20], grades: ['blue', 'blue'], peak: { value: 20, grade: 'blue' }, seconds_orange: 0, seconds_red: 0 }, measure: { values: [10, 15], grades: ['blue', 'blue'], peak: { value: 15, grade: 'blue' } } },
      { zone_id: 'z2', code: 'B', name: 'High', scenario: { values: [60, 80], grades: ['orange', 'red'], peak: { value: 80, grade: 'red' }, seconds_orange: 15, seconds_red: 15 }, measure: { values: [40, 55], grades: ['yellow', 'nonsense'], peak: { value: 55, grade: 'orange' }, seconds_orange: 15 } },
      { zone_id: 'z3', code: 'C', name: 'No data', scenario: null, measure: null },
    ],
  };

  it('compares both variants per zone, worst first, without empty zones', () => {
    const rows = compareZones(result);
    expect(rows.map((r) => r.code)).toEqual(['B', 'A']);
    expect(rows[0]!.scenario.peakGrade).toBe('red');
    expect(rows[0]!.measure.peakGrade).toBe('orange');
    expect(rows[0]!.peakChange).toBe(-25);
    expect(rows[0]!.measure.secondsRed).toBe(0);
    expect(rows[0]!.measure.grades[1]).toBe('unassessed');
  });

  it('reads a missing result as no zones', () => {
    expect(compareZones(null)).toEqual([]);
    expect(compareZones({})).toEqual([]);
  });

  it('knows when polling may stop', () => {
    expect(isFinished('queued')).toBe(false);
    expect(isFinished('running')).toBe(false);
    expect(isFinished('done')).toBe(true);
    expect(isFinished('failed')).toBe(true);
  });

  it('splits durations and draws series within the box', () => {
    expect(splitDuration(3900)).toEqual({ h: 1, m: 5 });
    expect(polyline([0, 100, 150], 100, 50)).toBe('0.0,50.0 50.0,0.0 100.0,0.0');
    expect(polyline([], 100, 50)).toBe('');
  });
});
