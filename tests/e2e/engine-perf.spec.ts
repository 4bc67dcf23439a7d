// The engine's speed where users run it: the shipped wasm (dist/, as Trunk builds it for the
// site) in Chromium, on the same workloads as the native `archsim-bench`
// (crates/engine/src/bin/archsim-bench/workloads.rs). Prints events per second; scripts/perf.sh
// sets them beside the native figures. Not part of the test run (a clock, not a check):
//   trunk build --release && PERF=1 npx playwright test engine-perf
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { busyWebApp } from './pages/busy';
import { SharePage } from './pages/share';

/** The web-app workload: the example with its client raised to ~70 % service utilization. */
const WEB_APP_RPS = 630;

function workloads(): { name: string; json: string }[] {
  const mm1 = readFileSync('examples/mm1.json', 'utf8');
  const web = JSON.parse(readFileSync('examples/web-app.json', 'utf8'));
  for (const c of web.components) {
    if (c.params?.type === 'client' && c.params.traffic?.rate) {
      c.params.traffic.rate = { shape: 'constant', rps: WEB_APP_RPS };
    }
  }
  return [
    { name: 'mm1_rho0.8', json: mm1 },
    { name: 'web_app_70pct', json: JSON.stringify(web) },
  ];
}

test('engine events per second in the shipped wasm @perf', async ({ app }) => {
  test.setTimeout(180_000);
  await app.goto();
  const reps = Number(process.env.PERF_REPS ?? 5);
  for (const w of workloads()) {
    const result = await app.page.evaluate(
      ({ json, reps }) => {
        const bench = (window as any).wasmBindings.engine_bench as (json: string) => number;
        const rates: number[] = [];
        let events = 0;
        for (let i = 0; i < reps; i++) {
          const t0 = performance.now();
          events = bench(json);
          rates.push(events / ((performance.now() - t0) / 1000));
        }
        rates.sort((a, b) => a - b);
        return { events, best: rates[rates.length - 1], median: rates[Math.floor(rates.length / 2)] };
      },
      { json: w.json, reps },
    );
    expect(result.events).toBeGreaterThan(100_000);
    console.log(
      `browser ${w.name.padEnd(14)} events ${result.events}  best ${(result.best / 1e6).toFixed(2)} M events/s  median ${(result.median / 1e6).toFixed(2)} M events/s`,
    );
  }
});

/**
 * The run-to-end case, through the app as a user runs it: the web-app design at
 * 10,000 req/s for 10 simulated minutes, from the Run-to-end button to "Run finished".
 */
test('run to the end: web app at 10,000 req/s for 10 minutes @perf', async ({ app }) => {
  test.setTimeout(180_000);
  await app.goto();
  await new SharePage(app).importJson('busy.json', busyWebApp(10_000, 10));
  const t0 = Date.now();
  await app.testId('to-end').click();
  await expect.poll(() => app.clockSeconds(), { timeout: 170_000, intervals: [100] }).toBe(600);
  const seconds = (Date.now() - t0) / 1000;
  console.log(`browser run-to-end web_app_10k_rps_10min ${seconds.toFixed(1)} s (goal 10 s)`);
  // Seeking replays from 0 s: the worst case is the far end, the best a moment near 0 s.
  for (const at of [540, 300, 60]) {
    const s0 = Date.now();
    await app.testId('seek').fill(String(at));
    await expect.poll(() => app.clockSeconds(), { timeout: 170_000, intervals: [100] }).toBe(at);
    console.log(`browser seek web_app_10k_rps_10min to ${at} s: ${((Date.now() - s0) / 1000).toFixed(1)} s (goal 2 s)`);
  }
});
