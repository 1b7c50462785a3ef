import { z } from '@docpal/plugin-sdk'

export const relationConfigSchema = z.object({
  targetTableId: z.uuid(),
  allowMultiple: z.boolean().default(true),
  /** Column of the target shown for each linked record; default: its first column. */
  displayFieldId: z.uuid().optional(),
  reverseRelationName: z.string().trim().min(1).max(255).optional(),
  /** Whether a target record may link to many records of this table (the other side's allowMultiple). */
  reverseAllowMultiple: z.boolean().default(true),
  /** Set on the field the kernel created on the target: the field whose other side it is. */
  pairedFieldId: z.uuid().optional(),
})
export type RelationConfig = z.output<typeof relationConfigSchema>

/** One linked record alone (`"Reviewer": "<id>"`, most natural for a single-link relation) is a list of one. */
const asList = (v: unknown): unknown => (typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v)) ? [v] : v)

/** Linked records on write: ids, or `{ id }` objects as responses give them; one alone or in a list. */
export const linkValueSchema = (c: RelationConfig) =>
  z.preprocess(
    asList,
    z
      .array(z.union([z.uuid(), z.object({ id: z.uuid() }).transform((o) => o.id)]))
      .max(c.allowMultiple ? 10_000 : 1, c.allowMultiple ? 'at most 10,000 linked records' : 'this relation links one record only')
      // Refused rather than silently merged: a value the user gave is never changed without a word.
      .refine((ids) => new Set(ids).size === ids.length, 'each linked record at most once'),
  )
