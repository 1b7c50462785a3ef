import { confirmed } from '../../composables/confirm.ts'
import { useRouter } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import { useI18n } from '@docpal/plugin-sdk/client'
import { notifyError, notifySuccess } from '../../composables/notify.ts'
import { useAppState } from '../../composables/useAppState.ts'
import { endpoints, type FolderInfo } from '../../services/endpoints.ts'

/** Create, rename and delete folders from the sidebar, asking for names in a prompt. */
export function useFolderActions() {
  const state = useAppState()
  const router = useRouter()
  const { t } = useI18n()

  async function askName(title: string, value = ''): Promise<string | null> {
    try {
      const { value: name } = await ElMessageBox.prompt(t('sidebar.folderName'), title, {
        inputValue: value,
        inputValidator: (v: string) => (v.trim() ? true : t('sidebar.nameRequired')),
        confirmButtonText: t('common.save'),
        cancelButtonText: t('common.cancel'),
        inputPlaceholder: t('sidebar.folderPlaceholder'),
        customClass: 'dp-folder-prompt',
      })
      return name.trim()
    } catch {
      return null // cancelled
    }
  }

  async function createFolder(parentId: string | null): Promise<FolderInfo | null> {
    const name = await askName(parentId ? t('sidebar.newSubfolder') : t('sidebar.newFolder'))
    if (!name) return null
    try {
      // A new folder goes after its siblings, as it would in a file manager.
      const order = state.folders.value.filter((f) => (f.parentId ?? null) === parentId).reduce((m, f) => Math.max(m, f.order + 1), 0)
      const folder = await endpoints.folders.create(state.appId.value, { name, parentId, order })
      await state.refresh()
      return folder
    } catch (err) {
      notifyError(err)
      return null
    }
  }

  async function renameFolder(id: string, current: string): Promise<void> {
    const name = await askName(t('sidebar.renameFolder'), current)
    if (!name || name === current) return
    try {
      await endpoints.folders.update(id, { name })
      await state.refresh()
    } catch (err) {
      notifyError(err)
    }
  }

  /** Answers whether the folder was deleted. Its tables and views stay, outside any folder. */
  async function deleteFolder(id: string, name: string): Promise<boolean> {
    if (!(await confirmed(t('sidebar.deleteFolderConfirm', { name }), t('sidebar.deleteFolder'), { confirm: t('common.delete'), cancel: t('common.cancel') }, true))) return false
    try {
      await endpoints.folders.remove(id)
      notifySuccess(t('sidebar.folderDeleted'))
      await state.refresh()
      const here = router.currentRoute.value.params['folderId']
      if (here && !state.folders.value.some((f) => f.id === here)) await router.push(`/apps/${state.appId.value}`)
      return true
    } catch (err) {
      notifyError(err)
      return false
    }
  }

  return { createFolder, renameFolder, deleteFolder }
}
