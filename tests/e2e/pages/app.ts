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
   * blob-storage, shard-router, queue, external-api, cdn, api-gateway.
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

  /** Drags a component so its centre lands at (fx, fy), fractions of the canvas's width and height. */
  async moveTo(id: string, fx: number, fy: number): Promise<void> {
    const canvas = await this.testId('canvas').boundingBox();
    const box = await this.node(id).locator('.node-box').boundingBox();
    if (!canvas || !box) throw new Error(`node ${id} is not on screen`);
    const dx = canvas.x + fx * canvas.width - (box.x + box.width / 2);
    const dy = canvas.y + fy * canvas.height - (box.y + box.height / 2);
    await this.moveBy(id, dx, dy);
  }

  /**
   * From File → New: client-1 → CDN (cdn-1) → API gateway (gateway-1) → service-1 and
   * service-2, laid out along the top with the services below. The gateway's two routes are
   * still both the default (a problem until one gets a prefix).
   */
  async buildEdge(): Promise<void> {
    await this.newScenario();
    await this.deleteConnection('client-1', 'service-1');
    await this.moveTo('client-1', 0.14, 0.25);
    await this.moveTo('service-1', 0.58, 0.68);
    await this.addByKeyboard('cdn');
    await expect(this.node('cdn-1')).toBeVisible();
    await this.moveTo('cdn-1', 0.44, 0.25);
    await this.addByKeyboard('api-gateway');
    await expect(this.node('gateway-1')).toBeVisible();
    await this.moveTo('gateway-1', 0.74, 0.25);
    await this.addByKeyboard('service');
    await expect(this.node('service-2')).toBeVisible();
    await this.moveTo('service-2', 0.86, 0.68);
    await this.connectWithInspector('client-1', 'cdn-1');
    await this.connectWithInspector('cdn-1', 'gateway-1');
    await this.connectWithInspector('gateway-1', 'service-1');
    await this.connectWithInspector('gateway-1', 'service-2');
  }

  /**
   * Selects nothing, wherever the focus was: the inspector shows the scenario, or with the
   * analysis on (`analysis`), the analysis.
   */
  async deselect(analysis = false): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press('Escape');
    await expect(this.testId(analysis ? 'analysis-panel' : 'scenario-inspector')).toBeVisible();
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
    // Attached, not "visible": a perfectly horizontal edge has a bounding box 0 px high.
    await expect(this.edge(from, to)).toHaveCount(1);
  }

  /** Deletes the connection `from` → `to` from its inspector. */
  async deleteConnection(from: string, to: string): Promise<void> {
    await this.edge(from, to).locator('.edge-hit').click({ force: true });
    await this.testId('delete-connection').click();
    await expect(this.edge(from, to)).toHaveCount(0);
  }

  /**
   * Selects the connection `from` → `to` from the "Calls" list of `from`'s inspector (a new
   * component may lie on top of the arrow); the connection's inspector opens.
   */
  async selectEdge(from: string, to: string): Promise<void> {
    await this.select(from);
    await this.testId(`call-${to}`).click();
    await expect(this.testId('connection-inspector')).toBeVisible();
  }

  /** The circuit-breaker pill on a connection's arrow ('closed', 'open' or 'half-open'). */
  breakerPill(from: string, to: string, state: 'closed' | 'open' | 'half-open'): Locator {
    return this.edge(from, to).getByTestId(`breaker-${state}`);
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

  /** Fills row `index` of the client's request paths: name, weight and the static switch. */
  async pathRow(index: number, path: string, weight: string, isStatic: boolean): Promise<void> {
    await this.testId(`path-${index}-name`).fill(path);
    await this.testId(`path-${index}-name`).press('Enter');
    await this.testId(`path-${index}-weight`).fill(weight);
    await this.testId(`path-${index}-weight`).press('Enter');
    await this.testId(`path-${index}-static`).setChecked(isStatic);
  }

  /** Sets the route of the selected gateway's connection to `to` (empty: the default route). */
  async setRoute(to: string, route: string): Promise<void> {
    await this.testId(`route-input-${to}`).fill(route);
    await this.testId(`route-input-${to}`).press('Enter');
  }

  /** A number of the selected component's live stats (thousands separators removed). */
  async liveCount(testid: string): Promise<number> {
    return parseFloat((await this.testId(testid).innerText()).replace(/[,\s]/g, ''));
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

  /** Drags component `id` so that its centre lands at (fx, fy) of the canvas (fractions). */
  async placeAt(id: string, fx: number, fy: number): Promise<void> {
    const canvas = await this.testId('canvas').boundingBox();
    const box = await this.node(id).locator('.node-box').boundingBox();
    if (!canvas || !box) throw new Error(`node ${id} or the canvas is not on screen`);
    const dx = canvas.x + fx * canvas.width - (box.x + box.width / 2);
    const dy = canvas.y + fy * canvas.height - (box.y + box.height / 2);
    await this.moveBy(id, dx, dy);
  }

  /** Adds a component of `kind` with the keyboard and moves it to (fx, fy) of the canvas. */
  async addAt(kind: string, id: string, fx: number, fy: number): Promise<void> {
    await this.addByKeyboard(kind);
    await expect(this.node(id)).toBeVisible();
    await this.placeAt(id, fx, fy);
  }

  /** Opens the scenario panel (nothing selected) and adds `n` zones (us-east-1a, us-east-1b, eu-west-1a, …). */
  async addZones(n: number): Promise<void> {
    await this.deselect();
    for (let i = 0; i < n; i++) await this.testId('zone-add').click();
    await expect(this.testId(`zone-name-${n - 1}`)).toBeVisible();
  }

  /** Puts component `id` in `zone` with its inspector's zone select. */
  async setZone(id: string, zone: string): Promise<void> {
    await this.select(id);
    await this.testId('param-zone').selectOption(zone);
    await expect(this.node(id).getByTestId('zone-tag')).toHaveText(zone);
  }

  /**
   * Builds users (us-east-1b) → DNS → LB + service in us-east-1a (primary) and in eu-west-1a,
   * starting from File → New; leaves the DNS on failover with the given TTL.
   */
  async buildTwoRegions(ttlS: string): Promise<void> {
    await this.newScenario();
    await this.deleteConnection('client-1', 'service-1');
    await this.testId('zoom-out').click();
    await this.testId('zoom-out').click();
    // No two connected components level with each other: a perfectly horizontal edge has
    // no height, and Playwright would call it hidden.
    await this.placeAt('client-1', 0.1, 0.56);
    await this.placeAt('service-1', 0.86, 0.2);
    await this.addAt('dns', 'dns-1', 0.33, 0.48);
    await this.addAt('load-balancer', 'load-balancer-1', 0.6, 0.26);
    await this.addAt('load-balancer', 'load-balancer-2', 0.6, 0.72);
    await this.addAt('service', 'service-2', 0.86, 0.78);
    await this.connectWithInspector('client-1', 'dns-1');
    await this.connectWithInspector('dns-1', 'load-balancer-1');
    await this.connectWithInspector('dns-1', 'load-balancer-2');
    await this.connectWithInspector('load-balancer-1', 'service-1');
    await this.connectWithInspector('load-balancer-2', 'service-2');
    await this.addZones(3);
    await this.setZone('client-1', 'us-east-1b');
    await this.setZone('load-balancer-1', 'us-east-1a');
    await this.setZone('service-1', 'us-east-1a');
    await this.setZone('load-balancer-2', 'eu-west-1a');
    await this.setZone('service-2', 'eu-west-1a');
    await this.select('dns-1');
    await this.testId('param-policy').selectOption('failover');
    await this.setField('param-ttl_s', ttlS);
    await this.setField('param-check_interval_ms', '500');
    await this.setField('param-detection_ms', '1000');
    await expect(this.node('dns-1')).toContainText(`failover · TTL ${ttlS} s`);
    await expect(this.testId('problems-count')).toHaveText('No problems');
  }

  /** The whole-run arrival rate (rps) of the selected component, from its live stats. */
  async selectedArrivalRps(): Promise<number> {
    const stat = this.testId('live-stats').locator('.stat', { hasText: 'Arrivals' }).locator('.stat-value');
    return parseFloat(await stat.innerText());
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
    await this.testId('param-autoscale.enabled').check();
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
