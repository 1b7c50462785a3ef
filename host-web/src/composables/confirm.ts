import { ElMessageBox } from 'element-plus'

/**
 * A step the person must confirm (a delete, mostly): true once they confirm, false when they
 * cancel or close the box. `danger` paints the confirm button red.
 */
export async function confirmed(message: string, title: string, labels: { readonly confirm: string; readonly cancel: string }, danger = false): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText: labels.confirm,
      cancelButtonText: labels.cancel,
      ...(danger ? { confirmButtonClass: 'el-button--danger' } : {}),
    })
    return true
  } catch {
    // Element Plus rejects when the box is cancelled or closed: the person said no.
    return false
  }
}
