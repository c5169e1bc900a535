import { describe, expect, it } from 'vitest';
import { workState, type WorkItem } from './work';

const base = {
  work_item_id: 'w',
  zone_id: 'z',
  source: 'PTW',
  external_id: 'x',
  title: '',
  permit_type: null,
  starts_at: null,
  ends_at: null,
  due_at: null,
  closed_at: null,
  created_at: '2026-11-30T00:00:00Z',
  updated_at: '2026-11-30T00:00:00Z',
} satisfies Partial<WorkItem>;
const at = (iso: string) => Date.parse(iso);

describe('workState', () => {
  const permit = { ...base, kind: 'permit', permit_type: 'hot_work', starts_at: '2026-11-30T08:00:00Z', ends_at: '2026-11-30T16:00:00Z' } as WorkItem;
  it('follows a permit through its validity', () => {
    expect(workState(permit, at('2026-11-30T07:59:59Z')).state).toBe('planned');
    expect(workState(permit, at('2026-11-30T08:00:00Z')).state).toBe('open');
    expect(workState(permit, at('2026-11-30T16:00:00Z')).state).toBe('expired_unclosed');
    const closed = { ...permit, closed_at: '2026-11-30T12:00:00Z' };
    expect(workState(closed, at('2026-11-30T11:00:00Z')).state).toBe('open');
    expect(workState(closed, at('2026-11-30T17:00:00Z')).state).toBe('closed');
  });
  it('counts whole days of overdue maintenance', () => {
    const m = { ...base, kind: 'maintenance', due_at: '2026-11-20T00:00:00Z' } as WorkItem;
    expect(workState(m, at('2026-11-19T23:00:00Z')).state).toBe('due');
    expect(workState(m, at('2026-11-30T12:00:00Z'))).toEqual({ state: 'overdue', days: 10 });
    expect(workState({ ...m, closed_at: '2026-11-25T00:00:00Z' }, at('2026-11-30T00:00:00Z')).state).toBe('done');
  });
});
