import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { simpleGit, type SimpleGit } from 'simple-git'
import { ApiError } from '../../shared/errors'

export interface CommitFile {
  /** Path inside the repository, with forward slashes. */
  path: string
  content: string
}

export interface BranchCommitInput {
  repoPath: string
  branch: string
  message: string
  files: CommitFile[]
  /** Paths to delete from the tree (files an earlier export wrote that are no longer part of the plan). */
  remove?: string[]
  /** Defaults to the repository's configured user, else Fleetplan's own identity. */
  author?: { name: string; email: string }
}

export interface BranchCommitResult {
  branch: string
  commit: string
  /** 'unchanged': HEAD already holds exactly these files: no commit, no branch. */
  status: 'exported' | 'already-exported' | 'unchanged'
}

/** A checkout's root, checked: an existing folder that is the top of a Git repository. */
export async function openCheckout(repoPath: string): Promise<{ repo: string; git: SimpleGit }> {
  const repo = resolve(repoPath)
  if (!existsSync(repo) || !statSync(repo).isDirectory()) {
    throw new ApiError({ code: 'not-a-repo', message: `The folder ${repo} does not exist.` })
  }
  const git: SimpleGit = simpleGit({ baseDir: repo })
  let top: string
  try {
    top = (await git.revparse(['--show-toplevel'])).trim()
  } catch {
    throw new ApiError({ code: 'not-a-repo', message: `${repo} is not a Git repository: Git does not recognise it as a checkout (run git init there to make one).` })
  }
  if (resolve(top) !== repo) {
    throw new ApiError({
      code: 'not-a-repo',
      message: `${repo} is inside the Git repository ${top}, not its root. Choose the checkout's root folder.`,
    })
  }
  return { repo, git }
}

/**
 * Commits files on a new branch without touching the user's checkout: blobs, a tree and a commit are built
 * with git plumbing against a throwaway index, and only the new branch ref is written. HEAD, the index and
 * every working-tree file stay exactly as they were (the user may have work in progress).
 */
export async function commitOnNewBranch(input: BranchCommitInput): Promise<BranchCommitResult> {
  const { repo, git } = await openCheckout(input.repoPath)
  const ref = `refs/heads/${input.branch}`
  try {
    await git.raw(['check-ref-format', ref])
  } catch {
    throw new ApiError({ code: 'invalid-input', message: `"${input.branch}" is not a valid Git branch name.` })
  }

  const author = input.author ?? (await repoAuthor(repo))
  const existing = (await git.raw(['for-each-ref', '--format=%(objectname)', ref])).trim()
  const work = mkdtempSync(join(tmpdir(), 'fleetplan-git-'))
  try {
    // A minimal environment: the throwaway index and the identity, nothing that could run an editor or hook.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GIT_INDEX_FILE: join(work, 'index'),
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    }
    const g = simpleGit({ baseDir: repo }).env(env)
    let parent: string | null = null
    try {
      parent = (await g.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim() || null
    } catch {
      parent = null // a repository with no commits yet: the export becomes the branch's root commit
    }
    if (parent) await g.raw(['read-tree', parent])
    else await g.raw(['read-tree', '--empty'])
    for (const f of input.files) {
      const tmp = join(work, 'blob')
      writeFileSync(tmp, f.content)
      const sha = (await g.raw(['hash-object', '-w', '--', tmp])).trim()
      await g.raw(['update-index', '--add', '--cacheinfo', `100644,${sha},${f.path}`])
    }
    for (const path of input.remove ?? []) await g.raw(['update-index', '--force-remove', '--', path])
    const tree = (await g.raw(['write-tree'])).trim()

    if (existing) {
      const tipTree = (await g.raw(['rev-parse', `${existing}^{tree}`])).trim()
      // An existing branch whose tip holds exactly these files is this export, done before: a no-op.
      if (tipTree === tree || (await sameFiles(g, existing, input.files, input.remove))) return { branch: input.branch, commit: existing, status: 'already-exported' }
      throw new ApiError({
        code: 'conflict',
        message: `The branch ${input.branch} already exists in ${repo} with different content. Nothing was written: delete or rename that branch, then export again.`,
      })
    }
    // Nothing would change against HEAD (the plan is already in the checkout): write nothing, commit nothing.
    if (parent && (await g.raw(['rev-parse', `${parent}^{tree}`])).trim() === tree) return { branch: input.branch, commit: parent, status: 'unchanged' }
    const msgFile = join(work, 'message')
    writeFileSync(msgFile, input.message)
    const commitArgs = ['commit-tree', tree, '-F', msgFile]
    if (parent) commitArgs.splice(2, 0, '-p', parent)
    const commit = (await g.raw(commitArgs)).trim()
    // The all-zero old value makes git refuse if the branch appeared meanwhile: never overwrite a ref.
    await g.raw(['update-ref', ref, commit, '0000000000000000000000000000000000000000'])
    return { branch: input.branch, commit, status: 'exported' }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

async function sameFiles(g: SimpleGit, commit: string, files: CommitFile[], remove: string[] = []): Promise<boolean> {
  for (const path of remove) {
    if ((await g.raw(['ls-tree', '--name-only', commit, '--', path])).trim()) return false
  }
  for (const f of files) {
    try {
      const content = await g.show([`${commit}:${f.path}`])
      if (content !== f.content) return false
    } catch {
      return false
    }
  }
  return true
}

/** The identity commits are made with: the repository's configured user, else Fleetplan's own. */
export async function repoAuthor(repoPath: string): Promise<{ name: string; email: string }> {
  const git = simpleGit({ baseDir: resolve(repoPath) })
  const get = async (key: string): Promise<string | null> => {
    try {
      const v = (await git.raw(['config', '--get', key])).trim()
      return v || null
    } catch {
      return null
    }
  }
  return { name: (await get('user.name')) ?? 'Fleetplan', email: (await get('user.email')) ?? 'fleetplan@localhost' }
}
