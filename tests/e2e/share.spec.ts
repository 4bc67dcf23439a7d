// Sharing and saving: share links open to the same run, mangled links change nothing,
// JSON files round-trip, autosave survives a reload, text from links stays text.
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { SharePage, leave } from './pages/share';
import { writeFile } from 'node:fs/promises';

test('a shared link opens the same diagram and gives the same numbers', async ({ app, page, browser }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const share = new SharePage(app);
  await app.goto();
  await share.setSeed(4711);
  const ids = await app.nodeIds();

  const url = await share.share();
  expect(url).toMatch(/#v1\./);
  expect(page.url()).toBe(url);
  await expect(app.testId('share-status')).toHaveText(/Copied/);
  await expect(app.toasts.filter({ hasText: 'Link copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.screenshot({ path: 'tests/e2e/test-results/share-popover.png' });
  await page.keyboard.press('Escape');
  await expect(share.panel).toBeHidden();

  await share.step(3);
  const here = await share.summary();

  // A fresh browser context: no autosave, no history — only the link.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = new AppPage(await context.newPage());
  const otherShare = new SharePage(other);
  await other.goto(url);
  await expect(other.toasts.filter({ hasText: "Opened shared scenario '" })).toBeVisible();
  expect(await other.nodeIds()).toEqual(ids);
  expect(await otherShare.seed()).toBe('4711');
  await otherShare.step(3);
  expect(await otherShare.summary()).toEqual(here);
  other.expectNoErrors();
  await context.close();
});

test('a mangled link says what is wrong and keeps the current work', async ({ app, page }) => {
  const share = new SharePage(app);
  await app.goto();
  const url = await share.share();
  await share.setSeed(777);
  await share.waitForAutosave('777');
  const ids = await app.nodeIds();
  const [base, payload] = url.split('#');

  // Cut short, pasted into the open page (a `hashchange`).
  await page.goto(`${base}#${payload.slice(0, payload.length - 12)}`);
  await expect(app.toasts.filter({ hasText: 'Your current scenario is unchanged' })).toBeVisible();
  expect(await share.seed()).toBe('777');

  // Characters changed in the middle, opened from scratch: the autosaved work stays.
  const middle = Math.floor(payload.length / 2);
  const damaged = payload.slice(0, middle) + 'AAAA' + payload.slice(middle + 4);
  await leave(page);
  await app.goto(`/#${damaged}`);
  await expect(app.toasts.filter({ hasText: 'This link is damaged' })).toBeVisible();
  expect(await share.seed()).toBe('777');
  expect(await app.nodeIds()).toEqual(ids);

  // Not a link at all.
  await leave(page);
  await app.goto('/#hello%20world');
  await expect(app.toasts.filter({ hasText: 'not an archsim link' })).toBeVisible();
  expect(await share.seed()).toBe('777');

  // Spaces and line breaks from a mail client are repaired: the link opens.
  const spaced = payload.replace(/(.{20})/g, '$1%20').replace(/%20$/, '');
  await leave(page);
  await app.goto(`/#${spaced}`);
  await expect(app.toasts.filter({ hasText: "Opened shared scenario '" })).toBeVisible();
  expect(await share.seed()).not.toBe('777');
});

test('Save and Open round-trip a scenario file; a broken file changes nothing', async ({ app, page }) => {
  const share = new SharePage(app);
  await app.goto();
  await share.setSeed(99);
  const ids = await app.nodeIds();
  const file = await share.exportJson();
  expect(file.name).toMatch(/\.json$/);
  expect(JSON.parse(file.text).run.seed).toBe(99);

  // New asks first: "no" keeps everything.
  await share.newScenario(false);
  expect(await app.nodeIds()).toEqual(ids);
  await share.newScenario(true);
  await expect(app.nodes).toHaveCount(2);
  // New is one undo step: Undo gives the work back.
  await app.testId('undo').click();
  expect(await app.nodeIds()).toEqual(ids);
  expect(await share.seed()).toBe('99');
  await share.newScenario(true);
  await expect(app.nodes).toHaveCount(2);

  await share.importJson(file.name, file.text);
  await expect(app.toasts.filter({ hasText: `from ${file.name}` })).toBeVisible();
  expect(await app.nodeIds()).toEqual(ids);
  expect(await share.seed()).toBe('99');

  await share.importJson('broken.json', '{"version": 1, "name": ');
  await expect(app.toasts.filter({ hasText: 'Could not open broken.json' })).toBeVisible();
  expect(await app.nodeIds()).toEqual(ids);
  void page;
});

test('autosave brings the work back after a reload', async ({ app, page }) => {
  const share = new SharePage(app);
  await app.goto();
  await share.setSeed(4242);
  await share.waitForAutosave('4242');
  await page.reload();
  await app.expectMounted();
  expect(await share.seed()).toBe('4242');
});

test('text from a link is shown as text, never run', async ({ app, page, browser }) => {
  const payload = '<img src=x onerror=window.__xss=1>';
  const share = new SharePage(app);
  await app.goto();
  const file = await share.exportJson();
  const scenario = JSON.parse(file.text);
  scenario.name = payload;
  scenario.components[0].label = payload;
  await share.importJson('xss.json', JSON.stringify(scenario));
  // Labels are cut to fit the box; the scenario name is shown whole in the toolbar.
  await expect(app.nodes.first()).toContainText('<img src=x');
  const url = await share.share();

  const context = await browser.newContext();
  const other = new AppPage(await context.newPage());
  await other.goto(url);
  await expect(other.toasts.filter({ hasText: `Opened shared scenario '${payload}'` })).toBeVisible();
  await expect(other.nodes.first()).toContainText('<img src=x');
  await expect(other.page.locator('.scenario-name')).toHaveText(payload);
  await expect(other.page.locator('img[src="x"]')).toHaveCount(0);
  expect(await other.page.evaluate(() => (window as any).__xss)).toBeUndefined();
  other.expectNoErrors();
  await context.close();
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
});

test('embed mode shows the canvas and charts and runs by itself, even from a link', async ({ app, page, browser }) => {
  const share = new SharePage(app);
  await app.goto();
  await share.setSeed(31);
  const [base, payload] = (await share.share()).split('#');

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = new AppPage(await context.newPage());
  await other.goto(`${base}?embed=1#${payload}`);
  await expect(other.toasts.filter({ hasText: "Opened shared scenario '" })).toBeVisible();
  for (const id of ['palette', 'inspector', 'file-menu', 'share', 'undo', 'seed']) {
    await expect(other.testId(id), `${id} is hidden in embed mode`).toBeHidden();
  }
  await expect(other.diagram).toBeVisible();
  await expect(other.testId('chart-latency')).toBeVisible();
  await other.waitForClock(0.5);
  await expect(other.testId('run')).toContainText('Pause');
  // Showing a scenario in a slide must not overwrite the visitor's own autosaved work.
  await other.page.waitForTimeout(800);
  expect(await other.page.evaluate(() => localStorage.getItem('archsim.autosave'))).toBeNull();
  await other.page.screenshot({ path: 'tests/e2e/test-results/embed.png' });
  other.expectNoErrors();
  await context.close();
  void page;
});

test('presenter shortcuts: ? lists them, digits pick the speed, f fits', async ({ app, page }) => {
  await app.goto();
  await page.keyboard.press('?');
  const list = app.testId('shortcuts');
  await expect(list).toBeVisible();
  for (const key of ['Space', 'Ctrl+Z', '1 – 9', '?']) await expect(list).toContainText(key);
  await page.screenshot({ path: 'tests/e2e/test-results/shortcuts.png' });
  await page.keyboard.press('?');
  await expect(list).toBeHidden();

  await page.keyboard.press('5');
  await expect(app.testId('speed')).toHaveValue('4');
  await page.keyboard.press('1');
  await expect(app.testId('speed')).toHaveValue('0');

  await app.testId('zoom-in').click();
  const zoomed = await app.testId('zoom-level').innerText();
  await page.keyboard.press('f');
  await expect(app.testId('zoom-level')).not.toHaveText(zoomed);

  // Keys typed into a field stay in the field.
  await app.testId('seed').fill('');
  await app.testId('seed').press('7');
  await expect(app.testId('speed')).toHaveValue('0');
});

test('exports: diagram as SVG and PNG, charts as PNG, metrics as CSV', async ({ app, page }) => {
  const share = new SharePage(app);
  await app.goto();
  const ids = await app.nodeIds();

  const svg = await share.exportFile('export-svg');
  expect(svg.name).toMatch(/-diagram\.svg$/);
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
  for (const id of ids) expect(svgText).toContain(`data-node="${id}"`);
  // Standalone: the styles are inlined, so the boxes keep their fill without the stylesheet.
  expect(svgText).toMatch(/style="[^"]*fill:/);
  // It renders by itself in a page with no stylesheet.
  const shown = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await img.decode();
    return img.naturalWidth;
  }, svgText);
  expect(shown).toBeGreaterThan(100);

  const png = await share.exportFile('export-png');
  expect(png.name).toMatch(/-diagram\.png$/);
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  await writeFile('tests/e2e/test-results/exported-diagram.png', png.bytes);

  // No run yet: the CSV export says so instead of writing an empty file.
  await share.fileMenu('export-csv');
  await expect(app.toasts.filter({ hasText: 'No metrics yet' })).toBeVisible();

  await share.step(3);
  const csv = await share.exportFile('export-csv');
  expect(csv.name).toMatch(/-metrics\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^start_s,end_s,generated,completed,failed,failed_timeout,.*,p50_ms,p95_ms,p99_ms,p999_ms,throughput_rps,success_ratio,up,stale_reads,lost_writes,conflicting_writes,failovers,replication_lag_ms,duplicate_writes,degraded,retries_denied$/);
  expect(lines.length).toBe(4);
  expect(lines[1].split(',').length).toBe(lines[0].split(',').length);

  const charts = await share.exportFile('export-charts');
  expect(charts.name).toMatch(/-charts\.png$/);
  expect(charts.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  await writeFile('tests/e2e/test-results/exported-charts.png', charts.bytes);
  await page.screenshot({ path: 'tests/e2e/test-results/exports.png' });
});

test('a storage failure is shown once, not swallowed', async ({ app, page }) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'archsim.autosave') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  const share = new SharePage(app);
  await app.goto();
  await share.setSeed(5);
  const failed = app.toasts.filter({ hasText: 'Autosave failed' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('quota');
  await failed.getByRole('button', { name: 'Dismiss' }).click();
  await share.setSeed(6);
  await page.waitForTimeout(1_000);
  await expect(failed).toHaveCount(0);
});

test('a link too long to share comfortably says so and offers the JSON file', async ({ app }) => {
  const share = new SharePage(app);
  await app.goto();
  const scenario = JSON.parse((await share.exportJson()).text);
  // Text that does not compress: the link grows with it.
  let seed = 12345;
  const noise = Array.from({ length: 12_000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(33 + (seed % 90));
  }).join('');
  scenario.description = noise;
  await share.importJson('long.json', JSON.stringify(scenario));
  await expect(app.toasts.filter({ hasText: 'from long.json' })).toBeVisible();
  const url = await share.share();
  expect(url.length).toBeGreaterThan(8192);
  const warning = app.testId('share-warning');
  await expect(warning).toContainText('characters long');
  const download = app.page.waitForEvent('download');
  await warning.getByRole('button', { name: 'Download JSON' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.json$/);
});


test('the File menu closes with Escape and with a click elsewhere', async ({ app, page }) => {
  await app.goto();
  const list = app.testId('file-menu-list');
  await app.testId('file-menu').click();
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await app.testId('file-menu').click();
  await expect(list).toBeVisible();
  // An empty spot of the canvas, away from the menu and the components.
  await page.mouse.click(300, 150);
  await expect(list).toBeHidden();
});
