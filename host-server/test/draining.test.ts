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

  it('first answers /api/ready 503 "draining" for the delay while still serving, then refuses new connections', async () => {
    const server = new StartingServer(() => false)
    const url = await server.listen(0, '127.0.0.1')
    server.open((req, res) => res.end(JSON.stringify({ status: req.url === '/api/ready' ? 'ready' : 'ok' })))
    expect(await get(`${url}/api/ready`)).toMatchObject({ status: 200, text: '{"status":"ready"}' })
    // Long enough for the two requests below on any machine; the test waits for it once.
    const draining = server.drain(60_000, 3_000)
    expect(await get(`${url}/api/ready`)).toMatchObject({ status: 503, text: '{"status":"draining"}', connection: 'close' })
    // Still served meanwhile (the balancer has not taken the process out yet), its connection closed after.
    expect(await get(`${url}/api/health`)).toMatchObject({ status: 200, text: '{"status":"ok"}', connection: 'close' })
    await draining
    await expect(get(`${url}/api/ready`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })
})
