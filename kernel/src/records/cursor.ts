import { codes } from '../errors/codes.ts'

/** Opaque keyset cursor: the sort values and id of the last row, bound to the sort it came from. */
export function encodeCursor(values: unknown[], signature: string): string {
  return Buffer.from(JSON.stringify({ v: values, s: signature })).toString('base64url')
}

export function decodeCursor(cursor: string, signature: string, keyCount: number): unknown[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; s?: unknown }
    if (parsed.s === signature && Array.isArray(parsed.v) && parsed.v.length === keyCount && parsed.v.every((x) => x === null || typeof x === 'string')) {
      return parsed.v
    }
  } catch {
    // fall through to the 400 below
  }
  throw codes.KRN_ERR_QUERY_BAD_CURSOR({ path: ['cursor'] })
}
