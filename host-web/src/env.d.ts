/// <reference types="vite/client" />
declare module 'element-plus/dist/locale/*.mjs' {
  import type { Language } from 'element-plus/es/locale'
  const locale: Language
  export default locale
}
// vue-tsc reads the real `.vue` files; tools that only run TypeScript (ESLint's type-aware rules on
// a `.ts` file importing a component) would otherwise see an error type where a component is.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent
  export default component
}
