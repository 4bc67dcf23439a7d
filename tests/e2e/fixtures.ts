// Test fixtures: import `test` and `expect` from here, not from '@playwright/test'.
// `app` is an AppPage; every test using it fails if the page logged a console error,
// threw an uncaught exception or had a failed request, even if its own assertions passed.
import { test as base, expect } from '@playwright/test';
import { AppPage } from './pages/app';

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    const app = new AppPage(page);
    await use(app);
    app.expectNoErrors();
  },
});

export { expect };
