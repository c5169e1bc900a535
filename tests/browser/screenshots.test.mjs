// Screenshots of each main screen in both languages at desktop (1280×800) and tablet (1024×768) size,
// saved under tests/browser/screenshots/ for people to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Api } from './lib/api.mjs';
import { VIEWPORTS, launch, openContext, screenshot, searchSites, settle } from './lib/browser.mjs';
import { env, runId } from './lib/env.mjs';
import { sitePlanPng } from './lib/png.mjs';
import { seedDevices } from './lib/devices.mjs';

const SCREENS = [
  { name: 'dashboard', path: '/dashboard' },
  { name: 'sites', path: '/admin/sites' },
  { name: 'zones', path: '/admin/zones' },
  { name: 'users', path: '/admin/users' },
  { name: 'api-keys', path: '/admin/api-keys' },
  { name: 'audit', path: '/admin/audit' },
  { name: 'forbidden', path: '/403' },
  { name: 'thing-models', path: '/devices/models' },
  { name: 'gateways', path: '/devices/gateways' },
  { name: 'devices', path: '/devices/registry' },
  { name: 'devices-plan', path: '/devices/registry?view=plan', plan: true },
  { name: 'dead-letters', path: '/devices/dead-letters' },
  { name: 'hazards', path: '/risk/hazards' },
  { name: 'expert-rules', path: '/risk/expert-rules' },
  { name: 'risk-factors', path: '/risk/risk-factors' },
];

