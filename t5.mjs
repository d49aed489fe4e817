import { plan, parse, celEnv, celFunc, celMethod, CelScalar, isCelError, mapType, listType, celMap, celList } from '@bufbuild/cel'
const QT = mapType(CelScalar.STRING, CelScalar.DOUBLE)
function parseQ(s){ const m=/^([+-]?[0-9.]+)([a-zA-Z]*)$/.exec(s); const suf={'':1,m:1e-3,k:1e3,M:1e6,G:1e9,Ki:1024,Mi:1024**2,Gi:1024**3}; return Number(m[1])*suf[m[2]] }
const funcs = [
  celFunc('quantity', [CelScalar.STRING], QT, (s) => celMap(new Map([['q', parseQ(s)]]))),
  celMethod('asApproximateFloat', QT, [], CelScalar.DOUBLE, function () { return this.get('q') }),
  celMethod('sum', listType(CelScalar.DOUBLE), [], CelScalar.DOUBLE, function () { let t=0; for (const x of this) t+=x; return t }),
]
const env = celEnv({ funcs })
const toC = (v) => Array.isArray(v) ? celList(v.map(toC)) : v && typeof v === 'object' ? celMap(new Map(Object.entries(v).map(([k, x]) => [k, toC(x)]))) : v
const exprs = process.argv.slice(2)
const plans = exprs.map(e => plan(env, parse(e)))
const mk = (i) => ({ metadata: { name: 'p'+i, namespace: 'ns'+(i%7), labels: i%5 ? { team: 't'+(i%6), project: 'x' } : {} }, spec: { containers: [{ name: 'c', resources: { requests: { 'nvidia.com/gpu': String(i%9), cpu: '500m', memory:'1Gi' } } }, {name:'side'}] } })
let n = 100000, t0 = performance.now()
for (let i = 0; i < n; i++) { const object = toC(mk(i)); for (const p of plans) { const r = p({ object }); if (isCelError(r)) throw r } }
const t = performance.now() - t0
console.log((t*1000/(n*plans.length)).toFixed(2), 'us/eval')
