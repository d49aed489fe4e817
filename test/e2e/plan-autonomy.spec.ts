/**
 * Phased autonomy and plan vs actual on the Plans page, on real series: M4 Hourly series (real, anonymised demand)
 * summed per day and imported as daily billed cost. A baseline plan is made on the first 26 days; the other 14
 * are imported later, as the next bills arrive.
 * - H350's forecast stays under the conservative default thresholds: the plan is approved by rule in the UI and
 *   the audit log names each rule with the impact measured, which the test recomputes from the raw series.
 * - H300 leaves the plan's band: the Plans page flags the drift and shows the days and runs the test finds itself.
 */
import { join } from 'node:path'
import { dailyFocusRows, writeFocusRows } from '../helpers/focus-rows'
import { m4DailySeries, m4Day } from '../helpers/m4-daily'
import type { DriftPoint, PlanStatus } from '../../shared/policy-types'
import { expect, test } from './fixtures'
import type { AppShell } from './pages/app-shell'
import { Api } from './pages/api'

const SPEC = 'plan-autonomy'
const PLAN_DAYS = 26
const HORIZON = 14

async function importBill(app: AppShell, file: string): Promise<void> {
  const data = await app.data()
  await data.importFiles(file)
  await expect(data.outcomeFor(file.split('/').pop() as string)).toContainText('focus')
}

/**
 * The series split in two FOCUS files — the history the plan is made on, and the actuals that arrive later —
 * the first imported and a baseline plan made on it (no extra growth), shown on the Plans page.
 */
async function planOnFirstPart(app: AppShell, dir: string, id: string): Promise<{ values: number[]; rest: string; name: string }> {
  const values = m4DailySeries(id)
  expect(values).toHaveLength(PLAN_DAYS + HORIZON)
  const first = join(dir, `${id}-first-${PLAN_DAYS}-days.csv`)
  const rest = join(dir, `${id}-next-${HORIZON}-days.csv`)
  writeFocusRows(first, dailyFocusRows(values.slice(0, PLAN_DAYS), 0))
  writeFocusRows(rest, dailyFocusRows(values.slice(PLAN_DAYS), PLAN_DAYS))
  await importBill(app, first)
  const name = `${id} carried forward`
  const scenarios = await app.scenarios()
  await scenarios.createPlan({ name, growthPct: 0, horizonDays: HORIZON })
  await expect(app.plansPage.title).toHaveText(name)
  await expect(app.plansPage.status).toHaveText('draft')
  return { values, rest, name }
}

/** The value as the import stores it (the file carries 4 decimals). */
const imported = (x: number): number => Number(x.toFixed(4))
/** Whole dollars, minus sign U+2212, as the rules state amounts. */
const dollars = (x: number): string => `${x < 0 ? '−' : ''}$${Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 0 })}`

/** Independent drift: which band days the raw actuals fall outside, the longest run of consecutive ones, the day a run reaches n. */
function expectedDrift(values: number[], band: DriftPoint[], n: number): { outside: string[]; longest: number; from: string | null } {
  const outside: string[] = []
  let run = 0
  let longest = 0
  let from: string | null = null
  for (const b of band) {
    const i = Math.round((Date.parse(`${b.date}T00:00:00Z`) - Date.UTC(2024, 0, 1)) / 86_400_000)
    const v = imported(values[i] as number)
    const out = v < b.lo || v > b.hi
    if (out) outside.push(b.date)
    run = out ? run + 1 : 0
    if (run === n && from === null) from = b.date
    longest = Math.max(longest, run)
  }
  return { outside, longest, from }
}

