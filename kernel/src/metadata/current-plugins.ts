import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { PluginsBehind } from '../plugins/plugin-generation.ts'

/**
 * Runs a schema change whose transaction checks the plugins (`k.plugins.assertCurrent`): when
 * another server process enabled, disabled or updated a plugin this one has not applied yet,
 * applies it and runs the change again, so the answer is the one a single process would give
 * (a field type disabled there is unknown here too). Behind twice (plugins changing all along):
 * 409 KRN_ERR_SCHEMA_CHANGED, retryable.
 */
export async function withCurrentPlugins<T>(k: KernelContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (!(err instanceof PluginsBehind)) throw err
    await k.plugins.sync()
    return run().catch((again: unknown) => {
      if (!(again instanceof PluginsBehind)) throw again
      throw codes.KRN_ERR_SCHEMA_CHANGED('the plugins (enabled or disabled in another server process)', { details: { retryable: true, retryAfterSeconds: 1 }, cause: again })
    })
  }
}
