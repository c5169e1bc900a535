//! The heat map screen's state as pure transitions: live maps arriving (stream events or polls, possibly
//! out of order), replay of a past instant (answers for an instant no longer asked for are dropped), and
//! the way back to live. The screen keeps receiving live maps while replaying, so "back to live" is instant.
import type { components } from '@/api/schema';
import type { Zone } from '@/api/types';
import type { PlanZone } from '@/components/PlanCanvas.vue';
import { fromPairs } from '@/geometry/polygon';
import { gradeColour, gradeKey, gradeRank, isAssessed, toGrade, type Grade } from './grades';

export type Heatmap = components['schemas']['Heatmap'];
export type HeatmapZone = components['schemas']['HeatmapZone'];

export interface MapState {
  mode: 'live' | 'replay';
  /** The newest live map received. */
  live: Heatmap | null;
  /** Live maps taken in (stream events and polls), the screen's visible sign that updates arrive. */
  updates: number;
  /** When (ms since epoch, this browser's clock) the live map last changed. */
  receivedAt: number | null;
  /** The instant asked for in replay mode. */
  replayAt: string | null;
  /** The answer for `replayAt`, null while it loads. */
  replay: Heatmap | null;
}

export function initialState(): MapState {
  return { mode: 'live', live: null, updates: 0, receivedAt: null, replayAt: null, replay: null };
}

/**
 * The newest cycle a map contains. Maps are ordered by their data, not by their `at`: a snapshot taken
 * while a cycle runs is stamped later than that cycle's event, yet holds older rows.
 */
export function dataTime(map: Heatmap): number {
  return Math.max(0, ...map.zones.map((z) => (z.at ? Date.parse(z.at) : 0)).filter(Number.isFinite));
}

/**
 * Takes a live map in. One for another site (a late answer after the site was switched) or with older
 * data than the one shown (a poll answered after a newer stream event) changes nothing.
 */
export function applyLive(state: MapState, map: Heatmap, siteId: string, receivedAt: number): MapState {
  if (map.site_id !== siteId) return state;
  if (state.live && state.live.site_id === siteId && dataTime(map) < dataTime(state.live)) return state;
  return { ...state, live: map, updates: state.updates + 1, receivedAt };
}

/** Replays an instant; until its answer arrives the map shown before stays (under a loading mask). */
export function startReplay(state: MapState, at: string): MapState {
  return { ...state, mode: 'replay', replayAt: at, replay: shownMap(state) };
}

/** The history answer for `requestedAt`; ignored unless it is still the instant being replayed. */
export function applyReplay(state: MapState, map: Heatmap, requestedAt: string, siteId: string): MapState {
  if (state.mode !== 'replay' || state.replayAt !== requestedAt || map.site_id !== siteId) return state;
  return { ...state, replay: map };
}

export function backToLive(state: MapState): MapState {
  return { ...state, mode: 'live', replayAt: null, replay: null };
}

/** What the plan shows now. */
export function shownMap(state: MapState): Heatmap | null {
  return state.mode === 'live' ? state.live : state.replay;
}

/** A zone of the map as the list and the plan present it. */
export interface ZoneView {
  zoneId: string;
  code: string;
  name: string;
  grade: Grade;
  /** Message key of the grade's name. */
  gradeKey: string;
  colour: string;
  value: number | null;
  baseline: number | null;
  /** False when the zone had no cycle in the last minutes (or ever): shown as unassessed, said why. */
  recent: boolean;
  top: HeatmapZone['top'];
}

export function zoneView(z: HeatmapZone): ZoneView {
  const grade = toGrade(z.at ? z.grade : null);
  return {
    zoneId: z.zone_id,
    code: z.code,
    name: z.name,
    grade,
    gradeKey: gradeKey(grade),
    colour: gradeColour(grade),
    value: z.at && z.value != null ? z.value : null,
    baseline: z.at && z.baseline_value != null ? z.baseline_value : null,
    recent: Boolean(z.at),
    top: z.top,
  };
}

/** The zone list beside the plan: most severe first, unassessed last, then by code. */
export function zoneList(map: Heatmap | null): ZoneView[] {
  return (map?.zones ?? [])
    .map(zoneView)
    .sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade) || (b.value ?? 0) - (a.value ?? 0) || a.code.localeCompare(b.code));
}

/**
 * Plan zones coloured by the map: every zone drawn on the plan gets its grade's fill (unassessed hatched
 * grey) and a caption with the grade's name, so colour is never the only signal. Zones the map does not
 * list (not visible to a zone-scoped caller's heat map, or created after it) show as unassessed.
 */
export function planZones(zones: readonly Zone[], map: Heatmap | null, gradeName: (key: string) => string): PlanZone[] {
  const byId = new Map((map?.zones ?? []).map((z) => [z.zone_id, zoneView(z)]));
  return zones.map((zone) => {
    const view = byId.get(zone.zone_id);
    const grade: Grade = view?.grade ?? 'unassessed';
    return {
      id: zone.zone_id,
      name: zone.name,
      status: grade,
      polygon: fromPairs(zone.polygon),
      fill: gradeColour(grade),
      hatched: !isAssessed(grade),
      caption: gradeName(gradeKey(grade)),
    };
  });
}

/** Counts per grade for the legend. */
export function gradeCounts(map: Heatmap | null): Record<Grade, number> {
  const counts: Record<Grade, number> = { red: 0, orange: 0, yellow: 0, blue: 0, unassessed: 0 };
  for (const z of map?.zones ?? []) counts[zoneView(z).grade]++;
  return counts;
}
