/** Contract methods: anomalies: cost spikes and GPU-utilisation collapses. */
import { z } from 'zod'
import type { Anomaly, AnomalyLineItem } from '../forecast-types'
import { call, job, result } from './spec'

export const anomalyMethods = {
  'anomaly-list': call(
    'Anomalies found so far (cost spikes with their drivers, GPU-pool utilisation collapses), most severe first.',
    z.object({ kind: z.enum(['cost', 'gpu-utilisation']).optional(), limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    result<Anomaly[]>(),
  ),
  'anomaly-line-items': call(
    'The billing lines behind a cost anomaly (that day, inside its series), largest first.',
    z.object({ id: z.number().int().positive(), limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    result<{ anomaly: Anomaly; rows: AnomalyLineItem[]; total: number }>(),
  ),
  'anomaly-scan': job(
    'Look for anomalies over the whole history (imports also run this on the days they bring).',
    z
      .object({
        floorUsd: z.number().min(0).max(1e9).optional(),
        floorUtil: z.number().min(0).max(100).optional(),
      })
      .strict(),
    result<{ cost: number; gpu: number }>(),
  ),
} as const
