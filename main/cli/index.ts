/**
 * `fleetplan` — the CLI over the same API the app uses, for scripting and CI.
 * Every command maps to one contract method and goes through the same validation and handlers.
 */
import { stringFlags } from './args'
import { SCENARIO_OPTIONS, SCENARIO_USAGE, ScenarioUsageError, scenarioCommand } from './scenario-command'
import { parseArgs } from 'node:util'
import type { MethodName } from '../../shared/contract'
import { ApiError, describeError } from '../../shared/errors'
import { amountText } from '../../shared/money'
import { COST_DIMENSIONS, type ImportOutcome } from '../../shared/types'
import { startBackend, type Backend } from '../backend'
import { resolve } from 'node:path'
import { TELEMETRY_FORMATS, type TelemetryFormat, type TelemetryOutcome } from '../../shared/telemetry-types'
import { BILLING_FORMATS } from '../../shared/billing-types'
import { detectTelemetryFormat } from '../ingest/telemetry/detect'
import { CliArgError, parseDuration, parseTimeArg } from './telemetry-args'
import { FORECAST_USAGE, forecastCommand } from './forecast-command'
import { EXPORT_OPTIONS, EXPORT_USAGE, ExportUsageError, exportCommand } from './export-command'
import { QUERY_OPTIONS, QUERY_USAGE, QueryUsageError, describeQuery, parseQuery } from './query-command'
import type { ExploreResult } from '../../shared/explore-types'
import { BACKTEST_USAGE, backtestCommand } from './backtest-command'
import { PLAN_OPTIONS, PLAN_USAGE, PlanUsageError, planCommand } from './plan-command'
import { WORKSPACE_USAGE, workspaceCommand } from './workspace-command'
import { POLICY_OPTIONS, POLICY_USAGE, PolicyUsageError, attachingPolicies, jobTraceMapping, policyCommand } from './policy-command'

