import { describe, expect, it } from 'vitest'
import { parseDuration, parseTimeArg } from '../../main/cli/telemetry-args'
import { JsonTokenizer, type JsonEvents } from '../../main/ingest/telemetry/json-stream'
import { canonicalLabels, normaliseGpuModel, normaliseLabels } from '../../main/ingest/telemetry/labels'
import { createPromJsonParser } from '../../main/ingest/telemetry/prom-json'
import { pullWindows } from '../../main/ingest/telemetry/prom-pull'
import { createPromTextParser } from '../../main/ingest/telemetry/prom-text'
import type { TelemetryWriter } from '../../main/ingest/telemetry/writer'
import { ApiError } from '../../shared/errors'

/** Builds values from tokenizer events, to compare with JSON.parse. */
function collect(text: string, splits: number[]): unknown[] {
  const docs: unknown[] = []
  const stack: { v: unknown[] | Record<string, unknown>; k: string | null }[] = []
  const put = (v: unknown): void => {
    const top = stack[stack.length - 1]
    if (!top) docs.push(v)
    else if (Array.isArray(top.v)) top.v.push(v)
    else top.v[top.k as string] = v
  }
  const ev: JsonEvents = {
    startObject: () => stack.push({ v: {}, k: null }),
    startArray: () => stack.push({ v: [], k: null }),
    endObject: () => put(stack.pop()?.v),
    endArray: () => put(stack.pop()?.v),
    key: (k) => {
      const top = stack[stack.length - 1]
      if (top) top.k = k
    },
    value: put,
  }
  const tok = new JsonTokenizer(ev, true)
  let at = 0
  for (const s of [...splits, text.length]) {
    tok.push(text.slice(at, s))
    at = s
  }
  tok.end()
  return docs
}

/** A writer stand-in that records what parsers hand it. */
function recorder(): { writer: TelemetryWriter; series: { metric: string; labels: Record<string, string> }[]; points: [number, number, number][] } {
  const series: { metric: string; labels: Record<string, string> }[] = []
  const points: [number, number, number][] = []
  const keys = new Map<string, number>()
  const writer = {
    series(metric: string, labels: Record<string, string>) {
      const k = metric + canonicalLabels(labels)
      let h = keys.get(k)
      if (h === undefined) {
        h = series.length
        keys.set(k, h)
        series.push({ metric, labels })
      }
      return h
    },
    add(h: number, ts: number, v: number) {
      points.push([h, ts, v])
    },
  } as unknown as TelemetryWriter
  return { writer, series, points }
}

describe('streaming JSON tokenizer', () => {
  const docs = [
    '{"a":[1,-2.5e3,true,false,null,"x\\"y\\\\z\\u00e9"],"b":{"c":{}},"d":[]}',
    '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"a\\"b"},"values":[[1700000000.5,"1"],[1700000015,"NaN"],[1700000030,"+Inf"]]}]}}',
    '[ [ 1 , "2" ] ,\n [3,"4"] ]',
  ]
  it('gives what JSON.parse gives, wherever the chunks are cut', () => {
    for (const d of docs) {
      const want = JSON.parse(d) as unknown
      for (let i = 0; i <= d.length; i++) expect(collect(d, [i])).toEqual([want])
    }
  })
  it('reads several documents (JSON lines)', () => {
    expect(collect('{"a":1}\n{"a":2}\n', [5])).toEqual([{ a: 1 }, { a: 2 }])
  })
  it('locates syntax errors by line and column', () => {
    expect(() => collect('{"a":\n  [1,,2]}', [])).toThrow(expect.objectContaining({ line: 2, column: 6 }))
    expect(() => collect('{"a":[1,2', [])).toThrow(/unexpected end of input/)
    expect(() => collect('{"a":tru}', [])).toThrow(/not a JSON value/)
  })
})

describe('query_range parser', () => {
  const doc =
    '{"status":"success","data":{"resultType":"matrix","result":[' +
    '{"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","modelName":"NVIDIA H100 80GB HBM3","gpu":"0"},"values":[[1700000000,"12.5"],[1700000015.25,"0"],[1700000030,"NaN"]]},' +
    '{"values":[[1700000000,"3"]],"metric":{"job":"x"}}]}}'
  it('reads points through the fast path at every chunk cut, identically', () => {
    const whole = recorder()
    const p = createPromJsonParser(whole.writer, { fileName: 'f.json', defaultMetric: 'f' })
    p.push(doc)
    p.end()
    expect(whole.series).toEqual([
      { metric: 'DCGM_FI_DEV_GPU_UTIL', labels: { modelName: 'NVIDIA H100 80GB HBM3', gpu: '0' } },
      { metric: 'f', labels: { job: 'x' } },
    ])
    expect(whole.points).toEqual([
      [0, 1700000000000, 12.5],
      [0, 1700000015250, 0],
      [0, 1700000030000, NaN],
      [1, 1700000000000, 3],
    ])
    for (let i = 1; i < doc.length; i += 7) {
      const r = recorder()
      const q = createPromJsonParser(r.writer, { fileName: 'f.json', defaultMetric: 'f' })
      q.push(doc.slice(0, i))
      q.push(doc.slice(i))
      q.end()
      expect(r.points).toEqual(whole.points)
    }
  })
  it('refuses an error answer with Prometheus’ message', () => {
    const r = recorder()
    const p = createPromJsonParser(r.writer, { fileName: 'e.json', defaultMetric: 'e' })
    expect(() => {
      p.push('{"status":"error","errorType":"bad_data","error":"parse error at char 5"}')
      p.end()
    }).toThrow(/Prometheus answered with an error: parse error at char 5/)
  })
})

