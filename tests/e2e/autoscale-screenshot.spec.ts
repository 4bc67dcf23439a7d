// Screenshots of an autoscaled service and redundant components while a run is going, to look
// at after changing them. Not part of the test run:
// `SCREENSHOT=1 npx playwright test autoscale-screenshot` writes them to tests/e2e/test-results/.
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1440, height: 1300 }, deviceScaleFactor: 1 });

test('autoscaling and redundancy on the canvas and in the inspector @screenshot', async ({ app, page }) => {
  await app.goto();
  await app.newScenario();
  await app.addByKeyboard('database');
  await app.moveBy('database-1', 330, 120);
  await app.connectWithInspector('service-1', 'database-1');
  await app.select('database-1');
  await app.setRedundancy('active_passive');
  await app.select('service-1');
  await app.setField('param-workers', '2');
  await app.enableAutoscaling({ min: 1, max: 12, interval: 2, cooldown: 2, warmup: 2 });
  await app.testId('speed').selectOption({ label: '5×' });
  await app.run();
  await expect.poll(() => app.liveInstances(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await app.select('database-1');
  await app.testId('crash').click();
  await expect(app.scaleBadge('database-1')).toHaveText('failing over');
  await app.run(); // pause, to catch the failover on screen
  await app.nextFrames(3);
  await page.screenshot({ path: 'tests/e2e/test-results/autoscale-failover-page.png' });
  await app.select('service-1');
  await app.testId('chart-instances').scrollIntoViewIfNeeded();
  await app.nextFrames(6);
  await page.screenshot({ path: 'tests/e2e/test-results/autoscale-inspector.png' });
});
