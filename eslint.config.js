// @ts-check
import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layer map (README, "Architecture"): a folder may import only what sits below it. Zones name what a
 * folder may NOT import, resolved to real files, so `../../api/x` and `../api/x` are the same import. Domain
 * folders are matched by exclusion: a new main/<domain>/ is covered without touching this file.
 */
const TOP = ['api', 'cli', 'host', 'app', 'bench', 'worker']
const above = (...dirs) => dirs.map((d) => `./main/${d}`)
const LAYER_ZONES = [
  { target: './shared', from: ['./main', './renderer', './preload'], message: 'shared/ is used by every process and imports none of them.' },
  { target: './preload', from: ['./main', './renderer'], message: 'The preload exposes the contract (shared/) and nothing else.' },
  { target: './renderer', from: ['./main', './preload'], message: 'The renderer talks to main only through the contract (shared/).' },
  { target: './main/db', from: './main', except: ['./db'], message: 'main/db is the bottom layer: it imports shared/ only.' },
  { target: './main/math', from: './main', except: ['./math'], message: 'main/math is the bottom layer: it imports shared/ only.' },
  { target: './main/jobs', from: './main', except: ['./jobs'], message: 'main/jobs (event bus, job runner, worker pool) is the bottom layer: it imports shared/ only.' },
  {
    target: ['./main/workspace', './main/catalog'],
    from: './main',
    except: ['./db', './math', './jobs', './workspace', './catalog'],
    message: 'main/workspace and main/catalog sit under the domains: they import db, math, jobs and shared/ only.',
  },
  {
    target: `./main/!(${[...TOP, 'backend.ts'].join('|')})/**`,
    from: above(...TOP, 'backend.ts'),
    message: 'Domain code never imports upwards (api, worker, backend, cli, host, bench, app): take what you need as a parameter (e.g. a JobPool<typeof yourJobs>).',
  },
  { target: './main/worker', from: above('api', 'cli', 'host', 'app', 'bench', 'backend.ts'), message: 'main/worker runs domain jobs: it imports domains and main/jobs, never the API or the shells.' },
  { target: './main/api', from: above('cli', 'host', 'app', 'bench', 'backend.ts'), message: 'main/api is called by the shells (cli, host, app, bench): it never imports them.' },
  { target: './main/backend.ts', from: above('cli', 'host', 'app', 'bench'), message: 'The backend is started by the shells: it never imports them.' },
  { target: ['./main/cli', './main/host', './main/bench'], from: above('app'), message: 'Only main/app is the Electron shell; the CLI, web host and bench run without it.' },
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'native-electron/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Layering: only the Electron shell and the preload may touch Electron (vscode's code-layering idea).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/app and preload/ may import electron; pass small interfaces instead.' }] },
      ],
    },
  },
  {
    // Layers point one way, and nothing in main/ or shared/ imports itself back in a circle (the renderer's
    // zustand slices reference each other's state by design and are left out of the cycle check).
    files: ['main/**/*.ts', 'shared/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYER_ZONES }],
    },
  },
  {
    files: ['main/**/*.ts', 'shared/**/*.ts', 'preload/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['main/app/**/*.ts', 'preload/**/*.ts', 'electron.vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer has no Node or Electron: use the typed bridge.' }],
          patterns: [{ group: ['node:*', '../../main/*', '../main/*'], message: 'The renderer talks to main only through the contract.' }],
        },
      ],
      // The contract's method tables carry zod schemas the renderer never runs; its values come from the wire.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)shared/contract$',
              allowTypeImports: true,
              message: 'Import types from shared/contract and values from shared/contract/wire (no schemas in the renderer).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
)
