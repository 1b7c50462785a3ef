import { StepError, type MailApi } from '@docpal/plugin-sdk'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Deliberately plain: one @, no spaces or angle brackets, a dot in the domain.
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/
export const MAX_RECIPIENTS = 50

/** Flattens what `to` became after variables: strings (split on , and ;), lists, user values ({id} or {email}). */
function entries(value: unknown, out: string[], depth = 0): void {
  if (depth > 3 || value === null || value === undefined) return
  if (Array.isArray(value)) for (const v of value) entries(v, out, depth + 1)
  else if (typeof value === 'string')
    out.push(
      ...value
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
  else if (typeof value === 'object') {
    const o = value as Record<string, unknown>
    const pick = typeof o['email'] === 'string' ? o['email'] : typeof o['id'] === 'string' ? o['id'] : undefined
    if (pick) out.push(pick)
  }
}

/**
 * The addresses to mail, lower-cased and unique: addresses as given, user ids through the
 * company's members (a user of another company, or none, is refused by name).
 */
export async function resolveRecipients(to: unknown, mail: MailApi, companyId: string): Promise<string[]> {
  const raw: string[] = []
  entries(to, raw)
  const out = new Set<string>()
  for (const r of raw) {
    if (UUID.test(r)) {
      const address = await mail.addressOf(companyId, r)
      if (!address) throw new StepError('notMember', "user '{user}' is not a member of this company or has no email address", { user: r })
      out.add(address.toLowerCase())
    } else if (ADDRESS.test(r)) out.add(r.toLowerCase())
    else throw new StepError('notRecipient', "'{value}' is neither an email address nor a user id", { value: r.slice(0, 200) })
  }
  if (out.size === 0) throw new StepError('noRecipient', 'the mail has no recipient (the "to" variables were empty)')
  if (out.size > MAX_RECIPIENTS) throw new StepError('tooMany', 'a step mails at most {max} recipients; it got {count}', { max: MAX_RECIPIENTS, count: out.size })
  return [...out]
}
