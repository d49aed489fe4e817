import { ApiError } from '../../shared/errors'
import type { JobContext } from '../jobs/job-runner'
import type { WorkerProgress } from '../jobs/job-table'
import type { FileRefs } from './file-refs'

interface ImportedFile {
  fileName: string
  status: 'imported' | 'duplicate'
}

/**
 * Imports files one after another, each its own atomic snapshot. A failure names the files that were already
 * imported (they stay: each was complete on its own); staged uploads are released whatever happens.
 */
export async function importFilesInTurn<F extends { ref: string; name?: string | undefined }, T extends ImportedFile>(
  files: readonly F[],
  refs: FileRefs,
  job: JobContext,
  importOne: (file: F & { path: string; fileName: string }, onProgress: (p: WorkerProgress) => void) => Promise<T>,
  afterImported: (outcome: T) => Promise<void> | void,
): Promise<T[]> {
  const outcomes: T[] = []
  try {
    const resolved = files.map((f) => ({ ...f, ...refs.resolve(f.ref, f.name) }))
    for (const [i, f] of resolved.entries()) {
      const onProgress = (p: WorkerProgress): void =>
        job.progress(resolved.length > 1 ? `${p.step} (${i + 1}/${resolved.length})` : p.step, p.current, p.total)
      try {
        const outcome = await importOne(f, onProgress)
        outcomes.push(outcome)
        if (outcome.status === 'imported') await afterImported(outcome)
      } catch (err) {
        if (outcomes.length > 0 && err instanceof ApiError) {
          const done = outcomes.map((o) => o.fileName).join(', ')
          throw new ApiError({ ...err.toShape(), message: `${err.message} (already imported: ${done})` })
        }
        throw err
      }
    }
  } finally {
    for (const f of files) refs.release(f.ref)
  }
  return outcomes
}
