#!/usr/bin/env node
// Regenerates the derived parts of resources/catalog/ from the shared reference data:
//   carbon.json          ← ../shared/data/carbon-ccf (Cloud Carbon Footprint coefficients, Apache-2.0)
//   gavel-throughput.json ← ../shared/data/gavel-throughputs (Gavel, OSDI '20, MIT)
// Usage: node scripts/build-catalog.mjs [DATA_DIR]   (default ../shared/data)
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const data = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data'))
const out = join(root, 'resources', 'catalog')

/** Minimal CSV (quoted fields, no embedded newlines) — enough for these files. */
function csv(text) {
  const rows = []
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue
    const f = []
    let cur = ''
    let q = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]
      if (q) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"'
          i++
        } else if (c === '"') q = false
        else cur += c
      } else if (c === '"') q = true
      else if (c === ',') {
        f.push(cur)
        cur = ''
      }
      else cur += c
    }
    f.push(cur)
    rows.push(f)
  }
  const [head, ...body] = rows
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])))
}

// ---- carbon ----
// Data-centre PUE per provider: the constants Cloud Carbon Footprint's methodology uses
// (https://www.cloudcarbonfootprint.org/docs/methodology, "Power Usage Effectiveness").
const PUE = { aws: 1.135, gcp: 1.1, azure: 1.185 }
const regions = []
for (const provider of ['aws', 'gcp', 'azure']) {
  const rows = csv(readFileSync(join(data, 'carbon-ccf', 'data', `grid-emissions-factors-${provider}.csv`), 'utf8'))
  for (const r of rows) {
    const t = Number(r['CO2e (metric ton/kWh)'])
    if (!Number.isFinite(t)) continue
    // Azure files use display names ("East US"); the price book uses ARM names ("eastus").
    const region = provider === 'azure' ? r.Region.toLowerCase().replace(/\s+/g, '') : r.Region
    regions.push({
      provider,
      region,
      location: r.Country ?? r.Location ?? '',
      gridGco2ePerKwh: Math.round(t * 1e6 * 10) / 10,
      pue: PUE[provider],
      source: `ccf-coefficients data/grid-emissions-factors-${provider}.csv (${r.Source})`,
    })
  }
}
// Lambda and on-prem sites have no CCF factor: they borrow the grid of a co-located AWS region (same eGRID
// subregion), labelled as such.
const awsUsEast1 = regions.find((r) => r.provider === 'aws' && r.region === 'us-east-1')
regions.push({ provider: 'lambda', region: 'us-east-1', location: 'United States (Virginia)', gridGco2ePerKwh: awsUsEast1.gridGco2ePerKwh, pue: 1.3, source: 'grid: CCF aws us-east-1 (same eGRID subregion, SERC); PUE 1.3 = estimate (not published)', uncertain: ['pue'] })
regions.push({ provider: 'onprem', region: 'onprem-us-east', location: 'Own data centre (Virginia)', gridGco2ePerKwh: awsUsEast1.gridGco2ePerKwh, pue: 1.58, source: 'grid: CCF aws us-east-1 (SERC); PUE 1.58 = Uptime Institute 2023 survey average — set your own site figures' })
writeFileSync(
  join(out, 'carbon.json'),
  `${JSON.stringify(
    {
      about: 'Grid carbon intensity (gCO2e/kWh) per provider region and data-centre PUE. Source: Cloud Carbon Footprint coefficients (cloud-carbon-footprint/ccf-coefficients @ b0032d92, 2026-04-24), Apache License 2.0 — see ATTRIBUTION.md. Values are static annual averages of varying vintage (mostly 2019–2021): simulations report carbon with a range of ± `rangePct` around them.',
      updated: '2026-11-27',
      rangePct: 20,
      regions,
    },
    null,
    1,
  )}\n`,
)

// ---- Gavel ----
const CLASS_OF = (model) =>
  model.startsWith('ResNet') ? 'vision' : model.startsWith('Transformer') || model.startsWith('LM') ? 'llm-training' : model.startsWith('Recommendation') ? 'recommender' : model.startsWith('CycleGAN') ? 'diffusion' : null
const rows = csv(readFileSync(join(data, 'gavel-throughputs', 'isolated_throughputs_flat.csv'), 'utf8')).filter(
  (r) => r.source_file === 'simulation' && r.scale_factor === '1' && ['k80', 'p100', 'v100'].includes(r.worker_type),
)
const jobs = {}
for (const r of rows) (jobs[r.job_type] ??= {})[r.worker_type.toUpperCase()] = Number(r.isolated_throughput_steps_per_sec)
const jobTypes = Object.keys(jobs).sort()
writeFileSync(
  join(out, 'gavel-throughput.json'),
  `${JSON.stringify(
    {
      about: "Isolated single-GPU training throughput (steps/s) per job type and GPU, from Gavel (Narayanan et al., OSDI '20), stanford-futuredata/gavel scheduler/simulation_throughputs.json (MIT licence, see ATTRIBUTION.md). Used for the K80/P100/V100 relative throughputs and by the heterogeneity check of the optimizer.",
      source: 'stanford-futuredata/gavel@c4fa4009 scheduler/simulation_throughputs.json, "null" (run alone) entries, scale factor 1',
      date: '2020-06-18',
      workers: ['K80', 'P100', 'V100'],
      jobs: jobTypes.map((j) => ({ jobType: j, workloadClass: CLASS_OF(j), throughput: jobs[j] })),
    },
    null,
    1,
  )}\n`,
)
process.stdout.write(`carbon.json: ${regions.length} regions; gavel-throughput.json: ${jobTypes.length} job types\n`)
