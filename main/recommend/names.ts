/** Kubernetes object names and number formatting for reasoning texts. */
import { amountText, moneyText } from '../../shared/money'

/** A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most `max` long. */
export function dnsLabel(text: string, max = 63, fallback = 'x'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '')
  return s || fallback
}

/** Distinct DNS labels for distinct inputs (a numeric suffix where two inputs would collide). */
export function uniqueLabels(inputs: string[]): Map<string, string> {
  const out = new Map<string, string>()
  const used = new Set<string>()
  for (const text of [...new Set(inputs)].sort()) {
    const base = dnsLabel(text, 60)
    let name = base
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`
    used.add(name)
    out.set(text, name)
  }
  return out
}

export const fmt = (x: number, digits = 1): string => amountText(x, digits)
export const usd = (x: number, digits = 2): string => moneyText(x, 'USD', digits)
