// Browser tests of the hazard register and the expert rules against the demo plant: a hazard assessed with
// LEC shows its grade; an Excel import with a bad row names the row and column in the preview and keeps the
// good rows; an expert rule with an invalid condition shows the server's error on that input, saves once
// corrected, and a back-test over recorded history shows when it would have fired.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api } from './lib/api.mjs';
import { launch, openContext, settle } from './lib/browser.mjs';
import { runId } from './lib/env.mjs';
import { workbook } from './lib/xlsx.mjs';

let browser;
let api;
/** The demo plant: its site and zones (F-300 is the filling line). */
let demo;

before(async () => {
  browser = await launch();
  api = await Api.login();
  const sites = (await api.call('GET', '/api/v1/sites?per_page=200')).items;
  for (const site of sites) {
    const zones = await api.zones(site.site_id);
    if (zones.some((z) => z.code === 'F-300')) {
      demo = { site, zones };
      break;
    }
  }
  assert.ok(demo, 'the demo plant (zone F-300) exists');
});
after(async () => {
  await browser?.close();
});

async function page(locale = 'en') {
  const context = await openContext(browser, { locale, tokens: api.tokens, siteId: demo.site.site_id });
  return { context, page: await context.newPage() };
}

/** Element Plus fades a closed dropdown out: wait until none shows before opening the next. */
async function choose(page, select, option) {
  const noDropdown = () =>
    page.waitForFunction(() => [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none'));
  await noDropdown();
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
  await noDropdown();
}

async function searchHazards(page, text) {
  const done = page.waitForResponse((r) => r.url().includes('/api/v1/hazards?') && r.url().includes(`q=${encodeURIComponent(text)}`));
  await page.getByTestId('hazards-search').fill(text);
  await page.getByTestId('hazards-search').press('Enter');
  await done;
  await settle(page);
}

describe('hazard register and expert rules', () => {
  test('a hazard assessed with LEC shows D and its grade in the form, and its grade as colour and text in the list', async () => {
    const { context, page: p } = await page('en');
    const code = `HZ-${runId}-LEC`;
    await p.goto('/risk/hazards');
    await settle(p);
    await p.getByTestId('hazard-create').click();
    const dialog = p.getByTestId('hazard-dialog');
    await choose(p, dialog.getByTestId('hazard-zone'), '(F-300)');
    await dialog.getByTestId('hazard-code').fill(code);
    await dialog.getByTestId('hazard-name').fill(`Conveyor guard missing ${runId}`);
    await choose(p, dialog.getByTestId('hazard-l'), /^3 · /);
    await choose(p, dialog.getByTestId('hazard-e'), /^6 · /);
    // Until C is chosen the hazard would stay unassessed.
    assert.match(await dialog.getByTestId('hazard-preview').innerText(), /Unassessed/);
    await choose(p, dialog.getByTestId('hazard-c'), /^15 · /);
    const preview = await dialog.getByTestId('hazard-preview').innerText();
    assert.match(preview, /D = 270/);
    assert.match(preview, /Considerable/);
    assert.match(preview, /Highly dangerous, rectify now/);
    await dialog.getByTestId('hazard-engineering_controls').fill('Install a fixed guard\nInterlock the access door');
    await dialog.getByTestId('hazard-save').click();
    await dialog.waitFor({ state: 'hidden' });

    await searchHazards(p, code);
    const row = p.getByTestId('hazards-table').locator('.el-table__row', { hasText: code });
    const tag = row.getByTestId('grade-badge');
    assert.equal(await tag.getAttribute('data-grade'), 'orange');
    assert.match(await tag.innerText(), /Considerable · 270/);

    const stored = (await api.call('GET', `/api/v1/hazards?q=${code}`)).items[0];
    assert.equal(stored.grade, 'orange');
    assert.equal(stored.score, 270);
    assert.deepEqual(stored.engineering_controls, ['Install a fixed guard', 'Interlock the access door']);
    await context.close();
  });

  test('the register downloads as Excel; an import with a bad row names its row and column in the preview, then keeps the valid rows', async () => {
    const { context, page: p } = await page('zh-CN');
    const codes = [`IMP-${runId}-1`, `IMP-${runId}-2`, `IMP-${runId}-3`];
    const file = workbook([
      ['编号', '名称', '厂区', '区域', '类别', '评价方法', '可能性 L', '暴露频率 E', '后果 C', '严重性 S'],
      [codes[0], `灌装线夹伤 ${runId}`, demo.site.code, 'F-300', '机械伤害', 'LEC', 3, 6, 7, ''],
      [codes[1], `氨泄漏 ${runId}`, demo.site.code, 'F-300', '中毒窒息', 'LEC', 1, 6.5, 15, ''],
      [codes[2], `堆垛火灾 ${runId}`, demo.site.code, 'F-300', '火灾爆炸', 'LS', 4, '', '', 5],
    ]);
    await p.goto('/risk/hazards');
    await settle(p);
    // The template and the export arrive as workbooks (zip archives).
    for (const button of ['hazards-template', 'hazards-export']) {
      const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId(button).click()]);
      assert.match(download.suggestedFilename(), /\.xlsx$/);
      const stream = await download.createReadStream();
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      assert.equal(Buffer.concat(chunks).subarray(0, 2).toString('latin1'), 'PK', `${button} is an .xlsx`);
    }
    await p.getByTestId('hazards-import').click();
    const dialog = p.getByTestId('hazard-import-dialog');
    await dialog.locator('input[type=file]').setInputFiles({
      name: `register-${runId}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await dialog.getByTestId('hazard-import-chosen').waitFor();
    await dialog.getByTestId('hazard-import-preview').click();
    await dialog.getByTestId('hazard-import-summary').waitFor();
    assert.match(await dialog.getByTestId('hazard-import-summary').innerText(), /共 3 行：合格 2 行，有问题 1 行/);

    // The bad cell: row 3 (as Excel numbers it), column H, the exposure column's header.
    const errors = dialog.getByTestId('hazard-import-errors').locator('.el-table__body tr');
    assert.equal(await errors.count(), 1);
    const cells = await errors.first().locator('td').allInnerTexts();
    assert.equal(cells[0].trim(), '3');
    assert.equal(cells[1].trim(), 'H');
    assert.equal(cells[2].trim(), '暴露频率 E');
    assert.match(cells[3], /6\.5/);
    // A preview writes nothing.
    assert.equal((await api.call('GET', `/api/v1/hazards?q=IMP-${runId}`)).total, 0);
    assert.ok(await dialog.getByTestId('hazard-import-all').isDisabled(), 'all-or-nothing cannot succeed with a bad row');

    await dialog.getByTestId('hazard-import-keep-valid').click();
    await dialog.getByTestId('hazard-import-result').waitFor();
    assert.match(await dialog.getByTestId('hazard-import-result').innerText(), /已导入 2 个风险点，跳过 1 行/);
    await dialog.locator('.el-dialog__footer button').click();
    await dialog.waitFor({ state: 'hidden' });

    await searchHazards(p, `IMP-${runId}`);
    const table = p.getByTestId('hazards-table');
    await table.getByText(codes[0]).waitFor();
    await table.getByText(codes[2]).waitFor();
    assert.equal(await table.getByText(codes[1]).count(), 0, 'the bad row is not stored');
    const ls = table.locator('.el-table__row', { hasText: codes[2] }).getByTestId('grade-badge');
    assert.equal(await ls.getAttribute('data-grade'), 'red');
    assert.match(await ls.innerText(), /重大/);
    await context.close();
  });

  test('an expert rule with an invalid condition shows the server error on that input, saves when corrected, and back-tests', async () => {
    // Back-tests replay the risk cycle's recorded zone inputs: wait until the demo has recorded some.
    const probe = await api.call('GET', '/api/v1/expert-rules');
    assert.ok(probe.length > 0, 'the demo seeds an expert rule');
    const window = () => ({ from: new Date(Date.now() - 3600_000).toISOString(), site_id: demo.site.site_id });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const result = await api.call('POST', `/api/v1/expert-rules/${probe[0].expert_rule_id}/backtest`, { body: window() });
      if (result.samples > 0) break;
      assert.ok(Date.now() < deadline, 'the risk cycle recorded zone inputs within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    const { context, page: p } = await page('en');
    const id = `always_${runId}`;
    await p.goto('/risk/expert-rules');
    await settle(p);
    await p.getByTestId('rule-create').click();
    const dialog = p.getByTestId('rule-dialog');
    await dialog.getByTestId('rule-id').fill(id);
    await dialog.getByTestId('rule-name').fill(`Every hour ${runId}`);
    const leaf = dialog.getByTestId('cond-condition.all[0]');
    await choose(p, leaf.getByTestId('cond-kind'), /^Range$/);
    await leaf.getByTestId('cond-input').click();
    await p.keyboard.type('hour_local');
    await p.keyboard.press('Enter');
    // A range whose minimum is above its maximum: the server refuses it.
    await leaf.getByTestId('cond-min').locator('input').fill('24');
    await leaf.getByTestId('cond-min').locator('input').press('Tab');
    await leaf.getByTestId('cond-max').locator('input').fill('0');
    await leaf.getByTestId('cond-max').locator('input').press('Tab');
    const refused = p.waitForResponse((r) => r.url().endsWith('/api/v1/expert-rules') && r.request().method() === 'POST');
    await dialog.getByTestId('rule-save').click();
    assert.equal((await refused).status(), 422);
    const minItem = leaf.locator('.el-form-item', { has: p.getByTestId('cond-min') }).last();
    const message = await minItem.locator('.el-form-item__error').innerText();
    assert.ok(message.trim().length > 0 && /24|min|max/i.test(message), `the server's message on the minimum, got ${message}`);
    assert.ok(!(await api.call('GET', '/api/v1/expert-rules')).some((r) => r.code === id), 'nothing stored');

    await leaf.getByTestId('cond-min').locator('input').fill('0');
    await leaf.getByTestId('cond-min').locator('input').press('Tab');
    await leaf.getByTestId('cond-max').locator('input').fill('24');
    await leaf.getByTestId('cond-max').locator('input').press('Tab');
    const saved = p.waitForResponse((r) => r.url().endsWith('/api/v1/expert-rules') && r.request().method() === 'POST');
    await dialog.getByTestId('rule-save').click();
    assert.equal((await saved).status(), 201);
    // Element Plus fades the message out: it goes once the field is valid.
    await minItem.locator('.el-form-item__error').waitFor({ state: 'detached' });
    const stored = (await api.call('GET', '/api/v1/expert-rules')).find((r) => r.code === id);
    assert.ok(stored, 'the rule is stored');
    assert.equal(stored.enabled, false, 'a new rule starts disabled, to be back-tested first');
    assert.deepEqual(stored.definition.condition, { all: [{ between: { input: 'hour_local', min: 0, max: 24 } }] });

    await dialog.getByRole('tab', { name: 'Back-test' }).click();
    const panel = dialog.getByTestId('backtest-panel');
    await choose(p, panel.getByTestId('backtest-window'), /^Past 1 h$/);
    await panel.getByTestId('backtest-run').click();
    await panel.getByTestId('backtest-result').waitFor();
    // Every zone's recorded hour lies in 0–24: the rule would have fired in each zone with history.
    await panel.getByTestId('backtest-zone').first().waitFor();
    const firings = Number((await panel.locator('.el-statistic').first().locator('.el-statistic__number').innerText()).replace(/\D/g, ''));
    assert.ok(firings >= 1, `the rule would have fired, got ${firings}`);
    assert.match(await panel.getByTestId('backtest-zone').first().innerText(), /fired \d+ times/);
    await context.close();
  });
});
