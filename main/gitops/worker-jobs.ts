import { defineJobs } from '../jobs/job-table'
import { renderPlan, type PlanRenderPayload } from './plan-render'

/**
 * A plan's files (manifests validated against their schemas, plan.md, report.html with ECharts SSR) take
 * seconds the first time the schema and chart libraries load: rendered in a worker thread.
 */
export const gitopsJobs = defineJobs({
  'plan-render': (p: PlanRenderPayload) => renderPlan(p.plan, p.previous),
})
