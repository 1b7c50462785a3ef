import type { AnyFieldType, ColumnDataType, ErrorPath } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { ColumnInput } from '../metadata/inputs.ts'
import type { PluginManager } from '../plugins/plugin-manager.ts'
import { parseOrThrow } from '../validation.ts'

export interface ColumnSpec {
  readonly type: string
  readonly fieldType: AnyFieldType
  readonly config: unknown
  readonly dataType: ColumnDataType | null
}

/** Resolves a column's type to an enabled field type and parses its config (defaults applied). */
export function columnSpec(plugins: PluginManager, input: Pick<ColumnInput, 'type' | 'config'>, fallbackConfig: unknown, path: ErrorPath): ColumnSpec {
  const ft = plugins.registries.fieldTypes.get(input.type)
  if (!ft) throw codes.KRN_ERR_FIELD_TYPE_UNKNOWN(input.type, plugins.registries.fieldTypes.keys().sort().join(', '), { path: [...path, 'type'] })
  const config = parseOrThrow(ft.config, input.config ?? fallbackConfig ?? {}, [...path, 'config'])
  const issues = ft.checkConfig?.(config) ?? []
  if (issues.length) {
    const first = issues[0]!
    throw codes.KRN_ERR_VALIDATION(`${[...path, 'config', ...first.path].join('.')}: ${first.message}`, { path: [...path, 'config', ...first.path], details: { issues } })
  }
  return { type: input.type, fieldType: ft, config, dataType: ft.column(config) }
}

export function sameConfig(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
