#!/usr/bin/env node
// `npm test`: lint, type-check + build, unit/integration tests (Vitest), end-to-end tests (Playwright in
// Chromium against the built app). Runs every stage even when one fails, then prints one closing line
// "N passed, N failed" (counting rules in test-summary.mjs); every missing prerequisite is named and counted.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { countPlaywright, countVitest } from './test-summary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tmp = join(root, '.tmp')
mkdirSync(tmp, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)

let passed = 0
let failed = 0
const failures = []

function stage(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}

function check(name, ok) {
  if (ok) passed++
  else {
    failed++
    failures.push(name)
  }
}

function tally({ passed: p, failures: f }) {
  passed += p
  for (const x of f) fail(x.count, x.what)
}

function fail(count, what) {
  if (count <= 0) return
  failed += count
  failures.push(what)
}

/** Test files on disk below `dir` whose names end with `suffix`, relative to the repo root. */
function testFiles(dir, suffix) {
  const out = []
  const walk = (d) => {
    if (!existsSync(d)) return
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith(suffix)) out.push(relative(root, p))
    }
  }
  walk(join(root, dir))
  return out.sort()
}

// ---- prerequisites: named, so a missing tool is not mistaken for a broken feature ----
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const PREREQUISITES = [
  ['git', 'git', 'real repositories for the Git export tests'],
  ['python3', 'python3', "independent expected totals (Python's csv + Decimal)"],
  ['prometheus', 'prometheus', 'the live-pull tests start a real Prometheus on 127.0.0.1'],
  ['promtool', 'prometheus', 'backfills the test Prometheus'],
  ['kubectl', 'kubectl', '`kubectl kustomize` renders the exported manifests'],
]
process.stdout.write('=== prerequisites ===\n')
for (const [cmd, pkg, why] of PREREQUISITES) {
  const ok = onPath(cmd)
  process.stdout.write(`${ok ? 'ok     ' : 'MISSING'} ${cmd}${ok ? '' : ` (Debian package ${pkg}): ${why}`}\n`)
  if (!ok) fail(1, `missing prerequisite ${cmd} (apt-get install ${pkg})`)
}
// Debian's Chromium, else a browser Playwright downloaded itself (playwright.config.ts picks the same way).
const { chromium } = await import('playwright-core')
const browser = ['/usr/bin/chromium', chromium.executablePath()].find((p) => existsSync(p))
process.stdout.write(`${browser ? 'ok     ' : 'MISSING'} chromium${browser ? ` (${browser})` : ' (Debian package chromium): the end-to-end tests'}\n`)
if (!browser) fail(1, 'missing prerequisite chromium (apt-get install chromium)')

check('lint', stage('lint (eslint, zero warnings)', bin('eslint'), ['.', '--max-warnings', '0']))
const built = stage('type-check and build', 'npm', ['run', 'build'])
check('build', built)

// ---- Vitest ----
const vitestFiles = [...testFiles('test/unit', '.test.ts'), ...testFiles('test/integration', '.test.ts')]
const vitestJson = join(tmp, 'vitest.json')
rmSync(vitestJson, { force: true })
stage('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
if (existsSync(vitestJson)) tally(countVitest(JSON.parse(readFileSync(vitestJson, 'utf8')), vitestFiles, root))
else fail(Math.max(1, vitestFiles.length), `vitest produced no report (${vitestFiles.length} test files not run)`)

// ---- Playwright ----
const specFiles = testFiles('test/e2e', '.spec.ts')
const pwJson = join(tmp, 'playwright.json')
rmSync(pwJson, { force: true })
if (built) {
  stage('end-to-end tests (playwright)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson })
  if (existsSync(pwJson)) tally(countPlaywright(JSON.parse(readFileSync(pwJson, 'utf8')), specFiles, 'test/e2e'))
  else fail(Math.max(1, specFiles.length), `playwright produced no report (${specFiles.length} spec files not run)`)
} else fail(Math.max(1, specFiles.length), `playwright skipped: build failed (${specFiles.length} spec files not run)`)

if (failures.length) process.stdout.write(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`)
process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
