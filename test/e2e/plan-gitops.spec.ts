import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { expect, readmeShot, test } from './fixtures'
import { git, makeUserCheckout } from './git'
import { FleetScenarios } from './pages/fleet-scenarios'

const SPEC = 'plan-gitops'

interface ClusterQueueYaml {
  spec: { resourceGroups: { flavors: { name: string; resources: { name: string; nominalQuota: number }[] }[] }[] }
}

test('optimizer result → plan → edit a quota in review → review diff → approve → export; the branch holds the edited quota', async ({ app, page, scratch }) => {
  test.setTimeout(240_000)
  // The decision: the baseline fleet from the demo bill, and the optimizer's answer for its demand.
  await app.scenarios()
  const fs = new FleetScenarios(page)
  await fs.section('scenarios')
  await fs.deriveBaseline.click()
  await expect(fs.editor).toBeVisible()
  await fs.section('optimize')
  await page.getByTestId('opt-budget').fill('0')
  await fs.optimize.click()
  await expect(fs.optResult).toBeVisible({ timeout: 90_000 })
  await page.getByTestId('opt-plan-name').fill('Optimized fleet Q1')
  await page.getByTestId('opt-plan-cluster').fill('prod')
  await app.screenshot(SPEC, 'optimizer-create-plan')
  await page.getByTestId('opt-create-plan').click()

  // A draft that froze the decision, with the optimization run it came from.
  const plans = app.plansPage
  await expect(app.current('plans')).toBeVisible()
  await expect(plans.title).toHaveText('Optimized fleet Q1')
  await expect(plans.status).toHaveText('draft')
  await expect(page.getByTestId('plan-optimization')).toContainText(/opt_[a-z0-9]+/)
  await expect(page.getByTestId('quota-table')).toBeVisible()
  await app.screenshot(SPEC, 'plan-draft')

  await plans.submitForReview()
  await expect(plans.status).toHaveText('in review')

  // Edit one quota in review (the team's largest): the cell is marked, the flavor's total shows what is left unassigned.
  const { ns, flavor, before } = await largestQuota(page)
  const cell = page.locator(`td.quota-cell[data-namespace="${ns}"][data-flavor="${flavor}"]`)
  const input = cell.locator('input')
  expect(before).toBeGreaterThanOrEqual(2)
  const edited = before - 1
  await input.fill(String(edited))
  await input.press('Enter')
  await expect(page.getByTestId('plan-edits')).toContainText(`nominalQuota of`)
  await expect(cell.locator('input.edited')).toHaveValue(String(edited))
  await expect(page.getByTestId(`quota-sum-${flavor}`)).toContainText(/^\d+ \/ \d+$/)
  await cell.click()
  await expect(page.getByTestId('quota-reasoning')).toContainText('Median demand')
  await app.screenshot(SPEC, 'plan-review-edited')

  // The review diff against the checkout the GitOps controller deploys from.
  const { repo, modifiedFile, modifiedContent } = makeUserCheckout(scratch)
  const statusBefore = git(repo, 'status', '--porcelain')
  const headBefore = git(repo, 'rev-parse', 'HEAD')
  const diff = await plans.compareWith(repo)
  await expect(diff.getByTestId('diff-summary')).toContainText(/\d+ manifests change/)
  await expect(diff.getByTestId('delta-cost')).toBeVisible()
  await diff.getByTestId('diff-file').filter({ hasText: `kueue/clusterqueue-${ns}.yaml` }).click()
  await expect(diff.getByTestId('diff-text')).toContainText(`+              nominalQuota: ${edited}`)
  await app.screenshot(SPEC, 'review-diff-first-plan')

  // Approval shows what is signed and asks for confirmation; the approver defaults to the Git identity.
  await expect(page.getByTestId('approve-name')).toHaveValue('E2E Tester')
  const dialog = await plans.openApproval('E2E Tester', 'Quota moved after review with the team.')
  const hash = (await dialog.getByTestId('approve-hash').innerText()).trim()
  expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/)
  await expect(dialog.getByTestId('approve-diff')).toContainText(/\d+ manifests change/)
  await app.screenshot(SPEC, 'approve-confirm')
  await dialog.getByTestId('approve-confirm').click()
  await expect(plans.status).toHaveText('approved')
  await expect(page.getByTestId('approval-by')).toHaveText('E2E Tester')

  // Export, then read the branch with the git CLI.
  await plans.exportTo(repo)
  // The first export loads the schema validators and the chart renderer: give it time on a busy machine.
  await expect(plans.exportResult).toHaveAttribute('data-status', 'exported', { timeout: 90_000 })
  const branch = (await plans.exportBranch.innerText()).trim()
  const commit = (await plans.exportCommit.innerText()).trim()
  await expect(plans.status).toHaveText('exported')
  await app.screenshot(SPEC, 'exported')
  expect(git(repo, 'rev-parse', `refs/heads/${branch}`)).toBe(commit)
  const cq = parse(git(repo, 'show', `${branch}:fleetplan/clusters/prod/kueue/clusterqueue-${ns}.yaml`)) as ClusterQueueYaml
  const quota = cq.spec.resourceGroups.flatMap((g) => g.flavors).find((f) => f.name === flavor)!.resources[0]!.nominalQuota
  expect(quota).toBe(edited)
  const files = git(repo, 'ls-tree', '-r', '--name-only', commit).split('\n')
  expect(files).toContain('fleetplan/clusters/prod/kustomization.yaml')
  const planDir = files.find((f) => f.endsWith('/report.html'))!.replace(/\/report\.html$/, '')
  const planJson = JSON.parse(git(repo, 'show', `${commit}:${planDir}/plan.json`)) as { approval: { contentHash: string } }
  expect(planJson.approval.contentHash).toBe(hash)
  expect(git(repo, 'log', '-1', '--format=%(trailers:key=Approved-By,valueonly)', commit)).toBe('E2E Tester')
  // The user's checkout is untouched.
  expect(git(repo, 'symbolic-ref', '--short', 'HEAD')).toBe('main')
  expect(git(repo, 'rev-parse', 'HEAD')).toBe(headBefore)
  expect(git(repo, 'status', '--porcelain')).toBe(statusBefore)
  expect(readFileSync(modifiedFile, 'utf8')).toBe(modifiedContent)

  // The branch is merged (as its pull request would be). A newer plan — a copy with one more quota moved —
  // reviews against it: only the files that differ change.
  git(repo, 'merge', '--quiet', '--ff-only', branch)
  await page.getByTestId('plan-copy').click()
  await expect(plans.status).toHaveText('draft')
  await expect(plans.title).toHaveText('Optimized fleet Q1 (copy)')
  await plans.submitForReview()
  const again = page.locator(`td.quota-cell[data-namespace="${ns}"][data-flavor="${flavor}"] input`)
  await expect(again).toHaveValue(String(edited))
  await again.fill(String(edited - 1))
  await again.press('Enter')
  await expect(page.locator(`td.quota-cell[data-namespace="${ns}"][data-flavor="${flavor}"] input.edited`)).toHaveValue(String(edited - 1))
  const second = await plans.compareWith(repo)
  await expect(second).toContainText('Optimized fleet Q1')
  await expect(second.getByTestId('diff-summary')).toContainText(/0 added · [1-9]\d* changed · 0 removed · [1-9]\d* unchanged/)
  await expect(second.getByTestId('delta-cost')).toHaveText('±$0')
  await second.getByTestId('diff-file').filter({ hasText: `kueue/clusterqueue-${ns}.yaml` }).click()
  await expect(second.getByTestId('diff-text')).toContainText(`-              nominalQuota: ${edited}`)
  await expect(second.getByTestId('diff-text')).toContainText(`+              nominalQuota: ${edited - 1}`)
  await app.screenshot(SPEC, 'review-diff')
  await second.screenshot({ path: join('test-results', 'screenshots', SPEC, 'review-diff-panel.png') })
  // The README's golden path shows this review diff: the screenshot is taken here, not drawn by hand.
  await readmeShot(page.getByTestId('plan-review'), 'plan-review-diff.png')
})

/** The quota cell with the largest nominal quota (namespace, flavor, value). */
async function largestQuota(page: import('@playwright/test').Page): Promise<{ ns: string; flavor: string; before: number }> {
  const cells = page.locator('td.quota-cell')
  let best = { ns: '', flavor: '', before: -1 }
  for (let i = 0; i < (await cells.count()); i++) {
    const c = cells.nth(i)
    const v = Number(await c.locator('input').inputValue())
    if (v > best.before) best = { ns: (await c.getAttribute('data-namespace'))!, flavor: (await c.getAttribute('data-flavor'))!, before: v }
  }
  return best
}
