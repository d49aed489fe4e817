import { expect, type APIRequestContext } from '@playwright/test'
import type { HostInfo } from '../fixtures'

/**
 * The web host's API, for tests that check what the screen shows against figures they compute themselves.
 * Jobs are run to their end (job-get is polled, as the renderer's watchdog does).
 */
export class Api {
  constructor(
    private readonly request: APIRequestContext,
    private readonly host: HostInfo,
  ) {}

  async call<T>(method: string, input: unknown): Promise<T> {
    const res = await this.request.post(`${this.host.url}api/call/${method}`, { headers: { 'x-fleetplan-token': this.host.token }, data: input })
    const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } }
    if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? 'failed'}`)
    return body.value as T
  }

  async job<T>(method: string, input: unknown, timeoutMs = 90_000): Promise<T> {
    const { jobId } = await this.call<{ jobId: string }>(method, input)
    let result: T | undefined
    await expect
      .poll(
        async () => {
          const s = await this.call<{ state: string; result?: T; error?: { message: string } }>('job-get', { jobId })
          if (s.state === 'failed') throw new Error(`${method}: ${s.error?.message ?? 'failed'}`)
          result = s.result
          return s.state
        },
        { timeout: timeoutMs },
      )
      .toBe('done')
    return result as T
  }
}
