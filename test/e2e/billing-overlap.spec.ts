import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, repoRoot, test } from './fixtures'

const SPEC = 'billing-overlap'
const CUR = join(repoRoot, 'test', 'fixtures', 'billing-variants', 'aws-cur-ri-sp.csv')

test.describe('empty workspace', () => {
  test.use({ emptyWorkspace: true })

  test('a re-export of the same account and period asks: replace or keep both', async ({ app }) => {
    const data = await app.data()
    await data.importFiles(CUR)
    await expect(data.outcomeFor('aws-cur-ri-sp.csv')).toContainText('aws-cur-csv')
    // The same charges delivered again with other bytes (CRLF line ends), as a later CUR delivery is.
    const again = join(tmpdir(), `cur-redelivered-${process.pid}.csv`)
    writeFileSync(again, readFileSync(CUR, 'utf8').replace(/\n/g, '\r\n'))
    await data.importFiles(again)
    const prompt = app.page.getByTestId('overlap-prompt')
    await expect(prompt).toContainText('These charges may already be in the workspace')
    await expect(prompt).toContainText(/covers the same provider, billing account and charge period as snapshot \d+ \(aws-cur-ri-sp\.csv, AWS account 111122223333/)
    await expect(data.snapshotRows).toHaveCount(1)
    await app.screenshot(SPEC, 'data-overlap-prompt')
    await app.page.getByTestId('overlap-replace').click()
    await expect(data.outcomeFor(again.split('/').pop() as string)).toContainText(/Replaced snapshot \d+/)
    await expect(data.snapshotRows).toHaveCount(1)
    await expect(data.snapshotRows.first()).toContainText('cur-redelivered')
    await app.screenshot(SPEC, 'data-overlap-replaced')
  })
})
