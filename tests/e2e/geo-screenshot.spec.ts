// A screenshot of two regions behind a DNS during a zone outage, at the smallest supported
// window, to judge the zone tags and the DNS node. Not part of the test run:
// `SCREENSHOT=1 npx playwright test geo-screenshot` writes tests/e2e/test-results/geo-page.png.
import { test } from './fixtures';

test.use({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });

test('two regions behind a DNS, one zone down @screenshot', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.goto();
  await app.buildTwoRegions('2');
  await app.testId('zoom-fit').click();
  await app.testId('speed').selectOption({ label: '10×' });
  await app.run();
  await app.waitForClock(5);
  await app.select('load-balancer-1');
  await app.testId('component-zone-outage').click();
  await app.waitForClock(12);
  await app.select('dns-1');
  await app.nextFrames(3);
  await page.screenshot({ path: 'tests/e2e/test-results/geo-page.png' });
  await app.deselect();
  await app.testId('zones-editor').scrollIntoViewIfNeeded();
  await app.nextFrames(3);
  await app.testId('inspector').screenshot({ path: 'tests/e2e/test-results/geo-zones-editor.png' });
});
