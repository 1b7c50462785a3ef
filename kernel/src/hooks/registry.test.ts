import { describe, expect, it } from 'vitest'
import { DocPalError, tap, type QueryAst, type RecordDraft, type SchemaPlanSummary, type WriteContext } from '@docpal/plugin-sdk'
import type { Logger } from '../logger.ts'
import { HookRegistry } from './registry.ts'

/** A logger that keeps its lines, so a test can see what a failure logged. */
function capture(): { logger: Logger; lines: Array<{ level: string; msg: string; data: Record<string, unknown> | undefined }> } {
  const lines: Array<{ level: string; msg: string; data: Record<string, unknown> | undefined }> = []
  const at = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    lines.push({ level, msg, data })
  }
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error'), child: () => logger }
  return { logger, lines }
}

const table = (id: string) => ({ id, name: id, columns: [] })
const ctx = (tableId = 't1'): WriteContext => ({ userId: 'u', companyId: 'c', tableId, table: table(tableId), op: 'create' })
const draft = (values: Record<string, unknown> = {}): RecordDraft => ({ recordId: undefined, values })

/** A beforeWrite tap that appends `mark` to values.trail. */
function marker(mark: string, opts: { order?: 'pre' | 'normal' | 'post'; tables?: string[] } = {}) {
  return tap('record.beforeWrite', {
    ...(opts.order ? { order: opts.order } : {}),
    ...(opts.tables ? { filter: { tables: opts.tables } } : {}),
    handler: (d) => {
      const trail = d.values['trail']
      return { ...d, values: { ...d.values, trail: `${typeof trail === 'string' ? trail : ''}${mark}` } }
    },
  })
}

