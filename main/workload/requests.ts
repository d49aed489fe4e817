/** A pod's effective request of accelerators, as Kubernetes computes it: max(Σ app containers, max init). */
import { ACCELERATOR_RESOURCES } from '../../shared/accelerator-k8s'
import { parseQuantity } from '../../shared/k8s-quantity'
import type { WorkloadContainer } from '../../shared/workload-types'

function amount(m: Record<string, string> | undefined): number | null {
  if (!m) return null
  let total = 0
  let any = false
  for (const r of ACCELERATOR_RESOURCES) {
    const q = m[r]
    if (q === undefined) continue
    any = true
    total += parseQuantity(q)?.value ?? 0
  }
  return any ? total : null
}

export function effectiveAccelerators(containers: readonly WorkloadContainer[]): number {
  let app = 0
  let init = 0
  for (const c of containers) {
    const n = amount(c.requests) ?? amount(c.limits) ?? 0
    if (c.init) init = Math.max(init, n)
    else app += n
  }
  return Math.max(app, init)
}
