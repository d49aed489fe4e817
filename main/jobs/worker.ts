import type { Envelope } from '../../shared/contract'
import { toErrorShape } from '../../shared/errors'
import { openConnection } from '../db/open'
import { importFocusCsv } from '../ingest/focus-csv-import'
import type { FocusCsvImportPayload, WorkerJobKind, WorkerProgress, WorkerTask } from './worker-jobs'

type JobFn = (payload: never, progress: (p: WorkerProgress) => void) => Promise<unknown>

const jobs: Record<WorkerJobKind, JobFn> = {
  'focus-csv-import': async (p: FocusCsvImportPayload, progress) => {
    // Each import writes through a connection of its own: the UI's connection keeps answering reads (WAL).
    const db = openConnection(p.workspacePath)
    try {
      return await importFocusCsv(db, { path: p.path, fileName: p.fileName }, (step, current, total) =>
        progress({ step, current, total }),
      )
    } finally {
      db.close()
    }
  },
}

/** Answers with an envelope: structured clone drops an Error's class and extra fields (code, problems). */
export default async function run(task: WorkerTask): Promise<Envelope<unknown>> {
  const progress = (p: WorkerProgress): void => task.port.postMessage(p)
  try {
    return { ok: true, value: await jobs[task.kind](task.payload as never, progress) }
  } catch (err) {
    return { ok: false, error: toErrorShape(err) }
  } finally {
    task.port.close()
  }
}
