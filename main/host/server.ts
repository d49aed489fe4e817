import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { HTTP_EVENTS_ROUTE, HTTP_UPLOAD_ROUTE, httpRoute, isMethodName, methodNames, type Envelope, type PushEvent } from '../../shared/contract'
import type { Backend } from '../backend'

export interface HostOptions {
  backend: Backend
  /** The built renderer (out/renderer). */
  staticDir: string
  port?: number
  /** Fixed token for tests that need one; a random one per launch otherwise. */
  token?: string
}

export interface Host {
  url: string
  /** The URL to open: carries the token once, which the host trades for a cookie. */
  openUrl: string
  token: string
  port: number
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Same policy as the Electron window; ECharts sets inline styles, hence style-src 'unsafe-inline'. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const callRoutes = new Map(methodNames.map((m) => [httpRoute(m), m]))

/**
 * The local web host: the built renderer and the API over HTTP (+ server-sent events), on 127.0.0.1 only.
 * Every request needs the per-launch token (header, or the cookie set when the printed URL is opened);
 * a foreign Host or Origin header is refused, which also defeats DNS rebinding.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('hex')
  const tokenBuf = Buffer.from(token)
  const { backend, staticDir } = opts
  let port = 0
  const cookieName = (): string => `fleetplan_token_${port}`
  const sse = new Set<ServerResponse>()

  const hasToken = (req: IncomingMessage, url: URL): boolean => {
    const candidates: string[] = []
    const h = req.headers['x-fleetplan-token']
    if (typeof h === 'string') candidates.push(h)
    const auth = req.headers.authorization
    if (auth?.startsWith('Bearer ')) candidates.push(auth.slice(7))
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, v] = part.trim().split('=')
      if (k === cookieName() && v) candidates.push(v)
    }
    const q = url.searchParams.get('token')
    if (q) candidates.push(q)
    return candidates.some((c) => {
      const b = Buffer.from(c)
      return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf)
    })
  }

  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`]

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    res.end(text)
  }

  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = []
    let size = 0
    for await (const c of req) {
      size += (c as Buffer).length
      if (size > 10 * 1024 * 1024) throw new Error('request body over 10 MB')
      chunks.push(c as Buffer)
    }
    const text = Buffer.concat(chunks).toString('utf8')
    return text.length === 0 ? {} : (JSON.parse(text) as unknown)
  }

  const serveStatic = (res: ServerResponse, pathname: string): void => {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1))
    const file = normalize(join(staticDir, rel))
    if (!file.startsWith(normalize(staticDir) + sep) || !existsSync(file) || !statSync(file).isFile()) {
      // Client-side routes fall back to the app shell.
      const index = join(staticDir, 'index.html')
      if (!extname(rel) && existsSync(index)) return serveStatic(res, '/')
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    })
    createReadStream(file).pipe(res)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? ''
    if (!allowedHosts().includes(host)) return send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign Host header.' } })
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
      return send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign Origin.' } })
    }
    const url = new URL(req.url ?? '/', `http://${host}`)
    if (!hasToken(req, url)) return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL Fleetplan printed.' } })

    if (req.method === 'GET' && url.searchParams.has('token')) {
      // Trade the token in the URL for a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token')
      res.writeHead(302, {
        'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
      })
      res.end()
      return
    }
    const method = callRoutes.get(url.pathname)
    if (method) {
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Use POST.' } })
      let input: unknown
      try {
        input = await readJson(req)
      } catch (err) {
        return send(res, 400, { ok: false, error: { code: 'invalid-input', message: `Body is not JSON: ${(err as Error).message}` } })
      }
      const reply: Envelope<unknown> = await backend.dispatcher.dispatch(method, input)
      return send(res, 200, reply)
    }
    if (url.pathname.startsWith('/api/call/')) {
      const name = url.pathname.slice('/api/call/'.length)
      return send(res, 404, { ok: false, error: { code: 'unknown-method', message: `Unknown method "${isMethodName(name) ? '' : name}".` } })
    }
    if (url.pathname === HTTP_EVENTS_ROUTE && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      sse.add(res)
      req.on('close', () => sse.delete(res))
      return
    }
    if (url.pathname === HTTP_UPLOAD_ROUTE && req.method === 'POST') {
      const name = url.searchParams.get('name') ?? 'upload'
      const staged = backend.ctx.files.newStaged(name)
      let size = 0
      req.on('data', (c: Buffer) => (size += c.length))
      try {
        await pipeline(req, createWriteStream(staged.path, { mode: 0o600 }))
      } catch (err) {
        backend.ctx.files.release(staged.ref)
        return send(res, 400, { ok: false, error: { code: 'invalid-input', message: `Upload failed: ${(err as Error).message}` } })
      }
      return send(res, 200, { ok: true, value: { ref: staged.ref, name, size } })
    }
    if (req.method === 'GET') return serveStatic(res, url.pathname)
    send(res, 404, { ok: false, error: { code: 'not-found', message: 'Not found.' } })
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: (err as Error).message } })
      else res.end()
    })
  })
  const unsubscribe = backend.events.subscribe((e: PushEvent) => {
    const frame = `data: ${JSON.stringify(e)}\n\n`
    for (const res of sse) res.write(frame)
  })
  // Keeps proxies and the browser from closing an idle event stream.
  const heartbeat = setInterval(() => {
    for (const res of sse) res.write(': ping\n\n')
  }, 15_000)
  heartbeat.unref()

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    port,
    close: async () => {
      clearInterval(heartbeat)
      unsubscribe()
      for (const res of sse) res.end()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
