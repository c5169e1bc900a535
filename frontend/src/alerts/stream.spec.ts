import { describe, expect, it } from 'vitest';
import type { EventSourceLike, Timers } from '@/risk/liveStream';
import { createAlertStream, debounce, isLoud, parseAlertEvent } from './stream';
import type { AlertEvent, AlertSummary } from './types';

class FakeSource implements EventSourceLike {
  onopen: EventSourceLike['onopen'] = null;
  onerror: EventSourceLike['onerror'] = null;
  closed = false;
  listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(public url: string) {}
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) } as MessageEvent);
  }
}

class ManualTimers implements Timers {
  private next = 1;
  pending = new Map<number, { ms: number; fn: () => void }>();
  set(fn: () => void, ms: number): number {
    const id = this.next++;
    this.pending.set(id, { ms, fn });
    return id;
  }
  clear(id: number): void {
    this.pending.delete(id);
  }
  runAll(): void {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, p] of due) p.fn();
  }
}

const alert = (over: Partial<AlertSummary> = {}) => ({ alert_id: 'a1', grade: 'red', ...over }) as AlertSummary;

describe('alert stream', () => {
  it('passes alert events on and ignores anything else', () => {
    const sources: FakeSource[] = [];
    const events: AlertEvent[] = [];
    const link = createAlertStream({
      url: () => '/s?access_token=t1',
      open: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
      onEvent: (e) => events.push(e),
      onResync: () => undefined,
      timers: new ManualTimers(),
    });
    link.start();
    sources[0]!.emit('alert', { kind: 'opened', alert: alert() });
    sources[0]!.emit('alert', { kind: 'weird', alert: alert() });
    sources[0]!.emit('alert', 'nonsense');
    expect(events.map((e) => e.kind)).toEqual(['opened']);
  });

  it('reconnects with a fresh URL and backoff after a failure, resyncing each time', () => {
    const timers = new ManualTimers();
    const sources: FakeSource[] = [];
    let token = 't1';
    let resyncs = 0;
    const link = createAlertStream({
      url: () => `/s?access_token=${token}`,
      open: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
      onEvent: () => undefined,
      onResync: () => resyncs++,
      timers,
      initialDelayMs: 1000,
    });
    link.start();
    sources[0]!.onerror?.(new Event('error'));
    expect(sources[0]!.closed).toBe(true);
    expect(resyncs).toBe(1);
    expect([...timers.pending.values()].map((p) => p.ms)).toEqual([1000]);
    token = 't2';
    timers.runAll();
    expect(sources[1]!.url).toBe('/s?access_token=t2');
    sources[1]!.onerror?.(new Event('error'));
    expect([...timers.pending.values()].map((p) => p.ms)).toEqual([2000]);
    link.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('announces only newly opened red and orange alerts', () => {
    expect(isLoud({ kind: 'opened', alert: alert({ grade: 'red' }) })).toBe(true);
    expect(isLoud({ kind: 'opened', alert: alert({ grade: 'orange' }) })).toBe(true);
    expect(isLoud({ kind: 'opened', alert: alert({ grade: 'yellow' }) })).toBe(false);
    expect(isLoud({ kind: 'changed', alert: alert({ grade: 'red' }) })).toBe(false);
    expect(parseAlertEvent('{')).toBeNull();
  });

  it('debounces a burst into one call', () => {
    const timers = new ManualTimers();
    let n = 0;
    const d = debounce(() => n++, 500, timers);
    d.call();
    d.call();
    d.call();
    expect(timers.pending.size).toBe(1);
    timers.runAll();
    expect(n).toBe(1);
  });
});
