// The back-of-the-envelope calculator in a client's inspector: the textbook Twitter-like
// estimate (150 M daily users, 2 writes each, 100 KB, kept 5 years) reads as the textbook
// does, an impossible input is named, and one click puts the rate into the client, undoably.
import { test, expect } from './fixtures';

test('the calculator estimates, then puts its rate into the design', async ({ app, page }) => {
  await app.goto('/?example=web-app');
  await expect(app.toasts.filter({ hasText: "Opened the example '" })).toBeVisible();
  await app.select('users');
  await app.testId('envelope').locator('summary').click();
  await app.setField('envelope-dau', '150000000');
  await app.setField('envelope-requests', '2');
  await app.setField('envelope-reads', '0');
  await app.setField('envelope-object', '100');
  await app.setField('envelope-retention', '1825');
  await expect(app.testId('envelope-average')).toHaveText('3,470 req/s');
  await expect(app.testId('envelope-peak')).toHaveText('6,940 req/s');
  await expect(app.testId('envelope-storage')).toHaveText('30.0 TB a day, 54.8 PB kept');
  await expect(app.testId('envelope-servers')).toHaveText('14 (no headroom)');
  await page.screenshot({ path: 'tests/e2e/test-results/envelope.png' });

  // Reads of 150 % make no estimate, and say why.
  await app.setField('envelope-reads', '150');
  await expect(app.testId('envelope-error')).toHaveText('Reads must be from 0 % to 100 %, not 150 %');
  await app.setField('envelope-reads', '90');
  await expect(app.testId('envelope-average')).toHaveText('3,470 req/s');

  // One click: the client sends the average, 90 % reads; one Undo puts 300 req/s back.
  await expect(app.node('users')).toContainText('300 rps');
  await app.testId('envelope-use-average').click();
  await expect(app.testId('envelope-note')).toHaveText('This client now sends 3,470 req/s (90 % reads).');
  await expect(app.node('users')).toContainText('3470 rps');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await app.undoKey();
  await expect(app.node('users')).toContainText('300 rps');
  app.expectNoErrors();
});