test.describe('plans on a real series', () => {
  test.use({ emptyWorkspace: true })

  test('a plan under every threshold is approved by rule; the audit log names the rules and the measured impact', async ({ app, page, host, request, scratch }) => {
    test.setTimeout(180_000)
    const api = new Api(request, host)
    const { values, rest, name } = await planOnFirstPart(app, scratch, 'H350')
    const plans = app.plansPage

    // Every rule passes at the conservative defaults (no cost increase, no commitment, no quota shift, no denials).
    for (const rule of ['status', 'cost-delta', 'quota-shift', 'new-commitments', 'policy-denials']) {
      await expect(page.getByTestId(`check-${rule}`)).toHaveAttribute('data-pass', 'true')
    }
    await expect(page.getByTestId('check-cost-delta').locator('td').nth(3)).toHaveText('≤ $0/month')
    const shownDelta = (await page.getByTestId('check-cost-delta').locator('td').nth(2).innerText()).trim()
    await expect(page.getByTestId('approve-by-rule')).toBeEnabled()
    await app.screenshot(SPEC, 'rules-pass')
    await page.getByTestId('approve-by-rule').click()
    await expect(plans.status).toHaveText('approved')
    await expect(plans.approvalBy).toHaveText('approval rules')

    // The audit log: submitted and approved by the rules, each rule with what was measured against it.
    const audit = page.getByTestId('plan-audit')
    await expect(audit.locator('tr[data-kind="submitted"]')).toContainText('approval rules')
    const approved = audit.locator('tr[data-kind="approved"]')
    await expect(approved).toContainText('approval rules')
    await expect(approved.getByTestId('audit-by-rule')).toContainText('Approved by rule (sha256:')
    await expect(approved.getByTestId('audit-rule-checks').locator('li')).toHaveCount(4)
    await expect(approved.getByTestId('audit-rule-quota-shift')).toHaveText('quota-shift: measured 0.0 %, rule ≤ 5 %')
    await expect(approved.getByTestId('audit-rule-new-commitments')).toHaveText('new-commitments: measured 0 committed accelerators added, rule none')
    await expect(approved.getByTestId('audit-rule-policy-denials')).toHaveText('policy-denials: measured no policy attached, rule ≤ 0 historical workloads')

    // The measured cost delta, recomputed: the forecast's first month (the plan's stored daily means, read back once
    // the actuals arrive; 14 days scaled to 30) against the run rate of the 26 imported days, from the raw series.
    await importBill(app, rest)
    const status = await api.call<PlanStatus>('plan-status', { id: await planId(api, name) })
    const cost = status.series.find((s) => s.metric === 'cost')
    expect(cost?.points.map((p) => p.date)).toEqual(Array.from({ length: HORIZON }, (_, k) => m4Day(PLAN_DAYS + k)))
    const forecastMonth = ((cost?.points ?? []).reduce((a, p) => a + p.mean, 0) / HORIZON) * 30
    const runRate = (values.slice(0, PLAN_DAYS).reduce((a, v) => a + imported(v), 0) / PLAN_DAYS) * 30
    const delta = forecastMonth - runRate
    expect(delta).toBeLessThanOrEqual(0)
    const expected = `${dollars(delta)}/month`
    expect(shownDelta).toBe(expected)
    await app.plans()
    await expect(approved.getByTestId('audit-rule-cost-delta')).toHaveText(`cost-delta: measured ${expected}, rule ≤ $0/month`)
    await app.screenshot(SPEC, 'approved-by-rule-audit')
  })

  test('a plan made on the first 26 days shows the drift of the next 14', async ({ app, page, host, request, scratch }) => {
    test.setTimeout(180_000)
    const api = new Api(request, host)
    const { values, rest, name } = await planOnFirstPart(app, scratch, 'H300')
    await expect(page.getByTestId('plan-status-summary')).toHaveText('No actuals imported yet for the days this plan forecast.')
    const id = await planId(api, name)

    await importBill(app, rest)
    await app.plans()
    await expect(app.plansPage.title).toHaveText(name)
    const panel = page.getByTestId('plan-status-panel')
    await expect(panel.getByTestId('drift-badge')).toHaveText('drift')

    // The band is the plan's (stored when it was made); which days fall outside it is computed here from the raw series.
    const status = await api.call<PlanStatus>('plan-status', { id })
    const band = status.series.find((s) => s.metric === 'cost')?.points ?? []
    expect(band.map((p) => p.date)).toEqual(Array.from({ length: HORIZON }, (_, k) => m4Day(PLAN_DAYS + k)))
    const exp = expectedDrift(values, band, 3)
    expect(exp.longest).toBeGreaterThanOrEqual(3)
    const series = panel.getByTestId('drift-series-cost')
    await expect(series).toHaveAttribute('data-drifting', 'true')
    await expect(series.getByTestId('drift-observed')).toHaveText(String(HORIZON))
    await expect(series.getByTestId('drift-outside')).toHaveText(String(exp.outside.length))
    await expect(series.getByTestId('drift-longest')).toHaveText(String(exp.longest))
    await expect(series.getByTestId('drift-from')).toHaveText(exp.from as string)
    await expect(series.getByTestId('drift-outside-days')).toHaveText(exp.outside.join(', '))
    await expect(page.getByTestId('plan-status-summary')).toHaveText(
      `Drift: daily billed cost outside the 95 % band for ${exp.longest} consecutive days (from ${exp.from as string}).`,
    )
    await expect(series.getByTestId('chart-drift-cost')).toHaveAttribute('data-rendered', 'true')
    await app.screenshot(SPEC, 'drift')

    // A longer threshold than the longest run: on track again, with the same days outside.
    await page.getByTestId('drift-days').fill(String(exp.longest + 1))
    await expect(series).toHaveAttribute('data-drifting', 'false')
    await expect(panel.getByTestId('drift-badge')).toHaveCount(0)
    await expect(series.getByTestId('drift-outside')).toHaveText(String(exp.outside.length))
  })
})

/** The plan's id, looked up by the name the Plans page shows. */
async function planId(api: Api, name: string): Promise<string> {
  const p = (await api.call<{ id: string; name: string }[]>('plan-list', {})).find((x) => x.name === name)
  if (!p) throw new Error(`no plan named ${name}`)
  return p.id
}
