import { sql, type FieldScope, type SQL } from '@docpal/plugin-sdk'
import type { RelationConfig } from '../shared/config.ts'

/** The display value of a linked record: the configured field, else the target's first column. */
export function displayOf(target: FieldScope, c: RelationConfig): SQL {
  const ref = c.displayFieldId ?? target.columns()[0]?.id
  return (ref ? target.field(ref)?.expr : undefined) ?? sql`null`
}
