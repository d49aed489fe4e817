#!/usr/bin/env node
// Reproducible telemetry benchmark input from the real Alibaba GPU duty-cycle series
// (../shared/data/alibaba-gpu-traces/v2026-genai; research/study use, never shipped in resources/).
// Writes N samples as a Prometheus query_range JSON answer, and the same samples as plain CSV
// (series,ts_ms,value) for the sqlite3 CLI floor. Series i replays pod (i mod 143)'s real day, shifted by
// whole days, until it has POINTS points; labels look like dcgm-exporter's. Deterministic: no randomness.
import { once } from 'node:events'
import { createWriteStream, readFileSync } from 'node:fs'

const MODELS = ['NVIDIA H100 80GB HBM3', 'NVIDIA A100-SXM4-80GB', 'NVIDIA H200', 'NVIDIA L40S']

export async function generateTelemetryBench(sourceCsv, jsonFile, csvFile, total, points = 10_000) {
  const lines = readFileSync(sourceCsv, 'utf8').split('\n')
  const header = lines[0].split(',')
  const iv = header.indexOf('value')
  const it = header.indexOf('timestamp_anon')
  const ip = header.indexOf('container_ip')
  const byPod = new Map()
  for (const l of lines.slice(1)) {
    if (!l) continue
    const f = l.split(',')
    if (f[iv] === '') continue
    let a = byPod.get(f[ip])
    if (!a) byPod.set(f[ip], (a = []))
    a.push([Number(f[it]), f[iv]])
  }
  const pods = [...byPod.keys()].sort()
  for (const p of pods) byPod.get(p).sort((x, y) => x[0] - y[0])
  const json = createWriteStream(jsonFile)
  const csv = createWriteStream(csvFile)
  const w = async (s, text) => {
    if (!s.write(text)) await once(s, 'drain')
  }
  await w(json, '{"status":"success","data":{"resultType":"matrix","result":[')
  await w(csv, 'series,ts,value\n')
  let written = 0
  let series = 0
  while (written < total) {
    const pod = pods[series % pods.length]
    const day = byPod.get(pod)
    const n = Math.min(points, total - written)
    const labels = {
      __name__: 'DCGM_FI_DEV_GPU_UTIL',
      gpu: String(series % 8),
      UUID: `GPU-${String(series).padStart(8, '0')}-bench`,
      modelName: MODELS[Math.floor(series / 8) % MODELS.length],
      Hostname: `node-${Math.floor(series / 8)}`,
      namespace: 'genai',
      pod,
    }
    let out = `${series ? ',' : ''}\n{"metric":${JSON.stringify(labels)},"values":[`
    let csvOut = ''
    for (let k = 0; k < n; k++) {
      const [ts, v] = day[k % day.length]
      const t = ts + Math.floor(k / day.length) * 86_400
      out += `${k ? ',' : ''}[${t},"${v}"]`
      csvOut += `${series},${t * 1000},${v}\n`
      if (out.length > 1 << 16) {
        await w(json, out)
        out = ''
      }
      if (csvOut.length > 1 << 16) {
        await w(csv, csvOut)
        csvOut = ''
      }
    }
    await w(json, `${out}]}`)
    await w(csv, csvOut)
    written += n
    series++
  }
  await w(json, '\n]}}\n')
  json.end()
  csv.end()
  await Promise.all([once(json, 'finish'), once(csv, 'finish')])
  return { samples: written, series }
}
