import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { StartingServer } from '../src/http/starting-server.ts'

function get(url: string): Promise<{ status: number; text: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }))
    })
    req.on('error', reject)
    req.end()
  })
}

// Issue 19: on SIGTERM (main.ts's close-with-grace calls RunningServer.drain), a process behind a
// load balancer finishes what it has accepted, takes no new connection (so a load balancer's health check fails).
describe('draining the HTTP server', () => {
  it('finishes the request in flight, refuses new connections, then resolves', async () => {
    let entered!: () => void
    const inSlow = new Promise<void>((r) => (entered = r))
    let finish!: () => void
    const finished = new Promise<void>((r) => (finish = r))
    const server = new StartingServer(() => false)
    const url = await server.listen(0, '127.0.0.1')
    server.open((req, res) => {
      if (req.url === '/slow') {
        entered()
        void finished.then(() => res.end('done'))
        return
      }
      res.end(JSON.stringify({ status: 'ok' }))
    })
    expect((await get(`${url}/api/health`)).status).toBe(200)
    const slow = get(`${url}/slow`)
    await inSlow
    let drained = false
    const draining = server.drain(60_000).then(() => (drained = true))
    await expect(get(`${url}/api/health`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect(drained).toBe(false)
    finish()
    const answer = await slow
    expect(answer).toMatchObject({ status: 200, text: 'done', connection: 'close' })
    await draining
    expect(drained).toBe(true)
  })
})
