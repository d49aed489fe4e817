/**
 * Generates resources/demo/demo-workloads.jobs.csv — a SYNTHETIC job history (one row per Kubernetes job /
 * pod) for the demo fleet, placed on the pools billed in resources/demo/demo-accelerator-spend.focus.csv:
 *
 *   npx tsx scripts/generate-demo-workloads.ts
 *
 * Every hour, each pool's jobs hold at most the accelerators its billed instances had that hour (8 per
 * instance), aiming at a per-team occupancy (training runs ~92 %, serving ~80 %, notebooks ~60 %); when a
 * pool shrinks, the newest jobs end (scale-down, spot reclaims). A job's `node` is the pool it ran on, so the
 * app prices it as its share of that pool's billed cost — the jobs' cost never exceeds the accelerator spend.
 * Labels are realistic and imperfect: some jobs lack a project or team label, a few large training runs carry
 * the max-accelerators exemption. Nothing here comes from real workloads.
 *
 * Deterministic: mulberry32 seeded with SEED; every run writes the same bytes (no transcendental functions).
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo')
const SPEND = resolve(DIR, 'demo-accelerator-spend.focus.csv')
const OUT = resolve(DIR, 'demo-workloads.jobs.csv')
const SEED = 20240903
const HOUR = 3_600_000

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rnd = mulberry32(SEED)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
const between = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))
const alnum = (n: number): string => Array.from({ length: n }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(rnd() * 27)]).join('')

/** Fields of one line of the generated spend file (quoted fields, doubled quotes, no line breaks inside). */
function fields(line: string): string[] {
  const out: string[] = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1
      let s = ''
      for (;;) {
        const q = line.indexOf('"', j)
        if (line[q + 1] === '"') {
          s += line.slice(j, q + 1)
          j = q + 2
        } else {
          s += line.slice(j, q)
          i = q + 2
          break
        }
      }
      out.push(s)
    } else {
      const c = line.indexOf(',', i)
      out.push(line.slice(i, c < 0 ? line.length : c))
      i = c < 0 ? line.length + 1 : c + 1
    }
  }
  return out
}

interface Pool {
  resource: string
  type: string
  team: string
  project: string
  modelType: string
  /** Instances billed per hour index (0 … 719). */
  instances: number[]
}

function readPools(): Pool[] {
  const lines = readFileSync(SPEND, 'utf8').split('\n').filter(Boolean)
  const head = fields(lines[0] as string)
  const col = (name: string): number => head.indexOf(name)
  const start = Date.UTC(2024, 8, 1)
  const pools = new Map<string, Pool>()
  for (const line of lines.slice(1)) {
    const f = fields(line)
    const resource = f[col('ResourceName')] as string
    let p = pools.get(resource)
    if (!p) {
      const tags = JSON.parse(f[col('Tags')] as string) as Record<string, string>
      const desc = f[col('ChargeDescription')] as string
      const type = /MI300X/.test(desc) ? 'MI300X' : /H200/.test(desc) ? 'H200' : 'H100'
      p = { resource, type, team: tags.team ?? '', project: tags.project ?? '', modelType: tags.model_type ?? '', instances: new Array<number>(720).fill(0) }
      pools.set(resource, p)
    }
    const h = Math.round((Date.parse(`${(f[col('ChargePeriodStart')] as string).replace(' ', 'T')}Z`) - start) / HOUR)
    p.instances[h] = Number(f[col('ConsumedQuantity')])
  }
  return [...pools.values()]
}

/** How each team runs work on its pool. */
interface Profile {
  namespace: string
  occupancy: number
  /** Accelerators per job and hours it runs. */
  size: () => number
  hours: () => number
  name: () => string
  /** Share of jobs missing their project / team label (the cost-allocation gaps a policy finds). */
  noProject: number
  noTeam: number
  exemptFrom?: number
}

