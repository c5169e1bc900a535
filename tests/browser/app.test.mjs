// Browser tests of the web app against a running server: what a safety manager and a viewer do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, request } from './lib/api.mjs';
import { launch, openContext, searchSites, settle } from './lib/browser.mjs';
import { env, runId } from './lib/env.mjs';
import { sitePlanPng } from './lib/png.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A signed-in page for the admin, with its own token family. */
async function adminPage(options = {}) {
  const api = await Api.login();
  const context = await openContext(browser, { ...options, tokens: api.tokens });
  const page = await context.newPage();
  return { api, context, page };
}

/** A site with a plan, made through the API. */
async function siteWithPlan(api, label) {
  const site = await api.createSite(`${label} ${runId}`, `${label.toLowerCase()}-${runId}`);
  await api.uploadPlan(site.site_id, sitePlanPng());
  return site;
}

describe('web app', () => {
  test('a person logs in with tenant, username and password and lands on the overview', async () => {
    const context = await openContext(browser, { locale: 'en' });
    const page = await context.newPage();
    await page.goto('/admin/sites');
    await page.waitForURL(/\/login\?redirect=/);

    await page.locator('input[name=tenant]').fill(env.tenant);
    await page.locator('input[name=username]').fill(env.adminUser);
    await page.locator('input[name=password]').fill(`${env.adminPassword}-wrong`);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    const refusal = await page.getByTestId('login-error').innerText();
    assert.ok(refusal.trim().length > 0 && !refusal.includes('{'), `a readable refusal, got ${refusal}`);

    await page.locator('input[name=password]').fill(env.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/admin\/sites$/);
    await page.getByTestId('sites-table').waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await page.goto('/dashboard');
    await page.waitForURL(/\/login/);
    await context.close();
  });

  test('an administrator creates a site', async () => {
    const { context, page, api } = await adminPage({ locale: 'en' });
    const name = `Plant ${runId}`;
    await page.goto('/admin/sites');
    await settle(page);
    await page.getByTestId('site-create').click();
    const dialog = page.getByTestId('site-dialog');
    await dialog.locator('input[name=name]').fill(name);
    await dialog.locator('input[name=code]').fill(`plant-${runId}`);
    await dialog.getByTestId('site-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await searchSites(page, runId);
    await page.getByTestId('sites-table').getByText(name).waitFor();

    const listed = await api.call('GET', `/api/v1/sites?q=${encodeURIComponent(runId)}`);
    assert.ok(listed.items.some((s) => s.name === name), 'the server has the new site');
    await context.close();
  });

  test('an invalid form shows the error on the field', async () => {
    const { context, page, api } = await adminPage({ locale: 'en' });
    const taken = await api.createSite(`Taken ${runId}`, `taken-${runId}`);
    await page.goto('/admin/sites');
    await settle(page);
    await page.getByTestId('site-create').click();
    const dialog = page.getByTestId('site-dialog');

    // Checked in the browser: a required field left empty.
    await dialog.getByTestId('site-save').click();
    await dialog.locator('.el-form-item.is-error input[name=name]').waitFor();

    // Checked by the server: the code is already used; its problem document names the field.
    await dialog.locator('input[name=name]').fill(`Duplicate ${runId}`);
    await dialog.locator('input[name=code]').fill(taken.code);
    await dialog.getByTestId('site-save').click();
    const codeItem = dialog.locator('.el-form-item.is-error', { has: page.locator('input[name=code]') });
    await codeItem.waitFor();
    const message = await codeItem.locator('.el-form-item__error').innerText();
    assert.ok(message.trim().length > 0 && !message.includes('{'), `a readable field error, got ${message}`);
    await context.close();
  });

  test('a zone drawn on the plan is there after a reload', async () => {
    const api = await Api.login();
    const site = await siteWithPlan(api, 'Zones');
    const context = await openContext(browser, { locale: 'en', tokens: api.tokens, siteId: site.site_id });
    const page = await context.newPage();
    await page.goto('/admin/zones');
    await settle(page);

    const svg = page.getByTestId('plan-svg');
    await svg.waitFor();
    await page.getByTestId('zone-draw').click();
    const box = await svg.boundingBox();
    // Plan pixels → screen: the plan is drawn scaled to the SVG's width.
    const scale = box.width / 1200;
    const at = (x, y) => ({ x: box.x + x * scale, y: box.y + y * scale });
    for (const [x, y] of [
      [420, 80],
      [600, 80],
      [600, 340],
      [420, 340],
    ]) {
      const p = at(x, y);
      await page.mouse.click(p.x, p.y);
    }
    await page.getByTestId('draft-first-vertex').click();
    const dialog = page.getByTestId('zone-dialog');
    const zoneName = `Tank farm ${runId}`;
    await dialog.locator('input[name=name]').fill(zoneName);
    await dialog.locator('input[name=code]').fill(`tf-${runId}`);
    await dialog.getByTestId('zone-save').click();
    await dialog.waitFor({ state: 'hidden' });

    await page.reload();
    await settle(page);
    await page.locator(`[data-testid=zone-polygon][data-zone-name="${zoneName}"]`).waitFor();
    await page.getByTestId('zone-list').getByText(zoneName).waitFor();

    const [zone] = (await api.zones(site.site_id)).filter((z) => z.name === zoneName);
    assert.ok(zone, 'the server has the zone');
    assert.equal(zone.polygon.length, 4);
    for (const [[x, y], [ex, ey]] of zone.polygon.map((p, i) => [p, [[420, 80], [600, 80], [600, 340], [420, 340]][i]])) {
      assert.ok(Math.abs(x - ex) <= 2 && Math.abs(y - ey) <= 2, `vertex (${x}, ${y}) near (${ex}, ${ey})`);
    }
    await context.close();
  });

  test('the plan scale is set by clicking two points and typing their distance', async () => {
    const api = await Api.login();
    const site = await siteWithPlan(api, 'Scale');
    const context = await openContext(browser, { locale: 'en', tokens: api.tokens });
    const page = await context.newPage();
    await page.goto('/admin/sites');
    await settle(page);
    await searchSites(page, site.code);
    await page.getByTestId('sites-table').locator('tr', { hasText: site.name }).getByTestId('site-plan').click();
    const dialog = page.getByTestId('plan-dialog');
    const svg = dialog.getByTestId('plan-svg');
    await svg.waitFor();
    await dialog.getByTestId('scale-measure').click();
    const box = await svg.boundingBox();
    const scale = box.width / 1200;
    // Two points 400 plan pixels apart along the road, said to be 100 m apart: 0.25 m/px.
    await page.mouse.click(box.x + 100 * scale, box.y + 300 * scale);
    await page.mouse.click(box.x + 500 * scale, box.y + 300 * scale);
    await dialog.getByTestId('scale-metres').locator('input').fill('100');
    await dialog.getByTestId('scale-save').click();
    await dialog.getByTestId('plan-scale').waitFor();

    const saved = await api.call('GET', `/api/v1/sites/${site.site_id}`);
    assert.ok(Math.abs(saved.plan_scale_m_per_px - 0.25) < 0.01, `scale ${saved.plan_scale_m_per_px} is about 0.25 m/px`);
    await context.close();
  });

  test('a viewer does not see administration pages and a direct URL is refused', async () => {
    const admin = await Api.login();
    const username = `viewer-${runId}`;
    const password = `Viewer-${runId}-pass-long`;
    await admin.createUser(username, password, process.env.FORESIGHT_VIEWER_ROLE ?? 'viewer');
    const viewer = await Api.login(username, password);

    const context = await openContext(browser, { locale: 'en', tokens: viewer.tokens });
    const page = await context.newPage();
    await page.goto('/dashboard');
    await page.getByTestId('side-nav').waitFor();
    for (const hidden of ['nav-users', 'nav-api-keys', 'nav-audit']) {
      assert.equal(await page.getByTestId(hidden).count(), 0, `${hidden} is not shown to a viewer`);
    }
    assert.equal(await page.getByTestId('nav-dashboard').count(), 1);

    for (const path of ['/admin/users', '/admin/audit', '/admin/api-keys']) {
      await page.goto(path);
      await page.waitForURL(/\/403/);
      await page.getByTestId('forbidden').waitFor();
    }
    // The server refuses the same things on its own.
    await request('GET', '/api/v1/users', { token: viewer.tokens.access_token, expect: 403 });
    await request('GET', '/api/v1/audit-events', { token: viewer.tokens.access_token, expect: 403 });
    await context.close();
  });

  test('the language switches between Chinese and English and stays switched', async () => {
    const { context, page } = await adminPage({ locale: 'zh-CN' });
    await page.goto('/admin/sites');
    await settle(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByTestId('nav-sites').getByText('厂区').waitFor();

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-sites').getByText('Sites').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    // The choice survives a reload, and requests ask the server for English problem texts.
    const english = page.waitForRequest((r) => r.url().includes('/api/v1/sites'));
    await page.reload();
    assert.match((await english).headers()['accept-language'] ?? '', /^en/);
    await settle(page);
    await page.getByTestId('nav-sites').getByText('Sites').waitFor();

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('nav-sites').getByText('厂区').waitFor();
    const chinese = page.waitForRequest((r) => r.url().includes('/api/v1/sites'));
    await page.reload();
    assert.match((await chinese).headers()['accept-language'] ?? '', /^zh/);
    await context.close();
  });

  test('verifying the audit chain says it is intact', async () => {
    const { context, page } = await adminPage({ locale: 'en' });
    await page.goto('/admin/audit');
    await settle(page);
    await page.getByTestId('audit-verify').click();
    const verdict = page.getByTestId('audit-verdict');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-intact'), 'true');
    assert.match(await verdict.innerText(), /intact/i);
    await context.close();
  });
});
