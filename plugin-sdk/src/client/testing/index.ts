/**
 * `@docpal/plugin-sdk/client/testing`: checks a field type's client half the way DocPal uses it.
 * Test-only (it needs a DOM and @vue/test-utils); never imported by a plugin's runtime code.
 */
export { expectCellEditorContract, COMMIT_WAYS, type EditorCase } from './editor-contract.ts'
export { createDriver, settle, type EditorDriver } from './driver.ts'
