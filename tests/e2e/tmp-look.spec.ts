import { test, expect } from './fixtures';
for (const [w, h, name] of [[1366, 768, 'laptop'], [390, 844, 'phone']] as const) {
  test(`cache inspector ${name}`, async ({ app, page }) => {
    await page.setViewportSize({ width: w, height: h });
    await app.goto('/?example=cache-eviction');
    await expect(app.nodes).toHaveCount(8);
    if (name === 'laptop') {
      await app.select('cache-a');
      await page.getByRole('combobox', { name: /^Writes/ }).selectOption('back');
      await page.screenshot({ path: `/tmp/look-${name}.png` });
      await app.testId('inspector').evaluate((e) => e.scrollTo(0, 10000)).catch(() => {});
      await page.screenshot({ path: `/tmp/look-${name}-2.png` });
    } else {
      await page.screenshot({ path: `/tmp/look-${name}.png` });
    }
  });
}
