/**
 * report.html: one self-contained file for finance (no script, no network): the fleet, cost with its interval,
 * carbon, fairness, what changed against the plan previously in the checkout, and who approved it. Charts are
 * inline SVG from ECharts' server-side renderer.
 */
import { amountText, moneyText } from '../../shared/money'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import type { PlanFigures } from '../../shared/plan-types'
import type { Plan } from '../../shared/types'
import { poolMonthlyUsd } from '../plan/snapshot'

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const usd = (x: number): string => moneyText(x, 'USD', 0)
const num = (x: number, d = 1): string => amountText(x, d)
const compactUsd = (x: number): string => (Math.abs(x) >= 1e6 ? `$${num(x / 1e6, 1)}M` : Math.abs(x) >= 1e3 ? `$${num(x / 1e3, 0)}k` : `$${num(x, 0)}`)

// Only what the report draws: a smaller module graph to load in the worker.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer])

const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563']

/**
 * One chart as an SVG string, the same bytes every time: no animation, fixed size, and zrender's class and clip
 * ids (`zr<n>-cls-<k>`, `zr<n>-c<k>`: process-wide counters) renumbered under the chart's own key, unique within
 * the report.
 */
export function svgChart(key: string, option: echarts.EChartsCoreOption, width = 760, height = 300): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option })
    const names = new Map<string, string>()
    const counts = new Map<string, number>()
    return chart.renderToSVGString().replace(/\bzr\d+-([a-z]+)-?(\d+)\b/g, (m: string, kind: string) => {
      let name = names.get(m)
      if (!name) {
        const n = counts.get(kind) ?? 0
        counts.set(kind, n + 1)
        name = `fp-${key}-${kind}${n}`
        names.set(m, name)
      }
      return name
    })
  } finally {
    chart.dispose()
  }
}

function fleetChart(plan: Plan): string {
  const pools = plan.snapshot?.pools ?? []
  const options = [...new Set(pools.map((p) => p.option))]
  const labels = [...new Set(pools.map((p) => `${p.accelerator} · ${p.provider}`))]
  return svgChart(
    'fleet',
    {
      title: { text: 'Fleet: accelerators per type and purchase option', left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 30, left: 0 },
      grid: { left: 150, right: 30, top: 70, bottom: 36 },
      xAxis: { type: 'value', name: 'accelerators', nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', data: labels, inverse: true },
      series: options.map((o) => ({
        name: o,
        type: 'bar',
        stack: 'fleet',
        label: { show: true, position: 'inside' },
        data: labels.map((l) => pools.filter((p) => `${p.accelerator} · ${p.provider}` === l && p.option === o).reduce((a, p) => a + p.count, 0) || null),
      })),
    },
    760,
    Math.max(180, 90 + labels.length * 34),
  )
}

function budgetChart(plan: Plan): string {
  const b = plan.recommendations?.budgets ?? []
  return svgChart('budget', {
    title: { text: 'Monthly accelerator spend per team (USD): median and upper bands', left: 0, textStyle: { fontSize: 14 } },
    legend: { top: 30, left: 0 },
    grid: { left: 70, right: 20, top: 70, bottom: 50 },
    xAxis: { type: 'category', data: b.map((x) => x.team), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactUsd(v) } },
    series: [
      { name: 'median', type: 'bar', data: b.map((x) => x.monthlyP50Usd) },
      { name: '80 % upper band', type: 'bar', data: b.map((x) => x.monthlyHi80Usd) },
      { name: '95 % upper band', type: 'bar', data: b.map((x) => x.monthlyHi95Usd) },
    ],
  })
}

function changeChart(plan: Plan, previous: PlanFigures | null): string {
  const f = plan.fleet
  if (!f) return ''
  const cats: string[] = []
  const before: (number | null)[] = []
  if (f.currentAcceleratorMonthlyUsd !== null) {
    cats.push('current spend (billing)')
    before.push(f.currentAcceleratorMonthlyUsd)
  }
  if (previous?.monthlyUsd != null) {
    cats.push(`previous plan ${previous.planId ?? ''}`.trim())
    before.push(previous.monthlyUsd)
  }
  cats.push('this plan')
  return svgChart(
    'change',
    {
      title: { text: 'Monthly accelerator cost: before and after (USD)', left: 0, textStyle: { fontSize: 14 } },
      grid: { left: 70, right: 20, top: 50, bottom: 40 },
      xAxis: { type: 'category', data: cats, axisLabel: { interval: 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compactUsd(v) } },
      series: [{ type: 'bar', barWidth: '40%', label: { show: true, position: 'top', formatter: (p: { value: number }) => compactUsd(p.value) }, data: [...before, f.monthlyUsd] }],
    },
    760,
    260,
  )
}

