import { ApiError } from '../../../shared/errors'
import type { HandlerTable } from '../handler-types'

export const jobHandlers: HandlerTable<'job-cancel' | 'job-get'> = {
  'job-cancel': ({ jobId }, { jobs }) => ({ cancelled: jobs.cancel(jobId) }),
  'job-get': ({ jobId }, { jobs }) => {
    const state = jobs.get(jobId)
    if (!state) throw new ApiError({ code: 'not-found', message: `No job ${jobId} (unknown, or finished too long ago).` })
    return state
  },
}
