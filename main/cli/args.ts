import { parseArgs, type ParseArgsConfig } from 'node:util'

type Flags = NonNullable<ParseArgsConfig['options']>

/**
 * A subcommand's flags, parsed strictly (no positionals); a malformed command line becomes the subcommand's own
 * usage error, so it prints that subcommand's usage and exits 2 like every other usage mistake.
 */
export function parseFlags<const O extends Flags>(argv: string[], options: O, usage: new (message: string) => Error) {
  try {
    return parseArgs({ args: argv, allowPositionals: false, strict: true, options }).values
  } catch (err) {
    throw new usage((err as Error).message)
  }
}

/** `--name VALUE` flags by name (most of the CLI's flags are plain strings), for a parseArgs options table. */
export function stringFlags<const N extends string>(...names: N[]): { [K in N]: { type: 'string' } } {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as { [K in N]: { type: 'string' } }
}
