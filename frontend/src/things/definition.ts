//! Thing-model definitions: the JSON the API carries (its shape is the server's ThingModel in
//! crates/foresight-telemetry/src/model.rs; the OpenAPI document leaves `definition` an open object) and
//! the form the editor binds to, with the conversions between them.
//!
//! The server refuses keys a model does not have, so `fromModelForm` writes only the keys of each value's
//! data type (a float has no `step`, an int no `precision`), and leaves an unset bound out.
import type { DefinitionObject } from '@/api/types';
import type { Access, DataTypeKind, Severity } from './catalog';

// ---- The wire shape ----------------------------------------------------------------------------------

export interface WireEnumValue {
  value: number | null;
  label: string;
  label_en: string;
}

export type WireDataType =
  | { type: 'int'; min?: number; max?: number; step?: number; unit?: string }
  | { type: 'float'; min?: number; max?: number; precision?: number; unit?: string }
  | { type: 'bool'; true_label: string; true_label_en: string; false_label: string; false_label_en: string }
  | { type: 'enum'; values: WireEnumValue[] }
  | { type: 'text'; max_length: number };

export interface WireParam {
  identifier: string;
  name: string;
  name_en: string;
  data_type: WireDataType;
}

export interface WireProperty extends WireParam {
  access: Access;
  required: boolean;
}

export interface WireEvent {
  identifier: string;
  name: string;
  name_en: string;
  severity: Severity;
  output: WireParam[];
}

export interface WireCommand {
  identifier: string;
  name: string;
  name_en: string;
  input: WireParam[];
  output: WireParam[];
}

export interface ThingModelDefinition {
  identifier: string;
  name: string;
  name_en: string;
  category: string;
  description: string;
  properties: WireProperty[];
  events: WireEvent[];
  commands: WireCommand[];
}

// ---- The editor's form -------------------------------------------------------------------------------

export interface EnumRow {
  key: number;
  value: number | null;
  label: string;
  label_en: string;
}

/** Every spec of every type, so switching the type back and forth keeps what was typed. */
export interface DataTypeForm {
  type: DataTypeKind;
  min: number | null;
  max: number | null;
  unit: string;
  step: number;
  precision: number;
  true_label: string;
  true_label_en: string;
  false_label: string;
  false_label_en: string;
  values: EnumRow[];
  max_length: number;
}

export interface ParamForm {
  key: number;
  identifier: string;
  name: string;
  name_en: string;
  data_type: DataTypeForm;
}

export interface PropertyForm extends ParamForm {
  access: Access;
  required: boolean;
}

export interface EventForm {
  key: number;
  identifier: string;
  name: string;
  name_en: string;
  severity: Severity;
  output: ParamForm[];
}

export interface CommandForm {
  key: number;
  identifier: string;
  name: string;
  name_en: string;
  input: ParamForm[];
  output: ParamForm[];
}

export interface ModelForm {
  identifier: string;
  name: string;
  name_en: string;
  category: string;
  description: string;
  properties: PropertyForm[];
  events: EventForm[];
  commands: CommandForm[];
}

/** Defaults the server applies to absent specs (model.rs): step 1, precision 2, no unit. */
export const DEFAULT_STEP = 1;
export const DEFAULT_PRECISION = 2;
/** Text length when a new text value gets none (the TSL importer's default too). */
export const DEFAULT_TEXT_LENGTH = 256;

let lastKey = 0;
/** A key for `v-for` that stays with a row when rows above it are removed. */
export function nextKey(): number {
  lastKey += 1;
  return lastKey;
}

export function emptyDataType(type: DataTypeKind = 'float'): DataTypeForm {
  return {
    type,
    min: null,
    max: null,
    unit: '',
    step: DEFAULT_STEP,
    precision: DEFAULT_PRECISION,
    true_label: '',
    true_label_en: '',
    false_label: '',
    false_label_en: '',
    values: [],
    max_length: DEFAULT_TEXT_LENGTH,
  };
}

export function emptyParam(): ParamForm {
  return { key: nextKey(), identifier: '', name: '', name_en: '', data_type: emptyDataType() };
}

export function emptyProperty(): PropertyForm {
  return { ...emptyParam(), access: 'read', required: false };
}

export function emptyEvent(): EventForm {
  return { key: nextKey(), identifier: '', name: '', name_en: '', severity: 'warning', output: [] };
}

export function emptyCommand(): CommandForm {
  return { key: nextKey(), identifier: '', name: '', name_en: '', input: [], output: [] };
}

export function emptyEnumRow(value: number | null = null): EnumRow {
  return { key: nextKey(), value, label: '', label_en: '' };
}

export function emptyModel(): ModelForm {
  return {
    identifier: '',
    name: '',
    name_en: '',
    category: 'other',
    description: '',
    properties: [],
    events: [],
    commands: [],
  };
}

// ---- JSON → form -------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const KINDS: readonly string[] = ['int', 'float', 'bool', 'enum', 'text'];

