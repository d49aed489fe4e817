/**
 * Prometheus HTTP API answers (`/api/v1/query_range` matrix, `/api/v1/query` vector), streamed: the
 * tokenizer feeds a small state machine, so a series' points go to the writer as they are read and the
 * document is never held whole. Also reads a live pull's response bodies.
 */
import { JsonTokenizer, type JsonEvents } from './json-stream'
import { badFile, jsonFeed } from './errors'
import type { TelemetryWriter } from './writer'

// Which container of the Prometheus response the streaming parser is inside.
const [ROOT, DATA, RESULT, ELEM, METRIC, VALUES, POINT, OTHER] = [0, 1, 2, 3, 4, 5, 6, 7]

export interface PromJsonOptions {
  fileName: string
  /** Metric name for results without `__name__` (e.g. `sum by (…) (…)`): the query, or the file's name. */
  defaultMetric: string
  /** Only a live pull: skip points at or after this epoch ms (the next window starts there). */
  endExclusiveMs?: number
}

export interface PromJsonParser {
  push(text: string): void
  end(): void
  readonly points: number
  readonly resultType: string | null
}

/** Parses a Prometheus value: "1.5", "NaN", "+Inf", "-Inf". Returns undefined for anything else. */
export function parsePromValue(s: string): number | undefined {
  const v = Number(s)
  if (v === v && s.length > 0 && s.charCodeAt(0) > 32) return v // not NaN, not empty / blank-padded
  if (s === 'NaN') return NaN
  if (s === '+Inf' || s === 'Inf') return Infinity
  if (s === '-Inf') return -Infinity
  return undefined
}

export function createPromJsonParser(writer: TelemetryWriter, opts: PromJsonOptions): PromJsonParser {
  const { fileName } = opts
  const roles: number[] = []
  let key: string | null = null
  let status: string | null = null
  let errorText: string | null = null
  let resultType: string | null = null
  let points = 0
  let elemIndex = -1
  // the current result element
  let labels: Record<string, string> = {}
  let handle = -1
  let buffered: [number, number][] = []
  // the current point
  let pIdx = 0
  let pTs = 0
  let pVal = 0
  let pOk = true

  const fail = (message: string, field?: string): never => {
    throw badFile(fileName, tok.line, message, field)
  }
  const field = (): string => `data.result[${elemIndex}]`

  const openSeries = (): void => {
    const name = labels.__name__ ?? opts.defaultMetric
    const rest: Record<string, string> = {}
    for (const k in labels) if (k !== '__name__') rest[k] = labels[k] as string
    handle = writer.series(name, rest)
    for (const [t, v] of buffered) writer.add(handle, t, v)
    buffered = []
  }

  const emitPoint = (): void => {
    if (!pOk || pIdx !== 2) fail(`a point must be [timestamp, "value"], found ${pIdx} element${pIdx === 1 ? '' : 's'}`, `${field()}.values`)
    if (opts.endExclusiveMs !== undefined && pTs >= opts.endExclusiveMs) return
    points++
    if (handle >= 0) writer.add(handle, pTs, pVal)
    else buffered.push([pTs, pVal])
  }

  // The fast path's points: [seconds, "value"] already split by the tokenizer.
  const pair = (t: number, v: string): void => {
    pTs = Math.round(t * 1000)
    const x = parsePromValue(v)
    if (x === undefined) fail(`sample value ${JSON.stringify(v)} is not a number`, `${field()}.values`)
    pVal = x as number
    pIdx = 2
    pOk = true
    emitPoint()
  }

  /** Role of the innermost open container (-1 before the document). */
  const top = (): number => (roles.length ? (roles[roles.length - 1] as number) : -1)
  /** Opens a container with its role; the key that named it is used up. */
  const enter = (role: number): void => {
    roles.push(role)
    key = null
  }
  /** Closes the innermost container and gives its role. */
  const leave = (): number | undefined => {
    key = null
    return roles.pop()
  }
  const containerInPoint = (kind: string): never => fail(`a point value must be a string or number, found ${kind}`, `${field()}.values`)

  const events: JsonEvents = {
    startObject() {
      const parent = top()
      if (parent === POINT) containerInPoint('an object')
      let role = OTHER
      if (parent === -1) role = ROOT
      else if (parent === ROOT && key === 'data') role = DATA
      else if (parent === RESULT) {
        role = ELEM
        elemIndex++
        labels = {}
        handle = -1
        buffered = []
      } else if (parent === ELEM && key === 'metric') role = METRIC
      enter(role)
    },
    endObject() {
      const role = leave()
      if (role === METRIC || (role === ELEM && handle < 0)) openSeries()
    },
    startArray() {
      const parent = top()
      if (parent === -1) fail('not a Prometheus API response: the document is an array, expected {"status": …, "data": …}')
      if (parent === POINT) containerInPoint('an array')
      let role = OTHER
      if ((parent === DATA || parent === ROOT) && key === 'result') {
        if (resultType !== null && resultType !== 'matrix' && resultType !== 'vector') {
          fail(`resultType "${resultType}" is not supported (only matrix and vector results hold series)`, 'data.resultType')
        }
        role = RESULT
      } else if (parent === ELEM && key === 'values') {
        enter(VALUES)
        tok.takePairs(pair)
        return
      } else if ((parent === ELEM && key === 'value') || parent === VALUES) {
        role = POINT
        pIdx = 0
        pOk = true
      } else if (parent === RESULT) fail('each result must be an object with "metric" and "values"', field())
      enter(role)
    },
    endArray() {
      const role = leave()
      if (role === POINT) emitPoint()
      else if (role === VALUES) tok.takePairs(null)
    },
    key(k) {
      key = k
    },
    value(v) {
      const role = top()
      if (role === POINT) {
        if (pIdx === 0) {
          const t = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
          if (!Number.isFinite(t)) fail(`timestamp ${JSON.stringify(v)} is not a number of seconds`, `${field()}.values`)
          pTs = Math.round(t * 1000)
        } else if (pIdx === 1) {
          const x = typeof v === 'string' ? parsePromValue(v) : typeof v === 'number' ? v : undefined
          if (x === undefined) fail(`sample value ${JSON.stringify(v)} is not a number`, `${field()}.values`)
          pVal = x as number
        } else pOk = false
        pIdx++
        return
      }
      if (role === METRIC) {
        if (key !== null) labels[key] = v === null ? '' : String(v)
      } else if (role === ROOT || role === DATA) {
        if (key === 'status') status = String(v)
        else if (key === 'error') errorText = String(v)
        else if (key === 'resultType') {
          resultType = String(v)
          if (resultType !== 'matrix' && resultType !== 'vector') {
            fail(`resultType "${resultType}" is not supported (only matrix and vector results hold series)`, 'data.resultType')
          }
        }
        if (status === 'error' && errorText) fail(`Prometheus answered with an error: ${errorText}`, 'error')
      } else if (role === -1) fail('not a Prometheus API response: expected a JSON object')
      key = null
    },
  }
  const tok = new JsonTokenizer(events)
  return {
    ...jsonFeed(tok, fileName, () => {
      if (status === 'error') fail(`Prometheus answered with an error: ${errorText ?? 'unknown'}`, 'error')
      if (resultType === null && elemIndex < 0) fail('not a Prometheus query_range / query response: no data.result found', 'data.result')
    }),
    get points() {
      return points
    },
    get resultType() {
      return resultType
    },
  }
}
