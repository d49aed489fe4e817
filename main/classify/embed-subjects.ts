/**
 * Runs the embedding layer over every subject of the workspace (in a worker thread): embeds the labelled
 * examples and each subject's text, stores each subject's nearest-example vote, and re-derives the effective
 * answers (corrections, tags and rules still win).
 */
import type { Db } from '../db/open'
import { embeddingText } from './classify'
import { loadEmbedder, nearestVote } from './embedding'
import { EXAMPLES } from './examples'
import { reclassify } from './store'

export async function embedSubjects(db: Db, modelPath: string, progress: (step: string, current: number, total: number) => void): Promise<{ subjects: number; model: string; ms: number }> {
  const t0 = Date.now()
  progress('Loading the embedding model', 0, 0)
  const embedder = await loadEmbedder(modelPath)
  const exampleVecs = await embedder.embed(EXAMPLES.map((e) => e.text))
  const subjects = db.prepare('SELECT id, name, image, labels, sku FROM subject ORDER BY id').all() as { id: number; name: string; image: string | null; labels: string; sku: string | null }[]
  const upd = db.prepare('UPDATE subject SET emb_model_type = ?, emb_phase = ?, emb_confidence = ?, neighbours = ? WHERE id = ?')
  const BATCH = 64
  for (let i = 0; i < subjects.length; i += BATCH) {
    progress('Classifying workloads by embedding', i, subjects.length)
    const batch = subjects.slice(i, i + BATCH)
    const vecs = await embedder.embed(batch.map((s) => embeddingText({ name: s.name, image: s.image, labels: JSON.parse(s.labels) as Record<string, string>, sku: s.sku })))
    db.transaction(() => {
      batch.forEach((s, j) => {
        const v = nearestVote(vecs[j] as Float32Array, EXAMPLES, exampleVecs)
        upd.run(v.modelType, v.phase, v.confidence, JSON.stringify(v.neighbours), s.id)
      })
    })()
  }
  progress('Classifying workloads by embedding', subjects.length, subjects.length)
  reclassify(db)
  return { subjects: subjects.length, model: embedder.model, ms: Date.now() - t0 }
}
