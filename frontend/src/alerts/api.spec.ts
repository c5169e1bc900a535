import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { method: string; url: string; init?: Record<string, unknown> }[] = [];
let answer: unknown = {};
const respond = (method: string) => (url: string, init?: Record<string, unknown>) => {
  calls.push({ method, url, init });
  return Promise.resolve({ data: answer, response: new Response(null, { status: 200 }) });
};

vi.mock('@/api', () => ({
  api: { GET: respond('GET'), POST: respond('POST'), PUT: respond('PUT') },
  unwrap: async (p: Promise<{ data?: unknown }>) => (await p).data,
  ifMatch: (v: number) => `"${v}"`,
}));

const { alertStreamUrl, getInbox, listActions, listAlerts, listed, preferencesBody, sendCommand } = await import('./api');

describe('alerts API module', () => {
  beforeEach(() => {
    calls.length = 0;
    answer = {};
  });

  it('sends commands with If-Match on the alert version', async () => {
    await sendCommand('a/1', 7, { command: 'escalate', comment: 'late' });
    expect(calls).toEqual([
      {
        method: 'POST',
        url: '/api/v1/alerts/a%2F1/commands',
        init: { body: { command: 'escalate', comment: 'late' }, headers: { 'If-Match': '"7"' } },
      },
    ]);
  });

  it('sends only the filters that are set, and the next page as the answer asked for it', async () => {
    answer = { items: [{ alert_id: 'x' }], next_cursor: 'c2' };
    const first = await listAlerts({ queue: 'all', stage: '', site_id: 's1' });
    expect(calls[0]!.init).toEqual({ params: { query: { queue: 'all', site_id: 's1' } } });
    expect(first.more).toEqual({ cursor: 'c2' });
    answer = { items: [], next_cursor: null };
    await listAlerts({ queue: 'all', site_id: 's1' }, first.more);
    expect(calls[1]!.init).toEqual({ params: { query: { queue: 'all', site_id: 's1', cursor: 'c2' } } });
    await listActions({ mine: false, open: true });
    expect(calls[2]).toMatchObject({ url: '/api/v1/alert-actions', init: { params: { query: { mine: false, open: true } } } });
  });

  it('reads cursor pages and page/total pages alike', () => {
    expect(listed({ items: [1], next_cursor: 'n' }).more).toEqual({ cursor: 'n' });
    expect(listed({ items: [1], page: 1, per_page: 50, total: 51 }).more).toEqual({ page: 2 });
    expect(listed({ items: [1], page: 2, per_page: 50, total: 100 }).more).toBeNull();
    expect(listed({}).items).toEqual([]);
  });

  it('keeps the unread count of the inbox', async () => {
    answer = { items: [], next_cursor: null, unread: 4 };
    expect((await getInbox({ unread: true })).unread).toBe(4);
    expect(calls[0]).toMatchObject({ url: '/api/v1/me/inbox', init: { params: { query: { unread: true } } } });
  });

  it('sends wearable back only to a server that has it', () => {
    const form = { inbox_min_grade: 'yellow' as const, browser_min_grade: 'red' as const, wearable: true };
    expect(preferencesBody({ inbox_min_grade: 'blue', browser_min_grade: 'orange' }, form)).toEqual({
      inbox_min_grade: 'yellow',
      browser_min_grade: 'red',
    });
    expect(preferencesBody({ wearable: false }, form)).toEqual({ inbox_min_grade: 'yellow', browser_min_grade: 'red', wearable: true });
  });

  it('puts the token in the stream URL', () => {
    expect(alertStreamUrl('a b')).toBe('/api/v1/alerts/stream?access_token=a%20b');
  });
});
