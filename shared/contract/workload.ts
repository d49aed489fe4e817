/** Contract methods: workloads (job-trace import, list, grouped query, re-pricing). */
import { z } from 'zod'
import { jobTraceMappingSchema, workloadListSchema, workloadQuerySchema } from '../workload-schema'
import type { JobTraceImportOutcome, WorkloadListResult, WorkloadQueryResult } from '../workload-types'
import { call, empty, fileRef, job, result } from './spec'

export const workloadMethods = {

  'workload-import': job(
    'Import job traces (CSV, one row per job / pod) through a column mapping into workloads; each file + mapping is one atomic snapshot, re-imports are no-ops.',
    z.object({ files: z.array(fileRef).min(1).max(100), mapping: jobTraceMappingSchema }).strict(),
    result<JobTraceImportOutcome[]>(),
  ),
  'workload-list': call('Workloads (pods, jobs, billed instances) matching a filter, one page, with the filter menus’ values.', workloadListSchema, result<WorkloadListResult>()),
  'workload-query': call('Workloads, accelerator-hours and cost grouped by up to three dimensions.', workloadQuerySchema, result<WorkloadQueryResult>()),
  'workload-reprice': call('Re-derive every workload from its stored facts (after catalog price changes).', empty, result<{ workloads: number }>()),
} as const
