/** Operators whose value is a list rather than one value. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'not_in', 'has_any', 'has_all', 'has_none'])
