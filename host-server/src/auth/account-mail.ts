import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AccountUser, Kernel, OneTimePurpose } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { requestLocale } from '../http/request-locale.ts'
import { linkBase, mailLink } from '../mail/mail-links.ts'
import type { Mailer } from '../mail/mail-types.ts'
import type { HitCounter } from './hit-counter.ts'
import { hashSecret, newSecret } from './secrets.ts'

const MINUTE = 60_000

/** How long the link of each account mail works (docs/accounts.md "Token lifetimes"). */
export const TOKEN_LIFETIME_MS: Readonly<Record<OneTimePurpose, number>> = {
  'verify-email': 48 * 60 * MINUTE,
  'magic-link': 15 * MINUTE,
  'password-reset': 60 * MINUTE,
  'email-change': 24 * 60 * MINUTE,
}

/** Mails that tell of something that happened, without a token. */
export type NoticeKind = 'signup-attempt' | 'email-changed'

const PAGE = { 'verify-email': 'verify-email', 'magic-link': 'magic', 'password-reset': 'reset-password', 'email-change': 'confirm-email' } as const

/** Mails per address and purpose per window: a mailbox is not flooded through DocPal. */
const MAILS_PER_WINDOW = 5
const WINDOW_MS = 15 * MINUTE

/** Makes the one-time token of an account mail, stores its hash and sends the mail with its link. */
export class AccountMail {
  constructor(
    private readonly k: Kernel,
    private readonly mailer: Mailer,
    private readonly links: { publicUrl: string | undefined; allowedHosts: ReadonlyArray<string> },
    /** Where mails per address are counted: shared by every server process (issue 19). */
    private readonly counter: HitCounter,
  ) {}

  /** Where links of mails asked for by this request point (throws when the host is not one the settings name). */
  base(req: FastifyRequest): string {
    return linkBase(req, this.links)
  }

  /**
   * Counts a mail to `address` for `purpose`; over the limit: 429. Keyed by the address as typed
   * (lower case), whether or not an account has it, so the answer tells nothing about accounts.
   */
  async throttle(purpose: OneTimePurpose, address: string, reply: FastifyReply): Promise<void> {
    const left = await this.#count(purpose, address)
    if (left === 0) return
    reply.header('retry-after', String(left))
    throw hostCodes.HST_ERR_RATE_LIMITED(`${String(Math.ceil(left / 60))} minute(s)`)
  }

  /**
   * Counts a mail to `address` of `kind`: 0 when it may go, else the seconds until it may. A
   * counter that fails lets the mail go (logged): an outage of Redis must not stop sign-in links.
   */
  async #count(kind: string, address: string): Promise<number> {
    const key = `mail:${kind}:${address.trim().toLowerCase()}`
    const seen = await this.counter.hit(key, WINDOW_MS).catch((err: unknown) => {
      this.k.logger.warn('mail counter unavailable; the mail goes', { counter: this.counter.kind, err: err instanceof Error ? err.message : String(err) })
      return undefined
    })
    return seen && seen.hits > MAILS_PER_WINDOW ? Math.max(1, Math.ceil(seen.ttlMs / 1000)) : 0
  }

  /**
   * A mail that tells the account's owner something happened (no token, the link opens the
   * sign-in page). Over the per-address limit it is skipped without a word: the request that
   * caused it must answer the same either way (a sign-up with a taken address). Never throws;
   * a mail that cannot go out is logged.
   */
  async notice(req: FastifyRequest, user: AccountUser, kind: NoticeKind, opts: { to?: string; data?: Readonly<Record<string, string>> } = {}): Promise<void> {
    const to = opts.to ?? user.email
    if ((await this.#count(kind, to)) > 0) {
      this.k.logger.warn('account notice skipped: too many to this address', { kind, userId: user.id, ip: req.ip })
      return
    }
    try {
      const link = `${this.base(req)}/login`
      await this.mailer.send({ to, kind, locale: requestLocale(req.headers['accept-language']), data: { ...opts.data, link, name: user.name, at: new Date().toISOString() } })
    } catch (err) {
      this.k.logger.error('account notice not sent', { kind, userId: user.id, ip: req.ip, error: err instanceof Error ? err.message : String(err) })
    }
  }

  /** A new token for the user (earlier ones of the purpose stop working) and its mail to `to` (default: the account's address). */
  async send(req: FastifyRequest, base: string, user: AccountUser, purpose: OneTimePurpose, to: string = user.email): Promise<void> {
    const secret = newSecret('dpm')
    const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS[purpose])
    await this.k.oneTimeTokens.issue({ userId: user.id, purpose, tokenHash: hashSecret(secret), email: to, expiresAt })
    await this.mailer.send({
      to,
      kind: purpose,
      locale: requestLocale(req.headers['accept-language']),
      data: { link: mailLink(base, PAGE[purpose], secret), name: user.name, expiresAt: expiresAt.toISOString() },
    })
  }

  /** Sends without the caller waiting or learning the outcome (no user enumeration by answer or timing); failures are logged. */
  sendDetached(req: FastifyRequest, reply: FastifyReply, base: string, user: AccountUser, purpose: OneTimePurpose): void {
    const ip = req.ip
    // Once the answer is written: on embedded PGlite the token's transaction runs on this thread,
    // and started earlier it would delay the answer (through the async onSend hooks) for known
    // addresses only.
    const start = () => {
      this.send(req, base, user, purpose).catch((err: unknown) => {
        this.k.logger.error('account mail not sent', { purpose, userId: user.id, ip, error: err instanceof Error ? err.message : String(err) })
      })
    }
    if (reply.raw.writableFinished) start()
    else reply.raw.once('close', start)
  }

  /** Uses a token from a mail: whose it was, or HST_ERR_LINK_INVALID. */
  async use(purpose: OneTimePurpose, token: string): Promise<{ userId: string; email: string }> {
    const used = await this.k.oneTimeTokens.use(purpose, hashSecret(token))
    if (!used) throw hostCodes.HST_ERR_LINK_INVALID({ path: ['token'] })
    return used
  }
}
