import type { ForecastSpeed } from '../../shared/forecast-types'
import { CANDIDATES, type CandidateName } from './engine'

/**
 * Speed presets: which candidates the rolling-origin backtest scores, and how they are fitted. Chosen by
 * backtests on the M4 Hourly train file (docs/readme-forecast-speed.md has the figures and the procedure):
 * - fast: seasonal naive, Naive2, seasonal window median, seasonal naive on the longest season and the seasonal
 *   profile + level — closed forms, no optimiser, well under a millisecond per fit — plus their weighted
 *   ensemble. (Theta cost as much as the other five together and did not improve the selection.)
 * - balanced: the seasonal-naive variants, Theta, AutoARIMA, MSTL and the global network; each origin's ARIMA
 *   order search starts from the previous origin's order. AutoETS joins only for short seasons (m ≤ 12, e.g.
 *   weekly on daily data): with 24 hourly seasonal states it cost a third of the full run and made the
 *   selection worse; DOTM is left out (Theta covers it, and dropping it did not lose accuracy on the backtests).
 * - best: every candidate, each searched afresh at every origin.
 */
export interface SpeedPreset {
  models: (m: number) => CandidateName[]
  warmStart: boolean
}

const NAIVES: CandidateName[] = ['snaive', 'naive2', 'swa', 'snaive-long']

export const SPEED_PRESETS: Record<ForecastSpeed, SpeedPreset> = {
  fast: { models: () => [...NAIVES, 'sprofile'], warmStart: true },
  balanced: { models: (m) => [...NAIVES, 'theta', ...(m <= 12 ? (['ets'] as const) : []), 'arima', 'mstl', 'global'], warmStart: true },
  best: { models: () => [...CANDIDATES], warmStart: false },
}

export const DEFAULT_SPEED: ForecastSpeed = 'balanced'

/** Seasons of daily series: weekly first (what ETS/Theta/ARIMA use), yearly for MSTL when two years exist. */
export const DAILY_SEASONS = [7, 365]

/** The candidate set of a preset for data whose shortest season is `m`. */
export function presetModels(speed: ForecastSpeed, m: number): CandidateName[] {
  return SPEED_PRESETS[speed].models(m)
}
