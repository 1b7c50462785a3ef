import type { Kernel } from '@docpal/kernel'

/**
 * Calls `fn` after each change of the plugin set (boot, enable, disable, install, update,
 * uninstall). The host's one subscription point: today it chains onto the kernel's `onChange`
 * callback (keeping the kernel's own), so moving to a typed `plugins.changed` event changes
 * only this function.
 */
export function onPluginsChanged(k: Kernel, fn: () => void): void {
  const before = k.plugins.onChange.bind(k.plugins)
  k.plugins.onChange = () => {
    before()
    fn()
  }
}
