import type { FastifyReply, FastifyRequest } from 'fastify'
import { hostCodes } from '../errors/codes.ts'

type State = { entered: boolean; done: boolean; wake?: () => void }

/**
 * Lets at most `concurrency` requests of a kind (bulk inserts, exports) read and work on their bodies at
 * once; the next `queue` wait their turn, beyond that a 429 answers at once. It is entered in
 * `onRequest`, before the body is read, so a waiting request holds a socket but not its body
 * (TCP backpressure keeps it in the client): memory stays within concurrency x body limit.
 */
export class RequestGate {
  #active = 0
  readonly #waiting: State[] = []
  readonly #states = new WeakMap<FastifyRequest, State>()

  constructor(
    readonly concurrency: number,
    readonly queue: number,
    /** The 429 for a full queue, naming what is busy. */
    private readonly busy: (n: number) => Error = hostCodes.HST_ERR_BUSY,
  ) {}

  /** Requests inside, and waiting their turn (shown in /api/metrics). */
  get active(): number {
    return this.#active
  }

  get waiting(): number {
    return this.#waiting.length
  }

  /** Fastify route hooks: enter before the body is read, leave once answered or aborted. */
  hooks(): {
    onRequest: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
    onResponse: (req: FastifyRequest) => Promise<void>
    onRequestAbort: (req: FastifyRequest) => Promise<void>
  } {
    return {
      onRequest: async (req, reply) => {
        const s: State = { entered: false, done: false }
        this.#states.set(req, s)
        if (this.#active < this.concurrency) {
          this.#active++
          s.entered = true
          return
        }
        if (this.#waiting.length >= this.queue) {
          s.done = true
          void reply.header('retry-after', '5')
          throw this.busy(this.concurrency + this.queue)
        }
        await new Promise<void>((resolve) => {
          s.wake = resolve
          this.#waiting.push(s)
        })
      },
      onResponse: async (req) => {
        this.#leave(req)
        return Promise.resolve()
      },
      onRequestAbort: async (req) => {
        this.#leave(req)
        return Promise.resolve()
      },
    }
  }

  #leave(req: FastifyRequest): void {
    const s = this.#states.get(req)
    if (!s || s.done) return
    s.done = true
    if (!s.entered) {
      // Aborted while waiting: give up its place in the queue.
      const i = this.#waiting.indexOf(s)
      if (i >= 0) this.#waiting.splice(i, 1)
      s.wake?.()
      return
    }
    this.#active--
    const next = this.#waiting.shift()
    if (next) {
      this.#active++
      next.entered = true
      next.wake?.()
    }
  }
}
