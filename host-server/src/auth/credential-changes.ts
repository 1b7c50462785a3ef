import { z } from 'zod'
import { announcedJson, processChannel, type Kernel } from '@docpal/kernel'
import type { Authenticator } from './authenticator.ts'

/** The channel on which server processes sharing a PostgreSQL database announce ended credentials. */
export const CREDENTIALS_CHANNEL = 'docpal_credentials'
// NOTIFY payloads are limited to 8,000 bytes: more ids than this are sent as "forget them all".
const MAX_IDS = 150

const Change = z.object({ person: z.string().max(64).optional(), credentials: z.union([z.literal('all'), z.array(z.string().max(64)).max(MAX_IDS)]).optional() })

/**
 * A logout, a revoked session or token, a membership or role change made through one server
 * process ends the cached credentials and people in every other process on the same PostgreSQL
 * (issue 19): otherwise a revoked session would still be served by the others for up to the
 * cache's 30 s. A LISTEN that subscribes again after a drop forgets everything cached (what was
 * announced meanwhile was missed). PGlite has one process: nothing to tell.
 */
export async function shareCredentialChanges(kernel: Kernel, auth: Authenticator): Promise<void> {
  const announce = await processChannel(
    kernel.db,
    kernel.logger,
    CREDENTIALS_CHANNEL,
    (payload) => {
      const parsed = Change.safeParse(announcedJson(payload))
      if (!parsed.success) {
        // Not ours or garbled: forgetting everything is the safe reading.
        kernel.logger.warn('credential change: an announcement did not parse; forgetting every cached credential', { payload: payload.slice(0, 200) })
        auth.forgetCredentials(undefined, true)
        auth.forgetPeople()
        return
      }
      const { person, credentials } = parsed.data
      if (person) auth.forgetPerson(person, true)
      if (credentials) auth.forgetCredentials(credentials === 'all' ? undefined : credentials, true)
    },
    () => {
      auth.forgetCredentials(undefined, true)
      auth.forgetPeople()
    },
  )
  if (!announce) return
  auth.onForget = (change) => {
    const ids = change.credentials
    announce(JSON.stringify(ids !== undefined && ids !== 'all' && ids.length > MAX_IDS ? { ...change, credentials: 'all' } : change))
  }
}
