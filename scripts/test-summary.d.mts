export interface Summary {
  passed: number
  failures: { count: number; what: string }[]
}
export function countVitest(report: unknown, files: string[], root: string): Summary
export function countPlaywright(report: unknown, specs: string[], testDir: string): Summary
