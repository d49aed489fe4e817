/**
 * The Monte Carlo capacity engine: a time-stepped multi-server queue per pool (M/M/c-type with FIFO cohorts,
 * abandonment after a maximum wait, spot interruptions), driven by demand sample paths. Pure numeric code on
 * typed arrays: no catalog, no I/O; it runs in worker threads (main/worker/).
 *
 * Per step t of length dt hours, for each pool and each of its rows (a row = one demand stream routed to the pool):
 *   arrivals   a ~ Poisson(D_stream(t) · share · dt / meanJobHours)      jobs of one accelerator each
 *   spot       i ~ Binomial(busy, pInterrupt)  → interrupted jobs go back to the queue
 *   completion c ~ Binomial(busy, min(1, μ·dt)), μ = throughput(type, class) / meanJobHours (geometric service in
 *              steps whose mean is exactly 1/μ; exponential as dt → 0)
 *   abandon    queued work older than maxWait steps leaves (unmet demand)
 *   starts     free accelerators take queued jobs by the pool's policy (FIFO by arrival, priority, fair share)
 * Waits are measured exactly per job from FIFO arrival cohorts (a ring of per-step arrival counts).
 */
import { Rng } from './rng'
import { float64s, int32s } from '../math/typed-arrays'

export const POLICY_CODE = { fifo: 0, priority: 1, 'fair-share': 2 } as const

export interface CompiledPool {
  label: string
  count: number
  /** USD per accelerator-hour (cloud price, or on-prem capex + hosting): per accelerator in the pool, or per busy one with `perUse`. */
  usdPerAccelHour: number
  /** Billed per busy accelerator-hour (cloud on-demand / spot scaling with the work) instead of count × hours. */
  perUse?: boolean
  idleKw: number
  /** Extra kW of a busy accelerator over idle. */
  busyExtraKw: number
  pue: number
  gridKgPerKwh: number
  /** On-prem only: electricity billed by use. */
  electricityUsdPerKwh: number
  /** Probability per busy accelerator per step of a spot interruption. */
  interruptPerStep: number
}

export interface CompiledRow {
  pool: number
  stream: number
  /** Share of the stream's demand routed to this pool. */
  share: number
  /** Completion probability per busy job per step. */
  pDone: number
  priority: number
  weight: number
}

export interface CompiledStream {
  team: number
  base: number
  growthPctPerMonth: number
  meanJobHours: number
}

export interface CompiledModel {
  dt: number
  /** Measured steps (the horizon). */
  steps: number
  /**
   * Steps run before the horizon and not measured, so that work is already in flight when it starts (a replay
   * of a billed period: the bill's fleet was busy on its first hour). Demand paths cover warm-up + horizon.
   */
  warmupSteps?: number
  maxWaitSteps: number
  policy: 0 | 1 | 2
  pools: CompiledPool[]
  rows: CompiledRow[]
  streams: CompiledStream[]
  teams: string[]
  demand: {
    noiseSd: number
    /** AR(1) coefficient of the daily noise. */
    phi: number
    growthSdPct: number
    diurnalAmplitude: number
    weekendDip: number
    /** Explicit sample paths (paths × streams × steps of stepHours); replace the generated demand. */
    paths?: { stepHours: number; values: number[][][] }
  }
  seed: number
  fairnessFloor: number
}

/** Per-path KPI slots (then one served share per team). */
export const K = {
  cost: 0,
  util: 1,
  waitP50: 2,
  waitP95: 3,
  meanWait: 4,
  unmetFraction: 5,
  unmetWork: 6,
  interruptions: 7,
  carbonT: 8,
  jain: 9,
  deserts: 10,
} as const
export const K_COUNT = 11

