//! Every call of the alert screens, in one place. They go through the app's one request layer (bearer
//! token, Accept-Language, shared refresh) like every other screen. The typed client is keyed on the paths
//! of the generated schema, which does not have the alert endpoints yet: until it does, `raw` is the same
//! client seen through a path-agnostic signature, and each function below states its answer type.
import { api, ifMatch, unwrap } from '@/api';
import { detailFromServer, evidenceFromServer } from './fromServer';
import type {
  AlertAction,
  AlertDetail,
  AlertSummary,
  CommandBody,
  Evidence,
  InboxItem,
  NotificationPreferences,
  Page,
  Stage,
} from './types';

type Query = Record<string, string | number | boolean | null | undefined>;
interface Init {
  params?: { query?: Query };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: 'json' | 'text' | 'blob';
}
type Outcome<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
interface PathAgnostic {
  GET<T>(url: string, init?: Init): Outcome<T>;
  POST<T>(url: string, init?: Init): Outcome<T>;
  PUT<T>(url: string, init?: Init): Outcome<T>;
}
const raw = api as unknown as PathAgnostic;

const BASE = '/api/v1';
const seg = encodeURIComponent;

/** Drops unset parameters so the query string carries only what was asked for. */
export function cleanQuery(query: Query): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

/** Where the next page starts: the contract's cursor, or a page number from a page/total answer. */
export type More = { cursor: string } | { page: number };

/** A page of a list, whichever way the server pages it. */
export interface Listed<T> {
  items: T[];
  more: More | null;
}

type Answer<T> = Page<T> & { page?: number; per_page?: number; total?: number };

/**
 * The contract pages with `next_cursor`; the server's other lists page with page/per_page/total. Both are
 * read here, and only the parameter the answer asks for is sent back, so no unknown parameter reaches a
 * server that refuses them.
 */
export function listed<T>(answer: Partial<Answer<T>>): Listed<T> {
  const items = answer.items ?? [];
  if (answer.next_cursor) return { items, more: { cursor: answer.next_cursor } };
  const { page, per_page: perPage, total } = answer;
  if (typeof page === 'number' && typeof perPage === 'number' && typeof total === 'number' && page * perPage < total) {
    return { items, more: { page: page + 1 } };
  }
  return { items, more: null };
}

async function getList<T>(url: string, query: Query, more: More | null | undefined): Promise<Listed<T>> {
  const answer = await unwrap(raw.GET<Partial<Answer<T>>>(url, { params: { query: cleanQuery({ ...query, ...(more ?? {}) }) } }));
  return listed(answer);
}

export interface AlertQuery {
  queue: 'mine' | 'all';
  stage?: Stage | '';
  site_id?: string | null;
  zone_id?: string | null;
  open?: boolean;
}

export function listAlerts(query: AlertQuery, more?: More | null): Promise<Listed<AlertSummary>> {
  return getList(`${BASE}/alerts`, { ...query }, more);
}

export async function getAlert(alertId: string): Promise<AlertDetail> {
  return detailFromServer(await unwrap(raw.GET<Record<string, unknown>>(`${BASE}/alerts/${seg(alertId)}`)));
}

export async function getEvidence(alertId: string): Promise<Evidence> {
  return evidenceFromServer(await unwrap(raw.GET<Record<string, unknown>>(`${BASE}/alerts/${seg(alertId)}/evidence`)));
}

/** Sends one command against the version the caller saw (412 when someone else moved the alert on). */
export async function sendCommand(alertId: string, version: number, body: CommandBody): Promise<AlertDetail> {
  const answer = await unwrap(
    raw.POST<Record<string, unknown>>(`${BASE}/alerts/${seg(alertId)}/commands`, {
      body,
      headers: { 'If-Match': ifMatch(version) },
    }),
  );
  return detailFromServer(answer);
}

/** The printable review record (HTML); fetched with the auth header, shown from a blob URL. */
export function getRecord(alertId: string): Promise<Blob> {
  return unwrap(raw.GET<Blob>(`${BASE}/alerts/${seg(alertId)}/record`, { parseAs: 'blob' }));
}

export function listActions(query: { mine?: boolean; open?: boolean }, more?: More | null): Promise<Listed<AlertAction>> {
  return getList(`${BASE}/alert-actions`, { ...query }, more);
}

/** The newest inbox items and the unread count. */
export async function getInbox(query: { unread?: boolean }): Promise<Listed<InboxItem> & { unread: number }> {
  const answer = await unwrap(raw.GET<Partial<Answer<InboxItem>> & { unread?: number }>(`${BASE}/me/inbox`, { params: { query: cleanQuery({ ...query }) } }));
  return { ...listed(answer), unread: answer.unread ?? 0 };
}

export async function markRead(inboxItemId: string): Promise<void> {
  await unwrap(raw.POST<unknown>(`${BASE}/me/inbox/${seg(inboxItemId)}/read`));
}

export async function markAllRead(): Promise<void> {
  await unwrap(raw.POST<unknown>(`${BASE}/me/inbox/read-all`));
}

export function getPreferences(): Promise<NotificationPreferences> {
  return unwrap(raw.GET<NotificationPreferences>(`${BASE}/me/notification-preferences`));
}

/**
 * The PUT body: the two grades, and `wearable` only when the server's answer had it (a server without
 * wearable delivery refuses unknown fields).
 */
export function preferencesBody(loaded: Partial<NotificationPreferences>, form: NotificationPreferences): Partial<NotificationPreferences> {
  const body: Partial<NotificationPreferences> = { inbox_min_grade: form.inbox_min_grade, browser_min_grade: form.browser_min_grade };
  if (typeof loaded.wearable === 'boolean') body.wearable = form.wearable;
  return body;
}

export function putPreferences(body: Partial<NotificationPreferences>): Promise<NotificationPreferences> {
  return unwrap(raw.PUT<NotificationPreferences>(`${BASE}/me/notification-preferences`, { body }));
}

/** The alert event stream; an EventSource cannot send headers, so the token travels in the URL. */
export function alertStreamUrl(accessToken: string): string {
  return `${BASE}/alerts/stream?access_token=${encodeURIComponent(accessToken)}`;
}
