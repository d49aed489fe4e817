/**
 * Who may remove a generated file of a shared cluster folder, and which files a kept file still needs — on files
 * written the way an export writes them (header naming the plan, then one resource).
 */
import { describe, expect, it } from 'vitest'
import type { PlanKind } from '../../../shared/plan-types'
import type { Plan } from '../../../shared/types'
import { removableBy, stillNeeded } from '../../../main/gitops/cluster-ownership'
import { manifestFile } from '../../../main/gitops/manifests/stable-yaml'

const by = (planId: string, object: unknown): string => manifestFile({ planId, planName: planId, approvedBy: 'D', approvedAt: '2026-11-30T00:00:00Z' }, object)
const plan = (id: string, kind: PlanKind): Plan => ({ id, kind }) as Plan
const writers = new Map<string, PlanKind>([
  ['pl_fleet1', 'fleet'],
  ['pl_base1', 'baseline'],
])
const queue = { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: 'research' } }

describe('cluster folder ownership', () => {
  it('a plan removes what a plan of its kind wrote, never the other kind’s; unattributed files are a fleet plan’s', () => {
    const fleetFile = by('pl_fleet1', queue)
    const baseFile = by('pl_base1', queue)
    const unknown = by('pl_gone', queue)
    expect(removableBy(plan('pl_fleet2', 'fleet'), fleetFile, writers)).toBe(true)
    expect(removableBy(plan('pl_fleet2', 'fleet'), baseFile, writers)).toBe(false)
    expect(removableBy(plan('pl_base2', 'baseline'), baseFile, writers)).toBe(true)
    expect(removableBy(plan('pl_base2', 'baseline'), fleetFile, writers)).toBe(false)
    expect(removableBy(plan('pl_fleet2', 'fleet'), unknown, writers)).toBe(true)
    expect(removableBy(plan('pl_base2', 'baseline'), unknown, writers)).toBe(false)
    // Its own earlier file, before its plan.json is in the checkout.
    expect(removableBy(plan('pl_base3', 'baseline'), by('pl_base3', queue), writers)).toBe(true)
  })

  it('keeps the Gatekeeper template of a kept Constraint’s kind and the namespace a kept object lives in', () => {
    const template = (kind: string): string =>
      by('pl_fleet1', { apiVersion: 'templates.gatekeeper.sh/v1', kind: 'ConstraintTemplate', metadata: { name: kind.toLowerCase() }, spec: { crd: { spec: { names: { kind } } } } })
    const candidates = new Map([
      ['policies/gatekeeper/templates/fleetplanmaxaccelerators.yaml', template('FleetplanMaxAccelerators')],
      ['policies/gatekeeper/templates/fleetplanbudgetceiling.yaml', template('FleetplanBudgetCeiling')],
      ['policies/namespace.yaml', by('pl_fleet1', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fleetplan-policies' } })],
      ['policies/other-namespace.yaml', by('pl_fleet1', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'unused' } })],
      ['kueue/clusterqueue-research.yaml', by('pl_fleet1', queue)],
    ])
    const kept = [
      by('pl_base1', { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'FleetplanMaxAccelerators', metadata: { name: 'fleetplan-x-size' } }),
      by('pl_base1', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fleetplan-x-params', namespace: 'fleetplan-policies' } }),
    ]
    expect([...stillNeeded(candidates, kept)].sort()).toEqual(['policies/gatekeeper/templates/fleetplanmaxaccelerators.yaml', 'policies/namespace.yaml'])
    expect(stillNeeded(candidates, [])).toEqual(new Set())
  })
})
