import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../support/test-server.ts'

/**
 * `Database.transaction` on both drivers. On PostgreSQL it is kernel/src/db/postgres-transaction.ts
 * (BEGIN sent with the first statements, not awaited alone): these pin what postgres.js's own
 * `begin` guaranteed and the kernel relies on.
 */
describe(`transactions (${DB_KIND})`, () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
    await t.db.exec('create table tx_probe (id int primary key, v text)')
  })
  afterAll(async () => {
    await t?.db.close()
    await t?.drop()
  })

  const ids = async () => (await t.db.query<{ id: number }>(sql`select id from tx_probe order by id`)).map((r) => r.id)
  const clear = () => t.db.exec('delete from tx_probe')

  it('commits every statement of the callback, in the order they were made, as one transaction', async () => {
    await clear()
    const xids = await t.db.transaction(async (tx) => {
      // Made in one tick: on PostgreSQL they go out together with BEGIN.
      const [a, , b] = await Promise.all([
        tx.one<{ x: string }>(sql`select txid_current()::text as x`),
        tx.query(sql`insert into tx_probe values (1, 'a'), (2, 'b')`),
        tx.one<{ x: string }>(sql`select txid_current()::text as x`),
      ])
      await tx.query(sql`update tx_probe set v = 'c' where id = 2`)
      return [a?.x, b?.x]
    })
    expect(xids[0]).toBeDefined()
    expect(xids[1]).toBe(xids[0])
    expect(await t.db.query(sql`select id, v from tx_probe order by id`)).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'c' },
    ])
  })

  it('a thrown error rolls back everything written before it', async () => {
    await clear()
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(sql`insert into tx_probe values (1, 'a')`)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await ids()).toEqual([])
  })

  it('a statement that failed fails the transaction with its own error, even when the callback caught it', async () => {
    await clear()
    const err = await t.db
      .transaction(async (tx) => {
        await tx.query(sql`insert into tx_probe values (1, 'a')`)
        await tx.query(sql`insert into tx_probe values (1, 'duplicate')`).catch(() => undefined)
        // What PostgreSQL answers after a failure ("current transaction is aborted") is not the error reported.
        await tx.query(sql`insert into tx_probe values (3, 'c')`).catch(() => undefined)
        return 'committed'
      })
      .catch((e: unknown) => e)
    expect((err as { code?: string }).code).toBe('23505')
    expect(await ids()).toEqual([])
  })

  it('a savepoint undoes only its own statements; the transaction goes on and commits', async () => {
    await clear()
    await t.db.transaction(async (tx) => {
      await tx.query(sql`insert into tx_probe values (1, 'a')`)
      const inner = await tx
        .savepoint(async (sp) => {
          await sp.query(sql`insert into tx_probe values (2, 'b')`)
          await sp.query(sql`insert into tx_probe values (1, 'duplicate')`)
        })
        .catch((e: unknown) => e)
      expect((inner as { code?: string }).code).toBe('23505')
      // Nested: the inner one commits with the transaction.
      await tx.savepoint((sp) => sp.savepoint((sp2) => sp2.query(sql`insert into tx_probe values (4, 'd')`)))
      await tx.query(sql`insert into tx_probe values (3, 'c')`)
    })
    expect(await ids()).toEqual([1, 3, 4])
  })

  it('finishing: the last statements, sent before COMMIT is, commit with the rest and answer the callback', async () => {
    await clear()
    const out = await t.db.transaction(async (tx) => {
      await tx.query(sql`insert into tx_probe values (1, 'a')`)
      // Wrapped in async functions as a service's writes are: each is still sent before COMMIT.
      const write = async (id: number) => {
        const rows = await tx.query<{ id: number }>(sql`insert into tx_probe values (${id}, 'last') returning id`)
        return rows[0]?.id
      }
      return tx.finishing(Promise.all([write(2), write(3)]))
    })
    expect(out).toEqual([2, 3])
    expect(await ids()).toEqual([1, 2, 3])
  })

  it('finishing: a last statement that fails fails the transaction with its own error, and nothing commits', async () => {
    await clear()
    const err = await t.db
      .transaction(async (tx) => {
        await tx.query(sql`insert into tx_probe values (1, 'a')`)
        return tx.finishing(Promise.all([tx.query(sql`insert into tx_probe values (2, 'b')`), tx.query(sql`insert into tx_probe values (1, 'duplicate')`)]))
      })
      .catch((e: unknown) => e)
    expect((err as { code?: string }).code).toBe('23505')
    expect(await ids()).toEqual([])
    // The connection is usable again.
    await t.db.transaction((tx) => tx.finishing(tx.query(sql`insert into tx_probe values (5, 'e')`)))
    expect(await ids()).toEqual([5])
  })

  it.skipIf(DB_KIND !== 'postgres')('finishing: a statement sent after the COMMIT is refused (a bug of the caller, reported), not run outside the transaction', async () => {
    await clear()
    const err = await t.db
      .transaction(async (tx) => {
        await tx.finishing(tx.query(sql`insert into tx_probe values (1, 'a')`))
        await tx.query(sql`insert into tx_probe values (2, 'too late')`).catch(() => undefined)
      })
      .catch((e: unknown) => e)
    expect(String(err)).toContain("was sent after its transaction's COMMIT")
    // What was sent before the COMMIT committed with it; the late statement never ran.
    expect(await ids()).toEqual([1])
  })

  it('the connection comes back to the pool usable after a failed transaction', async () => {
    await clear()
    for (let i = 0; i < 12; i++) {
      await t.db.transaction((tx) => tx.query(sql`select 1/0`)).catch(() => undefined)
    }
    await t.db.transaction((tx) => tx.query(sql`insert into tx_probe values (7, 'after')`))
    expect(await ids()).toEqual([7])
    if (DB_KIND === 'postgres') {
      const stuck = await t.db.query(sql`select pid from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`)
      expect(stuck).toEqual([])
    }
  })
})
