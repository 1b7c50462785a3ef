import 'reflect-metadata'
import type { DependencyContainer } from 'tsyringe'
import { codes } from '../errors/codes.ts'

/** A typed token (Backstage service ref): the phantom `T` types what `resolve` returns. */
export interface ServiceRef<T> {
  readonly id: string
  readonly token: symbol
  readonly scope: 'root' | 'request'
  /** Never set; carries the type. */
  readonly T?: T
}

export function createServiceRef<T>(opts: { id: string; scope?: 'root' | 'request' }): ServiceRef<T> {
  return { id: opts.id, token: Symbol.for(`docpal:${opts.id}`), scope: opts.scope ?? 'root' }
}

export function bind<T>(container: DependencyContainer, ref: ServiceRef<T>, value: T): void {
  container.register(ref.token, { useValue: value })
}

export function resolve<T>(container: DependencyContainer, ref: ServiceRef<T>): T {
  if (!container.isRegistered(ref.token, true)) throw codes.KRN_ERR_DI_UNBOUND(ref.id)
  return container.resolve<T>(ref.token)
}
