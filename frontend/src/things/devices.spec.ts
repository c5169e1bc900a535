import { describe, expect, it } from 'vitest';
import type { Device, ThingModelSummary, Zone } from '@/api/types';
import { devicePins, modelOptions, zoneAt } from './devices';
import { groupPresets } from './presets';
import type { PresetThingModel } from '@/api/types';

const zone = (id: string, polygon: number[][]): Zone => ({
  zone_id: id,
  site_id: 's',
  code: id,
  name: id,
  kind: 'other',
  description: '',
  polygon,
  version: 1,
  created_at: '',
  updated_at: '',
});

const device = (over: Partial<Device>): Device => ({
  device_id: 'd1',
  site_id: 's',
  thing_model_id: 'm1',
  thing_model_identifier: 'gas',
  thing_model_revision: 1,
  code: 'GT-101',
  name: 'Detector',
  status: 'active',
  version: 1,
  created_at: '',
  updated_at: '',
  ...over,
});

const summary = (id: string, identifier: string, revision: number): ThingModelSummary => ({
  thing_model_id: id,
  identifier,
  revision,
  name: identifier.toUpperCase(),
  category: 'other',
  source: 'custom',
  property_count: 0,
  event_count: 0,
  command_count: 0,
  superseded: false,
  created_at: '',
});

describe('devices on the plan', () => {
  it('get a pin when placed, coloured by status', () => {
    const pins = devicePins([
      device({ device_id: 'a', position_x: 10, position_y: 20, status: 'maintenance' }),
      device({ device_id: 'b' }),
    ]);
    expect(pins).toEqual([{ id: 'a', x: 10, y: 20, colour: '#e6a23c', label: 'Detector (GT-101)' }]);
  });

  it('fall in the smallest zone that holds them', () => {
    const site = zone('site', [[0, 0], [1000, 0], [1000, 1000], [0, 1000]]);
    const tank = zone('tank', [[100, 100], [300, 100], [300, 300], [100, 300]]);
    expect(zoneAt({ x: 150, y: 150 }, [site, tank])?.zone_id).toBe('tank');
    expect(zoneAt({ x: 500, y: 500 }, [site, tank])?.zone_id).toBe('site');
    expect(zoneAt({ x: 1500, y: 500 }, [site, tank])).toBeNull();
  });
});

describe('thing model options of the device form', () => {
  it('offer the latest revisions, plus the older one a device still uses', () => {
    const latest = [summary('m3', 'gas', 3), summary('t1', 'temp', 1)];
    expect(modelOptions(latest).map((o) => o.value)).toEqual(['m3', 't1']);
    const options = modelOptions(latest, device({ thing_model_id: 'm1', thing_model_revision: 1 }));
    expect(options.map((o) => [o.value, o.revision, o.older])).toEqual([
      ['m1', 1, true],
      ['m3', 3, false],
      ['t1', 1, false],
    ]);
    expect(options[0]!.name).toBe('GAS');
    expect(modelOptions(latest, device({ thing_model_id: 'm3' }))).toHaveLength(2);
  });
});

describe('preset picker', () => {
  const preset = (identifier: string, category: string, name_en: string, props: string[] = []): PresetThingModel => ({
    identifier,
    name: identifier,
    name_en,
    category,
    definition: { properties: props.map((p) => ({ identifier: p, name: p, name_en: p })) } as unknown as PresetThingModel['definition'],
  });
  const presets = [
    preset('pv_inverter', 'photovoltaic', 'PV inverter', ['ac_power']),
    preset('gas_nh3', 'gas_detection', 'Ammonia detector', ['nh3']),
    preset('gas_h2s', 'gas_detection', 'H2S detector', ['h2s']),
    preset('odd', 'brand_new', 'Something new'),
  ];
  const order = ['gas_detection', 'photovoltaic'];

  it('groups by category in the catalogue’s order, unknown categories last', () => {
    expect(groupPresets(presets, '', '', order).map((g) => [g.category, g.presets.length])).toEqual([
      ['gas_detection', 2],
      ['photovoltaic', 1],
      ['brand_new', 1],
    ]);
  });

  it('searches names, identifiers and property names, every word', () => {
    expect(groupPresets(presets, 'ammonia', '', order).flatMap((g) => g.presets.map((p) => p.identifier))).toEqual(['gas_nh3']);
    expect(groupPresets(presets, 'AC_POWER', '', order).flatMap((g) => g.presets.map((p) => p.identifier))).toEqual(['pv_inverter']);
    expect(groupPresets(presets, 'gas detector', '', order).flatMap((g) => g.presets.map((p) => p.identifier))).toEqual(['gas_nh3', 'gas_h2s']);
    expect(groupPresets(presets, '', 'photovoltaic', order)).toHaveLength(1);
  });
});
