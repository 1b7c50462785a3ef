import type { AnyFieldType, FormulaValueType } from '@docpal/plugin-sdk'

/**
 * The enabled field types, as the schema and DDL code see them: a lookup, not the plugin
 * manager (its field-type registry satisfies this).
 */
export interface FieldTypeLookup {
  get(type: string): AnyFieldType | undefined
  /** Every enabled type name, in registration order. */
  keys(): string[]
}

/** Whether a column of this type names a record well (the generated card view's title). */
export function isTitleType(fieldTypes: FieldTypeLookup, type: string): boolean {
  return fieldTypes.get(type)?.traits?.title === true
}

/**
 * The type whose values a computed value of `valueType` converts as (its `storesValuesOf` trait):
 * the first registered type claiming it, or undefined.
 */
export function typeStoring(fieldTypes: FieldTypeLookup, valueType: FormulaValueType): string | undefined {
  return fieldTypes.keys().find((t) => fieldTypes.get(t)?.traits?.storesValuesOf?.includes(valueType))
}
