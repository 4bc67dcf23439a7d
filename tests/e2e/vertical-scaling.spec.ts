// Vertical scaling: the example opens with an API on a small machine (4 workers, $0.10 an
// hour) and a resize to large at 10 s with a 5 s restart. The size replaces the workers field,
// names itself on the canvas and prices the design in the summary strip; stepping through the
// restart shows the machine down, then back. The Break it panel resizes it again, now.
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { SharePage } from './pages/share';

/** The selected component's Machine size select, found by its label as a user would. */
const size = (app: AppPage) => app.page.getByRole('combobox', { name: /^Machine size/ });

test('a machine size sets the workers and the price, and a resize restarts the machine', async ({ app, page }) => {
  await app.goto('/?example=vertical-scaling');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await expect(app.node('api')).toContainText('1 × small');
  await expect(app.testId('summary-machines')).toHaveText('$0.10/h');
  await app.select('api');
  await expect(size(app)).toHaveValue('small');
  // The size sets the workers: the field gives way to it, and comes back for a custom size.
  await expect(app.testId('param-workers')).toHaveCount(0);
  await size(app).selectOption('custom');
  await expect(app.testId('param-workers')).toBeVisible();
  await expect(app.node('api')).toContainText('1 × 8 workers');
  await expect(app.testId('summary-machines')).toHaveCount(0);
  await size(app).selectOption('medium');
  await expect(app.node('api')).toContainText('1 × medium');
  await expect(app.testId('summary-machines')).toHaveText('$0.20/h');
  await expect(app.testId('summary-machines').locator('xpath=..')).toContainText('$146 a month as built');
  await size(app).selectOption('small');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // The example's resize, in words, in the fault timeline (the scenario's inspector).
  await app.deselect();
  await expect(app.testId('fault-entry')).toHaveCount(1);
  await expect(app.testId('fault-entry')).toContainText("Resize 'API' to large (5 s restart)");

  // Down while it restarts (10–15 s), then up on the large machine.
  const share = new SharePage(app);
  await share.step(12);
  await expect(app.node('api')).toHaveClass(/down/);
  await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('component down');
  await share.step(6);
  await expect(app.node('api')).not.toHaveClass(/down/);

  // Resize again from the Break it panel: to the largest size, the ceiling.
  await app.select('api');
  await expect(app.testId('resize-size')).toHaveValue('xlarge');
  await expect(app.testId('resize-help')).toContainText('It is down for its 30 s restart');
  await app.testId('resize').click();
  await share.step(1);
  await expect(app.node('api')).toHaveClass(/down/);
  await expect(app.testId('resize-help')).toContainText('It is on the largest machine already');
  await app.deselect();
  await expect(app.testId('fault-entry')).toHaveCount(2);
  await expect(app.testId('fault-entry').nth(1)).toContainText("Resize 'API' to xlarge (30 s restart)");

  // A client has no machine to resize.
  await app.select('users');
  await expect(app.testId('resize')).toHaveCount(0);
  app.expectNoErrors();
});
