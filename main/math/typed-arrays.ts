/** Zeroed scratch arrays, one per size, allocated once before a hot loop: `const [a, b] = float64s(n, n)`. */
export function float64s<const S extends readonly number[]>(...sizes: S): { [K in keyof S]: Float64Array } {
  return sizes.map((n) => new Float64Array(n)) as { [K in keyof S]: Float64Array }
}

export function int32s<const S extends readonly number[]>(...sizes: S): { [K in keyof S]: Int32Array } {
  return sizes.map((n) => new Int32Array(n)) as { [K in keyof S]: Int32Array }
}
