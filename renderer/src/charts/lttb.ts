/**
 * Largest-Triangle-Three-Buckets down-sampling (Steinarsson 2013): keeps the points that carry a line's
 * shape, so a chart of thousands of points draws a few hundred without losing peaks and troughs.
 */
export function lttb(points: readonly [number, number][], threshold: number): [number, number][] {
  const n = points.length
  if (threshold >= n || threshold < 3) return points.slice()
  const out: [number, number][] = [points[0] as [number, number]]
  const every = (n - 2) / (threshold - 2)
  let a = 0
  for (let i = 0; i < threshold - 2; i++) {
    const start = Math.floor((i + 1) * every) + 1
    const end = Math.min(n, Math.floor((i + 2) * every) + 1)
    let avgX = 0
    let avgY = 0
    for (let j = start; j < end; j++) {
      avgX += (points[j] as [number, number])[0]
      avgY += (points[j] as [number, number])[1]
    }
    const len = Math.max(1, end - start)
    avgX /= len
    avgY /= len
    const rangeStart = Math.floor(i * every) + 1
    const rangeEnd = Math.floor((i + 1) * every) + 1
    const [ax, ay] = points[a] as [number, number]
    let best = rangeStart
    let bestArea = -1
    for (let j = rangeStart; j < rangeEnd; j++) {
      const [x, y] = points[j] as [number, number]
      const area = Math.abs((ax - avgX) * (y - ay) - (ax - x) * (avgY - ay))
      if (area > bestArea) {
        bestArea = area
        best = j
      }
    }
    out.push(points[best] as [number, number])
    a = best
  }
  out.push(points[n - 1] as [number, number])
  return out
}
