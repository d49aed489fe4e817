import type { z } from 'zod'
import { fieldWords } from '../../shared/error-text'

/** A schema violation as a person says it ("must be at most 548", "is required"), keeping custom messages. */
export function issueWords(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? 'is required' : `must be ${i.expected === 'int' ? 'a whole number' : `a ${i.expected}`}`
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'is required' : `must have at least ${i.minimum} characters`
      if (i.origin === 'array' || i.origin === 'set') return `needs at least ${i.minimum} item${Number(i.minimum) === 1 ? '' : 's'}`
      return `must be ${i.inclusive ? 'at least' : 'more than'} ${i.minimum}`
    case 'too_big':
      if (i.origin === 'string') return `must have at most ${i.maximum} characters`
      if (i.origin === 'array' || i.origin === 'set') return `takes at most ${i.maximum} items`
      return `must be ${i.inclusive ? 'at most' : 'less than'} ${i.maximum}`
    case 'invalid_value':
      return `must be one of ${i.values.map(String).join(', ')}`
    case 'unrecognized_keys':
      return `has fields it does not know: ${i.keys.join(', ')}`
    case 'not_multiple_of':
      return `must be a multiple of ${i.divisor}`
    default:
      // Custom refinements and formats carry their own words (e.g. "a plan id looks like pl_xxxxxxxx").
      return /^(Invalid|Too|Expected)/.test(i.message) ? `is not valid (${i.message})` : i.message
  }
}

/** "Not valid: horizon days must be at most 548; name is required." */
export function invalidInputMessage(issues: { path: string; message: string }[]): string {
  return `Not valid: ${issues.map((i) => `${fieldWords(i.path)} ${i.message}`).join('; ')}.`
}
