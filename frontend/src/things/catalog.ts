//! Stable codes of the device registry and their message keys. The OpenAPI document types these fields
//! as plain strings (thing-model category and source, dead-letter reason), so the lists mirror the server
//! (crates/foresight-telemetry/src/model.rs, docs/INGEST.md); a code the catalogue does not know yet is
//! shown as it is.
import type { DeviceStatus, ImportFormat } from '@/api/types';
import { i18n } from '@/i18n';

export const CATEGORIES = [
  'gas_detection',
  'process_instrument',
  'vibration',
  'environment',
  'wearable',
  'positioning',
  'video_analytics',
  'vehicle',
  'lockout',
  'access_control',
  'control_system',
  'fire_detection',
  'energy_storage',
  'photovoltaic',
  'cleanroom',
  'corrosion',
  'power',
  'other',
] as const;

/** How a thing model was made. */
export const SOURCES = ['custom', 'preset', 'tsl', 'wot'] as const;

export const SEVERITIES = ['info', 'warning', 'alarm', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DATA_TYPES = ['float', 'int', 'bool', 'enum', 'text'] as const;
export type DataTypeKind = (typeof DATA_TYPES)[number];

export const ACCESS_MODES = ['read', 'read_write'] as const;
export type Access = (typeof ACCESS_MODES)[number];

export const DEVICE_STATUSES = ['active', 'maintenance', 'retired'] as const satisfies readonly DeviceStatus[];
// Fails to compile when the API gains a device status this list (and the catalogues) do not know yet.
type MissingStatuses = Exclude<DeviceStatus, (typeof DEVICE_STATUSES)[number]>;
const everyStatusListed: MissingStatuses extends never ? true : MissingStatuses = true;
void everyStatusListed;

export const IMPORT_FORMATS = ['tsl', 'wot', 'foresight'] as const satisfies readonly ImportFormat[];
type MissingFormats = Exclude<ImportFormat, (typeof IMPORT_FORMATS)[number]>;
const everyFormatListed: MissingFormats extends never ? true : MissingFormats = true;
void everyFormatListed;

export const EXPORT_FORMATS = ['foresight', 'tsl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Why ingest refused a reading or a message (docs/INGEST.md). */
export const DEAD_LETTER_REASONS = [
  'unknown_device',
  'unknown_property',
  'wrong_type',
  'out_of_range',
  'not_finite',
  'bad_enum_value',
  'text_too_long',
  'bad_json',
  'timestamp_in_future',
  'timestamp_too_old',
  'wrong_tenant',
  'unknown_gateway',
  'oversized',
  'unknown_event',
] as const;

const DEVICE_COLOURS: Record<(typeof DEVICE_STATUSES)[number], string> = {
  active: '#2e9d5b',
  maintenance: '#e6a23c',
  retired: '#8c939d',
};

export function deviceColour(status: string): string {
  return (DEVICE_COLOURS as Record<string, string>)[status] ?? '#5b6b8c';
}

const SEVERITY_TAGS: Record<Severity, 'info' | 'warning' | 'danger' | 'primary'> = {
  info: 'info',
  warning: 'warning',
  alarm: 'danger',
  critical: 'danger',
};

export function severityTag(severity: string): 'info' | 'warning' | 'danger' | 'primary' {
  return (SEVERITY_TAGS as Record<string, 'info' | 'warning' | 'danger' | 'primary'>)[severity] ?? 'info';
}

/** The label of a code under `group` in the catalogues, or the code itself when there is none yet. */
export function codeLabel(group: string, code: string): string {
  const key = `${group}.${code.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return i18n.global.te(key) ? i18n.global.t(key) : code;
}

export const categoryLabel = (code: string) => codeLabel('category', code);
export const sourceLabel = (code: string) => codeLabel('modelSource', code);
export const severityLabel = (code: string) => codeLabel('severity', code);
export const dataTypeLabel = (code: string) => codeLabel('dataType', code);
export const accessLabel = (code: string) => codeLabel('access', code);
export const deviceStatusLabel = (code: string) => codeLabel('deviceStatus', code);
export const reasonLabel = (code: string) => codeLabel('deadLetterReason', code);
export const importFormatLabel = (code: string) => codeLabel('importFormat', code);
