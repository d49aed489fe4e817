import { join } from 'node:path'
import { expect, repoRoot, test } from './fixtures'
import { BillingSettings } from './pages/billing-settings'

const SPEC = 'billing-formats'
const RAW = join(repoRoot, '..', 'shared', 'data', 'focus', 'provider-raw-exports')

test.describe('empty workspace', () => {
  test.use({ emptyWorkspace: true })

  test('provider exports import with detection or an explicit format; tag keys re-derive attribution', async ({ app }) => {
    const data = await app.data()
    const billing = new BillingSettings(app.page)

    // Detected from the header: the real OCI cost report.
    await expect(billing.format).toHaveValue('auto')
    await data.importFiles(join(RAW, 'oci-cost-report-sample.csv'))
    await expect(data.outcomeFor('oci-cost-report-sample.csv')).toContainText('oci-cost-csv')

    // Forced: the Azure EA sample read as FOCUS fails with the missing FOCUS columns, as Azure it imports.
    await billing.format.selectOption('focus')
    await data.importFiles(join(RAW, 'azure-ea-actualcost-sample.csv'))
    await expect(data.error).toContainText(/missing mandatory columns BilledCost/)
    await expect(data.snapshotRows).toHaveCount(1)
    await app.page.getByRole('button', { name: 'Dismiss' }).first().click()
    await billing.format.selectOption('azure-cost')
    await data.importFiles(join(RAW, 'azure-ea-actualcost-sample.csv'))
    await expect(data.outcomeFor('azure-ea-actualcost-sample.csv')).toContainText('azure-cost-csv')
    await expect(data.snapshotRows).toHaveCount(2)
    await expect(data.snapshotRows.filter({ hasText: 'azure-ea-actualcost-sample.csv' })).toContainText('27')

    // Tag keys: the Azure sample tags lines with tagA/tagB/tagC.
    await expect(billing.tagKeys('team')).toHaveValue(/team/)
    await billing.saveTagKeys({ team: 'tagB', project: 'tagC' })
    await expect(billing.saved).toContainText('lines re-derived')
    await expect(billing.tagKeys('team')).toHaveValue('tagB')
    await billing.tagKeysForm.scrollIntoViewIfNeeded()
    await app.screenshot(SPEC, 'data-billing-formats')
  })
})
