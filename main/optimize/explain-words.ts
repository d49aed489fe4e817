/**
 * The optimizer's reasons in plain words: one sentence per constraint that shapes the answer, saying what it
 * does to the fleet (no shadow prices or gaps — those stay in the JSON for people who want them).
 */
import { moneyText } from '../../shared/money'
import type { OptimizeResult } from '../../shared/scenario-types'

type Sensitivity = OptimizeResult['sensitivity'][number]

const usd = (x: number): string => moneyText(Math.abs(x))
const n1 = (x: number): string => Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 1 })
const pct = (x: number): string => `${Math.round(x * 100)} %`

/** What 5 % more of a limit would change, when the re-solve says. */
function withMore(what: string, s: Sensitivity | undefined): string {
  if (!s) return ''
  const parts: string[] = []
  if (s.unmetDelta < -0.01) parts.push(`serve ${n1(s.unmetDelta)} more H100-equivalents`)
  if (Math.abs(s.costDelta) >= 0.01) parts.push(`${s.costDelta < 0 ? 'save' : 'cost'} ${usd(s.costDelta)} an hour${s.costDelta > 0 ? ' more' : ''}`)
  if (Math.abs(s.carbonDelta) >= 0.05) parts.push(`${s.carbonDelta < 0 ? 'cut' : 'add'} ${n1(s.carbonDelta)} kgCO2e an hour`)
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]
  return list ? ` With 5 % more ${what} the optimizer would ${list}.` : ` 5 % more ${what} would not change the fleet.`
}

export function budgetSentence(limit: number, unmet: number, totalDemand: number, s: Sensitivity | undefined): string {
  const effect =
    unmet > 0.01
      ? `it leaves ${n1(unmet)} H100-equivalents (${pct(unmet / Math.max(totalDemand, 1e-9))}) of the demand unserved`
      : 'it holds the fleet to a cheaper mix than the optimizer would otherwise choose (fewer dedicated or on-demand accelerators, more spot and shared capacity)'
  return `The budget of ${usd(limit)} an hour is spent in full: ${effect}.${withMore('budget', s)}`
}

export function carbonSentence(limit: number, s: Sensitivity | undefined): string {
  return `The carbon cap of ${n1(limit)} kgCO2e an hour is reached: it steers the fleet towards lower-carbon accelerators and regions, even where dearer.${withMore('carbon allowance', s)}`
}

export function unusedSentence(kind: 'budget' | 'carbon', spare: number): string {
  return kind === 'budget'
    ? `The budget leaves ${usd(spare)} an hour unused: the cheapest fleet that meets the demand costs less.`
    : `The carbon cap leaves ${n1(spare)} kgCO2e an hour unused: the cheapest fleet already emits less.`
}

export function fairnessSentence(team: string, floor: number): string {
  return `${team} is served exactly its floor of ${pct(floor)} of its demand: the limits leave no room for more, and without the floor it would get less.`
}

export function capacitySentence(type: string, marginalUsd: number, util: number): string {
  return `${type} is fully used at the ${pct(util)} target utilisation: one more busy ${type}-hour is worth ${usd(marginalUsd)} to this fleet (what that work would cost otherwise).`
}

export function poolCapSentence(label: string, cap: number, spot: boolean): string {
  return `${label} is at its cap of ${cap.toLocaleString('en-US')} accelerators${spot ? ' (spot capacity is scarce; the cap is an assumption)' : ''}: it is the cheapest way to serve its work, so the optimizer would buy more if it could, and the rest goes to dearer pools.`
}

export function commitmentSentence(label: string, count: number): string {
  return `The existing commitment of ${count.toLocaleString('en-US')} × ${label} is kept in full although the optimizer would buy fewer: it is already paid for.`
}

/** The MIP gap (answer vs the LP relaxation bound) as a promise about cost. */
export function proofSentence(status: string, gap: number | null): string {
  if (gap === null) return `The solver stopped (${status}) before proving how close this fleet is to the cheapest one.`
  if (gap < 1e-4) return 'Proven to be the cheapest fleet for this demand and these limits.'
  return `Proven to cost at most ${(gap * 100).toFixed(gap < 0.01 ? 2 : 1)} % more than the cheapest possible fleet for this demand and these limits${status === 'Optimal' ? '' : ` (solver: ${status})`}.`
}

/** The greedy heuristic beside the optimizer's answer: what planning one demand at a time would cost. */
export function greedySentence(greedy: { costUsdPerHour: number; unmet: number }, optimal: { costUsdPerHour: number; unmet: number }): string {
  const d = greedy.costUsdPerHour - optimal.costUsdPerHour
  const rel = optimal.costUsdPerHour > 0 ? ` (${n1((Math.abs(d) / optimal.costUsdPerHour) * 100)} % ${d >= 0 ? 'more' : 'less'})` : ''
  const unmet = greedy.unmet > optimal.unmet + 0.01 ? `, and leave ${n1(greedy.unmet - optimal.unmet)} more H100-equivalents unserved` : ''
  return `Picking the cheapest accelerator per unit of work, one demand at a time, would cost ${usd(greedy.costUsdPerHour)} an hour${rel}${unmet}.`
}
