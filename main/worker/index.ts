/** Entry of the worker pool's threads (built as out/main/worker.js): runs the jobs of the worker's job table. */
import { serveJobs } from '../jobs/job-table'
import { workerJobs } from './jobs'

export default serveJobs(workerJobs)
