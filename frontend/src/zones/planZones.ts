//! Zones as the plan canvas draws them.
import type { Zone } from '@/api/types';
import { fromPairs } from '@/geometry/polygon';
import type { PlanZone } from '@/components/PlanCanvas.vue';
import { zoneStatus } from './status';

export function toPlanZone(zone: Zone): PlanZone {
  return { id: zone.zone_id, name: zone.name, status: zoneStatus(zone), polygon: fromPairs(zone.polygon) };
}

export function siteHasPlan(site: { plan_width?: number | null; plan_height?: number | null } | null | undefined): boolean {
  return site?.plan_width != null && site?.plan_height != null;
}
