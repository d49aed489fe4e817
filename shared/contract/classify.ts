/** Contract methods: the model-type / phase classifier (rules, embeddings, corrections). */
import { z } from 'zod'
import { MODEL_TYPES, PHASES, RULE_FIELDS, type ClassifierStatus, type SubjectRow } from '../explore-types'
import { call, empty, job, result } from './spec'

const personName = z.string().trim().min(1, 'required').max(200)

export const classifyMethods = {
  'classify-status': call('The classifier: rules (and the defaults), the model folder, whether embeddings are in use, counts by source.', empty, result<ClassifierStatus>()),
  'classify-list': call(
    'Workloads and billed resources with their model type, phase, confidence and the rule or examples behind it, most costly first.',
    z
      .object({
        source: z.enum(['correction', 'tag', 'rule', 'embedding', 'default']).optional(),
        kind: z.enum(['billing', 'pod']).optional(),
        search: z.string().max(200).optional(),
        untagged: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    result<{ total: number; rows: SubjectRow[] }>(),
  ),
  'classify-correct': call(
    'Confirm or correct a model type and phase; kept by the workload\'s identity, it wins over tags, rules and embeddings, also on re-import. modelType null removes the correction.',
    z.object({ id: z.number().int().positive(), modelType: z.enum(MODEL_TYPES).nullable(), phase: z.enum(PHASES).optional(), by: personName.default('analyst') }).strict(),
    result<SubjectRow>(),
  ),
  'classify-rules-set': call(
    'Replace the ordered rule list (null restores the defaults) and re-classify everything.',
    z
      .object({
        rules: z
          .array(
            z
              .object({
                id: z.string().trim().min(1).max(80),
                field: z.enum(RULE_FIELDS),
                pattern: z.string().min(1).max(2000),
                modelType: z.enum(MODEL_TYPES).optional(),
                phase: z.enum(PHASES).optional(),
                note: z.string().max(500).optional(),
              })
              .strict(),
          )
          .max(500)
          .nullable(),
      })
      .strict(),
    result<ClassifierStatus>(),
  ),
  'classify-model-set': call(
    'Point the embedding classifier at a local sentence-embedding model folder (ONNX, Hugging Face layout), or null for rules only.',
    z.object({ path: z.string().min(1).max(4096).nullable() }).strict(),
    result<ClassifierStatus>(),
  ),
  'classify-embed': job(
    'Run the embedding classifier over every workload and billed resource (offline, in a worker, with progress).',
    empty,
    result<{ subjects: number; model: string; ms: number }>(),
  ),
} as const
