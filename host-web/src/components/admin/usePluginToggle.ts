import { ref } from 'vue'
import { ElMessageBox } from 'element-plus'
import { useI18n } from '@docpal/plugin-sdk/client'
import { notifySuccess } from '../../composables/notify.ts'
import { reloadTypes } from '../../composables/useFieldTypes.ts'
import { endpoints, type PluginInfo } from '../../services/endpoints.ts'
import { loadPlugins } from '../../services/plugin-loader.ts'
import { contributions, displayName } from './plugin-list.ts'
import { readRefusal, type Refusal } from './refusal.ts'

export type PluginAction = 'enable' | 'disable'
export interface RefusalShown { name: string; action: PluginAction; refusal: Refusal }

/**
 * Enable or disable with a confirmation; then the browser re-syncs its plugin halves and the
 * server's type list, so editors and pickers offer exactly what is enabled without a reload.
 */
export function usePluginToggle() {
  const { t } = useI18n()
  const busy = ref<string | null>(null)
  const refused = ref<RefusalShown | null>(null)

  function confirmText(p: PluginInfo, action: PluginAction): string {
    const name = displayName(p)
    if (action === 'enable') return t('admin.confirmEnable', { name })
    const what = contributions(p).map(([kind, names]) => `${t(`admin.contributes.${kind}`)} (${names.join(', ')})`).join('; ')
    return what ? t('admin.confirmDisableWhat', { name, what }) : t('admin.confirmDisable', { name })
  }

  async function toggle(p: PluginInfo): Promise<void> {
    const action: PluginAction = p.state === 'enabled' ? 'disable' : 'enable'
    try {
      await ElMessageBox.confirm(confirmText(p, action), t(`admin.${action}Title`), {
        type: action === 'disable' ? 'warning' : 'info',
        confirmButtonText: t(`admin.${action}`),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return // cancelled
    }
    busy.value = p.id
    try {
      await (action === 'enable' ? endpoints.plugins.enable(p.id) : endpoints.plugins.disable(p.id))
      notifySuccess(t(`admin.${action}d`, { name: displayName(p) }))
    } catch (err) {
      refused.value = { name: displayName(p), action, refusal: readRefusal(err) }
    } finally {
      // Also after a refusal: a failed enable leaves the plugin `failed` with its reason.
      await Promise.all([loadPlugins(), reloadTypes()]).catch(() => undefined)
      busy.value = null
    }
  }

  return { busy, refused, toggle }
}
