// The bare-Fastify limit for single-record creates and reads (issue 14): the same routes and
// JSON as DocPal's, in plain JavaScript on Fastify and postgres.js, with no validation, metadata,
// hooks or compression: one INSERT ... RETURNING or one SELECT by id per request. Started by
// bench/concurrency.ts in its own process, like the server it is compared with.
import { createRequire } from 'node:module'

// Fastify is a dependency of host-server, not of the workspace root.
const require = createRequire(new URL('../host-server/package.json', import.meta.url))
const Fastify = require('fastify')
const postgres = require('postgres')

const { DATABASE_URL, PORT, TABLE, COLUMNS } = process.env
/** @type {Array<[string, string, string]>} name, physical column, PostgreSQL type */
const columns = JSON.parse(COLUMNS ?? '[]')
const sql = postgres(DATABASE_URL, { max: 10, onnotice: () => {} })
const insert = `insert into ${TABLE} (${columns.map((c) => c[1]).join(', ')}) values (${columns.map((c, i) => `$${i + 1}::${c[2]}`).join(', ')}) returning *`
const select = `select * from ${TABLE} where id = $1`
const text = (v) => (v === null || v === undefined ? null : Array.isArray(v) ? `{${v.join(',')}}` : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v))

const app = Fastify({ logger: false })
// A failing baseline must say why (the bench counts non-2xx answers and stops).
let reported = 0
app.setErrorHandler((err, _req, reply) => {
  if (reported++ < 3) console.error(`bare-fastify: ${err.message}`)
  return reply.code(500).send({ error: err.message })
})
app.post('/api/tables/:tableId/records', async (req, reply) => {
  const fields = req.body.fields
  const [row] = await sql.unsafe(
    insert,
    columns.map((c) => text(fields[c[0]])),
    { prepare: true },
  )
  return reply.code(201).send(row)
})
app.get('/api/tables/:tableId/records/:id', async (req, reply) => {
  const [row] = await sql.unsafe(select, [req.params.id], { prepare: true })
  return row ? row : reply.code(404).send({ error: 'not found' })
})
// Port 0: the system picks a free one; the bench reads it from the first line of stdout.
const address = await app.listen({ port: Number(PORT ?? 0), host: '127.0.0.1' })
console.log(address)
// Exit at once: a graceful close would wait for the load generator's keep-alive sockets.
process.on('SIGTERM', () => process.exit(0))
