import type { PropType } from 'vue'
import type { ColumnInfo, StepVariable, TableMeta } from '../types.ts'

/**
 * Prop declarations of the four parts of a field type's client half, matching the props the
 * shell passes (`FieldDisplayProps`, `FieldEditorProps`, `FieldConfigEditorProps`, `FilterInputProps`).
 */
const anyValue = { type: null as unknown as PropType<unknown> }
const column = { type: Object as PropType<ColumnInfo>, required: true } as const

export const displayProps = { value: anyValue, column } as const
export const editorProps = { modelValue: anyValue, column } as const
export const configEditorProps = {
  modelValue: { type: Object as PropType<Record<string, unknown>>, required: true },
  table: { type: Object as PropType<TableMeta | null>, default: null },
} as const
export const filterInputProps = { modelValue: anyValue, column, op: { type: String, required: true } } as const

/** A config key read with a fallback, for configs a new column has not filled in yet. */
export function configValue<T>(config: Record<string, unknown>, key: string, fallback: T): T {
  const v = config[key]
  return v === undefined || v === null ? fallback : (v as T)
}

/** Props of a workflow action's config editor (`WorkflowStepClient.configEditor`). */
export const stepEditorProps = {
  modelValue: anyValue,
  variables: { type: Array as PropType<ReadonlyArray<{ readonly label: string; readonly tokens: ReadonlyArray<StepVariable> }>>, default: () => [] },
} as const
