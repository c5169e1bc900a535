//! The signed-in caller: tokens, who they are, what they may do.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, tokens, unwrap, setSessionEndedHandler } from '@/api';
import type { Me } from '@/api/types';

const LAST_TENANT_KEY = 'foresight.lastTenant';

export const useAuthStore = defineStore('auth', () => {
  const signedIn = ref(tokens.get() !== null);
  const me = ref<Me | null>(null);
  let loadingMe: Promise<boolean> | null = null;

  const permissions = computed<ReadonlySet<string>>(() => new Set(me.value?.permissions ?? []));
  const can = (permission: string) => permissions.value.has(permission);

  async function login(tenant: string, username: string, password: string): Promise<void> {
    const pair = await unwrap(api.POST('/api/v1/auth/login', { body: { tenant, username, password } }));
    tokens.set(pair);
    signedIn.value = true;
    me.value = null;
    try {
      window.localStorage.setItem(LAST_TENANT_KEY, tenant);
    } catch {
      // Only a convenience for the next login.
    }
    await ensureMe();
  }

  /** Loads GET /me once per session; false when the session is not usable. */
  function ensureMe(): Promise<boolean> {
    if (me.value) return Promise.resolve(true);
    if (!tokens.get()) return Promise.resolve(false);
    loadingMe ??= unwrap(api.GET('/api/v1/me'))
      .then((value) => {
        me.value = value;
        return true;
      })
      .catch(() => false)
      .finally(() => {
        loadingMe = null;
      });
    return loadingMe;
  }

  /** Forgets the session locally; the server side is revoked by `logout`. */
  function forget(): void {
    tokens.clear();
    signedIn.value = false;
    me.value = null;
  }

  async function logout(): Promise<void> {
    const current = tokens.get();
    if (current) {
      // Best effort: the local session ends whatever the server answers.
      await api.POST('/api/v1/auth/logout', { body: { refresh_token: current.refresh_token } }).catch(() => undefined);
    }
    forget();
  }

  function lastTenant(): string {
    try {
      return window.localStorage.getItem(LAST_TENANT_KEY) ?? '';
    } catch {
      return '';
    }
  }

  return { signedIn, me, permissions, can, login, ensureMe, logout, forget, lastTenant };
});

/** Wires the request layer's "session ended" signal to the store and the login page. */
export function handleSessionEnd(onEnded: () => void): void {
  setSessionEndedHandler(() => {
    useAuthStore().forget();
    onEnded();
  });
}
