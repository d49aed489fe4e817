import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { expect, sampleCsv, test } from './fixtures'
import { parseCsv, sumColumn, usd } from './csv'
import { git, makeUserCheckout } from './git'

const SPEC = 'golden-path'

test.use({ emptyWorkspace: true })

test('golden path: import, explore, re-import, plan, approve, export to git', async ({ app, scratch }) => {
  // An empty workspace opens on Data and says what to import.
  const data = await app.data()
  await expect(data.snapshotsEmpty).toBeVisible()
  await expect(data.snapshotsEmpty).toContainText('FOCUS')
  await expect(app.demoBadge).toHaveCount(0)
  await app.screenshot(SPEC, 'data-empty')

  const explore = await app.explore()
  await expect(explore.empty).toBeVisible()
  await app.screenshot(SPEC, 'explore-empty')
  const forecast = await app.forecast()
  await expect(forecast.empty).toBeVisible()
  await app.screenshot(SPEC, 'forecast-empty')
  const scenarios = await app.scenarios()
  await expect(scenarios.empty).toBeVisible()
  await app.screenshot(SPEC, 'scenarios-empty')
  const plansEmpty = await app.plans()
  await expect(plansEmpty.empty).toBeVisible()
  await app.screenshot(SPEC, 'plans-empty')

  // Import the FOCUS sample through the file input.
  const fileName = basename(sampleCsv)
  await app.data()
  await data.importFiles(sampleCsv)
  await expect(data.summary).toBeVisible()
  const imported = data.outcomeFor(fileName)
  await expect(imported).toHaveAttribute('data-status', 'imported')
  await expect(imported).toContainText('1,000')
  await expect(data.snapshotRows).toHaveCount(1)
  await app.screenshot(SPEC, 'data-imported')

  // The total shown equals the BilledCost column summed here, to the cent.
  const expectedTotal = usd(sumColumn(parseCsv(readFileSync(sampleCsv, 'utf8')), 'BilledCost'))
  await app.explore()
  await expect(explore.total).toHaveText(expectedTotal)
  await expect(explore.lineItems).toHaveText('1,000')
  await expect(app.headerTotal).toHaveText(expectedTotal)
  await expect(explore.drawn(explore.providerChart)).toBeVisible()
  await expect(explore.drawn(explore.serviceChart)).toBeVisible()
  await app.screenshot(SPEC, 'explore')

  // Re-importing the same file is a no-op.
  await app.data()
  await data.importFiles(sampleCsv)
  await expect(data.outcomeFor(fileName)).toHaveAttribute('data-status', 'duplicate')
  await expect(data.outcomeFor(fileName)).toContainText('already imported')
  await expect(data.snapshotRows).toHaveCount(1)
  await app.screenshot(SPEC, 'data-reimported')

  await app.forecast()
  await expect(forecast.drawnChart()).toBeVisible()
  await app.screenshot(SPEC, 'forecast')

  // A plan from the baseline scenario opens on the Plans page as a draft.
  const planName = 'E2E baseline Q4'
  await app.scenarios()
  await expect(scenarios.runRate).not.toHaveText('$0.00')
  await app.screenshot(SPEC, 'scenarios')
  await scenarios.createPlan({ name: planName, description: 'Golden path test plan.', growthPct: 2, horizonDays: 60 })
  const plans = app.plansPage
  await expect(app.current('plans')).toBeVisible()
  await expect(plans.title).toHaveText(planName)
  await expect(plans.status).toHaveText('draft')
  await app.screenshot(SPEC, 'plans-draft')

  // Submit for review, then approve with a name and a comment, confirmed; the plan becomes read-only.
  await plans.submitForReview()
  await expect(plans.status).toHaveText('in review')
  const dayBefore = new Date().toISOString().slice(0, 10)
  await plans.approve('Dana Reviewer', 'Matches the Q4 budget.')
  await expect(plans.status).toHaveText('approved')
  await expect(plans.approvalBy).toHaveText('Dana Reviewer')
  await expect(app.page.getByTestId('approve-submit')).toHaveCount(0)
  const dayAfter = new Date().toISOString().slice(0, 10)

  // Export into a checkout with uncommitted and untracked work.
  const { repo, modifiedFile, modifiedContent } = makeUserCheckout(scratch)
  const headBefore = git(repo, 'rev-parse', 'HEAD')
  const statusBefore = git(repo, 'status', '--porcelain')
  expect(statusBefore).toContain(' M README.md')
  expect(statusBefore).toContain('?? notes.txt')

  await plans.exportTo(repo)
  await expect(plans.exportResult).toBeVisible()
  const commit = (await plans.exportCommit.innerText()).trim()
  const branch = (await plans.exportBranch.innerText()).trim()
  expect(commit).toMatch(/^[0-9a-f]{40}$/)
  await expect(plans.exportHistory).toContainText(branch)
  await app.screenshot(SPEC, 'plans-exported')

  const slug = 'e2e-baseline-q4'
  const date = branch.slice('fleetplan/'.length, 'fleetplan/'.length + 10)
  expect([dayBefore, dayAfter]).toContain(date)
  expect(branch).toBe(`fleetplan/${date}-${slug}`)
  expect(git(repo, 'rev-parse', `refs/heads/${branch}`)).toBe(commit)
  const files = git(repo, 'ls-tree', '-r', '--name-only', commit).split('\n')
  expect(files).toContain(`fleetplan/plans/${date}-${slug}/plan.json`)
  expect(files).toContain(`fleetplan/plans/${date}-${slug}/plan.md`)
  expect(git(repo, 'rev-parse', `${commit}^`)).toBe(headBefore)
  const message = git(repo, 'log', '-1', '--format=%B', commit)
  expect(message).toContain(planName)
  expect(message).toContain('Dana Reviewer')
  const planJson = JSON.parse(git(repo, 'show', `${commit}:fleetplan/plans/${date}-${slug}/plan.json`)) as { name?: string }
  expect(planJson.name).toBe(planName)

  // The user's checkout is untouched.
  expect(git(repo, 'symbolic-ref', '--short', 'HEAD')).toBe('main')
  expect(git(repo, 'rev-parse', 'HEAD')).toBe(headBefore)
  expect(git(repo, 'status', '--porcelain')).toBe(statusBefore)
  expect(readFileSync(modifiedFile, 'utf8')).toBe(modifiedContent)
})
