import { z } from '@docpal/plugin-sdk'

export const urlConfigSchema = z.object({})

export const MAX_URL_LENGTH = 2048
const PROTOCOLS = new Set(['http:', 'https:', 'ftp:', 'mailto:'])

/** What the editor and the server both accept: an absolute link a browser can open. */
export function urlValueSchema() {
  return z
    .string()
    .max(MAX_URL_LENGTH)
    .refine((s) => URL.canParse(s) && PROTOCOLS.has(new URL(s).protocol), 'an absolute http, https, ftp or mailto URL')
}
