import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readDemandCsv } from '../../main/backtest/demand-csv'
import { ApiError } from '../../shared/errors'
import { tempDir } from '../helpers/tmp'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

function file(text: string | Buffer, name = 'demand.csv'): string {
  const d = tempDir()
  cleanup = d.cleanup
  const p = join(d.dir, name)
  writeFileSync(p, text)
  return p
}

function problemsOf(text: string | Buffer): { message: string; problems: { file: string; line?: number; column?: string; message: string }[] } {
  try {
    readDemandCsv(file(text), 'demand.csv')
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.code).toBe('bad-file')
    return { message: e.message, problems: e.problems ?? [] }
  }
  throw new Error('no error')
}

describe('demand CSV for backtests', () => {
  it('reads the wide layout with hour numbers', () => {
    const h = readDemandCsv(file('hour,H100,A800-SXM4-80GB\n0,3,1.5\n1,4,0\n2,5,2\n'), 'demand.csv')
    expect(h.types).toEqual(['H100', 'A800-SXM4-80GB'])
    expect(h.values).toEqual([
      [3, 4, 5],
      [1.5, 0, 2],
    ])
    expect(h.start).toBeNull()
    expect(h.layout).toBe('wide')
  })

  it('reads ISO timestamps in any order, fills a missing hour with 0 and says so', () => {
    const h = readDemandCsv(file('timestamp,H100\n2024-09-01T02:00:00Z,7\n2024-09-01 00:00:00,5\n2024-09-01T03:00:00+00:00,8\n'), 'demand.csv')
    expect(h.start).toBe(Date.parse('2024-09-01T00:00:00Z'))
    expect(h.values[0]).toEqual([5, 0, 7, 8])
    expect(h.notes.join(' ')).toMatch(/1 of 4 hours have no row in demand\.csv; counted as 0/)
  })

  it('reads the long layout timestamp,accelerator,busy; a type absent in an hour is 0 there', () => {
    const h = readDemandCsv(file('timestamp,accelerator,busy\n2024-09-01T01:00:00Z,H100,4\n2024-09-01T00:00:00Z,H100,3\n2024-09-01T01:00:00Z,MI300X,2\n'), 'demand.csv')
    expect(h.layout).toBe('long')
    expect(h.types).toEqual(['H100', 'MI300X'])
    expect(h.values).toEqual([
      [3, 4],
      [0, 2],
    ])
  })

  it('names file, line and column of each bad cell (up to five), and loses nothing else', () => {
    const e = problemsOf('hour,H100,L40S\n0,3,1\n1,abc,1\n2,4,-2\n3,4\n4,,1\n5,1,1\n6,x,x\n')
    expect(e.problems).toEqual([
      { file: 'demand.csv', line: 3, column: 'H100', message: '"abc" is not a number' },
      { file: 'demand.csv', line: 4, column: 'L40S', message: '-2 is negative: busy accelerators cannot be below 0' },
      { file: 'demand.csv', line: 5, column: '3', message: '2 fields, the header has 3' },
      { file: 'demand.csv', line: 6, column: 'H100', message: 'empty: every hour needs a value (write 0 for none)' },
      { file: 'demand.csv', line: 8, column: 'H100', message: '"x" is not a number' },
    ])
    expect(e.message).toMatch(/^demand\.csv, line 3, column H100: "abc" is not a number \(4 more problems listed\)\. Nothing was run\.$/)
  })

  it('refuses times off the hour, repeated hours, mixed hour numbers and dates', () => {
    expect(problemsOf('timestamp,H100\n2024-09-01T00:00:00Z,1\n2024-09-01T00:30:00Z,1\n').problems[0]).toMatchObject({
      line: 3,
      column: 'timestamp',
      message: expect.stringMatching(/not on the hour: aggregate the demand to hourly values first/) as unknown,
    })
    expect(problemsOf('timestamp,accelerator,busy\n2024-09-01T00:00:00Z,H100,1\n2024-09-01T00:00:00Z,H100,2\n').problems[0]).toEqual({
      file: 'demand.csv',
      line: 3,
      column: 'busy',
      message: 'hour 2024-09-01T00:00:00Z of H100 already given on line 2',
    })
    expect(problemsOf('hour,H100\n0,1\n2024-09-01,1\n').problems[0]).toMatchObject({ line: 3, column: 'hour', message: '"2024-09-01" mixes hour numbers and dates' })
    expect(problemsOf('hour,H100\n0,1\nnoon,1\n').problems[0]).toMatchObject({ line: 3, column: 'hour' })
  })

  it('refuses a file without a time column, a repeated column, UTF-16 and broken quoting', () => {
    expect(problemsOf('when,H100\n0,1\n').message).toMatch(/line 1: no time column\. Name it "hour" or "timestamp"/)
    expect(problemsOf('hour,H100,H100\n0,1,2\n').problems[0]).toEqual({ file: 'demand.csv', line: 1, column: 'H100', message: 'column "H100" appears twice' })
    expect(problemsOf(Buffer.from('\ufeffhour,H100\n0,1\n', 'utf16le')).message).toMatch(/UTF-16/)
    expect(problemsOf('hour,H100\n0,"1\n').problems[0]).toMatchObject({ file: 'demand.csv', line: 2 })
    expect(problemsOf('hour,H100\n').message).toMatch(/no demand rows/)
  })
})
