/**
 * Billing fixtures built in the test run from the real samples (nothing binary is committed): rows are read
 * with Python's csv module (independent of Fleetplan's parser), Parquet is written with hyparquet-writer.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parquetWriteBuffer } from 'hyparquet-writer'
import type { ColumnSource } from 'hyparquet-writer'
import { KIT_DATA } from './tmp'

export const RAW = `${KIT_DATA}/focus/provider-raw-exports`
export const AWS_CUR_LEGACY = `${RAW}/aws-cur-legacy-sample.csv`
export const AZURE_EA = `${RAW}/azure-ea-actualcost-sample.csv`
export const OCI_COST = `${RAW}/oci-cost-report-sample.csv`

/** Header and rows of a CSV as Python's csv module reads them (values as text, '' for empty). */
export function pythonCsvRows(file: string): { header: string[]; rows: string[][] } {
  const script = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    r = list(csv.reader(f))
print(json.dumps({"header": r[0], "rows": r[1:]}))
`
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { header: string[]; rows: string[][] }
}

/** A CSV file written from header + rows with Python's csv writer (quotes where needed, or everywhere). */
export function pythonWriteCsv(file: string, header: string[], rows: (string | null)[][], quoting: 'minimal' | 'all' = 'minimal'): void {
  const script = `
import csv, json, sys
d = json.load(sys.stdin)
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\\n', quoting=csv.QUOTE_ALL if sys.argv[2] == 'all' else csv.QUOTE_MINIMAL)
    w.writerow(d["header"])
    for r in d["rows"]:
        w.writerow(['' if v is None else v for v in r])
`
  execFileSync('python3', ['-c', script, file, quoting], { input: JSON.stringify({ header, rows }), maxBuffer: 1 << 28 })
}

export function gzipFile(src: string, dest: string, cut?: number): void {
  const gz = gzipSync(execFileSync('cat', [src]))
  writeFileSync(dest, cut ? gz.subarray(0, cut) : gz)
}

export type ParquetKind = 'DOUBLE' | 'STRING' | 'INT64' | 'JSON'

/**
 * Writes a Parquet file: each column's text values converted to its kind ('' and 'NULL' become null);
 * INT64 columns get BigInt values (as real Parquet INT64 columns arrive).
 */
export function writeParquet(file: string, header: string[], rows: string[][], kinds: Record<string, ParquetKind>, rowGroupSize = 300): void {
  const columnData: ColumnSource[] = header.map((name, i) => {
    const kind = kinds[name] ?? 'STRING'
    const data = rows.map((r) => {
      const v = r[i] ?? ''
      if (v === '' || v === 'NULL') return null
      if (kind === 'DOUBLE') return Number(v)
      if (kind === 'INT64') return BigInt(v)
      if (kind === 'JSON') return JSON.parse(v) as unknown
      return v
    })
    return { name, data, type: kind === 'JSON' ? 'JSON' : kind, nullable: true }
  })
  writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize })))
}
