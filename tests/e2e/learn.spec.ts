// Learning: the gallery lists every lesson and example and opens each; deep links open a
// lesson or an example and keep the user's work one Undo away; an unknown id, or a lesson
// whose file cannot be fetched, says so and changes nothing; the lesson player steps with the
// keyboard and its observations turn ✓.
import { test, expect } from './fixtures';
import type { AppPage } from './pages/app';
import { leave, ownWork } from './pages/share';
import { readdir } from 'node:fs/promises';

const ids = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));


/** Plays at the fastest speed (a step's speed action may have changed it). */
async function fastest(app: AppPage): Promise<void> {
  await app.testId('speed').selectOption('9');
}

test('the gallery shows every lesson and example, searches, and opens each card', async ({ app, page }) => {
  // 43 cards, each opening a scenario (and a lesson its first step's run): about 20 s.
  test.setTimeout(120_000);
  const lessons = await ids('lessons');
  const examples = await ids('examples');
  await app.goto();
  // The lessons and examples are files the gallery fetches when it first opens.
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (/\/(lessons|examples)\/[^/]+\.json$/.test(r.url())) fetched.push(new URL(r.url()).pathname);
  });
  await app.testId('learn').click();
  const gallery = app.testId('gallery');
  await expect(gallery).toBeVisible();
  for (const id of [...lessons, ...examples]) await expect(app.testId(`card-${id}`)).toBeVisible();
  await page.screenshot({ path: 'tests/e2e/test-results/gallery.png' });

  await app.testId('gallery-search').fill('cache crash stampede');
  await expect(gallery.locator('.card')).toHaveCount(1);
  await expect(app.testId('card-cache-crash-stampede')).toBeVisible();
  await app.testId('gallery-search').fill('no such thing at all');
  await expect(gallery).toContainText("Nothing matches 'no such thing at all'.");
  await app.testId('gallery-search').fill('');
  expect(fetched.length).toBe(lessons.length + examples.length);
  expect(new Set(fetched).size, 'each file fetched once').toBe(fetched.length);

  for (const id of examples) {
    if (!(await gallery.isVisible())) await app.testId('learn').click();
    await app.testId(`card-${id}`).click();
    await expect(gallery).toBeHidden();
    await expect(app.toasts.filter({ hasText: 'Opened the example' }).last()).toBeVisible();
    expect((await app.nodeIds()).length).toBeGreaterThan(1);
  }
  for (const id of lessons) {
    await app.testId('learn').click();
    await app.testId(`card-${id}`).click();
    await expect(app.testId('player')).toBeVisible();
    await expect(app.testId('player-progress')).toHaveText(/^Step 1 of \d+$/);
  }
  await app.page.keyboard.press('Escape');
  // Opening them fetched nothing again.
  expect(fetched.length).toBe(lessons.length + examples.length);
});

// A queueing lesson, five caching lessons (cache-aside surviving its cache's crash; a cold
// cache; eviction policies; request coalescing and TTL jitter; write-through against
// write-back, whose crash loses writes), a data lesson and the web tier's sessions (a crash
// logs a sticky server's users out), stepped with the keyboard: every
// observation of every step turns ✓ as the run reaches its window.
for (const id of [
  'latency-vs-throughput',
  'cache-aside',
  'cache-crash-stampede',
  'cache-eviction-policies',
  'hot-key-stampede',
  'cache-write-policies',
  'read-replicas',
  'stateless-web-tier',
]) {
  test(`lesson ${id} by deep link: every step's observations turn ✓`, async ({ app, page }) => {
    const { share, nodes } = await ownWork(app);
    await app.goto(`/?lesson=${id}`);
    const player = app.testId('player');
    await expect(player).toBeVisible();
    // The query is gone once opened: a reload restores the work, not the lesson.
    expect(new URL(page.url()).search).toBe('');
    const steps = Number((await app.testId('player-progress').innerText()).match(/of (\d+)/)![1]);
    for (let i = 1; i <= steps; i++) {
      await expect(app.testId('player-progress')).toHaveText(`Step ${i} of ${steps}`);
      await fastest(app);
      const observations = app.testId('observation');
      const n = await observations.count();
      for (let k = 0; k < n; k++) {
        await expect(observations.nth(k), await observations.nth(k).innerText()).toHaveAttribute('data-verdict', 'holds', {
          timeout: 20_000,
        });
      }
      if (i === 1) await page.screenshot({ path: `tests/e2e/test-results/lesson-${id}.png` });
      if (i < steps) await page.keyboard.press(i % 2 ? 'PageDown' : 'ArrowRight');
    }
    // Back with the keyboard, then the lesson closes and Undo walks back to the own work.
    await page.keyboard.press('PageUp');
    await expect(app.testId('player-progress')).toHaveText(`Step ${steps - 1} of ${steps}`);
    await app.testId('player-close').click();
    await expect(player).toBeHidden();
    for (let i = 0; i < 3 * steps + 2 && (await share.seed()) !== '777'; i++) await app.undoKey();
    expect(await share.seed()).toBe('777');
    expect(await app.nodeIds()).toEqual(nodes);
  });
}

