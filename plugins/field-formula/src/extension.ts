import { createExtensionPoint, type AnyFormulaFunction } from '@docpal/plugin-sdk'

/**
 * What a function plugin receives when it names the formula plugin's extension point in its
 * `deps` (and lists `field-formula` in `dependsOn`). Functions it adds are withdrawn when it is
 * disabled. This file imports only the SDK, so a function plugin bundles it without the formula
 * plugin's code; the point is matched by its id.
 */
export interface FormulaFunctionsExtension {
  /** Adds functions under their upper-case names; a name another plugin added is refused. */
  add(functions: ReadonlyArray<AnyFormulaFunction>): void
}

export const formulaFunctionsExtensionPoint = createExtensionPoint<FormulaFunctionsExtension>({ id: 'field-formula.functions' })
