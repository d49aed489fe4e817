/**
 * The one place an error becomes words, for the app and the CLI alike: a sentence saying what happened,
 * one saying what to do, the located problems and invalid fields in plain words, and each file's outcome of a
 * multi-file import. Codes stay on the wire (tests and scripts use them); people never need to read one.
 */
import type { ApiErrorShape, FileOutcome, FileProblem } from './errors'

export interface ErrorText {
  /** What happened, in a sentence. */
  summary: string
  /** What to do next; null when the summary already says it. */
  action: string | null
  /** Where in a file, or which field, and what is wrong: one line each, never repeating the summary. */
  details: string[]
  /** A multi-file import: one line per file, in order. */
  files: { file: string; status: FileOutcome['status']; text: string }[]
}

const ACTIONS: Partial<Record<ApiErrorShape['code'], string>> = {
  'bad-file': 'Nothing from the failing file was written: fix it at the place named and import it again.',
  'not-a-repo': 'Choose the folder of a local Git checkout (the folder where `git status` works).',
  workspace: 'Choose another workspace file, or create a new one.',
  unauthorized: 'Open the address Fleetplan printed when it started (it carries the access token) again.',
  'unknown-method': 'This window is older than the Fleetplan it talks to: reload it.',
  internal: 'Your data is unchanged. If it happens again, report it with this text.',
}

/** `horizonDays` → "horizon days", `files.0.ref` → "file 1 ref". */
export function fieldWords(path: string): string {
  if (!path) return 'the input'
  return path
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? `#${Number(p) + 1}` : p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()))
    .join(' ')
}

export function problemWords(p: FileProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : null, p.column ? `column ${p.column}` : null].filter(Boolean).join(', ')
  return where ? `${where}: ${p.message}` : p.message
}

function fileLine(f: FileOutcome): string {
  switch (f.status) {
    case 'imported':
      return `${f.file}: imported${f.snapshotId !== undefined ? ` as snapshot ${f.snapshotId}` : ''}${f.rows !== undefined ? ` (${f.rows.toLocaleString('en-US')} rows)` : ''}`
    case 'duplicate':
      return `${f.file}: already imported${f.snapshotId !== undefined ? ` as snapshot ${f.snapshotId}` : ''} — nothing to do`
    case 'not-imported':
      return `${f.file}: not imported (the import stopped before it)`
    default: {
      const why = (f.message ?? 'failed').replace(`${f.file}: `, '')
      return `${f.file}: not imported — ${why}`
    }
  }
}

export function errorText(e: ApiErrorShape): ErrorText {
  const summary = e.code === 'cancelled' && !/cancel/i.test(e.message) ? `Cancelled: ${e.message}` : e.message
  // A located problem that only repeats the summary (or its file's line) is not shown twice.
  const seen = new Set([summary, ...(e.files ?? []).map((f) => f.message ?? '')])
  const details: string[] = []
  for (const p of e.problems ?? []) {
    const line = problemWords(p)
    if ([...seen].some((s) => s.includes(p.message))) continue
    seen.add(line)
    details.push(line)
  }
  for (const i of e.issues ?? []) {
    const line = `${fieldWords(i.path)}: ${i.message}`
    if (!summary.includes(i.message)) details.push(line)
  }
  const manyFailed = (e.files ?? []).filter((f) => f.status === 'failed').length > 1
  return {
    summary,
    action:
      e.code === 'invalid-input'
        ? 'Correct the value named and try again.'
        : manyFailed
          ? 'Nothing from the failing files was written: fix each at the place named and import it again (files already imported are skipped).'
          : (ACTIONS[e.code] ?? null),
    details,
    files: (e.files ?? []).map((f) => ({ file: f.file, status: f.status, text: fileLine(f) })),
  }
}

/** The CLI's (and a toast's) text: summary, each file's outcome, the details, then what to do. */
export function describeError(e: ApiErrorShape): string {
  const t = errorText(e)
  return [t.summary, ...t.files.map((f) => `  ${f.text}`), ...t.details.map((d) => `  ${d}`), ...(t.action ? [t.action] : [])].join('\n')
}
