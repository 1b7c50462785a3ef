import { isDeepStrictEqual } from 'node:util'

/** `{<key>: {old, new}}` of the keys whose value differs between two versions of a metadata row. */
export function diffChanges<T extends object>(before: T, after: T, keys: ReadonlyArray<keyof T & string>): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {}
  for (const k of keys) if (!isDeepStrictEqual(before[k], after[k])) out[k] = { old: before[k], new: after[k] }
  return out
}
