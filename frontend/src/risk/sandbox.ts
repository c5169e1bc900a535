//! The risk sandbox screen's logic: the replayed window, scenario items built from the preset catalogue,
//! the request, where the server's field errors go, run polling and the per-zone comparison of the two
//! variants (`scenario` alone and `measure`). No grade code here: grades come from risk/grades.ts.
import type { components } from '@/api/schema';
import { toGrade, type Grade } from './grades';

export type Preset = components['schemas']['Preset'];
export type Param = components['schemas']['Param'];
export type SandboxRequest = components['schemas']['SandboxRequest'];
export type Override = components['schemas']['Override'];

/** A parameter value as edited: number, text, list of ids/codes, or nothing (left out of the request). */
export type ParamValue = number | string | string[] | null;

/** One scenario item on the screen: a preset kind and its edited parameters. */
export interface ScenarioItem {
  kind: string;
  values: Record<string, ParamValue>;
}

/** The windows offered, ending now (`sandbox.window.<key>`). */
export const WINDOWS = [
  { key: 'h1', secs: 3600 },
  { key: 'h6', secs: 6 * 3600 },
  { key: 'h24', secs: 24 * 3600 },
] as const;
export type WindowKey = (typeof WINDOWS)[number]['key'];

/** The server's limits (docs/RISK.md "Sandbox"): step 15..3600 s, at most 1,440 steps. */
export const MIN_STEP_SECS = 15;
export const MAX_STEPS = 1440;

/** The finest step the server accepts for a window: as fine as the risk cycle, within the step limit. */
export function stepFor(windowSecs: number): number {
  return Math.max(MIN_STEP_SECS, Math.ceil(windowSecs / (MAX_STEPS - 1)));
}

/** `from`/`to`/`step_secs` of the window ending at `now` (whole seconds, so `to` is never after the server's now). */
export function windowOf(key: WindowKey, now: Date): { from: string; to: string; step_secs: number } {
  const secs = WINDOWS.find((w) => w.key === key)?.secs ?? 3600;
  const to = new Date(Math.floor(now.getTime() / 1000) * 1000 - 1000);
  const from = new Date(to.getTime() - secs * 1000);
  return { from: from.toISOString(), to: to.toISOString(), step_secs: stepFor(secs) };
}

/** A new scenario item with the catalogue's defaults (list parameters start empty, meaning "all"). */
export function newItem(preset: Preset): ScenarioItem {
  const values: Record<string, ParamValue> = {};
  for (const p of preset.params) {
    const d = p.default as unknown;
    if (p.type.endsWith('[]')) values[p.name] = Array.isArray(d) ? (d as string[]) : [];
    else if (typeof d === 'number' || typeof d === 'string') values[p.name] = d;
    else values[p.name] = null;
  }
  return { kind: preset.kind, values };
}

/** An item as the API's Override: empty optional values are left out, so the server's defaults apply. */
export function toOverride(item: ScenarioItem): Override {
  const out: Record<string, unknown> = { kind: item.kind };
  for (const [name, v] of Object.entries(item.values)) {
    if (v == null || v === '') continue;
    out[name] = v;
  }
  return out as Override;
}

/** The codes of the factors a scenario item adds (`sandbox.typhoon_wind.0`), which a measure may turn off. */
const FACTOR_PREFIX: Record<string, string> = {
  typhoon: 'sandbox.typhoon_wind',
  grid_fluctuation: 'sandbox.grid_disturbance',
  ageing_equipment: 'sandbox.ageing',
  multiply_hazards: 'sandbox.multiply',
};
export function scenarioFactorCodes(items: readonly ScenarioItem[]): string[] {
  return items.flatMap((item, i) => (FACTOR_PREFIX[item.kind] ? [`${FACTOR_PREFIX[item.kind]}.${i}`] : []));
}

/** One hazard change of the measure as edited (null = unchanged). */
export interface HazardEdit {
  hazard_id: string | null;
  likelihood: number | null;
  exposure: number | null;
  consequence: number | null;
  severity: number | null;
}

export function newHazardEdit(): HazardEdit {
  return { hazard_id: null, likelihood: null, exposure: null, consequence: null, severity: null };
}

