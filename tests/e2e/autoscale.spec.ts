// Autoscaling and redundancy: a service that adds instances when a traffic spike makes it
// busy, and an active-passive database that fails over to its standby and keeps serving.
import { expect, test } from './fixtures';

test.describe('autoscaling and redundancy', () => {
  test('an autoscaled service grows its instances after a traffic spike', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.select('service-1');
    // 100 rps × 20 ms = 2 busy workers of 4: 50 %, under the 60 % target at one instance.
    await app.setField('param-workers', '4');
    await expect(app.testId('param-autoscale.enabled')).toBeVisible();
    await app.enableAutoscaling({ min: 1, max: 10, interval: 2, cooldown: 2, warmup: 1 });
    await expect(app.testId('param-autoscale.target_utilization')).toHaveValue('60');
    await expect(app.testId('problems-count')).toHaveText('No problems');
    await expect(app.node('service-1')).toContainText('1–10 × 4 · auto');
    await expect(app.scaleBadge('service-1')).toHaveText('auto 1–10');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(6);
    await expect(app.testId('live-instances')).toHaveText('1');
    await expect(app.testId('chart-instances')).toBeVisible();
    const before = await app.chartImage('instances');

    // ×5 for 30 s: 500 rps × 20 ms = 10 busy workers, ceil(10 / (4 × 0.6)) = 5 instances.
    await app.page.keyboard.press('Escape');
    await app.testId('spike-seconds').fill('30');
    await app.testId('spike-seconds').press('Enter');
    await app.testId('spike-5').click();
    await app.select('service-1');
    await expect.poll(() => app.liveInstances(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    await expect(app.scaleBadge('service-1')).toHaveText(/^×\d+/);
    await expect(app.testId('live-scalings')).toContainText('mean');
    await expect.poll(() => app.chartImage('instances')).not.toBe(before);
    app.expectNoErrors();
  });

  test('an active-passive database fails over to its standby and keeps serving', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.addByKeyboard('database');
    await expect(app.node('database-1')).toBeVisible();
    await app.connectWithInspector('service-1', 'database-1');
    await app.select('database-1');
    await expect(app.testId('redundancy')).toBeVisible();
    await app.setRedundancy('active_passive');
    // The fields follow the mode: a standby and a failover time, no node count.
    await expect(app.testId('redundancy-standby')).toHaveValue('hot');
    await expect(app.testId('redundancy-failover')).toHaveValue('3000');
    await expect(app.testId('redundancy-nodes')).toHaveCount(0);
    await app.testId('redundancy-standby').selectOption('cold');
    await expect(app.testId('redundancy-failover')).toHaveValue('30000');
    await app.testId('redundancy-standby').selectOption('hot');
    await app.setField('redundancy-failover', '4000');
    await expect(app.scaleBadge('database-1')).toHaveText('×2 hot');
    await expect(app.node('database-1').locator('.node-stack')).toHaveCount(1);

    await app.testId('speed').selectOption({ label: '5×' });
    await app.run();
    await app.waitForClock(4);
    await expect(app.testId('live-nodes')).toHaveText('2/2 up');
    await app.testId('crash').click();
    // Down while the standby takes over…
    await expect(app.scaleBadge('database-1')).toHaveText('failing over');
    await expect(app.node('database-1')).toHaveClass(/down/);
    await expect.poll(() => app.successPct(), { timeout: 20_000 }).toBeLessThan(100);
    // …then the standby serves: up again, one node left.
    await expect(app.node('database-1')).not.toHaveClass(/down/, { timeout: 20_000 });
    await expect(app.testId('live-nodes')).toHaveText('standby serving, 1/2 up');
    await expect(app.scaleBadge('database-1')).toHaveText('1/2 up');
    await expect(app.testId('live-availability')).toContainText('1 failover');
    // It keeps serving: the success ratio climbs back as requests succeed again.
    const after = await app.successPct();
    await app.waitForClock((await app.clockSeconds()) + 4);
    await expect.poll(() => app.successPct()).toBeGreaterThan(after);
    // Recover brings the crashed node back, as the new standby.
    await app.testId('recover').click();
    await expect(app.scaleBadge('database-1')).toHaveText('standby');
    await expect(app.testId('live-nodes')).toHaveText('standby serving, 2/2 up');

    // Active-active shows a node count instead.
    await app.setRedundancy('active_active');
    await expect(app.testId('redundancy-nodes')).toHaveValue('2');
    await expect(app.testId('redundancy-failover')).toHaveCount(0);
    app.expectNoErrors();
  });
});
