//! Devices on the plan: pins coloured by status, the zone a clicked point lies in, and the model options
//! of the device form (the latest revision of each model, plus the revision a device still uses).
import type { Device, ThingModelSummary, Zone } from '@/api/types';
import type { PlanPin } from '@/components/PlanCanvas.vue';
import { fromPairs, pointInPolygon, type Pt } from '@/geometry/polygon';
import { deviceColour } from './catalog';

export function isPlaced(d: Pick<Device, 'position_x' | 'position_y'>): boolean {
  return d.position_x != null && d.position_y != null;
}

export function devicePins(devices: readonly Device[]): PlanPin[] {
  return devices.filter(isPlaced).map((d) => ({
    id: d.device_id,
    x: d.position_x as number,
    y: d.position_y as number,
    colour: deviceColour(d.status),
    label: `${d.name} (${d.code})`,
  }));
}

/** The zone whose polygon holds the point; the smallest when zones overlap. */
export function zoneAt(p: Pt, zones: readonly Zone[]): Zone | null {
  let best: Zone | null = null;
  let bestArea = Infinity;
  for (const z of zones) {
    const polygon = fromPairs(z.polygon);
    if (!pointInPolygon(p, polygon)) continue;
    const area = boxArea(polygon);
    if (area < bestArea) {
      best = z;
      bestArea = area;
    }
  }
  return best;
}

function boxArea(polygon: readonly Pt[]): number {
  const xs = polygon.map((p) => p.x);
  const ys = polygon.map((p) => p.y);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

export interface ModelOption {
  value: string;
  identifier: string;
  revision: number;
  name: string;
  /** A revision older than the latest, kept because the device uses it. */
  older: boolean;
}

/** Latest revisions to choose from; a device on an older revision keeps it as an option too. */
export function modelOptions(latest: readonly ThingModelSummary[], current?: Pick<Device, 'thing_model_id' | 'thing_model_identifier' | 'thing_model_revision'> | null): ModelOption[] {
  const options: ModelOption[] = latest.map((m) => ({
    value: m.thing_model_id,
    identifier: m.identifier,
    revision: m.revision,
    name: m.name,
    older: false,
  }));
  if (current && !options.some((o) => o.value === current.thing_model_id)) {
    const newer = options.find((o) => o.identifier === current.thing_model_identifier);
    options.unshift({
      value: current.thing_model_id,
      identifier: current.thing_model_identifier,
      revision: current.thing_model_revision,
      name: newer?.name ?? current.thing_model_identifier,
      older: true,
    });
  }
  return options;
}
