import { ApiError } from '../../shared/errors'
import type { ForecastRun, ForecastSeriesResult } from '../../shared/forecast-types'
import type { DemandPaths, Scenario } from '../../shared/scenario-types'
import { gaussian, qnorm, rng } from '../forecast/stats'

const TEAM_PREFIX = 'gpu-hours-team:'

/**
 * Demand sample paths from a stored GPU-hours-per-team forecast. The forecast says how each team's demand
 * moves (level, trend, intervals); the scenario's streams say how big it is in H100-equivalent units. So a
 * stream's path is its base × the forecast relative to the team's recent level (mean of the last 7 history
 * days), with one standard-normal draw per path and team applied to the whole horizon: a path is a
 * plausible future in which the team stays high or low, so the band of a total is as wide as the forecast's,
 * not averaged away day by day. Streams of teams the run does not forecast keep base × growth.
 */
export function demandPathsFromForecast(
  run: ForecastRun,
  scenario: Scenario,
  opts: { paths: number; seed: number },
): { paths: DemandPaths; matched: string[]; unmatched: string[] } {
  const byTeam = new Map<string, ForecastSeriesResult>()
  for (const s of run.series) if (s.key.startsWith(TEAM_PREFIX)) byTeam.set(s.key.slice(TEAM_PREFIX.length), s)
  if (byTeam.size === 0) {
    throw new ApiError({
      code: 'conflict',
      message: `Forecast run #${run.id} has no "GPU-hours per team" series: run a forecast with that target first.`,
    })
  }
  const days = Math.max(1, Math.ceil(scenario.horizonHours / 24))
  const streams = scenario.demand.streams
  const teams = [...new Set(streams.map((s) => s.team))]
  const matched = teams.filter((t) => byTeam.has(t))
  const unmatched = teams.filter((t) => !byTeam.has(t))

  // Per team: relative level per day (mean / recent level) and its standard deviation, from the widest band.
  const relative = new Map<string, { mean: number[]; sd: number[] }>()
  for (const team of matched) {
    const s = byTeam.get(team) as ForecastSeriesResult
    const recent = s.history.slice(-7)
    const level = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length)
    const band = [...s.intervals].sort((a, b) => b.level - a.level)[0]
    const z = band ? qnorm(0.5 + band.level / 200) : 1
    const mean: number[] = []
    const sd: number[] = []
    for (let d = 0; d < days; d++) {
      // Past the forecast's horizon the last forecast day holds.
      const i = Math.min(d, s.mean.length - 1)
      const m = s.mean[i] ?? level
      const width = band ? (band.hi[i] ?? m) - (band.lo[i] ?? m) : 0
      mean.push(level > 0 ? m / level : 1)
      sd.push(level > 0 ? width / (2 * z) / level : 0)
    }
    relative.set(team, { mean, sd })
  }

  const r = rng(opts.seed)
  const values: number[][][] = []
  for (let p = 0; p < opts.paths; p++) {
    const draw = new Map(teams.map((t) => [t, gaussian(r)]))
    values.push(
      streams.map((st) => {
        const rel = relative.get(st.team)
        const out = new Array<number>(days)
        for (let d = 0; d < days; d++) {
          const factor = rel
            ? (rel.mean[d] ?? 1) + (draw.get(st.team) ?? 0) * (rel.sd[d] ?? 0)
            : Math.pow(1 + st.growthPctPerMonth / 100, d / 30)
          out[d] = Math.max(0, st.base * factor)
        }
        return out
      }),
    )
  }
  const source = `forecast run #${run.id} (GPU-hours per team; ${matched.length} of ${teams.length} teams${unmatched.length ? `; history × growth for ${unmatched.join(', ')}` : ''}), ${opts.paths} paths, seed ${opts.seed}`
  return {
    paths: { streams: streams.map((s) => ({ team: s.team, workloadClass: s.workloadClass })), stepHours: 24, values, source, forecastRunId: run.id },
    matched,
    unmatched,
  }
}
