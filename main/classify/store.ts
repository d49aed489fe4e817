/**
 * Classification state in the workspace: subjects (what gets classified), the rule list, the model folder,
 * and people's corrections — which are keyed by the subject's identity, so they win again on re-import.
 */
import type { ClassifyRule, ModelType, Phase, SubjectRow, ClassificationSource } from '../../shared/explore-types'
import type { Db } from '../db/open'
import { whereGiven } from '../db/where'
import { classify, type EmbeddingSuggestion } from './classify'
import { DEFAULT_RULES } from './rules'

function setting<T>(db: Db, key: string): T | null {
  const r = db.prepare('SELECT value_json FROM classification_setting WHERE key = ?').get(key) as { value_json: string } | undefined
  return r ? (JSON.parse(r.value_json) as T) : null
}
function putSetting(db: Db, key: string, value: unknown, now: Date): void {
  db.prepare('INSERT INTO classification_setting (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at').run(
    key,
    JSON.stringify(value),
    now.toISOString(),
  )
}

export const readRules = (db: Db): ClassifyRule[] => setting<ClassifyRule[]>(db, 'rules') ?? [...DEFAULT_RULES]
export const writeRules = (db: Db, rules: ClassifyRule[], now: Date): void => putSetting(db, 'rules', rules, now)
export const readModelPath = (db: Db): string | null => setting<string>(db, 'model-path')
export const writeModelPath = (db: Db, path: string | null, now: Date): void => putSetting(db, 'model-path', path, now)

interface SubjectDbRow {
  id: number
  kind: 'billing' | 'pod'
  key: string
  name: string
  image: string | null
  sku: string | null
  labels: string
  tag_model_type: string | null
  emb_model_type: ModelType | null
  emb_phase: Phase | null
  emb_confidence: number | null
  neighbours: string | null
}

/** Re-derives the effective answer of the given subjects (all when omitted) from corrections, tags, rules and stored embeddings. */
export function reclassify(db: Db, ids?: readonly number[]): number {
  const rules = readRules(db)
  const rows = (ids ? db.prepare(`SELECT * FROM subject WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) : db.prepare('SELECT * FROM subject').all()) as SubjectDbRow[]
  const corr = db.prepare('SELECT model_type AS modelType, phase FROM classification_correction WHERE kind = ? AND key = ?')
  const upd = db.prepare('UPDATE subject SET model_type = ?, phase = ?, source = ?, confidence = ?, rule_id = ? WHERE id = ?')
  db.transaction(() => {
    for (const s of rows) {
      const embedding: EmbeddingSuggestion | null =
        s.emb_model_type && s.emb_phase ? { modelType: s.emb_model_type, phase: s.emb_phase, confidence: s.emb_confidence ?? 0, neighbours: s.neighbours ? (JSON.parse(s.neighbours) as EmbeddingSuggestion['neighbours']) : [] } : null
      const c = classify(
        { name: s.name, image: s.image, labels: JSON.parse(s.labels) as Record<string, string>, sku: s.sku },
        { rules, tag: s.tag_model_type, correction: (corr.get(s.kind, s.key) as { modelType: ModelType; phase: Phase } | undefined) ?? null, embedding },
      )
      const ruleId = c.ruleId && c.phaseRuleId && c.phaseRuleId !== c.ruleId ? `${c.ruleId} + ${c.phaseRuleId}` : (c.ruleId ?? c.phaseRuleId)
      upd.run(c.modelType, c.phase, c.source, c.confidence, ruleId, s.id)
    }
  })()
  return rows.length
}

export function correct(db: Db, subjectId: number, modelType: ModelType, phase: Phase, by: string, now: Date): void {
  const s = db.prepare('SELECT kind, key FROM subject WHERE id = ?').get(subjectId) as { kind: string; key: string } | undefined
  if (!s) throw new Error(`no subject ${subjectId}`)
  db.prepare(
    `INSERT INTO classification_correction (kind, key, model_type, phase, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, key) DO UPDATE SET model_type = excluded.model_type, phase = excluded.phase, corrected_by = excluded.corrected_by, corrected_at = excluded.corrected_at`,
  ).run(s.kind, s.key, modelType, phase, by, now.toISOString())
  reclassify(db, [subjectId])
}

export function clearCorrection(db: Db, subjectId: number): void {
  const s = db.prepare('SELECT kind, key FROM subject WHERE id = ?').get(subjectId) as { kind: string; key: string } | undefined
  if (!s) return
  db.prepare('DELETE FROM classification_correction WHERE kind = ? AND key = ?').run(s.kind, s.key)
  reclassify(db, [subjectId])
}

export interface SubjectFilter {
  source?: ClassificationSource | undefined
  kind?: 'billing' | 'pod' | undefined
  search?: string | undefined
  /** Only subjects without a usable tag (what the classifier had to infer). */
  untagged?: boolean | undefined
  limit: number
  offset: number
}

export function listSubjects(db: Db, f: SubjectFilter): { total: number; rows: SubjectRow[] } {
  const conds: string[] = []
  const params: unknown[] = []
  whereGiven(conds, params, 's.source = ?', f.source)
  whereGiven(conds, params, 's.kind = ?', f.kind)
  if (f.untagged) conds.push("s.source <> 'tag'")
  if (f.search) {
    conds.push(`(s.name LIKE ? ESCAPE '\\' OR s.key LIKE ? ESCAPE '\\')`)
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    params.push(like, like)
  }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : ''
  const total = (db.prepare(`SELECT count(*) AS n FROM subject s ${where}`).get(...params) as { n: number }).n
  const rows = db
    .prepare(
      `SELECT s.*, coalesce(k.cost, 0) AS cost FROM subject s LEFT JOIN subject_cost k ON k.subject_id = s.id ${where}
       ORDER BY cost DESC, s.name LIMIT ? OFFSET ?`,
    )
    .all(...params, f.limit, f.offset) as (SubjectDbRow & { model_type: ModelType | null; phase: Phase | null; source: ClassificationSource | null; confidence: number | null; rule_id: string | null; cost: number })[]
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      key: r.key,
      name: r.name,
      image: r.image,
      sku: r.sku,
      labels: JSON.parse(r.labels) as Record<string, string>,
      modelType: r.model_type,
      phase: r.phase,
      source: r.source,
      confidence: r.confidence,
      ruleId: r.rule_id,
      neighbours: r.neighbours ? (JSON.parse(r.neighbours) as SubjectRow['neighbours']) : null,
      embedding: r.emb_model_type && r.emb_phase ? { modelType: r.emb_model_type, phase: r.emb_phase, confidence: r.emb_confidence ?? 0 } : null,
      cost: r.cost,
    })),
  }
}
