/**
 * Explore's aggregates, built after each import (and after a snapshot is deleted) so that no chart reads
 * billing lines or raw samples:
 * - `cost_cube`: billing lines summed per day and dimension, per billing snapshot (built once per snapshot);
 * - `accel_pool` / `accel_hour` / `accel_owner` / `accel_attribution`: accelerator cost per pool and hour,
 *   joined to the telemetry that saw those accelerators (idle time and fractional attribution), rebuilt
 *   whenever billing or telemetry changes (they join both);
 * - `subject`: what the model-type classifier answers for (billed resources and pod workloads).
 * `refreshExplore` is the one entry point; it is idempotent and cheap when nothing changed.
 */
import type { Db } from '../db/open'
import { ACCEL_HOURS_SQL, currencyNoted, LINE_COLUMNS, noteCurrency } from '../workspace/cost-day'
import { reclassify } from '../classify/store'
import { attributePoolHour, BILLING_OWNER, REMAINDER_OWNER, type GpuHour } from './attribution'
import { readPods, type PodInfo } from './pods'
import { forEachGpuHour, requestsPerHour, type ObservedGpu } from './telemetry-gpus'
import { addWeekHour, emptyWeekHours, WEEK_HOUR_KEY } from './week-hours'

const HOUR_MS = 3_600_000

/** A billed resource's name: ResourceName, else the last path segment of ResourceId, else SKU / service. */
export const SUBJECT_NAME_SQL = `coalesce(nullif("ResourceName", ''), nullif(replace("ResourceId", rtrim("ResourceId", replace("ResourceId", '/', '')), ''), ''), "SkuId", "ServiceName", '(unnamed)')`

/** Builds the cost cube of one billing snapshot (and the subjects its lines name). */
export function buildCostCube(db: Db, snapshotId: number): number {
  db.exec('DROP TABLE IF EXISTS temp.cube_src')
  db.prepare(
    `CREATE TEMP TABLE cube_src AS
     SELECT day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project, accelerator_type,
            model_type, skey, sname, max(tags) AS tags,
            coalesce(sum(billed), 0) AS billed, coalesce(sum(effective), 0) AS effective, coalesce(sum(list), 0) AS list,
            coalesce(sum(accel_hours), 0) AS accel_hours, count(*) AS rows
     FROM (SELECT ${LINE_COLUMNS}, ${SUBJECT_NAME_SQL} || '|' || coalesce("SkuId", '') AS skey, ${SUBJECT_NAME_SQL} AS sname, "Tags" AS tags
           FROM billing_line WHERE snapshot_id = ?)
     GROUP BY day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project, accelerator_type, model_type, skey`,
  ).run(snapshotId)
  const before = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM subject').get() as { m: number }).m
  db.exec(`INSERT OR IGNORE INTO subject (kind, key, name, sku, labels, tag_model_type)
           SELECT 'billing', skey, sname, sku, coalesce(max(tags), '{}'), max(model_type) FROM temp.cube_src GROUP BY skey`)
  const n = db
    .prepare(
      `INSERT INTO cost_cube (snapshot_id, day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project,
                              accelerator_type, subject_id, billed, effective, list, accel_hours, rows)
       SELECT ?, c.day, c.provider, c.service, c.service_category, c.region, c.sub_account, c.charge_category, c.pricing_category, c.sku, c.team, c.project,
              c.accelerator_type, s.id, sum(c.billed), sum(c.effective), sum(c.list), sum(c.accel_hours), sum(c.rows)
       FROM temp.cube_src c JOIN subject s ON s.kind = 'billing' AND s.key = c.skey
       GROUP BY c.day, c.provider, c.service, c.service_category, c.region, c.sub_account, c.charge_category, c.pricing_category, c.sku, c.team, c.project,
                c.accelerator_type, s.id`,
    )
    .run(snapshotId).changes
  db.prepare(
    `INSERT INTO cost_day (snapshot_id, day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project,
                           accelerator_type, model_type, billed, effective, list, accel_hours, rows)
     SELECT ?, day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project, accelerator_type,
            model_type, sum(billed), sum(effective), sum(list), sum(accel_hours), sum(rows)
     FROM temp.cube_src GROUP BY day, provider, service, service_category, region, sub_account, charge_category, pricing_category, sku, team, project, accelerator_type,
            model_type`,
  ).run(snapshotId)
  db.exec('DROP TABLE temp.cube_src')
  const fresh = db.prepare('SELECT id FROM subject WHERE id > ?').pluck().all(before) as number[]
  if (fresh.length) reclassify(db, fresh)
  return n
}

