import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import type { TableMeta } from '../schema/table-model.ts'
import { measureConversions, type Conversion } from './apply-plan.ts'
import { convertInPlace, convertsInPlace } from './convert-in-place.ts'
import type { SchemaPlan } from './schema-plan.ts'

/**
 * The value conversions of a schema change, before applyPlan: those that can go in place are
 * tried first, without counting (the ALTER itself stops at the first value that would be lost,
 * and counting would read the table once more); the others, and those the ALTER refused, are
 * counted as the dry run counts them. A change that would empty values needs `force`
 * (422 KRN_ERR_DDL_LOSSY_CHANGE listing every conversion otherwise).
 */
export async function convertValues(tx: Executor, table: TableMeta, plan: SchemaPlan, force: boolean): Promise<{ conversions: Conversion[]; convertedInPlace: Set<string> }> {
  const measured = await measureConversions(tx, table, plan, (t) => !convertsInPlace(t))
  const byId = new Map(measured.map((c) => [c.columnId, c]))
  const convertedInPlace = new Set<string>()
  const refuse = async (found: Conversion[]) => {
    const first = found.find((c) => c.wouldEmpty > 0)
    if (!first || force) return
    // The error lists every conversion of the change, as the dry run would (those already
    // rewritten in place lost nothing; the transaction rolls them back).
    const counted = new Map((await measureConversions(tx, table, plan, (t) => !convertedInPlace.has(t.id))).map((c) => [c.columnId, c]))
    const conversions = plan.target.flatMap((t) => counted.get(t.id) ?? byId.get(t.id) ?? [])
    throw codes.KRN_ERR_DDL_LOSSY_CHANGE(first.name, first.wouldEmpty, {
      path: ['columns', plan.target.findIndex((t) => t.id === first.columnId), 'type'],
      details: { conversions },
    })
  }
  await refuse(measured)
  for (const t of plan.target) {
    if (!convertsInPlace(t) || !t.current) continue
    const values = await convertInPlace(tx, table, t)
    if (values !== undefined) {
      convertedInPlace.add(t.id)
      byId.set(t.id, { columnId: t.id, name: t.name, from: t.current.type, to: t.spec.type, values, wouldEmpty: 0 })
      continue
    }
    const counted = await measureConversions(tx, table, plan, (x) => x === t)
    await refuse(counted)
    for (const c of counted) byId.set(c.columnId, c)
  }
  const conversions = plan.target.flatMap((t) => byId.get(t.id) ?? [])
  return { conversions, convertedInPlace }
}
