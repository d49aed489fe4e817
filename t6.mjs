import { plan, parse, celEnv, celFunc, celMethod, CelScalar, isCelError, mapType, listType, celMap, celList } from '@bufbuild/cel'
const QT = mapType(CelScalar.STRING, CelScalar.DOUBLE)
function parseQ(s){ const m=/^([+-]?[0-9.]+)([a-zA-Z]*)$/.exec(s); const suf={'':1,m:1e-3,k:1e3,M:1e6,G:1e9,Ki:1024,Mi:1024**2,Gi:1024**3}; return Number(m[1])*suf[m[2]] }
const funcs = [
  celFunc('quantity', [CelScalar.STRING], QT, (s) => celMap(new Map([['q', parseQ(s)]]))),
  celMethod('asApproximateFloat', QT, [], CelScalar.DOUBLE, function () { return this.get('q') }),
  celMethod('sum', listType(CelScalar.DOUBLE), [], CelScalar.DOUBLE, function () { let t=0; for (const x of this) t+=x; return t }),
  celMethod('max', listType(CelScalar.DOUBLE), [], CelScalar.DOUBLE, function () { let t=-Infinity; for (const x of this) t=Math.max(t,x); return t }),
]
const env = celEnv({ funcs })
const G = `'nvidia.com/gpu'`
const vars = [
  ['spec', 'object.spec'],
  ['labels', `has(object.metadata.labels) ? object.metadata.labels : {}`],
  ['team', `'team' in variables.labels ? variables.labels['team'] : ('ns.' + object.metadata.namespace in params.data ? params.data['ns.' + object.metadata.namespace] : '')`],
  ['appAcc', `variables.spec.containers.map(c, has(c.resources) && has(c.resources.requests) && ${G} in c.resources.requests ? quantity(c.resources.requests[${G}]).asApproximateFloat() : 0.0).sum()`],
  ['initAcc', `has(variables.spec.initContainers) && size(variables.spec.initContainers) > 0 ? variables.spec.initContainers.map(c, has(c.resources) && has(c.resources.requests) && ${G} in c.resources.requests ? quantity(c.resources.requests[${G}]).asApproximateFloat() : 0.0).max() : 0.0`],
  ['accelerators', `variables.appAcc > variables.initAcc ? variables.appAcc : variables.initAcc`],
  ['type', `has(variables.spec.nodeSelector) && 'nvidia.com/gpu.product' in variables.spec.nodeSelector ? variables.spec.nodeSelector['nvidia.com/gpu.product'] : ''`],
  ['price', `{'H100': 12.29, 'A100': 4.09, 'H200': 13.7}`],
  ['hourly', `variables.accelerators * (variables.type in variables.price ? variables.price[variables.type] : 13.7)`],
]
const vals = [
  `variables.accelerators == 0.0 || variables.hourly <= ('maxHourly.' + variables.team in params.data ? double(params.data['maxHourly.' + variables.team]) : 100.0)`,
  `variables.accelerators == 0.0 || variables.type in ('allowed.' + variables.team in params.data ? params.data['allowed.' + variables.team] : params.data['allowed.default']).split(',')`,
  `variables.accelerators == 0.0 || ['team','project'].all(k, k in variables.labels && variables.labels[k] != '')`,
  `variables.accelerators <= 4.0 || 'fleetplan.io/exempt' in variables.labels`,
  `variables.accelerators == 0.0 || !('budget.' + variables.team in params.data) || double(params.data['spent.' + variables.team]) < double(params.data['budget.' + variables.team])`,
]
import { strings } from '@bufbuild/cel/ext'
const env2 = celEnv({ funcs: [...funcs, ...strings] })
const vp = vars.map(([n, e]) => [n, plan(env2, parse(e))])
const pp = vals.map(e => plan(env2, parse(e)))
const toC = (v) => Array.isArray(v) ? celList(v.map(toC)) : v && typeof v === 'object' ? celMap(new Map(Object.entries(v).map(([k, x]) => [k, toC(x)]))) : v
const params = toC({ data: { 'allowed.default': 'H100,A100', 'maxHourly.t1': '30', 'budget.t2': '1000', 'spent.t2': '1200', 'ns.ns1': 't1' } })
const mk = (i) => ({ metadata: { name: 'p'+i, namespace: 'ns'+(i%7), labels: i%5 ? { team: 't'+(i%6), project: 'x' } : {} }, spec: { nodeSelector: {'nvidia.com/gpu.product': ['H100','A100','H200'][i%3]}, containers: [{ name: 'c', resources: { requests: { 'nvidia.com/gpu': String(i%9), cpu: '500m', memory:'1Gi' } } }, {name:'side'}] } })
class Lazy extends Map { constructor(ctx){super(); this.ctx=ctx} get(k){ if (super.has(k)) return super.get(k); const p = this.ctx.vp.get(k); if(!p) return undefined; const r = p(this.ctx.b); if (isCelError(r)) throw r; super.set(k, r); return r } has(k){ return this.ctx.vp.has(k) } }
const vpm = new Map(vp)
let n = Number(process.argv[2] ?? 50000), t0 = performance.now(), den = 0
for (let i = 0; i < n; i++) {
  const object = toC(mk(i))
  const ctx = { vp: vpm, b: null }
  const variables = celMap(new Lazy(ctx))
  ctx.b = { object, params, variables }
  for (const p of pp) { const r = p(ctx.b); if (isCelError(r)) { console.log(r.message); process.exit(1) } if (r === false) den++ }
}
const t = performance.now() - t0
console.log('requests', n, 'us/request', (t*1000/n).toFixed(1), 'denials', den)