function demandChart(plan: Plan): string {
  const fc = plan.snapshot?.forecast
  const series = fc?.series.filter((s) => s.unit === 'GPU-hours') ?? []
  if (!fc || series.length === 0) return ''
  const days = Math.max(...series.map((s) => s.mean.length))
  const start = new Date(`${series[0]!.start}T00:00:00Z`)
  const x = Array.from({ length: days }, (_, i) => new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10))
  return svgChart('demand', {
    title: { text: `GPU-hours per day by team: forecast run #${fc.runId} (mean and 95 % band)`, left: 0, textStyle: { fontSize: 14 } },
    // The bands are unnamed in the legend: one entry per team, its band drawn in the same colour.
    legend: { top: 30, left: 0, data: series.map((s) => s.label) },
    grid: { left: 60, right: 20, top: 70, bottom: 40 },
    xAxis: { type: 'category', data: x, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => num(v, 0) } },
    series: series.flatMap((s, i) => {
      const band = s.intervals.find((b) => b.level === 95) ?? s.intervals.at(-1)
      const color = PALETTE[i % PALETTE.length]
      return [
        { name: s.label, type: 'line', showSymbol: false, data: s.mean, lineStyle: { color }, itemStyle: { color } },
        ...(band
          ? [
              { name: `${s.label} 95 %`, type: 'line', showSymbol: false, data: band.lo, stack: `band${i}`, lineStyle: { opacity: 0 }, legendHoverLink: false },
              { name: `${s.label} 95 %`, type: 'line', showSymbol: false, data: band.hi.map((h, j) => h - (band.lo[j] ?? 0)), stack: `band${i}`, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.15 } },
            ]
          : []),
      ]
    }),
  })
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#111827;max-width:980px;margin:32px auto;padding:0 20px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.muted{color:#6b7280}.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:16px 0}
.kpi{border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px}.kpi b{display:block;font-size:20px}.kpi span{color:#6b7280;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.approval{background:#f0fdf4;border:1px solid #bbf7d0;border-radius:8px;padding:10px 14px}.hash{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.chart{margin:12px 0}`

function kpi(label: string, value: string, hint = ''): string {
  return `<div class="kpi"><span>${esc(label)}</span><b>${esc(value)}</b>${hint ? `<span>${esc(hint)}</span>` : ''}</div>`
}

export function planHtml(plan: Plan, previous: PlanFigures | null = null): string {
  const f = plan.fleet
  const sim = f?.simulated ?? null
  const a = plan.approval
  const t = plan.totals
  const body: string[] = [
    `<h1>${esc(plan.name)}</h1>`,
    `<div class="muted">Plan ${esc(plan.id)} · cluster ${esc(plan.cluster)} · created ${esc(plan.createdAt.slice(0, 10))}</div>`,
    plan.description ? `<p>${esc(plan.description)}</p>` : '',
    `<div class="approval">${a ? `Approved by <b>${esc(a.by)}</b> on ${esc(a.at.slice(0, 10))}: ${esc(a.comment)}` : 'Not approved yet.'}<div class="hash">${esc(a?.contentHash ?? plan.contentHash)}</div></div>`,
  ]
  if (f) {
    body.push(
      '<div class="kpis">',
      kpi('Fleet price per month', usd(f.monthlyUsd), `${f.accelerators} accelerators, ${f.pools} pools`),
      kpi(`Cost over ${num(f.horizonDays, 0)} days`, sim ? usd(sim.costUsd.mean) : usd(f.horizonUsd), sim ? `5–95 %: ${usd(sim.costUsd.p05)} – ${usd(sim.costUsd.p95)}` : 'fleet price (not simulated)'),
      kpi('Carbon over the horizon', sim ? `${num(sim.carbonTonnes.mean)} t` : '—', sim ? 'tCO2e, simulated' : 'not simulated'),
      kpi('Fairness (Jain)', sim ? num(sim.jain.mean, 3) : '—', sim ? `p95 wait ${num(sim.waitP95Hours.mean)} h` : 'not simulated'),
      '</div>',
      `<p class="muted">${esc(f.basis)}</p>`,
      '<h2>What changes</h2>',
      previous?.planId
        ? `<p>Against plan ${esc(previous.planId)}${previous.name ? ` (“${esc(previous.name)}”)` : ''}, exported in the checkout before this one: ${previous.monthlyUsd != null ? `${f.monthlyUsd >= previous.monthlyUsd ? '+' : '−'}${usd(Math.abs(f.monthlyUsd - previous.monthlyUsd))} per month` : 'its cost is unknown'}${previous.carbonTonnes != null && sim ? `, carbon ${sim.carbonTonnes.mean >= previous.carbonTonnes ? '+' : '−'}${num(Math.abs(sim.carbonTonnes.mean - previous.carbonTonnes))} t` : ''}.</p>`
        : '<p>No earlier Fleetplan plan was exported for this cluster in the checkout.</p>',
      `<div class="chart">${changeChart(plan, previous)}</div>`,
      `<h2>Fleet</h2><div class="chart">${fleetChart(plan)}</div>`,
      '<table><tr><th>Accelerator</th><th>Provider / region</th><th>Option</th><th class="n">Count</th><th class="n">$/accelerator-hour</th><th class="n">$/month</th></tr>',
      ...(plan.snapshot?.pools ?? []).map(
        (p) =>
          `<tr><td>${esc(p.acceleratorName)}</td><td>${esc(`${p.provider}/${p.region}`)}</td><td>${esc(p.option)}</td><td class="n">${p.count}</td><td class="n">${num(p.usdPerAccelHour, 3)}</td><td class="n">${usd(poolMonthlyUsd(p))}</td></tr>`,
      ),
      '</table>',
      `<h2>Budgets</h2><div class="chart">${budgetChart(plan)}</div>`,
      '<table><tr><th>Team</th><th class="n">Median / month</th><th class="n">80 % upper</th><th class="n">95 % upper</th><th class="n">Alert above</th></tr>',
      ...(plan.recommendations?.budgets ?? []).map(
        (b) =>
          `<tr><td>${esc(b.team)}</td><td class="n">${usd(b.monthlyP50Usd)}</td><td class="n">${usd(b.monthlyHi80Usd)}</td><td class="n">${usd(b.monthlyHi95Usd)}</td><td class="n">$${num(b.warningUsdPerHour, 2)}/h</td></tr>`,
      ),
      '</table>',
    )
    const d = demandChart(plan)
    if (d) body.push(`<h2>Demand the plan is sized for</h2><div class="chart">${d}</div>`)
    body.push(
      '<h2>Quotas per team</h2>',
      `<table><tr><th>Team</th>${(plan.recommendations?.kueue.flavors ?? []).map((fl) => `<th class="n">${esc(fl.name)}</th>`).join('')}</tr>`,
      ...(plan.recommendations?.kueue.queues ?? []).map((q) => `<tr><td>${esc(q.team)}</td>${q.quotas.map((e) => `<td class="n">${e.nominalQuota}</td>`).join('')}</tr>`),
      '</table>',
    )
  }
  if (t && plan.scenario) {
    body.push(
      '<h2>Current spend (billing)</h2>',
      '<div class="kpis">',
      kpi('Spend in basis period', usd(t.basisCost), `${plan.scenario.basis.start} → ${plan.scenario.basis.end}`),
      kpi('Monthly run rate', usd(t.monthlyRunRate), '30 days'),
      kpi(`Forecast, ${plan.scenario.horizonDays} days`, usd(t.forecastCost), `80 %: ${usd(t.forecastLo80)} – ${usd(t.forecastHi80)}`),
      kpi('Accelerator spend', usd(plan.scenario.acceleratorCost), 'basis period'),
      '</div>',
    )
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(plan.name)} — Fleetplan</title><style>${CSS}</style></head><body>\n${body.filter(Boolean).join('\n')}\n<p class="muted">Written by Fleetplan from plan ${esc(plan.id)}; plan.json holds the signed plan.</p>\n</body></html>\n`
}
