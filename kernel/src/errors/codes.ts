import { createError, invariantError } from '@docpal/plugin-sdk'

/** Why a deleted record cannot come back (KRN_ERR_RECORD_NOT_RESTORABLE). */
export type RestoreObstacle = 'no-copy' | 'unique' | 'required' | 'type'

/**
 * The kernel's error catalogue (Fastify's FST_ERR_*): one place, codes never reused.
 * `errors.test.ts` pins every code and checks docs/errors.md lists it.
 */
export const codes = {
  KRN_ERR_VALIDATION: createError<[string]>('KRN_ERR_VALIDATION', (msg) => msg, 400),
  KRN_ERR_NOT_FOUND: createError<[string, string]>('KRN_ERR_NOT_FOUND', (what, id) => `${what} '${id}' does not exist (or belongs to another company).`, 404),
  KRN_ERR_CONFLICT: createError<[string]>('KRN_ERR_CONFLICT', (msg) => msg, 409),
  KRN_ERR_ACCOUNT_EMAIL_TAKEN: createError('KRN_ERR_ACCOUNT_EMAIL_TAKEN', 'An account with this email exists already: log in, or reset its password.', 409),
  KRN_ERR_COMPANY_FORBIDDEN: createError<[string, string]>('KRN_ERR_COMPANY_FORBIDDEN', (who, what) => `Only ${who} may ${what}.`, 403),
  KRN_ERR_COMPANY_OWNER_REQUIRED: createError<[string]>(
    'KRN_ERR_COMPANY_OWNER_REQUIRED',
    (what) => `A company has exactly one owner, so the owner cannot ${what}: transfer ownership to another member first (POST /api/companies/:id/transfer-ownership).`,
    409,
  ),
  KRN_ERR_COMPANY_CONFIRM: createError<[string]>(
    'KRN_ERR_COMPANY_CONFIRM',
    (slug) => `Deleting a company deletes its apps, tables and records for good: send {"confirm": "${slug}"} (its address) to confirm.`,
    400,
  ),
  KRN_ERR_ALREADY_MEMBER: createError<[string]>('KRN_ERR_ALREADY_MEMBER', (email) => `${email} is a member of this company already.`, 409),
  KRN_ERR_INVITATION_PENDING: createError<[string]>(
    'KRN_ERR_INVITATION_PENDING',
    (email) => `${email} has an invitation already that is still open: resend it (POST /api/invitations/:id/resend) or revoke it first.`,
    409,
  ),
  KRN_ERR_INVITATION_INVALID: createError(
    'KRN_ERR_INVITATION_INVALID',
    'This invitation is not valid any more: it was used already, it expired, it was revoked, or a newer mail replaced it. Ask the person who invited you for a new one.',
    400,
  ),
  KRN_ERR_INVITATION_OTHER_EMAIL: createError<[string]>(
    'KRN_ERR_INVITATION_OTHER_EMAIL',
    (email) =>
      `This invitation is for ${email}, not for the account you are signed in with: sign in with that address (or sign out to create its account), or ask to be invited at yours.`,
    403,
  ),
  KRN_ERR_META_DUPLICATE_NAME: createError<[string, string]>(
    'KRN_ERR_META_DUPLICATE_NAME',
    (what, name) => `A ${what} named '${name}' already exists here; choose another name.`,
    409,
  ),
  KRN_ERR_DDL_CONCURRENT_CHANGE: createError<[string]>(
    'KRN_ERR_DDL_CONCURRENT_CHANGE',
    (table) => `Table '${table}' is being changed by another request; try again in a moment.`,
    409,
  ),
  KRN_ERR_DDL_LOCK_TIMEOUT: createError<[string]>(
    'KRN_ERR_DDL_LOCK_TIMEOUT',
    (table) => `Table '${table}' is busy (long-running queries hold it); the schema change was not applied, try again.`,
    409,
  ),
  KRN_ERR_SCHEMA_CHANGED: createError<[string]>(
    'KRN_ERR_SCHEMA_CHANGED',
    (what) => `A schema change of ${what} ran while this write did; nothing was written. Send the request again (see Retry-After).`,
    409,
  ),
  KRN_ERR_DDL_CAST_UNSUPPORTED: createError<[string, string, string]>(
    'KRN_ERR_DDL_CAST_UNSUPPORTED',
    (col, from, to) => `Column '${col}' cannot be converted from ${from} to ${to}: the ${to} field type declares no conversion from ${from}.`,
    422,
  ),
  KRN_ERR_DDL_LOSSY_CHANGE: createError<[string, number]>(
    'KRN_ERR_DDL_LOSSY_CHANGE',
    (col, n) => `Changing column '${col}' would empty ${n} value(s) that do not convert; run with ?dryRun=true to see the plan, or send ?force=true to accept.`,
    422,
  ),
  KRN_ERR_DDL_TOO_MANY_COLUMNS: createError<[number]>(
    'KRN_ERR_DDL_TOO_MANY_COLUMNS',
    (max) => `A table holds at most ${max} columns (archived ones included); remove or restore fewer columns, or purge archived ones (DELETE /api/tables/:id/archived-columns).`,
    400,
  ),
  KRN_ERR_DDL_TABLE_NEEDS_COMPACTION: createError<[string, number]>(
    'KRN_ERR_DDL_TABLE_NEEDS_COMPACTION',
    (table, slots) =>
      `Table '${table}' has used ${slots} of PostgreSQL's 1,600 column slots (removed and converted columns keep theirs until the table is rebuilt): purge archived columns (DELETE /api/tables/:id/archived-columns), compact the table (POST /api/tables/:id/compact), then try again.`,
    409,
  ),
  KRN_ERR_QUERY_UNKNOWN_FIELD: createError<[string]>(
    'KRN_ERR_QUERY_UNKNOWN_FIELD',
    (f) => `Unknown field '${f}': use a column name, a column id, or one of id, createdAt, updatedAt, createdBy.`,
    400,
  ),
  KRN_ERR_QUERY_UNKNOWN_OPERATOR: createError<[string, string, string]>(
    'KRN_ERR_QUERY_UNKNOWN_OPERATOR',
    (op, field, ops) => `Operator '${op}' is not available for field '${field}'; it offers: ${ops}.`,
    400,
  ),
  KRN_ERR_QUERY_BAD_VALUE: createError<[string, string, string]>('KRN_ERR_QUERY_BAD_VALUE', (field, op, why) => `Bad value for '${field}' ${op}: ${why}`, 400),
  KRN_ERR_QUERY_BAD_CURSOR: createError('KRN_ERR_QUERY_BAD_CURSOR', 'The cursor is malformed or belongs to another sort; start again without a cursor.', 400),
  KRN_ERR_RECORD_INVALID: createError<[string]>('KRN_ERR_RECORD_INVALID', (msg) => msg, 400),
  KRN_ERR_RECORD_NOT_RESTORABLE: createError<[string, RestoreObstacle, string]>(
    'KRN_ERR_RECORD_NOT_RESTORABLE',
    (id, why, name) =>
      `Record ${id} cannot be restored: ${
        why === 'no-copy'
          ? `no copy of it was kept when it was deleted from '${name}' (it was never there, was deleted before restoring existed or while the audit log was off, or its entry is past the log's retention)`
          : why === 'unique'
            ? 'another record now holds a value it had in a unique column'
            : why === 'required'
              ? `'${name}' needs a value now and the record had none; create it anew instead`
              : 'a column changed type since it was deleted and its value no longer fits'
      }.`,
    409,
  ),
  KRN_ERR_PERMISSION_DENIED: createError<[string, string]>(
    'KRN_ERR_PERMISSION_DENIED',
    (action, what) => `You may not ${action} ${what}: your role has no such permission here. Ask an owner or admin of the company to grant it.`,
    403,
  ),
  KRN_ERR_PERMISSION_ROW: createError<[string, string]>(
    'KRN_ERR_PERMISSION_ROW',
    (action, table) =>
      `You may not ${action} this record of table '${table}': it is outside the rows your permission rules let you ${action} (a record you create or edit must stay inside them). Ask an owner or admin.`,
    403,
  ),
  KRN_ERR_PERMISSION_FIELD: createError<[string]>(
    'KRN_ERR_PERMISSION_FIELD',
    (column) => `Column '${column}' is read-only for your role: leave it out of the request, or ask an owner or admin to let you edit it.`,
    403,
  ),
  KRN_ERR_ROLE_UNKNOWN: createError<[string, string]>('KRN_ERR_ROLE_UNKNOWN', (role, known) => `There is no role '${role}' in this company (roles: ${known}).`, 400),
  KRN_ERR_FIELD_TYPE_UNKNOWN: createError<[string, string]>(
    'KRN_ERR_FIELD_TYPE_UNKNOWN',
    (t, known) => `Unknown field type '${t}' (is its plugin enabled?). Available: ${known}.`,
    400,
  ),
  KRN_ERR_FIELD_TYPE_UNAVAILABLE: createError<[string, string]>(
    'KRN_ERR_FIELD_TYPE_UNAVAILABLE',
    (col, t) => `Column '${col}' has type '${t}', whose plugin is disabled; enable the plugin to use this column.`,
    409,
  ),
  KRN_ERR_VIEW_TYPE_UNKNOWN: createError<[string, string]>(
    'KRN_ERR_VIEW_TYPE_UNKNOWN',
    (t, known) => `Unknown view type '${t}' (is its plugin enabled?). Available: ${known}.`,
    400,
  ),
  KRN_ERR_PLUGIN_NOT_FOUND: createError<[string]>('KRN_ERR_PLUGIN_NOT_FOUND', (id) => `No plugin '${id}' is installed.`, 404),
  KRN_ERR_PLUGIN_MANIFEST_INVALID: createError<[string, string]>('KRN_ERR_PLUGIN_MANIFEST_INVALID', (where, why) => `The plugin manifest in ${where} is invalid: ${why}`, 400),
  KRN_ERR_PLUGIN_INCOMPATIBLE: createError<[string, string, string]>(
    'KRN_ERR_PLUGIN_INCOMPATIBLE',
    (id, range, kernel) => `Plugin '${id}' needs kernel ${range}, but this kernel is ${kernel}.`,
    409,
  ),
  KRN_ERR_PLUGIN_DEPENDENCY: createError<[string, string]>('KRN_ERR_PLUGIN_DEPENDENCY', (id, why) => `Plugin '${id}' cannot load: ${why}`, 409),
  KRN_ERR_PLUGIN_IN_USE: createError<[string, 'disabled' | 'uninstalled', string]>(
    'KRN_ERR_PLUGIN_IN_USE',
    (id, action, what) => `Plugin '${id}' cannot be ${action} while it is in use: ${what}.`,
    409,
  ),
  KRN_ERR_PLUGIN_LOAD_FAILED: createError<[string, string]>('KRN_ERR_PLUGIN_LOAD_FAILED', (id, why) => `Plugin '${id}' failed to load: ${why}`, 422),
  KRN_ERR_PLUGIN_BUSY: createError<[string]>(
    'KRN_ERR_PLUGIN_BUSY',
    (what) => `${what} waited 5 s for a plugin change or a schema change under way and was not applied; try again.`,
    409,
  ),
  KRN_ERR_PLUGIN_NOT_ENABLED: createError<[string]>('KRN_ERR_PLUGIN_NOT_ENABLED', (id) => `Plugin '${id}' is not enabled; enable it first.`, 409),
  KRN_ERR_PLUGIN_UNDECLARED: createError<[string, string]>(
    'KRN_ERR_PLUGIN_UNDECLARED',
    (id, what) => `Plugin '${id}' contributes ${what}, which its manifest's "contributes" does not list; repack it with docpal-plugin pack.`,
    422,
  ),
  KRN_ERR_WORKFLOW_STEP_FAILED: createError<[string, string, string, string]>(
    'KRN_ERR_WORKFLOW_STEP_FAILED',
    (kind, type, plugin, why) => `The workflow ${kind} '${type}' of plugin '${plugin}' failed: ${why}`,
    422,
  ),
  KRN_ERR_WORKFLOW_HOOK_SIGNATURE: createError<[string]>('KRN_ERR_WORKFLOW_HOOK_SIGNATURE', (why) => `The webhook call was refused: ${why}`, 401),
  // What ends a run without an action's own error (stored on the run, in each language: step-failure.ts).
  KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE: createError<[string]>(
    'KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE',
    (type) => `No enabled plugin provides the action '${type}': enable the plugin that does, or change the step.`,
    409,
  ),
  KRN_ERR_WORKFLOW_BRANCH_UNDECLARED: createError<[string]>(
    'KRN_ERR_WORKFLOW_BRANCH_UNDECLARED',
    (branch) => `The action answered branch '${branch}', which it does not declare.`,
    500,
  ),
  KRN_ERR_WORKFLOW_VERSION_GONE: createError<[number]>('KRN_ERR_WORKFLOW_VERSION_GONE', (version) => `Version ${version} of the workflow is gone.`, 409),
  KRN_ERR_WORKFLOW_FAILED_BRANCH: createError<[string, string, string]>(
    'KRN_ERR_WORKFLOW_FAILED_BRANCH',
    (step, type, why) => `Step '${step}' (${type}) ended on its 'failed' branch, which this workflow does not handle${why ? `: ${why}` : '.'}`,
    422,
  ),
  KRN_ERR_PLUGIN_ARCHIVE_INVALID: createError<[string]>('KRN_ERR_PLUGIN_ARCHIVE_INVALID', (why) => `The plugin archive was refused: ${why}.`, 400),
  KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE: createError<[number]>(
    'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE',
    (max) =>
      `The plugin archive unpacks to more than ${max} bytes, this server's limit (DOCPAL_PLUGIN_MAX_UNPACKED); nothing was installed. Check what was packed, or raise the limit.`,
    413,
  ),
  KRN_ERR_PLUGIN_ARCHIVE_RATIO: createError<[number]>(
    'KRN_ERR_PLUGIN_ARCHIVE_RATIO',
    (ratio) =>
      `The plugin archive inflates to more than ${ratio} times its compressed size, as an archive bomb does (limit: DOCPAL_PLUGIN_MAX_RATIO); nothing was installed. Check what was packed, or raise the limit.`,
    413,
  ),
  KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES: createError<[number]>(
    'KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES',
    (max) =>
      `The plugin archive holds more than ${max} entries, this server's limit (DOCPAL_PLUGIN_MAX_ENTRIES); nothing was installed. Bundle the plugin into fewer files, or raise the limit.`,
    413,
  ),
  KRN_ERR_PLUGIN_ARCHIVE_PATH: createError<[string, string]>(
    'KRN_ERR_PLUGIN_ARCHIVE_PATH',
    (entry, why) => `The plugin archive entry '${entry}' was refused: ${why}. Nothing was installed.`,
    400,
  ),
  KRN_ERR_PLUGIN_ARCHIVE_CONFLICT: createError<[string, string]>(
    'KRN_ERR_PLUGIN_ARCHIVE_CONFLICT',
    (file, inner) => `The plugin archive packs '${file}' as a file and also '${inner}' inside it, as if it were a folder; repack it. Nothing was installed.`,
    400,
  ),
  KRN_ERR_PLUGIN_ID_INVALID: createError<[string, string]>('KRN_ERR_PLUGIN_ID_INVALID', (id, why) => `'${id}' cannot be a plugin id: ${why}.`, 400),
  KRN_ERR_PLUGIN_CHECKSUM: createError<[string, string]>(
    'KRN_ERR_PLUGIN_CHECKSUM',
    (expected, actual) => `The plugin archive's sha256 is ${actual}, not the expected ${expected}; it may be corrupt or tampered with. Nothing was installed.`,
    400,
  ),
  KRN_ERR_PLUGIN_EXISTS: createError<[string, string]>(
    'KRN_ERR_PLUGIN_EXISTS',
    (id, version) => `Plugin '${id}' is already installed (version ${version}); update it instead.`,
    409,
  ),
  KRN_ERR_PLUGIN_NOT_NEWER: createError<[string, string, string]>(
    'KRN_ERR_PLUGIN_NOT_NEWER',
    (id, installed, given) => `Plugin '${id}' ${installed} is installed; ${given} is not newer.`,
    409,
  ),
  KRN_ERR_PLUGIN_BUILTIN: createError<[string]>(
    'KRN_ERR_PLUGIN_BUILTIN',
    (id) => `Plugin '${id}' ships with DocPal and cannot be uninstalled or replaced; disable it instead.`,
    409,
  ),
  KRN_ERR_PLUGIN_CAPABILITY: createError<[string, string]>(
    'KRN_ERR_PLUGIN_CAPABILITY',
    (id, what) => `Plugin '${id}' uses ${what} without declaring it in its manifest's capabilities.`,
    422,
  ),
  KRN_ERR_CONTRIBUTION_ALREADY_PRESENT: createError<[string, string, string]>(
    'KRN_ERR_CONTRIBUTION_ALREADY_PRESENT',
    (kind, key, owner) => `The ${kind} '${key}' is already contributed by plugin '${owner}'.`,
    409,
  ),
  KRN_ERR_HOOK_FAILED: createError<[string, string, string]>('KRN_ERR_HOOK_FAILED', (plugin, hook, why) => `Plugin '${plugin}' failed in hook '${hook}': ${why}`, 500),
  KRN_ERR_HOOK_RETURNED_PROMISE: createError<[string, string]>(
    'KRN_ERR_HOOK_RETURNED_PROMISE',
    (plugin, hook) => `Plugin '${plugin}' returned a promise from synchronous hook '${hook}'.`,
    500,
  ),
  KRN_ERR_DI_UNBOUND: createError<[string]>('KRN_ERR_DI_UNBOUND', (id) => `No service is bound to '${id}'.`, 500),
  // Declared in the SDK, where plugins' `present` throws it too.
  KRN_ERR_INVARIANT: invariantError,
  KRN_ERR_SQL_IDENTIFIER: createError<[string]>('KRN_ERR_SQL_IDENTIFIER', (name) => `Refusing to use '${name}' as an SQL identifier: it is not a generated name.`, 500),
} as const

export type KernelErrorCode = keyof typeof codes
