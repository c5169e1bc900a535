//! The review process as a stepper: system screening → workshop engineer review → plant safety final
//! review → corrective actions → closed, with dismissed as a branch off the step it left from, and
//! awaiting data as a pause
//! inside the engineer's step.
import type { Stage, Transition } from './types';

export const STEPS = ['screening', 'engineer_review', 'final_review', 'actions_open', 'closed'] as const;
export type Step = (typeof STEPS)[number];

/** The step each stage belongs to; dismissed is placed by where it branched off (see `stepOf`). */
const STEP_OF: Record<Exclude<Stage, 'dismissed'>, number> = {
  screening: 0,
  engineer_review: 1,
  awaiting_data: 1,
  final_review: 2,
  actions_open: 3,
  closed: 4,
};

/** The review level (1 system screening, 2 workshop engineer, 3 plant safety) a stage waits on, or null. */
export function reviewLevel(stage: Stage): 1 | 2 | 3 | null {
  switch (stage) {
    case 'screening':
      return 1;
    case 'engineer_review':
    case 'awaiting_data':
      return 2;
    case 'final_review':
      return 3;
    default:
      return null;
  }
}

/** Whether the alert is finished (no deadline, only `reopen` may follow). */
export function isEnded(stage: Stage): boolean {
  return stage === 'dismissed' || stage === 'closed';
}

/**
 * The step index of a stage. A dismissed alert sits on the step it was dismissed from: the `from` of the
 * last transition into dismissed, or screening when the history does not say (the system screened it out).
 */
export function stepOf(stage: Stage, transitions: readonly Pick<Transition, 'from' | 'to'>[] = []): number {
  if (stage !== 'dismissed') return STEP_OF[stage] ?? 0;
  const last = [...transitions].reverse().find((tr) => tr.to === 'dismissed');
  if (!last || last.from === 'dismissed') return 0;
  return STEP_OF[last.from] ?? 0;
}

export type StepStatus = 'wait' | 'process' | 'finish' | 'error' | 'success';

export interface StepView {
  step: Step;
  /** Message key of the step's name. */
  key: string;
  status: StepStatus;
}

/**
 * The stepper for a stage: steps before the current one finished, the current one in progress (paused
 * while data is awaited, shown as the same step), a dismissal as an error on its step with the rest left
 * waiting, and a closed alert all successful.
 */
export function stepper(stage: Stage, transitions: readonly Pick<Transition, 'from' | 'to'>[] = []): StepView[] {
  const current = stepOf(stage, transitions);
  return STEPS.map((step, i) => {
    let status: StepStatus;
    if (stage === 'closed') status = 'success';
    else if (i < current) status = 'finish';
    else if (i > current) status = 'wait';
    else status = stage === 'dismissed' ? 'error' : 'process';
    return { step, key: `alerts.step.${step}`, status };
  });
}

/** Message key of a stage's name. */
export function stageKey(stage: string): string {
  return `alerts.stage.${stage}`;
}

/** Tag type of a stage in lists. */
export function stageTagType(stage: Stage): 'danger' | 'warning' | 'success' | 'info' | 'primary' {
  switch (stage) {
    case 'engineer_review':
    case 'final_review':
      return 'warning';
    case 'awaiting_data':
      return 'info';
    case 'actions_open':
      return 'primary';
    case 'closed':
      return 'success';
    default:
      return 'info';
  }
}
