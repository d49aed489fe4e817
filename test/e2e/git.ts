import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Runs git in a repository with a fixed identity and no user or system config. */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'E2E Tester',
      GIT_AUTHOR_EMAIL: 'e2e@example.test',
      GIT_COMMITTER_NAME: 'E2E Tester',
      GIT_COMMITTER_EMAIL: 'e2e@example.test',
    },
  }).trimEnd()
}

/**
 * A checkout as a user leaves it mid-work: branch main with one commit, a modified tracked file and an
 * untracked file.
 */
export function makeUserCheckout(dir: string): { repo: string; modifiedFile: string; modifiedContent: string } {
  const repo = join(dir, 'gitops')
  mkdirSync(repo, { recursive: true })
  git(repo, 'init', '--quiet', '--initial-branch=main')
  git(repo, 'config', 'user.name', 'E2E Tester')
  git(repo, 'config', 'user.email', 'e2e@example.test')
  writeFileSync(join(repo, 'README.md'), '# Fleet GitOps\n')
  mkdirSync(join(repo, 'clusters'), { recursive: true })
  writeFileSync(join(repo, 'clusters', 'quota.yaml'), 'apiVersion: v1\nkind: ResourceQuota\n')
  git(repo, 'add', '.')
  git(repo, 'commit', '--quiet', '-m', 'initial')
  const modifiedFile = join(repo, 'README.md')
  const modifiedContent = '# Fleet GitOps\n\nWork in progress, not committed.\n'
  writeFileSync(modifiedFile, modifiedContent)
  writeFileSync(join(repo, 'notes.txt'), 'untracked scratch notes\n')
  return { repo, modifiedFile, modifiedContent }
}
