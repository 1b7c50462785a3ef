import { ref } from 'vue'
import { registry, type ClientPlugin } from '@docpal/plugin-sdk/client'
import { endpoints, type PluginInfo } from './endpoints.ts'

/** The server's plugin list as last loaded, with any client half that failed to load. */
export const plugins = ref<PluginInfo[]>([])
export const pluginErrors = ref<Record<string, string>>({})
let ready: Promise<void> | undefined

async function importClient(url: string): Promise<ClientPlugin> {
  const mod = (await import(/* @vite-ignore */ url)) as { default?: ClientPlugin }
  if (!mod.default?.id) throw new Error('its client module has no default export made with defineClientPlugin')
  return mod.default
}

/**
 * Asks the server which plugins are enabled and imports each client half at runtime. Called again
 * after an admin enables or disables a plugin: halves that went away are unregistered, new ones
 * imported, so the page changes without a rebuild or a reload.
 */
export function loadPlugins(): Promise<void> {
  ready = (async () => {
    const list = embedded() ?? (await endpoints.plugins.list())
    plugins.value = list
    const wanted = new Map(list.flatMap((p) => (p.state === 'enabled' && p.client ? [[p.id, p.client] as const] : [])))
    for (const id of [...registry.plugins.keys()]) if (!wanted.has(id)) registry.unregister(id)
    const errors: Record<string, string> = {}
    await Promise.all(
      [...wanted]
        .filter(([id]) => !registry.plugins.has(id))
        .map(async ([id, url]) => {
          try {
            registry.register(await importClient(url))
          } catch (err) {
            errors[id] = err instanceof Error ? err.message : String(err)
          }
        }),
    )
    pluginErrors.value = errors
  })()
  return ready
}

/** The list the server put in the page (first load only: later loads ask again). */
function embedded(): PluginInfo[] | undefined {
  const el = document.getElementById('docpal-plugins')
  if (!el?.textContent) return undefined
  el.remove()
  return JSON.parse(el.textContent) as PluginInfo[]
}

/** Resolves once the first plugin load finished (successfully or not). */
export function pluginsReady(): Promise<void> {
  return (ready ?? loadPlugins()).catch(() => undefined)
}
