/** FOCUS 1.0 / 1.1 / 1.2 files (CSV, CSV.gz or Parquet): columns map one to one; unknown columns go to x_extra. */
import { ApiError } from '../../../shared/errors'
import { FOCUS_COLUMNS, type FocusVersion } from '../../../shared/focus-columns'
import { FOCUS_INDEX, jsonSafe, type BillingSink, type Cell } from './billing-sink'
import type { FormatModule, RowMapper } from './billing-formats'

const MANDATORY_10 = FOCUS_COLUMNS.filter((c) => c.level === 'Mandatory' && c.since === '1.0').map((c) => c.id)

/** The newest version whose columns appear: any 1.2-only column makes a 1.2 file, any 1.1-only a 1.1. */
export function detectFocusVersion(header: readonly string[]): FocusVersion {
  const has = new Set(header)
  if (FOCUS_COLUMNS.some((c) => c.since === '1.2' && has.has(c.id))) return '1.2'
  if (FOCUS_COLUMNS.some((c) => c.since === '1.1' && has.has(c.id))) return '1.1'
  return '1.0'
}

export const focusFormat: FormatModule = {
  family: 'focus',
  detect: (header) => header.includes('BilledCost') && header.includes('ChargePeriodStart'),
  mapper(header, fileName): RowMapper {
    const missing = MANDATORY_10.filter((id) => !header.includes(id))
    if (missing.length > 0) {
      throw new ApiError({
        code: 'bad-file',
        // The columns are listed once, in the message; the located problem says where.
        message: `${fileName}: line 1: not a FOCUS file: missing mandatory column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Nothing was imported.`,
        problems: [{ file: fileName, line: 1, message: `the header lacks ${missing.length} mandatory FOCUS column${missing.length > 1 ? 's' : ''}` }],
      })
    }
    const seen = new Set<string>()
    for (const h of header) {
      if (seen.has(h)) {
        throw new ApiError({
          code: 'bad-file',
          message: `${fileName}: line 1, column ${h}: column appears twice in the header. Nothing was imported.`,
          problems: [{ file: fileName, line: 1, column: h, message: 'column appears twice in the header' }],
        })
      }
      seen.add(h)
    }
    const target = header.map((h) => FOCUS_INDEX.get(h) ?? -1)
    const extras = header.map((h, i) => ((target[i] as number) < 0 ? JSON.stringify(h) : null))
    const present = target.filter((t) => t >= 0)
    const n = header.length
    const version = detectFocusVersion(header)
    const fieldOf = new Int32Array(FOCUS_COLUMNS.length).fill(-1)
    target.forEach((t, i) => {
      if (t >= 0) fieldOf[t] = i
    })
    return {
      fieldOf,
      family: 'focus',
      label: `focus-${version}`,
      version,
      present,
      map(row: readonly Cell[], sink: BillingSink) {
        const cells = sink.cells
        let extra: string | null = null
        for (let i = 0; i < n; i++) {
          const t = target[i] as number
          const v = row[i]
          if (t >= 0) cells[t] = v
          else {
            // Unknown (x_ and other) columns: kept verbatim as one JSON object, built as text directly.
            // (A string needs no replacer: JSON.stringify's native path is several times faster without one.)
            const part = `${extras[i]}:${v === null || v === undefined ? 'null' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, jsonSafe)}`
            extra = extra === null ? part : `${extra},${part}`
          }
        }
        sink.extraJson = extra === null ? null : `{${extra}}`
      },
    }
  },
}
