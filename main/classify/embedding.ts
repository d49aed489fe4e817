/**
 * The embedding layer of the classifier: a sentence-embedding model (e.g. all-MiniLM-L6-v2 exported to ONNX)
 * run by @xenova/transformers' feature-extraction pipeline, fully offline from a folder the user chose, and a
 * k-nearest-neighbours vote over labelled examples. Remote loading is switched off: a missing file is an error
 * naming the file, never a download.
 */
import { existsSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { ModelType, Phase } from '../../shared/explore-types'
import type { EmbeddingSuggestion } from './classify'

export interface Embedder {
  /** Unit-length vectors, one per text. */
  embed(texts: string[]): Promise<Float32Array[]>
  readonly model: string
}

/** What a model folder must hold (Hugging Face layout, as `optimum` / transformers.js exports it). */
export function checkModelFolder(dir: string): { ok: true; quantized: boolean } | { ok: false; reason: string } {
  const folder = resolve(dir)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return { ok: false, reason: `${folder} is not a folder` }
  for (const f of ['config.json', 'tokenizer.json']) if (!existsSync(join(folder, f))) return { ok: false, reason: `${join(folder, f)} is missing` }
  const quantized = existsSync(join(folder, 'onnx', 'model_quantized.onnx'))
  if (!quantized && !existsSync(join(folder, 'onnx', 'model.onnx'))) return { ok: false, reason: `${join(folder, 'onnx', 'model.onnx')} (or model_quantized.onnx) is missing` }
  return { ok: true, quantized }
}

/** Loads a feature-extraction pipeline from a local folder, with remote models disabled. */
export async function loadEmbedder(dir: string): Promise<Embedder> {
  const folder = resolve(dir)
  const check = checkModelFolder(folder)
  if (!check.ok) throw new Error(`Embedding model: ${check.reason}.`)
  const { env, pipeline } = await import('@xenova/transformers')
  env.allowRemoteModels = false
  env.allowLocalModels = true
  env.useBrowserCache = false
  env.localModelPath = `${dirname(folder)}/`
  const extractor = await pipeline('feature-extraction', basename(folder), { quantized: check.quantized })
  return {
    model: folder,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const out: Float32Array[] = []
      for (let i = 0; i < texts.length; i += 32) {
        const batch = texts.slice(i, i + 32)
        const t = await extractor(batch, { pooling: 'mean', normalize: true })
        const dim = t.dims.at(-1) as number
        const data = t.data as Float32Array
        for (let j = 0; j < batch.length; j++) out.push(data.slice(j * dim, (j + 1) * dim))
      }
      return out
    },
  }
}

export interface LabelledExample {
  text: string
  modelType: ModelType
  phase: Phase
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number)
  return s
}

/**
 * The k nearest labelled examples by cosine similarity vote, weighted by similarity; confidence is the
 * winning type's share of the vote scaled by how close the nearest example is.
 */
export function nearestVote(vec: Float32Array, examples: readonly LabelledExample[], exampleVecs: readonly Float32Array[], k = 5): EmbeddingSuggestion {
  const sims = exampleVecs.map((v, i) => ({ i, s: dot(vec, v) })).sort((a, b) => b.s - a.s).slice(0, k)
  const typeVotes = new Map<ModelType, number>()
  const phaseVotes = new Map<Phase, number>()
  let total = 0
  for (const { i, s } of sims) {
    const w = Math.max(0, s)
    const e = examples[i] as LabelledExample
    typeVotes.set(e.modelType, (typeVotes.get(e.modelType) ?? 0) + w)
    phaseVotes.set(e.phase, (phaseVotes.get(e.phase) ?? 0) + w)
    total += w
  }
  const best = <T>(m: Map<T, number>): [T, number] => [...m.entries()].sort((a, b) => b[1] - a[1])[0] as [T, number]
  const [modelType, tv] = typeVotes.size ? best(typeVotes) : (['other', 0] as [ModelType, number])
  const [phase] = phaseVotes.size ? best(phaseVotes) : (['inference', 0] as [Phase, number])
  const top = sims[0]?.s ?? 0
  const confidence = total > 0 ? (tv / total) * Math.max(0, Math.min(1, top)) : 0
  return {
    modelType,
    phase,
    confidence,
    neighbours: sims.slice(0, 3).map(({ i, s }) => ({ text: (examples[i] as LabelledExample).text, modelType: (examples[i] as LabelledExample).modelType, phase: (examples[i] as LabelledExample).phase, similarity: s })),
  }
}
