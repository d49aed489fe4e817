/**
 * Hourly busy-GPU demand per GPU type from the Alibaba GPU cluster traces in ../shared/data (research/study
 * use only: read by tests and benchmarks, never bundled). Written as the wide CSV `fleetplan backtest` reads.
 *
 * - v2023-openb (Weng et al., ATC '23): pods with GPUs requested, scheduled and deletion times (seconds from the
 *   trace start). A pod holds `num_gpu` GPUs, or `gpu_milli`/1000 of one when it shares a GPU. Its type is its
 *   `gpu_spec` (openb_pod_list_gpuspec33.csv) when that names one model (V100M16 / V100M32 → V100); pods that
 *   may run on several models, or any, form the `any` column. Pods never scheduled (Pending) held nothing. The
 *   list only holds pods still alive at the first deletion time (~day 115), so the history starts at the hour
 *   after it; before, only long-running survivors would show.
 * - v2025-dlrm (Yang et al., NSDI '25): GPU-node (HN) inference instances with one GPU each over 31 days; an
 *   empty creation time means "before the trace", an empty deletion time "after it". The trace does not name the
 *   GPU model: one column, `HN`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hourlyDemand, type Holding } from '../backtest/pod-demand'

/** The catalog types the trace's GPUs are priced as (the trace's own GPUs are older or undisclosed models). */
export const OPENB_MAP = { any: 'L40S', T4: 'L40S', P100: 'L40S', V100: 'A100', G2: 'A100', G3: 'A100' }
export const DLRM_MAP = { HN: 'A100' }
export interface DemandTable {
  columns: string[]
  values: Float64Array[]
  note: string
}

function readRows(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/)
  const cols = (head as string).split(',')
  return lines.map((l) => {
    const cells = l.split(',')
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']))
  })
}

export function openbType(spec: string): string {
  const models = [...new Set(spec.split('|').filter(Boolean))]
  if (models.length === 0) return 'any'
  if (models.every((m) => m.startsWith('V100'))) return 'V100'
  return models.length === 1 ? (models[0] as string) : 'any'
}

function ordered(m: Map<string, Float64Array>): { columns: string[]; values: Float64Array[] } {
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0)
  const entries = [...m.entries()].sort((a, b) => sum(b[1]) - sum(a[1]))
  return { columns: entries.map((e) => e[0]), values: entries.map((e) => e[1]) }
}

export function openbDemand(dataDir: string): DemandTable {
  const rows = readRows(join(dataDir, 'alibaba-gpu-traces', 'v2023-openb', 'openb_pod_list_gpuspec33.csv'))
  const deletions = rows.map((r) => Number(r.deletion_time))
  const firstHour = Math.ceil(Math.min(...deletions) / 3600)
  const lastHour = Math.floor(Math.max(...deletions) / 3600)
  const holdings: Holding[] = []
  for (const r of rows) {
    const n = Number(r.num_gpu)
    if (!r.scheduled_time || !(n > 0)) continue
    holdings.push({ type: openbType(r.gpu_spec ?? ''), start: Number(r.scheduled_time), end: Number(r.deletion_time), accelerators: n === 1 ? Number(r.gpu_milli) / 1000 : n })
  }
  return { ...ordered(hourlyDemand(holdings, firstHour, lastHour - firstHour)), note: `openb pods, hours ${firstHour}–${lastHour} from the trace start` }
}

export function dlrmDemand(dataDir: string): DemandTable {
  const rows = readRows(join(dataDir, 'alibaba-gpu-traces', 'v2025-dlrm', 'disaggregated_DLRM_trace.csv'))
  const times = rows.flatMap((r) => [r.creation_time, r.scheduled_time, r.deletion_time]).filter((t) => t).map(Number)
  const end = Math.max(...times)
  const hours = Math.floor(end / 3600)
  const holdings: Holding[] = []
  for (const r of rows) {
    const g = Number(r.gpu_request)
    if (r.role !== 'HN' || !(g > 0)) continue
    const start = r.scheduled_time ? Number(r.scheduled_time) : r.creation_time ? Number(r.creation_time) : 0
    holdings.push({ type: 'HN', start, end: r.deletion_time ? Number(r.deletion_time) : end, accelerators: g })
  }
  return { ...ordered(hourlyDemand(holdings, 0, hours)), note: 'DLRM GPU-node instances, 31 days' }
}

/** Wide CSV: `hour,<type>...`, one row per hour (hour = index from the history's start). */
export function writeDemandCsv(path: string, t: DemandTable): void {
  const n = t.values[0]?.length ?? 0
  const lines = [['hour', ...t.columns].join(',')]
  for (let k = 0; k < n; k++) lines.push([String(k), ...t.values.map((v) => String(Math.round((v[k] as number) * 10000) / 10000))].join(','))
  writeFileSync(path, `${lines.join('\n')}\n`)
}

/** Whole days resampled with replacement (mulberry32, seeded): the shape of the real days, any length. */
export function resampleDays(t: DemandTable, hours: number, seed: number): DemandTable {
  let a = seed >>> 0
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const days = Math.floor((t.values[0]?.length ?? 0) / 24)
  const picks = Array.from({ length: Math.ceil(hours / 24) }, () => Math.floor(rand() * days))
  return {
    columns: t.columns,
    values: t.values.map((v) => Float64Array.from({ length: hours }, (_, k) => v[(picks[Math.floor(k / 24)] as number) * 24 + (k % 24)] as number)),
    note: `${t.note}, ${hours} hours of days resampled (seed ${seed})`,
  }
}
