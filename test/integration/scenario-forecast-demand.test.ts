import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/errors'
import { emptyBackend, type TestBackend } from '../helpers/backend'
import { REPO_ROOT } from '../helpers/tmp'

const DEMO = join(REPO_ROOT, 'resources', 'demo', 'demo-accelerator-spend.focus.csv')

let b: TestBackend
beforeAll(async () => {
  b = await emptyBackend()
  await b.call('billing-import', { files: [{ ref: DEMO }] })
})
afterAll(async () => {
  await b.close()
})

describe('scenario demand from a GPU-hours forecast', () => {
  it('says what to do when no GPU-hours-per-team forecast exists yet', async () => {
    const s = await b.call('scenario-baseline', { save: true, horizonHours: 24 * 14 })
    let err: unknown
    try {
      await b.call('scenario-demand-from-forecast', { id: s.id })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toMatch(/GPU-hours per team/)
  })

  it('turns the forecast into sample paths that follow each team’s forecast, and simulates them', async () => {
    const s = await b.call('scenario-baseline', { save: true, horizonHours: 24 * 14 })
    const run = await b.call('forecast-run', { targets: ['gpu-hours-team'], horizon: 14, origins: 1, models: ['snaive', 'swa'] })
    const withPaths = await b.call('scenario-demand-from-forecast', { id: s.id, paths: 400, seed: 3 })

    const paths = withPaths.demand.paths
    expect(paths?.source).toContain(`forecast run #${run.id}`)
    expect(paths?.stepHours).toBe(24)
    expect(paths?.values).toHaveLength(400)
    expect(paths?.streams).toEqual(s.demand.streams.map((x) => ({ team: x.team, workloadClass: x.workloadClass })))

    // Expected from the forecast itself and the documented rule (base × forecast ÷ the team's last-7-day level):
    // the mean over paths of each day, for every stream whose team the run forecasts.
    let checked = 0
    s.demand.streams.forEach((st, k) => {
      const series = run.series.find((x) => x.key === `gpu-hours-team:${st.team}`)
      if (!series) return
      const recent = series.history.slice(-7)
      const level = recent.reduce((a, c) => a + c, 0) / recent.length
      if (level <= 0) return
      for (const d of [0, 6, 13]) {
        const expected = (st.base * (series.mean[d] ?? 0)) / level
        const got = (paths?.values ?? []).reduce((sum, p) => sum + (p[k]?.[d] ?? 0), 0) / 400
        // 400 draws of a normal: the mean is within ~4 standard errors of the band-derived sd.
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(0.25 * expected + 1e-9)
        checked++
      }
    })
    expect(checked).toBeGreaterThan(0)

    const r = await b.call('scenario-simulate', { id: s.id, paths: 50 })
    expect(r.paths).toBe(50)
    expect(r.kpis.utilisation.mean).toBeGreaterThan(0)
  })
})
