import { ApiError } from '../../../shared/errors'
import type { ClassificationSource, ClassifierStatus, SubjectRow } from '../../../shared/explore-types'
import { checkModelFolder } from '../../classify/embedding'
import { EXAMPLES } from '../../classify/examples'
import { checkRules, DEFAULT_RULES } from '../../classify/rules'
import { clearCorrection, correct, listSubjects, readModelPath, readRules, reclassify, writeModelPath, writeRules } from '../../classify/store'
import type { Db } from '../../db/open'
import { EXPLORE_TABLES, refreshExploreAggregates } from '../explore-refresh'
import type { HandlerTable } from '../handler-types'

function status(db: Db): ClassifierStatus {
  const modelPath = readModelPath(db)
  const check = modelPath ? checkModelFolder(modelPath) : null
  const embedded = (db.prepare('SELECT count(*) AS n FROM subject WHERE emb_model_type IS NOT NULL').get() as { n: number }).n
  const reason = !modelPath
    ? 'No embedding model folder is set: the rules classify alone.'
    : check && !check.ok
      ? `The model folder cannot be used (${check.reason}): the rules classify alone.`
      : embedded === 0
        ? 'Model folder set; run the embedding classifier to use it.'
        : `Nearest of ${EXAMPLES.length} labelled examples, from ${modelPath}.`
  const counts: Record<ClassificationSource, number> = { correction: 0, tag: 0, rule: 0, embedding: 0, default: 0 }
  for (const r of db.prepare('SELECT source, count(*) AS n FROM subject GROUP BY source').all() as { source: ClassificationSource | null; n: number }[]) if (r.source) counts[r.source] = r.n
  return { rules: readRules(db), defaultRules: [...DEFAULT_RULES], modelPath, embeddings: { enabled: Boolean(check?.ok) && embedded > 0, reason, examples: EXAMPLES.length }, counts }
}

export const classifyHandlers: HandlerTable<'classify-status' | 'classify-list' | 'classify-correct' | 'classify-rules-set' | 'classify-model-set' | 'classify-embed'> = {
  'classify-status': async (_i, ctx) => {
    await refreshExploreAggregates(ctx)
    return status(ctx.ws.db)
  },
  'classify-list': async (f, ctx) => {
    await refreshExploreAggregates(ctx)
    return listSubjects(ctx.ws.db, f)
  },
  'classify-correct': ({ id, modelType, phase, by }, { ws, events, now }) => {
    if (modelType === null) clearCorrection(ws.db, id)
    else correct(ws.db, id, modelType, phase ?? (modelType.startsWith('llm-') && modelType !== 'llm-inference' ? 'training' : 'inference'), by, now())
    events.emit({ type: 'tables-changed', tables: ['subject', 'classification_correction'] })
    const row = ws.db.prepare('SELECT key, kind FROM subject WHERE id = ?').get(id) as { key: string; kind: 'billing' | 'pod' } | undefined
    if (!row) throw new ApiError({ code: 'not-found', message: `No workload or resource with id ${id}.` })
    return listSubjects(ws.db, { search: row.key, kind: row.kind, limit: 50, offset: 0 }).rows.find((r) => r.id === id) as SubjectRow
  },
  'classify-rules-set': ({ rules }, { ws, events, now }) => {
    if (rules) {
      const problems = checkRules(rules)
      if (problems.length) throw new ApiError({ code: 'invalid-input', message: `Rules refused: ${problems.map((p) => `${p.id}: ${p.message}`).join('; ')}` })
    }
    writeRules(ws.db, rules ?? [...DEFAULT_RULES], now())
    reclassify(ws.db)
    events.emit({ type: 'tables-changed', tables: ['subject'] })
    return status(ws.db)
  },
  'classify-model-set': ({ path }, { ws, events, now }) => {
    if (path) {
      const c = checkModelFolder(path)
      if (!c.ok) throw new ApiError({ code: 'invalid-input', message: `Not a usable embedding model folder: ${c.reason}. Expected config.json, tokenizer.json and onnx/model.onnx (or model_quantized.onnx).` })
    } else {
      ws.db.exec('UPDATE subject SET emb_model_type = NULL, emb_phase = NULL, emb_confidence = NULL, neighbours = NULL')
      reclassify(ws.db)
    }
    writeModelPath(ws.db, path, now())
    events.emit({ type: 'tables-changed', tables: ['subject'] })
    return status(ws.db)
  },
  'classify-embed': async (_i, ctx, job) => {
    const modelPath = readModelPath(ctx.ws.db)
    if (!modelPath) throw new ApiError({ code: 'invalid-input', message: 'No embedding model folder is set (classify-model-set): the rules classify alone.' })
    await refreshExploreAggregates(ctx)
    const r = await ctx.pool.run('classify-embed', { workspacePath: ctx.ws.path, modelPath }, {
      signal: job.signal,
      onProgress: (p) => job.progress(p.step, p.current, p.total),
    })
    ctx.events.emit({ type: 'tables-changed', tables: EXPLORE_TABLES })
    return r
  },
}