export interface ChunkResult {
  pathStart: number
  pathEnd: number
  width: number
  /** (pathEnd − pathStart) × width values: K_COUNT KPIs then one served share per team. */
  perPath: Float64Array
  weeks: number
  /** Sums over paths per week: busy accelerator-steps, capacity accelerator-steps, unmet work, demand work, queued job-steps. */
  weekly: Float64Array
  /** Sums over paths per pool: busy accelerator-steps, cost USD, carbon t. */
  poolSums: Float64Array
  /** Sums over paths: queue area (job-steps), arrivals (jobs), total waits (job-steps, incl. jobs still queued at the end). */
  littles: { queueArea: number; arrivals: number; waitSum: number; steps: number }
}

/** Weekly shape (168 hours, mean 1): a daily cycle peaking mid-afternoon and a weekend dip. */
export function weekProfile(diurnal: number, weekendDip: number): Float64Array {
  const w = new Float64Array(168)
  let s = 0
  for (let h = 0; h < 168; h++) {
    const hod = h % 24
    const dow = Math.floor(h / 24)
    const v = (1 + diurnal * Math.sin((2 * Math.PI * (hod - 9)) / 24)) * (dow >= 5 ? 1 - weekendDip : 1)
    w[h] = v
    s += v
  }
  for (let h = 0; h < 168; h++) w[h] = (w[h]! * 168) / s
  return w
}

/** The q-quantile of a histogram of whole-step waits (the smallest bin whose cumulative count reaches q·total). */
export function percentileFromHist(hist: ArrayLike<number>, total: number, q: number): number {
  if (total <= 0) return 0
  const target = q * total
  let cum = 0
  for (let i = 0; i < hist.length; i++) {
    cum += hist[i]!
    if (cum >= target - 1e-9) return i
  }
  return hist.length - 1
}

interface QueueState {
  ring: Float64Array
  head: Float64Array
  headRem: Float64Array
  q: Float64Array
  busy: Float64Array
  hist: Float64Array
  pc: Float64Array
  RING: number
  W: number
}

/** Moves a row's head to its next non-empty arrival cohort at or before step t. */
function advance(s: QueueState, r: number, t: number): void {
  let h = s.head[r]!
  let rem = 0
  while (rem === 0 && h < t) {
    h++
    rem = s.ring[r * s.RING + (h % s.RING)]!
  }
  s.head[r] = h
  s.headRem[r] = rem
}

/** Starts up to k queued jobs of row r in arrival order, recording each one's wait; returns how many started. */
function take(s: QueueState, r: number, k: number, t: number): number {
  const n = k
  while (k > 0) {
    const m = Math.min(k, s.headRem[r]!)
    const w = t - s.head[r]!
    s.hist[w < s.W ? w : s.W]! += m
    s.pc[0]! += m
    s.pc[1]! += m * w
    s.pc[2]! += m * w
    s.headRem[r]! -= m
    s.q[r]! -= m
    k -= m
    if (s.headRem[r] === 0) {
      if (s.q[r]! > 0) advance(s, r, t)
      else break
    }
  }
  s.busy[r]! += n - k
  return n - k
}

interface Sim {
  m: CompiledModel
  dt: number
  S: number
  sd: number
  phi: number
  innov: number
  noise: Float64Array
  growth: Float64Array
  dayLevel: Float64Array
  profile: Float64Array
  explicit: { stepHours: number; values: number[][][] } | null
  dcur: Float64Array
  RING: number
  P: number
  rowStart: Int32Array
  interrupt: Float64Array
  rowOrder: Int32Array
  ring: Float64Array
  lamFactor: Float64Array
  rowStream: Int32Array
  rowWork: Float64Array
  teamDemand: Float64Array
  rowTeam: Int32Array
  q: Float64Array
  head: Float64Array
  headRem: Float64Array
  busy: Float64Array
  pDone: Float64Array
  W: number
  teamUnmet: Float64Array
  pc: Float64Array
  st8: QueueState
  poolCount: Float64Array
  rowWeight: Float64Array
  poolBusy: Float64Array
  poolKwh: Float64Array
  idleKw: Float64Array
  busyExtraKw: Float64Array
  totalCap: number
  weekly: Float64Array
  stepsPerDay: number
  /** Warm-up steps: not counted in the weekly series. */
  warm: number
  /** Per-path counters: spot interruptions, queue area (job-steps), arrivals (jobs). */
  cnt: Float64Array
}

