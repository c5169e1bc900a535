//! Permission-driven routing: which screens a caller may open and what the navigation lists
//! (after vue-vben-admin's router/access.ts, with the permission table in routes.ts).
import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router';
import type { Permission } from './routes';

export type PermissionSet = ReadonlySet<string>;

export function hasPermissions(granted: PermissionSet, required: readonly Permission[] | undefined): boolean {
  return (required ?? []).every((p) => granted.has(p));
}

/** Whether every matched record of a resolved route (parents included) allows the caller in. */
export function canEnter(route: Pick<RouteLocationNormalized, 'matched'>, granted: PermissionSet): boolean {
  return route.matched.every((r) => hasPermissions(granted, r.meta.permissions));
}

/**
 * The routes the caller may use: records whose permissions are all granted, parents kept only while some
 * child survives. Coming-soon entries are kept (they are shown, disabled, to everyone).
 */
export function filterRoutes(records: readonly RouteRecordRaw[], granted: PermissionSet): RouteRecordRaw[] {
  const out: RouteRecordRaw[] = [];
  for (const r of records) {
    if (!hasPermissions(granted, r.meta?.permissions)) continue;
    if (r.children?.length) {
      const children = filterRoutes(r.children, granted);
      if (children.length === 0) continue;
      out.push({ ...r, children } as RouteRecordRaw);
    } else {
      out.push(r);
    }
  }
  return out;
}

export interface MenuItem {
  /** Route name, or the joined path for entries without one. */
  key: string;
  path: string;
  titleKey: string;
  icon?: string;
  disabled: boolean;
  children?: MenuItem[];
}

/** The side navigation for a permission set. */
export function buildMenu(records: readonly RouteRecordRaw[], granted: PermissionSet, base = '/'): MenuItem[] {
  return filterRoutes(records, granted)
    .filter((r) => !r.meta?.hideInMenu && r.meta?.titleKey)
    .map((r) => {
      const path = joinPath(base, r.path);
      const item: MenuItem = {
        key: typeof r.name === 'string' ? r.name : path,
        path,
        titleKey: r.meta!.titleKey!,
        icon: r.meta?.icon,
        disabled: Boolean(r.meta?.comingSoon),
      };
      if (r.children?.length) item.children = buildMenu(r.children, granted, path);
      return item;
    });
}

/** The first screen the caller may open, for the landing redirect. */
export function firstAccessible(menu: readonly MenuItem[]): string | null {
  for (const item of menu) {
    if (item.disabled) continue;
    if (item.children?.length) {
      const inner = firstAccessible(item.children);
      if (inner) return inner;
    } else {
      return item.path;
    }
  }
  return null;
}

function joinPath(base: string, path: string): string {
  if (path.startsWith('/')) return path;
  return `${base.replace(/\/$/, '')}/${path}`;
}