const PROFILES: Record<string, Profile> = {
  'foundation-models': {
    namespace: 'foundation-models',
    occupancy: 0.92,
    size: () => pick([8, 16, 16, 24, 32]),
    hours: () => between(12, 72),
    name: () => `atlas-pretrain-${pick(['7b', '13b', '34b', '70b'])}-run-${alnum(5)}`,
    noProject: 0.02,
    noTeam: 0,
    exemptFrom: 16,
  },
  assistant: {
    namespace: 'assistant',
    occupancy: 0.8,
    size: () => pick([2, 4, 4, 8]),
    hours: () => between(4, 36),
    name: () => `helix-chat-api-${pick(['llama-70b', 'llama-8b', 'mixtral'])}-${alnum(9)}-${alnum(5)}`,
    noProject: 0.04,
    noTeam: 0.01,
  },
  'search-ranking': {
    namespace: 'search-ranking',
    occupancy: 0.85,
    size: () => pick([4, 8, 8, 16]),
    hours: () => between(2, 8),
    name: () => `orca-${pick(['retrain', 'ctr-train', 'embed-refresh'])}-${alnum(6)}`,
    noProject: 0.06,
    noTeam: 0.03,
  },
  vision: {
    namespace: 'vision',
    occupancy: 0.7,
    size: () => pick([1, 1, 2, 4, 8]),
    hours: () => between(1, 10),
    name: () => `lumen-${pick(['notebook', 'detector-ft', 'sdxl-batch', 'segment', 'clip-eval'])}-${alnum(6)}`,
    noProject: 0.12,
    noTeam: 0.05,
  },
  'applied-research': {
    namespace: 'applied-research',
    occupancy: 0.6,
    size: () => pick([1, 2, 4, 8, 8]),
    hours: () => between(2, 12),
    name: () => `mi300x-eval-${pick(['vllm-bench', 'rocm-llama', 'mixtral-serve'])}-${alnum(6)}`,
    noProject: 0.15,
    noTeam: 0.08,
  },
}

interface Job {
  name: string
  pool: Pool
  start: number
  end: number
  gpus: number
  team: string
  project: string
  exempt: boolean
}

function simulate(pool: Pool): Job[] {
  const prof = PROFILES[pool.team]
  if (!prof) throw new Error(`no profile for team ${pool.team}`)
  const done: Job[] = []
  let active: Job[] = []
  for (let h = 0; h < 720; h++) {
    const capacity = pool.instances[h] as number * 8
    active = active.filter((j) => {
      if (j.end > h) return true
      done.push(j)
      return false
    })
    // The pool shrank (scale-down, spot reclaim): the newest jobs end now.
    let used = active.reduce((s, j) => s + j.gpus, 0)
    while (used > capacity && active.length) {
      const j = active.pop() as Job
      j.end = h
      used -= j.gpus
      if (j.end > j.start) done.push(j)
    }
    const target = Math.floor(capacity * prof.occupancy)
    for (let tries = 0; used < target && tries < 20; tries++) {
      const gpus = Math.min(prof.size(), capacity - used)
      if (gpus <= 0) break
      const j: Job = {
        name: prof.name(),
        pool,
        start: h,
        end: h + prof.hours(),
        gpus,
        team: rnd() < prof.noTeam ? '' : pool.team,
        project: rnd() < prof.noProject ? '' : pool.project,
        exempt: prof.exemptFrom !== undefined && gpus >= prof.exemptFrom && rnd() < 0.5,
      }
      active.push(j)
      used += gpus
    }
  }
  for (const j of active) {
    j.end = Math.min(j.end, 720)
    done.push(j)
  }
  return done
}

const iso = (h: number): string => new Date(Date.UTC(2024, 8, 1) + h * HOUR).toISOString().replace('.000Z', 'Z')
const q = (s: string): string => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

const jobs = readPools()
  .flatMap(simulate)
  .sort((a, b) => a.start - b.start || (a.name < b.name ? -1 : 1))
const rows = jobs.map((j) =>
  [j.name, PROFILES[j.pool.team]?.namespace ?? '', j.team, j.project, j.pool.modelType, iso(j.start), iso(j.end), String(j.gpus), j.pool.type, j.pool.resource, j.exempt ? 'true' : ''].map(q).join(','),
)
const text = `job,namespace,team,project,model_type,start,end,gpus,accelerator,node,exempt\n${rows.join('\n')}\n`
writeFileSync(OUT, text)
const gpuHours = jobs.reduce((s, j) => s + j.gpus * (j.end - j.start), 0)
process.stdout.write(
  `${OUT}: ${jobs.length} jobs, ${gpuHours} accelerator-hours, ${text.length} bytes, sha256 ${createHash('sha256').update(text).digest('hex')}\n`,
)
