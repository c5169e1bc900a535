// Browser tests of the live risk heat map and the zone drill-down, against the demo plant (滨海一厂, BH1)
// whose risk cycle runs every 15 s. Waits are on observable state (API answers, DOM attributes), never
// on fixed sleeps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api } from './lib/api.mjs';
import { VIEWPORTS, launch, openContext, screenshot } from './lib/browser.mjs';

const GRADES = ['red', 'orange', 'yellow', 'blue', 'unassessed'];
const SCALE = ['red', 'orange', 'yellow', 'blue'];
/** Several risk cycles (15 s each) plus start-up. */
const CYCLE_DEADLINE_MS = 180_000;

let browser;
let api;
let site;
let zones;
before(async () => {
  browser = await launch();
  api = await Api.login();
  site = await api.demoSite();
  zones = await api.zones(site.site_id);
  assert.ok(zones.length >= 5, 'the demo site has its zones');
});
after(async () => {
  await browser?.close();
});

/** Polls `probe` until it returns a truthy value or the deadline passes. */
async function eventually(what, probe, deadlineMs = CYCLE_DEADLINE_MS) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    // A poll interval, not a synchronisation: the deadline decides.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const heatmap = () => api.call('GET', `/api/v1/sites/${site.site_id}/heatmap`);

async function heatmapPage(locale = 'zh-CN', viewport) {
  const context = await openContext(browser, { locale, tokens: api.tokens, siteId: site.site_id, viewport });
  const page = await context.newPage();
  await page.goto('/risk/heatmap');
  await page.getByTestId('heatmap-zones').waitFor();
  return { context, page };
}

