//! Work context (permits and maintenance sent by permit-to-work and EAM systems): the state of an item at
//! a moment, as the risk engine counts it (docs/RISK.md, "Work context").
import type { components } from '@/api/schema';

export type WorkItem = components['schemas']['WorkItem'];
export type WorkState = 'planned' | 'open' | 'expired_unclosed' | 'closed' | 'due' | 'overdue' | 'done';

const DAY_MS = 86_400_000;
const ms = (v: string | null | undefined) => (v ? Date.parse(v) : null);

/** The item's state at `nowMs`, and for overdue maintenance the whole days overdue. */
export function workState(item: WorkItem, nowMs: number): { state: WorkState; days?: number } {
  const closed = ms(item.closed_at);
  if (item.kind === 'permit') {
    if (closed !== null && closed <= nowMs) return { state: 'closed' };
    const start = ms(item.starts_at);
    const end = ms(item.ends_at);
    if (start !== null && start > nowMs) return { state: 'planned' };
    if (end !== null && end <= nowMs) return { state: 'expired_unclosed' };
    return { state: 'open' };
  }
  if (closed !== null && closed <= nowMs) return { state: 'done' };
  const due = ms(item.due_at);
  if (due !== null && due <= nowMs) return { state: 'overdue', days: Math.floor((nowMs - due) / DAY_MS) };
  return { state: 'due' };
}

/** Tag colour per state: what raises risk stands out. */
export const STATE_TYPE: Record<WorkState, 'danger' | 'warning' | 'success' | 'info' | 'primary'> = {
  planned: 'info',
  open: 'warning',
  expired_unclosed: 'danger',
  closed: 'info',
  due: 'info',
  overdue: 'danger',
  done: 'success',
};
