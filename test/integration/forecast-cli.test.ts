import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KIT_DATA, REPO_ROOT, tempDir } from '../helpers/tmp'

const BIN = join(REPO_ROOT, 'bin', 'fleetplan.js')
let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())
beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) throw new Error('out/main/cli.js missing: run `npm run build` first')
})

function fleetplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** Three real M4 hourly series cut to 10 days, written in the M4 wide layout (ragged, trailing empty cells). */
function writeWide(dir: string): { file: string; lengths: number[] } {
  const lines = readFileSync(join(KIT_DATA, 'm4-hourly', 'Hourly-train.csv'), 'utf8').split('\n')
  const lengths = [240, 200, 180]
  const rows = lengths.map((n, i) => {
    const cells = (lines[i + 1] as string).split(',')
    return [cells[0], ...cells.slice(1, 1 + n), ...new Array<string>(240 - n).fill('')].join(',')
  })
  const header = ['"V1"', ...Array.from({ length: 240 }, (_, i) => `"V${i + 2}"`)].join(',')
  const file = join(dir, 'wide.csv')
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`)
  return { file, lengths }
}

describe('fleetplan forecast (no workspace)', () => {
  it('forecasts every series of an M4 wide file on the worker pool and writes id,step,mean,lo/hi per level', () => {
    const d = tempDir()
    cleanup = d.cleanup
    const { file } = writeWide(d.dir)
    const out = join(d.dir, 'out.csv')
    const r = fleetplan('forecast', '--csv', file, '--horizon', '12', '--season', '24,168', '--levels', '80,95', '--out', out, '--origins', '2', '--models', 'snaive,naive2,theta,mstl', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/Forecasting 3\/3 \(100%\)/)
    const summary = JSON.parse(r.stdout) as { series: number; layout: string }
    expect(summary).toMatchObject({ series: 3, layout: 'wide' })
    const rows = readFileSync(out, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('id,step,mean,lo80,hi80,lo95,hi95')
    expect(rows).toHaveLength(1 + 3 * 12)
    const h1 = rows.slice(1).filter((l) => l.startsWith('H1,'))
    expect(h1.map((l) => Number(l.split(',')[1]))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    for (const l of rows.slice(1)) {
      const [, , mean, lo80, hi80, lo95, hi95] = l.split(',').map(Number)
      expect(lo95! <= lo80! && lo80! <= mean! && mean! <= hi80! && hi80! <= hi95!).toBe(true)
    }
  })

  it('reads the long layout id,ts,value (rows in any order) and honours --levels', () => {
    const d = tempDir()
    cleanup = d.cleanup
    const file = join(d.dir, 'long.csv')
    const rows = ['id,ts,value']
    for (let t = 27; t >= 0; t--) rows.push(`a,2024-01-${String(t + 1).padStart(2, '0')},${10 + (t % 7)}`)
    for (let t = 0; t < 28; t++) rows.push(`b,${t},${5 + t}`)
    writeFileSync(file, `${rows.join('\n')}\n`)
    const out = join(d.dir, 'out.csv')
    const r = fleetplan('forecast', '--csv', file, '--horizon', '7', '--season', '7', '--levels', '50', '--out', out, '--models', 'snaive', '--origins', '0')
    expect(r.code, r.stderr).toBe(0)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('id,step,mean,lo50,hi50')
    // Seasonal naive on series a (sorted by date) repeats its last week: values 10 + (t % 7) for t = 21..27.
    expect(lines.filter((l) => l.startsWith('a,')).map((l) => Number(l.split(',')[2]))).toEqual([21, 22, 23, 24, 25, 26, 27].map((t) => 10 + (t % 7)))
  })

  it('runs each speed preset with the same CSV layout; fast picks only from its own candidates', () => {
    const d = tempDir()
    cleanup = d.cleanup
    const { file } = writeWide(d.dir)
    const fastSet = ['snaive', 'naive2', 'swa', 'snaive-long', 'sprofile', 'ensemble']
    const chosenBy: Record<string, Record<string, number>> = {}
    for (const speed of ['fast', 'balanced', 'best']) {
      const out = join(d.dir, `${speed}.csv`)
      const r = fleetplan('forecast', '--csv', file, '--horizon', '12', '--season', '24,168', '--levels', '80,95', '--out', out, '--origins', '2', '--speed', speed, '--json')
      expect(r.code, r.stderr).toBe(0)
      const summary = JSON.parse(r.stdout) as { series: number; speed: string; chosenModels: Record<string, number> }
      expect(summary).toMatchObject({ series: 3, speed })
      chosenBy[speed] = summary.chosenModels
      const rows = readFileSync(out, 'utf8').trim().split('\n')
      expect(rows[0]).toBe('id,step,mean,lo80,hi80,lo95,hi95')
      expect(rows).toHaveLength(1 + 3 * 12)
      for (const l of rows.slice(1)) {
        const [, step, mean, lo80, hi80, lo95, hi95] = l.split(',').map(Number)
        expect(step! >= 1 && step! <= 12).toBe(true)
        expect(lo95! <= lo80! && lo80! <= mean! && mean! <= hi80! && hi80! <= hi95!).toBe(true)
      }
    }
    for (const m of Object.keys(chosenBy.fast!)) expect(fastSet).toContain(m)
    expect(Object.values(chosenBy.fast!).reduce((a, b) => a + b, 0)).toBe(3)
  })

  it('rejects an unknown --speed with the known presets named, exit 2', () => {
    const d = tempDir()
    cleanup = d.cleanup
    const { file } = writeWide(d.dir)
    const out = join(d.dir, 'o.csv')
    const r = fleetplan('forecast', '--csv', file, '--horizon', '4', '--season', '24', '--out', out, '--speed', 'turbo')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--speed: unknown preset "turbo" (known: fast, balanced, best)')
    expect(r.stderr).toContain('--speed fast|balanced|best')
    expect(existsSync(out)).toBe(false)
  })

  it('names file, line and column of a bad cell, and exits 2 on bad usage', () => {
    const d = tempDir()
    cleanup = d.cleanup
    const file = join(d.dir, 'bad.csv')
    writeFileSync(file, 'V1,V2,V3,V4\nS1,1,2,3\nS2,4,oops,6\n')
    const r = fleetplan('forecast', '--csv', file, '--horizon', '2', '--out', join(d.dir, 'o.csv'))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.csv:3 column V3')
    expect(fleetplan('forecast', '--horizon', '2').code).toBe(2)
    expect(fleetplan('forecast', '--csv', file, '--horizon', 'x', '--out', 'o.csv').code).toBe(2)
  })
})
