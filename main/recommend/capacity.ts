/**
 * Karpenter NodePools per accelerator type × provider × capacity type for cloud pools with a Karpenter provider,
 * with `limits` from the plan's counts and `weight` favouring committed capacity. On-prem pools, and clouds
 * without a Karpenter provider, are listed for plan.md instead (their capacity is not provisioned by Karpenter).
 */
import type { NodePoolRec, OnPremPoolRec, RecommendSettings } from '../../shared/plan-types'
import { CAPACITY_TYPE_LABEL, INSTANCE_TYPE_LABEL, KARPENTER_NODE_CLASS, deviceOf } from './devices'
import type { Flavor } from './kueue'

/** Committed capacity is paid whether used or not, so it fills first; spot (cheapest) next; on-demand last. */
export const WEIGHTS: Record<NodePoolRec['capacityType'], number> = { reserved: 100, spot: 50, 'on-demand': 10 }

export function buildNodePools(flavors: Flavor[], settings: RecommendSettings): { nodePools: NodePoolRec[]; elsewhere: OnPremPoolRec[] } {
  const nodePools: NodePoolRec[] = []
  const elsewhere: OnPremPoolRec[] = []
  for (const f of flavors) {
    const r = f.rec
    const nc = KARPENTER_NODE_CLASS[r.provider]
    if (r.capacityType === 'on-prem' || !nc) {
      for (const p of f.pools) {
        elsewhere.push({
          accelerator: p.accelerator,
          region: p.region,
          count: p.count,
          resource: r.resource,
          flavor: r.name,
          reasoning: {
            text:
              r.capacityType === 'on-prem'
                ? `Owned capacity: ${p.count} × ${p.acceleratorName} in ${p.region}. No NodePool (Karpenter does not buy servers); its nodes must carry the labels of flavor ${r.name}.`
                : `${p.provider} has no Karpenter provider: ${p.count} × ${p.acceleratorName} are provisioned outside Karpenter; their nodes must carry the labels of flavor ${r.name}.`,
            inputs: [{ label: 'price per accelerator-hour', value: `$${p.usdPerAccelHour.toFixed(3)}` }],
          },
        })
      }
      continue
    }
    const capacityType = r.capacityType
    const dev = deviceOf(r.accelerator)
    const types = [...new Set(f.pools.flatMap((p) => p.instanceTypes))].sort()
    const requirements: NodePoolRec['requirements'] = [{ key: CAPACITY_TYPE_LABEL, operator: 'In', values: [capacityType] }]
    const accelLabel = r.provider === 'gcp' ? (dev.gke ?? dev.product) : r.provider === 'aws' ? (dev.aws ?? dev.product) : dev.product
    if (types.length > 0) requirements.push({ key: INSTANCE_TYPE_LABEL, operator: 'In', values: types })
    else if (accelLabel) requirements.push({ key: accelLabel.key, operator: 'In', values: [accelLabel.value] })
    const weight = WEIGHTS[capacityType]
    nodePools.push({
      name: r.name,
      accelerator: r.accelerator,
      provider: r.provider,
      capacityType,
      resource: r.resource,
      limit: r.capacity,
      weight,
      requirements,
      nodeClassRef: { group: nc.group, kind: nc.kind, name: settings.nodeClassName },
      taints: [{ key: r.resource, effect: 'NoSchedule' }],
      reasoning: {
        text:
          `At most ${r.capacity} ${r.resource} (the plan's ${r.accelerator} ${capacityType} count on ${r.provider}), ${nc.note}. Weight ${weight}: ` +
          (capacityType === 'reserved'
            ? 'committed capacity is paid whether used or not, so Karpenter fills it first. The reserved capacity type launches into capacity reservations (the node class selects them); for a commitment that is only a billing discount, change the requirement to on-demand.'
            : capacityType === 'spot'
              ? 'spot is the cheapest per hour, so it comes before on-demand; the plan sized it with its interruption rate.'
              : 'on-demand is the dearest, used last.') +
          (types.length > 0 ? ` Instance types from the catalog: ${types.join(', ')}.` : ''),
        inputs: f.pools.map((p) => ({ label: `${p.region} ${p.option}`, value: `${p.count} × $${p.usdPerAccelHour.toFixed(3)}/h` })),
        formula: 'limits[resource] = Σ pool counts; weight: reserved 100 > spot 50 > on-demand 10',
      },
    })
  }
  return { nodePools, elsewhere }
}
