import type { Kernel } from '@docpal/kernel'

/**
 * Calls `fn` after each change of the plugin set (enable, disable, install, update, uninstall),
 * through the kernel's typed `plugins.changed` event. The boot's event fires before the host
 * subscribes: callers build their first state themselves.
 */
export function onPluginsChanged(k: Kernel, fn: () => void): void {
  k.events.on('plugins.changed', () => fn(), 'host-server')
}
