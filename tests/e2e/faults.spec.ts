// Fault scheduling: a fault broken "now" goes into the timeline as an undoable step; its time
// can be changed (which schedules it), it can be removed, and Undo brings each change back.
import { test, expect } from './fixtures';

test('schedule a crash at 5 s, watch it happen, move it, remove it, undo', async ({ app }) => {
  await app.goto();
  // Broken before the run starts: it is recorded at 0 s…
  await app.select('cache');
  await app.testId('crash').click();
  await app.page.keyboard.press('Escape');
  await expect(app.testId('fault-entry')).toHaveCount(1);
  await expect(app.testId('fault-time-0')).toHaveValue('0');
  // …and scheduled for 5 s by changing its time.
  await app.testId('fault-time-0').fill('5');
  await app.testId('fault-time-0').press('Tab');
  await expect(app.testId('fault-time-0')).toHaveValue('5');
  await expect(app.node('cache')).not.toHaveClass(/down/);

  // At 1×, so the check at 3 s cannot be overtaken by the crash at 5 s between two polls.
  await app.run();
  await app.waitForClock(3);
  await expect(app.node('cache')).not.toHaveClass(/down/);
  await app.waitForClock(6);
  await expect(app.node('cache')).toHaveClass(/down/);
  // The event log says what the run did, and when it was seen (at 1×, to a tenth of a second).
  const event = app.testId('event').filter({ hasText: 'Cache is down.' });
  await expect(event).toBeVisible();
  // Seen between two looks at the run, and said so: the span holds 5 s.
  const when = (await event.locator('.tl-when').innerText()).match(/[\d.]+/g)!.map(Number);
  expect(when[0]).toBeLessThanOrEqual(5.05);
  expect(when[when.length - 1]).toBeGreaterThanOrEqual(4.95);

  // A time that is not a time is refused with a message; the entry keeps its time.
  await app.testId('fault-time-0').fill('-2');
  await app.testId('fault-time-0').press('Tab');
  await expect(app.toasts.filter({ hasText: "A fault's time is a number of seconds from 0" })).toBeVisible();
  await expect(app.testId('fault-time-0')).toHaveValue('5');

  // Removing it is undoable.
  await app.testId('fault-remove-0').click();
  await expect(app.testId('fault-entry')).toHaveCount(0);
  await app.undoKey();
  await expect(app.testId('fault-entry')).toHaveCount(1);
  await expect(app.testId('fault-time-0')).toHaveValue('5');
  // So is the move, and the injection itself.
  await app.undoKey();
  await expect(app.testId('fault-time-0')).toHaveValue('0');
  await app.undoKey();
  await expect(app.testId('fault-entry')).toHaveCount(0);
});

test('embedded for a class, a click on a component gives its Break it buttons: crash live', async ({ app }) => {
  await app.goto('/?embed=1');
  await app.waitForClock(1);
  await expect(app.testId('inspector')).toBeHidden();
  const before = await app.node('cache').getAttribute('transform');
  await app.node('cache').locator('.node-box').click();
  const live = app.testId('live-faults');
  await expect(live).toBeVisible();
  await expect(live).toContainText('Cache');
  await live.getByTestId('crash').click();
  await expect(app.node('cache')).toHaveClass(/down/);
  // A click picks; it never moves the component.
  expect(await app.node('cache').getAttribute('transform')).toBe(before);
  await live.getByTestId('recover').click();
  await expect(app.node('cache')).not.toHaveClass(/down/);
  await app.page.screenshot({ path: 'tests/e2e/test-results/embed-live-faults.png' });
});
