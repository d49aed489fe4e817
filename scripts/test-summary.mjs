// Counting for `npm test`'s closing line, kept apart from the runner so a test can feed it real reports.
// Honest by construction: every test file on disk must appear in its runner's report (a file that fails to
// load, or that a runner never reached, counts as failed), skipped and todo tests count as failed ("not run").
import { join, relative, resolve } from 'node:path'

/**
 * @param {any} v Vitest's JSON report
 * @param {string[]} files test files on disk, relative to `root`
 * @param {string} root
 * @returns {{ passed: number, failures: { count: number, what: string }[] }}
 */
export function countVitest(v, files, root) {
  const failures = []
  const add = (count, what) => count > 0 && failures.push({ count, what })
  add(v.numFailedTests, `${v.numFailedTests} vitest test(s) failed`)
  const notRun = (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  add(notRun, `${notRun} vitest test(s) skipped or todo (not run)`)
  const reported = new Set(v.testResults.map((t) => relative(root, resolve(root, t.name))))
  for (const t of v.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0)) {
    add(1, `vitest file failed to load: ${relative(root, resolve(root, t.name))} (${String(t.message ?? '').split('\n')[0]})`)
  }
  for (const f of files.filter((f) => !reported.has(f))) add(1, `vitest file not run: ${f}`)
  if (v.numTotalTests === 0 && failures.length === 0) add(1, 'vitest ran no test')
  return { passed: v.numPassedTests, failures }
}

/**
 * @param {any} r Playwright's JSON report
 * @param {string[]} specs spec files on disk, relative to the repo root
 * @param {string} testDir Playwright's testDir, relative to the repo root
 */
export function countPlaywright(r, specs, testDir) {
  const failures = []
  const add = (count, what) => count > 0 && failures.push({ count, what })
  const s = r.stats
  add(s.unexpected, `${s.unexpected} playwright test(s) failed`)
  add(s.skipped ?? 0, `${s.skipped} playwright test(s) skipped (not run)`)
  const reported = new Set((r.suites ?? []).map((x) => join(testDir, x.file)))
  const notRun = specs.filter((f) => !reported.has(f))
  // A spec that cannot load stops the whole run: its error explains one unrun spec, the others are unrun too.
  const errorOf = new Map()
  for (const e of r.errors ?? []) {
    const first = String(e.message ?? '').split('\n')[0]
    // Load errors name the spec in their location, or only in the message ("imported from …/x.spec.ts").
    const text = `${e.location?.file ?? ''}\n${e.message ?? ''}\n${e.stack ?? ''}`
    const spec = notRun.find((f) => text.includes(f.slice(testDir.length)))
    if (spec) errorOf.set(spec, first)
    else add(1, `playwright error: ${first}`)
  }
  for (const f of notRun) add(1, errorOf.has(f) ? `playwright spec failed to load: ${f} (${errorOf.get(f)})` : `playwright spec not run: ${f}`)
  if (s.expected + s.unexpected + (s.flaky ?? 0) === 0 && failures.length === 0) add(1, 'playwright ran no test')
  return { passed: s.expected + (s.flaky ?? 0), failures }
}
