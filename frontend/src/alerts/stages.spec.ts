import { describe, expect, it } from 'vitest';
import { isEnded, reviewLevel, stageKey, stepOf, stepper } from './stages';
import { STAGES, type Stage } from './types';
import zhCN from '@/i18n/locales/zh-CN';

const statuses = (stage: Stage, transitions: { from: Stage; to: Stage }[] = []) => stepper(stage, transitions).map((s) => s.status);

describe('review stages', () => {
  it('place each stage on its step, awaiting data inside the engineer step', () => {
    expect(stepOf('screening')).toBe(0);
    expect(stepOf('engineer_review')).toBe(1);
    expect(stepOf('awaiting_data')).toBe(1);
    expect(stepOf('final_review')).toBe(2);
    expect(stepOf('actions_open')).toBe(3);
    expect(stepOf('closed')).toBe(4);
  });

  it('branch a dismissal off the step it left, screening when the history does not say', () => {
    expect(stepOf('dismissed')).toBe(0);
    expect(stepOf('dismissed', [{ from: 'screening', to: 'dismissed' }])).toBe(0);
    const rejected = [
      { from: 'screening' as const, to: 'engineer_review' as const },
      { from: 'engineer_review' as const, to: 'dismissed' as const },
    ];
    expect(stepOf('dismissed', rejected)).toBe(1);
    expect(statuses('dismissed', rejected)).toEqual(['finish', 'error', 'wait', 'wait', 'wait']);
    // Reopened and dismissed again: the last dismissal counts.
    expect(stepOf('dismissed', [...rejected, { from: 'dismissed', to: 'engineer_review' }, { from: 'engineer_review', to: 'final_review' }, { from: 'final_review', to: 'dismissed' }])).toBe(2);
  });

  it('mark steps done, in progress and waiting; a closed alert all done', () => {
    expect(statuses('final_review')).toEqual(['finish', 'finish', 'process', 'wait', 'wait']);
    expect(statuses('awaiting_data')).toEqual(['finish', 'process', 'wait', 'wait', 'wait']);
    expect(statuses('closed')).toEqual(['success', 'success', 'success', 'success', 'success']);
  });

  it('name the review level a stage waits on', () => {
    expect(reviewLevel('screening')).toBe(1);
    expect(reviewLevel('engineer_review')).toBe(2);
    expect(reviewLevel('awaiting_data')).toBe(2);
    expect(reviewLevel('final_review')).toBe(3);
    expect(reviewLevel('actions_open')).toBeNull();
    expect(reviewLevel('dismissed')).toBeNull();
    expect(isEnded('closed') && isEnded('dismissed') && !isEnded('actions_open')).toBe(true);
  });

  it('have a label for every stage and step', () => {
    for (const s of STAGES) expect(stageKey(s).split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN)).toBeTypeOf('string');
    for (const s of stepper('screening')) expect(s.key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN)).toBeTypeOf('string');
  });
});
