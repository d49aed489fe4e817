/**
 * The field separator of a delimited billing export, read from its header line: comma, or what some tools
 * write instead — tab (TSV downloads), semicolon (spreadsheets in locales with a decimal comma), `|`, or the
 * `\x01` (Ctrl-A) of some CUR deliveries. The separator that splits the header (outside quotes) into the
 * most columns wins; a comma wins ties, as RFC 4180 says.
 */
const CANDIDATES = [',', '\t', ';', '|', '\u0001'] as const

export const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe', '\u0001': '\\x01 (Ctrl-A)' }

export function sniffDelimiter(head: string): string {
  const end = head.search(/\r?\n/)
  const line = end < 0 ? head : head.slice(0, end)
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]))
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best: string = ','
  for (const c of CANDIDATES) if ((counts.get(c) ?? 0) > (counts.get(best) ?? 0)) best = c
  return best
}
