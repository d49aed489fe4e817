/**
 * The layer map is enforced by ESLint (eslint.config.js, README "Architecture"): an upward import or an
 * import cycle fails `npm run lint`. These cases lint small virtual files placed in the real tree with the
 * project's own config, so they fail if a zone is dropped or loosened.
 */
import { ESLint } from 'eslint'
import { join } from 'node:path'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const eslint = new ESLint({
  cwd: root,
  // Only the import rules: type-aware rules would need each virtual file in a TypeScript program.
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }],
  ruleFilter: ({ ruleId }) => ruleId.startsWith('import-x/'),
})

// The renderer's schema-free rule alone.
const schemaLint = new ESLint({
  cwd: root,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }],
  ruleFilter: ({ ruleId }) => ruleId === '@typescript-eslint/no-restricted-imports',
})

async function problems(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(root, file) })
  return (r?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`)
}

describe('layer map (eslint)', () => {
  it.each([
    ['a new domain folder importing the API', 'main/some-new-domain/feature.ts', "import { buildRegistry } from '../api/registry'\nexport const r = buildRegistry"],
    ['a domain importing the worker (types too)', 'main/forecast/models/x.ts', "import type { AppPool } from '../../worker/pool'\nexport type P = AppPool"],
    ['a domain importing the backend', 'main/plan/x.ts', "import { startBackend } from '../backend'\nexport const s = startBackend"],
    ['a domain importing the CLI', 'main/simulate/x.ts', "import { scenarioCommand } from '../cli/scenario-command'\nexport const c = scenarioCommand"],
    ['main/jobs importing a domain', 'main/jobs/x.ts', "import { forecastSeries } from '../forecast/engine'\nexport const f = forecastSeries"],
    ['main/db importing main/jobs', 'main/db/x.ts', "import { EventBus } from '../jobs/event-bus'\nexport const e = EventBus"],
    ['main/workspace importing a domain', 'main/workspace/x.ts', "import { listRuns } from '../forecast/run-store'\nexport const l = listRuns"],
    ['the worker importing the API', 'main/worker/x.ts', "import { buildRegistry } from '../api/registry'\nexport const r = buildRegistry"],
    ['the API importing the CLI', 'main/api/x.ts', "import { scenarioCommand } from '../cli/scenario-command'\nexport const c = scenarioCommand"],
    ['the CLI importing the Electron shell', 'main/cli/x.ts', "import { nativeBinding } from '../app/native-binding'\nexport const n = nativeBinding"],
    ['shared importing main', 'shared/x.ts', "import { openConnection } from '../main/db/open'\nexport const o = openConnection"],
    ['the renderer importing main', 'renderer/src/x.ts', "import { openConnection } from '../../main/db/open'\nexport const o = openConnection"],
    ['the preload importing main', 'preload/x.ts', "import { openConnection } from '../main/db/open'\nexport const o = openConnection"],
  ])('refuses %s', async (_what, file, code) => {
    const found = await problems(file, code)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^import-x\/no-restricted-paths: Unexpected path/)
  })

  it.each([
    ['a domain importing lower layers and another domain', 'main/some-new-domain/feature.ts', "import { openConnection } from '../db/open'\nimport type { JobPool } from '../jobs/job-table'\nimport { forecastSeries } from '../forecast/engine'\nimport { money } from '../../shared/money'\nexport type P = JobPool<Record<string, never>>\nexport const x = [openConnection, forecastSeries, money]"],
    ['the API importing the worker pool', 'main/api/x.ts', "import { createWorkerPool } from '../worker/pool'\nexport const c = createWorkerPool"],
    ['the worker importing domains and jobs', 'main/worker/x.ts', "import { serveJobs } from '../jobs/job-table'\nimport { forecastJobs } from '../forecast/worker-jobs'\nexport const s = serveJobs(forecastJobs)"],
    ['the CLI importing the backend and the API', 'main/cli/x.ts', "import { startBackend } from '../backend'\nimport { buildRegistry } from '../api/registry'\nexport const x = [startBackend, buildRegistry]"],
    ['the renderer importing shared', 'renderer/src/x.ts', "import { camelCase } from '../../shared/contract/wire'\nimport type { MethodName } from '../../shared/contract'\nexport const m: MethodName = camelCase('a') as MethodName"],
  ])('allows %s', async (_what, file, code) => {
    expect(await problems(file, code)).toEqual([])
  })

  it("refuses the renderer loading the contract's schemas (values from shared/contract, not its wire)", async () => {
    const [r] = await schemaLint.lintText("import { methods } from '../../shared/contract'\nexport const m = methods", { filePath: join(root, 'renderer/src/x.ts') })
    expect((r?.messages ?? []).map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-restricted-imports'])
  })

  it('refuses an import cycle in main/', async () => {
    // anomaly/scan.ts imports forecast/targets.ts: the other way round closes a circle.
    const found = await problems('main/forecast/targets.ts', "import { scanAnomalies } from '../anomaly/scan'\nexport const s = scanAnomalies")
    expect(found.some((m) => m.startsWith('import-x/no-cycle:'))).toBe(true)
  })
})
