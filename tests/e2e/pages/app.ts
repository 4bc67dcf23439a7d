// Page object for the archsim single-page app. Journeys talk to the app through this class, never
// through raw selectors, so a markup change is fixed in one place. Prefer `data-testid` hooks
// (`this.testId('run-button')`) for anything a test touches.
import { expect, type Locator, type Page } from '@playwright/test';

export class AppPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions since this page object was created. */
  readonly errors: string[] = [];

  constructor(page: Page) {
    this.page = page;
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.errors.push(`uncaught: ${err.message}`));
    page.on('requestfailed', (req) =>
      this.errors.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`),
    );
  }

  /**
   * What the wasm app mounted into <body>. Before the wasm runs, <body> holds only <noscript>
   * (and Trunk's scripts), so this is visible exactly when Leptos has mounted.
   * Once the app shell has a root `data-testid="app"`, point this at it instead.
   */
  get root(): Locator {
    return this.page.locator('body > :not(script, noscript, link, style)').first();
  }

  /** An element by its `data-testid`. */
  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Opens the app (optionally at a path/query, e.g. a shared-scenario URL) and waits until it has mounted. */
  async goto(path = '/'): Promise<void> {
    if (!this.timingInstalled) {
      await this.page.addInitScript(recordFirstCanvas);
      this.timingInstalled = true;
    }
    await this.page.goto(path);
    await this.expectMounted();
  }
  private timingInstalled = false;

  /**
   * Milliseconds from navigation start to the first frame painted after a <canvas> with a
   * non-zero size appeared (waits for it). Needs `goto()` to have opened the page.
   */
  async firstCanvasMs(): Promise<number> {
    const handle = await this.page.waitForFunction(() => (window as any).__archsimFirstCanvasMs ?? false);
    return (await handle.jsonValue()) as number;
  }

  /** Frame intervals (ms) measured with requestAnimationFrame over `durationMs` of wall time. */
  async frameStats(durationMs = 3_000): Promise<FrameStats> {
    return this.page.evaluate(
      (ms) =>
        new Promise<FrameStats>((resolve) => {
          const deltas: number[] = [];
          let last = -1;
          let end = Infinity;
          const tick = (now: number) => {
            if (last < 0) end = now + ms;
            else deltas.push(now - last);
            last = now;
            if (now < end) return void requestAnimationFrame(tick);
            deltas.sort((a, b) => a - b);
            const q = (p: number) => deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))];
            resolve({ frames: deltas.length, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: deltas[deltas.length - 1] });
          };
          requestAnimationFrame(tick);
        }),
      durationMs,
    );
  }

  async expectMounted(): Promise<void> {
    await expect(this.root, 'the wasm app should mount into <body>').toBeVisible();
  }

  /** Fails with every console error / uncaught exception / failed request seen so far. */
  expectNoErrors(): void {
    expect(this.errors, 'console errors, uncaught exceptions or failed requests').toEqual([]);
  }

  /** Waits for `frames` animation frames: lets the canvas and charts paint after an action. */
  async nextFrames(frames = 2): Promise<void> {
    await this.page.evaluate(
      (n) =>
        new Promise<void>((done) => {
          const tick = (left: number) => (left <= 0 ? done() : requestAnimationFrame(() => tick(left - 1)));
          tick(n);
        }),
      frames,
    );
  }
}

export interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Runs in the page before any script: records when the first sized <canvas> was painted. */
function recordFirstCanvas(): void {
  const w = window as any;
  const found = () => Array.from(document.querySelectorAll('canvas')).some((c) => c.width > 0 && c.height > 0);
  const observer = new MutationObserver(() => {
    if (!found()) return;
    observer.disconnect();
    // The frame after the canvas appeared is the first one that can show its drawing.
    requestAnimationFrame(() => requestAnimationFrame(() => (w.__archsimFirstCanvasMs = performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['width', 'height'] });
}
