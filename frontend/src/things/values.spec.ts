import { describe, expect, it } from 'vitest';
import { toDataTypeForm } from './definition';
import { formatOffset, formatReading, gatewayState } from './values';

describe('readings as shown', () => {
  const temperature = toDataTypeForm({ type: 'float', precision: 1, unit: '°C' });
  const state = toDataTypeForm({ type: 'enum', values: [{ value: 0, label: '正常', label_en: 'normal' }, { value: 3, label: '故障', label_en: 'fault' }] });
  const valve = toDataTypeForm({ type: 'bool', true_label: '开', true_label_en: 'open', false_label: '关', false_label_en: 'closed' });

  it('rounds decimals to the property’s precision and adds the unit', () => {
    expect(formatReading({ value: 41.26 }, temperature, 'en')).toBe('41.3 °C');
    expect(formatReading({ value: 7 }, toDataTypeForm({ type: 'int', unit: '' }), 'en')).toBe('7');
    expect(formatReading({ value: 7.6 }, toDataTypeForm({ type: 'int', unit: 'pcs' }), 'zh-CN')).toBe('8 pcs');
  });

  it('names enum values and booleans in the UI language', () => {
    expect(formatReading({ value: 3 }, state, 'zh-CN')).toBe('故障');
    expect(formatReading({ value: 3 }, state, 'en')).toBe('fault');
    expect(formatReading({ value: 9 }, state, 'en')).toBe('9');
    expect(formatReading({ value: 1 }, valve, 'en')).toBe('open');
    expect(formatReading({ value: 0 }, valve, 'zh-CN')).toBe('关');
  });

  it('shows text, and raw values of properties the model does not know', () => {
    expect(formatReading({ text_value: 'v1.2' }, toDataTypeForm({ type: 'text' }), 'en')).toBe('v1.2');
    expect(formatReading({ value: 12.345 }, undefined, 'en')).toBe('12.345');
    expect(formatReading({ value: null }, temperature, 'en')).toBe('');
  });
});

describe('gateways', () => {
  it('word the clock offset with its sign in a short unit', () => {
    expect(formatOffset(0)).toBe('±0 ms');
    expect(formatOffset(350)).toBe('+350 ms');
    expect(formatOffset(-1250)).toBe('−1.25 s');
    expect(formatOffset(42_000)).toBe('+42.0 s');
    expect(formatOffset(-90_000)).toBe('−1.5 min');
    expect(formatOffset(7_200_000)).toBe('+2.0 h');
  });

  it('are online when they delivered in the last five minutes', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(gatewayState(null, now)).toBe('never');
    expect(gatewayState('2026-03-01T11:56:00Z', now)).toBe('online');
    expect(gatewayState('2026-03-01T11:54:59Z', now)).toBe('silent');
    expect(gatewayState('not a time', now)).toBe('never');
  });
});