/**
 * One time step of every pool. Kept as its own small function (called steps × paths times) so V8 optimizes it
 * early and keeps it optimized; one giant loop relied on on-stack replacement and ran ~4× slower in some worker
 * threads.
 */
function stepAll(s: Sim, rng: Rng, ex: number[][] | null, t: number): void {
  const { m, dt, S, sd, phi, innov, noise, growth, dayLevel, profile, explicit, dcur, RING, P, rowStart, interrupt, rowOrder, ring } = s
  const { lamFactor, rowStream, rowWork, teamDemand, rowTeam, q, head, headRem, busy, pDone, W, teamUnmet, pc, st8, poolCount } = s
  const { rowWeight, poolBusy, poolKwh, idleKw, busyExtraKw, totalCap, weekly, stepsPerDay, cnt, warm } = s
  let interruptions = 0
  let queueArea = 0
  let arrivals = 0
  const hours = t * dt
  if (t % stepsPerDay === 0) {
    for (let s = 0; s < S; s++) {
      if (sd > 0) noise[s] = phi * noise[s]! + innov * rng.normal()
      dayLevel[s] = m.streams[s]!.base * Math.exp(growth[s]! * hours + noise[s]! - (sd * sd) / 2)
    }
  }
  const prof = profile[Math.floor(hours) % 168]!
  if (ex) {
    const k = Math.floor(hours / explicit!.stepHours)
    for (let s = 0; s < S; s++) {
      const series = ex[s] ?? []
      const v = series[Math.min(k, series.length - 1)] ?? 0
      dcur[s] = explicit!.stepHours >= 24 ? v * prof : v
    }
  } else for (let s = 0; s < S; s++) dcur[s] = dayLevel[s]! * prof

  const slot = t % RING
  const week = Math.floor(((t - warm) * dt) / 168)
  let weekBusy = 0
  let weekUnmet = 0
  let weekDemand = 0
  let weekQueued = 0
  for (let p = 0; p < P; p++) {
    const r0 = rowStart[p]!
    const r1 = rowStart[p + 1]!
    let busyTotal = 0
    const pI = interrupt[p]!
    for (let j = r0; j < r1; j++) {
      const r = rowOrder[j]!
      const base = r * RING
      ring[base + slot] = 0
      // Arrivals (new demand).
      const a = rng.poisson(dcur[rowStream[r]!]! * lamFactor[r]!)
      if (a > 0) {
        const w = a * rowWork[r]!
        teamDemand[rowTeam[r]!]! += w
        weekDemand += w
        arrivals += a
      }
      let b = busy[r]!
      // Spot interruptions: the job goes back to the queue (its work restarts).
      let requeued = 0
      if (pI > 0 && b > 0) {
        requeued = rng.binomial(b, pI)
        b -= requeued
        interruptions += requeued
        arrivals += requeued
      }
      // New and interrupted jobs join the queue as one cohort of this step (the same as joining one after the
      // other: the second would land on the cohort the first opened).
      const joined = a + requeued
      if (joined > 0) {
        if (q[r] === 0) {
          head[r] = t
          headRem[r] = joined
        } else if (head[r] === t) headRem[r]! += joined
        else ring[base + slot]! += joined
        q[r]! += joined
      }
      if (b > 0) b -= rng.binomial(b, pDone[r]!)
      busy[r] = b
      // Abandonment: cohorts that have waited maxWait steps leave, unmet.
      while (q[r]! > 0 && t - head[r]! >= W) {
        const n = headRem[r]!
        const w = n * rowWork[r]!
        teamUnmet[rowTeam[r]!]! += w
        weekUnmet += w
        pc[2]! += n * (t - head[r]!)
        q[r]! -= n
        headRem[r] = 0
        if (q[r]! > 0) advance(st8, r, t)
      }
      busyTotal += b
    }
    // Starts.
    let free = poolCount[p]! - busyTotal
    if (free > 0) {
      if (r1 - r0 === 1) {
        const r = rowOrder[r0]!
        if (q[r]! > 0) free -= take(st8, r, Math.min(free, q[r]!), t)
      } else if (m.policy === 0) {
        // FIFO across rows: always the oldest cohort first.
        while (free > 0) {
          let best = -1
          let bestHead = Infinity
          for (let j = r0; j < r1; j++) {
            const r = rowOrder[j]!
            if (q[r]! > 0 && head[r]! < bestHead) {
              bestHead = head[r]!
              best = r
            }
          }
          if (best < 0) break
          free -= take(st8, best, Math.min(free, headRem[best]!), t)
        }
      } else if (m.policy === 1) {
        for (let j = r0; j < r1 && free > 0; j++) {
          const r = rowOrder[j]!
          if (q[r]! > 0) free -= take(st8, r, Math.min(free, q[r]!), t)
        }
      } else {
        // Fair share: the row with the lowest busy/weight gets the next chunk (water-filling).
        while (free > 0) {
          let best = -1
          let bestRatio = Infinity
          let active = 0
          for (let j = r0; j < r1; j++) {
            const r = rowOrder[j]!
            if (q[r]! <= 0) continue
            active++
            const ratio = busy[r]! / rowWeight[r]!
            if (ratio < bestRatio) {
              bestRatio = ratio
              best = r
            }
          }
          if (best < 0) break
          const chunk = Math.max(1, Math.floor(free / (active * 2)))
          free -= take(st8, best, Math.min(free, q[best]!, chunk), t)
        }
      }
    }
    let pb = 0
    for (let j = r0; j < r1; j++) {
      const r = rowOrder[j]!
      pb += busy[r]!
      queueArea += q[r]!
      weekQueued += q[r]!
    }
    poolBusy[p]! += pb
    weekBusy += pb
    poolKwh[p]! += (poolCount[p]! * idleKw[p]! + pb * busyExtraKw[p]!) * dt
  }
  const wb = week * 5
  if (t < warm) return
  weekly[wb]! += weekBusy
  weekly[wb + 1]! += totalCap
  weekly[wb + 2]! += weekUnmet
  weekly[wb + 3]! += weekDemand
  weekly[wb + 4]! += weekQueued
  cnt[0]! += interruptions
  cnt[1]! += queueArea
  cnt[2]! += arrivals
}

