//! Zone statuses and their colours on the plan. Zones carry no status yet: the risk capability will set
//! it live; until then every zone shows as normal. Unknown statuses draw in the neutral colour.
import type { Zone, ZoneKind } from '@/api/types';

export const ZONE_STATUSES = ['normal', 'attention', 'warning', 'alarm', 'inactive'] as const;
export type ZoneStatus = (typeof ZONE_STATUSES)[number];

const COLOURS: Record<ZoneStatus, string> = {
  normal: '#2e9d5b',
  attention: '#3b82f6',
  warning: '#e6a23c',
  alarm: '#e5484d',
  inactive: '#8c939d',
};
const NEUTRAL = '#5b6b8c';

/** The kinds a zone can be, as the API names them (CreateZone.kind). */
export const ZONE_KINDS = [
  'workshop',
  'tank_farm',
  'reactor_unit',
  'filling_line',
  'warehouse',
  'substation',
  'loading_bay',
  'utility',
  'laboratory',
  'office',
  'road',
  'other',
] as const satisfies readonly ZoneKind[];

// Fails to compile when the API gains a kind this list (and the catalogues) do not know yet.
type MissingKinds = Exclude<ZoneKind, (typeof ZONE_KINDS)[number]>;
const everyKindListed: MissingKinds extends never ? true : MissingKinds = true;
void everyKindListed;

export function isKnownStatus(status: string | null | undefined): status is ZoneStatus {
  return (ZONE_STATUSES as readonly string[]).includes(status ?? '');
}

/** A zone's status for colouring; the risk capability replaces this with live values. */
export function zoneStatus(_zone: Zone): ZoneStatus {
  return 'normal';
}

export function zoneColour(status: string | null | undefined): string {
  return isKnownStatus(status) ? COLOURS[status] : NEUTRAL;
}

/** The message key for a status label. */
export function statusKey(status: string | null | undefined): string {
  return isKnownStatus(status) ? `zoneStatus.${status}` : 'zoneStatus.unknown';
}

/** The message key for a zone kind label. */
export function kindKey(kind: string): string {
  return (ZONE_KINDS as readonly string[]).includes(kind) ? `zoneKind.${kind}` : 'zoneKind.other';
}
