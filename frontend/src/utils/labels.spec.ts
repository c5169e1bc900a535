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
