import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A mail as the sink's SMTP server received and parsed it. */
export interface ReceivedMail {
  readonly from: string
  readonly to: string[]
  readonly subject: string
  readonly text: string
  readonly html: string
  readonly headers: Record<string, string>
}

export interface SmtpSink {
  readonly url: string
  readonly mails: ReceivedMail[]
  /** The next mail to `to` not yet taken (waits for it up to `ms`). */
  next(to: string, ms?: number): Promise<ReceivedMail>
  /** Refuse mail to this address from now on (RCPT TO answers 550). */
  refuse(address: string): void
  close(): Promise<void>
}

const CHILD = fileURLToPath(new URL('./smtp-sink-child.mjs', import.meta.url))

/** The first http(s) link of a mail's text. */
export function firstLink(mail: ReceivedMail): string {
  const m = /https?:\/\/[^\s<>"']+/.exec(mail.text)
  if (!m) throw new Error(`no link in the mail '${mail.subject}':\n${mail.text}`)
  return m[0]
}

/** Starts a real SMTP server (smtp-server) in a child process on a random port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const mails: ReceivedMail[] = []
  const taken = new Set<ReceivedMail>()
  const waiters: Array<() => void> = []
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${String(code)}) before it listened`)))
    child.on('message', (msg: { type: string; port?: number; mail?: ReceivedMail }) => {
      if (msg.type === 'ready' && msg.port) resolve(msg.port)
      if (msg.type === 'mail' && msg.mail) {
        mails.push(msg.mail)
        for (const w of waiters.splice(0)) w()
      }
    })
  })
  const find = (to: string) => mails.find((m) => !taken.has(m) && m.to.some((t) => t.toLowerCase() === to.toLowerCase()))
  return {
    url: `smtp://127.0.0.1:${String(port)}`,
    mails,
    async next(to, ms = 5000) {
      const deadline = Date.now() + ms
      for (;;) {
        const m = find(to)
        if (m) {
          taken.add(m)
          return m
        }
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no mail to ${to} within ${String(ms)} ms (received: ${mails.map((x) => `${x.to.join(',')}: ${x.subject}`).join('; ') || 'none'})`)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left)
          waiters.push(() => {
            clearTimeout(t)
            resolve()
          })
        })
      }
    },
    refuse(address) {
      child.send({ type: 'refuse', address })
    },
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.disconnect()
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))])
      if (child.exitCode === null) child.kill()
    },
  }
}
