import { withConnection } from '../db/open'
import { defineJobs, type ReportProgress, stepProgress } from '../jobs/job-table'
import { embedSubjects } from './embed-subjects'

export interface ClassifyEmbedPayload {
  workspacePath: string
  /** Folder of the sentence-embedding ONNX model (read offline). */
  modelPath: string
}

/** The embedding layer of the classifier runs in a worker thread (model load and inference are CPU-heavy). */
export const classifyJobs = defineJobs({
  'classify-embed': async (p: ClassifyEmbedPayload, progress: ReportProgress) => {
    return withConnection(p.workspacePath, async (db) => {
      return await embedSubjects(db, p.modelPath, stepProgress(progress))
    })
  },
})
