// The edge of a system: request paths on a client, a CDN in front of an API gateway that
// routes by path to two services; run it, read the hit ratio and the traffic per route; crash
// the origin with serve_stale on and see static reads still answered.
import { expect, test } from './fixtures';

test.describe('CDN, API gateway and request paths', () => {
  test('client → CDN → gateway → two services: hit ratio, traffic per route, stale serves while the origin is down', async ({ app }) => {
    test.setTimeout(120_000);
    await app.goto();
    await app.buildEdge();
    // Two connections without a route: two default routes, which the gateway refuses.
    await expect(app.testId('problems-count')).not.toHaveText('No problems');

    // Three paths on the client, a row each; a bad one is flagged on its row.
    await app.select('client-1');
    await app.setField('param-keys.count', '20');
    for (let i = 0; i < 3; i++) await app.testId('path-add').click();
    await expect(app.testId('path-2-row')).toBeVisible();
    await app.pathRow(0, 'static/app.js', '60', true);
    await expect(app.testId('path-0-row')).toContainText("must start with '/'");
    await app.pathRow(0, '/static/app.js', '60', true);
    await expect(app.testId('path-0-row').getByTestId('field-error')).toHaveCount(0);
    await app.pathRow(1, '/api/orders', '30', false);
    await app.pathRow(2, '/api/pay', '10', false);
    await expect(app.testId('path-0-share')).toHaveText('60 %');
    await expect(app.testId('path-2-share')).toHaveText('10 %');
    await expect(app.node('client-1')).toContainText('3 paths');
    // Remove a row and put it back.
    await app.testId('path-2-remove').click();
    await expect(app.testId('path-2-row')).toHaveCount(0);
    await app.undoKey();
    await expect(app.testId('path-2-name')).toHaveValue('/api/pay');

    // Routes on the gateway's connections: /api/pay to service 2, the rest by default to 1.
    await app.select('gateway-1');
    await app.setRoute('service-2', '/api/pay');
    await expect(app.testId('route-gateway-1-service-2')).toHaveText('/api/pay');
    await app.select('gateway-1');
    await expect(app.testId('route-input-service-2')).toHaveValue('/api/pay');

    // A short TTL, so copies expire and the origin's outage needs stale serving.
    await app.select('cdn-1');
    await app.setField('param-ttl_ms', '1000');
    await app.testId('param-serve_stale').check();
    await expect(app.node('cdn-1')).toContainText('stale');
    await expect(app.testId('problems-count')).toHaveText('No problems');
    // Long enough that the run is still going when the origin crashes.
    await app.deselect();
    await app.setField('run-duration_s', '600');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(8);
    await expect(app.testId('summary-cdn')).toContainText('%');
    await expect.poll(async () => parseFloat(await app.testId('summary-cdn').innerText())).toBeGreaterThan(5);
    await expect(app.testId('summary-cdn').locator('xpath=..')).toContainText('offload');
    await app.select('cdn-1');
    await expect(app.testId('live-hit-ratio')).toContainText('%');
    await expect(app.testId('live-offload')).toContainText('%');
    await app.select('gateway-1');
    await expect(app.testId('route-traffic-service-1')).toContainText('req');
    await expect(app.testId('route-traffic-service-2')).toContainText('req');
    await expect.poll(async () => parseFloat((await app.testId('route-traffic-service-2').innerText()).replace(/,/g, ''))).toBeGreaterThan(10);
    await expect(app.testId('live-no-route')).toHaveText('0');

    // The origin goes down: static reads are served stale, API calls fail.
    await app.testId('crash').click();
    await expect(app.node('gateway-1')).toHaveClass(/down/);
    await app.select('cdn-1');
    await expect.poll(async () => app.liveCount('live-stale'), { timeout: 20_000 }).toBeGreaterThan(50);
    const stale = await app.liveCount('live-stale');
    await expect.poll(async () => app.liveCount('live-stale'), { timeout: 20_000 }).toBeGreaterThan(stale + 50);
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('component down');
  });

  test('a path no route takes is answered 404 and counted apart', async ({ app }) => {
    await app.goto();
    await app.newScenario();
    await app.deleteConnection('client-1', 'service-1');
    await app.addByKeyboard('api-gateway');
    await app.connectWithInspector('client-1', 'gateway-1');
    await app.connectWithInspector('gateway-1', 'service-1');
    await app.select('gateway-1');
    await app.setRoute('service-1', '/api');
    await app.select('client-1');
    await app.testId('path-add').click();
    await app.pathRow(0, '/admin', '1', false);
    await app.testId('path-add').click();
    await app.pathRow(1, '/api/users', '1', false);
    await expect(app.testId('problems-count')).toHaveText('No problems');

    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect.poll(() => app.summaryCount('summary-no-route')).toBeGreaterThan(100);
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('404');
    await app.select('gateway-1');
    await expect(app.testId('gateway-no-route')).toContainText('matched no route');
    // Half the paths route: about half the requests succeed.
    await expect.poll(() => app.successPct()).toBeLessThan(70);
    await expect.poll(() => app.successPct()).toBeGreaterThan(30);
  });
});
