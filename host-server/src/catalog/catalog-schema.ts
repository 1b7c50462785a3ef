import { PLUGIN_CATEGORIES, PluginIdSchema, PluginTranslationsSchema } from '@docpal/plugin-sdk'
import { z } from 'zod'

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 digest as 64 lowercase hex digits')

/** One published version: where to download it, what to expect, which kernels it runs on. */
export const CatalogVersionSchema = z.object({
  version: z.string().min(1),
  kernel: z.string().min(1),
  /** http(s) URL, or a path relative to the catalog file or URL. */
  downloadUrl: z.string().min(1),
  sha256,
  publishedAt: z.string().optional(),
})

export const CatalogPluginSchema = z.object({
  id: PluginIdSchema,
  name: z.string().min(1),
  description: z.string().default(''),
  /** `name` and `description` in other languages, as the plugin's manifest gives them. */
  translations: PluginTranslationsSchema.optional(),
  category: z.enum(PLUGIN_CATEGORIES),
  /** An emoji or an image URL. */
  icon: z.string().default('🧩'),
  homepage: z.string().optional(),
  versions: z.array(CatalogVersionSchema).min(1),
})

/** The marketplace index: a JSON file served from a URL or read from disk (DOCPAL_PLUGIN_CATALOG). */
export const CatalogSchema = z.object({
  name: z.string().default('Plugin catalog'),
  plugins: z.array(CatalogPluginSchema),
})

export type Catalog = z.output<typeof CatalogSchema>
export type CatalogPlugin = z.output<typeof CatalogPluginSchema>
export type CatalogVersion = z.output<typeof CatalogVersionSchema>
