import { execFileSync } from 'node:child_process'

/**
 * Sums a CSV column with Python's csv module: an implementation independent of Fleetplan's parser, so a
 * test's expected total is not computed by the code under test. Nulls written as NULL or '' count as 0.
 */
export function pythonColumnSum(file: string, column: string, where?: { column: string; equals: string }): number {
  const script = `
import csv, sys
from decimal import Decimal
total = Decimal(0)
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        if len(sys.argv) > 3 and row[sys.argv[3]] != sys.argv[4]:
            continue
        v = row[sys.argv[2]]
        if v not in ('', 'NULL'):
            total += Decimal(v)
print(total)
`
  const args = ['-c', script, file, column, ...(where ? [where.column, where.equals] : [])]
  return Number(execFileSync('python3', args, { encoding: 'utf8' }).trim())
}

export function pythonRowCount(file: string): number {
  const script = `
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(sum(1 for _ in csv.DictReader(f)))
`
  return Number(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim())
}
