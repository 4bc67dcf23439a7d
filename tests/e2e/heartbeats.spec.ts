// Failure detection by heartbeats: the example's load balancer probes three web servers every
// 500 ms, takes one out after 3 missed probes, and counts a probe over 60 ms as missed. Web 1's
// crash at 30.2 s is found within 1.5 s; the slow link to web 3 gets that healthy server
// taken out now and then, shown as the balancer's false suspicions. A 200 ms timeout ends them.
import { test, expect } from './fixtures';
import { SharePage } from './pages/share';

test('a crash is found after three missed probes, and a slow link is falsely suspected', async ({ app, page }) => {
  await app.goto('/?example=heartbeats');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await app.select('lb');
  await expect(app.testId('param-health_check.timeout_ms')).toHaveValue('60');
  await expect(app.testId('param-health_check.unhealthy_after')).toHaveValue('3');

  const share = new SharePage(app);
  await share.step(31);
  await expect(app.node('web-1')).toHaveClass(/down/);
  await share.step(4);
  // Taken out by 31.5 s: about 200/s × 1.3 s of its requests failed, and no more.
  const failed = await app.summaryCount('summary-failure');
  expect(failed).toBeGreaterThan(150);
  expect(failed).toBeLessThan(400);
  await app.select('lb');
  expect(await app.liveCount('live-false-suspicions')).toBeGreaterThanOrEqual(1);

  // A probe timeout longer than the slow link takes: nobody live is suspected.
  await app.setField('param-health_check.timeout_ms', '200');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await share.step(35);
  await app.select('lb');
  await expect(app.testId('live-false-suspicions')).toHaveCount(0);
  app.expectNoErrors();
});
