import { z } from 'zod'
import type { Database } from '../db/executor.ts'
import { announcedJson, processChannel } from '../db/process-channel.ts'
import type { Logger } from '../logger.ts'
import type { CompanyPluginSettings } from './company-settings.ts'
import type { PluginSettings } from './plugin-settings.ts'

/** The channel on which server processes sharing a PostgreSQL database announce saved plugin settings. */
export const PLUGIN_SETTINGS_CHANNEL = 'docpal_plugin_settings'

const Change = z.object({ id: z.string().max(214), companyId: z.string().max(64).optional() })

/**
 * Plugin settings saved through one server process reach the plugin in every other process on the
 * same PostgreSQL (issue 19): the saving process announces the plugin (and the company, for
 * settings per company) after the commit; the others read the value again and call the plugin's
 * `onSettingsChange` / `onCompanySettingsChange` as the saving one did. A LISTEN that subscribes
 * again re-reads every instance setting and forgets every cached company value. PGlite: one process.
 */
export async function shareSettingsChanges(db: Database, logger: Logger, settings: PluginSettings, company: CompanyPluginSettings): Promise<void> {
  const fail = (what: string) => (err: unknown) =>
    logger.error('plugin settings: could not apply a change made in another server process', { what, err: err instanceof Error ? err.message : String(err) })
  const announce = await processChannel(
    db,
    logger,
    PLUGIN_SETTINGS_CHANNEL,
    (payload) => {
      const parsed = Change.safeParse(announcedJson(payload))
      if (!parsed.success) {
        // Not a change this version announces: re-reading everything is the safe reading.
        void settings.reloadAll().catch(fail(payload.slice(0, 200)))
        return
      }
      const { id, companyId } = parsed.data
      if (companyId === undefined) void settings.changedElsewhere(id).catch(fail(id))
      else void company.changedElsewhere(id, companyId).catch(fail(`${id} of company ${companyId}`))
    },
    () => {
      company.forgetAll()
      void settings.reloadAll().catch(fail('every plugin'))
    },
  )
  if (!announce) return
  settings.announce = (id) => announce(JSON.stringify({ id }))
  company.announce = (id, companyId) => announce(JSON.stringify({ id, companyId }))
}
