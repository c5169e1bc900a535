//! The command dialogs' forms: which fields each command needs, their checks before sending, and the body
//! of POST /alerts/{id}/commands built from a form. The server checks the same rules (422 comment_required
//! and field errors); checking here first saves a round trip on a tablet in the plant.
import type { ActionInput, AlertGrade, CommandBody, CommandName } from './types';
import { ALERT_GRADES, COMMANDS } from './types';

export interface ActionDraft {
  title: string;
  owner_id: string;
  due_at: Date | null;
}

export type DispositionKind = 'confirmed' | 'downgraded' | 'rejected';

export interface CommandForm {
  comment: string;
  /** decide */
  disposition: DispositionKind;
  /** decide, when downgrading */
  grade: AlertGrade | '';
  /** approve: zero or more actions to open */
  actions: ActionDraft[];
  /** add_action */
  action: ActionDraft;
  /** complete_action */
  action_id: string;
}

export function emptyAction(): ActionDraft {
  return { title: '', owner_id: '', due_at: null };
}

export function emptyForm(): CommandForm {
  return { comment: '', disposition: 'confirmed', grade: '', actions: [], action: emptyAction(), action_id: '' };
}

export function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

/** Severity 4 (red) .. 1 (blue); 0 for anything else. */
export function severity(grade: string): number {
  const i = (ALERT_GRADES as readonly string[]).indexOf(grade);
  return i < 0 ? 0 : ALERT_GRADES.length - i;
}

/** The grades an alert of `grade` may be downgraded to: strictly lower, most severe first. */
export function lowerGrades(grade: string): AlertGrade[] {
  const s = severity(grade);
  return ALERT_GRADES.filter((g) => severity(g) < s);
}

/** Commands that carry a comment at all (add_action carries an action only). */
export function hasComment(command: CommandName): boolean {
  return command !== 'add_action';
}

/**
 * Whether the comment must be filled in: every decision except a plain confirmation, and every command
 * that asks for something or sends the alert back or up (reopen, request data, return, escalate).
 * Supplying data, approving and completing an action may be commented but need not be.
 */
export function commentRequired(command: CommandName, form: Pick<CommandForm, 'disposition'>): boolean {
  switch (command) {
    case 'decide':
      return form.disposition !== 'confirmed';
    case 'reopen':
    case 'request_data':
    case 'return':
    case 'escalate':
      return true;
    default:
      return false;
  }
}

/** A failed check: the form field (`comment`, `grade`, `actions.0.owner_id`, `action.due_at`, ...) and the message key. */
export interface FormIssue {
  field: string;
  key: string;
}

export interface CheckContext {
  /** The alert's current grade (a downgrade must go below it). */
  grade: string;
  nowMs: number;
}

function checkAction(a: ActionDraft, prefix: string, nowMs: number): FormIssue[] {
  const out: FormIssue[] = [];
  if (!a.title.trim()) out.push({ field: `${prefix}.title`, key: 'alerts.form.titleRequired' });
  if (!a.owner_id) out.push({ field: `${prefix}.owner_id`, key: 'alerts.form.ownerRequired' });
  if (!a.due_at || Number.isNaN(a.due_at.getTime())) out.push({ field: `${prefix}.due_at`, key: 'alerts.form.dueRequired' });
  else if (a.due_at.getTime() <= nowMs) out.push({ field: `${prefix}.due_at`, key: 'alerts.form.dueInFuture' });
  return out;
}

/** Everything wrong with the form for `command`; empty when it may be sent. */
export function validateCommand(command: CommandName, form: CommandForm, ctx: CheckContext): FormIssue[] {
  const out: FormIssue[] = [];
  if (hasComment(command) && commentRequired(command, form) && !form.comment.trim()) {
    out.push({ field: 'comment', key: 'alerts.form.commentRequired' });
  }
  if (command === 'decide' && form.disposition === 'downgraded') {
    if (!form.grade) out.push({ field: 'grade', key: 'alerts.form.gradeRequired' });
    else if (severity(form.grade) >= severity(ctx.grade)) out.push({ field: 'grade', key: 'alerts.form.gradeLower' });
  }
  if (command === 'approve') form.actions.forEach((a, i) => out.push(...checkAction(a, `actions.${i}`, ctx.nowMs)));
  if (command === 'add_action') out.push(...checkAction(form.action, 'action', ctx.nowMs));
  if (command === 'complete_action' && !form.action_id) out.push({ field: 'action_id', key: 'alerts.form.actionRequired' });
  return out;
}

function actionInput(a: ActionDraft): ActionInput {
  return { title: a.title.trim(), owner_id: a.owner_id, due_at: (a.due_at as Date).toISOString() };
}

/** The request body for a form that passed `validateCommand`. */
export function buildCommand(command: CommandName, form: CommandForm): CommandBody {
  const comment = form.comment.trim();
  switch (command) {
    case 'decide': {
      const disposition =
        form.disposition === 'downgraded'
          ? { kind: 'downgraded' as const, grade: form.grade as AlertGrade }
          : { kind: form.disposition };
      return { command, disposition, comment };
    }
    case 'approve':
      return { command, comment, actions: form.actions.map(actionInput) };
    case 'add_action':
      return { command, action: actionInput(form.action) };
    case 'complete_action':
      return { command, action_id: form.action_id, comment };
    default:
      return { command, comment };
  }
}

/** Issues keyed by field, for `<el-form-item :error>`. */
export function issuesByField(issues: readonly FormIssue[], translate: (key: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.field] ??= translate(i.key);
  return out;
}

/**
 * What a refused command means for the screen: `stale` (412, someone else moved the alert on: reload and
 * say so), `same_reviewer` (409, separation of duties: explain with the server's detail), `conflict` (409
 * otherwise, e.g. wrong_stage: show the detail and reload), `invalid` (everything else: field errors or a
 * message). The 409 codes come in the problem's field errors (`{field: "command", code}`).
 */
export function classifyFailure(status: number, codes: readonly string[]): 'stale' | 'same_reviewer' | 'conflict' | 'invalid' {
  if (status === 412) return 'stale';
  if (status === 409) return codes.includes('same_reviewer') ? 'same_reviewer' : 'conflict';
  return 'invalid';
}
