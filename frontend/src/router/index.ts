//! The router and its guard: signed-out callers go to the login page, callers without the permission a
//! screen needs go to the 403 page.
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { routes } from './routes';
import { canEnter } from './access';
import { useAuthStore } from '@/stores/auth';
import { t } from '@/i18n';

export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    if (to.meta.public) {
      if (to.name === 'login' && auth.signedIn) {
        const loaded = await auth.ensureMe();
        if (loaded) return { path: '/' };
      }
      return true;
    }
    if (!auth.signedIn || !(await auth.ensureMe())) {
      return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    }
    if (!canEnter(to, auth.permissions)) {
      return { name: 'forbidden', query: { from: to.fullPath } };
    }
    return true;
  });
  router.afterEach((to) => {
    const title = to.meta.titleKey ? t(to.meta.titleKey) : '';
    document.title = title ? `${title} · Foresight` : 'Foresight';
  });
}

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes });
  installGuards(router);
  return router;
}
