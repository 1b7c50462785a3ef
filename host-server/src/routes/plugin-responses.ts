import { z } from 'zod'
import { PLUGIN_CATEGORIES, PluginIdSchema, PluginManifestSchema, PluginTranslationsSchema } from '@docpal/plugin-sdk'
import { CatalogVersionSchema } from '../catalog/catalog-schema.ts'

/*
 * Plugin answers, for the OpenAPI document (loose objects: fields added later keep clients
 * working). The manifest is described by the schema that validates it, so a field added to the
 * manifest (such as `translations`) is documented without being listed twice.
 */

const State = z.enum(['enabled', 'disabled', 'failed'])
const Source = z.enum(['builtin', 'installed'])

export const PluginOut = z
  .looseObject({
    id: z.string(),
    manifest: z.looseObject(PluginManifestSchema.shape).nullable().describe('the `docpal` block of its package.json; null when it could not be read'),
    source: Source,
    sha256: z.string().nullable().describe('sha256 of the tarball an installed plugin came from'),
    settings: z.boolean().describe('declares admin-editable settings'),
    companySettings: z.boolean().describe('keeps its settings per company'),
    state: State,
    reason: z.string().nullable().describe('why it failed (state failed)'),
    contributes: z.record(z.string(), z.array(z.string())).describe('what it adds, by kind (fieldTypes, viewTypes, formulaFunctions, routes, widgets, triggers, actions)'),
    client: z.string().nullable().describe('URL of its client half (enabled plugins with one)'),
  })
  .meta({ id: 'Plugin' })

const CatalogEntryOut = z.looseObject({
  id: PluginIdSchema,
  name: z.string(),
  description: z.string(),
  translations: PluginTranslationsSchema.optional().describe('`name` and `description` by locale, from the manifest'),
  category: z.enum(PLUGIN_CATEGORIES),
  icon: z.string(),
  homepage: z.string().nullable(),
  latest: z.string(),
  versions: z.array(CatalogVersionSchema.extend({ compatible: z.boolean().describe('this kernel satisfies its kernel range') })),
  installed: z.looseObject({ version: z.string().nullable(), state: State, source: Source }).nullable(),
  update: z.string().nullable().describe('a newer compatible version than the installed one'),
})

export const PluginCatalogOut = z.looseObject({
  source: z.string().describe('the catalog file or URL'),
  name: z.string(),
  kernel: z.string().describe('this kernel version'),
  plugins: z.array(CatalogEntryOut),
})