export function toDataTypeForm(value: unknown): DataTypeForm {
  const o = obj(value);
  const type = KINDS.includes(str(o.type)) ? (str(o.type) as DataTypeKind) : 'float';
  const form = emptyDataType(type);
  switch (type) {
    case 'int':
      form.min = num(o.min);
      form.max = num(o.max);
      form.step = num(o.step) ?? DEFAULT_STEP;
      form.unit = str(o.unit);
      break;
    case 'float':
      form.min = num(o.min);
      form.max = num(o.max);
      form.precision = num(o.precision) ?? DEFAULT_PRECISION;
      form.unit = str(o.unit);
      break;
    case 'bool':
      form.true_label = str(o.true_label);
      form.true_label_en = str(o.true_label_en);
      form.false_label = str(o.false_label);
      form.false_label_en = str(o.false_label_en);
      break;
    case 'enum':
      form.values = arr(o.values).map((v) => {
        const e = obj(v);
        return { key: nextKey(), value: num(e.value), label: str(e.label), label_en: str(e.label_en) };
      });
      break;
    case 'text':
      form.max_length = num(o.max_length) ?? DEFAULT_TEXT_LENGTH;
      break;
  }
  return form;
}

function toParamForm(value: unknown): ParamForm {
  const o = obj(value);
  return {
    key: nextKey(),
    identifier: str(o.identifier),
    name: str(o.name),
    name_en: str(o.name_en),
    data_type: toDataTypeForm(o.data_type),
  };
}

export function toModelForm(definition: unknown): ModelForm {
  const o = obj(definition);
  return {
    identifier: str(o.identifier),
    name: str(o.name),
    name_en: str(o.name_en),
    category: str(o.category, 'other'),
    description: str(o.description),
    properties: arr(o.properties).map((v) => {
      const p = obj(v);
      return {
        ...toParamForm(p),
        access: p.access === 'read_write' ? 'read_write' : 'read',
        required: p.required === true,
      };
    }),
    events: arr(o.events).map((v) => {
      const e = obj(v);
      const severity = str(e.severity, 'warning');
      return {
        key: nextKey(),
        identifier: str(e.identifier),
        name: str(e.name),
        name_en: str(e.name_en),
        severity: (['info', 'warning', 'alarm', 'critical'].includes(severity) ? severity : 'warning') as Severity,
        output: arr(e.output).map(toParamForm),
      };
    }),
    commands: arr(o.commands).map((v) => {
      const c = obj(v);
      return {
        key: nextKey(),
        identifier: str(c.identifier),
        name: str(c.name),
        name_en: str(c.name_en),
        input: arr(c.input).map(toParamForm),
        output: arr(c.output).map(toParamForm),
      };
    }),
  };
}

// ---- form → JSON -------------------------------------------------------------------------------------

/** Only the keys of the chosen type; unset bounds are left out (not checked by the server). */
export function fromDataTypeForm(form: DataTypeForm): WireDataType {
  const bounds = () => ({
    ...(form.min !== null ? { min: form.min } : {}),
    ...(form.max !== null ? { max: form.max } : {}),
  });
  switch (form.type) {
    case 'int':
      return { type: 'int', ...bounds(), step: form.step, unit: form.unit.trim() };
    case 'float':
      return { type: 'float', ...bounds(), precision: form.precision, unit: form.unit.trim() };
    case 'bool':
      return {
        type: 'bool',
        true_label: form.true_label,
        true_label_en: form.true_label_en,
        false_label: form.false_label,
        false_label_en: form.false_label_en,
      };
    case 'enum':
      return { type: 'enum', values: form.values.map((v) => ({ value: v.value, label: v.label, label_en: v.label_en })) };
    case 'text':
      return { type: 'text', max_length: form.max_length };
  }
}

function fromParamForm(p: ParamForm): WireParam {
  return { identifier: p.identifier.trim(), name: p.name, name_en: p.name_en, data_type: fromDataTypeForm(p.data_type) };
}

export function fromModelForm(form: ModelForm): ThingModelDefinition {
  return {
    identifier: form.identifier.trim(),
    name: form.name,
    name_en: form.name_en,
    category: form.category,
    description: form.description,
    properties: form.properties.map((p) => ({ ...fromParamForm(p), access: p.access, required: p.required })),
    events: form.events.map((e) => ({
      identifier: e.identifier.trim(),
      name: e.name,
      name_en: e.name_en,
      severity: e.severity,
      output: e.output.map(fromParamForm),
    })),
    commands: form.commands.map((c) => ({
      identifier: c.identifier.trim(),
      name: c.name,
      name_en: c.name_en,
      input: c.input.map(fromParamForm),
      output: c.output.map(fromParamForm),
    })),
  };
}

/** The definition as the API's request types carry it (an open JSON object). */
export function toWire(definition: ThingModelDefinition): DefinitionObject {
  return definition as unknown as DefinitionObject;
}

/** Numeric values can be charted and compared; text cannot. */
export function isNumeric(dataType: DataTypeForm): boolean {
  return dataType.type !== 'text';
}

/** How many properties, events and commands a definition has (presets carry no counts of their own). */
export function counts(definition: unknown): { properties: number; events: number; commands: number } {
  const o = obj(definition);
  return { properties: arr(o.properties).length, events: arr(o.events).length, commands: arr(o.commands).length };
}
