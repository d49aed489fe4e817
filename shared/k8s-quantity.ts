/**
 * Kubernetes resource quantities ("500m", "1Gi", "2", "1e3", "1.5k"), parsed as the API server's
 * resource.Quantity does: a signed decimal number followed by a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal
 * suffix (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }

export interface Quantity {
  /** The value as a float (what `asApproximateFloat()` answers). */
  value: number
  /** Whether the value is a whole number (what `isInteger()` answers). */
  integer: boolean
}

/** Null when the text is not a quantity. */
export function parseQuantity(text: string): Quantity | null {
  const m = QUANTITY.exec(text)
  if (!m) return null
  const num = m[1] as string
  const suffix = m[2] ?? ''
  let value: number
  let integer: boolean
  if (suffix in BINARY) {
    value = Number(num) * (BINARY[suffix] as number)
    integer = Number.isInteger(value)
  } else {
    const exp = suffix === '' ? 0 : suffix in DECIMAL_EXP ? (DECIMAL_EXP[suffix] as number) : Number(suffix.slice(1))
    // Scale the decimal text by its exponent exactly (string arithmetic), so 1500m is exactly 1.5 and 1000m an integer.
    const [intPart = '', fracPart = ''] = num.replace(/^[+-]/, '').split('.')
    const digits = `${intPart}${fracPart}`
    const pointAt = intPart.length + exp
    const wholeDigits = pointAt <= 0 ? '' : digits.padEnd(pointAt, '0').slice(0, pointAt)
    const frac = pointAt <= 0 ? `${'0'.repeat(-pointAt)}${digits}` : digits.slice(pointAt)
    integer = /^0*$/.test(frac)
    const sign = num.startsWith('-') ? '-' : ''
    value = Number(`${sign}${wholeDigits || '0'}.${frac || '0'}`)
  }
  if (!Number.isFinite(value)) return null
  return { value: Object.is(value, -0) ? 0 : value, integer }
}
