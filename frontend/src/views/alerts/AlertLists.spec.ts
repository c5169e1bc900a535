// Smoke tests of the queue, the actions board and the inbox bell against a mocked alerts API.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import ElementPlus from 'element-plus';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import type { AlertAction, AlertSummary } from '@/alerts/types';

const summary = (id: string, over: Partial<AlertSummary> = {}): AlertSummary => ({
  alert_id: id,
  site_id: 's1',
  zone_id: 'z1',
  zone_code: 'B-2',
  zone_name: 'Boiler room',
  source: 'device_alarm',
  cause: 'c',
  title: `告警 ${id}`,
  title_en: `Alert ${id}`,
  grade: 'red',
  stage: 'engineer_review',
  escalation: 0,
  opened_at: '2026-11-30T07:00:00Z',
  last_occurrence_at: '2026-11-30T07:00:00Z',
  occurrences: 1,
  deadline_at: '2026-11-30T08:10:00Z',
  overdue: false,
  version: 1,
  ...over,
});
const action = (id: string, over: Partial<AlertAction> = {}): AlertAction => ({
  action_id: id,
  alert_id: 'a1',
  title: `Action ${id}`,
  owner_id: 'me',
  owner_name: 'Me',
  due_at: '2026-11-29T08:00:00Z',
  done_at: null,
  overdue: true,
  alert_title: '告警',
  alert_title_en: 'Alert',
  zone_code: 'B-2',
  ...over,
});

const api = vi.hoisted(() => ({
  listAlerts: vi.fn(),
  listActions: vi.fn(),
  getAlert: vi.fn(),
  getInbox: vi.fn(),
  markRead: vi.fn(),
  markAllRead: vi.fn(),
  sendCommand: vi.fn(),
  alertStreamUrl: (t: string) => `/s?access_token=${t}`,
}));
vi.mock('@/alerts/api', () => api);

const { default: MyReviewsView } = await import('./MyReviewsView.vue');
const { default: ActionsBoardView } = await import('./ActionsBoardView.vue');
const { default: InboxBell } = await import('./InboxBell.vue');

function router() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/alerts/:alertId', name: 'alert-detail', component: { template: '<div />' } },
    ],
  });
}
const mountIt = async (c: Parameters<typeof mount>[0]) => {
  const w = mount(c, { global: { plugins: [ElementPlus, i18n, router()] }, attachTo: document.body });
  await flushPromises();
  return w;
};

describe('alert lists', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers({ now: Date.parse('2026-11-30T08:00:00Z'), toFake: ['Date'] });
    for (const f of Object.values(api)) if (typeof f === 'function' && 'mockReset' in f) f.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('lists the caller’s queue with grade, stage and clock, then all alerts by stage', async () => {
    api.listAlerts.mockResolvedValue({ items: [summary('a1'), summary('a2', { deadline_at: '2026-11-30T07:00:00Z', overdue: true })], more: null });
    const w = await mountIt(MyReviewsView);
    expect(api.listAlerts).toHaveBeenCalledWith({ queue: 'mine', stage: '', site_id: null });
    const rows = w.findAll('[data-testid="alert-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('车间工程师审核');
    expect(rows[0]!.find('[data-testid="deadline-clock"]').text()).toBe('剩余 10 分 00 秒');
    expect(rows[1]!.find('[data-testid="deadline-clock"]').text()).toBe('已超时 1 小时 00 分');
    expect(rows[1]!.classes()).toContain('overdue');
  });

  it('highlights overdue actions and offers completion on one’s own open ones', async () => {
    const auth = useAuthStore();
    auth.me = { user: { user_id: 'me' }, permissions: ['alert:read'] } as unknown as typeof auth.me;
    api.listActions.mockResolvedValue({ items: [action('x1'), action('x2', { owner_id: 'other', overdue: false })], more: null });
    const w = await mountIt(ActionsBoardView);
    expect(api.listActions).toHaveBeenCalledWith({ mine: true, open: true }, null);
    const cards = w.findAll('[data-testid="action-card"]');
    expect(cards.map((c) => c.attributes('data-overdue'))).toEqual(['true', 'false']);
    expect(cards[0]!.find('[data-testid="action-complete"]').exists()).toBe(true);
    expect(cards[1]!.find('[data-testid="action-complete"]').exists()).toBe(false);
  });

  it('shows the unread count on the bell', async () => {
    api.getInbox.mockResolvedValue({ items: [], more: null, unread: 3 });
    const w = await mountIt(InboxBell);
    expect(w.find('[data-testid="inbox-unread"]').text()).toContain('3');
  });
});
