// Screenshots of the app at a phone, a tablet, a laptop and a desktop size, in the light and
// the dark theme, running the default design, for looking at (`npm run screenshot`):
// tests/e2e/test-results/screen-<size>-<theme>.png.
import { test } from './fixtures';

const sizes = [
  ['phone', 390, 844],
  ['tablet', 820, 1180],
  ['laptop', 1280, 720],
  ['desktop', 1920, 1080],
] as const;

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, width, height] of sizes) {
    test(`screen ${name} ${width}×${height} ${scheme} @screenshot`, async ({ app, page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await app.goto();
      await app.run();
      await app.waitForClock(3);
      await page.screenshot({ path: `tests/e2e/test-results/screen-${name}-${scheme}.png` });
    });
  }
}
