import { endpoints } from '../../services/endpoints.ts'

/**
 * Deletes records one request each (the API has no bulk delete), a few at a time so a large
 * selection neither floods the server nor takes one round trip per row. Answers the ids deleted;
 * the first failure is rethrown after the rest finished.
 */
export async function deleteRecords(tableId: string, ids: readonly string[], parallel = 6): Promise<string[]> {
  const done: string[] = []
  let failure: unknown
  let next = 0
  async function worker() {
    while (next < ids.length) {
      const id = ids[next++]!
      try {
        await endpoints.records.remove(tableId, id)
        done.push(id)
      } catch (err) {
        failure ??= err
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker))
  if (failure) throw Object.assign(failure as object, { deleted: done })
  return done
}
