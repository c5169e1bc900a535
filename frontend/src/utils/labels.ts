//! Display names for stable codes (roles, permissions): our catalogue first, then the server's name, then
//! the code itself, which is what a newer server may send before the catalogue knows it.
import { i18n } from '@/i18n';

function translated(key: string): string | null {
  return i18n.global.te(key) ? i18n.global.t(key) : null;
}

export function roleLabel(code: string, roles: readonly { role: string; name?: string }[] = []): string {
  return translated(`roleNames.${code}`) ?? roles.find((r) => r.role === code)?.name ?? code;
}

export function permissionLabel(code: string): string {
  return translated(`permissionNames.${code.replace(/[^a-zA-Z0-9]/g, '_')}`) ?? code;
}

/** Audit actions such as `zone.update`; unknown (newer) actions show their code. */
export function actionLabel(code: string): string {
  return translated(`actionNames.${code.replace(/[^a-zA-Z0-9]/g, '_')}`) ?? code;
}
