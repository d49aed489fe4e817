/**
 * The workspaces a person has used, newest first, and whether they removed the demo — kept beside the demo in
 * the data folder (`workspaces.json`), not in any workspace. Written atomically (temp file + rename).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RecentWorkspace } from '../../shared/types'

const FILE = 'workspaces.json'
const MAX_RECENT = 12

interface Store {
  recent: { path: string; openedAt: string }[]
  demoRemoved: boolean
}

export const demoPath = (dataDir: string): string => resolve(join(dataDir, 'demo.fleetplan.sqlite'))

function read(dataDir: string): Store {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as Partial<Store>
    return {
      recent: Array.isArray(raw.recent) ? raw.recent.filter((r) => typeof r?.path === 'string' && typeof r.openedAt === 'string') : [],
      demoRemoved: raw.demoRemoved === true,
    }
  } catch {
    // Missing or unreadable: start afresh (it only remembers, it holds no data).
    return { recent: [], demoRemoved: false }
  }
}

function write(dataDir: string, s: Store): void {
  mkdirSync(dataDir, { recursive: true })
  const tmp = join(dataDir, `${FILE}.${process.pid}.tmp`)
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`)
  renameSync(tmp, join(dataDir, FILE))
}

/** Newest first; `exists` says whether the file is still there (a moved file stays listed, marked). */
export function recentWorkspaces(dataDir: string): RecentWorkspace[] {
  const demo = demoPath(dataDir)
  return read(dataDir).recent.map((r) => ({ path: r.path, openedAt: r.openedAt, exists: existsSync(r.path), isDemo: r.path === demo }))
}

export function rememberWorkspace(dataDir: string, path: string, at: Date): void {
  const s = read(dataDir)
  const p = resolve(path)
  s.recent = [{ path: p, openedAt: at.toISOString() }, ...s.recent.filter((r) => r.path !== p)].slice(0, MAX_RECENT)
  if (p === demoPath(dataDir)) s.demoRemoved = false
  write(dataDir, s)
}

export function forgetWorkspace(dataDir: string, path: string): void {
  const s = read(dataDir)
  s.recent = s.recent.filter((r) => r.path !== resolve(path))
  write(dataDir, s)
}

export function setDemoRemoved(dataDir: string, removed: boolean): void {
  const s = read(dataDir)
  s.demoRemoved = removed
  if (removed) s.recent = s.recent.filter((r) => r.path !== demoPath(dataDir))
  write(dataDir, s)
}

export function demoRemoved(dataDir: string): boolean {
  return read(dataDir).demoRemoved
}

/** The workspace to open when none is named: the newest recent one still on disk, else the demo (null: the demo). */
export function lastWorkspace(dataDir: string): string | null {
  return recentWorkspaces(dataDir).find((r) => r.exists)?.path ?? null
}
