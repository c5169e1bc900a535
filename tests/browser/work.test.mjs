// Browser test of the permits and maintenance page (作业与维护) on the demo plant: the items `serve --demo`
// seeds as a permit or EAM system would send them, by their state now, in both languages. Waits are on DOM
// state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api } from './lib/api.mjs';
import { launch, openContext } from './lib/browser.mjs';

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

describe('permits and maintenance', () => {
  test('open permits and overdue maintenance show by state; closed ones only when asked', async () => {
    const context = await openContext(browser, { locale: 'zh-CN', tokens: api.tokens, siteId: site.site_id });
    try {
      const page = await context.newPage();
      await page.goto('/risk/work-items');
      const table = page.getByTestId('work-table');
      const row = (text) => table.locator('.el-table__row', { hasText: text });
      await row('DH-DEMO-0001').waitFor();
      // The hot-work permit on the reactor unit is valid; the conveyor-guard repair is ten days overdue.
      assert.equal(await row('DH-DEMO-0001').getByTestId('work-state').getAttribute('data-state'), 'open');
      assert.match(await row('DH-DEMO-0001').innerText(), /动火作业/);
      assert.equal(await row('WO-DEMO-0001').getByTestId('work-state').getAttribute('data-state'), 'overdue');
      assert.match(await row('WO-DEMO-0001').getByTestId('work-state').innerText(), /逾期 1[01] 天/);
      // The closed confined-space permit is not open now, so it shows only with the switch off.
      assert.equal(await row('SX-DEMO-0001').count(), 0);
      await page.getByTestId('work-open-only').click();
      await row('SX-DEMO-0001').waitFor();
      assert.equal(await row('SX-DEMO-0001').getByTestId('work-state').getAttribute('data-state'), 'closed');
    } finally {
      await context.close();
    }
  });
});
