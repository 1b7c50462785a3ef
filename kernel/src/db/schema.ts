import { bigint, boolean, customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** The kernel's static metadata tables; `kernel/migrations/*.sql` creates them. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' })

export const companies = pgTable('companies', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  logo: text('logo'),
  description: text('description'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  avatar: text('avatar'),
  passwordHash: text('password_hash'),
  emailVerifiedAt: ts('email_verified_at'),
  lastLoginAt: ts('last_login_at'),
  isInstanceAdmin: boolean('is_instance_admin').notNull().default(false),
  /** Bumped by every change to the person's sessions, tokens, memberships or admin flag (migration 20261214010000). */
  credentialsChanged: bigint('credentials_changed', { mode: 'number' }).notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

/** Who belongs to which company, with which role (owner, admin, member, or a company's own). */
export const companyMembers = pgTable('company_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull(),
  userId: uuid('user_id').notNull(),
  role: text('role').notNull(),
  invitedBy: uuid('invited_by'),
  joinedAt: ts('joined_at').notNull().defaultNow(),
  createdAt: ts('created_at').notNull().defaultNow(),
})

/** Signed-in browsers: only the hash of the cookie's secret is kept. */
export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  currentCompanyId: uuid('current_company_id'),
  ipAddress: text('ip_address'),
  userAgent: text('user_agent'),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
})

/** Personal API tokens for scripts; only the hash of the secret is kept. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  /** null: every company the user belongs to. */
  companyIds: uuid('company_ids').array(),
  access: text('access').notNull(),
  expiresAt: ts('expires_at'),
  lastUsedAt: ts('last_used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
})

export const apps = pgTable('apps', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull(),
  name: text('name').notNull(),
  icon: text('icon'),
  description: text('description'),
  menu: jsonb('menu').notNull().default([]),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const folders = pgTable('folders', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull(),
  appId: uuid('app_id').notNull(),
  parentId: uuid('parent_id'),
  name: text('name').notNull(),
  description: text('description'),
  order: integer('order').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const folderItems = pgTable('folder_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  folderId: uuid('folder_id').notNull(),
  itemType: text('item_type').notNull(),
  itemId: uuid('item_id').notNull(),
  order: integer('order').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
})

export const dataTables = pgTable('data_tables', {
  id: uuid('id').primaryKey(),
  companyId: uuid('company_id').notNull(),
  appId: uuid('app_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  tableName: text('table_name').notNull(),
  schema: jsonb('schema').notNull().default([]),
  defaultCardView: jsonb('default_card_view').notNull().default({}),
  defaultForm: jsonb('default_form').notNull().default({}),
  defaultDetailDashboard: jsonb('default_detail_dashboard').notNull().default({}),
  userCardView: jsonb('user_card_view'),
  form: jsonb('form'),
  detailView: jsonb('detail_view'),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const dataTableColumns = pgTable('data_table_columns', {
  id: uuid('id').primaryKey(),
  dataTableId: uuid('data_table_id').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  config: jsonb('config').notNull().default({}),
  order: integer('order').notNull().default(0),
  required: boolean('required').notNull().default(false),
  columnName: text('column_name'),
  dataType: text('data_type'),
  linkSide: text('link_side'),
  storedColumn: text('stored_column'),
  storedSignature: text('stored_signature'),
  archivedAt: ts('archived_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const views = pgTable('views', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull(),
  appId: uuid('app_id').notNull(),
  dataTableId: uuid('data_table_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  type: text('type').notNull(),
  schema: jsonb('schema').notNull().default({}),
  queryConfig: jsonb('query_config').notNull().default({}),
  config: jsonb('config').notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

export const pluginState = pgTable('plugin_state', {
  id: text('id').primaryKey(),
  enabled: boolean('enabled').notNull(),
  config: jsonb('config').notNull().default({}),
  updatedAt: ts('updated_at').notNull().defaultNow(),
})

/** postgres.js answers bytea as a Buffer, PGlite as a Uint8Array: both read back as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({ dataType: () => 'bytea', fromDriver: (v) => Buffer.from(v) })

/** Installed plugins' tarballs, shared by every server process on the database (issue 19). */
export const pluginPackages = pgTable('plugin_packages', {
  id: text('id').primaryKey(),
  version: text('version').notNull(),
  sha256: text('sha256').notNull(),
  archive: bytea('archive').notNull(),
  installedAt: ts('installed_at').notNull().defaultNow(),
})

/** Settings of plugins that declare `settingsScope: 'company'`: one value per company. */
export const pluginCompanySettings = pgTable(
  'plugin_company_settings',
  {
    pluginId: text('plugin_id').notNull(),
    companyId: uuid('company_id').notNull(),
    config: jsonb('config').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pluginId, t.companyId] })],
)

export const pluginMigrations = pgTable(
  'plugin_migrations',
  {
    pluginId: text('plugin_id').notNull(),
    id: text('id').notNull(),
    appliedAt: ts('applied_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pluginId, t.id] })],
)

/** Mails kept instead of sent when no SMTP server is configured (development outbox). */
export const mailOutbox = pgTable('mail_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  toAddress: text('to_address').notNull(),
  kind: text('kind').notNull(),
  locale: text('locale').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body').notNull(),
  companyId: uuid('company_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
})

/** One-time tokens of account mails (verify, magic link, reset, email change); only hashes are kept. */
export const accountTokens = pgTable('account_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  purpose: text('purpose').notNull(),
  tokenHash: text('token_hash').notNull(),
  email: text('email').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
})

/** Invitations to a company by email: only hashes of the invite code and the mailed token are kept. */
export const companyInvitations = pgTable('company_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull(),
  email: text('email').notNull(),
  role: text('role').notNull(),
  codeHash: text('code_hash').notNull(),
  tokenHash: text('token_hash').notNull(),
  invitedBy: uuid('invited_by'),
  acceptedBy: uuid('accepted_by'),
  expiresAt: ts('expires_at').notNull(),
  acceptedAt: ts('accepted_at'),
  revokedAt: ts('revoked_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
})