describe('HookRegistry', () => {
  describe('waterfall', () => {
    it('runs pre, then normal, then post, whatever the registration order', async () => {
      const h = new HookRegistry(capture().logger)
      h.add('p', marker('C', { order: 'post' }))
      h.add('p', marker('B'))
      h.add('p', marker('A', { order: 'pre' }))
      const out = await h.waterfall('record.beforeWrite', draft(), ctx())
      expect(out.values['trail']).toBe('ABC')
    })

    it('within one order, follows plugin load order, then registration order', async () => {
      const h = new HookRegistry(capture().logger)
      const rank = ['first', 'second']
      h.setPluginRank((id) => rank.indexOf(id))
      h.add('second', marker('3'))
      h.add('first', marker('1'))
      h.add('second', marker('4'))
      h.add('first', marker('2'))
      expect((await h.waterfall('record.beforeWrite', draft(), ctx())).values['trail']).toBe('1234')
    })

    it('passes each handler the previous result; undefined keeps the value', async () => {
      const h = new HookRegistry(capture().logger)
      const seen: unknown[] = []
      h.add('p', tap('record.beforeWrite', { handler: (d) => ({ ...d, values: { n: 1 } }) }))
      h.add(
        'p',
        tap('record.beforeWrite', {
          handler: (d) => {
            seen.push(d.values['n'])
            return undefined
          },
        }),
      )
      h.add('p', tap('record.beforeWrite', { handler: (d) => Promise.resolve({ ...d, values: { n: Number(d.values['n']) + 1 } }) }))
      const start = draft({ n: 0 })
      const out = await h.waterfall('record.beforeWrite', start, ctx())
      expect(seen).toEqual([1])
      expect(out.values).toEqual({ n: 2 })
      expect(start.values).toEqual({ n: 0 })
    })

    it('returns the input itself when no handler is registered or all return undefined', async () => {
      const h = new HookRegistry(capture().logger)
      const d = draft({ a: 1 })
      expect(await h.waterfall('record.beforeWrite', d, ctx())).toBe(d)
      h.add('p', tap('record.beforeWrite', { handler: () => undefined }))
      expect(await h.waterfall('record.beforeWrite', d, ctx())).toBe(d)
    })

    it('runs a handler filtered by tables only for those tables', async () => {
      const h = new HookRegistry(capture().logger)
      h.add('p', marker('x', { tables: ['t1'] }))
      h.add('p', marker('y'))
      expect((await h.waterfall('record.beforeWrite', draft(), ctx('t1'))).values['trail']).toBe('xy')
      expect((await h.waterfall('record.beforeWrite', draft(), ctx('t2'))).values['trail']).toBe('y')
    })

    it('wraps a handler failure in KRN_ERR_HOOK_FAILED naming plugin and hook, and stops the chain', async () => {
      const h = new HookRegistry(capture().logger)
      let after = false
      h.add(
        'bad-plugin',
        tap('record.beforeWrite', {
          handler: () => {
            throw new Error('kaput')
          },
        }),
      )
      h.add(
        'bad-plugin',
        tap('record.beforeWrite', {
          order: 'post',
          handler: () => {
            after = true
            return undefined
          },
        }),
      )
      const err = await h.waterfall('record.beforeWrite', draft(), ctx()).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DocPalError)
      expect(err).toMatchObject({
        code: 'KRN_ERR_HOOK_FAILED',
        status: 500,
        message: "Plugin 'bad-plugin' failed in hook 'record.beforeWrite': kaput",
        details: { plugin: 'bad-plugin', hook: 'record.beforeWrite' },
      })
      expect(after).toBe(false)
    })

    it('passes a plugin 4xx veto through, tagged with the plugin', async () => {
      const h = new HookRegistry(capture().logger)
      h.add(
        'guard',
        tap('record.beforeWrite', {
          handler: () => {
            throw new DocPalError('GUARD_NO', 'not allowed', 403, { path: ['fields', 'x'], details: { why: 'rule' } })
          },
        }),
      )
      const err = await h.waterfall('record.beforeWrite', draft(), ctx()).catch((e: unknown) => e)
      expect(err).toMatchObject({
        code: 'GUARD_NO',
        status: 403,
        message: "not allowed (plugin 'guard')",
        path: ['fields', 'x'],
        details: { why: 'rule', plugin: 'guard', hook: 'record.beforeWrite' },
      })
    })

    it('refuses to run a hook as the wrong kind', async () => {
      const h = new HookRegistry(capture().logger)
      await expect(h.waterfall('record.afterWrite' as 'record.beforeWrite', draft(), ctx())).rejects.toMatchObject({
        code: 'KRN_ERR_INVARIANT',
        message: expect.stringContaining("hook 'record.afterWrite' run as the series hook it is (not as waterfall)"),
      })
      await expect(h.series('record.beforeWrite' as 'record.afterWrite', { recordId: 'r', changed: [] }, ctx())).rejects.toMatchObject({
        code: 'KRN_ERR_INVARIANT',
        message: expect.stringContaining('run as the waterfall hook it is (not as series)'),
      })
    })

    it('passes query.beforeCompile the query and context', async () => {
      const h = new HookRegistry(capture().logger)
      h.add('perm', tap('query.beforeCompile', { handler: (ast, c) => ({ ...ast, limit: c.userId === 'u' ? 7 : 0 }) }))
      const ast = { kind: 'select', tableId: 't1', limit: 50 } as unknown as QueryAst
      const out = await h.waterfall('query.beforeCompile', ast, { userId: 'u', companyId: 'c', tableId: 't1', table: table('t1') })
      expect(out.limit).toBe(7)
    })
  })

  describe('series', () => {
    it('runs handlers in order with the same arguments; a throw vetoes the rest', async () => {
      const h = new HookRegistry(capture().logger)
      const calls: string[] = []
      h.add(
        'p',
        tap('record.afterWrite', {
          order: 'post',
          handler: () => {
            calls.push('post')
          },
        }),
      )
      h.add(
        'p',
        tap('record.afterWrite', {
          handler: (w, c) => {
            calls.push(`normal:${w.recordId}:${c.op}`)
            return Promise.resolve()
          },
        }),
      )
      h.add(
        'p',
        tap('record.afterWrite', {
          order: 'pre',
          handler: () => {
            calls.push('pre')
          },
        }),
      )
      await h.series('record.afterWrite', { recordId: 'r1', changed: [] }, ctx())
      expect(calls).toEqual(['pre', 'normal:r1:create', 'post'])

      calls.length = 0
      h.add(
        'veto',
        tap('record.afterWrite', {
          handler: () => {
            throw new Error('no')
          },
        }),
      )
      await expect(h.series('record.afterWrite', { recordId: 'r2', changed: [] }, ctx())).rejects.toMatchObject({ code: 'KRN_ERR_HOOK_FAILED', details: { plugin: 'veto' } })
      expect(calls).toEqual(['pre', 'normal:r2:create'])
    })

    it('skips handlers filtered to other tables', async () => {
      const h = new HookRegistry(capture().logger)
      const calls: string[] = []
      h.add(
        'p',
        tap('record.afterWrite', {
          filter: { tables: ['t1'] },
          handler: (_w, c) => {
            calls.push(c.tableId)
          },
        }),
      )
      await h.series('record.afterWrite', { recordId: 'r', changed: [] }, ctx('t2'))
      await h.series('record.afterWrite', { recordId: 'r', changed: [] }, ctx('t1'))
      expect(calls).toEqual(['t1'])
    })
  })

  describe('parallel', () => {
    const summary = (tableId = 't1'): SchemaPlanSummary => ({ tableId, steps: [] })

    it('runs every handler and reports each outcome (allSettled): one failure does not stop the others', async () => {
      const h = new HookRegistry(capture().logger)
      const ran: string[] = []
      h.add(
        'a',
        tap('table.afterPlan', {
          handler: async () => {
            await new Promise((r) => setTimeout(r, 5))
            ran.push('a')
          },
        }),
      )
      h.add(
        'b',
        tap('table.afterPlan', {
          handler: () => {
            throw new Error('b broke')
          },
        }),
      )
      h.add(
        'c',
        tap('table.afterPlan', {
          handler: () => {
            ran.push('c')
          },
        }),
      )
      const results = await h.parallel('table.afterPlan', summary())
      expect(ran.sort()).toEqual(['a', 'c'])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      const rejected = results[1] as PromiseRejectedResult
      expect(rejected.reason).toMatchObject({ code: 'KRN_ERR_HOOK_FAILED', message: "Plugin 'b' failed in hook 'table.afterPlan': b broke" })
    })

    it('logs a fire-and-forget failure with the plugin id, the hook name and the table', async () => {
      const { logger, lines } = capture()
      const h = new HookRegistry(logger)
      h.add('fine', tap('table.afterPlan', { handler: () => undefined }))
      h.add(
        'broken',
        tap('table.afterPlan', {
          handler: () => Promise.reject(new Error('disk full')),
        }),
      )
      // As ddl/apply-plan.ts does: nobody awaits the outcome.
      void h.parallel('table.afterPlan', summary())
      await new Promise((r) => setTimeout(r, 10))
      expect(lines).toEqual([
        {
          level: 'error',
          msg: "plugin 'broken' failed in hook 'table.afterPlan': disk full",
          data: { plugin: 'broken', hook: 'table.afterPlan', tableId: 't1', err: 'disk full' },
        },
      ])
    })

    it('logs a failure that is also thrown (series), but not a plugin veto (a 4xx answer)', async () => {
      const { logger, lines } = capture()
      const h = new HookRegistry(logger)
      h.add(
        'veto',
        tap('record.afterWrite', {
          handler: () => {
            throw new DocPalError('PLG_NO', 'not today', 409)
          },
        }),
      )
      await expect(h.series('record.afterWrite', { recordId: 'r', changed: [] }, ctx())).rejects.toMatchObject({ code: 'PLG_NO' })
      expect(lines).toEqual([])
      const h2 = new HookRegistry(logger)
      h2.add(
        'crash',
        tap('record.afterWrite', {
          handler: () => {
            throw new TypeError('x is undefined')
          },
        }),
      )
      await expect(h2.series('record.afterWrite', { recordId: 'r', changed: [] }, ctx())).rejects.toMatchObject({ code: 'KRN_ERR_HOOK_FAILED' })
      expect(lines).toMatchObject([{ level: 'error', data: { plugin: 'crash', hook: 'record.afterWrite', err: 'x is undefined' } }])
    })

    it('starts all handlers before any finishes', async () => {
      const h = new HookRegistry(capture().logger)
      let started = 0
      let release!: () => void
      const gate = new Promise<void>((r) => {
        release = r
      })
      for (const p of ['x', 'y'])
        h.add(
          p,
          tap('table.afterPlan', {
            handler: async () => {
              started++
              await gate
            },
          }),
        )
      const done = h.parallel('table.afterPlan', summary())
      await Promise.resolve()
      expect(started).toBe(2)
      release()
      expect((await done).every((r) => r.status === 'fulfilled')).toBe(true)
    })

    it('honours a table filter (the plan names its table)', async () => {
      const h = new HookRegistry(capture().logger)
      const ran: string[] = []
      h.add(
        'p',
        tap('table.afterPlan', {
          filter: { tables: ['t1'] },
          handler: (s) => {
            ran.push(s.tableId)
          },
        }),
      )
      await h.parallel('table.afterPlan', summary('t2'))
      await h.parallel('table.afterPlan', summary('t1'))
      expect(ran).toEqual(['t1'])
    })
  })

  describe('removeByPlugin', () => {
    it("removes exactly that plugin's handlers, across hooks, and the sorted lists follow", async () => {
      const h = new HookRegistry(capture().logger)
      h.add('keep', marker('k'))
      h.add('drop', marker('d', { order: 'pre' }))
      h.add('drop', tap('record.afterWrite', { handler: () => undefined }))
      // Warm the memoised order first, so removal must invalidate it.
      expect((await h.waterfall('record.beforeWrite', draft(), ctx())).values['trail']).toBe('dk')
      expect(h.has('record.afterWrite')).toBe(true)
      h.removeByPlugin('drop')
      expect((await h.waterfall('record.beforeWrite', draft(), ctx())).values['trail']).toBe('k')
      expect(h.has('record.afterWrite')).toBe(false)
      expect(h.has('record.beforeWrite')).toBe(true)
      h.removeByPlugin('keep')
      expect(h.has('record.beforeWrite')).toBe(false)
    })

    it('lets a plugin add handlers again after removal (re-enable), in the right place', async () => {
      const h = new HookRegistry(capture().logger)
      h.add('a', marker('A', { order: 'pre' }))
      h.add('b', marker('B'))
      await h.waterfall('record.beforeWrite', draft(), ctx())
      h.removeByPlugin('a')
      h.add('a', marker('A', { order: 'pre' }))
      expect((await h.waterfall('record.beforeWrite', draft(), ctx())).values['trail']).toBe('AB')
    })
  })
})
