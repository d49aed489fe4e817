/**
 * Model type and phase of one workload or billed resource, from (name, image, labels, SKU). Layers, first
 * that answers wins: a person's correction, a usable tag, a transparent rule, the embedding classifier's
 * nearest labelled examples, and finally "other". Works on billing lines, telemetry pods and (later) any
 * workload table: it only needs the four fields.
 */
import type { Classification, ClassifyInput, ClassifyRule, ModelType, Phase } from '../../shared/explore-types'
import { applyRules, defaultPhase, modelTypeOfTag } from './rules'

export interface EmbeddingSuggestion {
  modelType: ModelType
  phase: Phase
  confidence: number
  neighbours: { text: string; modelType: ModelType; phase: Phase; similarity: number }[]
}

export interface ClassifyOptions {
  rules: readonly ClassifyRule[]
  /** A model-type tag / label value as the source wrote it. */
  tag?: string | null | undefined
  correction?: { modelType: ModelType; phase: Phase } | null | undefined
  embedding?: EmbeddingSuggestion | null | undefined
}

/** Below this, the embedding layer's vote is not trusted and the answer stays "other". */
export const EMBEDDING_MIN_CONFIDENCE = 0.45
export const RULE_CONFIDENCE = 0.9

export function classify(input: ClassifyInput, opts: ClassifyOptions): Classification {
  if (opts.correction) return { ...opts.correction, source: 'correction', confidence: 1, ruleId: null, phaseRuleId: null }
  const m = applyRules(input, opts.rules)
  const tagged = modelTypeOfTag(opts.tag)
  const neighbours = opts.embedding?.neighbours
  if (tagged) {
    return { modelType: tagged, phase: m.phase ?? defaultPhase(tagged), source: 'tag', confidence: 1, ruleId: null, phaseRuleId: m.phaseRuleId, neighbours }
  }
  if (m.modelType) {
    return { modelType: m.modelType, phase: m.phase ?? defaultPhase(m.modelType), source: 'rule', confidence: RULE_CONFIDENCE, ruleId: m.ruleId, phaseRuleId: m.phaseRuleId, neighbours }
  }
  const e = opts.embedding
  if (e && e.confidence >= EMBEDDING_MIN_CONFIDENCE) {
    return { modelType: e.modelType, phase: m.phase ?? e.phase, source: 'embedding', confidence: e.confidence, ruleId: null, phaseRuleId: m.phaseRuleId, neighbours }
  }
  return { modelType: 'other', phase: m.phase ?? 'inference', source: 'default', confidence: 0.2, ruleId: null, phaseRuleId: m.phaseRuleId, neighbours }
}

/** The text the embedding model reads for a subject: the same fields the rules see. */
export function embeddingText(input: ClassifyInput): string {
  const labels = Object.entries(input.labels ?? {})
    .filter(([k]) => !/^(team|project|owner|created_by_kind|fleetplan_demo)$/i.test(k))
    .map(([, v]) => v)
  return [input.name, (input.image ?? '').replace(/^[^/]*\//, ''), ...labels, input.sku ?? '']
    .filter(Boolean)
    .join(' ')
    .replace(/[_/:.]+/g, ' ')
    .replace(/-/g, ' ')
    .toLowerCase()
}
