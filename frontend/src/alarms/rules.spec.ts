import { describe, expect, it } from 'vitest';
import { depth, emptyRule, fromWireRule, mapRuleErrors, normalisePath, toWireRule, type WireRule } from './rules';

const wire: WireRule = {
  name: '高温',
  name_en: 'Hot',
  severity: 'alarm',
  condition: {
    kind: 'or',
    conditions: [
      { kind: 'threshold', property: 'temp', op: 'gt', value: 80, hysteresis: 2 },
      {
        kind: 'and',
        conditions: [
          { kind: 'rate_of_change', property: 'temp', direction: 'rising', per_minute: 5, window_secs: 120 },
          { kind: 'stale', after_secs: 600 },
          { kind: 'stale', property: 'humidity', after_secs: 60 },
        ],
      },
    ],
  },
  for_at_least_secs: 30,
  hysteresis: 1.5,
  escalation: [{ after_secs: 600, severity: 'critical' }],
};

describe('condition tree ↔ JSON', () => {
  it('round-trips a nested rule unchanged', () => {
    const form = fromWireRule(wire);
    expect(depth(form.condition)).toBe(3);
    expect(toWireRule(form)).toEqual(wire);
  });

  it('writes only the keys of each leaf kind, leaving unset optional keys out', () => {
    const form = emptyRule();
    form.condition.property = 'p';
    expect(toWireRule(form).condition).toEqual({ kind: 'threshold', property: 'p', op: 'gt', value: 0 });
    form.condition.kind = 'stale';
    form.condition.property = '';
    expect(toWireRule(form).condition).toEqual({ kind: 'stale', after_secs: 600 });
    form.condition.kind = 'rate_of_change';
    form.condition.property = 'p';
    expect(Object.keys(toWireRule(form).condition).sort()).toEqual(['direction', 'kind', 'per_minute', 'property', 'window_secs']);
  });

  it('refuses a pasted document that is not a rule', () => {
    expect(() => fromWireRule(null)).toThrow();
    expect(() => fromWireRule({ name: 'x' })).toThrow();
    expect(() => fromWireRule({ name: 'x', condition: { kind: 'nope' } })).toThrow();
  });
});

describe('server field errors', () => {
  it('normalises dotted, bracketed and pointer paths', () => {
    expect(normalisePath('definition.condition.conditions[1].value')).toBe('condition.conditions[1].value');
    expect(normalisePath('/definition/condition/conditions/1/value')).toBe('condition.conditions[1].value');
    expect(normalisePath('definition.escalation.0.severity')).toBe('escalation[0].severity');
    expect(normalisePath('device_id')).toBe('device_id');
  });

  it('places errors on the inputs the editor shows and returns the rest', () => {
    const form = fromWireRule(wire);
    const { placed, leftover } = mapRuleErrors(form, [
      { field: 'definition.condition.conditions[1].conditions[0].per_minute', message: 'must be positive' },
      { field: 'definition.condition.conditions[0].property', message: 'unknown property' },
      { field: 'definition.condition.conditions[0].property', message: 'not numeric' },
      { field: 'definition.name', message: 'required' },
      { field: 'definition.condition.conditions[5].value', message: 'no such node' },
      { field: '', message: 'general' },
    ]);
    expect(placed).toEqual({
      'condition.conditions[1].conditions[0].per_minute': 'must be positive',
      'condition.conditions[0].property': 'unknown property; not numeric',
      name: 'required',
    });
    expect(leftover).toEqual(['definition.condition.conditions[5].value: no such node', 'general']);
  });
});
