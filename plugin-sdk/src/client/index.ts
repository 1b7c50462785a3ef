/**
 * `@docpal/plugin-sdk/client`: what a plugin's client half imports. The host page loads this module
 * once (import map), so the registry, contexts, API client and i18n are shared by every plugin.
 */
export * from './types.ts'
export { defineClientPlugin, defineFieldTypeClient, defineViewTypeClient, defineWidgetClient } from './define.ts'
export { registry, ClientRegistry } from './registry.ts'
export { api, ApiError, csrfHeaders, currentViewAs, setViewAs, SIGNED_OUT_EVENT, VIEW_AS_HEADER } from './api.ts'
export { i18n, t, useI18n } from './i18n.ts'
export * from './context.ts'
export * from './kit/index.ts'
export * from './editing/index.ts'
