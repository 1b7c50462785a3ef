/**
 * Building blocks several field plugins share (chips, option lists, number and date formatting,
 * filter inputs, table lookups). They live in the SDK because a plugin's client half may import
 * only Vue, Element Plus and the SDK.
 */
export * from './props.ts'
export * from './colors.ts'
export { Tag } from './tag.ts'
export { TagList, type TagItem } from './tag-list.ts'
export { CheckMark } from './check.ts'
export { formatNumber, formatDate, formatHasTime, plainText, rawText } from './format.ts'
export { ValueDisplay } from './value-display.ts'
export { OptionSelect, optionsOf, type SelectOption } from './option-select.ts'
export { OptionsEditor, addOption, newOptionId } from './options-editor.ts'
export { SelectConfigEditor, exampleSelectConfig } from './select-config.ts'
export { LIST_OPERATORS } from './list-operators.ts'
export { ValuesInput } from './values-input.ts'
export { TextFilterInput } from './text-filter-input.ts'
export { NumberFilterInput } from './number-filter-input.ts'
export { fetchTable, fetchAppTables, orderedColumns } from './tables.ts'
export { ColumnSelect } from './column-select.ts'
export { useLinkedColumn } from './linked-column.ts'
export { LinkedFieldConfig, linkedSettingLabel } from './linked-config.ts'
export { maxLengthConfigEditor, MAX_LENGTH_LIMIT } from './max-length.ts'
export { kt } from './messages.ts'
export { DAY_KEY, utcKey, keyToUtc, localKey, todayKey, dayOf, addDays, formatDay } from './day-keys.ts'
export { FieldValue } from './field-value.ts'
export { parseNumberText } from './number-text.ts'
