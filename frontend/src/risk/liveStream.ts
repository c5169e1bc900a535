//! The heat map's live link: Server-Sent Events from /heatmap/stream, reconnected with exponential
//! backoff, and polling of /heatmap while the stream keeps failing (a proxy that buffers or cuts
//! event streams must not leave the screen frozen). Every failure also fetches a snapshot through the
//! normal request layer, which renews an expired access token before the next connection needs it (an
//! EventSource cannot send headers, so the token travels in the URL and is read afresh for each attempt).
import type { Heatmap } from './mapState';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'stopped';

/** The part of EventSource used here, so tests can drive a fake one. */
export interface EventSourceLike {
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface Timers {
  set(fn: () => void, ms: number): number;
  clear(id: number): void;
}

export interface LiveLinkOptions {
  /** The stream URL with a current token, or null when signed out. */
  url: () => string | null;
  open: (url: string) => EventSourceLike;
  /** The current map through the authenticated client (renews the token on 401). */
  snapshot: () => Promise<Heatmap>;
  onMap: (map: Heatmap) => void;
  onState: (state: LinkState) => void;
  timers?: Timers;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive stream failures after which the map is polled until the stream works again. */
  failuresBeforePolling?: number;
  pollMs?: number;
}

/** Stream event names (heatmap.rs): the state at connection, then one per finished risk cycle. */
export const STREAM_EVENTS = ['heatmap', 'cycle'] as const;

export function backoffDelay(failures: number, initialMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 20));
}

export function streamUrl(siteId: string, accessToken: string): string {
  return `/api/v1/sites/${encodeURIComponent(siteId)}/heatmap/stream?access_token=${encodeURIComponent(accessToken)}`;
}

const browserTimers: Timers = {
  set: (fn, ms) => window.setTimeout(fn, ms),
  clear: (id) => window.clearTimeout(id),
};

export interface LiveLink {
  start(): void;
  stop(): void;
  /** Consecutive failures since the last event (for the indicator's tooltip and tests). */
  failures(): number;
}

export function createLiveLink(opts: LiveLinkOptions): LiveLink {
  const timers = opts.timers ?? browserTimers;
  const initialMs = opts.initialDelayMs ?? 1000;
  const maxMs = opts.maxDelayMs ?? 30_000;
  const pollAfter = opts.failuresBeforePolling ?? 3;
  const pollMs = opts.pollMs ?? 15_000;

  let source: EventSourceLike | null = null;
  let retry: number | null = null;
  let poll: number | null = null;
  let failures = 0;
  let stopped = true;
  let state: LinkState = 'stopped';

  const setState = (next: LinkState) => {
    if (next !== state) {
      state = next;
      opts.onState(next);
    }
  };

  async function fetchSnapshot(): Promise<void> {
    try {
      const map = await opts.snapshot();
      if (!stopped) opts.onMap(map);
    } catch {
      // The next attempt or poll tries again; the indicator already says the link is down.
    }
  }

  function stopPolling(): void {
    if (poll !== null) timers.clear(poll);
    poll = null;
  }

  function schedulePoll(): void {
    stopPolling();
    poll = timers.set(() => {
      poll = null;
      if (stopped) return;
      void fetchSnapshot().finally(() => {
        if (!stopped && state === 'polling') schedulePoll();
      });
    }, pollMs);
  }

  function closeSource(): void {
    if (!source) return;
    source.onopen = null;
    source.onerror = null;
    source.close();
    source = null;
  }

  function received(ev: MessageEvent): void {
    let map: Heatmap;
    try {
      map = JSON.parse(String(ev.data)) as Heatmap;
    } catch {
      return;
    }
    failures = 0;
    stopPolling();
    setState('live');
    opts.onMap(map);
  }

  function failed(): void {
    closeSource();
    if (stopped) return;
    failures++;
    if (failures >= pollAfter) {
      if (state !== 'polling') {
        setState('polling');
        schedulePoll();
      }
    } else {
      setState('reconnecting');
    }
    void fetchSnapshot();
    retry = timers.set(() => {
      retry = null;
      connect();
    }, backoffDelay(failures, initialMs, maxMs));
  }

  function connect(): void {
    if (stopped) return;
    const url = opts.url();
    if (!url) {
      failed();
      return;
    }
    if (state !== 'polling') setState(failures === 0 ? 'connecting' : 'reconnecting');
    let es: EventSourceLike;
    try {
      es = opts.open(url);
    } catch {
      failed();
      return;
    }
    source = es;
    es.onopen = () => {
      if (source === es && state !== 'live') setState('live');
    };
    // EventSource retries by itself only after network drops, not after an HTTP error (an expired token
    // answers 401): reconnecting here, with a fresh URL, covers both.
    es.onerror = () => {
      if (source === es) failed();
    };
    for (const name of STREAM_EVENTS) {
      es.addEventListener(name, (ev) => {
        if (source === es) received(ev);
      });
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      failures = 0;
      connect();
    },
    stop() {
      stopped = true;
      closeSource();
      if (retry !== null) timers.clear(retry);
      retry = null;
      stopPolling();
      setState('stopped');
    },
    failures: () => failures,
  };
}
