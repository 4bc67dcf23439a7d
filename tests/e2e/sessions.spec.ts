// Sessions and the stateless tier: the example opens by deep link with 3,000 signed-in users,
// a sticky load balancer and three web servers keeping sessions in memory; web 2's crash at
// 30 s logs out the users pinned to it, about a third. Switching the servers' Sessions field
// to a shared store shows on the canvas and, run again, loses nobody.
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { SharePage } from './pages/share';

/** The selected service's Sessions select, found by its label as a user would. */
const sessions = (app: AppPage) => app.page.getByRole('combobox', { name: /^Sessions/ });

test('a crash behind sticky sessions logs out about a third of the users', async ({ app }) => {
  await app.goto('/?example=sessions');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await expect(app.node('lb')).toContainText('sticky sessions');
  await expect(app.node('web-2')).toContainText('1 × 8 · stateful');
  await app.select('users');
  await expect(app.testId('param-signed_in_users')).toHaveValue('3000');

  // Stepping is deterministic: 35 windows, past the crash at 30 s.
  await new SharePage(app).step(35);
  await app.select('web-2');
  const lost = await app.liveCount('live-sessions-lost');
  // ~95 % of the 3,000 users have signed in by 30 s; round robin pinned a third of them here.
  expect(lost).toBeGreaterThan(800);
  expect(lost).toBeLessThanOrEqual(1000);
  await app.select('web-1');
  await expect(app.testId('live-sessions-lost')).toHaveCount(0);
});

test('sessions in a shared store survive the crash', async ({ app, page }) => {
  await app.goto('/?example=sessions');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  for (const id of ['web-1', 'web-2', 'web-3']) {
    await app.select(id);
    await expect(sessions(app)).toHaveValue('memory');
    await sessions(app).selectOption('store');
    await expect(app.node(id)).toContainText('1 × 8 · stateless');
  }
  await expect(app.testId('problems-count')).toHaveText('No problems');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  await new SharePage(app).step(35);
  // The live figures are drawn (the cache's), and no server shows a session lost.
  await app.select('cache');
  await expect(app.testId('live-hit-ratio')).toBeVisible();
  for (const id of ['web-1', 'web-2', 'web-3']) {
    await app.select(id);
    await expect(app.testId('live-sessions-lost')).toHaveCount(0);
  }
  app.expectNoErrors();
});
