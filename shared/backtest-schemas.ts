/** Validation of backtest calls (zod): what `backtest-run` accepts from the app, the web host and the CLI. */
import { z } from 'zod'
import { DEFAULT_BACKTEST_OPTIONS } from './backtest-types'
import { FORECAST_SPEEDS } from './forecast-types'
import { PURCHASE_OPTIONS } from './scenario-types'

export const backtestRunSchema = z
  .object({
    /** Hourly demand CSV (wide or long); absent: the workspace's own accelerator-hours history. */
    demand: z.object({ ref: z.string().min(1).max(4096), name: z.string().min(1).max(1024).optional() }).strict().optional(),
    /** Share of the history the plan is made on; the rest is the test period. */
    split: z.number().min(0.1).max(0.95).default(0.67),
    /** Column (type) name → catalog accelerator id, for names that are not catalog ids. */
    map: z.record(z.string().min(1).max(200), z.string().min(1).max(100)).default({}),
    provider: z.string().trim().min(1).max(100).optional(),
    region: z.string().trim().min(1).max(100).optional(),
    options: z
      .array(z.enum(PURCHASE_OPTIONS))
      .min(1)
      .max(PURCHASE_OPTIONS.length)
      .default(DEFAULT_BACKTEST_OPTIONS)
      .refine((o) => new Set(o).size === o.length, 'each option once'),
    /** Forecast speed preset for the plan's forecasts (the Forecast page's default, balanced). */
    speed: z.enum(FORECAST_SPEEDS).default('balanced'),
  })
  .strict()
  .refine((v) => !v.region || v.provider, { message: 'a region needs its provider', path: ['region'] })
