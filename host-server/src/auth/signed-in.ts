import { hostCodes } from '../errors/codes.ts'
import type { RequestAuth } from './request-auth.ts'

/** The caller of a route of access 'user' (the authenticator let it through only signed in). */
export function signedIn(c: { auth: RequestAuth | undefined }): RequestAuth {
  if (!c.auth) throw hostCodes.HST_ERR_AUTH_REQUIRED('You are not signed in.')
  return c.auth
}
