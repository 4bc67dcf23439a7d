// Frame times with 2,000 animated request dots (the budget: 60 fps in headless
// Chromium). Hardware-dependent, so not part of the default run:
//   trunk build --release && PERF=1 npx playwright test tests/e2e/dots-perf.spec.ts
// `?dots=max` turns off the density limit so the sampler fills the 2,000-dot cap.
import { test, expect } from './fixtures';

// Tracing snapshots the DOM on every action and would be measured along with the app.
test.use({ trace: 'off' });

test('2,000 dots animate at 60 fps @perf', async ({ app, page }) => {
  test.setTimeout(60_000);
  await app.goto('/?dots=max');
  await app.testId('speed').selectOption({ label: '10×' });
  await app.run();
  // The frame-time ring holds the last 600 frames (10 s): measure steady state only.
  await page.waitForTimeout(11_000);
  const perf = await app.perf();
  test.info().annotations.push({ type: 'perf', description: JSON.stringify(perf) });
  console.log('perf', JSON.stringify(perf));
  expect(await app.clockSeconds()).toBeGreaterThan(60);
  expect(perf.drawn).toBeGreaterThan(1_500);
  expect(perf.drawn).toBeLessThanOrEqual(2_000);
  expect(perf.frameP95Ms).toBeLessThan(18);
});
