import { describe, expect, it } from 'vitest'
import { BatchBuilder, DICT, NUM, STR, forEachRow, type RowBatch } from '../../main/ingest/billing/billing-batch'
import { VERBATIM } from '../../main/ingest/source/csv-reader'

/** Encodes rows with a builder of `size` rows per batch and decodes every batch back, in order. */
function roundTrip(kinds: number[], rows: unknown[][], size: number, verbatim?: { chunk: string; start: number[][]; end: number[][] }): unknown[][] {
  const k = Uint8Array.from(kinds)
  const b = new BatchBuilder(k, size)
  const batches: RowBatch[] = []
  const vs = new Int32Array(kinds.length + 1)
  const ve = new Int32Array(kinds.length + 1)
  if (verbatim) b.chunk = verbatim.chunk
  rows.forEach((row, r) => {
    for (let c = 0; c < kinds.length; c++) {
      vs[c + 1] = verbatim?.start[r]?.[c] ?? 0
      ve[c + 1] = verbatim?.end[r]?.[c] ?? 0
    }
    if (b.add([null, ...row], 1, vs, ve)) batches.push(b.take())
  })
  if (b.size > 0) batches.push(b.take())
  const out: unknown[][] = []
  const dict: string[] = []
  const params = new Array<unknown>(kinds.length + 1).fill('stale')
  for (const batch of batches) {
    // What a worker thread receives: a structured clone.
    forEachRow(structuredClone(batch), k, dict, params, 1, (p) => out.push(p.slice(1)))
  }
  return out
}

describe('billing row batches (parser thread → writer thread)', () => {
  it('carry numbers, NULLs, strings and dictionary strings back unchanged across batch boundaries', () => {
    const kinds = [NUM, STR, DICT, NUM, STR]
    const rows: unknown[][] = []
    for (let i = 0; i < 23; i++) {
      rows.push([i * 0.1, i % 4 === 0 ? null : `text ${i} "q", 😀`, i % 5 === 0 ? null : `2024-09-0${i % 3}T00:00:00Z`, i % 6 === 0 ? null : -i, 'x'.repeat(i * 50)])
    }
    // 'x'.repeat(0) is '' which the importer never sends (empty cells are NULL): keep it non-empty.
    rows[0]![4] = 'y'
    expect(roundTrip(kinds, rows, 5)).toEqual(rows)
  })

  it('cuts VERBATIM values out of the chunk they point into', () => {
    const chunk = 'abc,"de,f",ghi\n'
    const rows = [
      [VERBATIM, 1, VERBATIM],
      [VERBATIM, 2, null],
    ]
    const start = [
      [0, 0, 11],
      [5, 0, 0],
    ]
    const end = [
      [3, 0, 14],
      [9, 0, 0],
    ]
    expect(roundTrip([STR, NUM, STR], rows, 10, { chunk, start, end })).toEqual([
      ['abc', 1, 'ghi'],
      ['de,f', 2, null],
    ])
  })

  it('sends a repeated dictionary value once', () => {
    const b = new BatchBuilder(Uint8Array.from([DICT]), 100)
    for (let i = 0; i < 50; i++) b.add([null, i % 2 ? 'odd' : 'even'], 1)
    const batch = b.take()
    expect(batch.dict).toEqual(['even', 'odd'])
    expect(batch.text).toBe('')
    b.add([null, 'odd'], 1)
    b.add([null, 'new'], 1)
    expect(b.take().dict).toEqual(['new'])
  })
})
