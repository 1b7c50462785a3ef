import type { FastifyInstance, FastifyRequest } from 'fastify'
import { hostCodes } from '../errors/codes.ts'

const utf8 = new TextDecoder('utf-8', { fatal: true })

const hex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
const unit = (text: string, at: number): number | undefined => {
  // `\uXXXX` at `at` (the backslash): the code unit, or undefined when it is not such an escape.
  if (text.charCodeAt(at) !== 92 || text.charCodeAt(at + 1) !== 117) return undefined
  for (let j = at + 2; j < at + 6; j++) if (!hex(text.charCodeAt(j))) return undefined
  return parseInt(text.slice(at + 2, at + 6), 16)
}

export type JsonProblem = { kind: 'depth' } | { kind: 'surrogate'; at: number }
/** What one pass over the text found: a problem that refuses it, or whether a string could name a prototype key. */
export interface JsonScan {
  readonly problem?: JsonProblem
  /** A string is `__proto__` or `constructor`, or holds a `\u` escape (which could spell either). */
  readonly suspect: boolean
}

const PROTO = '__proto__'
const CONSTRUCTOR = 'constructor'

/**
 * One pass over JSON text, without recursion, before it is parsed: the deepest nesting of arrays
 * and objects, and `\uD800`-style escapes that decode to a lone surrogate (which PostgreSQL would
 * store as U+FFFD). Bodies nested deeper than `maxDepth` are refused here, so no recursive code
 * later (JSON.parse, zod, JSON.stringify of a stored menu) can overflow the stack. Malformed
 * text is left for JSON.parse to report. The same pass notes strings that could be a prototype
 * key, so the (much slower) prototype-poisoning check runs only on bodies that hold one.
 */
export function scanJson(text: string, maxDepth: number): JsonScan {
  let depth = 0
  let inString = false
  let start = 0
  let suspect = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 34) {
        inString = false
        const len = i - start
        if ((len === 9 && text.startsWith(PROTO, start)) || (len === 11 && text.startsWith(CONSTRUCTOR, start))) suspect = true
      } else if (c === 92) {
        const u = unit(text, i)
        if (u === undefined) {
          i++ // any other escape: skip the escaped character
          continue
        }
        suspect = true
        if (u >= 0xdc00 && u <= 0xdfff) return { problem: { kind: 'surrogate', at: i }, suspect }
        if (u >= 0xd800 && u <= 0xdbff) {
          const low = unit(text, i + 6)
          if (low === undefined || low < 0xdc00 || low > 0xdfff) return { problem: { kind: 'surrogate', at: i }, suspect }
          i += 6
        }
        i += 5
      }
    } else if (c === 34) {
      inString = true
      start = i + 1
    } else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return { problem: { kind: 'depth' }, suspect }
    } else if (c === 93 || c === 125) depth--
  }
  return { suspect }
}

const rawBodies = new WeakMap<FastifyRequest, Buffer>()

/** The JSON body's bytes as sent, on routes that ask for them (`rawBody: true`: signature checks). */
export function rawBodyOf(req: FastifyRequest): Buffer | undefined {
  return rawBodies.get(req)
}

/**
 * The JSON body parser: strict UTF-8 (invalid bytes refused, not replaced), bounded nesting, no
 * lone surrogates, then JSON.parse. A body with a string that could be a prototype key goes to
 * Fastify's own parser instead (secure-json-parse, which refuses `__proto__` and
 * `constructor.prototype` keys): its two regular-expression passes over the whole text cost
 * four times JSON.parse itself (~2 ms of a 1,000-record bulk request), for bodies that
 * almost never hold such a string. Invalid JSON also goes there, so its error stays Fastify's.
 */
export function installJsonParser(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    if (req.routeOptions.config.rawBody === true) rawBodies.set(req, body as Buffer)
    let text: string
    try {
      text = utf8.decode(body as Buffer)
    } catch {
      done(hostCodes.HST_ERR_BAD_ENCODING('it holds bytes that are not UTF-8'), undefined)
      return
    }
    const { problem, suspect } = scanJson(text, maxDepth)
    if (problem?.kind === 'depth') {
      done(hostCodes.HST_ERR_JSON_TOO_DEEP(maxDepth), undefined)
      return
    }
    if (problem?.kind === 'surrogate') {
      done(hostCodes.HST_ERR_BAD_ENCODING(`a \\u escape at character ${problem.at} is half of a surrogate pair`), undefined)
      return
    }
    if (!suspect && text.length > 0) {
      let value: unknown
      let parsed = true
      try {
        value = JSON.parse(text)
      } catch {
        parsed = false
      }
      // Outside the try: an exception thrown further down the request's chain is not a JSON error.
      if (parsed) {
        done(null, value)
        return
      }
    }
    // Fastify's default parser is the callback form: it answers through `done` and returns
    // nothing (its type also admits the promise form, hence the explicit void).
    void parse(req, text, done)
  })
}
