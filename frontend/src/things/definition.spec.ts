import { describe, expect, it } from 'vitest';
import {
  emptyDataType,
  fromDataTypeForm,
  fromModelForm,
  toDataTypeForm,
  toModelForm,
  type ThingModelDefinition,
} from './definition';

/** A model as the server sends it (a preset's shape: every option written out). */
const gasDetector: ThingModelDefinition = {
  identifier: 'gas_detector_h2s',
  name: '硫化氢探测器',
  name_en: 'Hydrogen sulfide detector',
  category: 'gas_detection',
  description: '电化学原理',
  properties: [
    {
      identifier: 'h2s',
      name: '硫化氢浓度',
      name_en: 'H2S concentration',
      data_type: { type: 'float', min: 0, max: 100, precision: 1, unit: 'ppm' },
      access: 'read',
      required: true,
    },
    {
      identifier: 'status',
      name: '状态',
      name_en: 'Status',
      data_type: {
        type: 'enum',
        values: [
          { value: 0, label: '正常', label_en: 'normal' },
          { value: 3, label: '故障', label_en: 'fault' },
        ],
      },
      access: 'read',
      required: false,
    },
    {
      identifier: 'alarm_count',
      name: '报警次数',
      name_en: 'Alarms',
      data_type: { type: 'int', min: 0, max: 9999, step: 1, unit: '' },
      access: 'read',
      required: false,
    },
    {
      identifier: 'buzzer',
      name: '蜂鸣器',
      name_en: 'Buzzer',
      data_type: { type: 'bool', true_label: '开', true_label_en: 'on', false_label: '关', false_label_en: 'off' },
      access: 'read_write',
      required: false,
    },
    {
      identifier: 'firmware',
      name: '固件版本',
      name_en: 'Firmware',
      data_type: { type: 'text', max_length: 32 },
      access: 'read',
      required: false,
    },
  ],
  events: [
    {
      identifier: 'alarm_high',
      name: '二级报警',
      name_en: 'High alarm',
      severity: 'alarm',
      output: [
        {
          identifier: 'h2s',
          name: '硫化氢浓度',
          name_en: 'H2S concentration',
          data_type: { type: 'float', min: 0, max: 100, precision: 1, unit: 'ppm' },
        },
      ],
    },
  ],
  commands: [
    {
      identifier: 'calibrate',
      name: '标定',
      name_en: 'Calibrate',
      input: [{ identifier: 'gas_ppm', name: '标气浓度', name_en: 'Span gas', data_type: { type: 'float', min: 0, max: 100, precision: 1, unit: 'ppm' } }],
      output: [],
    },
  ],
};

describe('data type form ↔ model JSON', () => {
  it('fills the server’s defaults for absent specs', () => {
    expect(toDataTypeForm({ type: 'int' })).toMatchObject({ type: 'int', min: null, max: null, step: 1, unit: '' });
    expect(toDataTypeForm({ type: 'float', max: 5 })).toMatchObject({ type: 'float', min: null, max: 5, precision: 2 });
    expect(toDataTypeForm({ type: 'text' })).toMatchObject({ type: 'text', max_length: 256 });
    expect(toDataTypeForm(null).type).toBe('float');
    expect(toDataTypeForm({ type: 'struct' }).type).toBe('float');
  });

  it('writes only the keys of the chosen type (the server refuses others)', () => {
    const form = { ...emptyDataType('float'), min: -40, max: 85, precision: 1, unit: ' °C ', step: 5, max_length: 9 };
    expect(fromDataTypeForm(form)).toEqual({ type: 'float', min: -40, max: 85, precision: 1, unit: '°C' });
    expect(fromDataTypeForm({ ...form, type: 'int' })).toEqual({ type: 'int', min: -40, max: 85, step: 5, unit: '°C' });
    expect(fromDataTypeForm({ ...form, type: 'text' })).toEqual({ type: 'text', max_length: 9 });
  });

  it('leaves an unset bound out rather than sending null', () => {
    const json = fromDataTypeForm({ ...emptyDataType('float'), min: 0 });
    expect(json).toEqual({ type: 'float', min: 0, precision: 2, unit: '' });
    expect('max' in json).toBe(false);
  });

  it('keeps what was typed when the type is switched back and forth', () => {
    const form = toDataTypeForm({ type: 'float', min: 1, max: 2, precision: 3, unit: 'bar' });
    form.type = 'bool';
    expect(Object.keys(fromDataTypeForm(form)).sort()).toEqual(['false_label', 'false_label_en', 'true_label', 'true_label_en', 'type']);
    form.type = 'float';
    expect(fromDataTypeForm(form)).toEqual({ type: 'float', min: 1, max: 2, precision: 3, unit: 'bar' });
  });

  it('carries enum rows with their values and both labels', () => {
    const form = toDataTypeForm({ type: 'enum', values: [{ value: 2, label: '高', label_en: 'high' }] });
    expect(form.values).toHaveLength(1);
    expect(form.values[0]).toMatchObject({ value: 2, label: '高', label_en: 'high' });
    form.values.push({ key: 99, value: null, label: '', label_en: '' });
    expect(fromDataTypeForm(form)).toEqual({
      type: 'enum',
      values: [
        { value: 2, label: '高', label_en: 'high' },
        // An empty value is sent as null so the server names the row.
        { value: null, label: '', label_en: '' },
      ],
    });
  });
});

describe('model form ↔ definition', () => {
  it('round-trips a full model unchanged', () => {
    expect(fromModelForm(toModelForm(gasDetector))).toEqual(gasDetector);
  });

  it('drops the server-kept version and reads absent lists and options as empty or default', () => {
    const form = toModelForm({
      identifier: 'x',
      version: 7,
      name: 'x',
      name_en: 'x',
      category: 'other',
      properties: [{ identifier: 'n', name: 'n', name_en: 'n', data_type: { type: 'int' } }],
      events: [{ identifier: 'e', name: 'e', name_en: 'e', severity: 'bogus' }],
    });
    const json = fromModelForm(form);
    expect('version' in json).toBe(false);
    expect(json.properties[0]).toMatchObject({ access: 'read', required: false, data_type: { type: 'int', step: 1, unit: '' } });
    expect(json.events[0]).toMatchObject({ severity: 'warning', output: [] });
    expect(json.commands).toEqual([]);
    expect(json.description).toBe('');
  });

  it('gives every row its own key, so rows keep their inputs when one above is removed', () => {
    const form = toModelForm(gasDetector);
    const keys = form.properties.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('trims identifiers but keeps names as typed', () => {
    const form = toModelForm(gasDetector);
    form.identifier = '  gas_detector_h2s ';
    form.properties[0]!.identifier = ' h2s';
    form.properties[0]!.name = ' 浓度 ';
    const json = fromModelForm(form);
    expect(json.identifier).toBe('gas_detector_h2s');
    expect(json.properties[0]!.identifier).toBe('h2s');
    expect(json.properties[0]!.name).toBe(' 浓度 ');
  });
});
