//! The one request layer: bearer token, Accept-Language, a single shared refresh on 401, logout when the
//! refresh fails. Every API call of the app goes through `createRequestLayer(...).client`.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { TokenStore } from './session';

export interface RequestLayerOptions {
  baseUrl?: string;
  tokens: TokenStore;
  /** The Accept-Language value for the current UI language. */
  acceptLanguage: () => string;
  /** Called once when the session cannot be renewed; the app clears its state and shows the login page. */
  onSessionEnded: () => void;
  fetch?: (request: Request) => Promise<Response>;
}

const REFRESH_PATH = '/api/v1/auth/refresh';
/** Requests that must never trigger a refresh: they are how a session starts or ends. */
const NO_REFRESH = ['/api/v1/auth/login', REFRESH_PATH, '/api/v1/auth/logout'];

export function createRequestLayer(opts: RequestLayerOptions) {
  const baseFetch = opts.fetch ?? ((r: Request) => globalThis.fetch(r));
  const baseUrl = opts.baseUrl ?? '';
  let refreshing: Promise<boolean> | null = null;

  function send(request: Request, accessToken: string | undefined): Promise<Response> {
    const headers = new Headers(request.headers);
    if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
    headers.set('Accept-Language', opts.acceptLanguage());
    return baseFetch(new Request(request, { headers }));
  }

  /** Renews the pair once; callers that arrive while it runs wait for the same answer. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = opts.tokens.get();
      if (!current) return false;
      try {
        const response = await baseFetch(
          new Request(new URL(baseUrl + REFRESH_PATH, origin()), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Accept-Language': opts.acceptLanguage() },
            body: JSON.stringify({ refresh_token: current.refresh_token }),
          }),
        );
        if (!response.ok) return false;
        const pair = (await response.json()) as { access_token?: unknown; refresh_token?: unknown };
        if (typeof pair.access_token !== 'string' || typeof pair.refresh_token !== 'string') return false;
        opts.tokens.set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** Ends the session once, however many requests notice it at the same time. */
  function endSession() {
    if (!opts.tokens.get()) return;
    opts.tokens.clear();
    opts.onSessionEnded();
  }

  async function authFetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const retry = request.clone();
    const sentWith = opts.tokens.get()?.access_token;
    const first = await send(request, sentWith);
    if (first.status !== 401 || !sentWith || NO_REFRESH.includes(path)) return first;

    // Another request may already have renewed the pair while this one was in flight.
    const now = opts.tokens.get()?.access_token;
    const renewed = now && now !== sentWith ? true : await refresh();
    if (!renewed) {
      endSession();
      return first;
    }
    const second = await send(retry, opts.tokens.get()?.access_token);
    if (second.status === 401) endSession();
    return second;
  }

  const client = createClient<paths>({ baseUrl, fetch: authFetch });
  return { client, fetch: authFetch };
}

function origin(): string {
  return typeof window !== 'undefined' && window.location ? window.location.origin : 'http://localhost';
}

export type ApiClient = ReturnType<typeof createRequestLayer>['client'];
