import mittModule, { type Emitter, type EventType } from 'mitt'

// mitt ships ESM with a CommonJS-style .d.ts: under NodeNext TypeScript sees the namespace, while
// at runtime the default import is the factory.
const mitt = mittModule as unknown as <E extends Record<EventType, unknown>>() => Emitter<E>
import type { DomainEventName, DomainEvents } from '@docpal/plugin-sdk'
import type { Logger } from '../logger.ts'

type Handler<E extends DomainEventName> = (payload: DomainEvents[E]) => void

/**
 * Domain events on mitt, emitted only after commit. mitt's `emit` is synchronous and one throwing
 * handler would stop the rest, so every handler is wrapped with a log naming its owner.
 */
export class EventBus {
  readonly #mitt: Emitter<DomainEvents> = mitt<DomainEvents>()
  readonly #owned = new Map<string, Array<{ event: DomainEventName; wrapped: (p: never) => void }>>()

  constructor(private readonly logger: Logger) {}

  on<E extends DomainEventName>(event: E, handler: Handler<E>, owner = 'kernel'): void {
    const wrapped = (payload: DomainEvents[E]) => {
      try {
        handler(payload)
      } catch (err) {
        this.logger.error(`event handler of '${owner}' failed on '${event}'`, { err: String(err) })
      }
    }
    this.#mitt.on(event, wrapped)
    const list = this.#owned.get(owner) ?? []
    list.push({ event, wrapped })
    this.#owned.set(owner, list)
  }

  /** Drops every subscription a plugin made (plugin disable). */
  offOwner(owner: string): void {
    for (const { event, wrapped } of this.#owned.get(owner) ?? []) this.#mitt.off(event, wrapped as never)
    this.#owned.delete(owner)
  }

  /** Whether anything listens to `event` (a large import keeps its ids only for listeners). */
  has(event: DomainEventName): boolean {
    return (this.#mitt.all.get(event)?.length ?? 0) > 0
  }

  emit<E extends DomainEventName>(event: E, payload: DomainEvents[E]): void {
    this.#mitt.emit(event, payload)
  }
}
