/**
 * A platform engineer on the demo workspace: opens an example cost policy, reads the CEL and Rego it exports,
 * tightens a rule, replays it on the workload history (the figures on screen are the ones the API answers),
 * moves the counterfactual assumption, saves it, looks at the workloads in Explore, and attaches the policy
 * to a plan whose approval rules then say why it needs a named approver.
 */
import { expect, readmeShot, test } from './fixtures'

const SPEC = 'policies'
const usd = (x: number): string => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x)

test('write, preview, replay and attach a cost policy', async ({ app, page, host }) => {
  test.setTimeout(240_000)
  const policies = await app.policies()
  await policies.fromExample('gpu-cost-guardrails')
  await expect(policies.valid).toBeVisible()
  await expect(page.getByTestId('preview-cel')).toContainText('variables.accelerators')
  await expect(page.getByTestId('preview-cel')).toContainText('[size] variables.accelerators <=')
  await page.getByTestId('preview-tab-rego').click()
  await expect(page.getByTestId('preview-rego')).toContainText('package fleetplanmaxaccelerators')
  await page.getByTestId('preview-tab-files').click()
  await expect(page.getByTestId('preview-files')).toContainText('policies/gpu-cost-guardrails/validatingadmissionpolicy-pods.yaml')
  await page.getByTestId('preview-tab-cel').click()

  // Tighten the size rule: 16 → the live preview follows.
  await policies.rule('size').getByTestId('rule-max').fill('16')
  await expect(page.getByTestId('preview-cel')).toContainText(': 16.0) ||')
  // An invalid edit says which field is wrong, and saving waits for a valid policy.
  await page.getByTestId('policy-name').fill('Bad Name')
  await expect(page.getByTestId('policy-invalid')).toContainText('name')
  await expect(page.getByTestId('policy-save')).toBeDisabled()
  await page.getByTestId('policy-name').fill('gpu-cost-guardrails')
  await expect(page.getByTestId('policy-invalid')).toHaveCount(0)
  await app.screenshot(SPEC, 'editor')

  await policies.replay()
  await expect(policies.examples).toBeVisible()
  await expect(policies.examples).toContainText('[')
  // The page shows what the backend answers for the same policy.
  const doc = await page.evaluate(async () => {
    const r = await fetch('/api/call/policy-examples', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    return ((await r.json()) as { value: { doc: { name: string } & Record<string, unknown> }[] }).value.find((e) => e.doc.name === 'gpu-cost-guardrails')?.doc
  })
  expect(doc).toBeDefined()
  const size = (doc?.rules as { id: string; max?: number }[]).find((r) => r.id === 'size')
  if (size) size.max = 16
  const api = await page.evaluate(async (d) => {
    const start = await fetch('/api/call/policy-replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ doc: d }) })
    const { value } = (await start.json()) as { value: { jobId: string } }
    for (;;) {
      const r = await fetch('/api/call/job-get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jobId: value.jobId }) })
      const s = ((await r.json()) as { value: { state: string; result: { workloads: number; denied: number; deniedCostUsd: number } } }).value
      if (s.state === 'done') return s.result
      if (s.state === 'failed') throw new Error('replay failed')
      await new Promise((res) => setTimeout(res, 250))
    }
  }, doc)
  expect(api.denied).toBeGreaterThan(0)
  await expect(policies.workloads).toHaveText(api.workloads.toLocaleString('en-US'))
  await expect(policies.denied).toHaveText(api.denied.toLocaleString('en-US'))
  await expect(policies.deniedCost).toHaveText(usd(api.deniedCostUsd))
  await expect(page.getByTestId('cf-gross')).toHaveText(usd(api.deniedCostUsd))
  // The counterfactual follows the assumption: 80 % resubmitted leaves 20 % saved.
  await page.getByTestId('cf-resubmitted').fill('80')
  await expect(page.getByTestId('cf-net')).toHaveText(usd(Math.round(api.deniedCostUsd * 100) / 100 - Math.round(api.deniedCostUsd * 0.8 * 100) / 100))
  await page.getByTestId('cf-resubmitted').fill('50')
  await expect(page.getByTestId('chart-replay-weeks')).toHaveAttribute('data-rendered', 'true')
  await app.screenshot(SPEC, 'replay')
  // The README's picture of a replay.
  await readmeShot(page.getByTestId('replay-panel'), 'policy-replay.png')

  await page.getByTestId('policy-save').click()
  await expect(policies.list).toContainText('gpu-cost-guardrails')

  // Explore: the workloads the replay ran on.
  await app.explore()
  const section = page.getByTestId('workloads-section')
  await section.scrollIntoViewIfNeeded()
  await expect(page.getByTestId('workload-row').first()).toBeVisible()
  await page.getByTestId('wl-team').selectOption('vision')
  await expect(page.getByTestId('workloads-table')).toContainText('lumen-')
  await app.screenshot(SPEC, 'explore-workloads')

  // A plan with the policy attached: conservative rules refuse approval by rule, and say why.
  const scenarios = await app.scenarios()
  await scenarios.createPlan({ name: 'Q4 guardrails', growthPct: 4 })
  const plans = app.plansPage
  await expect(plans.detail).toBeVisible()
  await page.getByTestId('plan-attach-policy').selectOption({ label: 'gpu-cost-guardrails' })
  await expect(page.getByTestId('plan-policies')).toContainText('gpu-cost-guardrails')
  await expect(page.getByTestId('check-policy-denials')).toHaveAttribute('data-pass', 'false')
  await expect(page.getByTestId('check-cost-delta')).toHaveAttribute('data-pass', 'false')
  await expect(page.getByTestId('check-new-commitments')).toHaveAttribute('data-pass', 'true')
  await expect(page.getByTestId('approve-by-rule')).toBeDisabled()
  await expect(page.getByTestId('plan-status-summary')).toContainText('No actuals imported yet')
  await app.screenshot(SPEC, 'plan-rules')
  expect(host.url).toBeTruthy()
})
