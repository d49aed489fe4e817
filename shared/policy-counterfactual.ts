/**
 * The honest counterfactual of a replay: "would have saved" counts only the cost of the denied workloads
 * (the gross figure), and some of that work would have come back in a compliant form. Under the stated
 * assumption that `resubmittedPct` % of it was resubmitted at the same cost, the saving is the rest. Shared so
 * the replay's answer and the page's assumption slider compute it the same way.
 */
export interface Counterfactual {
  grossUsd: number
  resubmittedPct: number
  resubmittedUsd: number
  netUsd: number
  note: string
}

const r2 = (x: number): number => Math.round(x * 100) / 100
const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

export function counterfactual(grossUsd: number, resubmittedPct: number, withBudgetRule = false): Counterfactual {
  const pct = Math.min(100, Math.max(0, resubmittedPct))
  const gross = r2(grossUsd)
  const resubmitted = r2((gross * pct) / 100)
  return {
    grossUsd: gross,
    resubmittedPct: pct,
    resubmittedUsd: resubmitted,
    netUsd: r2(gross - resubmitted),
    note:
      `Would have kept ${usd(gross)} of workloads from running. Assuming ${pct} % of that work was resubmitted in a compliant form at the same cost, the saving is the remaining ${100 - pct} % (${usd(r2(gross - resubmitted))}).` +
      (withBudgetRule ? ' Budget denials use the spend history as it happened; had the policy been enforced, spend would have been lower and the ceilings reached later, so they are an upper bound.' : ''),
  }
}
