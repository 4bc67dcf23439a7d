// Screenshots of a client's request paths, a CDN and an API gateway with its routes, to look
// at after changing them. Not part of the test run: `SCREENSHOT=1 npx playwright test
// edge-screenshot` writes them to tests/e2e/test-results/.
import { test } from './fixtures';

test.use({ viewport: { width: 1440, height: 1300 }, deviceScaleFactor: 1 });

test('request paths, CDN and gateway inspectors @screenshot', async ({ app, page }) => {
  test.setTimeout(90_000);
  await app.goto();
  await app.buildEdge();
  await app.select('gateway-1');
  await app.setRoute('service-2', '/api/pay');
  await app.select('client-1');
  for (let i = 0; i < 3; i++) await app.testId('path-add').click();
  await app.pathRow(0, '/static/app.js', '60', true);
  await app.pathRow(1, '/api/orders', '30', false);
  await app.pathRow(2, 'api/pay', '10', false);
  await app.testId('paths-editor').scrollIntoViewIfNeeded();
  await app.nextFrames(3);
  await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-paths.png' });
  await app.pathRow(2, '/api/pay', '10', false);
  await app.testId('speed').selectOption({ label: '10×' });
  await app.run();
  await app.waitForClock(10);
  await app.run();
  await app.select('gateway-1');
  await app.testId('gateway-routes').scrollIntoViewIfNeeded();
  await app.nextFrames(3);
  await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-gateway.png' });
  await app.select('cdn-1');
  await app.nextFrames(3);
  await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/inspector-cdn.png' });
  await page.screenshot({ path: 'tests/e2e/test-results/edge-page.png' });
});
