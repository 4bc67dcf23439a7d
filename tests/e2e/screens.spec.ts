// Phones and tablets: on a phone the diagram spans the width and runs, two fingers pinch it,
// one pans it, and a tap on a component shows its live figures; on a tablet the palette and
// the inspector are drawers, the toolbar folds into a "More" menu and the diagram gets the
// screen.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app';

/** The world group's zoom and pan, from its `translate(x y) scale(z)`. */
async function view(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const t = (await page.locator('g.world').getAttribute('transform')) ?? '';
  const m = t.match(/translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)/);
  if (!m) throw new Error(`no view in '${t}'`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

test('on a phone: the diagram spans the width, runs, pinches, pans and taps for live figures', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.goto();
  const canvas = (await app.testId('canvas').boundingBox())!;
  expect(canvas.width).toBeGreaterThan(370);
  expect(canvas.height).toBeGreaterThan(400);
  await expect(app.testId('phone-note')).toBeVisible();
  await expect(app.testId('palette')).not.toBeInViewport();
  await expect(app.testId('inspector')).not.toBeInViewport();
  await app.run();
  await app.waitForClock(2);
  await page.screenshot({ path: 'tests/e2e/test-results/phone-running.png' });

  // Two fingers moving apart zoom in around their midpoint.
  const cdp = await context.newCDPSession(page);
  const touch = (type: string, points: [number, number][]) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map(([x, y], id) => ({ x, y, id })),
    });
  const cx = canvas.x + canvas.width / 2;
  const cy = canvas.y + canvas.height / 2;
  const before = await view(page);
  await touch('touchStart', [[cx - 40, cy], [cx + 40, cy]]);
  for (let k = 1; k <= 5; k++) await touch('touchMove', [[cx - 40 - 8 * k, cy], [cx + 40 + 8 * k, cy]]);
  await touch('touchEnd', []);
  const pinched = await view(page);
  expect(pinched.zoom / before.zoom).toBeGreaterThan(1.6);

  // One finger on empty canvas pans.
  const y = canvas.y + 20;
  await touch('touchStart', [[cx, y]]);
  for (let k = 1; k <= 5; k++) await touch('touchMove', [[cx + 10 * k, y + 6 * k]]);
  await touch('touchEnd', []);
  const panned = await view(page);
  expect(panned.x - pinched.x).toBeGreaterThan(30);
  expect(panned.zoom).toBeCloseTo(pinched.zoom, 6);

  // A tap on a component opens its live figures.
  await app.testId('zoom-fit').evaluate((b: HTMLButtonElement) => b.click());
  const id = (await app.nodeIds())[1];
  const box = (await page.locator(`[data-node="${id}"] .node-box`).boundingBox())!;
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await expect(app.testId('inspector')).toBeInViewport();
  await page.screenshot({ path: 'tests/e2e/test-results/phone-tap.png' });
  app.expectNoErrors();
  await context.close();
});

test('on a tablet: drawers for the palette and the inspector, the diagram gets the screen', async ({ app, page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await app.goto();
  const canvas = (await app.testId('canvas').boundingBox())!;
  expect(canvas.width).toBeGreaterThan(800);
  await expect(app.testId('palette')).not.toBeInViewport();
  await app.testId('toggle-palette').click();
  await expect(app.testId('palette')).toBeInViewport();
  await page.screenshot({ path: 'tests/e2e/test-results/tablet-palette.png' });
  const count = (await app.nodeIds()).length;
  await app.paletteItem('service').click();
  expect((await app.nodeIds()).length).toBe(count + 1);
  // Adding closes the palette and shows the new component in the inspector.
  await expect(app.testId('palette')).not.toBeInViewport();
  await expect(app.testId('inspector')).toBeInViewport();
  await page.keyboard.press('Escape');
  await expect(app.testId('inspector')).not.toBeInViewport();
  // The toolbar is one row; what does not fit folds into "More", undo included.
  expect((await app.testId('toolbar').boundingBox())!.height).toBeLessThanOrEqual(60);
  await expect(app.testId('undo')).toBeHidden();
  await app.testId('more').click();
  await expect(app.testId('more-panel')).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'tests/e2e/test-results/tablet-more.png' });
  await app.testId('undo').click();
  expect((await app.nodeIds()).length).toBe(count);
  await page.keyboard.press('Escape');
  await expect(app.testId('undo')).toBeHidden();
});

test('reduced motion: no moving dots; a busier connection is drawn thicker', async ({ app, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.goto();
  await expect(app.testId('legend')).toContainText('Reduced motion');
  await app.run();
  await app.waitForClock(4);
  await app.nextFrames(5);
  expect((await app.perf()).drawn).toBe(0);
  const width = (id: string) =>
    page.getByTestId(id).locator('.edge-line').evaluate((e) => parseFloat(getComputedStyle(e).strokeWidth));
  // Every request crosses Users → LB; a third of them LB → API 1.
  await expect.poll(() => width('edge-users-lb')).toBeGreaterThan(9);
  const api = await width('edge-lb-api-1');
  expect(api).toBeGreaterThan(3);
  expect(api).toBeLessThan(9);
  await page.screenshot({ path: 'tests/e2e/test-results/reduced-motion.png' });
});

test('on a phone the page scrolls down to the charts', async ({ app, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.goto();
  const chart = page.locator('canvas.chart').last();
  await expect(chart).not.toBeInViewport();
  await page.mouse.move(195, 700);
  await page.mouse.wheel(0, 3000);
  await expect(chart).toBeInViewport();
});
