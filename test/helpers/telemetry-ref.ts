import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { KIT_DATA, REPO_ROOT } from './tmp'

export const DUTY_CYCLE = join(KIT_DATA, 'alibaba-gpu-traces', 'v2026-genai', 'pod_gpu_duty_cycle_anon.csv')
export const GPU_MEMORY = join(KIT_DATA, 'alibaba-gpu-traces', 'v2026-genai', 'pod_gpu_memory_used_bytes_anon.csv')
export const DCGM_DIR = join(KIT_DATA, 'dcgm-exporter')

/** Runs test/helpers/telemetry_ref.py (Python csv/json only): expected values independent of the app. */
export function ref<T>(cmd: string, ...args: (string | number)[]): T {
  const out = execFileSync('python3', [join(REPO_ROOT, 'test', 'helpers', 'telemetry_ref.py'), cmd, ...args.map(String)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  return JSON.parse(out) as T
}

export interface RefStats {
  series: number
  samples: number
  sum: number
  minTs: number
  maxTs: number
  perLabel: Record<string, { count: number; sum: number }>
}
