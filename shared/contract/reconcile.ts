/** Contract methods: the Reconcile panel (billed vs simulated vs forecast, every difference named). */
import { z } from 'zod'
import type { Reconciliation } from '../reconcile-types'
import { job, result } from './spec'

export const reconcileMethods = {
  'workspace-reconcile': job(
    'For the last full month of data: billed accelerator spend, the baseline fleet simulated over that month with its billed demand, and the cost forecast of it, with every difference named and priced.',
    z
      .object({
        /** Monte Carlo paths of the replay (arrivals and job lengths are random; the demand is the bill's). */
        paths: z.number().int().min(1).max(2000).default(40),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      })
      .strict(),
    result<Reconciliation>(),
  ),
} as const
