import net from 'node:net'

/** What postgres.js hands a custom socket factory (its parsed connection options). */
export interface SocketTarget {
  readonly host: ReadonlyArray<string>
  readonly port: ReadonlyArray<number>
  readonly path?: string | false | undefined
  readonly connect_timeout?: number | undefined
}

/**
 * A connected TCP socket with Nagle's algorithm off, for postgres.js's `socket` option.
 *
 * Why: a COPY sends its data and then CopyDone as separate small writes; with Nagle on, the
 * second waits for the server's delayed ACK of the first (40 ms on Linux, twice per COPY), so a
 * 1,000-row COPY took ~90 ms instead of ~6 ms (measured on loopback). postgres.js opens plain
 * `net.Socket`s and offers no noDelay setting, only this factory. The first host is used (DocPal
 * takes one DATABASE_URL host); TLS, when asked for, is negotiated by postgres.js over this socket.
 */
export function noDelaySocket(target: SocketTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const host = target.host[0] ?? '127.0.0.1'
    const port = target.port[0] ?? 5432
    const socket = typeof target.path === 'string' && target.path ? net.connect(target.path) : net.connect(port, host)
    socket.setNoDelay(true)
    const timeout = setTimeout(
      () => {
        socket.destroy()
        reject(new Error(`Could not connect to PostgreSQL at ${host}:${port} within ${target.connect_timeout ?? 30} s.`))
      },
      (target.connect_timeout ?? 30) * 1000,
    )
    socket.once('connect', () => {
      clearTimeout(timeout)
      socket.removeListener('error', fail)
      resolve(socket)
    })
    const fail = (err: Error) => {
      clearTimeout(timeout)
      reject(err)
    }
    socket.once('error', fail)
  })
}
