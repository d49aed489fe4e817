/** `fleetplan workspace info | reconcile`: through the contract methods, like every command. */
import { moneyText, signedMoneyText } from '../../shared/money'
import type { Reconciliation } from '../../shared/reconcile-types'

export const WORKSPACE_USAGE = `  fleetplan workspace info [--workspace W] [--json]
  fleetplan workspace reconcile [--workspace W] [--paths N] [--seed S] [--json]
      (without --workspace: the workspace the app used last, else the demo workspace)`

type Call = (name: 'workspace-info' | 'workspace-reconcile', input: unknown) => Promise<unknown>
type Out = (value: unknown, text: () => string) => void


/** The reconciliation as a reader wants it: the three figures, then each step with its dollars. */
export function reconcileText(r: Reconciliation): string {
  const usd = (x: number): string => moneyText(x, r.currency)
  const signed = (x: number): string => signedMoneyText(x, r.currency)
  const lines = [
    `Reconcile ${r.period.label} (${r.period.start} to ${r.period.end}, ${r.period.days} days), ${r.currency}`,
    `  billed, all services           ${usd(r.billedUsd)}`,
    `  billed accelerators            ${usd(r.billedAcceleratorUsd)}`,
    `  baseline fleet, simulated      ${r.simulatedUsd === null ? '—' : usd(r.simulatedUsd)}${r.simulation.ci95 ? `  (95 % CI ${usd(r.simulation.ci95[0])} – ${usd(r.simulation.ci95[1])})` : ''}`,
    `  forecast of the period         ${r.forecastUsd === null ? '—' : usd(r.forecastUsd)}`,
  ]
  if (r.nextMonth) lines.push(`  forecast, next ${r.nextMonth.days} days      ${usd(r.nextMonth.forecastUsd)}  (${r.nextMonth.start} – ${r.nextMonth.end}, 80 % ${usd(r.nextMonth.lo80)} – ${usd(r.nextMonth.hi80)})`)
  const group = (towards: Reconciliation['differences'][number]['towards'], title: string, to: number | null): void => {
    const steps = r.differences.filter((d) => d.towards === towards)
    if (steps.length === 0 || to === null) return
    lines.push('', `${title}:`, `  ${usd(r.billedAcceleratorUsd).padStart(16)}  billed accelerators`)
    for (const d of steps) lines.push(`  ${signed(d.usd).padStart(16)}  ${d.reason}`)
    lines.push(`  ${usd(to).padStart(16)}  = ${title.toLowerCase()}`)
  }
  group('simulated', 'Simulated baseline fleet', r.simulatedUsd)
  group('forecast', 'Forecast of the period', r.forecastUsd)
  group('next-month', 'Forecast of the next month', r.nextMonth?.forecastUsd ?? null)
  lines.push('', r.simulation.note)
  if (r.simulatedUsd !== null && r.billedAcceleratorUsd > 0) {
    const pct = ((r.simulatedUsd - r.billedAcceleratorUsd) / r.billedAcceleratorUsd) * 100
    lines.push(`Simulated vs billed accelerators: ${pct >= 0 ? '+' : ''}${pct.toFixed(1)} % (${r.withinTolerance ? 'within' : 'outside'} ±${r.tolerancePct} %; unexplained ${r.unexplainedPct.toFixed(1)} %).`)
  }
  lines.push(r.forecast.note)
  return lines.join('\n')
}

export async function workspaceCommand(sub: string | undefined, values: Record<string, string | boolean | undefined>, call: Call, out: Out): Promise<number> {
  if (sub === 'reconcile') {
    const input = {
      ...(typeof values.paths === 'string' ? { paths: Number(values.paths) } : {}),
      ...(typeof values.seed === 'string' ? { seed: Number(values.seed) } : {}),
    }
    const r = (await call('workspace-reconcile', input)) as Reconciliation
    out(r, () => reconcileText(r))
    return 0
  }
  const info = await call('workspace-info', {})
  out(info, () => JSON.stringify(info, null, 2))
  return 0
}
