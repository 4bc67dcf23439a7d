// The analysis (#15): what queueing theory predicts beside what the run measures, and the
// single points of failure and the bottleneck marked on the diagram.
//
// The M/M/1 example offers 80 req/s to one worker of 10 ms exponential work: ρ = 0.8 and
// W = S / (1 − ρ) = 50 ms. The web-app example has one balancer and one cache in every
// request's path (each a SPOF), a database that only writes need (a SPOF for writes), and
// three equal services that share the highest ρ.
import { test, expect } from './fixtures';
import { SharePage } from './pages/share';

test('theory beside the run: Erlang C for M/M/1 inside the run’s 95 % interval', async ({ app, page }) => {
  await app.goto('/?example=mm1');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await app.testId('analyze').click();
  await expect(app.testId('analyze')).toHaveAttribute('aria-pressed', 'true');

  const panel = app.testId('analysis-panel');
  await expect(app.testId('analysis-bottleneck')).toContainText('is the bottleneck (ρ = 0.80)');
  await expect(app.testId('analysis-bottleneck')).toContainText('1.25× to about 100 req/s');
  await expect(app.node('server').getByTestId('node-analysis')).toHaveText('SPOF · bottleneck');
  await expect(app.node('clients').getByTestId('node-analysis')).toHaveCount(0);

  const card = app.testId('analysis-server');
  await expect(card.getByTestId('an-λ').locator('.an-predicted')).toHaveText('80 /s');
  await expect(card.getByTestId('an-ρ').locator('.an-predicted')).toHaveText('0.80');
  await expect(card.getByTestId('an-W').locator('.an-predicted')).toHaveText('50.0 ms');
  await expect(card.getByTestId('an-W').locator('.an-run')).toHaveText('–');

  // Five simulated minutes: the run's mean time in system, ± half its 95 % interval,
  // holds 50 ms, and the row says so.
  await app.testId('seek').fill('300');
  await expect.poll(() => app.clockSeconds(), { timeout: 30_000 }).toBe(300);
  const w = card.getByTestId('an-W');
  await expect(w.locator('.an-run')).toContainText('±');
  const [mean, half] = (await w.locator('.an-run').textContent())!
    .replace(' ms', '')
    .split(' ± ')
    .map(Number);
  expect(Math.abs(mean - 50)).toBeLessThanOrEqual(half);
  await expect(w.locator('td').last()).toHaveText('✓');
  await expect(card.getByTestId('an-ρ').locator('td').last()).toHaveText('✓');

  // The server's own inspector: its theory, with Little's law on the run.
  await card.getByRole('button', { name: 'Server' }).click();
  await expect(app.testId('theory')).toBeVisible();
  await expect(app.testId('theory-spof')).toContainText('Single point of failure');
  await expect(app.testId('an-little')).toContainText('✓');

  // Closed, the diagram's marks go and the scenario's settings come back.
  await app.deselect(true);
  await app.testId('analysis-close').click();
  await expect(panel).toHaveCount(0);
  await expect(app.testId('scenario-inspector')).toBeVisible();
  await expect(page.getByTestId('node-analysis')).toHaveCount(0);
  app.expectNoErrors();
});

test('single points of failure: the balancer and the cache for all, the database for writes', async ({ app }) => {
  await app.goto('/?example=web-app');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await app.testId('analyze').click();
  await expect(app.node('lb').getByTestId('node-analysis')).toHaveText('SPOF');
  await expect(app.node('cache').getByTestId('node-analysis')).toHaveText('SPOF');
  await expect(app.node('db').getByTestId('node-analysis')).toHaveText('SPOF · writes');
  for (const api of ['api-1', 'api-2', 'api-3']) {
    await expect(app.node(api).getByTestId('node-analysis')).toHaveText('Bottleneck');
  }
  await expect(app.testId('analysis-spof')).toHaveCount(3);
  await expect(app.testId('analysis-bottleneck')).toContainText('are the bottleneck (ρ = 0.33)');
  // At list prices: 44 workers and connections at $0.025/h, a cache node at $0.05/h, and the
  // balancer's node and 789 M requests a month.
  await expect(app.testId('analysis-cost')).toContainText('$937 a month at list prices');
  await expect(app.testId('analysis-cost-part')).toHaveCount(6);
  await expect(app.testId('analysis-cost-part').first()).toContainText('20 connections at $0.50/h');

  // A second balancer node (active-passive) is no longer a SPOF.
  await app.select('lb');
  await app.setRedundancy('active_passive');
  await expect(app.node('lb').getByTestId('node-analysis')).toHaveCount(0);
  await app.deselect(true);
  await expect(app.testId('analysis-spof')).toHaveCount(2);
  app.expectNoErrors();
});

// 470 clients of 64 paths each, through a chain of 29 rate limiters: the largest design the
// limits allow, with 30,000 request classes to follow through every limiter. The analysis
// answers (within the test's timeout, not a frozen tab) and names the busiest.
function manyClasses(): string {
  const lat = { dist: 'constant', ms: 1 };
  const clients = Array.from({ length: 470 }, (_, i) => ({
    id: `c${i}`,
    params: {
      type: 'client',
      traffic: { model: 'open', process: 'poisson', rate: { shape: 'spike', base_rps: 10, peak_rps: 20, at_s: 5, duration_s: 3 } },
      read_ratio: 0.9,
      keys: { dist: 'uniform', count: 100 },
      timeout_ms: 1000,
      paths: Array.from({ length: 64 }, (_, j) => ({ path: `/p${j}`, weight: 1, static: false })),
    },
  }));
  const limiters = Array.from({ length: 29 }, (_, j) => ({
    id: `rl${j}`,
    params: { type: 'rate_limiter', algorithm: { algorithm: 'token_bucket', rate_rps: 450, burst: 200 }, scope: 'global' },
  }));
  const api = {
    id: 'api',
    params: { type: 'service', instances: 1, workers: 8, service_time: { dist: 'exponential', mean_ms: 5 }, queue_capacity: 100 },
  };
  const connections = [
    ...clients.map((c) => ({ from: c.id, to: 'rl0', latency: lat })),
    ...limiters.slice(1).map((l, j) => ({ from: `rl${j}`, to: l.id, latency: lat })),
    { from: 'rl28', to: 'api', latency: lat },
  ];
  return JSON.stringify({
    version: 1,
    name: 'Many classes',
    components: [...clients, ...limiters, api],
    connections,
    run: { seed: 1, duration_s: 10, warmup_s: 0, window_ms: 1000 },
  });
}

test('the largest design is analysed in bounded time', async ({ app }) => {
  await app.goto();
  await new SharePage(app).importJson('many-classes.json', manyClasses());
  await expect(app.node('rl28')).toBeVisible();
  await app.testId('analyze').click();
  await expect(app.testId('analysis-bottleneck')).toContainText('api is the bottleneck');
  await expect(app.node('api').getByTestId('node-analysis')).toHaveText('SPOF · bottleneck');
  app.expectNoErrors();
});
