/** Contract methods: backtests of the commitment decision (issue 14) — forecast → optimize → replay on real history. */
import type { BacktestHistoryInfo, BacktestResult } from '../backtest-types'
import { backtestRunSchema } from '../backtest-schemas'
import { call, empty, job, result } from './spec'

export const backtestMethods = {
  'backtest-history': call("The workspace's hourly accelerator demand per type that a backtest runs on (source, hours, types).", empty, result<BacktestHistoryInfo>()),
  'backtest-run': job(
    "Backtest forecast → optimize → replay on an hourly demand history (a CSV, or the workspace's own): the plan made on the first part vs the hindsight-optimal commitment and the FinOps baselines on the rest.",
    backtestRunSchema,
    result<BacktestResult>(),
  ),
} as const
