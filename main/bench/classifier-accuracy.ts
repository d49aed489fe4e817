/**
 * Accuracy of the model-type classifier on a labelled evaluation set (kept apart from the classifier's own
 * examples): rules alone, and rules + the embedding layer with a given model folder. Model type and phase are
 * scored separately; an item counts as right when the answer equals the label.
 */
import type { ModelType, Phase } from '../../shared/explore-types'
import { classify, embeddingText } from '../classify/classify'
import { loadEmbedder, nearestVote } from '../classify/embedding'
import { EXAMPLES } from '../classify/examples'
import { DEFAULT_RULES } from '../classify/rules'

export interface EvalItem {
  name: string
  image?: string
  modelType: ModelType
  phase: Phase
  source: string
}

export interface Accuracy {
  items: number
  modelType: number
  phase: number
  both: number
}

function score(items: readonly EvalItem[], answers: { modelType: ModelType; phase: Phase }[]): Accuracy {
  let t = 0
  let p = 0
  let b = 0
  items.forEach((e, i) => {
    const a = answers[i] as { modelType: ModelType; phase: Phase }
    if (a.modelType === e.modelType) t++
    if (a.phase === e.phase) p++
    if (a.modelType === e.modelType && a.phase === e.phase) b++
  })
  const n = items.length
  return { items: n, modelType: t / n, phase: p / n, both: b / n }
}

export async function classifierAccuracy(items: readonly EvalItem[], modelDir: string | null): Promise<{ rules: Accuracy; rulesAndEmbeddings: Accuracy | null }> {
  const inputs = items.map((e) => ({ name: e.name, image: e.image ?? null }))
  const rules = score(items, inputs.map((x) => classify(x, { rules: DEFAULT_RULES })))
  if (!modelDir) return { rules, rulesAndEmbeddings: null }
  const embedder = await loadEmbedder(modelDir)
  const exampleVecs = await embedder.embed(EXAMPLES.map((e) => e.text))
  const vecs = await embedder.embed(inputs.map((x) => embeddingText(x)))
  const both = inputs.map((x, i) => classify(x, { rules: DEFAULT_RULES, embedding: nearestVote(vecs[i] as Float32Array, EXAMPLES, exampleVecs) }))
  return { rules, rulesAndEmbeddings: score(items, both) }
}
