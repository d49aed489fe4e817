/**
 * The Kubernetes CEL libraries the emitted policies use, registered with @bufbuild/cel: the quantity library
 * (`quantity()`, `isQuantity()`, `.asApproximateFloat()`, `.asInteger()`, `.isInteger()`, `.compareTo()`, …,
 * Kubernetes ≥ 1.28) and the list library's `.sum()`, `.min()`, `.max()` (Kubernetes ≥ 1.27), plus the
 * strings extension (split, join, …) that the API server also enables.
 * https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-quantity-library
 *
 * The expressions themselves are evaluated by @bufbuild/cel exactly as written; only these library functions,
 * which the cluster provides natively, are supplied here. A quantity is an opaque value in Kubernetes: here
 * it is a one-key map whose key no emitted expression could guess, so an expression that treated it as
 * anything but a quantity would fail here as it would in the cluster.
 */
import { CelScalar, celFunc, celMap, celMethod, isCelMap, listType, mapType, type CelFunc, type CelMap, type CelValue } from '@bufbuild/cel'
import { strings } from '@bufbuild/cel/ext'
import { parseQuantity } from '../../../shared/k8s-quantity'

const KEY = '\u0000k8s.io/quantity'
const QUANTITY_TYPE = mapType(CelScalar.STRING, CelScalar.DOUBLE)

function toQuantity(text: string): CelMap {
  const q = parseQuantity(text)
  if (!q) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' ("${text}")`)
  return celMap(new Map<string, number | boolean>([[KEY, q.value], [`${KEY}.int`, q.integer]]))
}

function valueOf(m: CelValue): number {
  if (!isCelMap(m)) throw new Error('not a quantity')
  const v = m.get(KEY)
  if (typeof v !== 'number') throw new Error('not a quantity')
  return v
}

const cmp = (a: number, b: number): bigint => (a < b ? -1n : a > b ? 1n : 0n)

const quantityFuncs: CelFunc[] = [
  celFunc('quantity', [CelScalar.STRING], QUANTITY_TYPE, (s) => toQuantity(s) as never),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s) => parseQuantity(s) !== null),
  celMethod('asApproximateFloat', QUANTITY_TYPE, [], CelScalar.DOUBLE, function () {
    return valueOf(this)
  }),
  celMethod('isInteger', QUANTITY_TYPE, [], CelScalar.BOOL, function () {
    return isCelMap(this) && this.get(`${KEY}.int`) === true && Math.abs(valueOf(this)) <= Number.MAX_SAFE_INTEGER
  }),
  celMethod('asInteger', QUANTITY_TYPE, [], CelScalar.INT, function () {
    const v = valueOf(this)
    if (!(isCelMap(this) && this.get(`${KEY}.int`) === true) || Math.abs(v) > Number.MAX_SAFE_INTEGER) throw new Error('cannot convert value to integer')
    return BigInt(v)
  }),
  celMethod('sign', QUANTITY_TYPE, [], CelScalar.INT, function () {
    return cmp(valueOf(this), 0)
  }),
  celMethod('compareTo', QUANTITY_TYPE, [QUANTITY_TYPE], CelScalar.INT, function (other) {
    return cmp(valueOf(this), valueOf(other))
  }),
  celMethod('isGreaterThan', QUANTITY_TYPE, [QUANTITY_TYPE], CelScalar.BOOL, function (other) {
    return valueOf(this) > valueOf(other)
  }),
  celMethod('isLessThan', QUANTITY_TYPE, [QUANTITY_TYPE], CelScalar.BOOL, function (other) {
    return valueOf(this) < valueOf(other)
  }),
]

/** Numbers of a CEL list: all doubles or all ints (bigint); mixed lists are an error, as in Kubernetes. */
function numbers(list: Iterable<CelValue>): { values: (number | bigint)[]; ints: boolean } {
  const values: (number | bigint)[] = []
  let ints: boolean | null = null
  for (const x of list) {
    const isInt = typeof x === 'bigint'
    if (!isInt && typeof x !== 'number') throw new Error('list elements must be numbers')
    if (ints === null) ints = isInt
    else if (ints !== isInt) throw new Error('list elements must all have the same numeric type')
    values.push(x)
  }
  return { values, ints: ints ?? false }
}

const anyList = listType(CelScalar.DYN)

const listFuncs: CelFunc[] = [
  // The sum of an empty list is the zero of its element type; the emitted lists are lists of doubles.
  celMethod('sum', anyList, [], CelScalar.DYN, function () {
    const { values, ints } = numbers(this)
    if (ints) return values.reduce<bigint>((s, x) => s + (x as bigint), 0n)
    return values.reduce<number>((s, x) => s + (x as number), 0)
  }),
  celMethod('max', anyList, [], CelScalar.DYN, function () {
    const { values } = numbers(this)
    if (values.length === 0) throw new Error('max called on empty list')
    return values.reduce((m, x) => (x > m ? x : m))
  }),
  celMethod('min', anyList, [], CelScalar.DYN, function () {
    const { values } = numbers(this)
    if (values.length === 0) throw new Error('min called on empty list')
    return values.reduce((m, x) => (x < m ? x : m))
  }),
]

/** Every library function a Kubernetes ≥ 1.30 API server offers to the expressions Fleetplan emits. */
export const KUBERNETES_CEL_FUNCS: CelFunc[] = [...quantityFuncs, ...listFuncs, ...strings]
