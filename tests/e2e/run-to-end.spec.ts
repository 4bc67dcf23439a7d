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

test('a speed the machine cannot keep up with says the speed it reaches', async ({ app }) => {
  await app.goto();
  await new SharePage(app).importJson('busy.json', busyWebApp(10_000, 10));
  // 100× of 10,000 req/s is a million requests per real second: more than a frame's budget.
  await app.testId('speed').selectOption('9');
  await app.run();
  const behind = app.testId('speed-behind');
  await expect(behind).toBeVisible();
  const reached = Number((await behind.textContent())!.replace(/[≈×]/g, ''));
  expect(reached).toBeGreaterThan(0);
  expect(reached).toBeLessThan(80);
  // At 1× it keeps up, and says nothing.
  await app.testId('speed').selectOption('2');
  await expect(behind).toBeHidden();
});

test('seek: the slider replays the run to any moment, the same run every time', async ({ app, page }) => {
  await app.goto();
  const seek = app.testId('seek');
  const summary = () => page.getByTestId('dashboard').locator('.stat-big').allTextContents();
  await seek.fill('60');
  await expect.poll(() => app.clockSeconds()).toBe(60);
  await expect(app.testId('to-end-panel')).toBeHidden();
  await expect(app.testId('run')).toContainText('Resume');
  const at60 = await summary();
  // Back to 30 s (replayed from 0 s), then forward to 60 s again: the very same figures.
  await seek.fill('30');
  await expect.poll(() => app.clockSeconds()).toBe(30);
  expect(await summary()).not.toEqual(at60);
  await seek.fill('60');
  await expect.poll(() => app.clockSeconds()).toBe(60);
  expect(await summary()).toEqual(at60);
});
