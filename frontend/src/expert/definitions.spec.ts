import { describe, expect, it } from 'vitest';
import {
  backtestZones,
  changeKind,
  depth,
  emptyNode,
  factorPaths,
  fromWireFactor,
  fromWireRule,
  placeErrors,
  rulePaths,
  toWireCondition,
  toWireFactor,
  toWireRule,
  stripBlock,
  windowEndingNow,
  type WireFactor,
  type WireRule,
} from './definitions';

/** The demo's seed rule (crates/foresight-engine/src/demo.rs) plus every other node and action kind. */
const rule: WireRule = {
  id: 'nh3_agv_conflict',
  name: '灌装区氨浓度上升且 AGV 调度激增（人机冲突）',
  condition: {
    all: [
      { compare: { input: 'nh3_delta_10min', op: '>=', value: 0.8 } },
      { compare: { input: 'agv_dispatch_ratio', op: '>=', value: 3 } },
      { any: [{ flag: { input: 'night_shift', is: true } }, { not: { between: { input: 'temp_c', min: 5, max: 30 } } }] },
    ],
  },
  actions: [
    { type: 'open_risk_path', path: 'human_machine_conflict' },
    { type: 'open_risk_path', path: 'gas_leak_escalation', zone: 'F-300' },
    { type: 'adjust_factor', factor: 'agv_traffic_surge', multiplier: 1.5 },
    {
      type: 'instruct',
      channel: { kind: 'webhook', url: 'http://logistics-dispatch.demo.local/api/v1/holds' },
      message_zh: '暂停向 F-300 派发 AGV 任务',
      message_en: 'Hold AGV orders to F-300',
    },
    { type: 'instruct', channel: { kind: 'device', device_id: 'PA-01', topic: 'cmd/pa' }, message_zh: '撤离', message_en: 'Evacuate' },
    { type: 'instruct', channel: { kind: 'device', device_id: 'WB-7' }, message_zh: '注意', message_en: 'Caution' },
    { type: 'instruct', channel: { kind: 'people', role: 'safety_manager' }, message_zh: '复核', message_en: 'Review' },
  ],
};

const factor: WireFactor = {
  id: 'cold_below_5c',
  name: '低温 <5 °C',
  condition: { compare: { input: 'temp_c', op: '<', value: 5 } },
  applies_to: { matching: { categories: ['mechanical', 'fall'], tags: ['outdoor'] } },
  effect: { l: 2, e: 1 },
};

describe('rule form ↔ API JSON', () => {
  it('round-trips every condition and action kind unchanged', () => {
    const form = fromWireRule(rule);
    expect(depth(form.condition)).toBe(4);
    expect(form.actions.map((a) => a.type)).toEqual(['open_risk_path', 'open_risk_path', 'adjust_factor', 'instruct', 'instruct', 'instruct', 'instruct']);
    expect(toWireRule(form)).toEqual(rule);
  });

  it('writes an absent flag value as true (the server’s default) and trims the id', () => {
    const form = fromWireRule({ ...rule, id: ' r1 ', condition: { flag: { input: 'raining' } } });
    expect(toWireRule(form).condition).toEqual({ flag: { input: 'raining', is: true } });
    expect(toWireRule(form).id).toBe('r1');
  });

  it('refuses what is not a rule', () => {
    expect(() => fromWireRule('x')).toThrow();
    expect(() => fromWireRule({ id: 'a', condition: { equals: 1 }, actions: [] })).toThrow();
  });

  it('keeps an unknown operator out of the form instead of inventing one the user did not see', () => {
    const form = fromWireRule({ ...rule, condition: { compare: { input: 'temp_c', op: '=>', value: 1 } } });
    expect(form.condition.op).toBe('>=');
  });
});

