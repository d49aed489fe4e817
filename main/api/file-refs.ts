import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { basename, isAbsolute, join } from 'node:path'
import { ApiError } from '../../shared/errors'

const STAGED = /^staged:([0-9a-f-]{36})$/

/**
 * Files handed to the main process: absolute paths (Electron, CLI) or uploads staged by the web host in a
 * private folder. Staged names keep the user's file name for messages, never for paths.
 */
export class FileRefs {
  private readonly names = new Map<string, string>()

  constructor(private readonly stagingDir: string) {}

  newStaged(originalName: string): { ref: string; path: string } {
    mkdirSync(this.stagingDir, { recursive: true, mode: 0o700 })
    const id = randomUUID()
    this.names.set(id, basename(originalName))
    return { ref: `staged:${id}`, path: join(this.stagingDir, id) }
  }

  resolve(ref: string, name?: string): { path: string; fileName: string } {
    const m = STAGED.exec(ref)
    if (m) {
      const id = m[1] as string
      const path = join(this.stagingDir, id)
      if (!existsSync(path)) throw new ApiError({ code: 'not-found', message: `The uploaded file ${name ?? id} is gone; upload it again.` })
      return { path, fileName: name ?? this.names.get(id) ?? id }
    }
    if (!isAbsolute(ref)) throw new ApiError({ code: 'invalid-input', message: `File path must be absolute: ${ref}` })
    if (!existsSync(ref) || !statSync(ref).isFile()) {
      throw new ApiError({ code: 'not-found', message: `No such file: ${ref}` })
    }
    return { path: ref, fileName: name ?? basename(ref) }
  }

  release(ref: string): void {
    const m = STAGED.exec(ref)
    if (m) rmSync(join(this.stagingDir, m[1] as string), { force: true })
  }

  cleanup(): void {
    rmSync(this.stagingDir, { recursive: true, force: true })
  }
}
