/** `@docpal/plugin-sdk/build`: building a plugin's client half the way the host serves it. */
export { bundleClient, SHARED_CLIENT_MODULES, type BundleClientOptions } from './bundle-client.ts'
export { elementPlusNames, rewriteElementPlusImports, ELEMENT_PLUS_FULL, type ElementPlusExports } from './element-plus-imports.ts'
export { packPlugin, type PackedPlugin } from './pack-plugin.ts'
