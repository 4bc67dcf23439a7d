// User journeys through the app: open, build, connect, run, watch, break, recover, undo.
// Every test fails on a console error (see fixtures.ts).
import { test, expect } from './fixtures';

test.describe('opening the app', () => {
  test('shows the default architecture with a hint', async ({ app, page }) => {
    await app.goto();
    await expect(app.nodes).toHaveCount(7);
    await expect(app.edges).toHaveCount(8);
    await expect(app.node('users')).toContainText('Users');
    await expect(app.testId('hint')).toContainText('Press Run');
    // Nothing selected: the inspector shows the scenario settings.
    await expect(app.testId('scenario-inspector')).toBeVisible();
    await expect(app.testId('problems-count')).toHaveText('No problems');
    // Every node is inside the visible canvas (fit to view).
    const canvas = await app.testId('canvas').boundingBox();
    for (const id of await app.nodeIds()) {
      const b = await app.node(id).boundingBox();
      expect(b && canvas && b.x >= canvas.x && b.x + b.width <= canvas.x + canvas.width, id).toBeTruthy();
    }
    const firstFrameMs = await page.evaluate(() => (window as any).archsimFirstFrameMs);
    expect(firstFrameMs).toBeGreaterThan(0);
    test.info().annotations.push({ type: 'first canvas frame (ms after navigation)', description: String(firstFrameMs) });
  });
});

test.describe('editing', () => {
  test('adds a component by dragging it from the palette', async ({ app }) => {
    await app.goto();
    await app.addByDrag('service', 120, 60);
    await expect(app.nodes).toHaveCount(8);
    await expect(app.node('service-4')).toBeVisible();
    // The new component is selected and inspected.
    await expect(app.testId('component-inspector')).toContainText('Service');
    await expect(app.testId('component-name')).toHaveValue('Service 4');
  });

  test('adds a component with the keyboard', async ({ app }) => {
    await app.goto();
    await app.addByKeyboard('queue');
    await expect(app.nodes).toHaveCount(8);
    await expect(app.node('queue-1')).toBeVisible();
    await expect(app.testId('component-name')).toHaveValue('Message queue 1');
    // Again: it lands beside the first, not on top of it.
    await app.addByKeyboard('queue');
    await expect(app.nodes).toHaveCount(9);
    const a = await app.node('queue-1').boundingBox();
    const b = await app.node('queue-2').boundingBox();
    expect(a && b && (a.x !== b.x || a.y !== b.y)).toBeTruthy();
  });

  test('connects components by dragging from a port and with "Connect to…"', async ({ app }) => {
    await app.goto();
    await app.addByKeyboard('service');
    await expect(app.node('service-4')).toBeVisible();
    await app.connectByDrag('lb', 'service-4');
    await expect(app.edge('lb', 'service-4')).toBeVisible();
    await expect(app.testId('connection-inspector')).toBeVisible();
    // The inspector's choice connects too.
    await app.select('service-4');
    await app.testId('connect-to').selectOption('db');
    await expect(app.edge('service-4', 'db')).toBeVisible();
    await expect(app.edges).toHaveCount(10);
  });

  test('refuses a connection into a client with a message', async ({ app }) => {
    await app.goto();
    await app.connectByDrag('db', 'users');
    await expect(app.toasts.first()).toContainText(/client/i);
    await expect(app.edges).toHaveCount(8);
  });

  test('refuses a cycle with a message', async ({ app }) => {
    await app.goto();
    await app.connectByDrag('db', 'lb');
    await expect(app.toasts.first()).toContainText(/loop|cycle/i);
    await expect(app.edges).toHaveCount(8);
  });

  test('undoes and redoes a delete, a move and a rename', async ({ app, page }) => {
    await app.goto();
    await app.select('api-3');
    await page.keyboard.press('Delete');
    await expect(app.nodes).toHaveCount(6);
    await expect(app.edges).toHaveCount(6);
    await app.undoKey();
    await expect(app.nodes).toHaveCount(7);
    await expect(app.edges).toHaveCount(8);
    await app.redoKey();
    await expect(app.nodes).toHaveCount(6);
    await app.testId('undo').click();
    await expect(app.nodes).toHaveCount(7);

    // A drag is one undo step.
    const before = await app.node('db').boundingBox();
    await app.moveBy('db', 60, 80);
    const after = await app.node('db').boundingBox();
    expect(after!.y).toBeGreaterThan(before!.y + 40);
    await app.undoKey();
    await expect.poll(async () => (await app.node('db').boundingBox())!.y).toBeCloseTo(before!.y, 0);

    // Renaming in the inspector; Ctrl+Z inside the text field belongs to the field.
    await app.select('cache');
    await app.testId('component-name').fill('Redis');
    await app.testId('component-name').press('Enter');
    await expect(app.node('cache')).toContainText('Redis');
    await app.diagram.click({ position: { x: 10, y: 10 } });
    await app.undoKey();
    await expect(app.node('cache')).toContainText('Cache');
  });

  test('shows validation problems on the component they name', async ({ app }) => {
    await app.goto();
    await app.select('api-1');
    await app.testId('param-workers').fill('0');
    await app.testId('param-workers').press('Enter');
    await expect(app.node('api-1')).toHaveClass(/invalid/);
    await expect(app.testId('field-error').first()).toContainText('workers');
    await expect(app.testId('problems-button')).toHaveClass(/errors/);
    // Running is refused until it is fixed; nothing is lost.
    await app.run();
    await expect(app.toasts.first()).toContainText(/Fix 1 problem/);
    await expect(app.nodes).toHaveCount(7);
    await app.testId('param-workers').fill('8');
    await app.testId('param-workers').press('Enter');
    await expect(app.node('api-1')).not.toHaveClass(/invalid/);
  });
});

