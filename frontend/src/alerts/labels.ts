//! Words for alert data that the server sends in both languages.
import type { Translate } from '@/api/problem';
import { gradeKey } from '@/risk/grades';
import { COMMANDS, type AlertAction, type AlertSummary, type InboxItem } from './types';

const isEnglish = (locale: string) => locale === 'en';

/** The alert's title in the UI language (the Chinese one when the English one is missing). */
export function alertTitle(alert: Pick<AlertSummary, 'title' | 'title_en'>, locale: string): string {
  return isEnglish(locale) && alert.title_en ? alert.title_en : alert.title;
}

export function actionAlertTitle(action: Pick<AlertAction, 'alert_title' | 'alert_title_en'>, locale: string): string {
  return isEnglish(locale) && action.alert_title_en ? action.alert_title_en : action.alert_title;
}

export function inboxText(item: Pick<InboxItem, 'title' | 'title_en' | 'body' | 'body_en'>, locale: string): { title: string; body: string } {
  const en = isEnglish(locale);
  return { title: en && item.title_en ? item.title_en : item.title, body: en && item.body_en ? item.body_en : item.body };
}

/** What a transition's extra fields add to its line in the timeline (the decision, the actions opened). */
export function transitionDetail(detail: Record<string, unknown> | null | undefined, t: Translate): string {
  if (!detail) return '';
  const parts: string[] = [];
  const d = detail.disposition as { kind?: string; grade?: string } | undefined;
  if (d?.kind === 'downgraded' && d.grade) parts.push(t('alerts.disposition.downgradedTo', { grade: t(gradeKey(d.grade)) }));
  else if (d?.kind === 'confirmed' || d?.kind === 'rejected') parts.push(t(`alerts.disposition.${d.kind}`));
  if (Array.isArray(detail.actions) && detail.actions.length) parts.push(t('alerts.timeline.actions', { n: detail.actions.length }));
  const action = detail.action as { title?: string } | undefined;
  if (action?.title) parts.push(action.title);
  return parts.join(' · ');
}

/** Message key of a command's name, or null for one this client does not know. */
export function commandKey(command: string): string | null {
  return (COMMANDS as readonly string[]).includes(command) ? `alerts.command.${command}` : null;
}
