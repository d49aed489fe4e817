/**
 * A small quote-aware CSV reader (RFC 4180: quoted fields, "" escapes, CR/LF and newlines inside quotes),
 * so the tests compute expected figures independently of the app's own parser.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let inQuotes = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else inQuotes = false
      } else field += c
    } else if (c === '"') inQuotes = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (inQuotes) throw new Error('CSV ends inside a quoted field')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Sum of one numeric column; empty and NULL cells count as zero. */
export function sumColumn(rows: string[][], column: string): number {
  const [header, ...data] = rows
  const i = header?.indexOf(column) ?? -1
  if (i < 0) throw new Error(`no column ${column}`)
  let sum = 0
  for (const r of data) {
    const v = r[i]
    if (v === undefined || v === '' || v === 'NULL') continue
    const n = Number(v)
    if (!Number.isFinite(n)) throw new Error(`not a number in ${column}: ${v}`)
    sum += n
  }
  return sum
}

/** What the app shows for an amount in USD: "$794,402.13". */
export function usd(x: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    Math.round(x * 100) / 100,
  )
}
