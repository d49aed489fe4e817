import type { HandlerTable } from '../handler-types'

export const jobHandlers: HandlerTable<'job-cancel'> = {
  'job-cancel': ({ jobId }, { jobs }) => ({ cancelled: jobs.cancel(jobId) }),
}
