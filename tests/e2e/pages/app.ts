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

  /** The app's root element: visible exactly when the wasm app has mounted. */
  get root(): Locator {
    return this.testId('app');
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

  // ----- archsim app: layout ---------------------------------------------------------------

  /** The SVG diagram (nodes and edges). */
  get diagram(): Locator {
    return this.testId('diagram');
  }

  /** Every component on the canvas. */
  get nodes(): Locator {
    return this.page.locator('[data-testid^="node-"][data-node]');
  }

  /** Every connection on the canvas. */
  get edges(): Locator {
    return this.page.locator('[data-testid^="edge-"][data-edge]');
  }

  /** A component by id. */
  node(id: string): Locator {
    return this.testId(`node-${id}`);
  }

  /** A connection by its ends. */
  edge(from: string, to: string): Locator {
    return this.testId(`edge-${from}-${to}`);
  }

  /**
   * A palette item by kind slug: client, load-balancer, rate-limiter, service, cache, database,
   * blob-storage, shard-router, queue, external-api.
   */
  paletteItem(kind: string): Locator {
    return this.testId(`palette-${kind}`);
  }

  /** The ids of all components, in document order. */
  async nodeIds(): Promise<string[]> {
    return this.nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''));
  }

  /** The toasts on screen. */
  get toasts(): Locator {
    return this.testId('toast');
  }

  // ----- editing ----------------------------------------------------------------------------

  /** Adds a component by dragging its palette item onto the canvas at (x, y) in canvas pixels. */
  async addByDrag(kind: string, x: number, y: number): Promise<void> {
    await this.paletteItem(kind).dragTo(this.testId('canvas'), { targetPosition: { x, y } });
  }

  /** Adds a component with the keyboard: focus its palette item and press Enter. */
  async addByKeyboard(kind: string): Promise<void> {
    await this.paletteItem(kind).focus();
    await this.page.keyboard.press('Enter');
  }

  /** Selects a component by clicking its box. */
  async select(id: string): Promise<void> {
    await this.node(id).locator('.node-box').click();
  }

  /** Connects two components by dragging from the output port of `from` onto `to`. */
  async connectByDrag(from: string, to: string): Promise<void> {
    const port = await this.testId(`port-${from}`).locator('.port-dot').boundingBox();
    const target = await this.node(to).locator('.node-box').boundingBox();
    if (!port || !target) throw new Error(`cannot connect ${from} -> ${to}: not on screen`);
    await this.page.mouse.move(port.x + port.width / 2, port.y + port.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Moves a component by dragging it by (dx, dy) screen pixels. */
  async moveBy(id: string, dx: number, dy: number): Promise<void> {
    const box = await this.node(id).locator('.node-box').boundingBox();
    if (!box) throw new Error(`node ${id} is not on screen`);
    const x = box.x + 20;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 10 });
    await this.page.mouse.up();
  }

  /** File → New, accepting the confirmation: a client calling a service (client-1 → service-1). */
  async newScenario(): Promise<void> {
    this.page.once('dialog', (d) => void d.accept());
    await this.testId('file-menu').click();
    await this.testId('new').click();
    await expect(this.nodes).toHaveCount(2);
  }

  /** Connects `from` → `to` with the inspector's "Connect to…" choice. */
  async connectWithInspector(from: string, to: string): Promise<void> {
    await this.select(from);
    await this.testId('connect-to').selectOption(to);
    await expect(this.edge(from, to)).toBeVisible();
  }

  /** Deletes the connection `from` → `to` from its inspector. */
  async deleteConnection(from: string, to: string): Promise<void> {
    await this.edge(from, to).locator('.edge-hit').click({ force: true });
    await this.testId('delete-connection').click();
    await expect(this.edge(from, to)).toHaveCount(0);
  }

  /** Types `value` into an inspector field (by its `data-testid`) and commits it with Enter. */
  async setField(testid: string, value: string): Promise<void> {
    await this.testId(testid).fill(value);
    await this.testId(testid).press('Enter');
  }

  /** Switches on the read replicas of the selected database. */
  async enableReplication(): Promise<void> {
    await this.testId('param-replication.enabled').check();
    await expect(this.testId('param-replication.replicas')).toBeVisible();
  }

  /** The replica badge of a database node: "P + 2R", "R1 primary", "failing over", "split". */
  replicaBadge(id: string): Locator {
    return this.node(id).getByTestId('node-replicas');
  }

  /** A count of the summary strip (with k/M suffixes expanded). */
  async summaryCount(testid: string): Promise<number> {
    const t = (await this.testId(testid).innerText()).trim();
    const n = parseFloat(t);
    return t.endsWith('M') ? n * 1e6 : t.endsWith('k') ? n * 1e3 : n;
  }

  /** Ctrl+Z with the focus on the page (not in a text field). */
  async undoKey(): Promise<void> {
    await this.page.keyboard.press('Control+z');
  }

  /** Ctrl+Shift+Z. */
  async redoKey(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+z');
  }

  // ----- running ----------------------------------------------------------------------------

  /** Presses Run (or Pause/Resume: it is one button). */
  async run(): Promise<void> {
    await this.testId('run').click();
  }

  /** The simulated clock in seconds, as shown in the toolbar. */
  async clockSeconds(): Promise<number> {
    const text = (await this.testId('clock').locator('.clock-now').innerText()).trim();
    const m = text.match(/^(?:(\d+):)?([\d.]+)/);
    if (!m) return NaN;
    return (m[1] ? Number(m[1]) * 60 : 0) + Number(m[2]);
  }

  /** Waits until the simulated clock reads at least `seconds`. */
  async waitForClock(seconds: number, timeout = 20_000): Promise<void> {
    await expect.poll(() => this.clockSeconds(), { timeout }).toBeGreaterThanOrEqual(seconds);
  }

  /** The "Requests" number of the summary strip (with k/M suffixes expanded). */
  async requests(): Promise<number> {
    const t = (await this.testId('summary-requests').innerText()).trim();
    const n = parseFloat(t);
    return t.endsWith('M') ? n * 1e6 : t.endsWith('k') ? n * 1e3 : n;
  }

  /** The success percentage of the summary strip (NaN before anything finished). */
  async successPct(): Promise<number> {
    return parseFloat((await this.testId('summary-success').innerText()).replace('%', ''));
  }

  /** The rows of the selected shard router's load view, one per shard. */
  get shardRows(): Locator {
    return this.testId('shard-row');
  }

  /** The moved-key misses of the selected shard router's load view (k/M suffixes expanded). */
  async movedKeyMisses(): Promise<number> {
    const t = (await this.testId('shard-moved').innerText()).split(':').pop()?.trim() ?? '';
    const n = parseFloat(t);
    return t.endsWith('M') ? n * 1e6 : t.endsWith('k') ? n * 1e3 : n;
  }

  /** Reshards the selected shard router to `shards` live shards, now. */
  async reshard(shards: number): Promise<void> {
    await this.setField('reshard-shards', String(shards));
    await expect(this.testId('reshard-shards')).toHaveValue(String(shards));
    await this.testId('reshard').click();
  }

  /** The selected service's instances taking work, from its live stats (NaN before a run). */
  async liveInstances(): Promise<number> {
    return parseInt((await this.testId('live-instances').innerText()).trim(), 10);
  }

  /** Turns the selected service's autoscaler on and sets its bounds and timings (seconds). */
  async enableAutoscaling(o: { min: number; max: number; target?: number; interval: number; cooldown: number; warmup: number }): Promise<void> {
    await this.testId('autoscale-enabled').check();
    await this.setField('param-autoscale.max_instances', String(o.max));
    await this.setField('param-autoscale.min_instances', String(o.min));
    if (o.target !== undefined) await this.setField('param-autoscale.target_utilization', String(o.target));
    await this.setField('param-autoscale.interval_s', String(o.interval));
    await this.setField('param-autoscale.cooldown_s', String(o.cooldown));
    await this.setField('param-autoscale.warmup_s', String(o.warmup));
  }

  /** Makes the selected component redundant: 'none', 'active_passive' or 'active_active'. */
  async setRedundancy(mode: 'none' | 'active_passive' | 'active_active'): Promise<void> {
    await this.testId('redundancy-mode').selectOption(mode);
  }

  /** The count / state badge on a redundant or autoscaled component. */
  scaleBadge(id: string): Locator {
    return this.node(id).getByTestId('node-scale');
  }

  /** A chart canvas's pixels, to tell whether it was redrawn. */
  async chartImage(name: 'latency' | 'throughput' | 'uptime' | 'component' | 'instances'): Promise<string> {
    return this.testId(`chart-${name}`).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  }

  /** What the run loop publishes on `window.archsimPerf` (frame times, dots). */
  async perf(): Promise<{ frameP95Ms: number; workP95Ms: number; dots: number; drawn: number }> {
    return this.page.evaluate(() => (window as any).archsimPerf);
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
