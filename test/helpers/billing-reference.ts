/**
 * Expected billing totals computed in Python (csv + Decimal) straight from the providers' documented
 * definitions — an implementation independent of Fleetplan's mappers, so a test's expected figure is never
 * produced by the code under test.
 */
import { execFileSync } from 'node:child_process'

function python(script: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim()
}

const READ = `
import csv, sys, json
from decimal import Decimal
def D(v):
    return Decimal(v) if v not in ('', 'NULL', None) else Decimal(0)
def rows(path, delimiter=','):
    with open(path, newline='', encoding='utf-8') as f:
        yield from csv.DictReader(f, delimiter=delimiter)
`

/**
 * AWS's amortized cost of a CUR (legacy `lineItem/…` names), by line item type, as AWS's CUR query library
 * defines it: covered usage at its effective cost, the unused part of RI fees and Savings Plans
 * commitments, nothing for negations and upfront purchases, the unblended cost for everything else.
 */
export function awsAmortizedCost(file: string): number {
  return Number(
    python(
      `${READ}
total = Decimal(0)
for r in rows(sys.argv[1]):
    t = r['lineItem/LineItemType']
    if t == 'SavingsPlanCoveredUsage': total += D(r['savingsPlan/SavingsPlanEffectiveCost'])
    elif t == 'SavingsPlanRecurringFee': total += D(r['savingsPlan/TotalCommitmentToDate']) - D(r['savingsPlan/UsedCommitment'])
    elif t in ('SavingsPlanNegation', 'SavingsPlanUpfrontFee'): pass
    elif t == 'DiscountedUsage': total += D(r['reservation/EffectiveCost'])
    elif t == 'RIFee': total += D(r['reservation/UnusedAmortizedUpfrontFeeForBillingPeriod']) + D(r['reservation/UnusedRecurringFee'])
    elif t == 'Fee' and r.get('reservation/ReservationARN', ''): pass
    else: total += D(r['lineItem/UnblendedCost'])
print(total)`,
      file,
    ),
  )
}

/** Sum of one column over the rows where `where` matches (every column named in it equals its value). */
export function pythonSumWhere(file: string, column: string, where: Record<string, string[]> = {}, delimiter = ','): number {
  return Number(
    python(
      `${READ}
where = json.loads(sys.argv[3])
total = Decimal(0)
for r in rows(sys.argv[1], sys.argv[4]):
    if all(r.get(k, '') in v for k, v in where.items()): total += D(r[sys.argv[2]])
print(total)`,
      file,
      column,
      JSON.stringify(where),
      delimiter,
    ),
  )
}

/**
 * GCP EffectiveCost as the FOCUS converters define it (cost + Σ credits.amount, never below 0), with the
 * nested `credits` cell read as JSON or as a Python literal (ast.literal_eval) — the forms exports come in.
 */
export function gcpEffectiveCost(file: string): number {
  return Number(
    python(
      `${READ}
import ast
total = Decimal(0)
for r in rows(sys.argv[1]):
    c = r['credits'].strip()
    credits = (json.loads(c) if c.startswith('[{"') or c == '[]' else ast.literal_eval(c)) if c else []
    v = D(r['cost']) + sum((Decimal(str(x['amount'])) for x in credits), Decimal(0))
    total += max(v, Decimal(0))
print(total)`,
      file,
    ),
  )
}
