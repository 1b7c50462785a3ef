import type { z } from 'zod'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RouteRequest<B, Q> {
  readonly params: Readonly<Record<string, string>>
  readonly query: Q
  readonly body: B
  readonly userId: string
  readonly companyId: string
}

/** A plugin HTTP route, served under `/api/plugins/<pluginId><url>` while the plugin is enabled. */
export interface RouteDefinition<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  readonly method: HttpMethod
  readonly url: string
  readonly body?: B
  readonly query?: Q
  handler(req: RouteRequest<z.output<B>, z.output<Q>>): unknown
}

export type AnyRoute = RouteDefinition

export function defineRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(def: RouteDefinition<B, Q>): AnyRoute {
  return def
}
