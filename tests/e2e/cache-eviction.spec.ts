// Cache eviction: the example opens by deep link with an LRU and an LFU cache on the same
// traffic; a cache's Eviction field switches its policy, which its line on the canvas shows,
// reselecting keeps, Undo and Redo walk, a share link carries and a run measures.
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { SharePage } from './pages/share';

/** The selected cache's Eviction select, found by its label as a user would. */
const eviction = (app: AppPage) => app.page.getByRole('combobox', { name: /^Eviction/ });

test('switching a cache from LRU to FIFO shows on the canvas, survives reselecting, undoes and travels in a link', async ({
  app,
  page,
  browser,
}) => {
  await app.goto('/?example=cache-eviction');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await expect(app.nodes).toHaveCount(8);
  await expect(app.node('cache-a')).toContainText('Cache (LRU)');
  await expect(app.node('cache-a')).toContainText('LRU · 100 keys');
  await expect(app.node('cache-b')).toContainText('LFU · 100 keys');

  await app.select('cache-a');
  await expect(eviction(app)).toBeVisible();
  await expect(eviction(app)).toHaveValue('lru');
  await expect(app.testId('param-eviction')).toHaveValue('lru');
  await eviction(app).selectOption('fifo');
  await expect(app.node('cache-a')).toContainText('FIFO · 100 keys');
  await expect(app.node('cache-b')).toContainText('LFU · 100 keys');
  await expect(app.testId('problems-count')).toHaveText('No problems');

  // Each cache keeps its own policy.
  await app.select('cache-b');
  await expect(eviction(app)).toHaveValue('lfu');
  await app.select('cache-a');
  await expect(eviction(app)).toHaveValue('fifo');

  // One Undo puts LRU back, Redo FIFO again (the shortcuts act with the focus off the field).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await app.undoKey();
  await expect(app.node('cache-a')).toContainText('LRU · 100 keys');
  await expect(eviction(app)).toHaveValue('lru');
  await app.redoKey();
  await expect(app.node('cache-a')).toContainText('FIFO · 100 keys');
  await expect(eviction(app)).toHaveValue('fifo');

  // A share link carries the policy to a fresh browser context.
  const url = await new SharePage(app).share();
  await page.keyboard.press('Escape');
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = new AppPage(await context.newPage());
  await other.goto(url);
  await expect(other.toasts.filter({ hasText: "Opened shared scenario '" })).toBeVisible();
  await expect(other.node('cache-a')).toContainText('FIFO · 100 keys');
  await expect(other.node('cache-b')).toContainText('LFU · 100 keys');
  await other.select('cache-a');
  await expect(eviction(other)).toHaveValue('fifo');
  other.expectNoErrors();
  await context.close();
});

test('the LFU cache hits more often than the LRU one on the same traffic', async ({ app }) => {
  await app.goto('/?example=cache-eviction');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  // Stepping is deterministic: 30 windows of simulated time, whatever the machine's speed.
  await new SharePage(app).step(30);
  const hitRatio = async (id: string) => {
    await app.select(id);
    return app.liveCount('live-hit-ratio');
  };
  const lru = await hitRatio('cache-a');
  const lfu = await hitRatio('cache-b');
  expect(lru).toBeGreaterThan(25);
  expect(lfu).toBeGreaterThan(lru + 5);
});
