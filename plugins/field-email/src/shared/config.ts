import { z } from '@docpal/plugin-sdk'

export const emailConfigSchema = z.object({})

/** RFC 5321 caps a forward path at 320 characters. */
export const MAX_EMAIL_LENGTH = 320

export function emailValueSchema() {
  return z.email().max(MAX_EMAIL_LENGTH)
}
