// The Electron e2e project. Run through scripts/e2e-electron.mjs, which
// starts it only where an Electron binary is installed and builds app/dist first.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /\.electron\.spec\.ts$/,
  // One Electron app at a time: each launch is a whole browser.
  workers: 1,
  timeout: 60_000,
  reporter: 'list',
  outputDir: '../../test-results/electron',
});
