// Browser tests of the web app against a running server: what a safety manager and a viewer do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ingest, request } from './lib/api.mjs';
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

    assert.equal(await page.getByTestId('nav-device-registry').count(), 0, 'no device registry for a viewer');
    for (const path of ['/admin/users', '/admin/audit', '/admin/api-keys', '/devices/registry', '/devices/dead-letters']) {
      await page.goto(path);
      await page.waitForURL(/\/403/);
      await page.getByTestId('forbidden').waitFor();
    }
    // The server refuses the same things on its own.
    await request('GET', '/api/v1/users', { token: viewer.tokens.access_token, expect: 403 });
    await request('GET', '/api/v1/audit-events', { token: viewer.tokens.access_token, expect: 403 });
    await request('GET', '/api/v1/devices', { token: viewer.tokens.access_token, expect: 403 });
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

  test('a thing model made from a preset shows the server’s error on the row it belongs to, then saves', async () => {
    const { context, page, api } = await adminPage({ locale: 'en' });
    const identifier = `nh3_ui_${runId}`;
    await page.goto('/devices/models');
    await settle(page);
    await page.getByTestId('model-from-preset').click();
    const picker = page.getByTestId('preset-dialog');
    await picker.getByTestId('preset-search').fill('ammonia');
    await picker.locator('[data-testid=preset-card][data-preset=gas_detector_nh3]').getByTestId('preset-edit').click();
    await page.waitForURL(/\/devices\/models\/new\?preset=gas_detector_nh3/);
    await settle(page);

    const form = page.getByTestId('model-form');
    await form.locator('input[name=identifier]').fill(identifier);
    // The first property is the ammonia concentration, 0 to 1000 ppm: a minimum above the maximum.
    const rows = form.getByTestId('property-row');
    assert.ok((await rows.count()) >= 2, 'the preset’s properties are rows of the form');
    const min = form.locator('[data-path="properties[0].data_type.min"] input');
    await min.fill('2000');
    await min.press('Tab');
    await page.getByTestId('editor-save').click();
    const maxItem = form.locator('.el-form-item.is-error[data-path="properties[0].data_type.max"]');
    await maxItem.waitFor();
    const message = await maxItem.locator('.el-form-item__error').innerText();
    assert.ok(message.trim().length > 0 && !message.includes('{'), `a readable message on that row's max, got ${message}`);
    assert.equal(await form.locator('.el-form-item.is-error').count(), 1, 'only that input is marked');
    await page.getByTestId('editor-problems').waitFor();

    await min.fill('0');
    await min.press('Tab');
    await page.getByTestId('editor-save').click();
    await page.waitForURL(/\/devices\/models\/[0-9a-f-]{36}$/);
    const saved = (await api.call('GET', `/api/v1/thing-models?q=${identifier}`)).items;
    assert.equal(saved.length, 1, 'the server has the model');
    assert.equal(saved[0].source, 'preset');
    assert.equal(saved[0].revision, 1);

    // A change is saved as the next revision.
    await settle(page);
    await form.locator('input[name=name_en]').fill(`Ammonia detector ${runId}`);
    const firstRevision = page.url();
    await page.getByTestId('editor-save').click();
    await page.waitForURL((u) => u.href !== firstRevision && /\/devices\/models\/[0-9a-f-]{36}$/.test(u.pathname));
    const revised = (await api.call('GET', `/api/v1/thing-models?q=${identifier}`)).items;
    assert.equal(revised[0].revision, 2, 'a change is saved as the next revision');
    await page.goto('/devices/models');
    await settle(page);
    await page.getByTestId('models-search').fill(identifier);
    await page.getByTestId('models-search').press('Enter');
    await page.getByTestId('models-table').getByText(identifier).waitFor();
    await context.close();
  });

  test('a thing model built from scratch in forms, with every data type, an event and a command, is stored as typed', async () => {
    const { context, page, api } = await adminPage({ locale: 'en' });
    const identifier = `scratch_${runId}`;
    await page.goto('/devices/models/new');
    await settle(page);
    const form = page.getByTestId('model-form');
    const at = (path) => form.locator(`[data-path="${path}"] input`);
    // Element Plus fades a closed dropdown out: wait until none is showing before opening the next.
    const noDropdown = () =>
      page.waitForFunction(() => [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none'));
    const choose = async (select, option) => {
      await noDropdown();
      await select.click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${option}$`) }).click();
      await noDropdown();
    };
    const fillNumber = async (path, value) => {
      await at(path).fill(String(value));
      await at(path).press('Tab');
    };
    const named = async (prefix, id, zh, en) => {
      await at(`${prefix}.identifier`).fill(id);
      await at(`${prefix}.name`).fill(zh);
      await at(`${prefix}.name_en`).fill(en);
    };

    await form.locator('input[name=identifier]').fill(identifier);
    await form.locator('input[name=name]').fill('测试设备');
    await form.locator('input[name=name_en]').fill('Test device');

    await named('properties[0]', 'temp', '温度', 'Temperature');
    await fillNumber('properties[0].data_type.min', -40);
    await fillNumber('properties[0].data_type.max', 125);
    await at('properties[0].data_type.unit').fill('°C');

    await page.getByTestId('property-add').click();
    await named('properties[1]', 'valve', '阀门', 'Valve');
    await choose(form.getByTestId('property-type').nth(1), 'Boolean');

    await page.getByTestId('property-add').click();
    await named('properties[2]', 'mode', '模式', 'Mode');
    await choose(form.getByTestId('property-type').nth(2), 'Enum');
    await at('properties[2].data_type.values[0].label').fill('自动');
    await at('properties[2].data_type.values[0].label_en').fill('auto');
    await at('properties[2].data_type.values[1].label').fill('手动');
    await at('properties[2].data_type.values[1].label_en').fill('manual');

    await page.getByTestId('property-add').click();
    await named('properties[3]', 'note', '备注', 'Note');
    await choose(form.getByTestId('property-type').nth(3), 'Text');
    await fillNumber('properties[3].data_type.max_length', 64);

    await page.getByTestId('tab-events').click();
    await page.getByTestId('event-add').click();
    await named('events[0]', 'overheat', '过热', 'Overheat');
    await choose(form.getByTestId('event-row').locator('.el-select').first(), 'Alarm');
    await form.getByTestId('event-row').getByRole('button', { name: 'Add field' }).click();
    await named('events[0].output[0]', 'temp', '温度', 'Temperature');

    await page.getByTestId('tab-commands').click();
    await page.getByTestId('command-add').click();
    await named('commands[0]', 'reset', '复位', 'Reset');
    await form.getByTestId('command-row').getByRole('button', { name: 'Add parameter' }).first().click();
    await named('commands[0].input[0]', 'delay', '延时', 'Delay');
    await choose(form.getByTestId('command-row').getByTestId('param-row').locator('.el-select'), 'Integer');
    await fillNumber('commands[0].input[0].data_type.min', 0);
    await fillNumber('commands[0].input[0].data_type.max', 60);
    await at('commands[0].input[0].data_type.unit').fill('s');

    await page.getByTestId('editor-save').click();
    await page.waitForURL(/\/devices\/models\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop();
    const { definition, source } = await api.call('GET', `/api/v1/thing-models/${id}`);
    assert.equal(source, 'custom');
    assert.deepEqual(
      definition.properties.map((p) => [p.identifier, p.data_type]),
      [
        ['temp', { type: 'float', min: -40, max: 125, precision: 2, unit: '°C' }],
        ['valve', { type: 'bool', true_label: '是', true_label_en: 'Yes', false_label: '否', false_label_en: 'No' }],
        ['mode', { type: 'enum', values: [{ value: 0, label: '自动', label_en: 'auto' }, { value: 1, label: '手动', label_en: 'manual' }] }],
        ['note', { type: 'text', max_length: 64 }],
      ],
    );
    assert.equal(definition.events[0].severity, 'alarm');
    assert.equal(definition.events[0].output[0].identifier, 'temp');
    assert.deepEqual(definition.commands[0].input[0].data_type, { type: 'int', min: 0, max: 60, step: 1, unit: 's' });
    await context.close();
  });

  test('a gateway is registered with a token shown once, and rotating it replaces the token', async () => {
    const api = await Api.login();
    const site = await siteWithPlan(api, 'Gateways');
    const context = await openContext(browser, { locale: 'en', tokens: api.tokens, siteId: site.site_id });
    const page = await context.newPage();
    await page.goto('/devices/gateways');
    await settle(page);
    await page.getByTestId('gateway-create').click();
    const dialog = page.getByTestId('gateway-dialog');
    const code = `GW-UI-${runId}`;
    await dialog.locator('input[name=name]').fill(`Gateway ${runId}`);
    await dialog.locator('input[name=code]').fill(code);
    await dialog.getByTestId('gateway-save').click();

    const secret = page.getByTestId('secret-dialog');
    await secret.waitFor();
    const token = await secret.getByTestId('secret-value').inputValue();
    assert.match(token, /^fgw_\S{16,}/, 'the token is shown');
    await secret.getByTestId('secret-done').click();
    await secret.waitFor({ state: 'hidden' });
    await page.getByTestId('gateways-table').getByText(code).waitFor();
    assert.ok(!(await page.content()).includes(token), 'the token is gone from the page once the dialog is closed');

    // The token is the gateway's credential: a batch sent with it is accepted, and the gateway is online.
    const receipt = await ingest(token, { seq: 1, sent_at: Date.now(), readings: [] });
    assert.equal(receipt.rejected, 0);
    await page.reload();
    await settle(page);
    const row = page.getByTestId('gateways-table').locator('tr', { hasText: code });
    await row.getByTestId('gateway-state').getByText('Online').waitFor();

    await row.getByTestId('gateway-rotate').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await secret.waitFor();
    const rotated = await secret.getByTestId('secret-value').inputValue();
    assert.match(rotated, /^fgw_/);
    assert.notEqual(rotated, token, 'a new token');
    await request('POST', '/api/v1/ingest/batches', { body: { readings: [] }, token, expect: 401 });
    await context.close();
  });

  test('a device registered on the plan is there after a reload, moves by a click, and shows its live values', async () => {
    const api = await Api.login();
    const site = await siteWithPlan(api, 'Devices');
    const zone = await api.call('POST', '/api/v1/zones', {
      body: { site_id: site.site_id, name: `Tank farm ${runId}`, code: `tf-${runId}`, kind: 'tank_farm', description: '', polygon: [[420, 80], [600, 80], [600, 340], [420, 340]] },
    });
    const model = await api.modelFromPreset('gas_detector_nh3', `nh3_dev_${runId}`);
    const { gateway, token } = await api.createGateway(site.site_id, `GW-DEV-${runId}`, `Device gateway ${runId}`);
    const code = `NH3-UI-${runId}`;

    const context = await openContext(browser, { locale: 'en', tokens: api.tokens, siteId: site.site_id });
    const page = await context.newPage();
    await page.goto('/devices/registry');
    await settle(page);
    await page.getByTestId('device-create').click();
    const dialog = page.getByTestId('device-dialog');
    await dialog.locator('input[name=name]').fill(`Ammonia ${runId}`);
    await dialog.locator('input[name=code]').fill(code);
    await dialog.getByTestId('device-model').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: model.identifier }).click();
    await dialog.getByTestId('device-gateway').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: gateway.code }).click();

    // A click on the plan sets the position; inside the tank farm, it fills in the zone as well.
    const plan = dialog.getByTestId('plan-svg');
    await plan.waitFor();
    let box = await plan.boundingBox();
    let scale = box.width / 1200;
    await page.mouse.click(box.x + 500 * scale, box.y + 200 * scale);
    await dialog.getByTestId('device-position').waitFor();
    await dialog.getByTestId('device-zone').getByText(zone.name).waitFor();
    await dialog.getByTestId('device-save').click();
    await dialog.waitFor({ state: 'hidden' });

    let [device] = await api.devices({ site_id: site.site_id, q: code });
    assert.ok(device, 'the server has the device');
    assert.equal(device.zone_id, zone.zone_id);
    assert.ok(Math.abs(device.position_x - 500) <= 2 && Math.abs(device.position_y - 200) <= 2, `position (${device.position_x}, ${device.position_y}) near (500, 200)`);

    await page.goto('/devices/registry?view=plan');
    await settle(page);
    const marker = page.locator(`[data-testid=device-marker][data-pin-id="${device.device_id}"]`);
    await marker.waitFor();

    // Move it: select it in the list, then click the new place.
    await page.getByTestId('device-list').locator(`li[data-device-code="${code}"]`).click();
    await page.getByTestId('device-place').click();
    await page.getByTestId('place-hint').waitFor();
    const planSvg = page.locator('.canvas-area').getByTestId('plan-svg');
    box = await planSvg.boundingBox();
    scale = box.width / 1200;
    const moved = page.waitForResponse((r) => r.url().includes(`/api/v1/devices/${device.device_id}`) && r.request().method() === 'PATCH');
    await page.mouse.click(box.x + 560 * scale, box.y + 300 * scale);
    assert.equal((await moved).status(), 200);
    [device] = await api.devices({ site_id: site.site_id, q: code });
    assert.ok(Math.abs(device.position_x - 560) <= 2 && Math.abs(device.position_y - 300) <= 2, `moved to (${device.position_x}, ${device.position_y})`);

    // Live values: a reading sent while the drawer is open appears without a reload.
    await ingest(token, { seq: 1, sent_at: Date.now(), readings: [{ device: code, ts: Date.now() - 1000, property: 'nh3', value: 12.5 }] });
    await marker.locator('.pin-dot').click();
    const drawer = page.getByTestId('device-drawer');
    await drawer.locator('[data-property=nh3]').getByText('12.5 ppm').waitFor();
    await ingest(token, { seq: 2, sent_at: Date.now(), readings: [{ device: code, ts: Date.now(), property: 'nh3', value: 31.25 }] });
    await drawer.locator('[data-property=nh3]').getByText('31.3 ppm').waitFor({ timeout: 12_000 });
    await drawer.getByTestId('trend-chart').waitFor();
    await context.close();
  });

  /** The text box of an Element Plus input marked with `testId` (on the input itself or its wrapper). */
  const inputOf = (scope, testId) => scope.locator(`input[data-testid=${testId}], [data-testid=${testId}] input`);

  test('an alarm rule with a threshold on a preset model shows the server’s error on its input, then saves', async () => {
    const api = await Api.login();
    const identifier = `nh3_rule_${runId}`;
    await api.modelFromPreset('gas_detector_nh3', identifier);
    const context = await openContext(browser, { locale: 'en', tokens: api.tokens });
    const page = await context.newPage();
    await page.goto('/devices/alarm-rules');
    await settle(page);
    await page.getByTestId('rule-create').click();
    const dialog = page.getByTestId('alarm-rule-dialog');
    await dialog.getByTestId('rule-model').click();
    const modelOption = page.locator('.el-select-dropdown__item:visible', { hasText: identifier });
    await modelOption.click();
    await modelOption.waitFor({ state: 'hidden' });
    const name = `Ammonia high ${runId}`;
    await inputOf(dialog, 'rule-name').fill(name);
    // The root condition is a threshold: pick the first numeric property, then a value.
    await dialog.getByTestId('cond-property').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '(nh3)' }).click();
    const value = inputOf(dialog, 'cond-value');
    await value.fill('25');
    await value.press('Tab');

    // No English name: the server's error lands on that input only.
    await dialog.getByTestId('rule-save').click();
    const nameEnItem = dialog.locator('.el-form-item.is-error', { has: page.getByTestId('rule-name-en') });
    await nameEnItem.waitFor();
    assert.equal(await dialog.locator('.el-form-item.is-error').count(), 1, 'only the English name is marked');

    await inputOf(dialog, 'rule-name-en').fill(`Ammonia high ${runId}`);
    await dialog.getByTestId('rule-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const rules = (await api.call('GET', `/api/v1/alarm-rules?thing_model_identifier=${identifier}`)).items;
    assert.equal(rules.length, 1, 'the server has the rule');
    assert.equal(rules[0].definition.condition.kind, 'threshold');
    assert.equal(rules[0].definition.condition.property, 'nh3');
    assert.equal(rules[0].definition.condition.op, 'gt');
    assert.equal(rules[0].definition.condition.value, 25);
    await page.getByTestId('alarm-rules-table').getByText(name).waitFor();
    await context.close();
  });

  test('the dead-letter page counts refused readings and shows them by reason', async () => {
    const api = await Api.login();
    const site = await siteWithPlan(api, 'Rejects');
    const { token } = await api.createGateway(site.site_id, `GW-DL-${runId}`, `Rejecting gateway ${runId}`);
    const ghost = `GHOST-${runId}`;
    const refused = await ingest(token, { seq: 1, sent_at: Date.now(), readings: [{ device: ghost, ts: Date.now(), property: 'x', value: 1 }] });
    assert.equal(refused.rejected, 1);

    const context = await openContext(browser, { locale: 'zh-CN', tokens: api.tokens, siteId: site.site_id });
    const page = await context.newPage();
    await page.goto('/devices/dead-letters');
    await settle(page);
    const total = Number(await page.getByTestId('dead-letter-total').innerText());
    assert.ok(total >= 1, `the summary counts the refusal, got ${total}`);
    const row = page.getByTestId('dead-letters-table').locator('tr', { hasText: ghost });
    await row.getByText('未登记的设备').waitFor();
    await row.locator('.el-table__expand-icon').click();
    await page.getByTestId('dl-payload').filter({ hasText: ghost }).waitFor();
    await context.close();
  });
});
