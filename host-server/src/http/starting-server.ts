import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

interface Waiting {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly timer: NodeJS.Timeout
}

/** HST_ERR_STARTING's message (errors/codes.ts); here, as this module loads before the SDK does. */
export const STARTING_MESSAGE =
  'The server is still starting (opening the database, running migrations, loading plugins) or could not start; send the request again after Retry-After seconds.'

/** How long an API request made while the kernel starts waits for it before a 503. */
export const START_WAIT_MS = 30_000

/** The readiness check a load balancer asks (503 while starting and draining); `/api/health` is liveness. */
export const READY_PATH = '/api/ready'

/**
 * The HTTP server, listening before the kernel has started. Until `open`, it serves the web shell
 * itself (`shell`), answers `/api/health` and `/api/ready` 503 `{"status":"starting"}`, and holds every other
 * request, its body unread, until the app can take it (up to `waitMs`, then 503
 * HST_ERR_STARTING with Retry-After). Nothing is lost: held requests go to the app in the order
 * they came. `fail` answers the held ones 503 when the kernel cannot start.
 */
export class StartingServer {
  readonly server: Server
  private handler: Handler | undefined
  private failed = false
  private draining = false
  private readonly inFlight = new Set<ServerResponse>()
  private readonly waiting = new Set<Waiting>()

  constructor(
    private readonly shell: (req: IncomingMessage, res: ServerResponse) => boolean,
    private readonly waitMs = START_WAIT_MS,
  ) {
    this.server = createServer((req, res) => this.route(req, res))
    // Fastify's default: keep idle connections longer than common proxies do.
    this.server.keepAliveTimeout = 72_000
  }

  /** Listens; the URL to reach the server. */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    const a = this.server.address() as AddressInfo
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${String(a.port)}`.replace('[::1]', '127.0.0.1')
  }

  /** The app is ready: held requests go to it, then every new one. */
  open(handler: Handler): void {
    this.handler = handler
    for (const w of this.waiting) {
      clearTimeout(w.timer)
      handler(w.req, w.res)
    }
    this.waiting.clear()
  }

  /** The kernel did not start: held requests are answered, new API requests too. */
  fail(): void {
    this.failed = true
    for (const w of this.waiting) {
      clearTimeout(w.timer)
      unavailable(w.res)
    }
    this.waiting.clear()
  }

  /**
   * Graceful drain (SIGTERM). First, for `delayMs`, `/api/ready` answers 503 `{"status":"draining"}`
   * while every other request is still served (each answer closing its connection): a load
   * balancer that checks readiness takes this process out before it stops listening. Then no new
   * connections (a balancer's connect fails, it sends elsewhere), idle ones closed, and the
   * requests in flight finish, their answers closing their connections; those still running after
   * `graceMs` have their connections closed. Resolves when no connection is left.
   */
  async drain(graceMs: number, delayMs = 0): Promise<void> {
    this.draining = true
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close')
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), graceMs)
      this.server.close(() => {
        clearTimeout(force)
        resolve()
      })
      this.server.closeIdleConnections()
    })
  }

  async close(): Promise<void> {
    this.fail()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    // Answers given while draining close their connection, so a keep-alive client reconnects elsewhere.
    if (this.draining) res.setHeader('connection', 'close')
    this.inFlight.add(res)
    res.once('close', () => this.inFlight.delete(res))
    const path = (req.url ?? '').split('?')[0]
    if (path === READY_PATH && (this.draining || !this.handler)) {
      notReady(res, this.draining ? 'draining' : this.failed ? 'failed' : 'starting')
      return
    }
    if (this.handler) {
      this.handler(req, res)
      return
    }
    if (this.shell(req, res)) return
    if (this.failed) {
      unavailable(res)
      return
    }
    if (path === '/api/health') {
      notReady(res, 'starting')
      return
    }
    const w: Waiting = {
      req,
      res,
      timer: setTimeout(() => {
        this.waiting.delete(w)
        unavailable(res)
      }, this.waitMs),
    }
    this.waiting.add(w)
    // A client that gave up is not handed to the app.
    res.once('close', () => {
      clearTimeout(w.timer)
      this.waiting.delete(w)
    })
  }
}

/** 503 with the state the process is in, for health and readiness checks. */
function notReady(res: ServerResponse, status: 'starting' | 'draining' | 'failed'): void {
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' })
  res.end(JSON.stringify({ status }))
}

function unavailable(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return
  const body = JSON.stringify({ error: { code: 'HST_ERR_STARTING', message: STARTING_MESSAGE } })
  // The unread body stays on the connection: close it after this answer.
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5', connection: 'close', 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
}
