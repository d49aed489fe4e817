/**
 * OTLP/JSON metrics (ExportMetricsServiceRequest, as the OpenTelemetry Collector's file exporter writes it:
 * one request per line, or one document). Streamed: each `resourceMetrics` element is assembled and written
 * on its own, so memory is bounded by one resource's metrics. Gauge and sum points become samples;
 * histograms, exponential histograms and summaries become `<name>_count` and `<name>_sum` series.
 * Resource, scope and point attributes become labels (point wins over scope over resource).
 */
import { badFile, jsonFeed } from './errors'
import { JsonTokenizer, type JsonEvents } from './json-stream'
import type { TelemetryWriter } from './writer'

type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

export interface OtlpParser {
  push(text: string): void
  end(): void
  readonly warnings: string[]
}

/** Builds full values from events for the subtrees it is handed; everything else is skipped. */
class ValueBuilder {
  private readonly stack: { v: Json[] | Record<string, Json>; key: string | null }[] = []
  result: Json | undefined
  get depth(): number {
    return this.stack.length
  }
  private put(v: Json): void {
    const top = this.stack[this.stack.length - 1]
    if (!top) {
      this.result = v
      return
    }
    if (Array.isArray(top.v)) top.v.push(v)
    else top.v[top.key as string] = v
  }
  start(obj: boolean): void {
    this.stack.push({ v: obj ? {} : [], key: null })
  }
  endContainer(): void {
    const top = this.stack.pop()
    if (top) this.put(top.v)
  }
  key(k: string): void {
    const top = this.stack[this.stack.length - 1]
    if (top) top.key = k
  }
  value(v: Json): void {
    this.put(v)
  }
}

