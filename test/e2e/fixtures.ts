/**
 * Playwright fixtures: every test gets a fresh data dir and its own web host process (the built app in
 * out/), opens the printed URL and waits for the app's readiness marker. No sleeps anywhere.
 */
import { test as base, expect, type Locator } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { AppShell } from './pages/app-shell'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/**
 * A README picture of one element (docs/<file>): the sticky app header is hidden for the capture so it cannot
 * cover the element's top.
 */
export async function readmeShot(el: Locator, file: string): Promise<void> {
  await el.scrollIntoViewIfNeeded()
  await el.screenshot({ path: join(repoRoot, 'docs', file), style: '.app-header { visibility: hidden !important; }' })
}

export const sampleCsv = resolve(repoRoot, '..', 'shared', 'data', 'focus', 'focus-1.0-sample-1000.csv')

const HOST_JS = join(repoRoot, 'out', 'main', 'host.js')
// The demo workspace is built before the URL is printed (billing, telemetry, aggregates): allow for a loaded machine.
const START_TIMEOUT_MS = 90_000

export interface HostInfo {
  url: string
  openUrl: string
  token: string
  workspace: string
  dataDir: string
}

interface Fixtures {
  /** Open an empty workspace file instead of the demo workspace. */
  emptyWorkspace: boolean
  /** A fresh temp folder for the test's own files (CSV variants, git repos), removed afterwards. */
  scratch: string
  host: HostInfo
  app: AppShell
}

interface RunningHost {
  child: ChildProcess
  info: Omit<HostInfo, 'dataDir'>
  /** Everything the host wrote to stderr, for the report when a test fails. */
  stderr: () => string
}

function startHost(args: string[]): Promise<RunningHost> {
  if (!existsSync(HOST_JS)) throw new Error(`${HOST_JS} is missing: run \`npm run build\` (or npx electron-vite build) first.`)
  const child = spawn(process.execPath, [HOST_JS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`host did not print its URL within ${START_TIMEOUT_MS} ms. stderr:\n${stderr}`))
    }, START_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => {
      clearTimeout(timer)
      try {
        resolvePromise({ child, info: JSON.parse(line) as Omit<HostInfo, 'dataDir'>, stderr: () => stderr })
      } catch {
        child.kill('SIGKILL')
        reject(new Error(`host printed something other than JSON: ${line}\nstderr:\n${stderr}`))
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`host exited early (code ${code}, signal ${signal}). stderr:\n${stderr}`))
    })
  })
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

export const test = base.extend<Fixtures>({
  emptyWorkspace: [false, { option: true }],

  // eslint-disable-next-line no-empty-pattern
  scratch: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetplan-e2e-scratch-'))
    await use(dir)
    rmSync(dir, { recursive: true, force: true })
  },

  host: async ({ emptyWorkspace }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fleetplan-e2e-'))
    const args = ['--data-dir', dataDir, '--json', ...(emptyWorkspace ? ['--workspace', join(dataDir, 'w.sqlite')] : [])]
    let host: RunningHost
    try {
      host = await startHost(args)
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true })
      throw err
    }
    try {
      await use({ ...host.info, dataDir })
    } finally {
      await stopHost(host.child)
      if (testInfo.status !== testInfo.expectedStatus && host.stderr()) {
        await testInfo.attach('host-stderr', { body: host.stderr(), contentType: 'text/plain' })
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  },

  app: async ({ page, host }, use) => {
    // Uncaught exceptions and console errors (CSP violations included) fail the test: a clean console is
    // part of "the screens work".
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`)
    })
    await page.goto(host.openUrl)
    try {
      await expect(page.locator('[data-app-state="ready"]')).toBeVisible({ timeout: 30_000 })
    } catch (err) {
      const body = await page.locator('body').innerText().catch(() => '(no body)')
      throw new Error(
        `The app did not become ready.\nURL: ${page.url()}\nBody: ${body.slice(0, 800)}\nBrowser: ${problems.join('\n') || '(quiet)'}\n${String(err)}`,
      )
    }
    await use(new AppShell(page))
    expect(problems, 'the browser console stays clean').toEqual([])
  },
})

export { expect }
