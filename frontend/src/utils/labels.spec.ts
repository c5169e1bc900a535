import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@/i18n';
import { actionLabel, permissionLabel } from './labels';

describe('labels for stable codes', () => {
  afterEach(() => setLocale('zh-CN'));

  it('names audit actions in the UI language', () => {
    setLocale('zh-CN');
    expect(actionLabel('zone.update')).toBe('修改区域');
    setLocale('en');
    expect(actionLabel('zone.update')).toBe('Zone changed');
  });

  it('shows the code of an action or permission the catalogue does not know yet', () => {
    expect(actionLabel('permit.close')).toBe('permit.close');
    expect(permissionLabel('alert:review')).toBe('alert:review');
  });
});

describe('device registry codes', () => {
  afterEach(() => setLocale('zh-CN'));

  it('names dead-letter reasons in both languages and shows unknown ones as they are', async () => {
    const { reasonLabel, categoryLabel } = await import('@/things/catalog');
    setLocale('zh-CN');
    expect(reasonLabel('out_of_range')).toBe('超出量程');
    setLocale('en');
    expect(reasonLabel('out_of_range')).toBe('Out of range');
    expect(reasonLabel('cosmic_ray')).toBe('cosmic_ray');
    expect(categoryLabel('gas_detection')).toBe('Gas detection');
  });
});