test.describe('running', () => {
  test('runs: the clock, counters and charts change', async ({ app }) => {
    await app.goto();
    const latencyBefore = await app.chartImage('latency');
    const throughputBefore = await app.chartImage('throughput');
    await app.testId('speed').selectOption({ label: '5×' });
    await app.run();
    await expect(app.testId('hint')).toBeHidden();
    await app.waitForClock(8);
    await expect.poll(() => app.requests()).toBeGreaterThan(500);
    await expect.poll(() => app.successPct()).toBeGreaterThan(95);
    await expect(app.testId('summary-p99')).toContainText('ms');
    await expect(app.node('api-1').getByTestId('node-live')).toBeVisible();
    await expect.poll(() => app.chartImage('latency')).not.toBe(latencyBefore);
    await expect.poll(() => app.chartImage('throughput')).not.toBe(throughputBefore);
    // Pause keeps everything.
    await app.run();
    const paused = await app.clockSeconds();
    await app.nextFrames(10);
    expect(await app.clockSeconds()).toBe(paused);
    // Step advances one window (1 s).
    await app.testId('step').click();
    await expect.poll(() => app.clockSeconds()).toBeCloseTo(paused + 1, 0);
    // Reset goes back to 0.
    await app.testId('reset').click();
    await expect.poll(() => app.clockSeconds()).toBe(0);
  });

  test('crash a component and see errors rise; recover', async ({ app }) => {
    await app.goto();
    await app.testId('speed').selectOption({ label: '5×' });
    await app.run();
    await app.waitForClock(6);
    await app.select('cache');
    await app.testId('crash').click();
    await expect(app.node('cache')).toHaveClass(/down/);
    await expect(app.node('cache')).toContainText('DOWN');
    await expect.poll(() => app.successPct(), { timeout: 20_000 }).toBeLessThan(99);
    await app.testId('recover').click();
    await expect(app.node('cache')).not.toHaveClass(/down/);
    // Both actions are in the fault timeline (nothing selected shows it).
    await app.page.keyboard.press('Escape');
    await expect(app.testId('fault-entry')).toHaveCount(2);
    await expect(app.testId('fault-timeline')).toContainText("Crash 'Cache'");
  });

  test('partition a connection and heal it', async ({ app }) => {
    await app.goto();
    await app.testId('speed').selectOption({ label: '5×' });
    await app.run();
    await app.waitForClock(3);
    await app.edge('lb', 'api-1').locator('.edge-hit').click({ force: true });
    await expect(app.testId('connection-inspector')).toBeVisible();
    await app.testId('partition').click();
    await expect(app.edge('lb', 'api-1')).toHaveClass(/partitioned/);
    await app.testId('heal').click();
    await expect(app.edge('lb', 'api-1')).not.toHaveClass(/partitioned/);
  });

  test('a behaviour change during a run restarts it with a message', async ({ app }) => {
    await app.goto();
    await app.testId('speed').selectOption({ label: '5×' });
    await app.run();
    await app.waitForClock(3);
    // Moving does not restart.
    await app.moveBy('db', 0, 40);
    expect(await app.clockSeconds()).toBeGreaterThan(2);
    await app.select('api-1');
    await app.testId('param-workers').fill('4');
    await app.testId('param-workers').press('Enter');
    await expect(app.toasts.filter({ hasText: 'Diagram changed' })).toBeVisible();
    await expect.poll(() => app.clockSeconds()).toBe(0);
  });
});

