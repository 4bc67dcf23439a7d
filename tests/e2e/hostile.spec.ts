// Hostile scenarios, opened as a file and as a share link (the cases live in
// crates/engine/tests/hostile/): the page keeps answering, wasm memory stays bounded, the
// message that names the problem shows, and the work that was there is still there — untouched
// when the input is refused, one Undo away when a scenario opened and then stopped on a budget.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app';
import { SharePage, leave, ownWork } from './pages/share';
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';

const MEMORY_CAP = 512 * 1024 * 1024;

const corpus = (name: string) => readFile(`crates/engine/tests/hostile/${name}`, 'utf8');

/** How long the page takes to answer a script, in ms: the median and the worst of five tries. */
async function answerMs(page: Page): Promise<{ median: number; worst: number }> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await page.evaluate(() => 1);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[2], worst: times[4] };
}

/** Checks that the page answers promptly and its wasm memory is under the cap. */
async function expectHealthy(page: Page): Promise<void> {
  const { median, worst } = await answerMs(page);
  expect(median, `the page answered in ${median.toFixed(0)} ms (median)`).toBeLessThan(200);
  expect(worst, `the page answered in ${worst.toFixed(0)} ms (worst)`).toBeLessThan(2_000);
  const bytes = await page.evaluate(() => (window as any).wasmBindings.wasm_memory_bytes() as number);
  expect(bytes, `wasm memory ${(bytes / 2 ** 20).toFixed(0)} MiB`).toBeLessThan(MEMORY_CAP);
}


test('files that are refused say why and leave the work alone', async ({ app }) => {
  const { share, nodes: ids } = await ownWork(app);
  const cases: [string, string | Promise<string>, RegExp][] = [
    ['typo-wrokers.json', corpus('typo-wrokers.json'), /`wrokers`.*did you mean `workers`/],
    ['top-level-array.json', corpus('top-level-array.json'), /list/],
    ['deep.json', '['.repeat(100_000) + ']'.repeat(100_000), /nest/i],
    ['huge.json', ' '.repeat(5 * 1024 * 1024), /5.0 MiB; a scenario file is at most 4.0 MiB/],
  ];
  for (const [name, text, says] of cases) {
    await share.importJson(name, await text);
    const toast = app.toasts.filter({ hasText: `Could not open ${name}` });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(says);
    await expect(toast).toContainText('Your current scenario is unchanged');
    await expectHealthy(app.page);
    expect(await share.seed()).toBe('777');
    expect(await app.nodeIds()).toEqual(ids);
  }
});

test('a run where time stands still stops with its cause; Undo brings the work back', async ({ app }) => {
  const { share, nodes: ids } = await ownWork(app);
  await share.importJson('still.json', await corpus('time-stands-still.json'));
  await expect(app.toasts.filter({ hasText: "Opened 'Time stands still" })).toBeVisible();
  await app.run();
  const halt = app.toasts.filter({ hasText: 'simulated time stands still' });
  await expect(halt).toBeVisible({ timeout: 30_000 });
  await expect(halt).toContainText('Clients → Server take 0 ms');
  await expectHealthy(app.page);
  expect(await app.clockSeconds()).toBe(0);
  // The design stays as it was opened, and editable; one Undo gives back what was there.
  expect(await app.nodeIds()).toEqual(['clients', 'server']);
  await app.undoKey();
  expect(await share.seed()).toBe('777');
  expect(await app.nodeIds()).toEqual(ids);
});

test('a scenario past the budgets opens with the reason and does not run', async ({ app }) => {
  const { share } = await ownWork(app);
  await share.importJson('fan-out.json', await corpus('fan-out-depth-8.json'));
  await expect(app.toasts.filter({ hasText: 'with 1 problem' })).toBeVisible();
  await expect(app.testId('problems-panel')).toContainText('calls');
  await app.run();
  await expect(app.toasts.filter({ hasText: 'before running' })).toBeVisible();
  await expectHealthy(app.page);
  expect(await app.clockSeconds()).toBe(0);
});

test('hostile links: a bomb, an endless link, and a run that stands still', async ({ app, browser }) => {
  // The link to a scenario where time stands still, made by the app itself.
  const maker = new SharePage(app);
  await app.goto();
  await maker.importJson('still.json', await corpus('time-stands-still.json'));
  const link = await maker.share();
  const base = link.split('#')[0];

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = new AppPage(await context.newPage());
  const { share, nodes: ids } = await ownWork(other);

  // 64 MiB of zeros, deflated to a link of a few dozen kilobytes.
  const crc = Buffer.alloc(4);
  const bomb = Buffer.concat([crc, deflateRawSync(Buffer.alloc(64 * 1024 * 1024))]).toString('base64url');
  for (const [hash, says] of [
    [`v1.${bomb}`, /too (big|long)/i],
    [`v1.${'A'.repeat(200_000)}`, /too long/i],
  ] as const) {
    await leave(other.page);
    await other.goto(`${base}#${hash}`);
    const toast = other.toasts.filter({ hasText: 'Your current scenario is unchanged' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(says);
    await expectHealthy(other.page);
    expect(await share.seed()).toBe('777');
    expect(await other.nodeIds()).toEqual(ids);
  }

  await leave(other.page);
  await other.goto(link);
  await expect(other.toasts.filter({ hasText: 'Undo brings back what you had' })).toBeVisible();
  await other.run();
  await expect(other.toasts.filter({ hasText: 'simulated time stands still' })).toBeVisible({ timeout: 30_000 });
  await expectHealthy(other.page);
  await other.undoKey();
  expect(await share.seed()).toBe('777');
  expect(await other.nodeIds()).toEqual(ids);
  other.expectNoErrors();
  await context.close();
});
