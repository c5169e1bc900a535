//! Dynamic factors and expert rules as the no-code editors hold them, and as the API carries them (the
//! server's `foresight_risk::factors::Factor` and `foresight_risk::rules::Rule`, which refuse unknown keys):
//! conditions are AND/OR/NOT groups of comparisons on a zone's live inputs (docs/RISK.md, "Conditions and
//! expert rules"); rule actions adjust a factor, open a risk path, or instruct a device, a webhook or people.
//! Server field errors (`definition.condition.all[1].compare.op`) land on the editor's inputs by path.
import { normalisePath } from '@/alarms/rules';

export const OPS = ['>', '>=', '<', '<='] as const;
export type Op = (typeof OPS)[number];
export const GROUP_KINDS = ['all', 'any', 'not'] as const;
export const LEAF_KINDS = ['compare', 'between', 'flag'] as const;
export const NODE_KINDS = [...LEAF_KINDS, ...GROUP_KINDS] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
/** The deepest nesting the server accepts (a lone comparison is one level). */
export const MAX_DEPTH = 8;
export const ACTION_TYPES = ['adjust_factor', 'open_risk_path', 'instruct'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const CHANNELS = ['device', 'webhook', 'people'] as const;
export type ChannelKind = (typeof CHANNELS)[number];

/** Named risk paths a rule can open; others can be typed. */
export const RISK_PATHS = ['human_machine_conflict', 'gas_leak_escalation', 'fire_spread', 'fall_from_height'] as const;

/** The live inputs of a zone snapshot (docs/RISK.md, "The risk cycle"): flags are booleans, the rest numbers. */
export const FLAG_INPUTS = ['night_shift', 'raining'] as const;
const GASES = ['nh3', 'lel', 'h2s', 'co', 'cl2'];
export const NUMBER_INPUTS = [
  'temp_c',
  'humidity_pct',
  'wind_speed_m_s',
  'dew_point_spread_c',
  'hour_local',
  'agv_dispatch_ratio',
  'agv_orders_10min',
  'people_in_zone',
  ...GASES.flatMap((g) => [`${g}_max`, `${g}_delta_10min`]),
  'gas_max_ratio',
  'gas_max_ratio_change_10min',
  'temperature_max',
  'pressure_max',
  'limit_proximity_max',
  'alarms_critical',
  'alarms_major',
  'alarms_minor',
  'alarms_active',
  'voltage_deviation_pct',
  'frequency_deviation_hz',
  'permits_open',
  'hot_work_open',
  'confined_space_open',
  'permits_expired_unclosed',
  'maintenance_overdue',
  'maintenance_overdue_days_max',
] as const;

// ---- The wire shape ----------------------------------------------------------------------------------

export type WireCondition =
  | { all: WireCondition[] }
  | { any: WireCondition[] }
  | { not: WireCondition }
  | { compare: { input: string; op: string; value: number } }
  | { between: { input: string; min: number; max: number } }
  | { flag: { input: string; is?: boolean } };

export type WireChannel =
  | { kind: 'device'; device_id: string; topic?: string }
  | { kind: 'webhook'; url: string }
  | { kind: 'people'; role: string };

export type WireAction =
  | { type: 'adjust_factor'; factor: string; multiplier: number }
  | { type: 'open_risk_path'; path: string; zone?: string }
  | { type: 'instruct'; channel: WireChannel; message_zh: string; message_en: string };

export interface WireRule {
  id: string;
  name: string;
  condition: WireCondition;
  actions: WireAction[];
}

export interface WireFactor {
  id: string;
  name: string;
  condition: WireCondition;
  applies_to: 'all' | { matching: { categories: string[]; tags: string[] } };
  effect: { l: number; e: number };
}

// ---- The editors' forms ------------------------------------------------------------------------------

export interface ConditionNodeForm {
  key: number;
  kind: NodeKind;
  input: string;
  op: Op;
  value: number;
  min: number;
  max: number;
  is: boolean;
  /** all/any: the members; not: exactly one. */
  children: ConditionNodeForm[];
}

export interface ActionForm {
  key: number;
  type: ActionType;
  factor: string;
  multiplier: number;
  path: string;
  zone: string;
  channel: ChannelKind;
  device_id: string;
  topic: string;
  url: string;
  role: string;
  message_zh: string;
  message_en: string;
}

export interface RuleForm {
  id: string;
  name: string;
  condition: ConditionNodeForm;
  actions: ActionForm[];
}

export interface FactorForm {
  id: string;
  name: string;
  condition: ConditionNodeForm;
  appliesToAll: boolean;
  categories: string[];
  tags: string[];
  effectL: number;
  effectE: number;
}

let keys = 0;
export function nextKey(): number {
  return ++keys;
}

export const isGroupKind = (kind: NodeKind) => kind === 'all' || kind === 'any' || kind === 'not';

export function emptyNode(kind: NodeKind = 'compare', input = ''): ConditionNodeForm {
  return {
    key: nextKey(),
    kind,
    input,
    op: '>=',
    value: 0,
    min: 0,
    max: 1,
    is: true,
    children: isGroupKind(kind) ? [emptyNode('compare', input)] : [],
  };
}

export function emptyAction(type: ActionType = 'open_risk_path'): ActionForm {
  return {
    key: nextKey(),
    type,
    factor: '',
    multiplier: 1.5,
    path: type === 'open_risk_path' ? RISK_PATHS[0] : '',
    zone: '',
    channel: 'webhook',
    device_id: '',
    topic: '',
    url: '',
    role: '',
    message_zh: '',
    message_en: '',
  };
}

export function emptyRuleForm(): RuleForm {
  return { id: '', name: '', condition: emptyNode('all'), actions: [emptyAction()] };
}

export function emptyFactorForm(): FactorForm {
  return { id: '', name: '', condition: emptyNode('compare'), appliesToAll: true, categories: [], tags: [], effectL: 2, effectE: 1 };
}

/** Levels of the tree under and including `node` (a leaf is 1). */
export function depth(node: ConditionNodeForm): number {
  return isGroupKind(node.kind) ? 1 + Math.max(0, ...node.children.map(depth)) : 1;
}

/** Changes a node's kind, keeping what was typed: a leaf turned into a group becomes its first member. */
export function changeKind(node: ConditionNodeForm, kind: NodeKind): void {
  if (isGroupKind(kind) && !isGroupKind(node.kind)) {
    node.children = [{ ...node, key: nextKey(), children: [] }];
  } else if (!isGroupKind(kind) && isGroupKind(node.kind)) {
    const first = node.children[0];
    if (first && !isGroupKind(first.kind)) Object.assign(node, { input: first.input, op: first.op, value: first.value, min: first.min, max: first.max, is: first.is });
    node.children = [];
  }
  if (kind === 'not') node.children = node.children.slice(0, 1);
  if (isGroupKind(kind) && !node.children.length) node.children = [emptyNode('compare', node.input)];
  node.kind = kind;
}

export function toWireCondition(n: ConditionNodeForm): WireCondition {
  switch (n.kind) {
    case 'compare':
      return { compare: { input: n.input, op: n.op, value: n.value } };
    case 'between':
      return { between: { input: n.input, min: n.min, max: n.max } };
    case 'flag':
      return { flag: { input: n.input, is: n.is } };
    case 'not':
      // An empty NOT cannot be written as the server's shape; it is an empty AND, which the server names.
      return n.children[0] ? { not: toWireCondition(n.children[0]) } : { not: { all: [] } };
    default:
      return n.kind === 'all' ? { all: n.children.map(toWireCondition) } : { any: n.children.map(toWireCondition) };
  }
}

/** Reads a condition; throws on something that is not one. */
export function fromWireCondition(w: unknown): ConditionNodeForm {
  if (!w || typeof w !== 'object') throw new Error('not a condition');
  const o = w as Record<string, unknown>;
  const [kind] = Object.keys(o);
  const body = o[kind ?? ''];
  switch (kind) {
    case 'all':
    case 'any': {
      const n = emptyNode(kind);
      n.children = (Array.isArray(body) ? body : []).map(fromWireCondition);
      return n;
    }
    case 'not': {
      const n = emptyNode('not');
      n.children = [fromWireCondition(body)];
      return n;
    }
    case 'compare': {
      const b = (body ?? {}) as { input?: unknown; op?: unknown; value?: unknown };
      const op = OPS.includes(b.op as Op) ? (b.op as Op) : '>=';
      return { ...emptyNode('compare'), input: String(b.input ?? ''), op, value: Number(b.value ?? 0) };
    }
    case 'between': {
      const b = (body ?? {}) as { input?: unknown; min?: unknown; max?: unknown };
      return { ...emptyNode('between'), input: String(b.input ?? ''), min: Number(b.min ?? 0), max: Number(b.max ?? 0) };
    }
    case 'flag': {
      const b = (body ?? {}) as { input?: unknown; is?: unknown };
      return { ...emptyNode('flag'), input: String(b.input ?? ''), is: b.is !== false };
    }
    default:
      throw new Error('not a condition');
  }
}

export function toWireAction(a: ActionForm): WireAction {
  switch (a.type) {
    case 'adjust_factor':
      return { type: 'adjust_factor', factor: a.factor, multiplier: a.multiplier };
    case 'open_risk_path':
      return a.zone.trim() ? { type: 'open_risk_path', path: a.path, zone: a.zone.trim() } : { type: 'open_risk_path', path: a.path };
    default: {
      let channel: WireChannel;
      if (a.channel === 'device') channel = a.topic.trim() ? { kind: 'device', device_id: a.device_id, topic: a.topic.trim() } : { kind: 'device', device_id: a.device_id };
      else if (a.channel === 'webhook') channel = { kind: 'webhook', url: a.url };
      else channel = { kind: 'people', role: a.role };
      return { type: 'instruct', channel, message_zh: a.message_zh, message_en: a.message_en };
    }
  }
}

export function fromWireAction(w: unknown): ActionForm {
  const o = (w ?? {}) as Record<string, unknown>;
  const type = ACTION_TYPES.includes(o.type as ActionType) ? (o.type as ActionType) : 'open_risk_path';
  const a = emptyAction(type);
  if (type === 'adjust_factor') return { ...a, factor: String(o.factor ?? ''), multiplier: Number(o.multiplier ?? 1) };
  if (type === 'open_risk_path') return { ...a, path: String(o.path ?? ''), zone: String(o.zone ?? '') };
  const c = (o.channel ?? {}) as Record<string, unknown>;
  const channel = CHANNELS.includes(c.kind as ChannelKind) ? (c.kind as ChannelKind) : 'webhook';
  return {
    ...a,
    channel,
    device_id: String(c.device_id ?? ''),
    topic: String(c.topic ?? ''),
    url: String(c.url ?? ''),
    role: String(c.role ?? ''),
    message_zh: String(o.message_zh ?? ''),
    message_en: String(o.message_en ?? ''),
  };
}

export function toWireRule(f: RuleForm): WireRule {
  return { id: f.id.trim(), name: f.name, condition: toWireCondition(f.condition), actions: f.actions.map(toWireAction) };
}

/** Reads a stored (or pasted) rule; throws on something that is not a rule. */
export function fromWireRule(value: unknown): RuleForm {
  if (!value || typeof value !== 'object') throw new Error('not an object');
  const w = value as Partial<Record<keyof WireRule, unknown>>;
  return {
    id: String(w.id ?? ''),
    name: String(w.name ?? ''),
    condition: fromWireCondition(w.condition),
    actions: (Array.isArray(w.actions) ? w.actions : []).map(fromWireAction),
  };
}

export function toWireFactor(f: FactorForm): WireFactor {
  return {
    id: f.id.trim(),
    name: f.name,
    condition: toWireCondition(f.condition),
    applies_to: f.appliesToAll ? 'all' : { matching: { categories: [...f.categories], tags: [...f.tags] } },
    effect: { l: f.effectL, e: f.effectE },
  };
}

export function fromWireFactor(value: unknown): FactorForm {
  if (!value || typeof value !== 'object') throw new Error('not an object');
  const w = value as Partial<Record<keyof WireFactor, unknown>>;
  const applies = w.applies_to;
  const matching = applies && typeof applies === 'object' ? ((applies as { matching?: { categories?: unknown; tags?: unknown } }).matching ?? {}) : null;
  const effect = (w.effect ?? {}) as { l?: unknown; e?: unknown };
  return {
    id: String(w.id ?? ''),
    name: String(w.name ?? ''),
    condition: fromWireCondition(w.condition),
    appliesToAll: matching === null,
    categories: Array.isArray(matching?.categories) ? matching.categories.map(String) : [],
    tags: Array.isArray(matching?.tags) ? matching.tags.map(String) : [],
    // The server's defaults for an absent multiplier.
    effectL: effect.l == null ? 1 : Number(effect.l),
    effectE: effect.e == null ? 1 : Number(effect.e),
  };
}

// ---- Paths of the editor's inputs --------------------------------------------------------------------

/** The path of child `index` of the group node at `path` (`condition.all[1]`, `condition.not`). */
export function childPath(path: string, kind: NodeKind, index: number): string {
  return kind === 'not' ? `${path}.not` : `${path}.${kind}[${index}]`;
}

/** The path of a leaf's field (`condition.all[0].compare.op`) or of a group's list (`condition.all`). */
export function fieldPath(path: string, kind: NodeKind, field?: string): string {
  return field ? `${path}.${kind}.${field}` : `${path}.${kind}`;
}

function conditionPaths(n: ConditionNodeForm, path: string, out: string[]): void {
  out.push(path, fieldPath(path, n.kind));
  switch (n.kind) {
    case 'compare':
      out.push(fieldPath(path, n.kind, 'input'), fieldPath(path, n.kind, 'op'), fieldPath(path, n.kind, 'value'));
      break;
    case 'between':
      out.push(fieldPath(path, n.kind, 'input'), fieldPath(path, n.kind, 'min'), fieldPath(path, n.kind, 'max'));
      break;
    case 'flag':
      out.push(fieldPath(path, n.kind, 'input'), fieldPath(path, n.kind, 'is'));
      break;
    default:
      n.children.forEach((c, i) => conditionPaths(c, childPath(path, n.kind, i), out));
  }
}

function actionPaths(actions: ActionForm[], out: string[]): void {
  out.push('actions');
  actions.forEach((a, i) => {
    const base = `actions[${i}]`;
    out.push(base, `${base}.type`);
    if (a.type === 'adjust_factor') out.push(`${base}.factor`, `${base}.multiplier`);
    else if (a.type === 'open_risk_path') out.push(`${base}.path`, `${base}.zone`);
    else {
      out.push(`${base}.channel`, `${base}.message_zh`, `${base}.message_en`);
      const c = `${base}.channel`;
      if (a.channel === 'device') out.push(`${c}.device_id`, `${c}.topic`);
      else if (a.channel === 'webhook') out.push(`${c}.url`);
      else out.push(`${c}.role`);
    }
  });
}

export function rulePaths(form: RuleForm): string[] {
  const out = ['id', 'name'];
  conditionPaths(form.condition, 'condition', out);
  actionPaths(form.actions, out);
  return out;
}

export function factorPaths(form: FactorForm): string[] {
  const out = ['id', 'name', 'applies_to', 'applies_to.matching', 'effect', 'effect.l', 'effect.e'];
  form.categories.forEach((_, i) => out.push(`applies_to.matching.categories[${i}]`));
  form.tags.forEach((_, i) => out.push(`applies_to.matching.tags[${i}]`));
  conditionPaths(form.condition, 'condition', out);
  return out;
}

/**
 * Splits server field errors into those an input shows (keyed by path relative to the definition) and the
 * rest. A list member's error (`applies_to.matching.tags[1]`) that has no input of its own goes to the
 * nearest shown parent, so no message is lost.
 */
export function placeErrors(
  paths: readonly string[],
  errors: readonly { field: string; message: string }[],
): { placed: Record<string, string>; leftover: string[] } {
  const known = new Set(paths);
  const placed: Record<string, string> = {};
  const leftover: string[] = [];
  for (const e of errors) {
    let path = normalisePath(e.field);
    while (path && !known.has(path)) {
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut > 0 ? path.slice(0, cut) : '';
    }
    if (path) placed[path] = placed[path] ? `${placed[path]}; ${e.message}` : e.message;
    else leftover.push(e.field ? `${e.field}: ${e.message}` : e.message);
  }
  return { placed, leftover };
}

// ---- Back-test ---------------------------------------------------------------------------------------

export interface BacktestZone {
  zone_id: string;
  count: number;
  samples: number;
  firing_samples: number;
  unknown_samples: number;
  first_firing_ms?: number | null;
  episodes: { start_ms: number; end_ms: number; samples: number }[];
}

/** The zones of a back-test answer (an open JSON list in the schema), most firings first. */
export function backtestZones(zones: readonly unknown[]): BacktestZone[] {
  return zones
    .filter((z): z is Record<string, unknown> => !!z && typeof z === 'object')
    .map((z) => ({
      zone_id: String(z.zone_id ?? ''),
      count: Number(z.count ?? 0),
      samples: Number(z.samples ?? 0),
      firing_samples: Number(z.firing_samples ?? 0),
      unknown_samples: Number(z.unknown_samples ?? 0),
      first_firing_ms: z.first_firing_ms == null ? null : Number(z.first_firing_ms),
      episodes: Array.isArray(z.episodes)
        ? z.episodes.map((e: { start_ms?: unknown; end_ms?: unknown; samples?: unknown }) => ({
            start_ms: Number(e.start_ms ?? 0),
            end_ms: Number(e.end_ms ?? 0),
            samples: Number(e.samples ?? 0),
          }))
        : [],
    }))
    .sort((a, b) => b.count - a.count || a.zone_id.localeCompare(b.zone_id));
}

/** A back-test window ending now: the last `hours` hours, as the request's ISO instants. */
export function windowEndingNow(hours: number, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - hours * 3600_000).toISOString(), to: new Date(now).toISOString() };
}

/** Where an episode sits on a strip spanning the window, in percent (at least a sliver, so a single sample shows). */
export function stripBlock(episode: { start_ms: number; end_ms: number }, fromMs: number, toMs: number): { left: number; width: number } {
  const span = Math.max(1, toMs - fromMs);
  const clamp = (v: number) => Math.min(100, Math.max(0, v));
  const left = clamp(((episode.start_ms - fromMs) / span) * 100);
  const right = clamp(((episode.end_ms - fromMs) / span) * 100);
  return { left, width: Math.max(0.4, right - left) };
}
