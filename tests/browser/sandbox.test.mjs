// Browser tests of the risk sandbox (沙盘推演) against the demo plant (滨海一厂, BH1): a typhoon scenario with a
// measure turning its factor off, run over the last hour (the API accepts it on a fresh server: the window
// only has to lie within the retained history and not in the future), polled by the screen until done;
// and a bad parameter answered by the server's 422 shown on that parameter's input. Waits are on DOM state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api } from './lib/api.mjs';
import { launch, openContext } from './lib/browser.mjs';

/** A one-hour run at 15 s is 241 steps, computed in the background; generous for a loaded CI machine. */
const RUN_DEADLINE_MS = 300_000;

let browser;
let api;
let site;
before(async () => {
  browser = await launch();
  api = await Api.login();
  site = await api.demoSite();
});
after(async () => {
  await browser?.close();
});

async function sandboxPage(locale = 'zh-CN') {
  const context = await openContext(browser, { locale, tokens: api.tokens, siteId: site.site_id });
  const page = await context.newPage();
  await page.goto('/risk/sandbox');
  await page.getByTestId('add-preset-typhoon').waitFor();
  return { context, page };
}

describe('risk sandbox', () => {
  test('a typhoon scenario with a measure runs over the last hour and shows both variants per zone', async () => {
    const { context, page } = await sandboxPage();
    try {
      await page.getByTestId('sandbox-note').waitFor();
      await page.getByTestId('add-preset-typhoon').click();
      const item = page.getByTestId('scenario-item-0');
      await item.waitFor();
      assert.equal(await item.getAttribute('data-kind'), 'typhoon');
      // The catalogue's default wind speed fills the input.
      assert.equal(await page.getByTestId('param-0-wind_speed_m_s').locator('input').inputValue(), '35');

      // The measure: turn the typhoon's own factor off.
      await page.getByTestId('factors-off').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: 'sandbox.typhoon_wind.0' }).click();
      await page.keyboard.press('Escape');
      await page.locator('[data-window=h1]').click();
      await page.getByTestId('sandbox-run').click();

      const result = page.getByTestId('sandbox-result');
      await result.waitFor();
      await page.waitForFunction(
        () => ['done', 'failed'].includes(document.querySelector('[data-testid=sandbox-result]')?.getAttribute('data-status') ?? ''),
        null,
        { timeout: RUN_DEADLINE_MS, polling: 500 },
      );
      assert.equal(await result.getAttribute('data-status'), 'done', 'the run finished without failure');
      const zone = result.getByTestId('sandbox-zone').first();
      await zone.waitFor();
      for (const v of ['scenario', 'measure']) {
        const badge = zone.getByTestId(`variant-${v}`).getByTestId('grade-badge');
        assert.ok(['red', 'orange', 'yellow', 'blue', 'unassessed'].includes(await badge.getAttribute('data-grade')));
        assert.ok((await zone.getByTestId(`series-${v}`).getAttribute('points')).length > 0, `${v} series drawn`);
      }
      // The list shows the run as done too.
      await page.locator('[data-testid=sandbox-run-row][data-status=done]').first().waitFor();
    } finally {
      await context.close();
    }
  });

  test('a parameter out of range shows the server error on that input', async () => {
    const { context, page } = await sandboxPage('en');
    try {
      await page.getByTestId('add-preset-typhoon').click();
      const wind = page.getByTestId('param-0-wind_speed_m_s');
      await wind.locator('input').fill('150');
      await wind.locator('input').press('Tab');
      await page.getByTestId('factors-off').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: 'sandbox.typhoon_wind.0' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('sandbox-run').click();
      const error = wind.locator('.el-form-item__error');
      await error.waitFor();
      assert.match(await error.innerText(), /100/, 'the message names the allowed range');
      // The rejected request started no run.
      assert.equal(await page.getByTestId('sandbox-result').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('a re-assessment offers L, E, C for an LEC hazard and L, S for an LS hazard', async () => {
    const { context, page } = await sandboxPage();
    try {
      const row = page.getByTestId('measure-hazard-0');
      const choose = async (code) => {
        await row.locator('.el-select').first().click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: code }).click();
      };
      // The warehouse's stacking fire is assessed on the LS matrix, the conveyor guard by LEC.
      await choose('HZ-W500-01');
      await page.getByTestId('measure-0-severity').waitFor();
      assert.equal(await page.getByTestId('measure-0-exposure').count(), 0);
      assert.equal(await page.getByTestId('measure-0-consequence').count(), 0);
      await page.getByTestId('measure-0-severity').locator('input').fill('2');
      await choose('HZ-F300-02');
      await page.getByTestId('measure-0-consequence').waitFor();
      assert.equal(await page.getByTestId('measure-0-severity').count(), 0, 'S is not an LEC field');
      assert.equal(await page.getByTestId('measure-0-exposure').count(), 1);
    } finally {
      await context.close();
    }
  });
});
