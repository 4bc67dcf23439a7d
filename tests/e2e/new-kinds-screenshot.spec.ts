// Screenshots of the palette and of a rate limiter's inspector, to look at after changing them.
// Not part of the test run: `SCREENSHOT=1 npx playwright test new-kinds-screenshot` (after
// `trunk build --release`) writes them to tests/e2e/test-results/.
import { test } from './fixtures';

// Tall enough for the whole palette and the rate limiter's inspector down to its failures.
test.use({ viewport: { width: 1440, height: 1300 }, deviceScaleFactor: 1 });

test('palette and rate limiter inspector @screenshot', async ({ app, page }) => {
  await app.goto();
  await app.newScenario();
  await app.addByKeyboard('rate-limiter');
  await app.select('service-1');
  await app.testId('failures-enabled').check();
  await app.select('rate-limiter-1');
  await app.testId('failures-enabled').check();
  await app.testId('random-failures').scrollIntoViewIfNeeded();
  await app.nextFrames(3);
  await app.testId('palette').screenshot({ path: 'tests/e2e/test-results/palette.png' });
  await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-rate-limiter.png' });
  await page.screenshot({ path: 'tests/e2e/test-results/new-kinds-page.png' });
});

test('a replicated database after a failover @screenshot', async ({ app, page }) => {
  await app.goto();
  await app.newScenario();
  await app.addByKeyboard('database');
  await app.connectWithInspector('service-1', 'database-1');
  await app.moveBy('database-1', 160, 150);
  await app.select('database-1');
  await app.enableReplication();
  await app.setField('param-replication.lag-a', '500');
  await app.setField('param-replication.detection_ms', '1000');
  await app.testId('speed').selectOption({ label: '10×' });
  await app.run();
  await app.waitForClock(3);
  await app.testId('crash').click();
  await app.waitForClock(6);
  await app.run();
  await app.testId('param-replication.partition_mode').scrollIntoViewIfNeeded();
  await app.nextFrames(3);
  await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-replication.png' });
  await page.screenshot({ path: 'tests/e2e/test-results/replication-page.png' });
});
