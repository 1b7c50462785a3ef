/** Domain events, emitted on the bus after the transaction that caused them has committed. */
export type DomainEvents = {
  /** `source`: the path a person used, when it is one workflows tell apart (`form`: the table's form). */
  'record.created': { tableId: string; recordId: string; companyId: string; userId: string; source?: string }
  /** `changed`: column ids; `changedNames`: their names, where the event knows them (workflow triggers). */
  'record.updated': { tableId: string; recordId: string; companyId: string; userId: string; changed: string[]; changedNames?: string[] }
  'record.deleted': { tableId: string; recordId: string; companyId: string; userId: string }
  'records.bulkCreated': { tableId: string; ids: string[]; companyId: string; userId: string }
  'table.created': { tableId: string; appId: string; companyId: string }
  'table.schemaChanged': { tableId: string; companyId: string; steps: Array<{ kind: string; columnId: string }> }
  'table.deleted': { tableId: string; companyId: string }
  'plugin.enabled': { pluginId: string }
  'plugin.disabled': { pluginId: string }
  'plugin.installed': { pluginId: string }
  'plugin.updated': { pluginId: string }
  'plugin.uninstalled': { pluginId: string }
  'plugin.settingsChanged': { pluginId: string }
  /**
   * What is enabled changed (boot, enable, disable, install, update, uninstall, or an update
   * rolled back): caches keyed on contributions drop, the host rebuilds plugin routes and bundles.
   * Emitted before the matching `plugin.*` event, synchronously, once the change is stored.
   */
  'plugins.changed': { reason: PluginChangeReason; pluginId: string | undefined }
}

export type PluginChangeReason = 'boot' | 'enabled' | 'disabled' | 'installed' | 'updated' | 'rolledBack' | 'uninstalled'
export type DomainEventName = keyof DomainEvents

/** Every event name, for runtime checks (kept equal to `DomainEventName` by the type below). */
export const DOMAIN_EVENT_NAMES = [
  'record.created',
  'record.updated',
  'record.deleted',
  'records.bulkCreated',
  'table.created',
  'table.schemaChanged',
  'table.deleted',
  'plugin.enabled',
  'plugin.disabled',
  'plugin.installed',
  'plugin.updated',
  'plugin.uninstalled',
  'plugin.settingsChanged',
  'plugins.changed',
] as const satisfies ReadonlyArray<DomainEventName>
type MissingEvent = Exclude<DomainEventName, (typeof DOMAIN_EVENT_NAMES)[number]>
// Fails to compile when an event is added to DomainEvents but not to the list above.
export const EVENTS_LISTED: MissingEvent extends never ? true : never = true
