/**
 * The bridge in web mode: the same `FleetplanBridge` the Electron preload exposes, over the local web host's
 * HTTP protocol (main/host/server.ts). The auth token travels in the HttpOnly cookie set when the printed
 * URL was opened, hence `credentials: 'same-origin'` and no token handling here.
 */
import type { ApiFunctions, Envelope, FleetplanBridge, MethodName, PushEvent, StagedFile } from '../../../shared/contract'
import { HTTP_EVENTS_ROUTE, HTTP_UPLOAD_ROUTE, httpRoute, isJobMethod, kebabCase, pushEventTypes } from '../../../shared/contract/wire'
import { ApiError, isApiErrorCode, type ApiErrorShape } from '../../../shared/errors'

const EVENTS_URL = HTTP_EVENTS_ROUTE
const UPLOAD_URL = HTTP_UPLOAD_ROUTE
/** How long a job start waits for the event stream to open before going ahead anyway. */
const STREAM_OPEN_TIMEOUT_MS = 5_000

function failure(message: string, code: ApiErrorShape['code'] = 'internal'): Envelope<never> {
  return { ok: false, error: { code, message } }
}

function isEnvelope(x: unknown): x is Envelope<unknown> {
  if (!x || typeof x !== 'object' || !('ok' in x)) return false
  if (x.ok === true) return 'value' in x
  if (x.ok !== false || !('error' in x)) return false
  const e = x.error
  return !!e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' && isApiErrorCode(e.code)
}

/** Reads an answer of the host: always an envelope, even for 4xx/5xx, or a transport failure as one. */
async function readEnvelope<T>(res: Response): Promise<Envelope<T>> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    return failure(`The Fleetplan host answered ${res.status} ${res.statusText} without a readable reply.`)
  }
  if (isEnvelope(body)) return body as Envelope<T>
  return failure(`The Fleetplan host answered ${res.status} with an unexpected reply.`)
}

async function post<T>(url: string, body: BodyInit, contentType: string): Promise<Envelope<T>> {
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': contentType }, body })
  } catch (err) {
    return failure(`Cannot reach the Fleetplan host: ${(err as Error).message}`)
  }
  return readEnvelope<T>(res)
}

function isPushEvent(x: unknown): x is PushEvent {
  return !!x && typeof x === 'object' && 'type' in x && (pushEventTypes as readonly unknown[]).includes(x.type)
}

/** One EventSource for the whole page, opened at once and shared by every listener. */
class EventStream {
  private readonly listeners = new Set<(event: PushEvent) => void>()
  private readonly source: EventSource
  /** Resolves when the stream is open, so a job's events cannot be emitted before we listen. */
  readonly opened: Promise<void>

  constructor(url: string) {
    this.source = new EventSource(url, { withCredentials: true })
    this.opened = new Promise<void>((resolve) => {
      this.source.addEventListener('open', () => resolve(), { once: true })
      setTimeout(resolve, STREAM_OPEN_TIMEOUT_MS)
    })
    this.source.addEventListener('message', (msg: MessageEvent<string>) => {
      let parsed: unknown
      try {
        parsed = JSON.parse(msg.data)
      } catch {
        console.error('Fleetplan: unreadable push event', msg.data)
        return
      }
      if (!isPushEvent(parsed)) return
      for (const l of [...this.listeners]) l(parsed)
    })
  }

  subscribe(listener: (event: PushEvent) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}

export function createHttpBridge(): FleetplanBridge {
  const stream = new EventStream(EVENTS_URL)

  const callMethod = async (name: MethodName, input: unknown): Promise<Envelope<unknown>> => {
    // A job's progress and result arrive on the event stream only: it must be listening first.
    if (isJobMethod(name)) await stream.opened
    return post(httpRoute(name), JSON.stringify(input ?? {}), 'application/json')
  }

  // Every bridge name maps to its method's route (the host answers a name it does not know with an error
  // envelope): no method table to load before the first call.
  const api = new Proxy({} as ApiFunctions, {
    get: (_, prop) => (typeof prop === 'string' ? (input: unknown) => callMethod(kebabCase(prop) as MethodName, input) : undefined),
  })

  return {
    transport: 'web',
    api,
    onEvent: (listener) => stream.subscribe(listener),
    async stageFile(file: File): Promise<StagedFile> {
      const reply = await post<StagedFile>(`${UPLOAD_URL}?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream')
      if (!reply.ok) throw new ApiError(reply.error)
      return reply.value
    },
  }
}
