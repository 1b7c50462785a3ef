import { sql, type SQL } from 'drizzle-orm'
import { codes } from '../errors/codes.ts'

/**
 * The one place where identifiers become SQL text. Only generated names pass: physical tables
 * `dt_<12hex>_<16hex>`, columns `f_<hex>`, stored values `m_<hex>` / `mw_<hex>` (side tables
 * `ms_<hex>`), indexes `ix_<hex>_<hex>`, the constraints PostgreSQL names after those tables
 * (`<table>_pkey`, `<link table>_src_fkey`, ...: compaction recreates them by name),
 * and the fixed system tables (users, company_members), columns and aliases. User-typed names never reach here: they live in metadata.
 * `maintenanceTarget()` also quotes the kernel's own table names, for maintenance statements only.
 */
const GENERATED =
  /^(?:(?:dt_[0-9a-f]{12}_[0-9a-f]{16}|lk_[0-9a-f]{16}|ms_[0-9a-f]{16})_(?:pkey|src_fkey|dst_fkey|id_fkey)|dt_[0-9a-f]{12}_[0-9a-f]{16}|f_[0-9a-f]{12,32}|mw?_[0-9a-f]{16}|ms_[0-9a-f]{16}|lk_[0-9a-f]{16}|ix_[0-9a-f]{16}_[0-9a-z_]{1,40}|id|created_at|updated_at|created_by|src|dst|users|company_members|company_id|user_id|name|avatar|email|role|t|p|s|x|tm|r[0-9]{1,4}m|[rlgvu][0-9]{1,4})$/

export function isGeneratedName(name: string): boolean {
  return GENERATED.test(name)
}

export function ident(name: string): SQL {
  if (!GENERATED.test(name)) throw codes.KRN_ERR_SQL_IDENTIFIER(name)
  // The grammar already excludes '"'; doubling it anyway keeps this correct if the grammar grows.
  return sql.raw('"' + name.replace(/"/g, '""') + '"')
}

/**
 * The kernel's own tables, as its migrations create them (kernel/migrations; the embedded
 * maintenance test pins the list against a fresh database). Only maintenance names them as
 * identifiers: VACUUM and ANALYZE take no parameters.
 */
const KERNEL_TABLES: ReadonlySet<string> = new Set([
  'account_tokens',
  'api_tokens',
  'apps',
  'audit_logs',
  'companies',
  'company_invitations',
  'company_members',
  'company_roles',
  'data_table_columns',
  'data_tables',
  'folder_items',
  'folders',
  'import_files',
  'import_jobs',
  'mail_outbox',
  'mail_sent_keys',
  'permission_rules_generation',
  'permissions',
  'plugin_company_settings',
  'plugin_generation',
  'plugin_migrations',
  'plugin_packages',
  'plugin_settings_generation',
  'plugin_state',
  'rate_counters',
  'sessions',
  'users',
  'views',
  'workflow_event_waits',
  'workflow_outbox',
  'workflow_run_steps',
  'workflow_runs',
  'workflow_tasks',
  'workflow_versions',
  'workflows',
])

export function isKernelTable(name: string): boolean {
  return KERNEL_TABLES.has(name)
}

/**
 * A table the kernel maintains (VACUUM, ANALYZE), quoted: a generated name or one of the fixed
 * kernel tables above; undefined for any other (a plugin's tables are its own business).
 */
export function maintenanceTarget(name: string): SQL | undefined {
  if (KERNEL_TABLES.has(name)) return sql.raw('"' + name + '"')
  return isGeneratedName(name) ? ident(name) : undefined
}

/** `t."f_abc"`: a column of the alias `t`, which every record query uses for its table. */
export function col(name: string, alias = 't'): SQL {
  return sql`${ident(alias)}.${ident(name)}`
}

// A type name as PostgreSQL's catalog spells it (pg_typeof, format_type): `numeric`, `text[]`,
// `timestamp with time zone`. Only such names become DDL text.
const TYPE_NAME = /^[a-z][a-z0-9 _]{0,62}(?:\[\])?$/

export function isTypeName(name: string): boolean {
  return TYPE_NAME.test(name)
}

export function typeName(name: string): SQL {
  if (!isTypeName(name)) throw codes.KRN_ERR_SQL_IDENTIFIER(name)
  return sql.raw(name)
}

// What pg_get_indexdef / pg_get_constraintdef print for the tables DocPal generates: an index, a
// primary key, a unique constraint or a foreign key, naming only generated identifiers.
const CATALOG_DEFINITION = /^(?:CREATE (?:UNIQUE )?INDEX |PRIMARY KEY \(|UNIQUE \(|FOREIGN KEY \()[A-Za-z0-9_ ().,"=':-]*$/

/**
 * A definition PostgreSQL printed from its own catalogue, replayed as it was (table compaction
 * recreates indexes and constraints by name). Never user text: anything else is refused.
 */
export function catalogDefinition(def: string): SQL {
  if (!CATALOG_DEFINITION.test(def) || def.includes(';') || def.includes('--')) throw codes.KRN_ERR_SQL_IDENTIFIER(def)
  return sql.raw(def)
}
