import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { buildMenu, canEnter, filterRoutes, firstAccessible, hasPermissions } from './access';
import { appRoutes, routes } from './routes';

const admin = new Set([
  'site:read',
  'site:write',
  'zone:read',
  'zone:write',
  'user:read',
  'user:write',
  'api_key:manage',
  'audit:read',
  'tenant:admin',
]);
const viewer = new Set(['site:read', 'zone:read']);
const nobody = new Set<string>();

const names = (items: ReturnType<typeof buildMenu>): string[] =>
  items.flatMap((i) => [i.key, ...(i.children ? names(i.children) : [])]);

describe('permission-driven routes', () => {
  it('requires every listed permission', () => {
    expect(hasPermissions(viewer, ['site:read', 'zone:read'])).toBe(true);
    expect(hasPermissions(viewer, ['site:read', 'zone:write'])).toBe(false);
    expect(hasPermissions(nobody, undefined)).toBe(true);
  });

  it('gives an administrator every administration page', () => {
    const menu = names(buildMenu(appRoutes, admin));
    expect(menu).toEqual(expect.arrayContaining(['dashboard', 'admin', 'sites', 'zones', 'users', 'api-keys', 'audit']));
  });

  it('hides pages a viewer may not use', () => {
    const menu = names(buildMenu(appRoutes, viewer));
    expect(menu).toEqual(expect.arrayContaining(['dashboard', 'sites', 'zones']));
    expect(menu).not.toContain('users');
    expect(menu).not.toContain('api-keys');
    expect(menu).not.toContain('audit');
  });

  it('drops a section whose children are all forbidden', () => {
    const kept = filterRoutes(appRoutes, nobody).map((r) => r.name);
    expect(kept).toContain('dashboard');
    expect(kept).not.toContain('admin');
  });

  it('shows later capabilities disabled, to everyone', () => {
    const menu = buildMenu(appRoutes, nobody);
    const soon = menu.filter((i) => i.disabled).map((i) => i.key);
    expect(soon).toEqual(['alerts', 'flows', 'contractors', 'devices', 'reports']);
    expect(firstAccessible(menu)).toBe('/dashboard');
  });

  it('refuses a direct URL to a page the caller may not use', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes });
    const users = router.resolve('/admin/users');
    expect(canEnter(users, admin)).toBe(true);
    expect(canEnter(users, viewer)).toBe(false);
    expect(canEnter(router.resolve('/admin/zones'), new Set(['zone:read']))).toBe(false);
    expect(canEnter(router.resolve('/dashboard'), nobody)).toBe(true);
  });
});
