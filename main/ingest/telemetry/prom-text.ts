/**
 * Prometheus text exposition (0.0.4) and OpenMetrics 1.0 text, line by line with bounded memory.
 * OpenMetrics timestamps are seconds and the file must end with `# EOF`; Prometheus text timestamps are
 * milliseconds. Samples without a timestamp (a plain /metrics scrape, like dcgm-exporter's README sample)
 * are stamped with the import time, and the summary says so.
 */
import { badFile } from './errors'
import { detach } from '../source/detach'
import { parsePromValue } from './prom-json'
import type { TelemetryWriter } from './writer'

export interface PromTextOptions {
  fileName: string
  /** 'openmetrics' / 'prometheus-text' force the dialect; 'auto' decides from `# EOF` and timestamp magnitude. */
  dialect: 'openmetrics' | 'prometheus-text' | 'auto'
  /** Epoch ms given to samples that carry no timestamp. */
  defaultTs: number
}

export interface PromTextParser {
  push(text: string): void
  end(): void
  readonly dialect: 'openmetrics' | 'prometheus-text'
  readonly warnings: string[]
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_.]*/

export function createPromTextParser(writer: TelemetryWriter, opts: PromTextOptions): PromTextParser {
  const { fileName } = opts
  let carry = ''
  let lineNo = 0
  let sawEof = false
  let eofLine = 0
  let unit: 'ms' | 's' | null = opts.dialect === 'openmetrics' ? 's' : opts.dialect === 'prometheus-text' ? 'ms' : null
  let noTs = 0
  const warnings: string[] = []
  const handles = new Map<string, number>()

  const fail = (message: string, column?: string): never => {
    throw badFile(fileName, lineNo, message, column)
  }

  const parseLabels = (s: string, i: number, name: string): { labels: Record<string, string>; next: number } => {
    const labels: Record<string, string> = {}
    i++ // '{'
    for (;;) {
      while (s[i] === ' ' || s[i] === '\t') i++
      if (s[i] === '}') return { labels, next: i + 1 }
      const m = LABEL_NAME.exec(s.slice(i, i + 256))
      if (!m) fail(`expected a label name at column ${i + 1}`, name)
      const ln = (m as RegExpExecArray)[0]
      i += ln.length
      while (s[i] === ' ') i++
      if (s[i] !== '=') fail(`expected '=' after label ${ln}`, ln)
      i++
      while (s[i] === ' ') i++
      if (s[i] !== '"') fail(`label ${ln}'s value must be in double quotes`, ln)
      i++
      let v = ''
      for (;;) {
        const c = s[i]
        if (c === undefined) fail(`unterminated value of label ${ln} (line cut short?)`, ln)
        if (c === '"') break
        if (c === '\\') {
          const e = s[i + 1]
          if (e === 'n') v += '\n'
          else if (e === '\\') v += '\\'
          else if (e === '"') v += '"'
          else fail(`invalid escape \\${e ?? ''} in label ${ln} (only \\\\, \\" and \\n are allowed)`, ln)
          i += 2
          continue
        }
        v += c
        i++
      }
      i++
      if (Object.prototype.hasOwnProperty.call(labels, ln)) fail(`label ${ln} appears twice`, ln)
      labels[ln] = v
      while (s[i] === ' ' || s[i] === '\t') i++
      if (s[i] === ',') {
        i++
        continue
      }
      if (s[i] === '}') return { labels, next: i + 1 }
      fail(`expected ',' or '}' after label ${ln}`, ln)
    }
  }

  const line = (raw: string): void => {
    lineNo++
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (sawEof) {
      if (s.trim() !== '') fail(`content after "# EOF" (line ${eofLine})`)
      return
    }
    if (s === '' || /^\s*$/.test(s)) return
    if (s[0] === '#') {
      if (s === '# EOF') {
        sawEof = true
        eofLine = lineNo
        if (unit === null) unit = 's'
      }
      return
    }
    const nm = NAME.exec(s)
    if (!nm) fail('expected a metric name at the start of the line')
    const name = (nm as RegExpExecArray)[0]
    let i = name.length
    let labels: Record<string, string> = {}
    let labelText = ''
    if (s[i] === '{') {
      const r = parseLabels(s, i, name)
      labelText = s.slice(i, r.next)
      labels = r.labels
      i = r.next
    }
    const rest = s.slice(i).trim()
    // exemplar (OpenMetrics): "value [ts] # {labels} value [ts]"
    const hash = rest.indexOf(' # ')
    const parts = (hash >= 0 ? rest.slice(0, hash) : rest).split(/\s+/).filter(Boolean)
    if (parts.length === 0) fail(`no value for ${name}`, name)
    if (parts.length > 2) fail(`unexpected "${parts[2]}" after the value and timestamp`, name)
    const value = parsePromValue(parts[0] as string)
    if (value === undefined) fail(`value "${parts[0]}" is not a number`, name)
    let ts = opts.defaultTs
    if (parts.length === 2) {
      const t = Number(parts[1])
      if (!Number.isFinite(t)) fail(`timestamp "${parts[1]}" is not a number`, name)
      if (unit === null) unit = t < 1e11 || (parts[1] as string).includes('.') ? 's' : 'ms'
      ts = unit === 's' ? Math.round(t * 1000) : Math.round(t)
    } else noTs++
    const key = `${name}${labelText}`
    let h = handles.get(key)
    if (h === undefined) {
      h = writer.series(name, labels)
      handles.set(detach(key), h)
    }
    writer.add(h, ts, value as number)
  }

  return {
    push(text) {
      const s = carry + text
      let start = 0
      for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
        line(s.slice(start, nl))
        start = nl + 1
      }
      carry = s.slice(start)
    },
    end() {
      if (carry !== '') {
        line(carry)
        carry = ''
      }
      if (opts.dialect === 'openmetrics' && !sawEof) {
        lineNo++
        fail('OpenMetrics text must end with "# EOF" (file truncated?)')
      }
      if (noTs > 0) {
        warnings.push(`${noTs} sample${noTs > 1 ? 's' : ''} had no timestamp and were stamped with the import time ${new Date(opts.defaultTs).toISOString()}.`)
      }
    },
    get dialect() {
      return sawEof || unit === 's' ? 'openmetrics' : 'prometheus-text'
    },
    warnings,
  }
}
