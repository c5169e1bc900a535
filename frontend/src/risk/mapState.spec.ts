import { describe, expect, it } from 'vitest';
import type { Zone } from '@/api/types';
import {
  applyLive,
  applyReplay,
  backToLive,
  gradeCounts,
  initialState,
  planZones,
  shownMap,
  startReplay,
  zoneList,
  type Heatmap,
  type HeatmapZone,
} from './mapState';

const SITE = 'site-1';
const zone = (zone_id: string, code: string, grade: string | null, value: number | null, at: string | null = '2026-12-01T10:00:00Z'): HeatmapZone => ({
  zone_id,
  code,
  name: `Zone ${code}`,
  at,
  value,
  grade,
  value_grade: grade,
  baseline_value: value == null ? null : 10,
  top: [],
});
const map = (at: string, zones: HeatmapZone[], site_id = SITE): Heatmap => ({ site_id, at, zones });

describe('live updates', () => {
  it('take newer maps in and count them, ordered by their data rather than their stamp', () => {
    let s = initialState();
    s = applyLive(s, map('2026-12-01T10:00:20Z', [zone('a', 'A', 'blue', 10, '2026-12-01T10:00:00Z')]), SITE, 1);
    // The cycle event that was running when the snapshot was taken: stamped earlier, newer data.
    s = applyLive(s, map('2026-12-01T10:00:15Z', [zone('a', 'A', 'orange', 60, '2026-12-01T10:00:15Z')]), SITE, 2);
    expect(s.updates).toBe(2);
    expect(s.receivedAt).toBe(2);
    expect(shownMap(s)?.zones[0]?.grade).toBe('orange');
  });

  it('ignore a late map with older data and a map of another site', () => {
    let s = applyLive(initialState(), map('2026-12-01T10:00:15Z', [zone('a', 'A', 'red', 80, '2026-12-01T10:00:15Z')]), SITE, 1);
    // A snapshot stamped later, but holding the cycle before.
    const late = applyLive(s, map('2026-12-01T10:00:20Z', [zone('a', 'A', 'blue', 10, '2026-12-01T10:00:00Z')]), SITE, 2);
    expect(late).toBe(s);
    s = applyLive(s, map('2026-12-01T10:00:30Z', [], 'other-site'), SITE, 3);
    expect(shownMap(s)?.zones[0]?.grade).toBe('red');
  });
});

describe('replay and back to live', () => {
  const live = applyLive(initialState(), map('2026-12-01T10:00:00Z', [zone('a', 'A', 'red', 90)]), SITE, 1);

  it('keeps the map until the asked instant answers, then shows the history while live maps keep arriving', () => {
    let s = startReplay(live, '2026-12-01T02:00:00.000Z');
    expect(s.mode).toBe('replay');
    expect(shownMap(s)?.zones[0]?.grade).toBe('red');
    s = applyReplay(s, map('2026-12-01T02:00:00.000Z', [zone('a', 'A', 'blue', 5)]), '2026-12-01T02:00:00.000Z', SITE);
    expect(shownMap(s)?.zones[0]?.grade).toBe('blue');
    s = applyLive(s, map('2026-12-01T10:00:15Z', [zone('a', 'A', 'orange', 70, '2026-12-01T10:00:15Z')]), SITE, 2);
    expect(shownMap(s)?.zones[0]?.grade).toBe('blue');
    s = backToLive(s);
    expect(s.mode).toBe('live');
    expect(shownMap(s)?.zones[0]?.grade).toBe('orange');
  });

  it('drops an answer for an instant no longer asked for, and any answer after going back to live', () => {
    let s = startReplay(live, 'T1');
    s = startReplay(s, 'T2');
    const stale = applyReplay(s, map('T1', []), 'T1', SITE);
    expect(stale).toBe(s);
    const afterLive = applyReplay(backToLive(s), map('T2', []), 'T2', SITE);
    expect(afterLive.mode).toBe('live');
    expect(afterLive.replay).toBeNull();
    expect(shownMap(afterLive)).toBe(live.live);
  });
});

describe('zones as shown', () => {
  const m = map('2026-12-01T10:00:00Z', [
    zone('u', 'U-600', 'unassessed', 30),
    zone('b', 'B-1', 'blue', 10),
    zone('r', 'R-1', 'red', 90),
    zone('o', 'O-1', 'orange', 55),
    zone('s', 'S-1', 'red', 95, null),
  ]);

  it('list the most severe first and unassessed (also zones without a recent cycle) last', () => {
    const list = zoneList(m);
    expect(list.map((z) => [z.code, z.grade])).toEqual([
      ['R-1', 'red'],
      ['O-1', 'orange'],
      ['B-1', 'blue'],
      ['U-600', 'unassessed'],
      ['S-1', 'unassessed'],
    ]);
    expect(list.find((z) => z.code === 'S-1')?.recent).toBe(false);
    expect(list.find((z) => z.code === 'S-1')?.value).toBeNull();
    expect(gradeCounts(m)).toEqual({ red: 1, orange: 1, yellow: 0, blue: 1, unassessed: 2 });
  });

  it('draw every plan zone with its grade as fill and caption, hatching the unassessed ones', () => {
    const zones = ['r', 'u', 'new'].map((id) => ({ zone_id: id, name: id, polygon: [[0, 0], [1, 0], [1, 1]] }) as unknown as Zone);
    const drawn = planZones(zones, m, (key) => `<${key}>`);
    expect(drawn.map((z) => [z.id, z.status, z.hatched, z.caption])).toEqual([
      ['r', 'red', false, '<grade.red>'],
      ['u', 'unassessed', true, '<grade.unassessed>'],
      ['new', 'unassessed', true, '<grade.unassessed>'],
    ]);
    expect(drawn[0]!.fill).not.toBe(drawn[1]!.fill);
  });
});
