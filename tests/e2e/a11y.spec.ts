// Accessibility: axe-core finds no serious or critical violation on the main screens — the
// editor, a running design, the inspector open on a component, and a dialog (the gallery).
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the editor, a run, the inspector and the gallery have no serious axe violation', async ({ app, page }) => {
  await app.goto();
  expect(await seriousViolations(page), 'editor').toEqual([]);
  await app.run();
  await app.waitForClock(2);
  expect(await seriousViolations(page), 'running').toEqual([]);
  await app.select('cache');
  expect(await seriousViolations(page), 'inspector').toEqual([]);
  await app.testId('learn').click();
  await expect(app.testId('gallery')).toBeVisible();
  expect(await seriousViolations(page), 'gallery').toEqual([]);
});
