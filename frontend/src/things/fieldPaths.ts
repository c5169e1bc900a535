//! Server field errors on a thing-model definition, placed on the editor's rows. The server names each
//! problem by its path under the request field that held the model, e.g.
//! `definition.properties[2].data_type.max`; the editor asks for the message of each input it shows by
//! the same path without the prefix (`properties[2].data_type.max`).
import type { ProblemField } from '@/api/types';
import type { DataTypeForm, ModelForm, ParamForm } from './definition';

/**
 * The path inside the model for a server field, or null when the field is not under one of `prefixes`
 * (`preset`, say). The whole model is `''`. JSON-pointer forms (`/definition/properties/2/name`) and a
 * leading `$.` are read too.
 */
export function modelPath(field: string, prefixes: readonly string[] = ['definition']): string | null {
  let path = field.trim();
  if (path.startsWith('/')) {
    path = path
      .slice(1)
      .split('/')
      .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i > 0 ? '.' : ''}${part}`))
      .join('');
  }
  path = path.replace(/^\$\.?/, '');
  for (const prefix of prefixes) {
    if (path === prefix) return '';
    if (path.startsWith(`${prefix}.`)) return path.slice(prefix.length + 1);
    if (path.startsWith(`${prefix}[`)) return path.slice(prefix.length);
  }
  return null;
}

export interface PlacedErrors {
  /** Messages by model path; several for one path are joined. */
  byPath: Record<string, string>;
  /** Errors on fields outside the model (e.g. `preset`). */
  outside: ProblemField[];
}

export function modelErrors(errors: readonly ProblemField[], prefixes: readonly string[] = ['definition']): PlacedErrors {
  const byPath: Record<string, string> = {};
  const outside: ProblemField[] = [];
  for (const e of errors) {
    const path = modelPath(e.field, prefixes);
    if (path === null) {
      outside.push(e);
      continue;
    }
    byPath[path] = byPath[path] ? `${byPath[path]}; ${e.message}` : e.message;
  }
  return { byPath, outside };
}

/** Whether any error lies at `path` or inside it (`properties[2]` holds `properties[2].data_type.max`). */
export function hasErrorWithin(byPath: Record<string, string>, path: string): boolean {
  return Object.keys(byPath).some((p) => isWithin(p, path));
}

function isWithin(p: string, path: string): boolean {
  if (path === '') return true;
  return p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`);
}

/** Errors per editor tab, for the badges on the tabs. */
export function errorsPerSection(byPath: Record<string, string>): Record<'basics' | 'properties' | 'events' | 'commands', number> {
  const out = { basics: 0, properties: 0, events: 0, commands: 0 };
  for (const p of Object.keys(byPath)) {
    const section = /^(properties|events|commands)\b/.exec(p)?.[1] as 'properties' | 'events' | 'commands' | undefined;
    out[section ?? 'basics'] += 1;
  }
  return out;
}

/** The paths of the data-type inputs the editor shows for a value of this type. */
export function dataTypePaths(path: string, dt: DataTypeForm): string[] {
  const out = [path, `${path}.type`];
  switch (dt.type) {
    case 'int':
      out.push(`${path}.min`, `${path}.max`, `${path}.step`, `${path}.unit`);
      break;
    case 'float':
      out.push(`${path}.min`, `${path}.max`, `${path}.precision`, `${path}.unit`);
      break;
    case 'bool':
      out.push(`${path}.true_label`, `${path}.true_label_en`, `${path}.false_label`, `${path}.false_label_en`);
      break;
    case 'enum':
      out.push(`${path}.values`);
      dt.values.forEach((_, j) => {
        out.push(`${path}.values[${j}]`, `${path}.values[${j}].value`, `${path}.values[${j}].label`, `${path}.values[${j}].label_en`);
      });
      break;
    case 'text':
      out.push(`${path}.max_length`);
      break;
  }
  return out;
}

function namedPaths(path: string): string[] {
  return [path, `${path}.identifier`, `${path}.name`, `${path}.name_en`];
}

function paramPaths(list: string, params: readonly ParamForm[]): string[] {
  return [list, ...params.flatMap((p, i) => [...namedPaths(`${list}[${i}]`), ...dataTypePaths(`${list}[${i}].data_type`, p.data_type)])];
}

/** Every path the editor has a place for, given the model as it stands. */
export function renderedPaths(form: ModelForm): Set<string> {
  const out = ['identifier', 'name', 'name_en', 'category', 'description', 'properties', 'events', 'commands'];
  form.properties.forEach((p, i) => {
    const at = `properties[${i}]`;
    out.push(...namedPaths(at), `${at}.access`, `${at}.required`, ...dataTypePaths(`${at}.data_type`, p.data_type));
  });
  form.events.forEach((e, i) => {
    const at = `events[${i}]`;
    out.push(...namedPaths(at), `${at}.severity`, ...paramPaths(`${at}.output`, e.output));
  });
  form.commands.forEach((c, i) => {
    const at = `commands[${i}]`;
    out.push(...namedPaths(at), ...paramPaths(`${at}.input`, c.input), ...paramPaths(`${at}.output`, c.output));
  });
  return new Set(out);
}

/** Errors the editor has no input for (shown together above the form), as [path, message]. */
export function unplacedErrors(byPath: Record<string, string>, form: ModelForm): [string, string][] {
  const rendered = renderedPaths(form);
  return Object.entries(byPath).filter(([p]) => !rendered.has(p));
}

/**
 * Index paths shift when a row is removed: errors at or inside `list[index]` are dropped and those of the
 * rows after it move up one, so each message stays on its row.
 */
export function shiftAfterRemoval(byPath: Record<string, string>, list: string, index: number): Record<string, string> {
  const out: Record<string, string> = {};
  const prefix = `${list}[`;
  for (const [p, message] of Object.entries(byPath)) {
    if (!p.startsWith(prefix)) {
      out[p] = message;
      continue;
    }
    const m = /^\[(\d+)\](.*)$/.exec(p.slice(list.length));
    if (!m) {
      out[p] = message;
      continue;
    }
    const i = Number(m[1]);
    if (i === index) continue;
    out[i > index ? `${list}[${i - 1}]${m[2]}` : p] = message;
  }
  return out;
}
