import { join } from 'node:path'
import { startBackend, type Backend } from '../../main/backend'
import type { MethodName, ResultOf } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { tempDir } from './tmp'

export interface TestBackend {
  backend: Backend
  dir: string
  workspacePath: string
  /** Calls a method the way the CLI does (jobs run to their end); throws ApiError on failure. */
  call<K extends MethodName>(name: K, input: unknown): Promise<ResultOf<K>>
  close(): Promise<void>
}

/** A backend on a new, empty workspace file in a temp folder, with a fixed clock. */
export async function emptyBackend(now = () => new Date('2026-11-27T10:00:00Z')): Promise<TestBackend> {
  const { dir, cleanup } = tempDir()
  const workspacePath = join(dir, 'w.sqlite')
  const backend = await startBackend({ workspacePath, create: true, dataDir: dir, now, maxThreads: 2 })
  return {
    backend,
    dir,
    workspacePath,
    call: async <K extends MethodName>(name: K, input: unknown) => {
      const r = await backend.dispatcher.run(name, input)
      if (!r.ok) throw new ApiError(r.error)
      return r.value as ResultOf<K>
    },
    close: async () => {
      await backend.close()
      cleanup()
    },
  }
}

/** The ApiError a call fails with (the test fails if it succeeds, or throws something else). */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('expected a failure')
}
