// Accessibility: axe-core finds no serious or critical violation on the main screens — the
// editor, a running design, the inspector open on a component, the analysis, a dialog (the
// gallery) and a challenge.
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the editor, a run, the inspector and the gallery have no serious axe violation (${scheme})`, async ({ app, page }) => {
    // Seven axe scans of the whole page, a few seconds each on a 2-core machine.
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await app.goto();
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    expect(await seriousViolations(page), 'editor').toEqual([]);
    await app.run();
    await app.waitForClock(2);
    expect(await seriousViolations(page), 'running').toEqual([]);
    await app.select('cache');
    expect(await seriousViolations(page), 'inspector').toEqual([]);
    // The analysis: its panel, a component's theory and the marks on the diagram.
    await app.testId('analyze').click();
    await expect(app.testId('analysis-panel')).toBeVisible();
    expect(await seriousViolations(page), 'analysis').toEqual([]);
    await app.select('db');
    await expect(app.testId('theory')).toBeVisible();
    expect(await seriousViolations(page), 'theory').toEqual([]);
    await app.testId('learn').click();
    await expect(app.testId('gallery')).toBeVisible();
    // Its cards are fetched when it first opens.
    await expect(app.testId('card-latency-vs-throughput')).toBeVisible();
    expect(await seriousViolations(page), 'gallery').toEqual([]);
    // A challenge: its panel over the canvas.
    await app.testId('card-degrade-gracefully').click();
    await expect(app.testId('challenge')).toBeVisible();
    expect(await seriousViolations(page), 'challenge').toEqual([]);
  });
}

/** The colour of a chart canvas's top-left pixel, where the panel's background shows. */
async function chartCorner(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="chart-latency"]') as HTMLCanvasElement;
    return Array.from(c.getContext('2d')!.getImageData(2, 2, 1, 1).data.slice(0, 3));
  });
}

test('dark theme: follows the system, the toggle overrides it for good, charts follow', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.goto();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  // The page and the charts are dark: slate-800 panels (30, 41, 59).
  await expect.poll(() => chartCorner(page)).toEqual([30, 41, 59]);
  const toggle = app.testId('theme-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // The user prefers light: the page, its form controls and the charts turn light...
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => chartCorner(page)).toEqual([255, 255, 255]);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('light');
  // ...and stay light on the next visit, although the system is still dark.
  await page.reload();
  await app.expectMounted();
  await expect(html).toHaveAttribute('data-theme', 'light');
  // Choosing what the system shows forgets the choice: the app follows the system again.
  await app.testId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => localStorage.getItem('archsim-theme'))).toBeNull();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test('keyboard only: add a component, pick one, run, break it and share, with focus in sight', async ({ app, page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.goto();
  const count = (await app.nodeIds()).length;
  // Add: a palette item takes Enter.
  await app.paletteItem('service').focus();
  await page.keyboard.press('Enter');
  expect((await app.nodeIds()).length).toBe(count + 1);
  // Pick a component: components are in the tab order and take Enter.
  await page.keyboard.press('Escape');
  await app.node('cache').focus();
  const ring = await app.node('cache').locator('.node-box').evaluate((e) => getComputedStyle(e).strokeWidth);
  expect(parseFloat(ring)).toBeGreaterThanOrEqual(3);
  await page.keyboard.press('Enter');
  await expect(app.testId('break-panel')).toBeVisible();
  // Run with Space (from the canvas, not a button), break with the crash button.
  await app.node('cache').focus();
  await page.keyboard.press('Space');
  await app.waitForClock(1);
  await app.testId('crash').focus();
  await page.keyboard.press('Enter');
  await expect(app.node('cache')).toHaveClass(/down/);
  await expect(app.testId('announcer')).toContainText('Cache is down.');
  // Share.
  await app.testId('share').focus();
  await page.keyboard.press('Enter');
  await expect(app.testId('share-panel')).toBeVisible();
});
