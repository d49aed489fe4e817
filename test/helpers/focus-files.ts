import { createWriteStream, readFileSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { FOCUS_SAMPLE } from './tmp'

/** The real sample's header line and data lines (the sample has no line breaks inside fields). */
export function sampleLines(): { header: string; rows: string[] } {
  const lines = readFileSync(FOCUS_SAMPLE, 'utf8').split('\n').filter((l) => l.length > 0)
  return { header: lines[0] ?? '', rows: lines.slice(1) }
}

/** A variant of the sample with one cell of one row replaced; returns the file's 1-based line of that row. */
export function writeWithCell(file: string, rowIndex: number, column: string, value: string): number {
  const { header, rows } = sampleLines()
  const cols = header.split(',').map((c) => c.replace(/"/g, ''))
  const idx = cols.indexOf(column)
  if (idx < 0) throw new Error(`no column ${column}`)
  const row = rows[rowIndex] ?? ''
  // Fields before the target are simple in the sample's first columns; split with a quote-aware regex.
  const fields = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((f) => f.replace(/,$/, '')) ?? []
  fields[idx] = value
  const out = [header, ...rows.slice(0, rowIndex), fields.slice(0, cols.length).join(','), ...rows.slice(rowIndex + 1)]
  writeFileSync(file, `${out.join('\n')}\n`)
  return rowIndex + 2
}

/**
 * A large FOCUS file made from the real sample's rows, repeated (for cancel / crash tests and benchmarks).
 * Each repetition changes nothing but the Id column, which is not a FOCUS column.
 */
export async function writeLargeFocus(file: string, rowsWanted: number): Promise<void> {
  const { header, rows } = sampleLines()
  const out = createWriteStream(file)
  out.write(`${header}\n`)
  let written = 0
  while (written < rowsWanted) {
    for (const r of rows) {
      if (written >= rowsWanted) break
      if (!out.write(`${r}\n`)) await once(out, 'drain')
      written++
    }
  }
  out.end()
  await once(out, 'finish')
}
