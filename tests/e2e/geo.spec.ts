// Zones, regions and DNS: a user builds users → DNS → a load balancer and a service in each of
// two regions, runs it, takes the primary's zone down, and watches the DNS fail over once the
// outage is detected and the cached answer's TTL has run out.
import { test, expect } from './fixtures';

test.describe('zones, regions and DNS', () => {
  test('a zone outage fails over to the other region after detection + TTL, and the zone comes back', async ({ app }) => {
    test.setTimeout(120_000);
    await app.goto();
    await app.buildTwoRegions('2');
    // Zone membership is drawn on the canvas, coloured by region.
    await expect(app.node('load-balancer-1').getByTestId('zone-tag')).toHaveClass(/zone-r0/);
    await expect(app.node('load-balancer-2').getByTestId('zone-tag')).toHaveClass(/zone-r1/);
    await expect(app.testId('summary-dns')).toBeVisible();

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect(app.testId('summary-failure')).toHaveText('none');
    // Failover sends everything to the primary (the first target) while it is healthy.
    await app.select('load-balancer-2');
    expect(await app.selectedArrivalRps()).toBe(0);

    // Take the primary's zone down from its load balancer's break panel.
    await app.select('load-balancer-1');
    await app.testId('component-zone-outage').click();
    const outageAt = await app.clockSeconds();
    await expect(app.node('load-balancer-1')).toHaveClass(/down/);
    await expect(app.node('service-1')).toHaveClass(/down/);
    await expect(app.node('client-1')).not.toHaveClass(/down/);
    await expect(app.node('load-balancer-2')).not.toHaveClass(/down/);
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('component down');

    // Checks every 0.5 s, out after 1 s down, answers cached for 2 s: at most 3.5 s of
    // failures. Well after that the count no longer moves, and Europe gets the traffic.
    await app.waitForClock(outageAt + 6);
    const failedAfterFailover = await app.summaryCount('summary-failure');
    expect(failedAfterFailover).toBeGreaterThan(0);
    await app.waitForClock(outageAt + 10);
    expect(await app.summaryCount('summary-failure')).toBe(failedAfterFailover);
    await app.select('load-balancer-2');
    await expect.poll(() => app.selectedArrivalRps()).toBeGreaterThan(10);

    // The outage is in the fault timeline; restoring the zone brings both back.
    await app.deselect();
    await expect(app.testId('fault-entry').first()).toContainText("Outage of zone 'us-east-1a'");
    await app.testId('zone-0-restore').click();
    await expect(app.node('load-balancer-1')).not.toHaveClass(/down/);
    await expect(app.node('service-1')).not.toHaveClass(/down/);
    await expect(app.testId('fault-entry').nth(1)).toContainText("Restore zone 'us-east-1a'");
  });

  test('the DNS fields follow the policy, and unknown zones are named on the component', async ({ app }) => {
    await app.goto();
    await app.addByKeyboard('dns');
    await expect(app.testId('param-policy')).toHaveValue('round_robin');
    await expect(app.testId('dns-no-health')).toBeVisible();
    await expect(app.testId('param-check_interval_ms')).toHaveCount(0);
    await app.testId('param-policy').selectOption('geo');
    await expect(app.testId('param-check_interval_ms')).toHaveValue('1000');
    await expect(app.testId('param-detection_ms')).toHaveValue('3000');
    await app.setField('param-ttl_s', '-1');
    await expect(app.testId('component-inspector').getByTestId('field-error')).toContainText('ttl_s must be at least 0');

    // Renaming a zone moves its components along; the cross-region latency is editable.
    await app.addZones(2);
    await app.setZone('dns-1', 'us-east-1b');
    await app.deselect();
    await app.testId('zone-name-1').fill('us-east-1c');
    await app.testId('zone-name-1').press('Tab');
    await expect(app.node('dns-1').getByTestId('zone-tag')).toHaveText('us-east-1c');
    await app.setField('net-cross-region-a', '75');
    await expect(app.testId('net-cross-region-a')).toHaveValue('75');
    // A region left empty is an error on the zone's row.
    await app.testId('zone-region-1').fill('');
    await app.testId('zone-region-1').press('Tab');
    await expect(app.testId('zone-1')).toContainText('its region is empty');
  });
});
