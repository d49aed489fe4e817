import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, readmeShot, repoRoot, sampleCsv, test } from './fixtures'

const SPEC = 'explore-analyst'
// Long analyst sessions on a demo that imports billing and telemetry before the host answers.
test.describe.configure({ timeout: 300_000 })
const DUTY_CYCLE = join(repoRoot, '..', 'shared', 'data', 'alibaba-gpu-traces', 'v2026-genai', 'pod_gpu_duty_cycle_anon.csv')
const DCGM_SAMPLE = join(repoRoot, '..', 'shared', 'data', 'dcgm-exporter', 'sample-metrics-readme-k8s-labels.prom')
const SPEND = join(repoRoot, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')

/** Python csv + Decimal sums (independent of Fleetplan). */
function py(file: string, column: string, where?: [string, string]): { sum: number; rows: number } {
  const script = `
import csv, sys, json
from decimal import Decimal
s, n = Decimal(0), 0
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        if len(sys.argv) > 3 and r[sys.argv[3]] != sys.argv[4]: continue
        n += 1
        v = r[sys.argv[2]]
        if v not in ('', 'NULL'): s += Decimal(v)
print(json.dumps({'sum': float(s), 'rows': n}))`
  return JSON.parse(execFileSync('python3', ['-c', script, file, column, ...(where ?? [])], { encoding: 'utf8' })) as { sum: number; rows: number }
}
const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const value = (page: Page, key: string) => page.locator(`[data-testid="explore-row"][data-key="${key}"] [data-testid="explore-value"]`)
async function money(page: Page, key: string): Promise<number> {
  return Number((await value(page, key).innerText()).replace(/[$,]/g, ''))
}

const shoot = (page: Page, testId: string, file: string): Promise<void> => readmeShot(page.getByTestId(testId), file)
test.describe('on imported real samples', () => {
  test.use({ emptyWorkspace: true })

  test('an analyst filters, groups, drills down and reads idle cost; numbers match independent sums', async ({ app, page, scratch }) => {
    const om = join(scratch, 'genai-duty-cycle.om')
    const billing = join(scratch, 'genai-nodes.focus.csv')
    const want = JSON.parse(execFileSync('python3', [join(repoRoot, 'test', 'helpers', 'explore_ref.py'), 'idle-fixture', DUTY_CYCLE, om, billing, '6', '1.006'], { encoding: 'utf8' })) as {
      billed: number
      idle: number
      utilisation: number
      nodeHours: number
    }
    const data = await app.data()
    await data.importFiles(sampleCsv, billing)
    await expect(data.snapshotRows).toHaveCount(2, { timeout: 60_000 })
    // The drop zone takes new files once the import (and Explore's refresh after it) has finished.
    await expect(data.outcomeFor('genai-nodes.focus.csv')).toContainText('imported', { timeout: 60_000 })
    await data.importFiles(om, DCGM_SAMPLE)
    await expect(data.snapshotRows).toHaveCount(4, { timeout: 60_000 })
    await app.screenshot(SPEC, 'data')

    await app.explore()
    const analysis = page.getByTestId('explore-analysis')
    await expect(analysis).toBeVisible()
    await page.getByTestId('explore-group').selectOption('ProviderName')
    const microsoft = py(sampleCsv, 'BilledCost', ['ProviderName', 'Microsoft']).sum
    await expect(value(page, 'Microsoft')).toHaveText(usd(microsoft))
    const aws = py(sampleCsv, 'BilledCost', ['ProviderName', 'AWS']).sum + want.billed
    expect(await money(page, 'AWS')).toBeCloseTo(aws, 2)
    await expect(page.getByTestId('chart-explore').and(page.locator('[data-rendered="true"]'))).toBeVisible()
    await app.screenshot(SPEC, 'spend-by-provider')

    // Filter to AWS, group by service, drill into the GPU nodes' service.
    await page.locator('[data-testid="explore-row"][data-key="AWS"] [data-testid="row-filter"]').click()
    await expect(page.getByTestId('filter-chip')).toHaveText(/Provider = AWS/)
    await page.getByTestId('explore-group').selectOption('ServiceName')
    expect(Number((await page.getByTestId('explore-table-total').innerText()).replace(/[$,]/g, ''))).toBeCloseTo(aws, 2)
    await page.locator('[data-testid="explore-row"][data-key="GenAI GPU nodes"] [data-testid="row-drill"]').click()
    await expect(page.getByTestId('line-items-count')).toHaveText(`${want.nodeHours.toLocaleString('en-US')} line items · ${usd(want.billed)} BilledCost`)
    await expect(page.getByTestId('line-item-row').first()).toContainText('node-')
    await page.getByTestId('sort-ChargePeriodStart').click()
    await expect(page.getByTestId('sort-ChargePeriodStart')).toHaveAttribute('aria-sort', 'descending')
    await expect(page.getByTestId('line-item-row').first()).toContainText('2024-09-02T00:00:00Z')
    await page.getByTestId('sort-ChargePeriodStart').click()
    await expect(page.getByTestId('line-item-row').first()).toContainText('2024-09-01T00:00:00Z')
    await app.screenshot(SPEC, 'drill-down')
    const download = page.waitForEvent('download')
    await page.getByTestId('line-items-export').click()
    const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\n')
    expect(csv).toHaveLength(want.nodeHours + 1)

    // Idle cost of the billed GPU nodes against the Alibaba pods' real duty cycle.
    await page.getByTestId('metric-idle').click()
    await page.getByTestId('explore-group').selectOption('Team')
    await expect(page.getByTestId('explore-total')).toHaveText(usd(want.idle))
    await expect(page.getByTestId('explore-utilisation')).toHaveText(`${(want.utilisation * 100).toFixed(1)} %`)
    await expect(page.getByTestId('chart-heatmap').and(page.locator('[data-rendered="true"]'))).toBeVisible()
    await app.screenshot(SPEC, 'idle')

    // Attribution: every billed GPU-hour goes to the pod on it (exclusive) — rows add up to the billed cost.
    await page.getByTestId('metric-attribution').click()
    await page.getByTestId('explore-group').selectOption('Pod')
    // The six pods hold the fixture's GPU nodes; the real FOCUS sample's few GPU instances have no telemetry and
    // keep their billing tags (no pod).
    const pods = page.locator('[data-testid="explore-row"][data-key^="sd-"] [data-testid="explore-value"]')
    await expect(pods).toHaveCount(6)
    const podSum = (await pods.allInnerTexts()).reduce((s, t) => s + Number(t.replace(/[$,]/g, '')), 0)
    expect(podSum).toBeCloseTo(want.billed, 1)
    await app.screenshot(SPEC, 'attribution')
  })
})

test('on the demo workspace: attribution with the shared/idle remainder, a corrected model type that stays', async ({ app, page }) => {
  await page.getByTestId('metric-attribution').click()
  await page.getByTestId('explore-group').selectOption('Team')
  await expect(page.locator('[data-testid="explore-row"][data-key="(shared/idle)"]')).toBeVisible()
  const spend = py(SPEND, 'BilledCost').sum
  const total = Number((await page.getByTestId('explore-table-total').innerText()).replace(/[$,]/g, ''))
  expect(Math.abs(total / spend - 1)).toBeLessThan(0.001)
  await app.screenshot(SPEC, 'demo-attribution')
  // The README's pictures of Explore's analysis, as a user sees them.
  await expect(page.getByTestId('chart-explore').and(page.locator('[data-rendered="true"]'))).toBeVisible()
  mkdirSync(join(repoRoot, 'docs'), { recursive: true })
  await shoot(page, 'explore-analysis', 'explore-attribution.png')
  const png = page.waitForEvent('download')
  await page.getByTestId('chart-explore-png').click()
  expect((await png).suggestedFilename()).toBe('fleetplan-attribution-by-Team.png')
  const svg = page.waitForEvent('download')
  await page.getByTestId('chart-explore-svg').click()
  expect(readFileSync(await (await svg).path(), 'utf8')).toMatch(/^<svg/)

  await page.getByTestId('metric-idle').click()
  await page.getByTestId('explore-group').selectOption('Pool')
  await expect(page.getByTestId('chart-heatmap').and(page.locator('[data-rendered="true"]'))).toBeVisible()
  await app.screenshot(SPEC, 'demo-idle')
  await shoot(page, 'chart-heatmap', 'explore-idle-heatmap.png')

  const panel = page.getByTestId('classifier-panel')
  await panel.getByTestId('classifier-search').fill('whisper')
  const row = panel.locator('[data-testid="classifier-row"][data-name="whisper-large-v3-transcribe"]')
  await expect(row.getByTestId('classifier-why')).toContainText('rule speech')
  await expect(panel.getByTestId('classifier-status')).toContainText('Rules only')
  await row.getByTestId('classifier-type').selectOption('multimodal')
  await expect(row.getByTestId('classifier-why')).toContainText('correction')
  await panel.scrollIntoViewIfNeeded()
  await app.screenshot(SPEC, 'classifier-corrected')
  await page.reload()
  await app.explore()
  await page.getByTestId('classifier-search').fill('whisper')
  const again = page.locator('[data-testid="classifier-row"][data-name="whisper-large-v3-transcribe"]')
  await expect(again.getByTestId('classifier-type')).toHaveValue('multimodal')
})
