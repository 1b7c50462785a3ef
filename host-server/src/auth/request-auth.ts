/** Who a request comes from, as the authenticator found it. */
export interface RequestAuth {
  readonly userId: string
  readonly isInstanceAdmin: boolean
  readonly via: 'session' | 'token'
  /** The session's id (session requests) or the token's id (token requests). */
  readonly credentialId: string
  /** A token with read access only: every write is refused. */
  readonly readOnly: boolean
  /** The company the request is for and the caller's role there; undefined when none could be chosen. */
  readonly company: { readonly id: string; readonly role: string } | undefined
}

/** What a route asks of the caller (RouteSpec.access). */
export type Access =
  /** Nobody needs to be signed in (health, login, sign-up). */
  | 'public'
  /** Signed in; no company needed (the caller's own profile, sessions, tokens, companies). */
  | 'user'
  /** A member of the request's company (the default). */
  | 'member'
  /** An owner or admin of the request's company: apps, folders, tables, columns. */
  | 'admin'
  /** An instance admin: plugins, server metrics. */
  | 'instance-admin'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticator for signed-in requests. */
    auth: RequestAuth | undefined
  }
  interface FastifyContextConfig {
    /** Who may call the route; unset on an /api route: 'member'. */
    access?: Access
  }
}

export const COMPANY_ROLES_THAT_MANAGE = new Set(['owner', 'admin'])
