import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseCsv } from './csv'
import { expect, sampleCsv, test } from './fixtures'

const SPEC = 'bad-input'

/**
 * The sample's header, three rows, and half of the fourth row, cut inside a quoted field: the kind of file
 * an interrupted download leaves behind.
 */
function writeTruncatedCsv(dir: string): { path: string; name: string } {
  const lines = readFileSync(sampleCsv, 'utf8').split('\n')
  const [header, r1, r2, r3, r4] = lines
  if (!header || !r1 || !r2 || !r3 || !r4) throw new Error('the sample has fewer than four rows')
  const complete = [header, r1, r2, r3].join('\n')
  const parsed = parseCsv(complete)
  const width = parsed[0]?.length ?? 0
  if (parsed.length !== 4 || parsed.some((r) => r.length !== width)) throw new Error('the first rows of the sample span lines')

  let inQuotes = false
  let cut = -1
  for (let i = 0; i < r4.length; i++) {
    if (r4[i] === '"') inQuotes = !inQuotes
    else if (inQuotes && i >= r4.length / 2) {
      cut = i + 1
      break
    }
  }
  if (cut < 0) throw new Error('no quoted field in the second half of row 4')
  const name = 'focus-truncated.csv'
  const path = join(dir, name)
  writeFileSync(path, `${complete}\n${r4.slice(0, cut)}`)
  return { path, name }
}

test.describe('empty workspace', () => {
  test.use({ emptyWorkspace: true })

  test('a truncated CSV is refused with file and line, and nothing is imported', async ({ app, scratch }) => {
    const { path, name } = writeTruncatedCsv(scratch)
    const data = await app.data()
    await data.importFiles(path)
    await expect(data.error).toBeVisible()
    await expect(data.error).toContainText(name)
    await expect(data.error.getByTestId('error-summary')).toContainText(/line \d+/)
    await expect(data.error).toHaveAttribute('data-code', 'bad-file')
    await expect(data.summary).toHaveCount(0)
    await expect(data.snapshotsEmpty).toBeVisible()
    await expect(data.snapshotRows).toHaveCount(0)
    await expect(app.headerTotal).toHaveText('$0.00')
    await app.screenshot(SPEC, 'data-truncated-csv')
  })
})

test('exporting to a folder that is not a Git repository shows a clear error', async ({ app, scratch }) => {
  const scenarios = await app.scenarios()
  await app.screenshot(SPEC, 'scenarios')
  await scenarios.createPlan({ name: 'Not a repo export' })
  const plans = app.plansPage
  await expect(plans.title).toHaveText('Not a repo export')
  await plans.submitForReview()
  await plans.approve('Sam Approver', 'Fine for a test.')
  await expect(plans.status).toHaveText('approved')

  const notARepo = join(scratch, 'plain-folder')
  mkdirSync(notARepo)
  await plans.exportTo(notARepo)
  await expect(plans.exportError).toBeVisible()
  await expect(plans.exportError).toHaveAttribute('data-code', 'not-a-repo')
  // A sentence saying what to do, not a code or a git error.
  await expect(plans.exportError).toContainText(`${notARepo} is not a Git repository: Git does not recognise it as a checkout`)
  await expect(plans.exportError).not.toContainText('not-a-repo')
  await expect(plans.exportError).not.toContainText('rev-parse')
  await expect(plans.exportResult).toHaveCount(0)
  await expect(plans.exportHistory).toHaveCount(0)
  await app.screenshot(SPEC, 'plans-export-not-a-repo')
})
