import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { i18n } from '@/i18n';
import { gradeColour } from '@/risk/grades';
import GradeBadge from './GradeBadge.vue';

const badge = (props: { grade: string | null | undefined; score?: string }) =>
  mount(GradeBadge, { props, global: { plugins: [i18n] } });

afterEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

describe('GradeBadge', () => {
  it('names the grade in the UI language beside its colour', () => {
    i18n.global.locale.value = 'zh-CN';
    const w = badge({ grade: 'orange' });
    expect(w.text()).toBe('较大');
    expect(w.attributes('data-grade')).toBe('orange');
    // jsdom normalises the inline colour to rgb().
    expect(w.element.style.background).toContain('rgb(240, 125, 10)');
    expect(gradeColour('orange')).toBe('#f07d0a');
    i18n.global.locale.value = 'en';
    expect(badge({ grade: 'red' }).text()).toBe('Major');
  });

  it('shows the register score after the name when given', () => {
    i18n.global.locale.value = 'en';
    expect(badge({ grade: 'yellow', score: '90' }).text()).toBe('General · 90');
    expect(badge({ grade: 'yellow' }).text()).toBe('General');
  });

  it('shows a missing or unknown grade as unassessed, hatched, never in a colour of the scale', () => {
    i18n.global.locale.value = 'zh-CN';
    for (const odd of [null, undefined, 'purple']) {
      const w = badge({ grade: odd });
      expect(w.text()).toBe('未评估');
      expect(w.attributes('data-grade')).toBe('unassessed');
      expect(w.classes()).toContain('unassessed');
      expect(w.element.style.background).toBe('');
    }
  });
});
