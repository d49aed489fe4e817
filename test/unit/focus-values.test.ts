import { describe, expect, it } from 'vitest'
import { dateKey, parseDateTime, parseDecimal, parseJsonObject } from '../../main/ingest/billing/focus-values'
import { detectFocusVersion } from '../../main/ingest/billing/focus-mapper'

describe('FOCUS value parsing', () => {
  it('normalises the date forms real exports use to ISO 8601 UTC', () => {
    expect(parseDateTime('2024-09-18 22:00:00')).toBe('2024-09-18T22:00:00Z')
    expect(parseDateTime('2024-09-18T22:00:00Z')).toBe('2024-09-18T22:00:00Z')
    expect(parseDateTime('2024-09-18T22:00:00.000Z')).toBe('2024-09-18T22:00:00Z')
    expect(parseDateTime('2024-09-18')).toBe('2024-09-18T00:00:00Z')
    expect(parseDateTime('2024-09-19T00:30:00+02:00')).toBe('2024-09-18T22:30:00Z')
  })

  it('refuses impossible and non-dates instead of rolling them over', () => {
    expect(parseDateTime('2024-02-31 00:00:00')).toHaveProperty('error')
    expect(parseDateTime('9/2/2023')).toHaveProperty('error')
    expect(parseDateTime('yesterday')).toHaveProperty('error')
  })

  it('parses decimals in plain and exponent form and names bad ones', () => {
    expect(parseDecimal('0.00000080000')).toBe(8e-7)
    expect(parseDecimal('-12.5')).toBe(-12.5)
    expect(parseDecimal('1.5E-3')).toBe(0.0015)
    expect(parseDecimal('12,50')).toMatch(/not a decimal/)
    expect(parseDecimal('$3')).toMatch(/not a decimal/)
  })

  it('accepts JSON objects only', () => {
    expect(parseJsonObject('{"b": 1, "a": "x"}')).toBe('{"b":1,"a":"x"}')
    expect(parseJsonObject('[1]')).toHaveProperty('error')
    expect(parseJsonObject('{oops')).toHaveProperty('error')
  })

  it('detects the FOCUS version from the columns present', () => {
    expect(detectFocusVersion(['BilledCost', 'ChargePeriodStart'])).toBe('1.0')
    expect(detectFocusVersion(['BilledCost', 'ServiceSubcategory'])).toBe('1.1')
    expect(detectFocusVersion(['BilledCost', 'ServiceSubcategory', 'InvoiceId'])).toBe('1.2')
  })
})

describe('dateKey (the import looks common date/times up by their digits, without cutting the text out)', () => {
  it('keys the common forms only, and equal keys always normalise to the same value', () => {
    const texts = ['2024-09-18 22:00:00', '2024-09-18T22:00:00', '2024-09-18T22:00:00Z', '2024-09-18 22:00:00Z', '2024-02-31 00:00:00']
    const keys = texts.map((t) => dateKey(`x,${t},y`, 2, 2 + t.length))
    expect(new Set(keys.slice(0, 4)).size).toBe(1)
    expect(keys[0]).toBe(20240918220000)
    for (const t of texts.slice(0, 4)) expect(parseDateTime(t)).toBe('2024-09-18T22:00:00Z')
    // A keyed text that is not a valid date keeps its error (the sink caches valid dates only by key).
    expect(parseDateTime('2024-02-31 00:00:00')).toHaveProperty('error')
    for (const other of ['2024-09-18', '2024-09-18T22:00:00.000Z', '2024-09-18T22:00:00+02:00', ' 2024-09-18 22:00:00', '2024-09-18 22:00', '2024/09/18 22:00:00', '2024-09-1a 22:00:00']) {
      expect(dateKey(other, 0, other.length), other).toBe(-1)
    }
  })
})
