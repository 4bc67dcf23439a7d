// Performance figures for the README: time to the first rendered canvas and frame times.
// Not part of the test run (machines differ too much for a hard limit in CI):
//   trunk build --release && npm run perf
// Extend the frame measurement with the 2,000-dot scenario once the app can produce it.
import { test, expect } from './fixtures';

test('first canvas and frame times @perf', async ({ app }) => {
  await app.goto();
  const firstCanvasMs = await app.firstCanvasMs();
  const idle = await app.frameStats(3_000);
  console.log(`first rendered canvas: ${firstCanvasMs.toFixed(0)} ms after navigation start`);
  console.log(`idle frames: ${idle.frames}, p50 ${idle.p50Ms.toFixed(1)} ms, p95 ${idle.p95Ms.toFixed(1)} ms, max ${idle.maxMs.toFixed(1)} ms`);
  expect(idle.frames).toBeGreaterThan(0);
});