describe('Prometheus / OpenMetrics text', () => {
  it('unescapes label values, drops exemplars, reads seconds in OpenMetrics', () => {
    const r = recorder()
    const p = createPromTextParser(r.writer, { fileName: 'm.om', dialect: 'auto', defaultTs: 0 })
    p.push('# TYPE x gauge\nx{path="C:\\\\dir",q="say \\"hi\\"",nl="a\\nb"} 1.5 1700000000.5\n')
    p.push('x_bucket{le="+Inf"} +Inf 1700000001 # {trace_id="abc"} 0.5 1700000001\n# EOF\n')
    p.end()
    expect(p.dialect).toBe('openmetrics')
    expect(r.series[0]?.labels).toEqual({ path: 'C:\\dir', q: 'say "hi"', nl: 'a\nb' })
    expect(r.points).toEqual([
      [0, 1700000000500, 1.5],
      [1, 1700000001000, Infinity],
    ])
  })
  it('reads milliseconds in Prometheus text and refuses content after # EOF', () => {
    const r = recorder()
    const p = createPromTextParser(r.writer, { fileName: 'm.prom', dialect: 'auto', defaultTs: 0 })
    p.push('up{job="a"} 1 1700000000000\n')
    p.end()
    expect(r.points).toEqual([[0, 1700000000000, 1]])
    const q = createPromTextParser(recorder().writer, { fileName: 'm.om', dialect: 'auto', defaultTs: 0 })
    expect(() => q.push('# EOF\nup 1 1\n')).toThrow(ApiError)
  })
})

describe('label normalisation', () => {
  it('maps exporter model names to accelerator ids', () => {
    const cases: [string, string][] = [
      ['NVIDIA H100 80GB HBM3', 'H100'],
      ['NVIDIA H100 NVL', 'H100'],
      ['NVIDIA H200', 'H200'],
      ['NVIDIA B200', 'B200'],
      ['NVIDIA A100-SXM4-80GB', 'A100'],
      ['NVIDIA L40S', 'L40S'],
      ['AMD Instinct MI300X', 'MI300X'],
      ['AMD Instinct MI325X OAM', 'MI325X'],
      ['tpu-v5-lite-podslice', 'TPUv5e'],
      ['TPU v5p', 'TPUv5p'],
      ['tpu-v6e-slice', 'TPUv6e'],
      ['Intel Gaudi 3', 'Gaudi3'],
      ['HL-325L', 'Gaudi3'],
      ['Some Future GPU', 'Some Future GPU'],
    ]
    for (const [name, id] of cases) expect(normaliseGpuModel(name), name).toBe(id)
  })
  it('reads host, pod, namespace, team from their common spellings', () => {
    expect(normaliseLabels({ instance: '10.0.0.5:9400', exported_pod: 'p', exported_namespace: 'ns', UUID: 'GPU-1', label_team: 'ml' })).toEqual({
      gpuUuid: 'GPU-1',
      gpuModel: null,
      host: '10.0.0.5',
      namespace: 'ns',
      pod: 'p',
      team: 'ml',
      project: null,
    })
    expect(normaliseLabels({ Hostname: 'node-7', instance: 'x:1', 'k8s.pod.name': 'q' })).toMatchObject({ host: 'node-7', pod: 'q' })
  })
})

describe('pull windows and CLI time arguments', () => {
  it('splits a range so no window has more than 10,000 points, without gaps or overlaps', () => {
    const w = pullWindows(0, 14_400, 1)
    expect(w).toEqual([
      { start: 0, end: 9_999 },
      { start: 10_000, end: 14_400 },
    ])
    const many = pullWindows(1000, 1000 + 60 * 25_000, 60)
    for (const [i, x] of many.entries()) {
      expect((x.end - x.start) / 60 + 1).toBeLessThanOrEqual(10_000)
      if (i > 0) expect(x.start).toBe((many[i - 1]?.end ?? 0) + 60)
    }
    expect(many.at(-1)?.end).toBe(1000 + 60 * 25_000)
  })
  it('parses durations and times the way Prometheus users write them', () => {
    expect(parseDuration('15s', '--step')).toBe(15)
    expect(parseDuration('1h30m', '--step')).toBe(5400)
    expect(parseDuration('300', '--step')).toBe(300)
    expect(() => parseDuration('5 minutes', '--step')).toThrow(/not a duration/)
    expect(parseTimeArg('now-1h', 1_700_000_000_000, '--start')).toBe(1_700_000_000 - 3600)
    expect(parseTimeArg('2026-01-01T00:00:00Z', 0, '--start')).toBe(1_767_225_600)
    expect(parseTimeArg('1700000000', 0, '--start')).toBe(1_700_000_000)
  })
})
