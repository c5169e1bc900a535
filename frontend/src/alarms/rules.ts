//! Alarm rule definitions: the JSON the API carries (the server's `foresight_telemetry::rules::AlarmRule`,
//! crates/foresight-telemetry/src/rules.rs; the server refuses unknown keys) and the form the no-code
//! editor binds to, with the conversions between them and the mapping of server field errors
//! (`definition.condition.conditions[1].value`) onto the editor's inputs.
import type { Severity } from '@/things/catalog';

export const COMPARISONS = ['gt', 'ge', 'lt', 'le', 'eq', 'ne'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const DIRECTIONS = ['rising', 'falling'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const LEAF_KINDS = ['threshold', 'rate_of_change', 'stale'] as const;
export const GROUP_KINDS = ['and', 'or'] as const;
export const CONDITION_KINDS = [...LEAF_KINDS, ...GROUP_KINDS] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];
/** The deepest condition tree the server accepts (a lone leaf is one level). */
export const MAX_DEPTH = 4;

// ---- The wire shape ----------------------------------------------------------------------------------

export type WireCondition =
  | { kind: 'threshold'; property: string; op: Comparison; value: number; hysteresis?: number }
  | { kind: 'rate_of_change'; property: string; direction: Direction; per_minute: number; window_secs: number }
  | { kind: 'stale'; property?: string; after_secs: number }
  | { kind: 'and' | 'or'; conditions: WireCondition[] };

export interface WireEscalation {
  after_secs: number;
  severity: Severity;
}

export interface WireRule {
  name: string;
  name_en: string;
  severity: Severity;
  condition: WireCondition;
  for_at_least_secs: number;
  hysteresis: number;
  escalation: WireEscalation[];
}

// ---- The editor's form -------------------------------------------------------------------------------

/** One node of the condition tree; `kind` decides which of the fields count. */
export interface ConditionForm {
  key: number;
  kind: ConditionKind;
  property: string;
  op: Comparison;
  value: number;
  /** Per-threshold dead band; null uses the rule's. */
  hysteresis: number | null;
  direction: Direction;
  per_minute: number;
  window_secs: number;
  after_secs: number;
  conditions: ConditionForm[];
}

export interface RuleForm {
  name: string;
  name_en: string;
  severity: Severity;
  condition: ConditionForm;
  for_at_least_secs: number;
  hysteresis: number;
  escalation: (WireEscalation & { key: number })[];
}

let keys = 0;
export function nextKey(): number {
  return ++keys;
}

export function emptyCondition(kind: ConditionKind = 'threshold', property = ''): ConditionForm {
  return {
    key: nextKey(),
    kind,
    property,
    op: 'gt',
    value: 0,
    hysteresis: null,
    direction: 'rising',
    per_minute: 1,
    window_secs: 300,
    after_secs: 600,
    conditions: kind === 'and' || kind === 'or' ? [emptyCondition('threshold', property)] : [],
  };
}

export function emptyRule(): RuleForm {
  return {
    name: '',
    name_en: '',
    severity: 'warning',
    condition: emptyCondition('threshold'),
    for_at_least_secs: 0,
    hysteresis: 0,
    escalation: [],
  };
}

export const isGroup = (kind: ConditionKind) => kind === 'and' || kind === 'or';

/** Levels of the tree under and including `node` (a leaf is 1). */
export function depth(node: ConditionForm): number {
  return isGroup(node.kind) ? 1 + Math.max(0, ...node.conditions.map(depth)) : 1;
}

export function toWireCondition(c: ConditionForm): WireCondition {
  switch (c.kind) {
    case 'threshold': {
      const out: WireCondition = { kind: 'threshold', property: c.property, op: c.op, value: c.value };
      if (c.hysteresis != null) out.hysteresis = c.hysteresis;
      return out;
    }
    case 'rate_of_change':
      return {
        kind: 'rate_of_change',
        property: c.property,
        direction: c.direction,
        per_minute: c.per_minute,
        window_secs: c.window_secs,
      };
    case 'stale':
      return c.property ? { kind: 'stale', property: c.property, after_secs: c.after_secs } : { kind: 'stale', after_secs: c.after_secs };
    default:
      return { kind: c.kind, conditions: c.conditions.map(toWireCondition) };
  }
}

export function fromWireCondition(w: WireCondition): ConditionForm {
  const c = emptyCondition(w.kind);
  switch (w.kind) {
    case 'threshold':
      return { ...c, property: w.property, op: w.op, value: w.value, hysteresis: w.hysteresis ?? null };
    case 'rate_of_change':
      return { ...c, property: w.property, direction: w.direction, per_minute: w.per_minute, window_secs: w.window_secs };
    case 'stale':
      return { ...c, property: w.property ?? '', after_secs: w.after_secs };
    default:
      return { ...c, conditions: (w.conditions ?? []).map(fromWireCondition) };
  }
}

export function toWireRule(f: RuleForm): WireRule {
  return {
    name: f.name,
    name_en: f.name_en,
    severity: f.severity,
    condition: toWireCondition(f.condition),
    for_at_least_secs: f.for_at_least_secs,
    hysteresis: f.hysteresis,
    escalation: f.escalation.map((s) => ({ after_secs: s.after_secs, severity: s.severity })),
  };
}

/** Reads a definition (from the server or pasted); throws on something that is not a rule. */
export function fromWireRule(value: unknown): RuleForm {
  if (!value || typeof value !== 'object') throw new Error('not an object');
  const w = value as Partial<WireRule>;
  if (!w.condition || typeof w.condition !== 'object' || !CONDITION_KINDS.includes(w.condition.kind)) {
    throw new Error('no condition');
  }
  return {
    name: String(w.name ?? ''),
    name_en: String(w.name_en ?? ''),
    severity: (w.severity ?? 'warning') as Severity,
    condition: fromWireCondition(w.condition),
    for_at_least_secs: Number(w.for_at_least_secs ?? 0),
    hysteresis: Number(w.hysteresis ?? 0),
    escalation: (w.escalation ?? []).map((s) => ({ key: nextKey(), after_secs: s.after_secs, severity: s.severity })),
  };
}

// ---- Server field errors -----------------------------------------------------------------------------

/**
 * A field path in one canonical form, relative to the definition: `definition.condition.conditions[1].value`,
 * `/definition/condition/conditions/1/value` and `condition.conditions.1.value` all become
 * `condition.conditions[1].value`. Scope fields (`thing_model_identifier`, `device_id`) stay as they are.
 */
export function normalisePath(field: string): string {
  const parts = field
    .replace(/^[/$.]+/, '')
    .split(/[./]|\[(\d+)\]/)
    .filter((p): p is string => p !== undefined && p !== '');
  if (parts[0] === 'definition') parts.shift();
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** The path of the node `index` under `parent` (the root condition is `condition`). */
export function childPath(parent: string, index: number): string {
  return `${parent}.conditions[${index}]`;
}

/** Every input path the editor shows for `form`, each of which can carry a server error. */
export function inputPaths(form: RuleForm): string[] {
  const out = ['thing_model_identifier', 'device_id', 'name', 'name_en', 'severity', 'for_at_least_secs', 'hysteresis', 'escalation'];
  form.escalation.forEach((_, i) => out.push(`escalation[${i}]`, `escalation[${i}].after_secs`, `escalation[${i}].severity`));
  const walk = (c: ConditionForm, path: string) => {
    out.push(path, `${path}.kind`);
    switch (c.kind) {
      case 'threshold':
        out.push(`${path}.property`, `${path}.op`, `${path}.value`, `${path}.hysteresis`);
        break;
      case 'rate_of_change':
        out.push(`${path}.property`, `${path}.direction`, `${path}.per_minute`, `${path}.window_secs`);
        break;
      case 'stale':
        out.push(`${path}.property`, `${path}.after_secs`);
        break;
      default:
        out.push(`${path}.conditions`);
        c.conditions.forEach((child, i) => walk(child, childPath(path, i)));
    }
  };
  walk(form.condition, 'condition');
  return out;
}

/**
 * Splits server field errors into those the editor shows next to an input (keyed by normalised path) and
 * the rest; several messages for one input are joined.
 */
export function mapRuleErrors(
  form: RuleForm,
  errors: readonly { field: string; message: string }[],
): { placed: Record<string, string>; leftover: string[] } {
  const known = new Set(inputPaths(form));
  const placed: Record<string, string> = {};
  const leftover: string[] = [];
  for (const e of errors) {
    const path = normalisePath(e.field);
    if (known.has(path)) placed[path] = placed[path] ? `${placed[path]}; ${e.message}` : e.message;
    else leftover.push(e.field ? `${e.field}: ${e.message}` : e.message);
  }
  return { placed, leftover };
}