describe('risk heat map', () => {
  test('every zone of the demo site is drawn with a grade, assessed zones in their colour, U-600 as unassessed', async () => {
    // The first cycles of a fresh server: wait until the engine has assessed the plant.
    await eventually('an assessed zone', async () => (await heatmap()).zones.some((z) => SCALE.includes(z.grade)));
    const { context, page } = await heatmapPage();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=zone-polygon]').length === n,
      zones.length,
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=zone-polygon]')].some((p) => p.getAttribute('data-status') !== 'unassessed'),
    );
    const drawn = await page.getByTestId('zone-polygon').evaluateAll((ps) =>
      ps.map((p) => ({ name: p.getAttribute('data-zone-name'), status: p.getAttribute('data-status'), fill: p.getAttribute('fill') })),
    );
    for (const z of drawn) assert.ok(GRADES.includes(z.status), `${z.name} has a grade, got ${z.status}`);
    const assessed = drawn.filter((z) => SCALE.includes(z.status));
    assert.ok(assessed.length > 0, 'at least one zone is assessed');
    for (const z of assessed) assert.match(z.fill, /^#[0-9a-f]{6}$/i, `${z.name} is filled with a colour`);
    for (const z of drawn.filter((d) => d.status === 'unassessed')) assert.match(z.fill, /^url\(#/, `${z.name} is hatched`);
    // Colour is never the only signal: each zone carries its grade in words on the plan.
    const captions = await page.getByTestId('zone-caption').allTextContents();
    assert.equal(captions.length, zones.length);
    assert.ok(captions.every((c) => c.trim().length > 0));
    // The zone nobody assessed says so, and is never shown as low.
    const u600 = page.locator('[data-testid=heatmap-zone][data-code="U-600"]');
    assert.equal(await u600.getAttribute('data-grade'), 'unassessed');
    assert.match(await u600.innerText(), /未评估/);
    const list = await page.getByTestId('heatmap-zone').count();
    assert.equal(list, zones.length, 'the list beside the plan has every zone');
    await context.close();
  });

  test('the event stream delivers updates without a reload', async () => {
    const { context, page } = await heatmapPage();
    const indicator = page.getByTestId('heatmap-updated');
    await page.locator('[data-testid=heatmap-link][data-state=live]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=heatmap-updated]')?.getAttribute('data-updates')) >= 1);
    const before = Number(await indicator.getAttribute('data-updates'));
    const beforeReceived = await indicator.getAttribute('data-received');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    // The next risk cycle (every 15 s) arrives as a `cycle` event.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=heatmap-updated]')?.getAttribute('data-updates')) > n,
      before,
      { timeout: CYCLE_DEADLINE_MS },
    );
    assert.notEqual(await indicator.getAttribute('data-received'), beforeReceived, 'the "updated at" time moved');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
    assert.equal(await page.getByTestId('heatmap-link').getAttribute('data-state'), 'live');
    await context.close();
  });

  test('when the event stream cannot connect, the map is polled and the stream resumes once it can', async () => {
    const context = await openContext(browser, { locale: 'en', tokens: api.tokens, siteId: site.site_id });
    // A proxy that refuses event streams, until it is fixed.
    await context.route('**/heatmap/stream**', (route) => route.abort());
    const page = await context.newPage();
    await page.goto('/risk/heatmap');
    const link = page.getByTestId('heatmap-link');
    await page.locator('[data-testid=heatmap-link][data-state=polling]').waitFor({ timeout: 60_000 });
    assert.match(await link.innerText(), /Refreshing periodically/);
    // The map is still filled, from the polled snapshots.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=heatmap-updated]')?.getAttribute('data-updates')) >= 1);
    assert.equal(await page.getByTestId('heatmap-zone').count(), zones.length);
    await context.unroute('**/heatmap/stream**');
    await page.locator('[data-testid=heatmap-link][data-state=live]').waitFor({ timeout: 90_000 });
    await context.close();
  });

  test('moving the slider replays history and "back to live" returns', async () => {
    // History a minute back exists once the engine has run for a minute.
    await eventually('a minute of history', async () => {
      const at = new Date(Date.now() - 60_000).toISOString();
      const past = await api.call('GET', `/api/v1/sites/${site.site_id}/heatmap/history?at=${encodeURIComponent(at)}`);
      return past.zones.some((z) => z.at && SCALE.includes(z.grade));
    });
    const { context, page } = await heatmapPage('en');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline-strip]')?.getAttribute('data-points')) > 0);
    const history = page.waitForResponse((r) => r.url().includes('/heatmap/history?') && r.ok());
    // One step left on the slider is one minute back.
    await page.locator('[data-testid=timeline-slider] [role=slider]').first().focus();
    await page.keyboard.press('ArrowLeft');
    const answer = await (await history).json();
    await page.getByTestId('replay-banner').waitFor();
    assert.match(await page.getByTestId('replay-banner').innerText(), /Replay/);
    const asked = Date.parse(answer.at);
    assert.ok(Date.now() - asked >= 45_000, 'the replayed instant is in the past');
    // The plan shows the replayed state: the grades the history answer has.
    const replayed = Object.fromEntries(answer.zones.map((z) => [z.zone_id, z.at ? (z.grade ?? 'unassessed') : 'unassessed']));
    assert.ok(Object.values(replayed).some((g) => SCALE.includes(g)), 'the history has assessed zones');
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('[data-testid=zone-polygon]')].every(
          (p) => expected[p.getAttribute('data-zone-id')] === undefined || expected[p.getAttribute('data-zone-id')] === p.getAttribute('data-status'),
        ),
      replayed,
    );
    await screenshot(page, 'heatmap-replay-en-desktop');
    await page.getByTestId('back-to-live').click();
    await page.getByTestId('replay-banner').waitFor({ state: 'detached' });
    await page.getByTestId('timeline-strip').waitFor();
    assert.equal(await page.getByTestId('back-to-live').count(), 0);
    await context.close();
  });

  test('clicking a zone on the plan opens its drill-down: contributions as bars and its hazards', async () => {
    // A zone whose value moved away from its baseline, so its explanation has bars.
    const target = await eventually('a zone with contributions', async () =>
      (await heatmap()).zones.find((z) => z.code !== 'U-600' && z.top.length > 0),
    );
    const { context, page } = await heatmapPage('en');
    await page.locator(`[data-testid=zone-polygon][data-zone-id="${target.zone_id}"]`).click();
    const drawer = page.getByTestId('zone-drawer');
    await drawer.waitFor();
    await drawer.getByTestId('contribution-bar').first().waitFor();
    const bars = await drawer.getByTestId('contribution-bar').count();
    assert.ok(bars > 0, 'the explanation has bars');
    assert.equal(Number(await drawer.getByTestId('contributions-chart').getAttribute('data-bars')), bars);
    const directions = await drawer.getByTestId('contribution-bar').evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')));
    assert.ok(directions.every((d) => d === 'raise' || d === 'lower'));
    const labels = await drawer.getByTestId('contribution-bar').allInnerTexts();
    assert.ok(labels.every((l) => /[A-Za-z]/.test(l)), `bars are labelled in English: ${labels.join(' | ')}`);
    await drawer.getByTestId('drill-hazards').locator('tbody tr').first().waitFor();
    const hazards = await drawer.getByTestId('drill-hazards').locator('tbody tr').count();
    assert.ok(hazards > 0, 'the zone lists its hazards');
    const gradeBadges = await drawer.getByTestId('drill-hazards').getByTestId('grade-badge').count();
    assert.equal(gradeBadges, hazards * 2, 'each hazard shows its register and its current grade');
    await drawer.getByTestId('trend-chart').waitFor();
    await context.close();
  });

  test('a zone in the list opens the same drill-down', async () => {
    const { context, page } = await heatmapPage();
    await page.locator('[data-testid=heatmap-zone][data-code="U-600"]').click();
    const drawer = page.getByTestId('zone-drawer');
    await drawer.getByTestId('drill-grade').waitFor();
    assert.equal(await drawer.getByTestId('drill-grade').getAttribute('data-grade'), 'unassessed');
    assert.match(await drawer.innerText(), /U-600/);
    await context.close();
  });

  // The heat map keeps an event stream open, so the network is never idle: screens are taken once the
  // data they show is on the page.
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const locale of ['zh-CN', 'en']) {
      test(`screenshots of the heat map and a drill-down at ${size} in ${locale}`, async () => {
        const target = await eventually('a zone with contributions', async () =>
          (await heatmap()).zones.find((z) => z.code !== 'U-600' && z.top.length > 0),
        );
        const { context, page } = await heatmapPage(locale, viewport);
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid=zone-caption]').length === n, zones.length);
        await page.locator('[data-testid=heatmap-link][data-state=live]').waitFor({ timeout: 30_000 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the heat map overflows by ${overflow}px at ${size}`);
        await screenshot(page, `heatmap-${locale}-${size}`);
        await page.locator(`[data-testid=heatmap-zone][data-zone-id="${target.zone_id}"]`).click();
        await page.getByTestId('zone-drawer').getByTestId('contribution-bar').first().waitFor();
        await page.getByTestId('zone-drawer').getByTestId('trend-chart').waitFor();
        await screenshot(page, `heatmap-drill-${locale}-${size}`);
        await page.getByTestId('zone-drawer').getByTestId('drill-hazards').scrollIntoViewIfNeeded();
        await screenshot(page, `heatmap-drill-hazards-${locale}-${size}`);
        await context.close();
      });
    }
  }

  test('the language switch shows the heat map in English', async () => {
    const { context, page } = await heatmapPage('zh-CN');
    await page.locator('h1', { hasText: '风险热力图' }).waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en').click();
    await page.locator('h1', { hasText: 'Risk heat map' }).waitFor();
    const u600 = page.locator('[data-testid=heatmap-zone][data-code="U-600"]');
    assert.match(await u600.innerText(), /Unassessed/);
    const legend = await page.getByTestId('heatmap-legend').innerText();
    for (const word of ['Major', 'Considerable', 'General', 'Low', 'Unassessed']) assert.ok(legend.includes(word), `legend says ${word}`);
    const captions = await page.getByTestId('zone-caption').allTextContents();
    assert.ok(captions.every((c) => /^[A-Za-z]+$/.test(c.trim())), `plan captions in English: ${captions.join(', ')}`);
    await context.close();
  });
});