test('an example by deep link keeps the work one Undo away; an unknown id changes nothing', async ({ app, page }) => {
  const { share, nodes } = await ownWork(app);
  await app.goto('/?example=mm1');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  expect(await app.nodeIds()).not.toEqual(nodes);
  await app.undoKey();
  expect(await share.seed()).toBe('777');
  expect(await app.nodeIds()).toEqual(nodes);
  await share.waitForAutosave('777');

  for (const [query, says] of [
    ['?lesson=no-such-lesson', "There is no lesson called 'no-such-lesson'"],
    ['?example=%3Cimg%20src%3Dx%3E', "There is no example called 'imgsrcx'"],
  ]) {
    await leave(page);
    await app.goto(`/${query}`);
    const toast = app.toasts.filter({ hasText: says });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('Your current scenario is unchanged');
    expect(await share.seed()).toBe('777');
    expect(await app.nodeIds()).toEqual(nodes);
  }
});

test('a lesson whose file cannot be fetched says so and changes nothing', async ({ app, page }) => {
  const { share, nodes } = await ownWork(app);
  await leave(page);
  // As if offline for this one file.
  const file = '**/lessons/retry-storm.json';
  await page.route(file, (route) => route.abort('internetdisconnected'));
  await app.goto('/?lesson=retry-storm');
  const toast = app.toasts.filter({ hasText: "The lesson 'retry-storm' could not be opened" });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('lessons/retry-storm.json: the request failed');
  await expect(toast).toContainText('Your current scenario is unchanged');
  await expect(app.testId('player')).toBeHidden();
  expect(await share.seed()).toBe('777');
  expect(await app.nodeIds()).toEqual(nodes);

  // The gallery shows every other card and names the one that did not arrive.
  await app.testId('learn').click();
  await expect(app.testId('gallery-failed')).toContainText("the lesson 'retry-storm'");
  await expect(app.testId('card-circuit-breaker')).toBeVisible();
  await expect(app.testId('card-retry-storm')).toHaveCount(0);
  await page.screenshot({ path: 'tests/e2e/test-results/gallery-not-loaded.png' });
  // Back online, opening Learn again tries again.
  await page.unroute(file);
  await app.testId('gallery-close').click();
  await app.testId('learn').click();
  await expect(app.testId('card-retry-storm')).toBeVisible();
  await expect(app.testId('gallery-failed')).toHaveCount(0);
  await app.testId('card-retry-storm').click();
  await expect(app.testId('player')).toBeVisible();

  // The file cut off on purpose is the only failure the page saw.
  const expected = (e: string) => e.includes('lessons/retry-storm.json') || e.includes('net::ERR_INTERNET_DISCONNECTED');
  expect(app.errors.filter(expected).length).toBeGreaterThan(0);
  app.errors.splice(0, app.errors.length, ...app.errors.filter((e) => !expected(e)));
});

test('projector scale: figures, charts and the lesson grow 1.5× and 2×, sharp, kept for the next visit', async ({ app, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.goto('/?lesson=cache-crash-stampede');
  await expect(app.testId('player')).toBeVisible();
  const px = (selector: string, property: string) =>
    page.locator(selector).first().evaluate((e, p) => parseFloat(getComputedStyle(e).getPropertyValue(p)), property);
  const before = { figure: await px('.stat-big', 'font-size'), lesson: await px('.player-text', 'font-size') };
  const scale = app.testId('ui-scale');
  await scale.click();
  await expect(scale).toHaveAttribute('aria-label', 'Text size 1.5×');
  await scale.click();
  await expect(scale).toHaveAttribute('aria-label', 'Text size 2×');
  expect(await px('.stat-big', 'font-size')).toBeCloseTo(2 * before.figure, 5);
  expect(await px('.player-text', 'font-size')).toBeCloseTo(2 * before.lesson, 5);
  // The charts are taller and still drawn one canvas pixel per device pixel (not stretched).
  const chart = await app.testId('chart-latency').evaluate((c: HTMLCanvasElement) => ({
    css: c.clientHeight,
    backing: c.height,
    dpr: devicePixelRatio,
  }));
  expect(chart.css).toBeGreaterThan(300);
  expect(chart.backing).toBe(Math.round(chart.css * chart.dpr));
  // The diagram is fitted beside the wider lesson panel.
  const panel = (await app.testId('player').boundingBox())!;
  const ids = await app.nodeIds();
  for (const id of ids) {
    const box = (await app.node(id).locator('.node-box').boundingBox())!;
    expect(box.x, `${id} beside the panel`).toBeGreaterThan(panel.x + panel.width);
  }
  // Kept for the next visit; back to 1× forgets it.
  await page.reload();
  await app.expectMounted();
  await expect(app.testId('ui-scale')).toHaveAttribute('aria-label', 'Text size 2×');
  await app.testId('ui-scale').click();
  await expect(app.testId('ui-scale')).toHaveAttribute('aria-label', 'Text size 1×');
  expect(await page.evaluate(() => localStorage.getItem('archsim-scale'))).toBeNull();
});
