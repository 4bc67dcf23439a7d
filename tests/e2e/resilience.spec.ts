// Resilience journeys: a circuit breaker that opens on a crashed database, retries that
// apply a write twice until idempotency keys are switched on, an optional dependency and a
// cache that fall back instead of failing. Every test fails on a console error.
import { test, expect } from './fixtures';

test.describe('resilience', () => {
  test('a circuit breaker opens when its database crashes and requests fail fast as "circuit open"', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.addByKeyboard('database');
    await expect(app.node('database-1')).toBeVisible();
    await app.connectWithInspector('service-1', 'database-1');

    await app.selectEdge('service-1', 'database-1');
    await expect(app.testId('conn-breaker-window')).toHaveCount(0);
    await app.testId('conn-breaker').check();
    await expect(app.testId('conn-breaker-window')).toHaveValue('20');
    await app.setField('conn-breaker-open-ms', '3000');
    await expect(app.testId('conn-breaker-open-ms')).toHaveValue('3000');
    await app.setField('conn-breaker-failure-threshold', '40');
    await expect(app.breakerPill('service-1', 'database-1', 'closed')).toBeVisible();
    await expect(app.testId('problems-count')).toHaveText('No problems');

    await app.select('database-1');
    await app.testId('crash').click();
    await expect(app.node('database-1')).toHaveClass(/down/);

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    // Open for 3 s at a time, half-open only for the few ms of a trial call.
    await expect(app.breakerPill('service-1', 'database-1', 'open')).toBeVisible({ timeout: 20_000 });
    await expect(app.edge('service-1', 'database-1')).toHaveClass(/breaker-open/);
    await expect.poll(() => app.summaryCount('summary-circuit-open')).toBeGreaterThan(100);
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('circuit open');

    await app.selectEdge('service-1', 'database-1');
    await expect(app.testId('breaker-state')).toHaveText(/open/);
    await expect(app.testId('breaker-live')).toContainText('Tripped');
  });

  test('retried writes whose answers come too late are applied twice, until idempotency keys are on', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.addByKeyboard('database');
    await expect(app.node('database-1')).toBeVisible();
    await app.connectWithInspector('service-1', 'database-1');

    // Only writes, and the client gives up after 10 ms: the service (20 ms) and the write
    // (15 ms) finish after every timeout, so each retry writes again.
    await app.select('client-1');
    await app.setField('param-read_ratio', '0');
    await app.setField('param-timeout_ms', '10');
    await app.setField('param-retry.max_retries', '2');
    await expect(app.testId('param-retry_budget')).not.toBeChecked();
    await expect(app.testId('summary-duplicates')).toBeVisible();

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(4);
    await expect.poll(() => app.summaryCount('summary-duplicates')).toBeGreaterThan(50);

    // With keys the database recognises the retries: a fresh run has no duplicates.
    await app.run();
    await app.select('client-1');
    await app.testId('param-idempotency_keys').check();
    await expect(app.testId('param-idempotency_keys')).toBeChecked();
    await app.run();
    await app.waitForClock(4);
    await expect.poll(() => app.requests()).toBeGreaterThan(200);
    expect(await app.summaryCount('summary-duplicates')).toBe(0);

    // A retry budget caps the retries: its fields appear with the switch.
    await app.testId('param-retry_budget').check();
    await expect(app.testId('param-retry_budget.ratio')).toHaveValue('20');
  });

  test('an optional dependency that crashes degrades answers instead of failing them', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.addByKeyboard('external-api');
    await expect(app.node('external-api-1')).toBeVisible();
    await app.connectWithInspector('service-1', 'external-api-1');
    await app.setField('param-workers', '32');

    await app.selectEdge('service-1', 'external-api-1');
    await app.testId('conn-optional').check();
    await expect(app.edge('service-1', 'external-api-1')).toHaveClass(/optional/);
    await expect(app.testId('summary-degraded')).toBeVisible();

    await app.select('external-api-1');
    await app.testId('crash').click();
    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect.poll(() => app.summaryCount('summary-degraded')).toBeGreaterThan(100);
    expect(await app.successPct()).toBe(100);
  });

  test('a cache that falls back to its database keeps the site up while it is down', async ({ app }) => {
    await app.goto();
    await app.select('cache');
    await app.testId('param-fallback_when_down').check();
    await expect(app.node('cache')).toContainText('fallback');
    await app.testId('crash').click();
    await expect(app.node('cache')).toHaveClass(/down/);

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect.poll(() => app.requests()).toBeGreaterThan(500);
    await expect.poll(() => app.successPct()).toBeGreaterThan(99);
    await expect.poll(() => app.summaryCount('cache-fallbacks')).toBeGreaterThan(100);
  });
});

// Not part of the test run: `SCREENSHOT=1 npx playwright test resilience` writes it to
// tests/e2e/test-results/ to look at after changing the breaker's drawing or inspector.
test.describe('resilience screenshot', () => {
  test.use({ viewport: { width: 1440, height: 1100 }, deviceScaleFactor: 1 });

  test('breakers on the diagram and in the connection inspector @screenshot', async ({ app, page }) => {
    await app.goto();
    for (const api of ['api-1', 'api-2']) {
      await app.selectEdge(api, 'cache');
      await app.testId('conn-breaker').check();
      await app.setField('conn-breaker-open-ms', '4000');
    }
    await app.selectEdge('api-3', 'cache');
    await app.testId('conn-optional').check();
    await app.select('cache');
    await app.testId('crash').click();
    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(6);
    await app.run();
    await app.selectEdge('api-1', 'cache');
    await app.nextFrames(3);
    await page.screenshot({ path: 'tests/e2e/test-results/resilience-page.png' });
    await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-breaker.png' });
  });
});
