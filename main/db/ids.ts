import { randomBytes } from 'node:crypto'

/** A row id that says what it names: `sc_…` scenario, `sim_…` simulation run, `pl_…` plan, `opt_…` solve. */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`
