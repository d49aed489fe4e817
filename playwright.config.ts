import { defineConfig, devices } from '@playwright/test'
import { existsSync } from 'node:fs'

/** Debian's Chromium when installed (CI images), else the browser Playwright downloaded. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium'

export default defineConfig({
  testDir: 'test/e2e',
  // Each test starts its own host process; a 2-core machine runs them one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
})
