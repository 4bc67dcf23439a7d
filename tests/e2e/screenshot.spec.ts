// Refreshes docs/screenshot.png (the README screenshot) at 1440×900, the laptop resolution.
// Not part of the test run: `npm run screenshot` (after `trunk build --release`) runs it.
import { test } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });

test('README screenshot @screenshot', async ({ app, page }) => {
  await app.goto();
  // Show the app doing something: start the default scenario and let requests flow, e.g.
  //   await app.run(); await page.waitForTimeout(3_000);
  // once AppPage has a `run()` helper.
  await app.nextFrames(10);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
