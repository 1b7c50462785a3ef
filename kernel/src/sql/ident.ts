import { sql, type SQL } from 'drizzle-orm'
import { codes } from '../errors/codes.ts'

/**
 * The one place where identifiers become SQL text. Only generated names pass: physical tables
 * `dt_<12hex>_<16hex>`, columns `f_<hex>`, indexes `ix_<hex>_<hex>`, aggregate caches
 * `dp_cache_<6hex>_<12hex>`, and the fixed system
 * columns. User-typed names never reach here: they live in metadata.
 */
const GENERATED = /^(?:dt_[0-9a-f]{12}_[0-9a-f]{16}|dp_cache_[0-9a-f]{6}_[0-9a-f]{12}|f_[0-9a-f]{12,32}|lk_[0-9a-f]{16}|ix_[0-9a-f]{16}_[0-9a-z_]{1,40}|id|created_at|updated_at|created_by|src|dst|users|name|avatar|email|role|t|p|[rlg][0-9]{1,4})$/

export function isGeneratedName(name: string): boolean {
  return GENERATED.test(name)
}

export function ident(name: string): SQL {
  if (!GENERATED.test(name)) throw codes.KRN_ERR_SQL_IDENTIFIER(name)
  // The grammar already excludes '"'; doubling it anyway keeps this correct if the grammar grows.
  return sql.raw('"' + name.replace(/"/g, '""') + '"')
}

/** `t."f_abc"`: a column of the alias `t`, which every record query uses for its table. */
export function col(name: string, alias = 't'): SQL {
  return sql`${ident(alias)}.${ident(name)}`
}
