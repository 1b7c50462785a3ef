import { DocPalError } from '@docpal/plugin-sdk'

/** Whether `err` is the kernel's "does not exist" answer (and nothing else, which must go on up). */
export function isNotFound(err: unknown): boolean {
  return err instanceof DocPalError && err.code === 'KRN_ERR_NOT_FOUND'
}
