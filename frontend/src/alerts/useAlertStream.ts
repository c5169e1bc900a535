//! One shared alert stream for the whole app: the review queue and the inbox bell both listen, the
//! connection opens with the first listener and closes with the last.
import { onBeforeUnmount } from 'vue';
import { tokens } from '@/api';
import { alertStreamUrl } from './api';
import { createAlertStream, type AlertStream } from './stream';
import type { AlertEvent } from './types';

export interface AlertListener {
  onEvent: (event: AlertEvent) => void;
  /** Events may have been missed (the link dropped): refetch. */
  onResync: () => void;
}

const listeners = new Set<AlertListener>();
let stream: AlertStream | null = null;

const browserTimers = {
  set: (fn: () => void, ms: number) => window.setTimeout(fn, ms),
  clear: (id: number) => window.clearTimeout(id),
};

function ensureStream(): void {
  if (stream || typeof EventSource === 'undefined') return;
  stream = createAlertStream({
    url: () => {
      const token = tokens.get()?.access_token;
      return token ? alertStreamUrl(token) : null;
    },
    open: (url) => new EventSource(url),
    onEvent: (event) => listeners.forEach((l) => l.onEvent(event)),
    onResync: () => listeners.forEach((l) => l.onResync()),
    timers: browserTimers,
  });
  stream.start();
}

/** Listens while the calling component is mounted. */
export function useAlertStream(listener: AlertListener): void {
  listeners.add(listener);
  ensureStream();
  onBeforeUnmount(() => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      stream?.stop();
      stream = null;
    }
  });
}
