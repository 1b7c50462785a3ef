import 'reflect-metadata'
import type { DependencyContainer } from 'tsyringe'
import { createServiceRef, type DependencyRef, type ServiceRef } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'

// The ref type lives in the SDK, so plugins name kernel services without importing the kernel.
export { createServiceRef, type ServiceRef }

/** The container token of a ref: by id, so two copies of one ref (two bundles) are one service. */
export function tokenOf(ref: DependencyRef<unknown>): symbol {
  return Symbol.for(`docpal:${ref.id}`)
}

export function bind<T>(container: DependencyContainer, ref: DependencyRef<T>, value: T): void {
  container.register(tokenOf(ref), { useValue: value })
}

export function isBound(container: DependencyContainer, ref: DependencyRef<unknown>): boolean {
  return container.isRegistered(tokenOf(ref), true)
}

export function resolve<T>(container: DependencyContainer, ref: DependencyRef<T>): T {
  if (!isBound(container, ref)) throw codes.KRN_ERR_DI_UNBOUND(ref.id)
  return container.resolve<T>(tokenOf(ref))
}