export function simulateChunk(m: CompiledModel, pathStart: number, pathEnd: number, onPath?: (done: number) => void): ChunkResult {
  const P = m.pools.length
  const Rn = m.rows.length
  const S = m.streams.length
  const T = m.teams.length
  const W = Math.max(1, m.maxWaitSteps)
  const RING = W + 2
  const dt = m.dt
  const steps = m.steps
  const warm = Math.max(0, Math.round(m.warmupSteps ?? 0))
  const allSteps = warm + steps
  const nPaths = pathEnd - pathStart
  const width = K_COUNT + T
  const perPath = new Float64Array(nPaths * width)
  const weeks = Math.max(1, Math.ceil((steps * dt) / 168))
  const weekly = new Float64Array(weeks * 5)
  const poolSums = new Float64Array(P * 3)
  const littles = { queueArea: 0, arrivals: 0, waitSum: 0, steps }

  // Rows grouped by pool; priority order inside each pool (stable).
  const rowStart = new Int32Array(P + 1)
  const order: number[] = []
  for (let p = 0; p < P; p++) {
    rowStart[p] = order.length
    const rs = m.rows.map((r, i) => ({ r, i })).filter((x) => x.r.pool === p)
    rs.sort((a, b) => b.r.priority - a.r.priority)
    for (const x of rs) order.push(x.i)
  }
  rowStart[P] = order.length
  const rowOrder = Int32Array.from(order)

  // Row constants.
  const [lamFactor, pDone, rowWork, rowWeight] = float64s(Rn, Rn, Rn, Rn)
  const [rowStream, rowTeam, rowPool] = int32s(Rn, Rn, Rn)
  for (let r = 0; r < Rn; r++) {
    const row = m.rows[r]!
    const st = m.streams[row.stream]!
    lamFactor[r] = (row.share * dt) / st.meanJobHours
    pDone[r] = row.pDone
    rowStream[r] = row.stream
    rowTeam[r] = st.team
    rowWork[r] = st.meanJobHours
    rowWeight[r] = row.weight > 0 ? row.weight : 1
    rowPool[r] = row.pool
  }
  const poolCount = new Float64Array(P)
  const interrupt = new Float64Array(P)
  for (let p = 0; p < P; p++) {
    poolCount[p] = m.pools[p]!.count
    interrupt[p] = m.pools[p]!.interruptPerStep
  }
  const totalCap = poolCount.reduce((s, c) => s + c, 0)

  // Row state.
  const ring = new Float64Array(Rn * RING)
  const head = new Float64Array(Rn)
  const headRem = new Float64Array(Rn)
  const q = new Float64Array(Rn)
  const busy = new Float64Array(Rn)
  const hist = new Float64Array(W + 1)
  /** started jobs, their waits (steps), waits of every job that left the queue (steps). */
  const pc = new Float64Array(3)
  const st8: QueueState = { ring, head, headRem, q, busy, hist, pc, RING, W }

  const profile = weekProfile(m.demand.diurnalAmplitude, m.demand.weekendDip)
  const dem = m.demand
  const explicit = dem.paths && dem.paths.values.length > 0 ? dem.paths : null
  const noise = new Float64Array(S)
  const growth = new Float64Array(S)
  const dayLevel = new Float64Array(S)
  const dcur = new Float64Array(S)
  const stepsPerDay = Math.max(1, Math.round(24 / dt))
  const sd = dem.noiseSd
  const phi = dem.phi
  const innov = sd * Math.sqrt(1 - phi * phi)

  // Per-path accumulators.
  const teamDemand = new Float64Array(T)
  const teamUnmet = new Float64Array(T)
  const teamQueuedEnd = new Float64Array(T)
  const poolBusy = new Float64Array(P)
  const poolKwh = new Float64Array(P)
  const idleKw = Float64Array.from(m.pools, (p) => p.idleKw)
  const busyExtraKw = Float64Array.from(m.pools, (p) => p.busyExtraKw)
  const cnt = new Float64Array(3)
  const sim: Sim = {
    m, dt, S, sd, phi, innov, noise, growth, dayLevel, profile, explicit, dcur, RING, P, rowStart, interrupt, rowOrder, ring,
    lamFactor, rowStream, rowWork, teamDemand, rowTeam, q, head, headRem, busy, pDone, W, teamUnmet, pc, st8, poolCount,
    rowWeight, poolBusy, poolKwh, idleKw, busyExtraKw, totalCap, weekly, stepsPerDay, cnt, warm,
  }

  for (let path = pathStart; path < pathEnd; path++) {
    const rng = new Rng(m.seed, path)
    ring.fill(0)
    head.fill(0)
    headRem.fill(0)
    q.fill(0)
    busy.fill(0)
    hist.fill(0)
    teamDemand.fill(0)
    teamUnmet.fill(0)
    teamQueuedEnd.fill(0)
    poolBusy.fill(0)
    poolKwh.fill(0)
    pc.fill(0)
    cnt.fill(0)
    for (let s = 0; s < S; s++) {
      const st = m.streams[s]!
      // Uncertain growth: each path draws its own monthly rate.
      const g = (st.growthPctPerMonth + dem.growthSdPct * rng.normal()) / 100
      growth[s] = Math.log(Math.max(0.01, 1 + g)) / 730
      noise[s] = sd > 0 ? sd * rng.normal() : 0
    }
    const ex = explicit ? explicit.values[path % explicit.values.length]! : null

    for (let t = 0; t < allSteps; t++) {
      if (t === warm && warm > 0) {
        // The horizon starts: what the warm-up did is not measured, the queues and busy accelerators carry on.
        for (const a of [hist, teamDemand, teamUnmet, poolBusy, poolKwh, pc, cnt]) a.fill(0)
      }
      stepAll(sim, rng, ex, t)
    }

    // Jobs still queued at the horizon: their waits so far count for Little's law, their work is neither met nor unmet.
    for (let r = 0; r < Rn; r++) {
      if (q[r]! <= 0) continue
      teamQueuedEnd[rowTeam[r]!]! += q[r]! * rowWork[r]!
      let h = head[r]!
      pc[2]! += headRem[r]! * (allSteps - Math.max(h, warm))
      for (h = h + 1; h < allSteps; h++) pc[2]! += ring[r * RING + (h % RING)]! * (allSteps - Math.max(h, warm))
    }

    // KPIs of the path.
    const o = (path - pathStart) * width
    let cost = 0
    let carbonKg = 0
    let busyAll = 0
    for (let p = 0; p < P; p++) {
      const pool = m.pools[p]!
      const kwh = poolKwh[p]! * pool.pue
      const paidHours = pool.perUse ? poolBusy[p]! * dt : pool.count * steps * dt
      const c = paidHours * pool.usdPerAccelHour + kwh * pool.electricityUsdPerKwh
      const kg = kwh * pool.gridKgPerKwh
      cost += c
      carbonKg += kg
      busyAll += poolBusy[p]!
      poolSums[p * 3]! += poolBusy[p]!
      poolSums[p * 3 + 1]! += c
      poolSums[p * 3 + 2]! += kg / 1000
    }
    let demandAll = 0, unmetAll = 0, sx = 0, sxx = 0, n = 0, deserts = 0
    for (let k = 0; k < T; k++) {
      demandAll += teamDemand[k]!
      unmetAll += teamUnmet[k]!
      let x = 1
      if (teamDemand[k]! > 0) {
        x = Math.max(0, (teamDemand[k]! - teamUnmet[k]! - teamQueuedEnd[k]!) / teamDemand[k]!)
        sx += x
        sxx += x * x
        n++
        if (x < m.fairnessFloor) deserts++
      }
      perPath[o + K_COUNT + k] = x
    }
    perPath[o + K.cost] = cost
    perPath[o + K.util] = totalCap > 0 ? busyAll / (totalCap * steps) : 0
    perPath[o + K.waitP50] = percentileFromHist(hist, pc[0]!, 0.5) * dt
    perPath[o + K.waitP95] = percentileFromHist(hist, pc[0]!, 0.95) * dt
    perPath[o + K.meanWait] = pc[0]! > 0 ? (pc[1]! / pc[0]!) * dt : 0
    perPath[o + K.unmetFraction] = demandAll > 0 ? unmetAll / demandAll : 0
    perPath[o + K.unmetWork] = unmetAll
    perPath[o + K.interruptions] = cnt[0]!
    perPath[o + K.carbonT] = carbonKg / 1000
    perPath[o + K.jain] = n > 0 && sxx > 0 ? (sx * sx) / (n * sxx) : 1
    perPath[o + K.deserts] = deserts
    littles.queueArea += cnt[1]!
    littles.arrivals += cnt[2]!
    littles.waitSum += pc[2]!
    onPath?.(path - pathStart + 1)

  }
  return { pathStart, pathEnd, width, perPath, weeks, weekly, poolSums, littles }
}
