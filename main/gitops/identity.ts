/** Who is approving: the Git identity of the target checkout (or the global one), else the operating-system user. */
import { userInfo } from 'node:os'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { simpleGit } from 'simple-git'

export interface Identity {
  name: string
  email: string | null
  /** Where the name came from, for the UI ("git config user.name in /repo"). */
  source: string
}

async function gitConfig(args: string[], cwd: string): Promise<string | null> {
  try {
    const v = (await simpleGit({ baseDir: cwd }).raw(['config', ...args])).trim()
    return v || null
  } catch {
    return null
  }
}

export async function defaultApprover(repoPath?: string): Promise<Identity> {
  const repo = repoPath ? resolve(repoPath) : null
  if (repo && existsSync(repo)) {
    const name = await gitConfig(['--get', 'user.name'], repo)
    if (name) return { name, email: await gitConfig(['--get', 'user.email'], repo), source: `git config user.name in ${repo}` }
  }
  const cwd = repo && existsSync(repo) ? repo : process.cwd()
  const global = await gitConfig(['--global', '--get', 'user.name'], cwd)
  if (global) return { name: global, email: await gitConfig(['--global', '--get', 'user.email'], cwd), source: 'git config --global user.name' }
  let os = ''
  try {
    os = userInfo().username
  } catch {
    os = process.env.USER ?? process.env.USERNAME ?? ''
  }
  return { name: os || 'unknown', email: null, source: 'the operating-system user' }
}
