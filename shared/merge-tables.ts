/** Turns `A & B & C` into one object type (readable in hovers and errors). */
type Flatten<T> = { [K in keyof T]: T[K] }
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never

/**
 * Merges per-domain tables (contract methods, worker jobs) into one, refusing a name declared twice: each
 * domain keeps its own file, and a clash fails at load time instead of silently replacing an entry.
 */
export function mergeTables<const T extends readonly object[]>(...tables: T): Flatten<UnionToIntersection<T[number]>> {
  const out: Record<string, unknown> = {}
  for (const t of tables) {
    for (const [k, v] of Object.entries(t)) {
      if (Object.prototype.hasOwnProperty.call(out, k)) throw new Error(`"${k}" is declared twice`)
      out[k] = v
    }
  }
  return out as Flatten<UnionToIntersection<T[number]>>
}
