/**
 * Imports a job trace (CSV, one row per job / pod / task) through a column mapping into workloads: one
 * snapshot (kind telemetry, format job-trace-csv) in one transaction, identified by the file's bytes and the
 * mapping — the same file with the same mapping again is a no-op. Bad rows are refused with the file, line and
 * column; nothing is written.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { nodeLabelFor } from '../../shared/accelerator-k8s'
import { ApiError, type FileProblem } from '../../shared/errors'
import type { Snapshot } from '../../shared/types'
import type { JobTraceMapping } from '../../shared/workload-schema'
import type { WorkloadContainer } from '../../shared/workload-types'
import type { Db } from '../db/open'
import { ByteSource, hashFile, utf8Text } from '../ingest/source/byte-source'
import { CsvReader, CsvSyntaxError, type CsvField } from '../ingest/source/csv-reader'
import { abortSnapshot, beginSnapshot, commitSnapshot, findSnapshotByHash, requireSnapshot } from '../workspace/snapshots'
import { storeFacts } from './derive'
import { UNBILLED, type FactRow } from './facts'
import { quantityText } from './from-telemetry'
import { effectiveAccelerators } from './requests'

export interface JobTraceOutcome {
  fileName: string
  status: 'imported' | 'duplicate'
  snapshot: Snapshot
  jobs: number
  workloads: number
  warnings: string[]
}

const MAX_PROBLEMS = 5

function bad(fileName: string, problems: FileProblem[]): ApiError {
  const p = problems[0] as FileProblem
  const where = [p.line !== undefined ? `line ${p.line}` : null, p.column ? `field ${p.column}` : null].filter(Boolean).join(', ')
  return new ApiError({ code: 'bad-file', message: `${fileName}${where ? `: ${where}` : ''}: ${p.message}. Nothing was imported.`, problems })
}

/** The file's bytes and the mapping: the same trace read another way is another snapshot. */
async function hashOf(path: string, mapping: JobTraceMapping): Promise<string> {
  const bytes = await hashFile(path)
  return createHash('sha256').update(`${bytes}\u0000job-trace-mapping\u0000${JSON.stringify(mapping)}`).digest('hex')
}

const UNIT_MS: Record<string, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 }
const MEMORY_BYTES: Record<string, number> = { bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 }

