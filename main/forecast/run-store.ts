import type { ForecastRun, ForecastRunStatus, ForecastRunSummary, ForecastSeriesResult, ForecastSpeed, ForecastTarget } from '../../shared/forecast-types'
import type { Db } from '../db/open'

export interface RunParams {
  targets: ForecastTarget[]
  horizon: number
  levels: number[]
  metric: string
  origins: number
  /** Absent in runs stored before speed presets existed (they ran every candidate afresh: 'best'). */
  speed?: ForecastSpeed
}

export function createRun(db: Db, params: RunParams, now: Date): number {
  const r = db.prepare(`INSERT INTO forecast_run (created_at, status, params_json) VALUES (?, 'running', ?)`).run(now.toISOString(), JSON.stringify(params))
  return Number(r.lastInsertRowid)
}

/** Writes every series of a finished run and its summary in one transaction. */
export function finishRun(db: Db, id: number, results: ForecastSeriesResult[], now: Date, durationMs: number): void {
  const insRes = db.prepare(
    `INSERT INTO forecast_result (run_id, series_key, target, label, unit, start_date, history_json, model, detail, mean_json, intervals_json,
       coverage_json, backtest_horizon, origins, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  )
  const insBt = db.prepare('INSERT INTO forecast_backtest (run_id, series_key, model, mase, smape) VALUES (?,?,?,?,?)')
  const chosen: number[] = []
  const snaive: number[] = []
  db.transaction(() => {
    for (const r of results) {
      insRes.run(id, r.key, r.target, r.label, r.unit, r.start, JSON.stringify(r.history), r.model, r.detail, JSON.stringify(r.mean),
        JSON.stringify(r.intervals), JSON.stringify(r.coverage), r.backtestHorizon, r.origins, r.note)
      for (const b of r.backtest) insBt.run(id, r.key, b.model, b.mase, b.smape)
      const c = r.backtest.find((b) => b.model === r.model)
      const s = r.backtest.find((b) => b.model === 'snaive')
      if (c && s && Number.isFinite(c.mase) && Number.isFinite(s.mase)) {
        chosen.push(c.mase)
        snaive.push(s.mase)
      }
    }
    const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null)
    db.prepare(`UPDATE forecast_run SET status = 'done', finished_at = ?, series_count = ?, duration_ms = ?, mean_mase = ?, mean_mase_snaive = ? WHERE id = ?`).run(
      now.toISOString(), results.length, Math.round(durationMs), mean(chosen), mean(snaive), id,
    )
  })()
}

export function failRun(db: Db, id: number, status: Exclude<ForecastRunStatus, 'running' | 'done'>, message: string, now: Date): void {
  db.prepare('UPDATE forecast_run SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, message, now.toISOString(), id)
}

interface RunRow {
  id: number
  created_at: string
  finished_at: string | null
  status: ForecastRunStatus
  params_json: string
  series_count: number
  duration_ms: number | null
  mean_mase: number | null
  mean_mase_snaive: number | null
  error: string | null
}

function summary(r: RunRow): ForecastRunSummary {
  const p = JSON.parse(r.params_json) as RunParams
  return {
    id: r.id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    status: r.status,
    targets: p.targets,
    horizon: p.horizon,
    levels: p.levels,
    metric: p.metric,
    speed: p.speed ?? 'best',
    seriesCount: r.series_count,
    durationMs: r.duration_ms,
    meanMase: r.mean_mase,
    meanMaseSnaive: r.mean_mase_snaive,
    error: r.error,
  }
}

export function listRuns(db: Db, limit: number): ForecastRunSummary[] {
  return (db.prepare('SELECT * FROM forecast_run ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(summary)
}

export function getRun(db: Db, id: number): ForecastRun | null {
  const row = db.prepare('SELECT * FROM forecast_run WHERE id = ?').get(id) as RunRow | undefined
  if (!row) return null
  const res = db.prepare('SELECT * FROM forecast_result WHERE run_id = ? ORDER BY rowid').all(id) as Record<string, string | number | null>[]
  const bts = db.prepare('SELECT series_key, model, mase, smape FROM forecast_backtest WHERE run_id = ? ORDER BY mase').all(id) as {
    series_key: string
    model: ForecastSeriesResult['model']
    mase: number
    smape: number
  }[]
  return {
    ...summary(row),
    series: res.map((r) => ({
      key: r.series_key as string,
      target: r.target as ForecastTarget,
      label: r.label as string,
      unit: r.unit as ForecastSeriesResult['unit'],
      start: r.start_date as string,
      history: JSON.parse(r.history_json as string) as number[],
      model: r.model as ForecastSeriesResult['model'],
      detail: r.detail as string,
      mean: JSON.parse(r.mean_json as string) as number[],
      intervals: JSON.parse(r.intervals_json as string) as ForecastSeriesResult['intervals'],
      backtest: bts.filter((b) => b.series_key === r.series_key).map((b) => ({ model: b.model, mase: b.mase, smape: b.smape })),
      backtestHorizon: r.backtest_horizon as number,
      origins: r.origins as number,
      coverage: JSON.parse(r.coverage_json as string) as ForecastSeriesResult['coverage'],
      note: (r.note as string | null) ?? null,
    })),
  }
}
