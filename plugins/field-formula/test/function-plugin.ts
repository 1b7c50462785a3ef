import type { AnyFormulaFunction, PluginContext, ServerPlugin } from '@docpal/plugin-sdk'
import { formulaFunctionsExtensionPoint, type FormulaFunctionsExtension } from '../src/extension.ts'

/**
 * The functions a function plugin adds when its `setup` runs: it must ask for the formula
 * plugin's extension point in `deps`, and it gets a stand-in that records what it adds.
 */
export async function functionsAddedBy(plugin: ServerPlugin): Promise<AnyFormulaFunction[]> {
  const name = Object.entries(plugin.deps ?? {}).find(([, ref]) => ref.id === formulaFunctionsExtensionPoint.id)?.[0]
  if (name === undefined) throw new Error(`plugin '${plugin.pluginId}' does not ask for ${formulaFunctionsExtensionPoint.id}`)
  const added: AnyFormulaFunction[] = []
  const formulas: FormulaFunctionsExtension = { add: (fns) => void added.push(...fns) }
  const unused = (what: string) => () => {
    throw new Error(`a function plugin's setup should not need ctx.${what}`)
  }
  const ctx: PluginContext = {
    pluginId: plugin.pluginId,
    settings: unused('settings'),
    onSettingsChange: unused('onSettingsChange'),
    companySettings: unused('companySettings'),
    onCompanySettingsChange: unused('onCompanySettingsChange'),
    logger: { info: unused('logger'), warn: unused('logger'), error: unused('logger') },
    on: unused('on'),
    onDispose: unused('onDispose'),
    provide: unused('provide'),
  }
  await plugin.setup?.(ctx, { [name]: formulas })
  return added
}
