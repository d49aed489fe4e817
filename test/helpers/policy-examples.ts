import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { policyDocSchema, type PolicyDoc } from '../../shared/policy-schema'
import { REPO_ROOT } from './tmp'

const EXAMPLES = join(REPO_ROOT, 'resources', 'examples')

/** The shipped example policies (resources/examples/policy-*.json), each emitted for both engines so every rule kind has its Gatekeeper template. */
export function examplePolicyDocs(): PolicyDoc[] {
  return readdirSync(EXAMPLES)
    .filter((f) => /^policy-.*\.json$/.test(f))
    .sort()
    .map((f) => policyDocSchema.parse({ ...(JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as object), engines: ['validating-admission-policy', 'gatekeeper'] }))
}
