//! The alerts API (issue 6) as the screens use it.
// Until the generated schema has them: these mirror the contract (docs of issue 6) by hand. Once
// `npm run api:gen` brings the alert endpoints into src/api/schema.d.ts, each type below becomes
// `components['schemas'][...]` and api.ts switches to the typed client.

export const STAGES = [
  'screening',
  'dismissed',
  'engineer_review',
  'awaiting_data',
  'final_review',
  'actions_open',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

/** The four alert grades, most severe first (severity 4..1). */
export const ALERT_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type AlertGrade = (typeof ALERT_GRADES)[number];

export const ALERT_SOURCES = ['zone_risk', 'device_alarm', 'device_event', 'risk_path'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const COMMANDS = [
  'reopen',
  'decide',
  'request_data',
  'supply_data',
  'approve',
  'return',
  'escalate',
  'add_action',
  'complete_action',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface AlertSummary {
  alert_id: string;
  site_id: string;
  zone_id: string;
  zone_code: string;
  zone_name: string;
  source: AlertSource;
  cause: string;
  title: string;
  title_en: string;
  grade: AlertGrade;
  stage: Stage;
  escalation: number;
  opened_at: string;
  last_occurrence_at: string;
  occurrences: number;
  /** Deadline of the current review level; null at the ends. */
  deadline_at: string | null;
  overdue: boolean;
  /** For If-Match. */
  version: number;
}

export type Disposition = { kind: 'confirmed' } | { kind: 'downgraded'; grade: AlertGrade } | { kind: 'rejected' };

export type Actor = { kind: 'system' } | { kind: 'person'; id: string; name: string };

export interface Transition {
  seq: number;
  at: string;
  actor: Actor;
  command: string;
  from: Stage;
  to: Stage;
  comment: string;
  /** The command's other fields. */
  detail: Record<string, unknown>;
}

export interface Screening {
  outcome: 'confirmed' | 'dismissed';
  reason: 'sensor_fault_suspected' | 'zone_in_maintenance' | 'duplicate' | null;
  reasoning: string;
}

export interface Decision {
  disposition: Disposition;
  by: string;
  by_name: string;
  comment: string;
}

export interface AlertAction {
  action_id: string;
  alert_id: string;
  title: string;
  owner_id: string;
  owner_name: string;
  due_at: string;
  done_at: string | null;
  overdue: boolean;
  alert_title: string;
  alert_title_en: string;
  zone_code: string;
}

export interface Occurrence {
  at: string;
  grade: AlertGrade;
  detail: string;
}

export interface AlertDetail extends AlertSummary {
  screening: Screening | null;
  decision: Decision | null;
  transitions: Transition[];
  actions: AlertAction[];
  /** Newest 50. */
  recent_occurrences: Occurrence[];
  /** What this caller may do now. */
  allowed_commands: string[];
}

export interface ReadingPoint {
  ts: string;
  min: number | null;
  max: number | null;
  avg: number | null;
}

export interface Evidence {
  window: { from: string; to: string };
  readings: { device_id: string; device_name: string; property: string; unit: string; points: ReadingPoint[] }[];
  contributions: { input: string; label: string; value: number | null; share: number }[];
  factors: { name: string; multiplier: number }[];
  rules: { name: string; path: string | null }[];
  device_events: { event_id: string; device_name: string; identifier: string; severity: string; ts: string }[];
  work_items: {
    work_item_id: string;
    kind: string;
    permit_type: string | null;
    title: string;
    starts_at: string | null;
    ends_at: string | null;
    due_at: string | null;
    closed_at: string | null;
  }[];
}

export interface ActionInput {
  title: string;
  owner_id: string;
  due_at: string;
}

/** The body of POST /alerts/{id}/commands, one variant per command. */
export type CommandBody =
  | { command: 'reopen'; comment: string }
  | { command: 'decide'; disposition: Disposition; comment: string }
  | { command: 'request_data'; comment: string }
  | { command: 'supply_data'; comment: string }
  | { command: 'approve'; comment: string; actions: ActionInput[] }
  | { command: 'return'; comment: string }
  | { command: 'escalate'; comment: string }
  | { command: 'add_action'; action: ActionInput }
  | { command: 'complete_action'; action_id: string; comment: string };

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface InboxItem {
  inbox_item_id: string;
  alert_id: string;
  title: string;
  title_en: string;
  body: string;
  body_en: string;
  grade: AlertGrade;
  created_at: string;
  read_at: string | null;
}

export interface InboxPage extends Page<InboxItem> {
  unread: number;
}

export interface NotificationPreferences {
  inbox_min_grade: AlertGrade;
  browser_min_grade: AlertGrade;
  wearable: boolean;
}

/** The data of a stream event named `alert`. */
export interface AlertEvent {
  kind: 'opened' | 'changed' | 'occurrence';
  alert: AlertSummary;
}
