import { describe, expect, it } from 'vitest';
import { backoffDelay, createLiveLink, streamUrl, type EventSourceLike, type LinkState, type Timers } from './liveStream';
import type { Heatmap } from './mapState';

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
  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

/** Timers run by hand: `run()` fires the due ones in order of their deadline. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  pending = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): number {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(id: number): void {
    this.pending.delete(id);
  }
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.now).sort((a, b) => a - b);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
}

const map = (at: string): Heatmap => ({ site_id: 's', at, zones: [] });
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(token: () => string | null = () => 'tok') {
  const sources: FakeSource[] = [];
  const maps: string[] = [];
  const states: LinkState[] = [];
  const timers = new ManualTimers();
  let snapshots = 0;
  const link = createLiveLink({
    url: () => {
      const t = token();
      return t ? streamUrl('s', t) : null;
    },
    open: (url) => {
      const s = new FakeSource(url);
      sources.push(s);
      return s;
    },
    snapshot: async () => map(`snapshot-${++snapshots}`),
    onMap: (m) => maps.push(m.at),
    onState: (s) => states.push(s),
    timers,
    initialDelayMs: 1000,
    maxDelayMs: 8000,
    failuresBeforePolling: 3,
    pollMs: 15000,
  });
  return { link, sources, maps, states, timers, snapshots: () => snapshots };
}

describe('live link', () => {
  it('backs off exponentially up to a ceiling', () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => backoffDelay(n, 1000, 8000))).toEqual([0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('passes the token in the URL, since EventSource sends no headers', () => {
    expect(streamUrl('a b', 'x+y')).toBe('/api/v1/sites/a%20b/heatmap/stream?access_token=x%2By');
  });

  it('delivers the first state and every cycle, and says it is live', () => {
    const { link, sources, maps, states } = setup();
    link.start();
    expect(states).toEqual(['connecting']);
    sources[0]!.emit('heatmap', map('t0'));
    sources[0]!.emit('cycle', map('t1'));
    expect(maps).toEqual(['t0', 't1']);
    expect(states).toEqual(['connecting', 'live']);
    link.stop();
    expect(sources[0]!.closed).toBe(true);
  });

  it('reconnects after a failure with a fresh URL and a longer wait each time, fetching a snapshot meanwhile', async () => {
    let token = 'old';
    const { link, sources, maps, states, timers } = setup(() => token);
    link.start();
    sources[0]!.fail();
    expect(sources[0]!.closed).toBe(true);
    expect(states.at(-1)).toBe('reconnecting');
    expect(timers.delays()).toEqual([1000]);
    await flush();
    expect(maps).toEqual(['snapshot-1']);
    token = 'renewed';
    timers.advance(1000);
    expect(sources[1]!.url).toContain('access_token=renewed');
    sources[1]!.fail();
    expect(timers.delays()).toEqual([2000]);
    timers.advance(2000);
    sources[2]!.emit('cycle', map('t5'));
    expect(states.at(-1)).toBe('live');
    expect(link.failures()).toBe(0);
  });

  it('falls back to polling when the stream keeps failing, and stops polling once it works again', async () => {
    const { link, sources, states, timers, snapshots } = setup();
    link.start();
    for (let i = 0; i < 3; i++) {
      sources.at(-1)!.fail();
      await flush();
      if (i < 2) timers.advance(timers.delays()[0]!);
    }
    expect(states.at(-1)).toBe('polling');
    const before = snapshots();
    // The poll (15 s) and the next stream attempt (4 s) are both pending.
    expect(timers.delays()).toEqual([4000, 15000]);
    timers.advance(4000);
    sources.at(-1)!.fail();
    await flush();
    timers.advance(11000);
    await flush();
    expect(snapshots()).toBeGreaterThan(before + 1);
    expect(states.at(-1)).toBe('polling');
    timers.advance(timers.delays()[0]!);
    sources.at(-1)!.emit('heatmap', map('back'));
    expect(states.at(-1)).toBe('live');
    await flush();
    const polls = snapshots();
    timers.advance(60000);
    await flush();
    expect(snapshots()).toBe(polls);
  });

  it('does nothing after stop: no reconnect, no late snapshot', async () => {
    const { link, sources, maps, timers } = setup();
    link.start();
    sources[0]!.fail();
    link.stop();
    await flush();
    timers.advance(60000);
    expect(sources).toHaveLength(1);
    expect(maps).toEqual([]);
  });
});
