// Playwright end-to-end tests against the release build in dist/ (run `trunk build --release`
// first; scripts/test.sh does). Uses Debian's Chromium: Playwright never downloads a browser here.
import { defineConfig, devices } from '@playwright/test';

// Fixed so a failure is easy to reproduce; E2E_PORT overrides it when 4173 is taken.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const isCI = !!process.env.CI;

/** Chromium as root, offline: sandbox off, and no background traffic into the closed network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/e2e/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: isCI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'tests/e2e/playwright-report' }]],
  // Tests tagged @screenshot (README screenshot) and @perf (measurements) run only on request:
  // `npm run screenshot`, `npm run perf`.
  grepInvert: process.env.SCREENSHOT || process.env.PERF ? undefined : /@screenshot|@perf/,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // 1280×720: the projector resolution the app must stay readable at.
        viewport: { width: 1280, height: 720 },
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
      },
    },
  ],
  webServer: {
    command: `node tests/e2e/serve.mjs dist ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !isCI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
