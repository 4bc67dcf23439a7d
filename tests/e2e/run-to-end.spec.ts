// Run to the end: a long run goes flat out without the animation, shows how far it is and how
// fast it goes, Cancel stops it where it is, and the figures are those of a watched run.
import { test, expect } from './fixtures';
import { busyWebApp } from './pages/busy';
import { SharePage } from './pages/share';

test('run to the end: progress, Cancel where it is, then on to the end', async ({ app, page }) => {
  await app.goto();
  await new SharePage(app).importJson('busy.json', busyWebApp(5_000, 10));
  await app.testId('to-end').click();
  const panel = app.testId('to-end-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Running to the end');
  // The page stays responsive while it runs: the panel's own numbers move.
  await expect.poll(async () => Number(await panel.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await app.testId('to-end-cancel').click();
  await expect(panel).toBeHidden();
  const stoppedAt = await app.clockSeconds();
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(600);
  await app.nextFrames(5);
  expect(await app.clockSeconds(), 'Cancel pauses where it is').toBe(stoppedAt);
  // On to the end: the clock reaches 10 minutes and the run says it finished.
  await app.testId('to-end').click();
  await expect.poll(() => app.clockSeconds(), { timeout: 60_000 }).toBe(600);
  await expect(panel).toBeHidden();
  await expect(app.toasts.filter({ hasText: 'Run finished' })).toHaveCount(1);
});
