//! The alert event stream (GET /alerts/stream, event `alert`), after the heat map's live link
//! (risk/liveStream.ts): token in the URL read afresh for every attempt, reconnect with exponential
//! backoff, and on every failure a resync through the normal request layer (which also renews an expired
//! token before the next attempt needs it). Listeners share one connection.
import { backoffDelay, type EventSourceLike, type LinkState, type Timers } from '@/risk/liveStream';
import type { AlertEvent } from './types';

export const ALERT_EVENT = 'alert';

export interface AlertStreamOptions {
  /** The stream URL with a current token, or null when signed out. */
  url: () => string | null;
  open: (url: string) => EventSourceLike;
  onEvent: (event: AlertEvent) => void;
  /** Called after each failure: events may have been missed, refetch what is shown. */
  onResync: () => void;
  onState?: (state: LinkState) => void;
  timers: Timers;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export function parseAlertEvent(data: unknown): AlertEvent | null {
  try {
    const v = JSON.parse(String(data)) as Partial<AlertEvent>;
    if (!v || typeof v !== 'object' || !v.alert || typeof v.alert.alert_id !== 'string') return null;
    if (v.kind !== 'opened' && v.kind !== 'changed' && v.kind !== 'occurrence') return null;
    return v as AlertEvent;
  } catch {
    return null;
  }
}

/** A newly opened red or orange alert is announced with a toast. */
export function isLoud(event: AlertEvent): boolean {
  return event.kind === 'opened' && (event.alert.grade === 'red' || event.alert.grade === 'orange');
}

export interface AlertStream {
  start(): void;
  stop(): void;
  failures(): number;
}

export function createAlertStream(opts: AlertStreamOptions): AlertStream {
  const timers = opts.timers;
  const initialMs = opts.initialDelayMs ?? 1000;
  const maxMs = opts.maxDelayMs ?? 30_000;
  let source: EventSourceLike | null = null;
  let retry: number | null = null;
  let failures = 0;
  let stopped = true;
  let state: LinkState = 'stopped';

  const setState = (next: LinkState) => {
    if (next === state) return;
    state = next;
    opts.onState?.(next);
  };

  function closeSource(): void {
    if (!source) return;
    source.onopen = null;
    source.onerror = null;
    source.close();
    source = null;
  }

  function failed(): void {
    closeSource();
    if (stopped) return;
    failures++;
    setState('reconnecting');
    opts.onResync();
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
    if (failures === 0) setState('connecting');
    let es: EventSourceLike;
    try {
      es = opts.open(url);
    } catch {
      failed();
      return;
    }
    source = es;
    es.onopen = () => {
      if (source !== es) return;
      failures = 0;
      setState('live');
    };
    es.onerror = () => {
      if (source === es) failed();
    };
    es.addEventListener(ALERT_EVENT, (ev) => {
      if (source !== es) return;
      const event = parseAlertEvent(ev.data);
      if (!event) return;
      failures = 0;
      setState('live');
      opts.onEvent(event);
    });
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
      setState('stopped');
    },
    failures: () => failures,
  };
}

/** Calls `fn` once `ms` after the last of a burst of calls. */
export function debounce(fn: () => void, ms: number, timers: Timers): { call: () => void; cancel: () => void } {
  let pending: number | null = null;
  return {
    call() {
      if (pending !== null) timers.clear(pending);
      pending = timers.set(() => {
        pending = null;
        fn();
      }, ms);
    },
    cancel() {
      if (pending !== null) timers.clear(pending);
      pending = null;
    },
  };
}
