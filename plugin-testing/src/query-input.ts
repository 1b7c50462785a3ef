/** A filter as the API takes it: a condition on a column (by name or id), or an and/or group. */
export type FilterNodeInput =
  { readonly field: string; readonly op: string; readonly value?: unknown } | { readonly and: ReadonlyArray<FilterNodeInput> } | { readonly or: ReadonlyArray<FilterNodeInput> }

export interface SortInput {
  readonly field: string
  readonly direction?: 'asc' | 'desc'
}