test.describe('rate limiters, blob storage, external APIs and random failures', () => {
  test('a rate limiter with a low token-bucket rate turns requests away with 429s; crashing it stops all traffic', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    // The new component lands in the middle of the view, on this connection: delete it first.
    await app.deleteConnection('client-1', 'service-1');
    await app.addByKeyboard('rate-limiter');
    await expect(app.node('rate-limiter-1')).toBeVisible();
    await expect(app.testId('component-name')).toHaveValue('Rate limiter 1');
    await app.connectWithInspector('client-1', 'rate-limiter-1');
    await app.connectWithInspector('rate-limiter-1', 'service-1');
    await expect(app.testId('problems-count')).toHaveText('No problems');

    // The client sends 100 rps; the bucket lets 10 rps through.
    await app.select('rate-limiter-1');
    await expect(app.testId('param-algorithm')).toHaveValue('token_bucket');
    await app.setField('param-rate_rps', '10');
    await app.setField('param-burst', '5');
    await expect(app.node('rate-limiter-1')).toContainText('bucket · 10 rps');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect.poll(() => app.summaryCount('summary-rate-limited')).toBeGreaterThan(100);
    // 429s are load shed on purpose, not the system's top failure.
    await expect(app.testId('summary-failure')).toHaveText('none');

    await app.testId('crash').click();
    await expect(app.node('rate-limiter-1')).toHaveClass(/down/);
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('component down', { timeout: 20_000 });
  });

  test('switching the algorithm keeps the allowance', async ({ app }) => {
    await app.goto();
    await app.addByKeyboard('rate-limiter');
    await expect(app.testId('param-burst')).toBeVisible();
    await app.setField('param-rate_rps', '50');
    await app.testId('param-algorithm').selectOption('sliding_log');
    await expect(app.testId('param-limit')).toHaveValue('50');
    await expect(app.testId('param-window_ms')).toHaveValue('1000');
    await expect(app.testId('param-burst')).toHaveCount(0);
    await app.testId('param-scope').selectOption('per_client');
    await expect(app.testId('param-scope')).toHaveValue('per_client');
    // The same holds for every kind whose fields depend on a choice, e.g. a cache's policy.
    await app.select('cache');
    await app.testId('param-mode').selectOption('fixed');
    await expect(app.testId('param-hit_ratio')).toBeVisible();
  });

  test('blob storage errors fail requests as dependency errors; crashing it fails them all', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.addByKeyboard('blob-storage');
    await expect(app.node('blob-storage-1')).toBeVisible();
    // A leaf: no output port, and nothing to connect to.
    await expect(app.testId('port-blob-storage-1')).toHaveCount(0);
    await app.setField('param-error_rate', '20');
    await app.connectWithInspector('service-1', 'blob-storage-1');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('dependency error');
    await expect.poll(() => app.successPct()).toBeLessThan(95);

    await app.select('blob-storage-1');
    await app.testId('crash').click();
    await expect(app.node('blob-storage-1')).toHaveClass(/down/);
    await expect.poll(() => app.successPct(), { timeout: 20_000 }).toBeLessThan(60);
  });

  test('an external API adds its latency; crashing it fails the requests that need it', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.addByKeyboard('external-api');
    await expect(app.node('external-api-1')).toBeVisible();
    await app.setField('param-error_rate', '0');
    await app.connectWithInspector('service-1', 'external-api-1');
    // Each worker waits for the API (~110 ms mean): 8 workers could not keep up with 100 rps.
    await app.setField('param-workers', '32');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect.poll(() => app.successPct()).toBeGreaterThan(95);
    // Its median is 80 ms: the p99 of the whole request is at least that.
    await expect.poll(async () => parseFloat(await app.testId('summary-p99').innerText())).toBeGreaterThan(80);

    await app.select('external-api-1');
    await app.testId('crash').click();
    await expect(app.node('external-api-1')).toHaveClass(/down/);
    await expect.poll(() => app.successPct(), { timeout: 20_000 }).toBeLessThan(80);
  });

  test('random failures with the chaos switch on show the availability and the run completes', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.select('service-1');
    await expect(app.testId('random-failures')).toBeVisible();
    await app.testId('failures-enabled').check();
    await app.setField('failures-mtbf', '4');
    await app.setField('failures-mttr', '1');
    await expect(app.testId('failures-availability')).toContainText('80.0 %');
    await expect(app.testId('failures-chaos-off')).toBeVisible();
    // Clients have no random failures.
    await app.select('client-1');
    await expect(app.testId('random-failures')).toHaveCount(0);

    await app.page.keyboard.press('Escape');
    await app.testId('run-chaos').check();
    await expect(app.testId('chaos-count')).toContainText('1 component has random failures');
    await app.setField('run-duration_s', '20');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(20, 30_000);
    await expect.poll(() => app.requests()).toBeGreaterThan(1000);
    // Down about a fifth of the time: some requests fail, most succeed.
    await expect.poll(() => app.successPct()).toBeLessThan(99);
    expect(await app.successPct()).toBeGreaterThan(40);
  });
});
