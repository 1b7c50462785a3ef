import { notifyError, notifySuccess } from './notify.ts'

/** Puts `text` on the clipboard and says so (`done`); a browser that refuses shows why. */
export async function copyText(text: string, done: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    notifySuccess(done)
  } catch (err) {
    notifyError(err)
  }
}
