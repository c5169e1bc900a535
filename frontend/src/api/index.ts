//! The app's API client: the request layer wired to browser storage and the current UI language.
import { createRequestLayer } from './request';
import { browserTokenStore } from './session';
import { acceptLanguage } from '@/i18n';

export const tokens = browserTokenStore();

let sessionEndedHandler: () => void = () => {};

/** The auth store registers what happens when a session cannot be renewed. */
export function setSessionEndedHandler(handler: () => void): void {
  sessionEndedHandler = handler;
}

export const api = createRequestLayer({
  baseUrl: window.location.origin,
  tokens,
  acceptLanguage,
  onSessionEnded: () => sessionEndedHandler(),
}).client;

export { unwrap, ifMatch } from './call';
export { ApiError, errorMessage, fieldErrorMap } from './problem';
export type { components } from './schema';
