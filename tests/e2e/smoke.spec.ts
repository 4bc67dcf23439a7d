// Smoke test: the release build loads, the wasm app mounts, and nothing errors on the way.
import { test, expect } from './fixtures';

test('the app loads and mounts without errors', async ({ app, page }) => {
  await app.goto();
  await expect(page).toHaveTitle(/archsim/);
  await expect(app.root).toBeVisible();
  await expect(app.root).not.toBeEmpty();
  // Leptos renders after the wasm starts: <noscript> stays hidden and the body is not blank.
  await expect(page.locator('noscript')).toBeHidden();
  await app.nextFrames();
});