interface PoolAcc {
  id: number
  key: string
  name: string
  hours: Map<number, { billed: number; effective: number; list: number; billedHours: number }>
}

interface LineRow {
  rid: string | null
  rname: string | null
  sku: string | null
  region: string | null
  provider: string | null
  service: string | null
  sub: string | null
  pc: string | null
  team: string | null
  project: string | null
  accel: string
  s: string
  e: string
  b: number | null
  ef: number | null
  l: number | null
  ah: number
  skey: string
}

/** Rebuilds every accelerator table from billing lines with an accelerator and the telemetry rollups. */
export function buildAccelTables(db: Db): { pools: number; hours: number; attributions: number } {
  db.exec('DELETE FROM accel_attribution; DELETE FROM accel_hour; DELETE FROM accel_day; DELETE FROM accel_owner; DELETE FROM accel_pool; DELETE FROM accel_requests;')
  const insPool = db.prepare(
    `INSERT INTO accel_pool (key, name, billed, provider, region, service, sub_account, pricing_category, sku, accelerator_type, team, project, subject_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM subject WHERE kind = 'billing' AND key = ?))`,
  )
  const pools = new Map<string, PoolAcc>()
  const lines = db.prepare(
    `SELECT "ResourceId" AS rid, "ResourceName" AS rname, "SkuId" AS sku, "RegionId" AS region, "ProviderName" AS provider, "ServiceName" AS service,
            "SubAccountName" AS sub, "PricingCategory" AS pc, team, project, accelerator_type AS accel, "ChargePeriodStart" AS s, "ChargePeriodEnd" AS e,
            "BilledCost" AS b, "EffectiveCost" AS ef, "ListCost" AS l, ${ACCEL_HOURS_SQL} AS ah, ${SUBJECT_NAME_SQL} || '|' || coalesce("SkuId", '') AS skey
     FROM billing_line WHERE accelerator_type IS NOT NULL`,
  )
  for (const r of lines.all() as LineRow[]) {
    const name = r.rname || (r.rid ? (r.rid.split('/').filter(Boolean).at(-1) ?? r.rid) : `${r.sku ?? r.accel} ${r.region ?? ''}`.trim())
    const key = `${r.provider ?? ''}|${r.rid || r.rname || `${r.sku}|${r.region}|${r.pc}`}`
    let p = pools.get(key)
    if (!p) {
      const id = Number(insPool.run(key, name, 1, r.provider, r.region, r.service, r.sub, r.pc, r.sku, r.accel, r.team, r.project, r.skey).lastInsertRowid)
      pools.set(key, (p = { id, key, name, hours: new Map() }))
    }
    // A line's cost and hours spread evenly over the hours of its charge period.
    const s = Date.parse(r.s)
    const e = Math.max(s + 1, Date.parse(r.e))
    for (let h = s - (((s % HOUR_MS) + HOUR_MS) % HOUR_MS); h < e; h += HOUR_MS) {
      const f = (Math.min(e, h + HOUR_MS) - Math.max(s, h)) / (e - s)
      let a = p.hours.get(h)
      if (!a) p.hours.set(h, (a = { billed: 0, effective: 0, list: 0, billedHours: 0 }))
      a.billed += (r.b ?? 0) * f
      a.effective += (r.ef ?? 0) * f
      a.list += (r.l ?? 0) * f
      a.billedHours += r.ah * f
    }
  }

  // Telemetry hosts → billed pools: the node name starts with the billed resource's name (VMSS, instance group,
  // instance), or equals the last segment of its resource id. The longest name wins.
  const names = [...pools.values()].filter((p) => p.name.length >= 3).sort((a, b) => b.name.length - a.name.length)
  const hostPool = new Map<string, PoolAcc | null>()
  const poolOfHost = (host: string | null): PoolAcc | null => {
    if (!host) return null
    let p = hostPool.get(host)
    if (p === undefined) {
      const h = host.toLowerCase()
      p = names.find((x) => h.startsWith(x.name.toLowerCase())) ?? null
      hostPool.set(host, p)
    }
    return p
  }
  const pods = readPods(db)
  const owners = new Map<string, number>()
  const insOwner = db.prepare(
    `INSERT INTO accel_owner (key, kind, namespace, pod, team, project, subject_id) VALUES (?, ?, ?, ?, ?, ?, (SELECT id FROM subject WHERE kind = ? AND key = ?))`,
  )
  const insSubject = db.prepare(`INSERT OR IGNORE INTO subject (kind, key, name, image, labels, tag_model_type) VALUES ('pod', ?, ?, ?, ?, ?)`)
  const subjectsBefore = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM subject').get() as { m: number }).m
  const ownerId = (key: string, pool: PoolAcc | null): number => {
    const k = key === BILLING_OWNER ? `${BILLING_OWNER}|${pool?.key ?? ''}` : key
    let id = owners.get(k)
    if (id !== undefined) return id
    if (key === REMAINDER_OWNER) id = Number(insOwner.run(k, 'remainder', null, null, null, null, 'none', '').lastInsertRowid)
    else if (key === BILLING_OWNER) {
      const pr = db.prepare('SELECT team, project, subject_id FROM accel_pool WHERE key = ?').get(pool?.key ?? '') as { team: string | null; project: string | null } | undefined
      id = Number(insOwner.run(k, 'billing', null, null, pr?.team ?? null, pr?.project ?? null, 'billing', poolSubjectKey(db, pool)).lastInsertRowid)
    } else {
      const info: PodInfo | undefined = pods.get(key)
      const slash = key.indexOf('/')
      const ns = slash > 0 ? key.slice(0, slash) : null
      const pod = key.slice(slash + 1)
      const workload = info?.workload ?? pod
      const skey = `${ns ?? ''}/${workload}`
      const labels = info?.labels ?? {}
      insSubject.run(skey, workload, info?.image ?? null, JSON.stringify(labels), labels.model_type ?? labels.workload_type ?? null)
      id = Number(insOwner.run(k, 'pod', ns, pod, info?.team ?? null, info?.project ?? null, 'pod', skey).lastInsertRowid)
    }
    owners.set(k, id)
    return id
  }

  // Unbilled telemetry (no pool matches the host): one pseudo-pool per accelerator type, billed nothing. Its row
  // is written after the scan below (the connection cannot write while a statement iterates).
  const unbilled = new Map<string, PoolAcc & { model: string | null }>()
  const unbilledPool = (model: string | null): PoolAcc => {
    const key = `telemetry|${model ?? '(unknown)'}`
    let p = unbilled.get(key)
    if (!p) unbilled.set(key, (p = { id: 0, key, name: key, model, hours: new Map() }))
    return p
  }

  const observed = new Map<PoolAcc, Map<number, ObservedGpu[]>>()
  forEachGpuHour(db, (hour, gpus) => {
    for (const g of gpus) {
      const pool = poolOfHost(g.host) ?? unbilledPool(g.model)
      let byPool = observed.get(pool)
      if (!byPool) observed.set(pool, (byPool = new Map<number, ObservedGpu[]>()))
      const list = byPool.get(hour)
      if (list) list.push(g)
      else byPool.set(hour, [g])
    }
  })
  for (const p of unbilled.values()) {
    p.id = Number(insPool.run(p.key, `${p.model ?? 'unknown'} (telemetry only)`, 0, null, null, null, null, null, null, p.model, null, null, '').lastInsertRowid)
  }

  const insHour = db.prepare(
    `INSERT INTO accel_hour (pool_id, hour, dow, hod, billed, effective, list, billed_hours, observed_hours, monitored_hours, busy_hours,
                             idle_billed, idle_effective, idle_list, unmon_billed, unmon_effective, unmon_list, seen_hours) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  )
  // Requests per pod and hour (QPS), to join with what the pod was attributed in the same hours.
  const requests = new Map<string, number>()
  for (const r of requestsPerHour(db)) requests.set(`${r.owner}|${r.hour}`, r.requests)
  const reqDay = new Map<string, { day: string; owner: string; requests: number; billed: number; effective: number; list: number }>()
  const days = new Map<string, number[]>()
  const attr = new Map<string, { day: string; pool: number; owner: number; rule: string; billed: number; effective: number; list: number; gpuHours: number }>()
  let hours = 0
  const week = emptyWeekHours()
  const emit = (pool: PoolAcc, hour: number, cost: { billed: number; effective: number; list: number; billedHours: number }, gpus: GpuHour[]): void => {
    const billedHours = cost.billedHours
    const d = new Date(hour)
    const dow = (d.getUTCDay() + 6) % 7
    const day = d.toISOString().slice(0, 10)
    let row: number[]
    if (pool.key.startsWith('telemetry|')) {
      const busy = gpus.reduce((s, g) => s + Math.min(1, Math.max(0, g.util)), 0)
      row = [0, 0, 0, 0, gpus.length, 0, busy, 0, 0, 0, 0, 0, 0, gpus.length]
    } else {
      const r = attributePoolHour({ billedHours, gpus })
      const idleF = billedHours > 0 ? (r.monitoredHours - r.busyHours) / billedHours : 0
      const unmonF = billedHours > 0 ? (billedHours - r.monitoredHours) / billedHours : 0
      row = [cost.billed, cost.effective, cost.list, billedHours, r.observedHours, r.monitoredHours, r.busyHours,
        cost.billed * idleF, cost.effective * idleF, cost.list * idleF, cost.billed * unmonF, cost.effective * unmonF, cost.list * unmonF, billedHours > 0 ? r.monitoredHours : r.observedHours]
      for (const s of r.shares) {
        const owner = ownerId(s.owner, pool)
        const k = `${day}|${pool.id}|${owner}|${s.rule}`
        let a = attr.get(k)
        if (!a) attr.set(k, (a = { day, pool: pool.id, owner, rule: s.rule, billed: 0, effective: 0, list: 0, gpuHours: 0 }))
        a.billed += s.share * cost.billed
        a.effective += s.share * cost.effective
        a.list += s.share * cost.list
        a.gpuHours += s.gpuHours
        const q = requests.get(`${s.owner}|${hour}`)
        if (q !== undefined) {
          const rk = `${day}|${s.owner}`
          let rd = reqDay.get(rk)
          if (!rd) reqDay.set(rk, (rd = { day, owner: s.owner, requests: 0, billed: 0, effective: 0, list: 0 }))
          rd.billed += s.share * cost.billed
          rd.effective += s.share * cost.effective
          rd.list += s.share * cost.list
        }
      }
    }
    insHour.run(pool.id, hour, dow, d.getUTCHours(), ...row)
    addWeekHour(week, dow, d.getUTCHours(), { busy: row[6] as number, seen: row[13] as number, idleBilled: row[7] as number, idleEffective: row[8] as number, idleList: row[9] as number })
    hours++
    const dk = `${pool.id}|${day}`
    const acc = days.get(dk)
    if (acc) for (let i = 0; i < row.length; i++) acc[i] = (acc[i] as number) + (row[i] as number)
    else days.set(dk, [...row])
  }
  for (const pool of pools.values()) {
    const byHour = observed.get(pool)
    for (const [hour, cost] of pool.hours) emit(pool, hour, cost, byHour?.get(hour) ?? [])
    // Telemetry in hours nothing was billed for: seen, costs nothing.
    if (byHour) for (const [hour, gpus] of byHour) if (!pool.hours.has(hour)) emit(pool, hour, { billed: 0, effective: 0, list: 0, billedHours: 0 }, gpus)
  }
  for (const pool of unbilled.values()) for (const [hour, gpus] of observed.get(pool) ?? new Map<number, ObservedGpu[]>()) emit(pool, hour, { billed: 0, effective: 0, list: 0, billedHours: 0 }, gpus)
  const insDay = db.prepare(
    `INSERT INTO accel_day (pool_id, day, billed, effective, list, billed_hours, observed_hours, monitored_hours, busy_hours,
                            idle_billed, idle_effective, idle_list, unmon_billed, unmon_effective, unmon_list, seen_hours) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  )
  for (const [k, row] of days) {
    const [pool, day] = k.split('|') as [string, string]
    insDay.run(Number(pool), day, ...row)
  }
  const insAttr = db.prepare('INSERT INTO accel_attribution (day, pool_id, owner_id, rule, billed, effective, list, gpu_hours) VALUES (?,?,?,?,?,?,?,?)')
  for (const a of attr.values()) insAttr.run(a.day, a.pool, a.owner, a.rule, a.billed, a.effective, a.list, a.gpuHours)
  for (const [k, q] of requests) {
    const [owner, hour] = [k.slice(0, k.lastIndexOf('|')), Number(k.slice(k.lastIndexOf('|') + 1))]
    const rk = `${new Date(hour).toISOString().slice(0, 10)}|${owner}`
    const rd = reqDay.get(rk)
    if (rd) rd.requests += q
  }
  const insReq = db.prepare('INSERT INTO accel_requests (day, owner_key, requests, billed, effective, list) VALUES (?, ?, ?, ?, ?, ?)')
  for (const r of reqDay.values()) insReq.run(r.day, r.owner, r.requests, r.billed, r.effective, r.list)
  db.prepare(`INSERT INTO explore_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(WEEK_HOUR_KEY, JSON.stringify(week))
  const attributions = attr.size
  const fresh = db.prepare('SELECT id FROM subject WHERE id > ?').pluck().all(subjectsBefore) as number[]
  if (fresh.length) reclassify(db, fresh)
  return { pools: pools.size + unbilled.size, hours, attributions }
}

function poolSubjectKey(db: Db, pool: PoolAcc | null): string {
  const r = db.prepare('SELECT s.key FROM accel_pool p JOIN subject s ON s.id = p.subject_id WHERE p.key = ?').get(pool?.key ?? '') as { key: string } | undefined
  return r?.key ?? ''
}

/** What the accelerator tables were built from: changes with every import and deletion. */
function dataSignature(db: Db): string {
  const r = db.prepare(`SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(sum(rows), 0) AS r FROM snapshot`).get() as { n: number; m: number; r: number }
  return `${r.n}:${r.m}:${r.r}`
}

export interface RefreshReport {
  cubes: number
  accel: boolean
  ms: number
}

/**
 * Brings every Explore aggregate up to date, in one transaction: cubes for billing snapshots that have none,
 * and the accelerator tables when any snapshot came or went since they were built.
 */
export function refreshExplore(db: Db, progress: (step: string, current: number, total: number) => void = () => undefined): RefreshReport {
  const t0 = Date.now()
  const missing = db
    .prepare(`SELECT id FROM snapshot WHERE kind = 'billing' AND rows > 0 AND id NOT IN (SELECT DISTINCT snapshot_id FROM cost_cube) ORDER BY id`)
    .pluck()
    .all() as number[]
  const sig = dataSignature(db)
  const built = (db.prepare(`SELECT value FROM explore_state WHERE key = 'accel-signature'`).get() as { value: string } | undefined)?.value
  if (missing.length === 0 && built === sig && currencyNoted(db)) return { cubes: 0, accel: false, ms: Date.now() - t0 }
  db.transaction(() => {
    missing.forEach((id, i) => {
      progress('Summing billing lines for Explore', i, missing.length + 1)
      buildCostCube(db, id)
    })
    if (built !== sig) {
      progress('Joining accelerator billing to telemetry', missing.length, missing.length + 1)
      buildAccelTables(db)
      db.prepare(`INSERT INTO explore_state (key, value) VALUES ('accel-signature', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(sig)
    }
    if (!currencyNoted(db)) noteCurrency(db)
    db.exec(`DELETE FROM subject_cost;
      INSERT INTO subject_cost (subject_id, cost) SELECT id, sum(c) FROM (
        SELECT subject_id AS id, sum(billed) AS c FROM cost_cube WHERE subject_id IS NOT NULL GROUP BY subject_id
        UNION ALL
        SELECT o.subject_id, sum(a.billed) FROM accel_attribution a JOIN accel_owner o ON o.id = a.owner_id WHERE o.kind = 'pod' AND o.subject_id IS NOT NULL GROUP BY o.subject_id)
      GROUP BY id`)
  })()
  return { cubes: missing.length, accel: built !== sig, ms: Date.now() - t0 }
}

/**
 * Marks every Explore aggregate out of date, for writes that change existing billing lines (tag keys
 * re-deriving team / project / model type): the next refreshExplore rebuilds them from the lines.
 */
export function invalidateExplore(db: Db): void {
  db.exec(`DELETE FROM cost_day; DELETE FROM cost_cube; DELETE FROM explore_state WHERE key = 'accel-signature';`)
}

/** Whether refreshExplore has work to do (cheap: two small queries). */
export function exploreStale(db: Db): boolean {
  const missing = db.prepare(`SELECT 1 FROM snapshot WHERE kind = 'billing' AND rows > 0 AND id NOT IN (SELECT DISTINCT snapshot_id FROM cost_cube) LIMIT 1`).get()
  if (missing) return true
  const built = (db.prepare(`SELECT value FROM explore_state WHERE key = 'accel-signature'`).get() as { value: string } | undefined)?.value
  return built !== dataSignature(db) || !currencyNoted(db)
}
