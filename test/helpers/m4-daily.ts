import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { KIT_DATA } from './tmp'

/** One M4 Hourly series (real, anonymised demand; research use), its hourly values summed per day (960 hours = 40 days). */
export function m4DailySeries(id: string): number[] {
  const line = readFileSync(join(KIT_DATA, 'm4-hourly', 'Hourly-train.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`"${id}",`))
  if (!line) throw new Error(`no series ${id}`)
  const values = line
    .split(',')
    .slice(1)
    .map((v) => v.replace(/"/g, ''))
    .filter((v) => v !== '')
    .map(Number)
  const days: number[] = []
  for (let d = 0; d + 24 <= values.length; d += 24) days.push(values.slice(d, d + 24).reduce((s, x) => s + x, 0))
  return days
}

/** Day `i` after 2024-01-01 (UTC), the first day dailyFocusRows bills. */
export const m4Day = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