export function buildRequest(
  name: string,
  window: { from: string; to: string; step_secs: number },
  items: readonly ScenarioItem[],
  measureName: string,
  hazards: readonly HazardEdit[],
  factorsOff: readonly string[],
): SandboxRequest {
  const changes = hazards
    .filter((h) => h.hazard_id)
    .map((h) => {
      const c: Record<string, unknown> = { hazard_id: h.hazard_id };
      for (const k of ['likelihood', 'exposure', 'consequence', 'severity'] as const) if (h[k] != null) c[k] = h[k];
      return c as components['schemas']['HazardChange'];
    });
  return {
    name: name.trim() || null,
    ...window,
    scenario: items.map(toOverride),
    measure: { name: measureName.trim() || null, hazards: changes, factors_off: [...factorsOff] },
  };
}

/** Form keys of the inputs that can carry a server error; `from`/`to`/`step_secs` all belong to the window picker. */
export function fieldKey(field: string): string {
  const f = field.replace(/^[/$.]+/, '');
  if (f === 'from' || f === 'to' || f === 'step_secs') return 'window';
  const scenario = /^scenario\[(\d+)\]\.(\w+)/.exec(f);
  if (scenario) return `scenario.${scenario[1]}.${scenario[2]}`;
  const hazard = /^measure\.hazards\[(\d+)\]\.(\w+)/.exec(f);
  if (hazard) return `measure.hazards.${hazard[1]}.${hazard[2]}`;
  if (f.startsWith('measure.factors_off')) return 'measure.factors_off';
  return f.split(/[.[]/)[0] || f;
}

/** Every form key the screen shows, for useFormErrors. */
export function formKeys(items: readonly ScenarioItem[], hazards: number): string[] {
  const keys = ['name', 'window', 'scenario', 'measure', 'measure.factors_off'];
  items.forEach((item, i) => {
    keys.push(`scenario.${i}.kind`);
    for (const n of Object.keys(item.values)) keys.push(`scenario.${i}.${n}`);
  });
  for (let j = 0; j < hazards; j++)
    for (const k of ['hazard_id', 'likelihood', 'exposure', 'consequence', 'severity']) keys.push(`measure.hazards.${j}.${k}`);
  return keys;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';
export function isFinished(status: string): boolean {
  return status === 'done' || status === 'failed';
}

/** One variant of one zone in a result. */
export interface VariantView {
  values: number[];
  grades: Grade[];
  peakValue: number | null;
  peakGrade: Grade;
  peakAt: string | null;
  secondsOrange: number;
  secondsRed: number;
}

export interface ZoneComparison {
  zoneId: string;
  code: string;
  name: string;
  scenario: VariantView;
  measure: VariantView;
  /** Peak of the measure minus peak of the scenario (negative: the measure lowers the peak). */
  peakChange: number | null;
}

interface RawVariant {
  values?: number[];
  grades?: string[];
  peak?: { value?: number; grade?: string; at?: string } | null;
  seconds_orange?: number;
  seconds_red?: number;
}

function variant(raw: RawVariant | null | undefined): VariantView {
  return {
    values: raw?.values ?? [],
    grades: (raw?.grades ?? []).map((g) => toGrade(g)),
    peakValue: raw?.peak?.value ?? null,
    peakGrade: toGrade(raw?.peak?.grade),
    peakAt: raw?.peak?.at ?? null,
    secondsOrange: raw?.seconds_orange ?? 0,
    secondsRed: raw?.seconds_red ?? 0,
  };
}

/** The result's zones for the side-by-side view, worst scenario peak first; zones without any step are left out. */
export function compareZones(result: unknown): ZoneComparison[] {
  const zones = (result as { zones?: unknown[] } | null)?.zones;
  if (!Array.isArray(zones)) return [];
  const out: ZoneComparison[] = [];
  for (const z of zones as Record<string, unknown>[]) {
    if (!z.scenario && !z.measure) continue;
    const scenario = variant(z.scenario as RawVariant);
    const measure = variant(z.measure as RawVariant);
    out.push({
      zoneId: String(z.zone_id),
      code: String(z.code ?? ''),
      name: String(z.name ?? ''),
      scenario,
      measure,
      peakChange: scenario.peakValue != null && measure.peakValue != null ? measure.peakValue - scenario.peakValue : null,
    });
  }
  return out.sort((a, b) => (b.scenario.peakValue ?? -1) - (a.scenario.peakValue ?? -1));
}

/** Seconds as whole hours and minutes, for `sandbox.duration`. */
export function splitDuration(secs: number): { h: number; m: number } {
  const minutes = Math.round(secs / 60);
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** A failed run's reason code (`timeout`, `internal`, ...), or null. */
export function failureCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** SVG polyline points of a 0..100 series in a `width` x `height` box. */
export function polyline(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const dx = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${(i * dx).toFixed(1)},${(height - (Math.min(100, Math.max(0, v)) / 100) * height).toFixed(1)}`)
    .join(' ');
}
