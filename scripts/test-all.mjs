#!/usr/bin/env node
// `npm test`: lint, type-check + build, unit/integration tests (Vitest), end-to-end tests (Playwright in
// Chromium against the built app). Runs every stage even when one fails, then prints one closing line
// "N passed, N failed" (tests, plus one check each for lint and build) and exits non-zero on any failure.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

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

check('lint', stage('lint (eslint, zero warnings)', bin('eslint'), ['.', '--max-warnings', '0']))
const built = stage('type-check and build', 'npm', ['run', 'build'])
check('build', built)

const vitestJson = join(tmp, 'vitest.json')
rmSync(vitestJson, { force: true })
stage('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'))
  passed += v.numPassedTests
  failed += v.numFailedTests
  if (v.numFailedTests > 0) failures.push(`${v.numFailedTests} vitest test(s)`)
  if (v.numTotalTests === 0) check('vitest ran no test', false)
} else check('vitest produced no report', false)

const pwJson = join(tmp, 'playwright.json')
rmSync(pwJson, { force: true })
if (built) {
  stage('end-to-end tests (playwright)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson })
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats
    passed += s.expected + (s.flaky ?? 0)
    failed += s.unexpected
    if (s.unexpected > 0) failures.push(`${s.unexpected} playwright test(s)`)
    if (s.expected + s.unexpected + (s.flaky ?? 0) === 0) check('playwright ran no test', false)
  } else check('playwright produced no report', false)
} else check('playwright skipped: build failed', false)

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`)
process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
