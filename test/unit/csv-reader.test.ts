import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvReader, CsvSyntaxError, VERBATIM, decimalAt } from '../../main/ingest/source/csv-reader'

interface CsvRecord {
  fields: (string | null)[]
  line: number
}

/** Every record, copied out of the reader's reused field array (no verbatim mask: all fields are strings or null). */
function parseAll(text: string, chunk = text.length): CsvRecord[] {
  const out: CsvRecord[] = []
  const r = new CsvReader((fields, line) => out.push({ fields: [...fields] as (string | null)[], line }))
  for (let i = 0; i < text.length; i += chunk) r.push(text.slice(i, i + chunk))
  r.end()
  return out
}

function syntaxError(text: string): CsvSyntaxError {
  try {
    parseAll(text)
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e
    throw e
  }
  throw new Error('expected a syntax error')
}

const SAMPLE = 'a,b,c\n"x, y","he said ""hi""",NULL\n1,,"multi\nline"\r\n"NULL",2,3'

describe('CsvReader records', () => {
  it('reads quoted commas, escaped quotes, NULL and empty as null, and line breaks inside quotes', () => {
    const recs = parseAll(SAMPLE)
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'he said "hi"', null],
      ['1', null, 'multi\nline'],
      ['NULL', '2', '3'],
    ])
    // Physical line numbers: the third record spans lines 3–4, so the fourth starts on line 5.
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 5])
  })

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parseAll(SAMPLE)
    for (const size of [1, 2, 3, 5, 7, 11]) expect(parseAll(SAMPLE, size)).toEqual(whole)
  })

  it('reports an unterminated quoted field with the line it starts on', () => {
    const e = syntaxError('a,b\n1,2\n3,"never closed\nmore')
    expect(e.line).toBe(3)
    expect(e.message).toMatch(/never closed/)
  })

  it('reports a stray quote inside an unquoted field', () => {
    const e = syntaxError('a,b\n1,2\n3,4"5\n')
    expect(e.line).toBe(3)
    expect(e.fieldIndex).toBe(1)
    expect(e.message).toMatch(/mis-quoted/)
  })

  it('reports text after a closing quote', () => {
    const e = syntaxError('a,b\n"x"y,2\n')
    expect(e.line).toBe(2)
    expect(e.fieldIndex).toBe(0)
  })

  it('skips blank lines but keeps counting them', () => {
    const recs = parseAll('a\n\n\nb\n')
    expect(recs.map((r) => [r.fields[0], r.line])).toEqual([
      ['a', 1],
      ['b', 4],
    ])
  })
})

describe('CsvReader with verbatim fields', () => {
  /** Records as the reader delivers them, VERBATIM fields read back from the text they point into. */
  function read(text: string, chunk: number, mask: Uint8Array | null): { fields: (string | null)[]; line: number }[] {
    const out: { fields: (string | null)[]; line: number }[] = []
    let verbatimSeen = 0
    const r: CsvReader = new CsvReader((fields, line) => {
      out.push({
        line,
        fields: fields.map((f, i): string | null => {
          if (f === null || typeof f === 'string') return f
          expect(f).toBe(VERBATIM)
          verbatimSeen++
          const raw = r.text.slice(r.starts[i], r.ends[i])
          // Mode 2 leaves escaped text too, flagged: the consumer undoes the doubled quotes.
          return r.escaped[i] === 1 ? raw.replaceAll('""', '"') : raw
        }),
      })
    })
    r.verbatim = mask
    for (let i = 0; i < text.length; i += chunk) r.push(text.slice(i, i + chunk))
    r.end()
    if (mask) expect(verbatimSeen).toBeGreaterThan(0)
    return out
  }

  const TEXTS = [
    SAMPLE,
    'a,b,c\r\n"q ""x"" y",plain,"multi\r\nline"\r\nNULL,"",z\r\n"last","row",9',
    'a,b,c\nabc,"de,f",ghi\n"😀 中文",é,"a""b"\n,,\n"x","y","z"\n',
  ]

  it('delivers the same records as copying every field, for LF and CRLF files, at any chunk size', () => {
    for (const text of TEXTS) {
      const expected = read(text, text.length, null)
      for (const chunk of [1, 2, 3, 7, 16, text.length]) {
        expect(read(text, chunk, Uint8Array.from([1, 1, 1])), `chunk ${chunk}`).toEqual(expected)
        expect(read(text, chunk, Uint8Array.from([0, 1, 0])), `chunk ${chunk}`).toEqual(expected)
        expect(read(text, chunk, Uint8Array.from([2, 2, 2])), `chunk ${chunk}, mode 2`).toEqual(expected)
        expect(read(text, chunk, Uint8Array.from([2, 0, 1])), `chunk ${chunk}, modes mixed`).toEqual(expected)
      }
    }
  })

  it('reads verbatim fields back as the records copied whole from the same text', () => {
    for (const text of TEXTS) {
      expect(read(text, 5, Uint8Array.from([1, 1, 1]))).toEqual(parseAll(text).map((rec) => ({ fields: rec.fields, line: rec.line })))
    }
  })
})

describe('CsvReader with numeric fields', () => {
  /** Values of the first field, read with that field marked numeric. */
  function firstFields(text: string, chunk: number): (string | number | null)[] {
    const out: (string | number | null)[] = []
    const r = new CsvReader((fields) => out.push(fields[0] as string | number | null))
    r.numeric = Uint8Array.from([1, 0])
    for (let i = 0; i < text.length; i += chunk) r.push(text.slice(i, i + chunk))
    r.end()
    return out
  }

  it('delivers plain decimals as the number Number() reads, anything else as its text', () => {
    const cells = ['0.00000080000', '2.000000000000000', '-0.5', '+12', '5.', '.25', '"3.5"', '-0', '1e5', '0x10', ' 7', '1.2.3', '-', '.', 'abc', '12345678901234567', '""', '']
    const text = cells.map((c) => `${c},x`).join('\n')
    const expected = ['0.00000080000', '2.000000000000000', '-0.5', '+12', '5.', '.25', '3.5', '-0']
      .map(Number)
      .concat(['1e5', '0x10', ' 7', '1.2.3', '-', '.', 'abc', '12345678901234567'] as never[])
    for (const chunk of [1, 3, text.length]) {
      const got = firstFields(text, chunk)
      expect(got.slice(0, expected.length), `chunk ${chunk}`).toEqual(expected)
      expect(Object.is(got[7], -0)).toBe(true)
      // "" and an empty field: the empty string and null, as without the mask.
      expect(got.slice(expected.length)).toEqual(['', null])
    }
  })

  it('parses exactly as Number() for any decimal text it accepts (property)', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{0,12}$/),
        fc.boolean(),
        fc.stringMatching(/^[0-9]{0,25}$/),
      )
      .map(([sign, int, point, frac]) => `${sign}${int}${point ? '.' : ''}${point ? frac : ''}`)
    fc.assert(
      fc.property(decimal, (s) => {
        const x = decimalAt(s, 0, s.length)
        if (Number.isNaN(x)) return true // not taken: the caller converts the text itself
        expect(Object.is(x, Number(s)), s).toBe(true)
        return true
      }),
      { numRuns: 20000 },
    )
    // The fast path must take the common forms, not only be exact when it does.
    for (const s of ['0.00000080000', '1234.5678', '-0.001', '100', '2.000000000000000']) expect(decimalAt(s, 0, s.length)).toBe(Number(s))
  })
})
