// Debian's Chromium driven by playwright-core; no browser download.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { env } from './env.mjs';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 1024, height: 768 },
};

export function launch() {
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    slowMo: env.slowMo,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (own storage) at a viewport, with the UI language preset and, when tokens are
 * given, already signed in (the login screen has its own test).
 */
export async function openContext(browser, { viewport = VIEWPORTS.desktop, locale = 'zh-CN', tokens, siteId } = {}) {
  const context = await browser.newContext({ viewport, locale, baseURL: env.baseUrl });
  await context.addInitScript(
    ({ locale, tokens, siteId }) => {
      if (sessionStorage.getItem('foresight.test.seeded')) return;
      sessionStorage.setItem('foresight.test.seeded', '1');
      localStorage.setItem('foresight.locale', locale);
      if (tokens) {
        localStorage.setItem(
          'foresight.session',
          JSON.stringify({ access_token: tokens.access_token, refresh_token: tokens.refresh_token }),
        );
      }
      if (siteId) localStorage.setItem('foresight.site', siteId);
    },
    { locale, tokens: tokens ?? null, siteId: siteId ?? null },
  );
  context.setDefaultTimeout(15_000);
  return context;
}

/** Waits until no request is in flight and Element Plus loading masks are gone. */
export async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
}

export async function screenshot(page, name) {
  mkdirSync(env.screenshots, { recursive: true });
  // Element Plus fades dialogs, tags and buttons in; wait until nothing is mid-transition.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const file = path.join(env.screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Narrows the sites table (el-input puts the test id on the <input> itself) to rows matching `text` (a database from earlier runs has many sites). */
export async function searchSites(page, text) {
  const done = page.waitForResponse((r) => r.url().includes('/api/v1/sites?') && r.url().includes('q='));
  await page.getByTestId('sites-search').fill(text);
  await page.getByTestId('sites-search').press('Enter');
  await done;
  await settle(page);
}
