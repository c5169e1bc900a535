//! Where the token pair lives between page loads. The refresh token rotates on every use.
export interface Tokens {
  access_token: string;
  refresh_token: string;
}

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens): void;
  clear(): void;
}

const KEY = 'foresight.session';

/** Keeps the pair in memory and mirrors it to localStorage so a reload stays signed in. */
export function browserTokenStore(storage: Storage = window.localStorage): TokenStore {
  let cached: Tokens | null | undefined;
  return {
    get() {
      if (cached === undefined) {
        try {
          const raw = storage.getItem(KEY);
          const parsed = raw ? (JSON.parse(raw) as Partial<Tokens>) : null;
          cached =
            parsed && typeof parsed.access_token === 'string' && typeof parsed.refresh_token === 'string'
              ? { access_token: parsed.access_token, refresh_token: parsed.refresh_token }
              : null;
        } catch {
          cached = null;
        }
      }
      return cached;
    },
    set(tokens) {
      cached = { access_token: tokens.access_token, refresh_token: tokens.refresh_token };
      storage.setItem(KEY, JSON.stringify(cached));
    },
    clear() {
      cached = null;
      storage.removeItem(KEY);
    },
  };
}
