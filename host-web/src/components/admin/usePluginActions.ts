import { ref } from 'vue'
import { ElMessageBox } from 'element-plus'
import { useI18n } from '@docpal/plugin-sdk/client'
import { notifySuccess } from '../../composables/notify.ts'
import { reloadTypes } from '../../composables/useFieldTypes.ts'
import type { PluginInfo } from '../../services/endpoints.ts'
import { loadPlugins } from '../../services/plugin-loader.ts'
import { pluginAdmin } from './plugin-admin-api.ts'
import { contributions } from './plugin-list.ts'
import { pluginName } from '../../services/plugin-text.ts'
import { canForceDisable, readRefusal, type Refusal } from './refusal.ts'

export type PluginAction = 'enable' | 'disable' | 'uninstall'
const DONE = { enable: 'admin.enabled', disable: 'admin.disabled', uninstall: 'admin.uninstalled' } as const
export interface RefusalShown {
  id: string
  name: string
  action: PluginAction
  refusal: Refusal
  forceable: boolean
}

/**
 * The browser re-syncs its plugin halves and the server's type list, so editors and pickers offer
 * exactly what is enabled without a reload. Also after a refusal: a failed enable leaves the plugin
 * `failed` with its reason.
 */
export async function refreshPlugins(): Promise<void> {
  await Promise.all([loadPlugins(), reloadTypes()]).catch(() => undefined)
}

/** Enable, disable (forced if the admin insists) and uninstall, each confirmed, refusals shown. */
export function usePluginActions() {
  const { t } = useI18n()
  const busy = ref<string | null>(null)
  const refused = ref<RefusalShown | null>(null)

  function confirmText(p: PluginInfo, action: PluginAction): string {
    const name = pluginName(p)
    if (action !== 'disable') return t(action === 'enable' ? 'admin.confirmEnable' : 'admin.confirmUninstall', { name })
    const what = contributions(p)
      .map(([kind, names]) => `${t(`admin.contributes.${kind}`)} (${names.join(', ')})`)
      .join('; ')
    return what ? t('admin.confirmDisableWhat', { name, what }) : t('admin.confirmDisable', { name })
  }

  async function confirmed(p: PluginInfo, action: PluginAction): Promise<boolean> {
    try {
      await ElMessageBox.confirm(confirmText(p, action), t(`admin.${action}Title`), {
        type: action === 'enable' ? 'info' : 'warning',
        confirmButtonText: t(`admin.${action}`),
        cancelButtonText: t('common.cancel'),
      })
      return true
    } catch {
      return false // cancelled
    }
  }

  async function run(id: string, name: string, action: PluginAction, call: () => Promise<unknown>): Promise<void> {
    busy.value = id
    try {
      await call()
      notifySuccess(t(DONE[action], { name }))
    } catch (err) {
      const refusal = readRefusal(err)
      refused.value = { id, name, action, refusal, forceable: action === 'disable' && canForceDisable(refusal) }
    } finally {
      await refreshPlugins()
      busy.value = null
    }
  }

  async function toggle(p: PluginInfo): Promise<void> {
    const action: PluginAction = p.state === 'enabled' ? 'disable' : 'enable'
    if (await confirmed(p, action)) await run(p.id, pluginName(p), action, () => (action === 'enable' ? pluginAdmin.enable(p.id) : pluginAdmin.disable(p.id)))
  }

  /** "Disable anyway" from the refusal dialog: the dialog's explanation was the confirmation. */
  async function forceDisable(): Promise<void> {
    const shown = refused.value
    if (!shown?.forceable) return
    refused.value = null
    await run(shown.id, shown.name, 'disable', () => pluginAdmin.disable(shown.id, true))
  }

  async function uninstall(p: PluginInfo): Promise<void> {
    if (await confirmed(p, 'uninstall')) await run(p.id, pluginName(p), 'uninstall', () => pluginAdmin.uninstall(p.id))
  }

  return { busy, refused, toggle, forceDisable, uninstall }
}
