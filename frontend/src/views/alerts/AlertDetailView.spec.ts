// Smoke test of the detail screen: it renders a realistic alert, offers only the allowed commands, checks
// a command form before sending, and reloads on a stale version.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import ElementPlus from 'element-plus';
import { i18n } from '@/i18n';
import { ApiError } from '@/api/problem';
import type { AlertDetail, Evidence } from '@/alerts/types';

const detail = (over: Partial<AlertDetail> = {}): AlertDetail => ({
  alert_id: 'a1',
  site_id: 's1',
  zone_id: 'z1',
  zone_code: 'B-2',
  zone_name: 'Boiler room',
  source: 'zone_risk',
  cause: 'zone',
  title: '锅炉房风险升至较大',
  title_en: 'Boiler room risk rose to orange',
  grade: 'orange',
  stage: 'engineer_review',
  escalation: 1,
  opened_at: '2026-11-30T07:00:00Z',
  last_occurrence_at: '2026-11-30T07:30:00Z',
  occurrences: 3,
  deadline_at: '2026-11-30T07:45:00Z',
  overdue: true,
  version: 4,
  screening: { outcome: 'confirmed', reason: null, reasoning: 'Sensors agree.' },
  decision: null,
  transitions: [
    { seq: 1, at: '2026-11-30T07:00:05Z', actor: { kind: 'system' }, command: 'screen', from: 'screening', to: 'engineer_review', comment: '', detail: {} },
  ],
  actions: [],
  recent_occurrences: [{ at: '2026-11-30T07:30:00Z', grade: 'orange', detail: 'value 62' }],
  allowed_commands: ['decide', 'request_data'],
  ...over,
});
const evidence: Evidence = {
  window: { from: '2026-11-30T06:00:00Z', to: '2026-11-30T08:00:00Z' },
  readings: [],
  contributions: [{ input: 'gas', label: 'Gas', value: 40, share: 0.6 }],
  factors: [],
  rules: [],
  device_events: [],
  work_items: [],
};

const api = vi.hoisted(() => ({
  getAlert: vi.fn(),
  getEvidence: vi.fn(),
  getRecord: vi.fn(),
  sendCommand: vi.fn(),
  alertStreamUrl: (t: string) => `/s?access_token=${t}`,
}));
vi.mock('@/alerts/api', () => api);

const { default: AlertDetailView } = await import('./AlertDetailView.vue');

async function render() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/alerts/:alertId', name: 'alert-detail', component: AlertDetailView }],
  });
  await router.push('/alerts/a1');
  const w = mount(AlertDetailView, { global: { plugins: [ElementPlus, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

describe('AlertDetailView', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers({ now: Date.parse('2026-11-30T08:00:00Z'), toFake: ['Date'] });
    api.getAlert.mockReset().mockResolvedValue(detail());
    api.getEvidence.mockReset().mockResolvedValue(evidence);
    api.sendCommand.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows the alert, its stepper, history and only the allowed commands', async () => {
    const w = await render();
    expect(w.text()).toContain('锅炉房风险升至较大');
    expect(w.find('[data-testid="deadline-clock"]').text()).toBe('已超时 15 分钟');
    expect(w.find('[data-testid="alert-stepper"]').attributes('data-stage')).toBe('engineer_review');
    expect(w.find('[data-testid="alert-timeline"]').text()).toContain('系统');
    const commands = w.findAll('[data-testid^="command-"]').map((b) => b.attributes('data-testid'));
    expect(commands).toEqual(['command-decide', 'command-request_data']);
    expect(w.find('[data-testid="evidence-contributions"]').text()).toContain('Gas');
  });

  it('checks the decision form before sending and reloads on a stale version', async () => {
    const w = await render();
    await w.find('[data-testid="command-decide"]').trigger('click');
    await flushPromises();
    const dialog = () => document.body.querySelector('[data-testid="alert-command-dialog"]') as HTMLElement;
    expect(dialog()).not.toBeNull();
    // Reject without a comment: refused locally.
    (dialog().querySelectorAll('[data-testid="decide-disposition"] input')[2] as HTMLInputElement).click();
    await flushPromises();
    (document.body.querySelector('[data-testid="command-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(api.sendCommand).not.toHaveBeenCalled();
    expect(dialog().querySelector('.el-form-item.is-error [data-testid="command-comment"]')).not.toBeNull();

    const comment = dialog().querySelector('textarea') as HTMLTextAreaElement;
    comment.value = '传感器误报';
    comment.dispatchEvent(new Event('input'));
    api.sendCommand.mockRejectedValueOnce(new ApiError(412, null));
    api.getAlert.mockResolvedValue(detail({ version: 5 }));
    (document.body.querySelector('[data-testid="command-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(api.sendCommand).toHaveBeenCalledWith('a1', 4, { command: 'decide', disposition: { kind: 'rejected' }, comment: '传感器误报' });
    expect(api.getAlert).toHaveBeenCalledTimes(2);
  });
});
