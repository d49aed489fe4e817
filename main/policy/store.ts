/** Policies kept in the workspace (the editor's documents) and their replays. */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ApiError } from '../../shared/errors'
import { policyDocSchema, type PolicyDoc } from '../../shared/policy-schema'
import type { ReplayResult, StoredPolicy } from '../../shared/policy-types'
import { catalogDir } from '../catalog/catalog'
import type { Db } from '../db/open'
import { canonicalJson } from '../plan/canonical-json'

interface PolicyRowDb {
  id: string
  name: string
  doc_json: string
  created_at: string
  updated_at: string
}

export const policyIdPattern = /^po_[a-z0-9]{8,32}$/
export const docHash = (doc: PolicyDoc): string => `sha256:${createHash('sha256').update(canonicalJson(doc)).digest('hex')}`

function lastReplay(db: Db, id: string): StoredPolicy['lastReplay'] {
  const r = db.prepare('SELECT at, result_json FROM policy_replay WHERE policy_id = ? ORDER BY id DESC LIMIT 1').get(id) as { at: string; result_json: string } | undefined
  if (!r) return null
  const res = JSON.parse(r.result_json) as ReplayResult
  return { at: r.at, workloads: res.workloads, denied: res.denied, deniedCostUsd: res.deniedCostUsd }
}

function toStored(db: Db, r: PolicyRowDb): StoredPolicy {
  return {
    id: r.id,
    name: r.name,
    doc: policyDocSchema.parse(JSON.parse(r.doc_json)),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastReplay: lastReplay(db, r.id),
  }
}

export function listPolicies(db: Db): StoredPolicy[] {
  return (db.prepare('SELECT * FROM policy ORDER BY name').all() as PolicyRowDb[]).map((r) => toStored(db, r))
}

export function getPolicy(db: Db, id: string): StoredPolicy {
  const r = db.prepare('SELECT * FROM policy WHERE id = ? OR name = ?').get(id, id) as PolicyRowDb | undefined
  if (!r) throw new ApiError({ code: 'not-found', message: `No policy "${id}" in this workspace (policy list shows them).` })
  return toStored(db, r)
}

/** Creates (no id) or updates a policy; names are unique in a workspace. */
export function savePolicy(db: Db, input: { id?: string | undefined; doc: PolicyDoc }, now: () => Date): StoredPolicy {
  const at = now().toISOString()
  const clash = db.prepare('SELECT id FROM policy WHERE name = ?').pluck().get(input.doc.name) as string | undefined
  if (clash && clash !== input.id) {
    throw new ApiError({ code: 'conflict', message: `A policy named "${input.doc.name}" already exists: choose another name or edit that one.` })
  }
  if (input.id) {
    const changed = db.prepare('UPDATE policy SET name = ?, doc_json = ?, updated_at = ? WHERE id = ?').run(input.doc.name, JSON.stringify(input.doc), at, input.id).changes
    if (changed === 0) throw new ApiError({ code: 'not-found', message: `No policy ${input.id} to update.` })
    return getPolicy(db, input.id)
  }
  const id = `po_${randomBytes(6).toString('hex')}`
  db.prepare('INSERT INTO policy (id, name, doc_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, input.doc.name, JSON.stringify(input.doc), at, at)
  return getPolicy(db, id)
}

export function deletePolicy(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM policy WHERE id = ?').run(id).changes > 0
}

export function recordReplay(db: Db, policyId: string | null, doc: PolicyDoc, params: object, result: ReplayResult, now: () => Date): number {
  return Number(
    db
      .prepare('INSERT INTO policy_replay (policy_id, policy_name, doc_hash, at, params_json, result_json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(policyId, doc.name, docHash(doc), now().toISOString(), JSON.stringify(params), JSON.stringify(result)).lastInsertRowid,
  )
}

/** The latest replay of exactly this document (same hash), if any. */
export function latestReplayOf(db: Db, doc: PolicyDoc): (ReplayResult & { at: string }) | null {
  const r = db.prepare('SELECT at, result_json FROM policy_replay WHERE doc_hash = ? ORDER BY id DESC LIMIT 1').get(docHash(doc)) as { at: string; result_json: string } | undefined
  return r ? { ...(JSON.parse(r.result_json) as ReplayResult), at: r.at } : null
}

export function listReplays(db: Db, policyId: string, limit: number): (ReplayResult & { id: number; at: string })[] {
  const rows = db.prepare('SELECT id, at, result_json FROM policy_replay WHERE policy_id = ? ORDER BY id DESC LIMIT ?').all(policyId, limit) as { id: number; at: string; result_json: string }[]
  return rows.map((r) => ({ ...(JSON.parse(r.result_json) as ReplayResult), id: r.id, at: r.at }))
}

/** The example policies shipped in resources/examples (policy-*.json). */
export function examplePolicies(): { file: string; doc: PolicyDoc }[] {
  const dir = join(catalogDir(), '..', 'examples')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => /^policy-.*\.json$/.test(f))
    .sort()
    .map((f) => ({ file: basename(f), doc: policyDocSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }))
}

/** A policy document from a JSON file; schema problems name the file and the field. */
export function parsePolicyFile(text: string, fileName: string): PolicyDoc {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ApiError({ code: 'bad-file', message: `${fileName}: not valid JSON (${(err as Error).message})`, problems: [{ file: fileName, message: (err as Error).message }] })
  }
  const r = policyDocSchema.safeParse(raw)
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw new ApiError({
      code: 'bad-file',
      message: `${fileName}: not a Fleetplan policy: ${issues.map((i) => `${i.path || '(document)'} ${i.message}`).join('; ')}`,
      problems: issues.slice(0, 5).map((i) => ({ file: fileName, column: i.path, message: i.message })),
      issues,
    })
  }
  return r.data
}
