//! RFC 9457 problem documents from the server, turned into one error type the screens can show.
import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export type FieldError = NonNullable<Problem['errors']>[number];

/** Every failed API call surfaces as this; `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback = '') {
    super(problem?.detail || problem?.title || fallback || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  get requestId(): string | undefined {
    return this.problem?.request_id ?? undefined;
  }
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.status === 'number' && typeof v.title === 'string';
}

/** Builds the error for a non-2xx answer whose body openapi-fetch has already parsed (JSON or text). */
export function toApiError(status: number, body: unknown): ApiError {
  return new ApiError(status, isProblem(body) ? body : null);
}

/** Translates a message key; injected so this module stays free of the i18n instance. */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * The sentence a person reads for a failed call. The server's `detail` is already in the UI language
 * (we send Accept-Language); without one we fall back to our own words for the status.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    const p = error.problem;
    let text = p?.detail || p?.title || t(statusKey(error.status));
    if (!p?.detail && p?.errors?.length) {
      text = p.errors.map((e) => e.message).join('; ');
    }
    if (error.status >= 500 && error.requestId) {
      text = t('errors.withRequestId', { message: text, id: error.requestId });
    }
    return text;
  }
  return t('errors.unexpected');
}

function statusKey(status: number): string {
  const known = [400, 401, 403, 404, 409, 412, 413, 422, 428, 429];
  if (known.includes(status)) return `errors.status.${status}`;
  return status >= 500 ? 'errors.status.5xx' : 'errors.unexpected';
}

/**
 * Field errors keyed by the form item they belong to: `polygon[3]`, `/polygon/3` and `polygon.3` all land
 * on `polygon`. Several messages for one field are joined.
 */
export function fieldErrorMap(errors: readonly FieldError[], keyOf: (field: string) => string = topLevelField): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = keyOf(e.field);
    out[key] = out[key] ? `${out[key]}; ${e.message}` : e.message;
  }
  return out;
}

export function topLevelField(field: string): string {
  const trimmed = field.replace(/^[/$.]+/, '');
  const first = trimmed.split(/[./[]/)[0];
  return first || field;
}
