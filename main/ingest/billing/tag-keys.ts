/**
 * Which tag / label keys name a line's team, project and model type. Each workspace keeps its own list
 * (billing_setting 'tag-keys', migration 005); the first key present with a non-empty value wins.
 */
import type { Db } from '../../db/open'
import type { TagKeys } from '../../../shared/billing-types'

export type { TagKeys }

export const DEFAULT_TAG_KEYS: TagKeys = {
  team: ['team', 'Team', 'owner_team', 'business_unit', 'k8s-label/team', 'user:team', 'goog-k8s-team'],
  project: ['project', 'Project', 'application', 'app', 'user:project'],
  modelType: ['model_type', 'ModelType', 'model-type', 'workload', 'workload_type', 'user:model_type'],
}

const SETTING = 'tag-keys'

/** The workspace's tag keys (defaults when never set, or when the settings table is absent). */
export function readTagKeys(db: Db): TagKeys {
  try {
    const row = db.prepare('SELECT value_json FROM billing_setting WHERE key = ?').get(SETTING) as { value_json: string } | undefined
    if (!row) return DEFAULT_TAG_KEYS
    const v = JSON.parse(row.value_json) as Partial<TagKeys>
    return { team: v.team ?? DEFAULT_TAG_KEYS.team, project: v.project ?? DEFAULT_TAG_KEYS.project, modelType: v.modelType ?? DEFAULT_TAG_KEYS.modelType }
  } catch {
    return DEFAULT_TAG_KEYS
  }
}

/** SQL expression picking the first non-empty value among `keys` from the Tags JSON column. */
function pickSql(keys: readonly string[]): string {
  if (keys.length === 0) return 'NULL'
  const parts = keys.map((k) => `NULLIF(TRIM(CAST(json_extract("Tags", '$.' || json_quote(${sqlText(k)})) AS TEXT)), '')`)
  return parts.length === 1 ? (parts[0] as string) : `COALESCE(${parts.join(', ')})`
}

const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`

/**
 * Stores new tag keys and re-derives team / project / model type of every existing line from its Tags, in
 * one transaction, so attribution never mixes two key lists. Returns the number of lines re-derived.
 */
export function writeTagKeys(db: Db, keys: TagKeys, now: Date): number {
  return db.transaction(() => {
    db.prepare(
      `INSERT INTO billing_setting (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    ).run(SETTING, JSON.stringify(keys), now.toISOString())
    return db
      .prepare(
        `UPDATE billing_line SET team = ${pickSql(keys.team)}, project = ${pickSql(keys.project)}, model_type = ${pickSql(keys.modelType)}
         WHERE "Tags" IS NOT NULL`,
      )
      .run().changes
  })()
}
