/** The columns of a row whose names need no mapping (the rest a row mapper renames or parses itself). */
export function pick<R extends object, K extends keyof R>(row: R, ...keys: K[]): Pick<R, K> {
  const out = {} as Pick<R, K>
  for (const k of keys) out[k] = row[k]
  return out
}
