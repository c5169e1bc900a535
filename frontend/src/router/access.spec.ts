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
    expect(soon).toEqual(['flows', 'contractors', 'reports']);
    expect(firstAccessible(menu)).toBe('/dashboard');
  });

  it('lists the device section for device:read, dead letters only with telemetry:read too', () => {
    const engineer = new Set(['site:read', 'zone:read', 'device:read', 'telemetry:read']);
    const menu = names(buildMenu(appRoutes, engineer));
    expect(menu).toEqual(expect.arrayContaining(['devices', 'device-registry', 'thing-models', 'gateways', 'dead-letters']));
    // The editor is reached from the list, not from the navigation.
    expect(menu).not.toContain('thing-model');
    expect(menu).not.toContain('thing-model-new');
    expect(names(buildMenu(appRoutes, new Set(['device:read'])))).not.toContain('dead-letters');
    expect(names(buildMenu(appRoutes, viewer))).not.toContain('devices');
  });

  it('opens the model editor to readers, a new model only to writers', () => {
    const router = createRouter({ history: createMemoryHistory(), routes });
    const reader = new Set(['device:read']);
    const writer = new Set(['device:read', 'device:write']);
    expect(canEnter(router.resolve('/devices/models/0b6a3c1e-0000-4000-8000-000000000000'), reader)).toBe(true);
    expect(canEnter(router.resolve('/devices/models/new'), reader)).toBe(false);
    expect(canEnter(router.resolve('/devices/models/new'), writer)).toBe(true);
    expect(router.resolve('/devices/models/new').name).toBe('thing-model-new');
    expect(canEnter(router.resolve('/devices/dead-letters'), reader)).toBe(false);
  });

  it('lists the alert review pages for alert:read, the detail only as a route', () => {
    const reader = new Set(['alert:read']);
    const menu = names(buildMenu(appRoutes, reader));
    expect(menu).toEqual(expect.arrayContaining(['alerts', 'alerts-mine', 'alert-actions']));
    expect(menu).not.toContain('alert-detail');
    expect(names(buildMenu(appRoutes, viewer))).not.toContain('alerts');
    const router = createRouter({ history: createMemoryHistory(), routes });
    const detail = router.resolve('/alerts/0b6a3c1e-0000-4000-8000-000000000000');
    expect(detail.name).toBe('alert-detail');
    expect(router.resolve('/alerts/actions').name).toBe('alert-actions');
    expect(canEnter(detail, reader)).toBe(true);
    expect(canEnter(detail, viewer)).toBe(false);
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
