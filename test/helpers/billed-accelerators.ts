import { execFileSync } from 'node:child_process'

/**
 * Billed accelerator spend of FOCUS CSV files in [from, to), computed without Fleetplan: Python's csv module
 * and Decimal, accelerator lines told by the instance names the providers document (Azure ND…H100/H200/MI300X
 * VM sizes, GCP a3 machine types, Lambda gpu_8x_… instance types, AWS g5 / p4d / p5 instance types) in the SKU
 * or the charge description. Also the whole bill of the period.
 */
export function pythonBilledAccelerators(files: string[], from: string, to: string): { accelerators: number; all: number; rows: number } {
  const script = `
import csv, json, re, sys
from decimal import Decimal
pat = re.compile(r'(ND\\d+\\w*(H100|H200|MI300X)|a3-\\w*gpu|gpu_\\d+x_|\\bg5\\.\\d*x?large|\\bp5\\.|\\bp4d)', re.I)
frm, to, files = sys.argv[1], sys.argv[2], sys.argv[3:]
acc = Decimal(0); total = Decimal(0); n = 0
for f in files:
    with open(f, newline='', encoding='utf-8') as fh:
        for r in csv.DictReader(fh):
            if not (frm <= r['ChargePeriodStart'][:10] < to):
                continue
            v = r['BilledCost']
            v = Decimal(0) if v in ('', 'NULL') else Decimal(v)
            total += v
            if pat.search(' '.join([r.get('SkuId') or '', r.get('ChargeDescription') or ''])):
                acc += v
                n += 1
print(json.dumps({'accelerators': str(acc), 'all': str(total), 'rows': n}))
`
  const out = JSON.parse(execFileSync('python3', ['-c', script, from, to, ...files], { encoding: 'utf8' })) as { accelerators: string; all: string; rows: number }
  return { accelerators: Number(out.accelerators), all: Number(out.all), rows: out.rows }
}
