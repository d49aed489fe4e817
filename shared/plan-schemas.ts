/** Input schemas of the plan methods (validated at the boundary). */
import { z } from 'zod'
import { scenarioId, scenarioSchema } from './scenario-schemas'

export const planId = z.string().regex(/^pl_[a-z0-9]{8,32}$/, 'a plan id looks like pl_xxxxxxxx')
export const personName = z.string().trim().min(1, 'required').max(200)
/** A Kubernetes cluster name as it appears in `clusters/<cluster>/`: a DNS-1123 label. */
export const clusterName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a cluster name is lower-case letters, digits and "-" (a DNS label)')
/** The folder of the checkout the export writes into ('' = the repository's top). */
export const exportRoot = z.string().max(300).optional()
const repoPath = z.string().trim().min(1, 'required').max(4096)
const ident = z.string().min(1).max(200)

export const editTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue'), team: ident, flavor: ident, field: z.enum(['nominalQuota', 'borrowingLimit', 'lendingLimit']) }).strict(),
  z.object({ kind: z.literal('resource-quota'), team: ident, resource: ident }).strict(),
  z.object({ kind: z.literal('autoscaler'), name: ident, field: z.enum(['minReplicas', 'maxReplicas', 'targetRpsPerReplica', 'target', 'query']) }).strict(),
  z.object({ kind: z.literal('node-pool'), name: ident, field: z.enum(['limit', 'weight']) }).strict(),
  z.object({ kind: z.literal('budget'), team: ident, field: z.enum(['warningUsdPerHour', 'criticalUsdPerHour']) }).strict(),
  z
    .object({
      kind: z.literal('setting'),
      field: z.enum(['autoscaler', 'prometheusUrl', 'requestRateQuery', 'h100RequestsPerSecond', 'targetUtilisation', 'spendRateQuery', 'nodeClassName']),
    })
    .strict(),
])

export const planCreateInput = z
  .object({
    name: z.string().trim().min(1, 'required').max(120),
    description: z.string().max(4000).default(''),
    growthPctPerMonth: z.number().min(-100).max(1000).default(0),
    /** Baseline plans: days the spend is carried forward (30 when omitted); fleet plans: the scenario's horizon. */
    horizonDays: z.number().int().min(1).max(548).optional(),
    cluster: clusterName.default('default'),
    /** A saved scenario: the plan freezes it with its latest simulation, optimization and forecast runs. */
    scenarioId: scenarioId.optional(),
    /** A scenario given inline (a scenario-*.json file). */
    scenario: scenarioSchema.optional(),
    /** Who creates it (the audit log's actor); the Git identity or operating-system user when omitted. */
    by: personName.optional(),
  })
  .strict()
  .refine((v) => !(v.scenarioId && v.scenario), 'give a scenarioId or a scenario, not both')

export const planSubmitInput = z.object({ id: planId, by: personName }).strict()
export const planEditInput = z
  .object({ id: planId, target: editTargetSchema, value: z.union([z.number().finite(), z.string().max(2000), z.null()]), by: personName })
  .strict()
export const planCopyInput = z.object({ id: planId, name: z.string().trim().min(1).max(120).optional(), by: personName }).strict()
export const planApproveInput = z
  .object({
    id: planId,
    by: personName,
    comment: z.string().trim().min(1, 'required').max(4000),
    /** The content hash the approver reviewed: approval is refused if the plan changed since. */
    contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/).optional(),
  })
  .strict()
export const planExportInput = z.object({ id: planId, repoPath, root: exportRoot }).strict()
export const planDiffInput = z.object({ id: planId, repoPath, root: exportRoot }).strict()
export const planIdentityInput = z.object({ repoPath: repoPath.optional() }).strict()
export const planManifestsInput = z.object({ id: planId }).strict()
