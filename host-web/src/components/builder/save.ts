import { builderApi, type TableBody } from './builder-api.ts'
import { nextStage, type BuilderTable, type TableDraft } from './draft.ts'
import { conversionsOf, dependentsOf, lossyConversions, type Conversion, type Dependent } from './errors.ts'

/** The confirmations a save may need; each answers whether to go on. */
export interface SaveDialogs {
  /** A type or config change rewrites values; `lossy` when some would be emptied. */
  confirmConversions(conversions: Conversion[], lossy: boolean): Promise<boolean>
  /** Removed columns that computed columns depend on; going on removes those too. */
  confirmDependents(dependents: Dependent[]): Promise<boolean>
}

export interface SaveResult {
  /** The table as the server has it after the last request that succeeded. */
  table: BuilderTable | null
  /** Server ids of the draft's new columns created so far, by draft key. */
  ids: Map<string, string>
  /** Draft keys of the columns saved as drafted so far. */
  saved: Set<string>
  /** False when a confirmation was declined. */
  done: boolean
}

/** A request failed; `keys` are the draft columns in the order that request listed them. */
export class SaveError extends Error {
  constructor(
    readonly cause: unknown,
    readonly keys: string[],
    readonly partial: SaveResult,
  ) {
    super(cause instanceof Error ? cause.message : String(cause))
  }
}

/**
 * Saves the draft: creates the table (POST) or sends its desired column list (PUT). Columns whose
 * configs name other new columns are added by a following PUT, once those have ids. Each PUT is
 * dry-run first so that conversions and removals with dependents are confirmed before anything
 * changes.
 */
export async function saveDraft(appId: string, draft: TableDraft, base: BuilderTable | null, dialogs: SaveDialogs): Promise<SaveResult> {
  const result: SaveResult = { table: base, ids: new Map(), saved: new Set(), done: false }
  const cascade = { on: false }
  for (;;) {
    const stage = nextStage(draft, result.table, result.ids)
    const body: TableBody = { name: draft.name.trim(), description: draft.description.trim() || null, columns: stage.columns }
    let table: BuilderTable | undefined
    try {
      table = result.table ? await update(result.table.id, body, dialogs, cascade) : await builderApi.create(appId, body)
    } catch (err) {
      throw new SaveError(err, stage.keys, result)
    }
    if (!table) return result
    result.table = table
    for (const c of draft.columns) {
      if (c.id || result.ids.has(c.key)) continue
      const created = table.columns.find((x) => x.name.toLowerCase() === c.name.trim().toLowerCase())
      if (created) result.ids.set(c.key, created.id)
    }
    for (const k of stage.keys) if (!stage.waiting.includes(k)) result.saved.add(k)
    if (stage.complete) return { ...result, done: true }
  }
}

async function update(id: string, body: TableBody, dialogs: SaveDialogs, cascade: { on: boolean }): Promise<BuilderTable | undefined> {
  let report
  for (;;) {
    try {
      report = await builderApi.dryRun(id, body, { cascade: cascade.on })
      break
    } catch (err) {
      const dependents = dependentsOf(err)
      if (!dependents || cascade.on) throw err
      if (!(await dialogs.confirmDependents(dependents))) return undefined
      cascade.on = true
    }
  }
  const conversions = conversionsOf(report.plan)
  const lossy = conversions.some((c) => c.wouldEmpty > 0)
  // A retype, or a change that would empty values, is confirmed; a settings change that keeps
  // every value as it is (an option added to a select) just applies.
  const ask = lossy || conversions.some((c) => c.from !== c.to)
  if (ask && !(await dialogs.confirmConversions(conversions, lossy))) return undefined
  try {
    return await builderApi.update(id, body, { force: lossy, cascade: cascade.on })
  } catch (err) {
    // The data changed since the dry run and the change now loses values: ask again.
    const lost = lossyConversions(err)
    if (!lost) throw err
    if (!(await dialogs.confirmConversions(lost, true))) return undefined
    return builderApi.update(id, body, { force: true, cascade: cascade.on })
  }
}
