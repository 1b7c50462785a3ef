// A real SMTP server in its own process for the mail tests (test/support/smtp-sink.ts starts it):
// accepts every mail on a random port, parses it and hands it to the parent over IPC.
import { SMTPServer } from 'smtp-server'
import { simpleParser } from 'mailparser'

const failFor = new Set()
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (failFor.has(address.address.toLowerCase())) return callback(new Error('550 mailbox unavailable (test sink told to refuse)'))
    return callback()
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((m) => {
        if (!process.connected) return callback()
        process.send?.({
          type: 'mail',
          mail: {
            from: m.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            headers: Object.fromEntries([...m.headers.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
          },
        })
        callback()
      })
      .catch((err) => callback(err))
  },
})
process.on('message', (msg) => {
  if (msg?.type === 'refuse') failFor.add(String(msg.address).toLowerCase())
})
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: server.server.address().port })
})
process.on('disconnect', () => server.close(() => process.exit(0)))
