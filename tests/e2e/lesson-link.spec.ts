// A lesson travels in a link: the player's "Share lesson" puts it in a #v2. link, which opens
// the same lesson in a fresh browser (no autosave, no lesson or example file fetched) at step 1 and
// steps with the keyboard; opened over the user's own work it keeps that work one Undo away,
// and a damaged lesson link says what is wrong and changes nothing.
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { leave, ownWork } from './pages/share';
import { readFile } from 'node:fs/promises';

/** The step titles of library lesson `id`, from its file. */
async function stepTitles(id: string): Promise<string[]> {
  const lesson = JSON.parse(await readFile(`lessons/${id}.json`, 'utf8'));
  return lesson.steps.map((s: { title: string }) => s.title);
}

/** Opens lesson `id` by its deep link, presses "Share lesson" and returns the link shown. */
async function shareLesson(app: AppPage, id: string): Promise<string> {
  await app.goto(`/?lesson=${id}`);
  await expect(app.testId('player')).toBeVisible();
  await app.testId('player-share').click();
  const panel = app.testId('share-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('h3')).toHaveText('Share this lesson');
  await expect(app.testId('share-status')).not.toHaveText('Copying…');
  return app.testId('share-url').inputValue();
}

test('a shared lesson opens in a fresh browser at step 1 and steps with the keyboard', async ({ app, page, browser }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const id = 'cap-cp-vs-ap';
  const titles = await stepTitles(id);
  const url = await shareLesson(app, id);
  expect(url).toMatch(/#v2\.[A-Za-z0-9_-]+$/);
  expect(page.url()).toBe(url);
  await expect(app.testId('share-status')).toHaveText(/Copied/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.screenshot({ path: 'tests/e2e/test-results/share-lesson.png' });

  // A fresh browser context: no autosave, no history — only the link.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = new AppPage(await context.newPage());
  // cap-cp-vs-ap is built on an example: the link carries that scenario too.
  const fetched: string[] = [];
  other.page.on('request', (r) => {
    if (/\/(lessons|examples)\//.test(r.url())) fetched.push(r.url());
  });
  await other.goto(url);
  await expect(other.toasts.filter({ hasText: "Opened the shared lesson '" })).toBeVisible();
  const player = other.testId('player');
  await expect(player).toBeVisible();
  await expect(other.testId('player-step')).toHaveText(titles[0]);
  await expect(other.testId('player-progress')).toHaveText(`Step 1 of ${titles.length}`);
  for (let i = 1; i < titles.length; i++) {
    await other.page.keyboard.press(i % 2 ? 'PageDown' : 'ArrowRight');
    await expect(other.testId('player-step')).toHaveText(titles[i]);
    await expect(other.testId('player-progress')).toHaveText(`Step ${i + 1} of ${titles.length}`);
  }
  await other.page.keyboard.press('PageUp');
  await expect(other.testId('player-step')).toHaveText(titles[titles.length - 2]);
  expect(fetched).toEqual([]);
  other.expectNoErrors();
  await context.close();
});

test('a lesson link keeps the work one Undo away; a damaged one changes nothing', async ({ app, page, browser }) => {
  // Made in another browser, so this one's own work is all there is here.
  const context = await browser.newContext();
  const teacher = new AppPage(await context.newPage());
  const url = await shareLesson(teacher, 'spof-and-redundancy');
  teacher.expectNoErrors();
  await context.close();
  const payload = url.split('#')[1];

  const { share, nodes } = await ownWork(app);
  await leave(page);
  await app.goto(`/#${payload}`);
  await expect(app.testId('player')).toBeVisible();
  await expect(app.toasts.filter({ hasText: 'Undo brings back what you had' })).toBeVisible();
  await app.testId('player-close').click();
  for (let i = 0; i < 5 && (await share.seed()) !== '777'; i++) await app.undoKey();
  expect(await share.seed()).toBe('777');
  expect(await app.nodeIds()).toEqual(nodes);
  await share.waitForAutosave('777');

  // Characters changed in the middle, and the link cut short: said, and the work stays.
  const middle = Math.floor(payload.length / 2);
  const damaged = payload.slice(0, middle) + 'AAAA' + payload.slice(middle + 4);
  for (const [fragment, says] of [
    [damaged, 'This link is damaged'],
    [payload.slice(0, payload.length - 12), 'cut short'],
  ]) {
    await leave(page);
    await app.goto(`/#${fragment}`);
    const toast = app.toasts.filter({ hasText: says });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('Your current scenario is unchanged');
    await expect(app.testId('player')).toBeHidden();
    expect(await share.seed()).toBe('777');
    expect(await app.nodeIds()).toEqual(nodes);
  }
});
