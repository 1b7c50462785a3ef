import { isDeepStrictEqual } from 'node:util'
import type { ColumnDataType } from '@docpal/plugin-sdk'

/** What a plugin's tests tell the contract check about one of its field types. */
export interface FieldTypeSamples {
  /** Column configs to check the type with. Default: the config schema's defaults (`config.parse({})`). */
  readonly configs?: ReadonlyArray<Record<string, unknown>>
  /** Values the type accepts; each is written and read back. Default: common values its `input` schema takes. */
  readonly values?: ReadonlyArray<unknown>
  /** What a written value reads back as, when that is not what `input` parsed it to (a normalised form). */
  readonly reads?: (written: unknown) => unknown
  /** Filter values by operator name, for operators whose value schema the sample values do not fit. */
  readonly operatorValues?: Readonly<Record<string, unknown>>
}

/**
 * Values tried, in order, when a type offers no samples: the first ones its `input` accepts are
 * used. `userId` is the test kernel's signed-in user: a uuid that refers to a real member.
 */
export const fallbackValues = (userId: string): Readonly<Record<ColumnDataType, ReadonlyArray<unknown>>> => ({
  text: ['Sample', 'someone@example.com', 'https://example.com/', 'Another sample'],
  numeric: [3, 1, 2.5],
  'double precision': [3, 1, 2.5],
  smallint: [3, 1, 2],
  integer: [3, 1, 2],
  bigint: [3, 1, 2],
  boolean: [true, false],
  date: ['2024-01-02', '2024-02-03'],
  timestamptz: ['2024-01-02T03:04:05.000Z', '2024-02-03T04:05:06.000Z'],
  'text[]': [['a'], ['a', 'b']],
  uuid: [userId],
  'uuid[]': [[userId]],
  jsonb: [{ a: 1 }, [1, 2]],
})

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/

/** Same JSON value; date-times compare as instants (`+00:00` and `Z` are one moment). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && ISO_DATETIME.test(a) && ISO_DATETIME.test(b)) return Date.parse(a) === Date.parse(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)))
}

/** JSON.stringify as it behaves: undefined (whatever its type says) for undefined, functions and symbols. */
const toJson = (v: unknown): string | undefined => JSON.stringify(v)

export const show = (v: unknown): string => toJson(v) ?? String(v)
