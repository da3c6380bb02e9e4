// Playwright for the browser host: the real `node app/dist/web-host.mjs`
// (started per test by e2e/web/fixtures.ts) in Chromium. Debian's Chromium
// at /usr/bin/chromium when it is there (machines without internet cannot
// download Playwright's own), Playwright's browser elsewhere. The Electron
// app has its own config in e2e/electron/.
//
// Every test on its own: each test has its own temporary folder, user-data
// folder and host on a free port (fixtures.ts), so tests share nothing and
// any two can run at once, in any order. One worker for now: on this 2-core
// machine two hosts and two browsers at once left the toast and progress-bar
// steps of the restore and sidebar specs failing under load; two workers
// come back once those runs are shown steady (issue 13).
import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

const systemChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e/web',
  outputDir: 'test-results/web',
  workers: 1,
  fullyParallel: true,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  projects: [
    {
      name: 'chromium-web',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          ...(fs.existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
        trace: 'retain-on-failure',
      },
    },
  ],
});
