import { z } from 'zod'
import { pluginIdProblem } from './plugin-id.ts'

/**
 * Backstage's ID_PATTERN, for the keys of contributions (field types, widgets): letters and
 * digits, words joined by single dashes or underscores. Plugin ids are stricter (plugin-id.ts).
 */
export const ID_PATTERN = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/i

/** A plugin id: lowercase, not reserved (`pluginIdProblem` says why not). */
export const PluginIdSchema = z.string().superRefine((id, ctx) => {
  const problem = pluginIdProblem(id)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

export const PLUGIN_CATEGORIES = ['field', 'view', 'widget', 'workflow', 'storage', 'integration', 'other'] as const

/**
 * What a plugin may do beyond contributing types, declared so the admin sees it before enabling:
 * its own tables (migrations), HTTP routes, hooks on record writes, outbound network.
 */
export const PLUGIN_CAPABILITIES = ['database', 'routes', 'network', 'hooks'] as const

const semverVersion = z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, 'a semver version such as 1.0.0')

/** Most locales one manifest may translate into: enough for any real plugin, bounded for the list the admin page loads. */
export const MAX_MANIFEST_LOCALES = 20

/** A locale code as the web app names its languages (`'zh-CN'`, `'pt-BR'`, `'fr'`): a BCP 47 tag, kept short. */
export const LocaleCodeSchema = z
  .string()
  .max(20)
  .regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/, "a locale code such as 'zh-CN'")

/**
 * The manifest's name and description in other languages, by locale. The English ones stay the
 * manifest's own `name` and `description` (what a locale without an entry, or an entry without a
 * field, shows); the limits are theirs.
 */
export const PluginTranslationsSchema = z
  .record(
    LocaleCodeSchema,
    z.object({
      name: z.string().min(1).max(100).optional(),
      description: z.string().max(500).optional(),
    }),
  )
  .refine((r) => Object.keys(r).length <= MAX_MANIFEST_LOCALES, `at most ${MAX_MANIFEST_LOCALES} locales`)

export type PluginTranslations = z.output<typeof PluginTranslationsSchema>

/** The `docpal` block of a plugin's package.json: data, validated at discovery (Directus manifest). */
export const PluginManifestSchema = z.object({
  id: PluginIdSchema,
  name: z.string().min(1).max(100),
  version: semverVersion,
  kernel: z.string().min(1).describe('semver range of kernel versions this plugin supports'),
  dependsOn: z.array(PluginIdSchema).default([]),
  category: z.enum(PLUGIN_CATEGORIES),
  description: z.string().max(500).default(''),
  capabilities: z.array(z.enum(PLUGIN_CAPABILITIES)).default([]),
  /**
   * What the server half contributes, written by `docpal-plugin pack`, so an admin sees it before
   * enabling (no plugin code runs until then); enabling refuses a plugin that contributes more.
   */
  contributes: z
    .object({
      fieldTypes: z.array(z.string()).default([]),
      viewTypes: z.array(z.string()).default([]),
      formulaFunctions: z.array(z.string()).default([]),
      routes: z.array(z.string()).default([]),
      widgets: z.array(z.string()).default([]),
      triggers: z.array(z.string()).default([]),
      actions: z.array(z.string()).default([]),
    })
    .optional(),
  /** An emoji or image URL for the admin panel and the catalog. */
  icon: z.string().max(200).optional(),
  /** `name` and `description` in other languages (`{ "zh-CN": { "name": "看板视图" } }`), shown in the reader's. */
  translations: PluginTranslationsSchema.optional(),
})

export type PluginManifest = z.output<typeof PluginManifestSchema>
export type PluginManifestInput = z.input<typeof PluginManifestSchema>

/**
 * The plugin manifest a package.json declares: its `docpal` block, with the package's own
 * `version` when the block names none, so a plugin's version lives in one place (package.json
 * `"version"`, which `pnpm version` and registries already use). One reading for the kernel, the
 * packer and the tests.
 */
export function parsePackageManifest(pkg: Readonly<Record<string, unknown>>): ReturnType<typeof PluginManifestSchema.safeParse> {
  const block = pkg['docpal']
  const versionless = block !== null && typeof block === 'object' && !Array.isArray(block) && !('version' in block)
  return PluginManifestSchema.safeParse(versionless && typeof pkg['version'] === 'string' ? { ...block, version: pkg['version'] } : block)
}
