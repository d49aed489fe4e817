import { stringify } from 'yaml'

/**
 * YAML for review: YAML 1.1 quoting (Go readers — kubectl, Argo CD, Flux — keep "on" / "yes" strings), no
 * folding, keys in the order the objects are built.
 */
export function toYaml(object: unknown): string {
  return stringify(object, { version: '1.1', lineWidth: 0, minContentWidth: 0, indentSeq: true, sortMapEntries: false, aliasDuplicateObjects: false })
}