const USAGE = `fleetplan — plan AI accelerator fleets from the command line

Usage:
  fleetplan import FILE... [--format F] [--mapping JSON] [--replace | --keep-both] --workspace W [--json]
  fleetplan import --prometheus URL --query Q --start T --end T --step S --workspace W [--json]
${QUERY_USAGE}
${PLAN_USAGE}
${WORKSPACE_USAGE}
  fleetplan snapshot list --workspace W [--json]
${EXPORT_USAGE}
${SCENARIO_USAGE}
${FORECAST_USAGE}   (no workspace needed)
${BACKTEST_USAGE}
${POLICY_USAGE}

Dimensions: ${COST_DIMENSIONS.join(', ')} (ChargePeriodStart = ChargeDay).
Telemetry formats (--format): ${TELEMETRY_FORMATS.join(', ')}; detected from the file when omitted.
Billing formats (--format): ${BILLING_FORMATS.join(', ')} (CSV, CSV.gz, Parquet or JSON are read from the bytes).
Times (--start/--end): epoch seconds, ISO 8601, now or now-6h; steps: seconds or 15s, 1m, 1h.
Without --workspace, policy and plan commands open the workspace the app used last (else the demo, built on
first use, as the app does).
Exit codes: 0 success, 1 the operation failed (message names file, line and field), 2 bad usage.
`

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  // forecast reads a CSV and needs no workspace: it has its own options (main/cli/forecast-command.ts).
  if (argv[0] === 'forecast') return forecastCommand(argv.slice(1))
  if (argv[0] === 'backtest') return backtestCommand(argv.slice(1))
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string', short: 'w' },
      json: { type: 'boolean', default: false },
      ...stringFlags('by', 'metric', 'name', 'description', 'growth', 'horizon', 'plan', 'comment', 'repo', 'format', 'mapping'),
      replace: { type: 'boolean', default: false },
      'keep-both': { type: 'boolean', default: false },
      ...stringFlags('prometheus', 'query', 'start', 'end', 'step'),
      ...SCENARIO_OPTIONS,
      ...PLAN_OPTIONS,
      ...EXPORT_OPTIONS,
      ...QUERY_OPTIONS,
      ...POLICY_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [cmd, sub, ...rest] = positionals
  // The one repeatable option (query's --filter) stays out of what the single-valued commands read.
  const { filter: _filters, policy: _policies, ...flags } = values
  if (values.help || !cmd) {
    process.stdout.write(USAGE)
    return values.help ? 0 : 2
  }
  // Usage errors first: a typo must not open (or create) a workspace.
  const query = cmd === 'query' && sub !== 'workloads' ? parseQuery(sub, values) : null
  // query, workspace, plan and policy default to the workspace the app used last (else the demo).
  if (!values.workspace && !['query', 'workspace', 'plan', 'policy'].includes(cmd)) throw new UsageError('--workspace W is required (a .sqlite file; import creates it)')
  const json = values.json ?? false
  if (!['import', 'query', 'plan', 'workspace', 'snapshot', 'scenario', 'optimize', 'catalog', 'export', 'policy'].includes(cmd)) throw new UsageError(`unknown command "${cmd}"`)
  const telemetry = cmd === 'import' && !jobTraceMapping(values) ? prepareTelemetry([sub, ...rest].filter((f): f is string => Boolean(f)), values) : null
  const backend: Backend = await startBackend({
    ...(values.workspace ? { workspacePath: resolve(values.workspace) } : {}),
    create: cmd === 'import' || cmd === 'scenario' || cmd === 'optimize' || cmd === 'catalog' || (cmd === 'plan' && sub === 'create'),
  })
  const out = (value: unknown, text: () => string): void => {
    process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`)
  }
  const call = async <K extends MethodName>(name: K, input: unknown): Promise<unknown> => {
    const reply = await backend.dispatcher.run(name, input)
    if (!reply.ok) throw new ApiError(reply.error)
    return reply.value
  }
  try {
    // Progress of long jobs goes to stderr, so stdout stays machine-readable.
    backend.events.subscribe((e) => {
      if (e.type === 'job-progress') {
        const pct = e.total > 0 ? ` ${Math.round((100 * e.current) / e.total)}%` : ''
        process.stderr.write(`${e.step}${pct}\n`)
      }
    })
    const handled = await policyCommand(cmd, sub, rest, values, call as (name: string, input: unknown) => Promise<unknown>, out)
    if (handled !== null) return handled
    switch (`${cmd} ${sub ?? ''}`.trim().split(' ')[0]) {
      case 'import': {
        const files = [sub, ...rest].filter((f): f is string => Boolean(f))
        if (telemetry) {
          const outcomes = (await call(telemetry.method, telemetry.input)) as TelemetryOutcome[]
          out(outcomes, () => outcomes.map(describeTelemetryOutcome).join('\n'))
          return 0
        }
        if (files.length === 0) throw new UsageError('import needs at least one FILE')
        const billingFormat = values.format
        if (billingFormat !== undefined && !(BILLING_FORMATS as readonly string[]).includes(billingFormat)) {
          throw new UsageError(`unknown --format "${billingFormat}". Billing: ${BILLING_FORMATS.join(', ')}; telemetry: ${TELEMETRY_FORMATS.join(', ')}`)
        }
        if (values.replace && values['keep-both']) throw new UsageError('--replace and --keep-both exclude each other')
        // A file overlapping an earlier snapshot (same provider, account, period) is refused unless told.
        const onOverlap = values.replace ? 'replace' : values['keep-both'] ? 'keep-both' : 'ask'
        let outcomes: ImportOutcome[]
        try {
          outcomes = (await call('billing-import', {
            files: files.map((f) => ({ ref: resolve(f), ...(billingFormat ? { format: billingFormat } : {}) })),
            onOverlap,
          })) as ImportOutcome[]
        } catch (err) {
          if (err instanceof ApiError && err.code === 'conflict') {
            throw new ApiError({ ...err.toShape(), message: `${err.message} Run again with --replace or --keep-both.` })
          }
          throw err
        }
        out(outcomes, () =>
          outcomes
            .map((o) => {
              const s = o.snapshot
              const head = o.status === 'duplicate' ? `${o.fileName}: already imported as snapshot ${s.id} — nothing to do` : `${o.fileName}: imported as snapshot ${s.id} (${s.format})`
              return `${head}\n  rows ${s.rows}, period ${s.periodStart ?? '?'} → ${s.periodEnd ?? '?'}, total BilledCost ${amountText(s.totalBilledCost)}${s.warnings.map((w) => `\n  warning: ${w}`).join('')}`
            })
            .join('\n'),
        )
        return 0
      }
      case 'query': {
        const r = (await call('explore-query', query)) as ExploreResult
        out(r, () => describeQuery(r))
        return 0
      }
      case 'plan':
        // --policy FILE|ID (repeatable) on plan create: attached to the new draft.
        return await planCommand(sub, flags, attachingPolicies(call as (name: string, input: unknown) => Promise<unknown>, values), out)
      case 'workspace':
        return await workspaceCommand(sub, flags, call, out)
      case 'snapshot': {
        const list = await call('snapshot-list', {})
        out(list, () => JSON.stringify(list, null, 2))
        return 0
      }
      case 'export':
        return await exportCommand(sub, flags, call, out)
      case 'scenario':
      case 'optimize':
      case 'catalog':
        return await scenarioCommand(cmd, sub, flags, call, out)
      default:
        throw new UsageError(`unknown command "${cmd}"`)
    }
  } finally {
    await backend.close()
  }
}

/** A telemetry file: by --format, else by its name and content (billing files are left to billing-import). */
function isTelemetryFile(file: string, format: string | undefined): boolean {
  if (format) return (TELEMETRY_FORMATS as readonly string[]).includes(format)
  try {
    return detectTelemetryFormat(resolve(file), file) !== null
  } catch {
    return false
  }
}

type CliValues = Record<string, string | string[] | boolean | undefined>

/** Telemetry imports and pulls: arguments checked before any workspace is opened. Null: not telemetry. */
function prepareTelemetry(files: string[], v: CliValues): { method: 'telemetry-import' | 'telemetry-pull'; input: unknown } | null {
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined)
  try {
    if (str('prometheus')) {
      if (files.length > 0) throw new UsageError('--prometheus pulls from a server: give no FILE')
      const query = str('query')
      const start = str('start')
      const end = str('end')
      const step = str('step')
      if (!query || !start || !end || !step) throw new UsageError('--prometheus needs --query Q --start T --end T --step S')
      const now = Date.now()
      return {
        method: 'telemetry-pull',
        input: { url: str('prometheus'), query, start: parseTimeArg(start, now, '--start'), end: parseTimeArg(end, now, '--end'), step: parseDuration(step, '--step') },
      }
    }
  } catch (err) {
    if (err instanceof CliArgError) throw new UsageError(err.message)
    throw err
  }
  if (files.length === 0 || !files.some((f) => isTelemetryFile(f, str('format')))) return null
  const billing = files.filter((f) => !isTelemetryFile(f, str('format')))
  if (billing.length > 0) throw new UsageError(`${billing.join(', ')}: not telemetry, while other files are; import billing and telemetry files in separate commands (or pass --format)`)
  const format = str('format')
  let mapping: unknown
  const m = str('mapping')
  if (m) {
    try {
      mapping = JSON.parse(m) as unknown
    } catch {
      throw new UsageError('--mapping must be JSON, e.g. {"timestamp":"ts","timestampUnit":"s","values":[{"column":"value"}],"labels":[{"column":"pod"}]}')
    }
  }
  return {
    method: 'telemetry-import',
    input: { files: files.map((f) => ({ ref: resolve(f) })), ...(format ? { format: format as TelemetryFormat } : {}), ...(mapping ? { mapping } : {}) },
  }
}

function describeTelemetryOutcome(o: TelemetryOutcome): string {
  const s = o.summary
  const head = o.status === 'duplicate' ? `${o.fileName}: already imported as snapshot ${o.snapshot.id} — nothing to do` : `${o.fileName}: imported as snapshot ${o.snapshot.id} (${s.format})`
  return `${head}\n  series ${s.series}, samples ${s.samples}, period ${s.periodStart ?? '?'} → ${s.periodEnd ?? '?'}${s.warnings.map((w) => `\n  warning: ${w}`).join('')}`
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      err instanceof ScenarioUsageError ||
      err instanceof PlanUsageError ||
      err instanceof ExportUsageError ||
      err instanceof QueryUsageError ||
      err instanceof PolicyUsageError
    ) {
      process.stderr.write(`fleetplan: ${err.message}\n\n${USAGE}`)
      process.exit(2)
    }
    const shape = err instanceof ApiError ? err.toShape() : null
    if (shape && process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: shape }, null, 2)}\n`)
    process.stderr.write(`fleetplan: ${shape ? describeError(shape) : (err as Error).message}\n`)
    process.exit(1)
  },
)
