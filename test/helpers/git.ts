import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim()

/**
 * A user's checkout with work in progress: one commit on main, a modified tracked file, a staged file and
 * an untracked file — everything an export must leave exactly as it was.
 */
export function userCheckout(dir: string): { repo: string; head: string } {
  const repo = join(dir, 'gitops')
  mkdirSync(repo, { recursive: true })
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'config', 'user.name', 'Platform Team')
  git(repo, 'config', 'user.email', 'platform@example.test')
  mkdirSync(join(repo, 'clusters', 'prod'), { recursive: true })
  writeFileSync(join(repo, 'clusters', 'prod', 'kustomization.yaml'), 'resources: []\n')
  writeFileSync(join(repo, 'README.md'), '# gitops\n')
  git(repo, 'add', '.')
  git(repo, 'commit', '-q', '-m', 'initial')
  writeFileSync(join(repo, 'README.md'), '# gitops\n\nwork in progress\n')
  writeFileSync(join(repo, 'staged.txt'), 'staged change\n')
  git(repo, 'add', 'staged.txt')
  writeFileSync(join(repo, 'notes.txt'), 'untracked\n')
  return { repo, head: git(repo, 'rev-parse', 'HEAD') }
}

/** Everything about a checkout a user could notice: branch, HEAD, index, status and working files. */
export function checkoutState(repo: string): Record<string, string> {
  return {
    branch: git(repo, 'symbolic-ref', '--short', 'HEAD'),
    head: git(repo, 'rev-parse', 'HEAD'),
    status: git(repo, 'status', '--porcelain=v1', '--untracked-files=all'),
    index: git(repo, 'ls-files', '--stage'),
    diff: git(repo, 'diff'),
    cached: git(repo, 'diff', '--cached'),
  }
}
