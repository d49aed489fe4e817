import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, sampleCsv, test } from './fixtures'

const SPEC = 'import-cancel'

test.use({ emptyWorkspace: true })

/** The sample's rows repeated until the file takes the importer a few seconds: long enough to watch and cancel. */
function writeLargeCsv(dir: string, copies: number): string {
  const text = readFileSync(sampleCsv, 'utf8')
  const nl = text.indexOf('\n')
  const header = text.slice(0, nl + 1)
  const body = text.slice(nl + 1).replace(/\n?$/, '\n')
  const path = join(dir, 'focus-large.csv')
  writeFileSync(path, header + body.repeat(copies))
  return path
}

test('a long import shows its progress and can be cancelled, leaving nothing behind', async ({ app, scratch }) => {
  const path = writeLargeCsv(scratch, 100)
  const data = await app.data()
  await data.importFiles(path)

  const bar = data.progress.getByRole('progressbar')
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/)
  await expect(data.progress).toContainText('%')
  await app.screenshot(SPEC, 'data-importing')

  await data.progress.getByTestId('import-cancel').click()
  await expect(data.error).toBeVisible()
  await expect(data.error).toHaveAttribute('data-code', 'cancelled')
  await expect(data.snapshotsEmpty).toBeVisible()
  await expect(app.headerTotal).toHaveText('$0.00')
  await app.screenshot(SPEC, 'data-cancelled')
})
