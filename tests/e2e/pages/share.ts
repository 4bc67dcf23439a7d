// Page-object helpers for sharing and saving (src/share/link.rs, src/share/files.rs, src/share/storage.rs):
// they extend AppPage with the Share button and the File menu (New, Open, Save) and the numbers a shared run
// must reproduce.
import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { AppPage } from './app';

export class SharePage {
  constructor(readonly app: AppPage) {}

  /** The share popover. */
  get panel(): Locator {
    return this.app.testId('share-panel');
  }

  /** Opens the File menu (if closed) and presses its item `id`. */
  async fileMenu(
    id: 'new' | 'import-json' | 'export-json' | 'export-svg' | 'export-png' | 'export-charts' | 'export-csv',
  ): Promise<void> {
    const item = this.app.testId(id);
    if (!(await item.isVisible())) await this.app.testId('file-menu').click();
    await item.click();
  }

  /** Presses Share and returns the link the popover shows (the one copied to the clipboard). */
  async share(): Promise<string> {
    await this.app.testId('share').click();
    await expect(this.panel).toBeVisible();
    await expect(this.app.testId('share-status')).not.toHaveText('Copying…');
    return this.app.testId('share-url').inputValue();
  }

  /** Sets the run's seed through the toolbar field (an undoable edit). */
  async setSeed(seed: number): Promise<void> {
    const field = this.app.testId('seed');
    await field.fill(String(seed));
    await field.press('Enter');
    await expect(field).toHaveValue(String(seed));
  }

  /** The seed the toolbar shows. */
  seed(): Promise<string> {
    return this.app.testId('seed').inputValue();
  }

  /** Presses Step `n` times (each advances one metrics window of simulated time). */
  async step(n: number): Promise<void> {
    for (let i = 0; i < n; i++) await this.app.testId('step').click();
  }

  /** What a run shows, as text: clock, requests, success, p99, uptime. */
  async summary(): Promise<string[]> {
    await this.app.nextFrames();
    const ids = ['clock', 'summary-requests', 'summary-success', 'summary-p99', 'summary-uptime'];
    return Promise.all(ids.map((id) => this.app.testId(id).innerText()));
  }

  /** Waits until autosave (debounced) has written the current seed. */
  async waitForAutosave(seed: string): Promise<void> {
    await expect
      .poll(() =>
        this.app.page.evaluate(() => {
          const text = localStorage.getItem('archsim.autosave');
          return text ? String(JSON.parse(text).run?.seed) : null;
        }),
      )
      .toBe(seed);
  }

  /** Saves the scenario as JSON (File menu) and returns the downloaded file's name and text. */
  async exportJson(): Promise<{ name: string; text: string; path: string }> {
    const download = this.app.page.waitForEvent('download');
    await this.fileMenu('export-json');
    const d = await download;
    const path = await d.path();
    return { name: d.suggestedFilename(), text: await readFile(path, 'utf8'), path };
  }

  /** Presses a File-menu export and returns the downloaded file's name and bytes. */
  async exportFile(
    id: 'export-svg' | 'export-png' | 'export-charts' | 'export-csv',
  ): Promise<{ name: string; bytes: Buffer }> {
    const download = this.app.page.waitForEvent('download');
    await this.fileMenu(id);
    const d = await download;
    return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
  }

  /** Opens a scenario file as if chosen with the Open button. */
  async importJson(name: string, text: string): Promise<void> {
    await this.app.testId('import-file').setInputFiles({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(text, 'utf8'),
    });
  }

  /** Presses File → New and answers its question. */
  async newScenario(accept: boolean): Promise<void> {
    this.app.page.once('dialog', (d) => (accept ? d.accept() : d.dismiss()));
    await this.fileMenu('new');
  }
}

/** Opens the app and makes some work of one's own (a seed of 777, autosaved), for tests that
 * check that something leaves it alone or one Undo away. */
export async function ownWork(app: AppPage): Promise<{ share: SharePage; nodes: string[] }> {
  const share = new SharePage(app);
  await app.goto();
  await share.setSeed(777);
  await share.waitForAutosave('777');
  return { share, nodes: await app.nodeIds() };
}

/** Leaves the page once it has loaded everything (a request cut short counts as an error). */
export async function leave(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.goto('about:blank');
}