export async function importJobTrace(
  db: Db,
  input: { path: string; fileName: string; mapping: JobTraceMapping; now?: () => Date },
  progress: (step: string, current: number, total: number) => void,
): Promise<JobTraceOutcome> {
  const { path, fileName, mapping: m } = input
  const size = statSync(path).size
  if (size === 0) throw bad(fileName, [{ file: fileName, line: 1, message: 'the file is empty' }])
  progress(`Checking ${fileName}`, 0, size)
  const contentHash = await hashOf(path, m)
  const existing = findSnapshotByHash(db, contentHash)
  if (existing !== null) {
    const snapshot = requireSnapshot(db, existing)
    return { fileName, status: 'duplicate', snapshot, jobs: snapshot.rows, workloads: 0, warnings: snapshot.warnings }
  }
  const origin = m.timeOrigin ? Date.parse(m.timeOrigin) : 0
  const problems: FileProblem[] = []
  const problem = (line: number, column: string | undefined, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file: fileName, line, ...(column ? { column } : {}), message })
  }
  let header: string[] | null = null
  const idx: Record<string, number> = {}
  const rows: { line: number; f: (string | null)[] }[] = []
  let maxTime = -Infinity
  const warnings: string[] = []

  const time = (raw: string | null, line: number, col: string): number | null => {
    if (raw === null || raw.trim() === '') return null
    if (m.timeUnit === 'iso') {
      const t = Date.parse(raw)
      if (Number.isNaN(t)) problem(line, col, `"${raw}" is not an ISO 8601 date-time`)
      return Number.isNaN(t) ? null : t
    }
    const n = Number(raw)
    if (!Number.isFinite(n)) {
      problem(line, col, `"${raw}" is not a number of ${m.timeUnit === 's' ? 'seconds' : m.timeUnit}`)
      return null
    }
    return origin + n * (UNIT_MS[m.timeUnit] as number)
  }

  const onRecord = (fields: CsvField[], line: number): void => {
    // The reader reuses its field array: keep a copy (unquoted empty and NULL fields are null).
    const rec = { line, fields: fields.map((x) => (typeof x === 'string' ? x : null)) }
    if (header === null) {
      header = rec.fields.map((f) => (f ?? '').trim())
      const cols: [string, string | undefined][] = [
        ['id', m.id],
        ['start', m.start],
        ['end', m.end],
        ['durationSeconds', m.durationSeconds],
        ['accelerators', m.accelerators],
        ['acceleratorShare', m.acceleratorShare?.column],
        ['acceleratorType', m.acceleratorType],
        ['cpu', m.cpu?.column],
        ['memory', m.memory?.column],
        ['team', m.team],
        ['project', m.project],
        ['namespace', m.namespace],
        ['node', m.node],
        ['where', m.where?.column],
        ...m.labels.map((l, i): [string, string] => [`label${i}`, l.column]),
      ]
      for (const [role, col] of cols) {
        if (!col) continue
        const i = header.indexOf(col)
        if (i < 0) throw bad(fileName, [{ file: fileName, line: rec.line, column: col, message: `the mapping's ${role} column "${col}" is not in the header (${header.join(', ')})` }])
        idx[role] = i
      }
      return
    }
    if (rec.fields.length === 1 && (rec.fields[0] ?? '') === '') return
    if (rec.fields.length !== header.length) {
      problem(rec.line, undefined, `expected ${header.length} fields (as in the header), found ${rec.fields.length}`)
      return
    }
    const t = time(rec.fields[idx.start as number] ?? null, rec.line, m.start)
    if (t === null && problems.length === 0) problem(rec.line, m.start, 'the start time is empty')
    if (t !== null) maxTime = Math.max(maxTime, t)
    if (idx.end !== undefined) {
      const e = time(rec.fields[idx.end] ?? null, rec.line, m.end as string)
      if (e !== null) maxTime = Math.max(maxTime, e)
    }
    rows.push({ line: rec.line, f: rec.fields })
  }
  const reader = new CsvReader(onRecord)
  try {
    for await (const chunk of utf8Text(new ByteSource(path, fileName, 'plain', false).chunks(), fileName)) {
      reader.push(chunk.text)
      progress(`Reading ${fileName}`, chunk.fileBytesRead, size)
      if (problems.length >= MAX_PROBLEMS) throw bad(fileName, problems)
    }
    reader.end()
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw bad(fileName, [...problems, { file: fileName, line: err.line, message: err.message }])
    throw err
  }
  if (header === null) throw bad(fileName, [{ file: fileName, line: 1, message: 'no header row' }])
  if (problems.length) throw bad(fileName, problems)

  const num = (raw: string | null | undefined, line: number, col: string, fallback = 0): number => {
    if (raw === null || raw === undefined || raw.trim() === '') return fallback
    const n = Number(raw)
    if (!Number.isFinite(n) || n < 0) {
      problem(line, col, `"${raw}" is not a non-negative number`)
      return fallback
    }
    return n
  }
  const facts: FactRow[] = []
  const seen = new Map<string, number>()
  let stillRunning = 0
  let skipped = 0
  for (const { line, f } of rows) {
    const cell = (role: string): string | null => (idx[role] === undefined ? null : (f[idx[role]] ?? null))
    if (m.where && !m.where.in.includes(cell('where') ?? '')) {
      skipped++
      continue
    }
    const id = cell('id')
    if (id === null || id.trim() === '') {
      problem(line, m.id, 'the job id is empty')
      continue
    }
    const start = time(cell('start'), line, m.start) as number
    let end: number | null = null
    if (m.end) {
      end = time(cell('end'), line, m.end)
      if (end === null) {
        end = maxTime
        stillRunning++
      }
    } else if (m.durationSeconds) end = start + num(cell('durationSeconds'), line, m.durationSeconds) * 1000
    if (end !== null && end < start) problem(line, m.end ?? m.durationSeconds, `ends before it starts (${new Date(end).toISOString()} < ${new Date(start).toISOString()})`)
    const devices = m.accelerators ? num(cell('accelerators'), line, m.accelerators) : 0
    let share = devices
    if (m.acceleratorShare && devices === 1) {
      const s = num(cell('acceleratorShare'), line, m.acceleratorShare.column, m.acceleratorShare.scale) / m.acceleratorShare.scale
      if (s > 0 && s < 1) share = s
    }
    const rawType = (cell('acceleratorType') ?? '').split('|')[0]?.trim() ?? ''
    const type = rawType ? (m.typeMap[rawType] ?? rawType) : (m.constAcceleratorType ?? null)
    const resource = type ? nodeLabelFor(type).resource : 'nvidia.com/gpu'
    const requests: Record<string, string> = {}
    if (devices > 0) requests[resource] = quantityText(resource, 'integer', devices)
    if (m.cpu) {
      const v = num(cell('cpu'), line, m.cpu.column)
      if (v > 0) requests.cpu = quantityText('cpu', 'core', m.cpu.unit === 'millicores' ? v / 1000 : v)
    }
    if (m.memory) {
      const v = num(cell('memory'), line, m.memory.column)
      if (v > 0) requests.memory = quantityText('memory', 'byte', v * (MEMORY_BYTES[m.memory.unit] as number))
    }
    const containers: WorkloadContainer[] = [{ name: 'main', requests, ...(devices > 0 ? { limits: { [resource]: requests[resource] as string } } : {}) }]
    const labels: Record<string, string> = { ...m.constLabels }
    m.labels.forEach((l, i) => {
      const v = f[idx[`label${i}`] as number]
      if (v !== null && v !== undefined && v !== '') labels[l.as ?? l.column] = v
    })
    const team = cell('team') || null
    const project = cell('project') || null
    if (team) labels.team ??= team
    if (project) labels.project ??= project
    const namespace = cell('namespace') || m.constNamespace || null
    let uid = `job:${namespace ?? ''}/${id}`
    const n = (seen.get(uid) ?? 0) + 1
    seen.set(uid, n)
    if (n > 1) uid = `${uid}#${n}`
    const hours = end === null ? 0 : (end - start) / 3.6e6
    facts.push({
      uid,
      source: 'job-trace',
      kind: 'Job',
      name: id,
      namespace,
      team,
      project,
      modelType: null,
      acceleratorType: type,
      accelerators: effectiveAccelerators(containers),
      containers,
      labels,
      startMs: start,
      endMs: end,
      stepMs: 0,
      acceleratorHours: share * hours,
      ...UNBILLED,
      node: cell('node') || null,
    })
  }
  if (problems.length) throw bad(fileName, problems)
  if (facts.length === 0) throw bad(fileName, [{ file: fileName, line: 2, message: skipped ? `no row passed the mapping's "where" filter (${skipped} skipped)` : 'the file has a header but no rows' }])
  const dupes = [...seen.values()].filter((n) => n > 1).length
  if (dupes) warnings.push(`${dupes} job id${dupes === 1 ? '' : 's'} appear more than once; each row was kept as its own workload (uid suffix #2, #3, …).`)
  if (stillRunning) warnings.push(`${stillRunning} job${stillRunning === 1 ? '' : 's'} had no end time: counted as running until the trace's last time (${new Date(maxTime).toISOString()}).`)
  if (skipped) warnings.push(`${skipped} row${skipped === 1 ? '' : 's'} skipped by the mapping's "where" filter.`)

  progress(`Deriving workloads from ${fileName}`, size, size)
  const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')
  const starts = facts.map((x) => x.startMs as number)
  const minStart = starts.reduce((a, b) => Math.min(a, b), Infinity)
  const maxEnd = facts.reduce((a, x) => Math.max(a, x.endMs ?? x.startMs ?? -Infinity), -Infinity)
  const now = (input.now ?? (() => new Date()))().toISOString()
  const snapshotId = beginSnapshot(db, { kind: 'telemetry', format: 'job-trace-csv', fileName, importedAt: now })
  let workloads = 0
  try {
    const r = commitSnapshot(db, snapshotId, { contentHash, rows: facts.length, periodStart: iso(minStart), periodEnd: iso(maxEnd), warnings }, () => {
      workloads = storeFacts(db, snapshotId, facts)
    })
    if (r.status === 'duplicate') {
      const snapshot = requireSnapshot(db, r.snapshotId)
      return { fileName, status: 'duplicate', snapshot, jobs: snapshot.rows, workloads: 0, warnings: snapshot.warnings }
    }
  } catch (err) {
    abortSnapshot(db)
    throw err
  }
  progress(`Imported ${fileName}`, size, size)
  return { fileName, status: 'imported', snapshot: requireSnapshot(db, snapshotId), jobs: facts.length, workloads, warnings }
}