let browser;
let site;
let seeded;
before(async () => {
  browser = await launch();
  // A site with a plan and zones, so the plan screens show something.
  const api = await Api.login();
  site = await api.createSite(`Screens ${runId}`, `screens-${runId}`);
  await api.uploadPlan(site.site_id, sitePlanPng());
  await api.patch(`/api/v1/sites/${site.site_id}`, { plan_scale_m_per_px: 0.25 });
  const zones = [
    ['Reactor A', 'ra', 'reactor_unit', [[80, 80], [340, 80], [340, 240], [80, 240]]],
    ['Tank farm', 'tf', 'tank_farm', [[420, 80], [600, 80], [600, 340], [420, 340]]],
    ['Warehouse', 'wh', 'warehouse', [[800, 330], [1080, 330], [1080, 660], [800, 660]]],
  ];
  for (const [name, code, kind, polygon] of zones) {
    await api.call('POST', '/api/v1/zones', { body: { site_id: site.site_id, name: `${name} ${runId}`, code: `${code}-${runId}`, kind, description: '', polygon } });
  }
  // Thing models, a gateway, devices on the plan with six hours of readings, and a few refused ones.
  seeded = await seedDevices(api, site, runId);
});
after(async () => {
  await browser?.close();
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const locale of ['zh-CN', 'en']) {
    test(`screens at ${size} (${viewport.width}×${viewport.height}) in ${locale}`, async () => {
      const loginContext = await openContext(browser, { viewport, locale });
      const loginPage = await loginContext.newPage();
      await loginPage.goto('/login');
      await settle(loginPage);
      assert.ok(existsSync(await screenshot(loginPage, `login-${locale}-${size}`)));
      await loginContext.close();

      const api = await Api.login();
      const context = await openContext(browser, { viewport, locale, tokens: api.tokens, siteId: site.site_id });
      const page = await context.newPage();
      for (const screen of SCREENS) {
        await page.goto(screen.path);
        await settle(page);
        if (screen.name === 'zones' || screen.name === 'dashboard' || screen.plan) await page.getByTestId('plan-svg').waitFor();
        // Nothing may overflow the window sideways at this size.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${screen.name} overflows by ${overflow}px at ${size}`);
        assert.ok(existsSync(await screenshot(page, `${screen.name}-${locale}-${size}`)));
      }

      // Dialogs worth a look: the plan and scale editor, and a zone being drawn.
      await page.goto('/admin/sites');
      await settle(page);
      await searchSites(page, site.code);
      await page.getByTestId('sites-table').locator('tr', { hasText: site.name }).getByTestId('site-plan').click();
      await page.getByTestId('plan-dialog').getByTestId('plan-svg').waitFor();
      await page.getByTestId('scale-measure').click();
      await screenshot(page, `site-plan-${locale}-${size}`);

      await page.goto('/admin/zones');
      await settle(page);
      await page.getByTestId('zone-draw').click();
      const svg = page.getByTestId('plan-svg');
      const box = await svg.boundingBox();
      const scale = box.width / 1200;
      for (const [x, y] of [[90, 360], [270, 360], [270, 640]]) {
        await page.mouse.click(box.x + x * scale, box.y + y * scale);
      }
      await screenshot(page, `zone-drawing-${locale}-${size}`);

      await page.goto('/admin/users');
      await settle(page);
      await page.getByTestId('users-table').locator('tr', { hasText: env.adminUser }).getByTestId('user-roles').click();
      await page.getByTestId('roles-drawer').locator('.el-table__row').first().waitFor();
      await screenshot(page, `user-roles-${locale}-${size}`);

      await page.goto('/admin/api-keys');
      await settle(page);
      await page.getByTestId('api-key-create').click();
      const keyDialog = page.getByTestId('api-key-dialog');
      await keyDialog.locator('input[name=name]').fill(`MES ${runId} ${locale} ${size}`);
      await keyDialog.locator('.el-checkbox').first().click();
      await keyDialog.getByTestId('api-key-save').click();
      const secret = page.getByTestId('api-key-secret');
      await secret.waitFor();
      assert.match(await secret.locator('input').inputValue(), /\S{16,}/, 'the new key is shown once');
      await screenshot(page, `api-key-secret-${locale}-${size}`);

      // Device registry: the preset picker, the model editor (and a server error placed on its row),
      // importing, a new gateway's one-time token, the device form with its plan, the device drawer.
      await page.goto('/devices/models');
      await settle(page);
      await page.getByTestId('model-from-preset').click();
      await page.getByTestId('preset-card').first().waitFor();
      await settle(page);
      await screenshot(page, `preset-picker-${locale}-${size}`);

      await page.goto(`/devices/models/${seeded.models.gas.thing_model_id}`);
      await settle(page);
      await page.getByTestId('property-row').first().waitFor();
      await screenshot(page, `model-editor-${locale}-${size}`);
      const min = page.locator('[data-path="properties[0].data_type.min"] input');
      await min.fill('5000');
      await min.press('Tab');
      await page.getByTestId('editor-save').click();
      await page.locator('.el-form-item.is-error[data-path="properties[0].data_type.max"]').waitFor();
      await page.evaluate(() => document.querySelector('[data-testid=property-row]')?.scrollIntoView({ block: 'center' }));
      await screenshot(page, `model-editor-error-${locale}-${size}`);

      await page.goto('/devices/models');
      await settle(page);
      await page.getByTestId('model-import').click();
      const tsl = await api.call('GET', `/api/v1/thing-models/${seeded.models.temp.thing_model_id}/export?format=tsl`);
      await page.getByTestId('import-text').fill(JSON.stringify(tsl, null, 2));
      await screenshot(page, `model-import-${locale}-${size}`);

      await page.goto('/devices/gateways');
      await settle(page);
      await page.getByTestId('gateway-create').click();
      const gatewayDialog = page.getByTestId('gateway-dialog');
      await gatewayDialog.locator('input[name=name]').fill(`Gateway ${locale} ${size}`);
      await gatewayDialog.locator('input[name=code]').fill(`GW-${runId}-${locale}-${size}`);
      await gatewayDialog.getByTestId('gateway-save').click();
      const gatewaySecret = page.getByTestId('secret-dialog');
      await gatewaySecret.waitFor();
      assert.match(await gatewaySecret.getByTestId('secret-value').inputValue(), /^fgw_/, 'the gateway token is shown once');
      await screenshot(page, `gateway-secret-${locale}-${size}`);

      await page.goto('/devices/registry');
      await settle(page);
      await page.getByTestId('device-create').click();
      const deviceDialog = page.getByTestId('device-dialog');
      await deviceDialog.locator('input[name=name]').fill(`Detector ${runId}`);
      const devicePlan = deviceDialog.getByTestId('plan-svg');
      await devicePlan.waitFor();
      const planBox = await devicePlan.boundingBox();
      await page.mouse.click(planBox.x + 500 * (planBox.width / 1200), planBox.y + 200 * (planBox.width / 1200));
      await deviceDialog.getByTestId('device-position').waitFor();
      await screenshot(page, `device-form-${locale}-${size}`);

      await page.goto('/devices/registry');
      await settle(page);
      await page.getByTestId('devices-table').getByText(seeded.devices[0].name).click();
      const drawer = page.getByTestId('device-drawer');
      await drawer.getByTestId('trend-chart').waitFor();
      await drawer.locator('[data-property=nh3]').waitFor();
      await settle(page);
      await screenshot(page, `device-drawer-${locale}-${size}`);
      await context.close();
    });
  }
}
