// Playwright for the browser host: the built app/dist/web-host.mjs (a host
// per test, e2e/web/fixtures.ts) in Chromium. Debian's Chromium
// when it is there (machines without internet cannot download Playwright's
// own), Playwright's browser elsewhere. Headless runs use Debian's headless
// shell (/usr/bin/chromium-headless-shell, package chromium-headless-shell:
// the same Chromium without the desktop browser around it, which is what
// Playwright itself runs headless tests in); it takes about a quarter less
// CPU per test than the full browser in headless mode (sidebar, note list
// and app specs: 34 s against 44 s). The full /usr/bin/chromium is used
// where the shell is missing, for --headed, --ui and --debug, and for the
// docs' screenshots (`npm run screenshots`), so the README's pictures come
// from the browser users see. The Electron app has its own config in
// e2e/electron/.
//
// Every test on its own: each test has its own temporary folder, user-data
// folder, browser context, host on a free port and opener log (fixtures.ts),
// so any two can run at once, in any order. A worker's hosts run in one Node
// process, its host pool (e2e/web/host-pool.mjs; hosts there share no
// state, checked by a review that ran 12 hosts in a row through one): a
// host started there costs about 0.1 s of CPU against 0.33 s as a process
// of its own, and the suite took 110 s (199 CPU-s) against 124 s (229
// CPU-s). Three workers: a test spends part of its time waiting on the page
// and the host, so with two the cores were busy only three quarters of the
// time (170 s); three keep them busy (137 s for the same 112 tests), and
// four only add contention (145 s). The steps
// that failed under a heavily shared machine (toasts and finished progress
// bars that go by themselves) wait on state that stays (issue 13).
//
// Software compositing: with --disable-gpu alone Chromium still composites
// through its GPU process on an emulated GPU (SwiftShader); with these two
// flags it uses its plain software compositor, and the same tests took
// about 4% less CPU (sidebar, note list, app, trash and editor specs:
// 75-76 CPU-s against 78-79). Only for the headless test runs: the docs'
// screenshots and headed runs keep Chromium's usual pipeline.
//
// A failed test keeps its trace (actions, console, network) and its
// screenshot, but neither a screencast nor DOM snapshots: recording them for
// every test, passed or not, cost a tenth of the suite's CPU (DOM snapshots:
// 277 CPU-seconds against 247 without, 13 s of wall time).
import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

const headlessShell = '/usr/bin/chromium-headless-shell';
const fullChromium = '/usr/bin/chromium';
const withWindow = process.argv.some((arg) => ['--headed', '--ui', '--debug'].includes(arg)) || Boolean(process.env.PWDEBUG);
const forDocs = Boolean(process.env.QUIRE_SCREENSHOTS);
const noGpuProcess = withWindow || forDocs ? [] : ['--disable-gpu-compositing', '--disable-software-rasterizer'];
const systemChromium = [...(withWindow || forDocs ? [] : [headlessShell]), fullChromium].find((file) => fs.existsSync(file));

export default defineConfig({
  testDir: 'e2e/web',
  outputDir: 'test-results/web',
  workers: 3,
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
          ...(systemChromium ? { executablePath: systemChromium } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...noGpuProcess],
        },
        trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false, sources: true },
        screenshot: 'only-on-failure',
      },
    },
  ],
});
