import { openConnection } from '../db/open'
import { defineJobs, type ReportProgress } from '../jobs/job-table'
import { embedSubjects } from './embed-subjects'

export interface ClassifyEmbedPayload {
  workspacePath: string
  /** Folder of the sentence-embedding ONNX model (read offline). */
  modelPath: string
}

/** The embedding layer of the classifier runs in a worker thread (model load and inference are CPU-heavy). */
export const classifyJobs = defineJobs({
  'classify-embed': async (p: ClassifyEmbedPayload, progress: ReportProgress) => {
    const db = openConnection(p.workspacePath)
    try {
      return await embedSubjects(db, p.modelPath, (step, current, total) => progress({ step, current, total }))
    } finally {
      db.close()
    }
  },
})
