import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { countPlaywright, countVitest, type Summary } from '../../scripts/test-summary.mjs'
import { REPO_ROOT } from '../helpers/tmp'

const failedCount = (s: Summary): number => s.failures.reduce((n, f) => n + f.count, 0)

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

/** Inside the repo, so the scratch project resolves vitest and @playwright/test from node_modules. */
function scratch(): string {
  mkdirSync(join(REPO_ROOT, '.tmp'), { recursive: true })
  const dir = mkdtempSync(join(REPO_ROOT, '.tmp', 'summary-'))
  cleanup = () => rmSync(dir, { recursive: true, force: true })
  return dir
}

// Real reports from the real runners on a scratch project: a file that cannot load, a skipped and a todo
// test, a file the runner never reached, and one honest pass.
describe("npm test's closing line", () => {
  it('counts a Vitest file that fails to load, skipped/todo tests and files the run never reached', () => {
    const dir = scratch()
    writeFileSync(join(dir, 'broken.test.ts'), "import { it, expect } from 'vitest'\nimport './missing-module'\nit('x', () => expect(1).toBe(1))\n")
    writeFileSync(join(dir, 'mixed.test.ts'), "import { it, expect } from 'vitest'\nit.skip('s', () => expect(1).toBe(2))\nit.todo('t')\nit('ok', () => expect(1).toBe(1))\n")
    writeFileSync(join(dir, 'vitest.config.mjs'), 'export default { test: { include: ["broken.test.ts", "mixed.test.ts"] } }\n')
    const out = join(dir, 'v.json')
    spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--root', dir, '--reporter=json', `--outputFile.json=${out}`], { cwd: dir, encoding: 'utf8' })
    const report: unknown = JSON.parse(readFileSync(out, 'utf8'))
    const s = countVitest(report, ['broken.test.ts', 'mixed.test.ts', 'never-run.test.ts'], dir)
    expect(s.passed).toBe(1)
    // 1 unloadable file + 2 not run (skip, todo) + 1 file absent from the report.
    expect(failedCount(s)).toBe(4)
    expect(s.failures.map((f) => f.what).join('\n')).toMatch(/failed to load: broken\.test\.ts[\s\S]*not run: never-run\.test\.ts/)
  })

  it('counts a Playwright spec that fails to load, and every spec it therefore never ran', () => {
    const dir = scratch()
    mkdirSync(join(dir, 'e2e'))
    writeFileSync(join(dir, 'e2e', 'broken.spec.ts'), "import { test } from '@playwright/test'\nimport './missing-module'\ntest('a', () => {})\n")
    writeFileSync(join(dir, 'e2e', 'fine.spec.ts'), "import { test, expect } from '@playwright/test'\ntest('b', () => expect(1).toBe(1))\n")
    writeFileSync(join(dir, 'playwright.config.mjs'), "export default { testDir: 'e2e' }\n")
    const out = join(dir, 'p.json')
    spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'playwright'), ['test', '--config', join(dir, 'playwright.config.mjs'), '--reporter=json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
    })
    const report: unknown = JSON.parse(readFileSync(out, 'utf8'))
    const s = countPlaywright(report, ['e2e/broken.spec.ts', 'e2e/fine.spec.ts'], 'e2e')
    expect(s.passed).toBe(0)
    // Playwright runs nothing after a load error: both specs are unrun, one of them with the load error.
    expect(failedCount(s)).toBe(2)
    expect(s.failures.map((f) => f.what).join('\n')).toMatch(/failed to load: e2e\/broken\.spec\.ts \(.*missing-module[\s\S]*not run: e2e\/fine\.spec\.ts/)
  })
})
