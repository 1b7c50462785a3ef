/**
 * What `route`'s URL typing refuses at compile time. Never run: `pnpm typecheck` compiles it, and
 * each `@ts-expect-error` fails the build if its line ever compiles (the types got looser).
 */
import type { UrlParams } from './define.ts'

export const both: UrlParams<'/api/tables/:id/columns/:columnId'> = { id: 't', columnId: 'c' }

// @ts-expect-error a parameter the URL does not declare
export const typo: string = both.column

// @ts-expect-error a URL's parameters are all present
export const missing: UrlParams<'/api/folders/:folderId/items/:itemId'> = { folderId: 'f' }
