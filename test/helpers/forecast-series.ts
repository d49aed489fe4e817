import type { ForecastSeriesResult } from '../../shared/forecast-types'

/** A "GPU-hours per team" forecast series as the forecast engine stores it, with bands at fixed ratios of the mean. */
export function teamGpuHoursSeries(
  team: string,
  mean: number[],
  o: { start: string; history: number[]; bands: { level: number; lo: number; hi: number }[]; model?: ForecastSeriesResult['model'] },
): ForecastSeriesResult {
  return {
    key: `gpu-hours-team:${team}`,
    target: 'gpu-hours-team',
    label: `team ${team}`,
    unit: 'GPU-hours',
    start: o.start,
    history: o.history,
    model: o.model ?? 'ets',
    detail: '',
    mean,
    intervals: o.bands.map((b) => ({ level: b.level, lo: mean.map((m) => m * b.lo), hi: mean.map((m) => m * b.hi) })),
    backtest: [{ model: o.model ?? 'ets', mase: 0.9, smape: 0.1 }],
    backtestHorizon: 14,
    origins: 4,
    coverage: o.bands.map((b) => ({ level: b.level, coverage: b.level / 100 - 0.02 })),
    note: null,
  }
}
