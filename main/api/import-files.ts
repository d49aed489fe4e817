import { ApiError, toErrorShape, type ApiErrorShape, type FileOutcome } from '../../shared/errors'
import type { JobContext } from '../jobs/job-runner'
import type { WorkerProgress } from '../jobs/job-table'
import type { FileRefs } from './file-refs'

export interface ImportedFile {
  fileName: string
  status: 'imported' | 'duplicate'
  snapshot: { id: number; rows: number }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/**
 * Imports files one after another, each its own atomic snapshot. A file that fails is rolled back and the
 * next one is tried: at the end, if any failed, the job fails with every file's outcome (imported ones stay —
 * each was complete on its own) and every located problem. A cancel stops at once; the rest are named as not
 * imported. Staged uploads are released whatever happens.
 */
export async function importFilesInTurn<F extends { ref: string; name?: string | undefined }, T extends ImportedFile>(
  files: readonly F[],
  refs: FileRefs,
  job: JobContext,
  importOne: (file: F & { path: string; fileName: string }, onProgress: (p: WorkerProgress) => void) => Promise<T>,
  afterImported: (outcome: T) => Promise<void> | void,
): Promise<T[]> {
  const outcomes: T[] = []
  const report: FileOutcome[] = []
  const failures: ApiErrorShape[] = []
  let cancelled: ApiErrorShape | null = null
  try {
    const resolved = files.map((f) => ({ ...f, ...refs.resolve(f.ref, f.name) }))
    for (const [i, f] of resolved.entries()) {
      if (cancelled) {
        report.push({ file: f.fileName, status: 'not-imported' })
        continue
      }
      const onProgress = (p: WorkerProgress): void =>
        job.progress(resolved.length > 1 ? `${p.step} (${i + 1}/${resolved.length})` : p.step, p.current, p.total)
      try {
        const outcome = await importOne(f, onProgress)
        outcomes.push(outcome)
        report.push({ file: outcome.fileName, status: outcome.status, snapshotId: outcome.snapshot.id, rows: outcome.snapshot.rows })
        if (outcome.status === 'imported') await afterImported(outcome)
      } catch (err) {
        const shape = toErrorShape(err)
        if (shape.code === 'cancelled' || job.signal.aborted) {
          cancelled = shape.code === 'cancelled' ? shape : { code: 'cancelled', message: 'Import cancelled.' }
          report.push({ file: f.fileName, status: 'not-imported' })
          continue
        }
        failures.push(shape)
        report.push({ file: f.fileName, status: 'failed', code: shape.code, message: shape.message, ...(shape.problems ? { problems: shape.problems } : {}) })
      }
    }
  } finally {
    for (const f of files) refs.release(f.ref)
  }
  if (files.length === 1 && (failures[0] || cancelled)) throw new ApiError((failures[0] ?? cancelled) as ApiErrorShape)
  if (!cancelled && failures.length === 0) return outcomes
  const done = report.filter((r) => r.status === 'imported' || r.status === 'duplicate')
  const failed = report.filter((r) => r.status === 'failed')
  const kept = done.length ? ` ${plural(done.length, 'file')} ${done.length === 1 ? 'was' : 'were'} imported and ${done.length === 1 ? 'stays' : 'stay'} (${done.map((r) => r.file).join(', ')}).` : ' Nothing was imported.'
  // One code for the whole: a single kind of failure keeps its code (e.g. an overlap to decide on), else bad-file.
  const codes = new Set(failures.map((f) => f.code))
  throw new ApiError({
    code: cancelled ? 'cancelled' : codes.size === 1 ? (failures[0] as ApiErrorShape).code : 'bad-file',
    message: cancelled
      ? `Import cancelled after ${plural(done.length + failed.length, 'file')} of ${files.length}.${kept}`
      : `${plural(failed.length, 'file')} of ${files.length} could not be imported (${failed.map((r) => r.file).join(', ')}).${kept}`,
    problems: failures.flatMap((f) => f.problems ?? []),
    files: report,
  })
}