function scalar(v: Json | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** An OTLP AnyValue as label text: scalars as they are, arrays and key-value lists as JSON. */
function anyValue(v: Json | undefined): string {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return scalar(v)
  for (const k of ['stringValue', 'intValue', 'doubleValue', 'boolValue']) if (k in v) return scalar(v[k])
  return JSON.stringify(v.arrayValue ?? v.kvlistValue ?? v.bytesValue ?? v)
}

export function createOtlpParser(writer: TelemetryWriter, fileName: string): OtlpParser {
  const warnings: string[] = []
  let depth = 0
  let key: string | null = null
  let inResources = false // inside the top-level resourceMetrics array
  let builder: ValueBuilder | null = null
  let resourceIndex = -1
  let startLine = 0
  let sawResourceMetrics = false
  let histograms = 0
  let skippedPoints = 0

  const attrs = (list: Json | undefined, path: string, into: Record<string, string>): void => {
    if (list === undefined || list === null) return
    if (!Array.isArray(list)) throw badFile(fileName, startLine, 'attributes must be an array of {key, value}', path)
    for (const [i, a] of list.entries()) {
      if (!a || typeof a !== 'object' || Array.isArray(a) || typeof a.key !== 'string') {
        throw badFile(fileName, startLine, 'each attribute needs a string "key"', `${path}[${i}]`)
      }
      into[a.key] = anyValue(a.value)
    }
  }

  const obj = (v: Json | undefined, path: string): Record<string, Json> => {
    if (v === undefined || v === null) return {}
    if (typeof v !== 'object' || Array.isArray(v)) throw badFile(fileName, startLine, 'expected an object', path)
    return v
  }
  const arr = (v: Json | undefined, path: string): Json[] => {
    if (v === undefined || v === null) return []
    if (!Array.isArray(v)) throw badFile(fileName, startLine, 'expected an array', path)
    return v
  }

  const timeMs = (p: Record<string, Json>, path: string): number => {
    const raw = p.timeUnixNano
    if (typeof raw === 'number') return Math.round(raw / 1e6)
    if (typeof raw !== 'string' || !/^\d+$/.test(raw)) {
      throw badFile(fileName, startLine, `timeUnixNano ${JSON.stringify(raw ?? null)} is not an integer number of nanoseconds`, `${path}.timeUnixNano`)
    }
    return raw.length > 6 ? Number(raw.slice(0, -6)) + Math.round(Number(raw.slice(-6)) / 1e6) : Math.round(Number(raw) / 1e6)
  }
  const num = (v: Json | undefined, path: string): number => {
    const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
    if (Number.isNaN(x) && v !== 'NaN') throw badFile(fileName, startLine, `${JSON.stringify(v ?? null)} is not a number`, path)
    return x
  }

  const processResource = (rm: Json): void => {
    const base = `resourceMetrics[${resourceIndex}]`
    const r = obj(rm, base)
    const resLabels: Record<string, string> = {}
    attrs(obj(r.resource, `${base}.resource`).attributes, `${base}.resource.attributes`, resLabels)
    const scopes = arr(r.scopeMetrics ?? r.instrumentationLibraryMetrics, `${base}.scopeMetrics`)
    for (const [si, smv] of scopes.entries()) {
      const sp = `${base}.scopeMetrics[${si}]`
      const sm = obj(smv, sp)
      const scope = obj(sm.scope ?? sm.instrumentationLibrary, `${sp}.scope`)
      const scopeLabels: Record<string, string> = { ...resLabels }
      if (typeof scope.name === 'string' && scope.name) scopeLabels.otel_scope_name = scope.name
      if (typeof scope.version === 'string' && scope.version) scopeLabels.otel_scope_version = scope.version
      attrs(scope.attributes, `${sp}.scope.attributes`, scopeLabels)
      for (const [mi, mv] of arr(sm.metrics, `${sp}.metrics`).entries()) {
        const mp = `${sp}.metrics[${mi}]`
        const m = obj(mv, mp)
        if (typeof m.name !== 'string' || !m.name) throw badFile(fileName, startLine, 'a metric needs a "name"', `${mp}.name`)
        const name = m.name
        const kind = (['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const).find((k) => m[k] !== undefined)
        if (!kind) {
          skippedPoints++
          continue
        }
        const dps = arr(obj(m[kind], `${mp}.${kind}`).dataPoints, `${mp}.${kind}.dataPoints`)
        for (const [pi, pv] of dps.entries()) {
          const pp = `${mp}.${kind}.dataPoints[${pi}]`
          const p = obj(pv, pp)
          const labels: Record<string, string> = { ...scopeLabels }
          attrs(p.attributes, `${pp}.attributes`, labels)
          const ts = timeMs(p, pp)
          // flags bit 0: FLAG_NO_RECORDED_VALUE
          if (typeof p.flags === 'number' && (p.flags & 1) === 1) {
            skippedPoints++
            continue
          }
          if (kind === 'gauge' || kind === 'sum') {
            const raw = p.asDouble !== undefined ? p.asDouble : p.asInt
            if (raw === undefined) throw badFile(fileName, startLine, 'a number data point needs asDouble or asInt', pp)
            writer.add(writer.series(name, labels), ts, num(raw, `${pp}.${p.asDouble !== undefined ? 'asDouble' : 'asInt'}`))
          } else {
            histograms++
            writer.add(writer.series(`${name}_count`, labels), ts, num(p.count ?? 0, `${pp}.count`))
            if (p.sum !== undefined) writer.add(writer.series(`${name}_sum`, labels), ts, num(p.sum, `${pp}.sum`))
          }
        }
      }
    }
  }

  const events: JsonEvents = {
    startObject() {
      if (builder) builder.start(true)
      else if (inResources && depth === 2) {
        builder = new ValueBuilder()
        builder.start(true)
        resourceIndex++
        startLine = tok.line
      } else if (depth === 0) {
        /* a request document */
      } else if (!inResources && depth >= 1) {
        /* an unrelated object: skipped */
      }
      depth++
      key = null
    },
    endObject() {
      depth--
      if (builder) {
        builder.endContainer()
        if (builder.depth === 0) {
          const v = builder.result as Json
          builder = null
          processResource(v)
        }
      }
      key = null
    },
    startArray() {
      if (builder) builder.start(false)
      else if (depth === 1 && key === 'resourceMetrics') {
        inResources = true
        sawResourceMetrics = true
      } else if (depth === 0) throw badFile(fileName, tok.line, 'not OTLP JSON: expected {"resourceMetrics": [...]}')
      depth++
      key = null
    },
    endArray() {
      depth--
      if (builder) builder.endContainer()
      else if (inResources && depth === 1) inResources = false
      key = null
    },
    key(k) {
      if (builder) builder.key(k)
      key = k
    },
    value(v) {
      if (builder) builder.value(v)
      else if (depth === 0) throw badFile(fileName, tok.line, 'not OTLP JSON: expected {"resourceMetrics": [...]}')
      else if (depth === 1 && key === 'resourceMetrics' && v !== null) {
        throw badFile(fileName, tok.line, 'resourceMetrics must be an array', 'resourceMetrics')
      }
      key = null
    },
  }
  const tok = new JsonTokenizer(events, true)
  return {
    ...jsonFeed(tok, fileName, () => {
      if (!sawResourceMetrics) throw badFile(fileName, tok.line, 'not OTLP JSON metrics: no "resourceMetrics" array found', 'resourceMetrics')
      if (histograms) warnings.push(`${histograms} histogram/summary point${histograms > 1 ? 's' : ''} imported as _count and _sum series (buckets not kept).`)
      if (skippedPoints) warnings.push(`${skippedPoints} metric(s) or point(s) without a recorded value skipped.`)
    }),
    warnings,
  }
}
