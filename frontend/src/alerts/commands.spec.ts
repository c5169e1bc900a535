import { describe, expect, it } from 'vitest';
import { buildCommand, classifyFailure, commentRequired, emptyForm, lowerGrades, validateCommand, type CommandForm } from './commands';
import type { CommandName } from './types';

const NOW = Date.parse('2026-11-30T08:00:00Z');
const ctx = { grade: 'orange', nowMs: NOW };
const form = (over: Partial<CommandForm> = {}): CommandForm => ({ ...emptyForm(), ...over });
const fields = (command: CommandName, f: CommandForm) => validateCommand(command, f, ctx).map((i) => `${i.field}:${i.key.split('.').pop()}`);
const future = new Date(NOW + 86_400_000);

describe('review commands', () => {
  it('require a comment where the contract does: all but a plain confirmation, supplying data, approving, completing', () => {
    expect(commentRequired('decide', { disposition: 'confirmed' })).toBe(false);
    expect(commentRequired('decide', { disposition: 'downgraded' })).toBe(true);
    expect(commentRequired('decide', { disposition: 'rejected' })).toBe(true);
    for (const c of ['reopen', 'request_data', 'return', 'escalate'] as const) expect([c, commentRequired(c, form())]).toEqual([c, true]);
    for (const c of ['supply_data', 'approve', 'complete_action', 'add_action'] as const) expect([c, commentRequired(c, form())]).toEqual([c, false]);
    expect(fields('return', form({ comment: '   ' }))).toEqual(['comment:commentRequired']);
    expect(fields('decide', form({ disposition: 'rejected' }))).toEqual(['comment:commentRequired']);
    expect(fields('decide', form())).toEqual([]);
  });

  it('only downgrade to a grade below the current one', () => {
    expect(lowerGrades('orange')).toEqual(['yellow', 'blue']);
    expect(lowerGrades('blue')).toEqual([]);
    const down = (grade: CommandForm['grade']) => fields('decide', form({ disposition: 'downgraded', comment: 'x', grade }));
    expect(down('')).toEqual(['grade:gradeRequired']);
    expect(down('orange')).toEqual(['grade:gradeLower']);
    expect(down('red')).toEqual(['grade:gradeLower']);
    expect(down('yellow')).toEqual([]);
  });

  it('need title, owner and a future due date for every action', () => {
    const approve = form({
      actions: [
        { title: ' ', owner_id: '', due_at: null },
        { title: 'Fix guard', owner_id: 'u1', due_at: new Date(NOW) },
        { title: 'Train crew', owner_id: 'u2', due_at: future },
      ],
    });
    expect(fields('approve', approve)).toEqual([
      'actions.0.title:titleRequired',
      'actions.0.owner_id:ownerRequired',
      'actions.0.due_at:dueRequired',
      'actions.1.due_at:dueInFuture',
    ]);
    expect(fields('approve', form())).toEqual([]);
    expect(fields('add_action', form({ action: { title: 'a', owner_id: 'u', due_at: new Date(NOW - 1) } }))).toEqual(['action.due_at:dueInFuture']);
    expect(fields('complete_action', form())).toEqual(['action_id:actionRequired']);
  });

  it('build each body as the contract states it', () => {
    expect(buildCommand('decide', form({ comment: ' ok ' }))).toEqual({ command: 'decide', disposition: { kind: 'confirmed' }, comment: 'ok' });
    expect(buildCommand('decide', form({ disposition: 'downgraded', grade: 'yellow', comment: 'c' }))).toEqual({
      command: 'decide',
      disposition: { kind: 'downgraded', grade: 'yellow' },
      comment: 'c',
    });
    expect(buildCommand('decide', form({ disposition: 'rejected', grade: 'blue', comment: 'c' }))).toEqual({
      command: 'decide',
      disposition: { kind: 'rejected' },
      comment: 'c',
    });
    expect(buildCommand('approve', form({ actions: [{ title: ' Fix ', owner_id: 'u1', due_at: future }] }))).toEqual({
      command: 'approve',
      comment: '',
      actions: [{ title: 'Fix', owner_id: 'u1', due_at: future.toISOString() }],
    });
    expect(buildCommand('add_action', form({ comment: 'ignored', action: { title: 'A', owner_id: 'u', due_at: future } }))).toEqual({
      command: 'add_action',
      action: { title: 'A', owner_id: 'u', due_at: future.toISOString() },
    });
    expect(buildCommand('complete_action', form({ action_id: 'a1' }))).toEqual({ command: 'complete_action', action_id: 'a1', comment: '' });
    for (const c of ['reopen', 'request_data', 'supply_data', 'return', 'escalate'] as const) {
      expect(buildCommand(c, form({ comment: 'why' }))).toEqual({ command: c, comment: 'why' });
    }
  });

  it('tell a stale version and separation of duties from other refusals', () => {
    expect(classifyFailure(412, [])).toBe('stale');
    expect(classifyFailure(409, ['same_reviewer'])).toBe('same_reviewer');
    expect(classifyFailure(409, ['wrong_stage'])).toBe('conflict');
    expect(classifyFailure(422, ['comment_required'])).toBe('invalid');
    expect(classifyFailure(403, [])).toBe('invalid');
  });
});
