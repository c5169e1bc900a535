//! Turns openapi-fetch's `{data, error, response}` into a value or a thrown ApiError.
import { ApiError, toApiError } from './problem';

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export async function unwrap<T>(pending: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch {
    throw new ApiError(0, null);
  }
  if (!outcome.response.ok) throw toApiError(outcome.response.status, outcome.error);
  return outcome.data as T;
}

/** The `If-Match` value for a resource at `version` (the server's ETag is the quoted version). */
export function ifMatch(version: number): string {
  return `"${version}"`;
}
