// Refreshes docs/screenshot.png (the README screenshot) at 1440×900, the laptop resolution.
// Not part of the test run: `npm run screenshot` (after `trunk build --release`) runs it.
import { test } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });

test('README screenshot @screenshot', async ({ app, page }) => {
  await app.goto();
  // Show the default architecture working: requests in flight and charts with some history.
  await app.testId('speed').selectOption({ label: '10×' });
  await app.run();
  await app.waitForClock(40, 30_000);
  await app.nextFrames(5);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
