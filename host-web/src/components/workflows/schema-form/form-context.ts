import { inject, provide, type InjectionKey } from 'vue'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import type { Schema } from './schema.ts'

/** A group of `{{...}}` tokens the variable picker offers (e.g. "Trigger record", "Step invoice"). */
export interface VariableGroup {
  readonly label: string
  /** `type`: what the variable holds (a field type, or an action's output type); `typeLabel`: the same in the reader's language, shown beside it. */
  readonly tokens: ReadonlyArray<{ readonly label: string; readonly token: string; readonly type?: string | undefined; readonly typeLabel?: string | undefined }>
}

/** What every input of one generated form needs: the root schema ($refs), tables, variables, the server's error. */
export interface FormContext {
  readonly root: Schema
  readonly tables: ReadonlyArray<TableMeta>
  /** The app's workflows (a sub-workflow step picks one). */
  readonly workflows: ReadonlyArray<{ readonly id: string; readonly name: string }>
  readonly variables: ReadonlyArray<VariableGroup>
  readonly error: { readonly path: ReadonlyArray<string | number>; readonly message: string } | null
  /** The type's config field labels in the reader's language, by property name (type-text.ts). */
  readonly fieldLabels?: Readonly<Record<string, string>> | undefined
  /** Their help text in the reader's language, by property name (else the schema's `description`). */
  readonly fieldHelp?: Readonly<Record<string, string>> | undefined
}

const KEY: InjectionKey<() => FormContext> = Symbol('docpal.schemaForm')

export const provideFormContext = (get: () => FormContext): void => provide(KEY, get)

export function useFormContext(): () => FormContext {
  const get = inject(KEY, null)
  if (!get) throw new Error('a schema form input outside ConfigSchemaForm')
  return get
}

export const samePath = (a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean => a.length === b.length && a.every((x, i) => String(x) === String(b[i]))
