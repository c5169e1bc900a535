//! Values as a person reads them: a reading through its property's data type (decimals, unit, enum and
//! boolean labels in the UI language), a gateway's clock offset and whether it is reporting.
import type { DataTypeForm } from './definition';

export type Lang = 'zh-CN' | 'en';

export interface ReadingValue {
  value?: number | null;
  text_value?: string | null;
}

function withUnit(text: string, unit: string): string {
  return unit ? `${text} ${unit}` : text;
}

/** The reading as shown; `''` when there is none. Unknown properties show the raw value. */
export function formatReading(reading: ReadingValue, dt: DataTypeForm | undefined, lang: Lang): string {
  const v = reading.value;
  if (!dt) return v != null ? String(v) : (reading.text_value ?? '');
  const en = lang === 'en';
  switch (dt.type) {
    case 'float':
      return v == null ? '' : withUnit(v.toFixed(Math.min(Math.max(dt.precision, 0), 10)), dt.unit);
    case 'int':
      return v == null ? '' : withUnit(String(Math.round(v)), dt.unit);
    case 'bool':
      if (v == null) return '';
      return v !== 0 ? (en ? dt.true_label_en : dt.true_label) || '1' : (en ? dt.false_label_en : dt.false_label) || '0';
    case 'enum': {
      if (v == null) return '';
      const row = dt.values.find((e) => e.value === v);
      return row ? (en ? row.label_en : row.label) || String(v) : String(v);
    }
    case 'text':
      return reading.text_value ?? (v != null ? String(v) : '');
  }
}

/** A clock offset in milliseconds, signed, in the largest unit that keeps it short. */
export function formatOffset(ms: number): string {
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${abs} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  if (abs < 3_600_000) return `${sign}${(abs / 60_000).toFixed(1)} min`;
  return `${sign}${(abs / 3_600_000).toFixed(1)} h`;
}

/** A gateway is online when it delivered within this long. */
export const ONLINE_WITHIN_MS = 5 * 60_000;
/** A clock further off than this is worth a look (readings are still aligned). */
export const OFFSET_WARNING_MS = 2_000;

export type GatewayState = 'online' | 'silent' | 'never';

export function gatewayState(lastSeenAt: string | null | undefined, now: number = Date.now()): GatewayState {
  if (!lastSeenAt) return 'never';
  const seen = Date.parse(lastSeenAt);
  if (Number.isNaN(seen)) return 'never';
  return now - seen <= ONLINE_WITHIN_MS ? 'online' : 'silent';
}
