import { afterEach, describe, expect, it } from 'vitest';
import { i18n, t } from '@/i18n';
import { clock, remaining } from './deadline';

const NOW = Date.parse('2026-11-30T08:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
const text = (seconds: number) => clock(at(seconds), NOW, t).text;

describe('deadline clock', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });

  it('is overdue from the deadline itself on, in whole minutes below an hour', () => {
    expect(remaining(at(0), NOW)).toEqual({ overdue: true, seconds: 0 });
    expect(text(0)).toBe('已超时 0 分钟');
    expect(text(-59)).toBe('已超时 0 分钟');
    expect(text(-60)).toBe('已超时 1 分钟');
    expect(text(-59 * 60 - 59)).toBe('已超时 59 分钟');
    expect(clock(at(0), NOW, t).tone).toBe('overdue');
  });

  it('counts the last minute in seconds, rounding up so 1 s left is never shown as 0', () => {
    expect(text(59)).toBe('剩余 59 秒');
    expect(text(1)).toBe('剩余 1 秒');
    expect(remaining(new Date(NOW + 200).toISOString(), NOW)).toEqual({ overdue: false, seconds: 1 });
    expect(text(60)).toBe('剩余 1 分 00 秒');
    expect(text(61)).toBe('剩余 1 分 01 秒');
  });

  it('shows hours with minutes and days with hours, left and overdue', () => {
    expect(text(2 * 3600 + 5 * 60 + 30)).toBe('剩余 2 小时 05 分');
    expect(text(-(3 * 3600 + 4 * 60))).toBe('已超时 3 小时 04 分');
    expect(text(86400 + 3 * 3600 + 59 * 60)).toBe('剩余 1 天 3 小时');
    expect(text(-2 * 86400)).toBe('已超时 2 天 0 小时');
  });

  it('turns amber in the last quarter hour', () => {
    expect(clock(at(15 * 60), NOW, t).tone).toBe('soon');
    expect(clock(at(15 * 60 + 1), NOW, t).tone).toBe('normal');
  });

  it('has no clock without a (valid) deadline', () => {
    expect(clock(null, NOW, t)).toEqual({ tone: 'none', text: '无时限' });
    expect(remaining('not a time', NOW)).toBeNull();
  });

  it('reads the same boundaries in English', () => {
    i18n.global.locale.value = 'en';
    expect(text(0)).toBe('Overdue by 0 min');
    expect(text(-60)).toBe('Overdue by 1 min');
    expect(text(59)).toBe('59 s left');
    expect(text(60)).toBe('1 min 00 s left');
    expect(text(3600)).toBe('1 h 00 min left');
    expect(text(-(25 * 3600))).toBe('Overdue by 1 d 1 h');
    expect(clock(undefined, NOW, t).text).toBe('No deadline');
  });
});
