//! The server's alert shapes (openapi.json: TransitionRow, Evidence) turned into what the screens draw:
//! a transition's actor, command name, stages and comment; the evidence window, contribution shares
//! and the factors and rules of the zone risk at the opening.
import type { AlertDetail, Evidence, Transition } from './types';

type Json = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One stored transition (actor_kind/actor_id/actor_name, command object, from_stage/to_stage). */
export function transitionFromServer(row: Json): Transition {
  const command = (row.command ?? {}) as Json;
  const { command: name, comment, reasoning, ...detail } = command;
  const system = row.actor_kind === 'system';
  return {
    seq: Number(row.seq),
    at: text(row.at),
    actor: system ? { kind: 'system' } : { kind: 'person', id: text(row.actor_id), name: text(row.actor_name) },
    command: text(name),
    from: text(row.from_stage) as Transition['from'],
    to: text(row.to_stage) as Transition['to'],
    comment: text(comment) || text(reasoning),
    detail,
  };
}

/** An alert detail as the server sends it, with its transitions in the screens' shape. */
export function detailFromServer(raw: Json): AlertDetail {
  const rows = Array.isArray(raw.transitions) ? (raw.transitions as Json[]) : [];
  return { ...(raw as unknown as AlertDetail), transitions: rows.map(transitionFromServer) };
}

/** The server's evidence: window from/to, the zone risk row (contributions, inputs.factors, inputs.rules). */
export function evidenceFromServer(raw: Json): Evidence {
  const risk = (raw.zone_risk ?? null) as Json | null;
  const contributions = Array.isArray(risk?.contributions) ? (risk!.contributions as Json[]) : [];
  const total = contributions.reduce((sum, c) => sum + Math.abs(num(c.value) ?? 0), 0);
  const inputs = (risk?.inputs ?? {}) as Json;
  const factors = Array.isArray(inputs.factors) ? (inputs.factors as Json[]) : [];
  const rules = Array.isArray(inputs.rules) ? (inputs.rules as unknown[]) : [];
  const readings = Array.isArray(raw.readings) ? (raw.readings as Json[]) : [];
  return {
    window: { from: text(raw.from), to: text(raw.to) },
    readings: readings.map((r) => ({
      device_id: text(r.device_id),
      device_name: text(r.device_name) || text(r.device_code),
      property: text(r.property),
      unit: text(r.unit),
      points: (Array.isArray(r.points) ? r.points : []) as Evidence['readings'][number]['points'],
    })),
    contributions: contributions.map((c) => ({
      input: text(c.input),
      label: text(c.input),
      value: num(c.value),
      share: total > 0 ? (num(c.value) ?? 0) / total : 0,
    })),
    factors: factors.map((f) => ({ name: text(f.name) || text(f.id), multiplier: num(f.intensity) ?? 1 })),
    rules: rules.map((r) => (typeof r === 'string' ? { name: r, path: null } : { name: text((r as Json).name), path: null })),
    device_events: (Array.isArray(raw.device_events) ? raw.device_events : []) as Evidence['device_events'],
    work_items: (Array.isArray(raw.work_items) ? raw.work_items : []) as Evidence['work_items'],
  };
}
