import { createError, type AnyFormulaFunction, type FieldScope, type ServiceImplementation } from '@docpal/plugin-sdk'
import type { FormulaFunctionsExtension } from '../extension.ts'

export const FORMULA_FUNCTION_TAKEN = createError<[string, string]>(
  'field-formula/FUNCTION_TAKEN',
  (name, owner) => `Formula function ${name} is already added by plugin '${owner}'.`,
  409,
)

export type FunctionLookup = (name: string) => AnyFormulaFunction | undefined

/**
 * The formula functions function plugins added through the extension point, each tagged with
 * its plugin. One per loaded module: the field type below is static and reads it at compile time.
 */
export class FormulaFunctionRegistry {
  readonly #byName = new Map<string, { plugin: string; fn: AnyFormulaFunction }>()

  get(name: string): AnyFormulaFunction | undefined {
    return this.#byName.get(name.toUpperCase())?.fn
  }

  namesOf(plugin: string): string[] {
    return [...this.#byName].filter(([, e]) => e.plugin === plugin).map(([name]) => name)
  }

  /**
   * Lookup for one compile: the extension point first; then, for plugins still using the older
   * `formulaFunctions` contribution point, the kernel's registry through the scope.
   */
  lookup(scope: FieldScope): FunctionLookup {
    return (name) => this.get(name) ?? scope.formulaFunction(name)
  }

  /** The extension point's implementation: one handle per function plugin. */
  extensionPoint(): ServiceImplementation<FormulaFunctionsExtension> {
    return {
      forPlugin: (consumer) => {
        consumer.onDispose(() => {
          for (const name of this.namesOf(consumer.pluginId)) this.#byName.delete(name)
        })
        return {
          add: (functions) => {
            for (const fn of functions) {
              const taken = this.#byName.get(fn.type)
              if (taken) throw FORMULA_FUNCTION_TAKEN(fn.type, taken.plugin)
            }
            for (const fn of functions) this.#byName.set(fn.type, { plugin: consumer.pluginId, fn })
          },
        }
      },
      // The kernel shows these as the function plugin's contributions and refuses to disable it
      // while a formula calls one of them.
      contributed: (plugin) => ({ formulaFunctions: this.namesOf(plugin) }),
    }
  }
}

export const formulaFunctions = new FormulaFunctionRegistry()