describe('factor form ↔ API JSON', () => {
  it('round-trips a matching factor and an all factor', () => {
    expect(toWireFactor(fromWireFactor(factor))).toEqual(factor);
    const all: WireFactor = { ...factor, applies_to: 'all', effect: { l: 1, e: 0.5 } };
    expect(toWireFactor(fromWireFactor(all))).toEqual(all);
  });

  it('reads an absent multiplier as 1, as the server does', () => {
    const form = fromWireFactor({ ...factor, effect: { l: 2 } });
    expect(form.effectE).toBe(1);
  });
});

describe('editing the tree', () => {
  it('a comparison turned into a group becomes its first member, and back', () => {
    const node = emptyNode('compare', 'temp_c');
    node.value = 5;
    changeKind(node, 'any');
    expect(toWireCondition(node)).toEqual({ any: [{ compare: { input: 'temp_c', op: '>=', value: 5 } }] });
    changeKind(node, 'not');
    expect(toWireCondition(node)).toEqual({ not: { compare: { input: 'temp_c', op: '>=', value: 5 } } });
    changeKind(node, 'between');
    expect(toWireCondition(node)).toEqual({ between: { input: 'temp_c', min: 0, max: 1 } });
  });
});

describe('server errors on the right input', () => {
  it('places condition and action errors by path and keeps unknown ones', () => {
    const form = fromWireRule(rule);
    const { placed, leftover } = placeErrors(rulePaths(form), [
      { field: 'definition.condition.all[1].compare.input', message: 'bad name' },
      { field: 'definition.condition.all[2].any[1].not.between.min', message: 'min above max' },
      { field: 'definition.actions[3].channel.url', message: 'not a URL' },
      { field: 'definition.actions[2].factor', message: 'unknown factor' },
      { field: 'definition.actions', message: 'no actions' },
      { field: 'enabled', message: 'what?' },
    ]);
    expect(placed).toEqual({
      'condition.all[1].compare.input': 'bad name',
      'condition.all[2].any[1].not.between.min': 'min above max',
      'actions[3].channel.url': 'not a URL',
      'actions[2].factor': 'unknown factor',
      actions: 'no actions',
    });
    expect(leftover).toEqual(['enabled: what?']);
  });

  it('puts an empty group’s error on the group and a list member’s on its list', () => {
    const form = fromWireFactor({ ...factor, condition: { all: [] } });
    const { placed } = placeErrors(factorPaths(form), [
      { field: 'definition.condition.all', message: 'empty group' },
      { field: 'definition.applies_to.matching.tags[0]', message: 'blank' },
      { field: 'definition.effect', message: 'mixed' },
    ]);
    expect(placed).toEqual({ 'condition.all': 'empty group', 'applies_to.matching.tags[0]': 'blank', effect: 'mixed' });
  });
});

describe('back-test', () => {
  it('lists zones with firings, most first, and reads the window', () => {
    const zones = backtestZones([
      { zone_id: 'b', count: 1, samples: 10, firing_samples: 2, unknown_samples: 0, first_firing_ms: 5, episodes: [{ start_ms: 5, end_ms: 6, samples: 2 }] },
      { zone_id: 'a', count: 3, samples: 10, firing_samples: 5, unknown_samples: 1, first_firing_ms: 1, episodes: [] },
      null,
    ]);
    expect(zones.map((z) => z.zone_id)).toEqual(['a', 'b']);
    expect(zones[1]!.episodes[0]).toEqual({ start_ms: 5, end_ms: 6, samples: 2 });
    expect(windowEndingNow(2, Date.UTC(2026, 0, 1, 12))).toEqual({ from: '2026-01-01T10:00:00.000Z', to: '2026-01-01T12:00:00.000Z' });
  });
});

describe('back-test strip', () => {
  it('places episodes in the window and keeps a one-sample episode visible', () => {
    expect(stripBlock({ start_ms: 250, end_ms: 500 }, 0, 1000)).toEqual({ left: 25, width: 25 });
    expect(stripBlock({ start_ms: 700, end_ms: 700 }, 0, 1000)).toEqual({ left: 70, width: 0.4 });
    expect(stripBlock({ start_ms: -100, end_ms: 2000 }, 0, 1000)).toEqual({ left: 0, width: 100 });
  });
});
