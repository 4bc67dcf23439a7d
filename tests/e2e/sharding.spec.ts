// Shard routers: build clients → shard router → three database shards and a spare, watch the
// load per shard (the hot shard of Zipf keys), then reshard and see the moved-key misses.
import { test, expect } from './fixtures';
import type { AppPage } from './pages/app';

/** client-1 → shard-router-1 → database-1..4, the first three live shards, the fourth a spare. */
async function buildShardedDiagram(app: AppPage): Promise<void> {
  await app.goto();
  await app.newScenario();
  await app.select('service-1');
  await app.testId('delete-component').click();
  await expect(app.nodes).toHaveCount(1);
  // Dropped apart on the canvas (added from the keyboard, they would stack in the middle).
  await app.addByDrag('shard-router', 400, 190);
  await expect(app.node('shard-router-1')).toBeVisible();
  await expect(app.node('shard-router-1')).toContainText('ring · 100 vnodes');
  for (let i = 1; i <= 4; i++) {
    await app.addByDrag('database', 650, 50 + (i - 1) * 95);
    await expect(app.node(`database-${i}`)).toBeVisible();
  }
  await app.connectWithInspector('client-1', 'shard-router-1');
  for (let i = 1; i <= 4; i++) await app.connectWithInspector('shard-router-1', `database-${i}`);
  await app.select('shard-router-1');
  await app.setField('param-active_shards', '3');
  await expect(app.testId('problems-count')).toHaveText('No problems');
}

test.describe('shard routers', () => {
  test('the strategy decides the fields; wrong values show the engine message', async ({ app }) => {
    await buildShardedDiagram(app);
    await expect(app.testId('param-strategy')).toHaveValue('consistent_hash');
    await expect(app.testId('param-vnodes')).toHaveValue('100');
    await app.testId('param-strategy').selectOption('range');
    await expect(app.testId('param-vnodes')).toHaveCount(0);
    await expect(app.node('shard-router-1')).toContainText('key ranges');
    // Three live shards need two boundaries: one is refused with the engine's message.
    await app.setField('param-boundaries', '5000');
    await expect(app.testId('field-error')).toContainText('3 live shards need 2 range boundaries, got 1');
    await app.setField('param-boundaries', '100, 5000');
    await expect(app.testId('field-error')).toHaveCount(0);
    await app.testId('param-strategy').selectOption('directory');
    await expect(app.testId('param-lookup_ms')).toHaveValue('1');
    await app.testId('param-migration').selectOption('penalty');
    await expect(app.testId('param-migration_penalty_ms')).toHaveValue('20');
    await app.setField('param-migration_rate_kps', '500');
    await expect(app.testId('param-migration_rate_kps')).toHaveValue('500');
    await app.setField('param-active_shards', '9');
    await expect(app.testId('field-error')).toContainText('live shards must be at most its 4 connection(s), got 9');
  });

  test('runs with a hot shard, then a reshard brings the spare in and keys miss once', async ({ app }) => {
    await buildShardedDiagram(app);
    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await app.select('shard-router-1');
    const rows = app.shardRows;
    await expect(rows).toHaveCount(4);
    // Zipf keys: the shard holding the hottest key carries more than an even third.
    await expect(app.page.locator('[data-testid="shard-row"].hot')).toHaveCount(1);
    await expect(rows.nth(3)).toHaveClass(/spare/);
    await expect(rows.nth(3)).toContainText('0.0 %');
    await expect(app.testId('shard-hot')).toContainText('an even split is 33.3 %');
    expect(await app.movedKeyMisses()).toBe(0);
    await expect(app.testId('summary-hot-shard')).not.toHaveText('–');

    await app.reshard(4);
    await expect(app.toasts.filter({ hasText: "Reshard 'Shard router 1' to 4 shards" })).toBeVisible();
    await expect(app.testId('shard-reshard')).toContainText('3 → 4 shards', { timeout: 20_000 });
    // About a quarter of the keys moved to the new shard: their first requests miss.
    await expect.poll(() => app.movedKeyMisses(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(rows.nth(3)).not.toHaveClass(/spare/);
    await expect.poll(async () => parseFloat(await rows.nth(3).locator('.shard-pct').innerText())).toBeGreaterThan(0);

    // The reshard is in the fault timeline (the scenario panel, with nothing selected).
    await app.page.keyboard.press('Escape');
    await expect(app.testId('fault-timeline')).toContainText("Reshard 'Shard router 1' to 4 shards");
  });

  test('shard router inspector @screenshot', async ({ app, page }) => {
    await page.setViewportSize({ width: 1440, height: 1300 });
    await buildShardedDiagram(app);
    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(4);
    await app.select('shard-router-1');
    await app.reshard(4);
    await app.waitForClock(8);
    await app.run();
    await app.nextFrames(3);
    await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-shard-router.png' });
    await page.screenshot({ path: 'tests/e2e/test-results/shard-router-page.png' });
  });
});
