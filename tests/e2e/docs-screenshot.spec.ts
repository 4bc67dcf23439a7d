// The README's pictures of learning and small screens (`npm run screenshot`): the gallery, a
// lesson and the analysis at 1280×720, the dark theme, the projector scale at 1920×1080, and
// the viewer on a 390×844 phone, written to docs/.
import { test, expect } from './fixtures';

test('docs: the gallery @screenshot', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.goto();
  await app.testId('learn').click();
  await expect(app.testId('gallery')).toBeVisible();
  // Its cards are fetched when it first opens.
  await expect(app.testId('card-latency-vs-throughput')).toBeVisible();
  await page.screenshot({ path: 'docs/gallery.png' });
});

test('docs: a lesson with its claims ticked @screenshot', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.goto('/?lesson=cache-crash-stampede');
  // The lesson opens once its file has arrived; its first step sets a speed of its own.
  await expect(app.testId('player')).toBeVisible();
  await app.testId('speed').selectOption('9');
  const observations = app.testId('observation');
  await expect(observations.first()).toHaveAttribute('data-verdict', 'holds', { timeout: 20_000 });
  await expect(observations.last()).toHaveAttribute('data-verdict', 'holds', { timeout: 20_000 });
  await expect(app.toasts).toHaveCount(0, { timeout: 20_000 });
  await page.screenshot({ path: 'docs/lesson.png' });
});

test('docs: a phone @screenshot', async ({ app, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.goto();
  await app.run();
  await app.waitForClock(4);
  await page.screenshot({ path: 'docs/phone.png' });
});

test('docs: the dark theme @screenshot', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.goto();
  await app.select('cache');
  await app.run();
  await app.waitForClock(5);
  await page.screenshot({ path: 'docs/dark.png' });
});

test('docs: the projector scale @screenshot', async ({ app, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.goto('/?lesson=retry-storm');
  await expect(app.testId('player')).toBeVisible();
  await app.testId('ui-scale').click();
  await app.testId('ui-scale').click();
  await expect(app.testId('ui-scale')).toHaveAttribute('aria-label', 'Text size 2×');
  await app.waitForClock(8);
  await page.screenshot({ path: 'docs/projector.png' });
});

test('docs: the analysis @screenshot', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.goto('/?example=web-app');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await app.testId('analyze').click();
  await app.testId('seek').fill('60');
  await expect.poll(() => app.clockSeconds()).toBe(60);
  await app.select('db');
  await expect(app.testId('an-little')).toBeVisible();
  await app.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (const toast of await app.page.getByRole('button', { name: 'Dismiss' }).all()) await toast.click();
  await page.screenshot({ path: 'docs/analysis.png' });
});
