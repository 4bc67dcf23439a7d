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
