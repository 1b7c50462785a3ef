import { createApp } from 'vue'
import { i18n } from '@docpal/plugin-sdk/client'
import App from './App.vue'
import { router } from './router.ts'
import { installMessages } from './i18n/install.ts'
import { loadPlugins } from './services/plugin-loader.ts'
import { reloadOnStaleBuild } from './services/stale-build.ts'
import './styles/main.scss'

installMessages()
const app = createApp(App)
// Element Plus components are imported where used (see scripts/build.ts), not installed globally.
app.use(i18n).use(router)
reloadOnStaleBuild(router)
// Plugin client halves load in parallel with the first route; pages wait on `pluginsReady`.
void loadPlugins()
app.mount('#app')
